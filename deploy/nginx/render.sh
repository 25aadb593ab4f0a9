#!/bin/sh
# Render deploy/nginx/nnecl.conf.template into an nginx config (used by compose.yaml's proxy and by
# deploy/loopback.py). Usage: render.sh [TEMPLATE] [OUTPUT]; settings come from the environment
# (see the template's header). Only the NNECL_ placeholders are substituted (envsubst with a list).
set -eu
here=$(dirname "$0")
template=${1:-$here/nnecl.conf.template}
output=${2:-/etc/nginx/conf.d/default.conf}

: "${NNECL_LISTEN:=8080}"
: "${NNECL_APP_SERVERS:=app:8501}"
: "${NNECL_ACCESS_LOG:=/dev/stdout}"
: "${NNECL_RATE:=50}"
: "${NNECL_BURST:=200}"
: "${NNECL_MAX_FAILS:=1}"
: "${NNECL_FAIL_TIMEOUT:=10s}"

NNECL_UPSTREAM_SERVERS=""
for server in $NNECL_APP_SERVERS; do
    NNECL_UPSTREAM_SERVERS="${NNECL_UPSTREAM_SERVERS}    server $server max_fails=$NNECL_MAX_FAILS fail_timeout=$NNECL_FAIL_TIMEOUT;
"
done
export NNECL_LISTEN NNECL_ACCESS_LOG NNECL_RATE NNECL_BURST NNECL_UPSTREAM_SERVERS

envsubst '${NNECL_LISTEN} ${NNECL_ACCESS_LOG} ${NNECL_RATE} ${NNECL_BURST} ${NNECL_UPSTREAM_SERVERS}' \
    < "$template" > "$output"
echo "render.sh: $output for upstream $NNECL_APP_SERVERS, listening on $NNECL_LISTEN" >&2
