"""Production settings in .streamlit/config.toml, the upload cap, and the secrets example."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from nnecl_data.registers.upload import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_xsrf_protection_is_on():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"].get("enableCORS", True) is True


def test_viewers_see_no_error_details_or_developer_toolbar():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_no_usage_statistics_and_headless():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["server"]["headless"] is True


def test_upload_cap_matches_the_validators_cap():
    # Streamlit's maxUploadSize is in megabytes (MiB); validate refuses anything above DEFAULT_MAX_BYTES.
    assert CONFIG["server"]["maxUploadSize"] * 1024 * 1024 == DEFAULT_MAX_BYTES
    from nnecl_data.ui.views import admin as admin_views

    assert CONFIG["server"]["maxUploadSize"] == admin_views.MAX_UPLOAD_MB


def test_secrets_example_has_placeholders_only():
    text = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    example = tomllib.loads(text)
    auth = example["auth"]
    assert auth["redirect_uri"].endswith("/oauth2callback")
    for key in ("cookie_secret", "client_id", "client_secret"):
        assert auth[key].startswith("REPLACE_WITH"), key
    assert auth["server_metadata_url"].endswith("/.well-known/openid-configuration")
    assert isinstance(example["nnecl"]["admin_emails"], list)
    for section in ("nnecl", "nnecl_admin"):
        assert "REPLACE_WITH" in example["connections"][section]["url"]


def test_real_secrets_are_never_committed():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT, check=False
    ).returncode
    assert ignored == 0
    tracked = subprocess.run(
        ["git", "ls-files", ".streamlit/secrets.toml"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert tracked.strip() == ""
