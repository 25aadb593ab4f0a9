#!/bin/sh
# Make the compose stack's secrets once (README "Deploy"): random database passwords and an empty
# Streamlit secrets file (add [auth] there to turn staff sign-in on). Existing files are kept.
# They live in deploy/secrets/ (git-ignored; the folder is readable by you only). The files themselves
# are world-readable so that the containers' own users (postgres, nnecl) can read the bind mounts.
set -eu
dir=$(dirname "$0")/secrets
mkdir -p "$dir"
chmod 700 "$dir"
for name in db_admin_password owner_password viewer_password importer_password; do
    if [ ! -s "$dir/$name" ]; then
        python3 -c "import secrets; print(secrets.token_urlsafe(24))" > "$dir/$name"
        echo "made $dir/$name"
    fi
done
if [ ! -e "$dir/streamlit_secrets.toml" ]; then
    printf '# [auth] and [nnecl] settings for the replicas: see .streamlit/secrets.toml.example\n' \
        > "$dir/streamlit_secrets.toml"
    echo "made $dir/streamlit_secrets.toml (sign-in off until you add [auth])"
fi
chmod 644 "$dir"/*_password "$dir/streamlit_secrets.toml"
