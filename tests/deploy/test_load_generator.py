"""The protocol load generator runs (bench/locustfile.py through bench/protocol_load.run_level) against the
loopback topology; and the deployment's settings become the right database URLs (deploy/serve.py)."""

from __future__ import annotations

import argparse
import json

import pytest
from sqlalchemy.engine import make_url

from tests.deploy.conftest import require_module  # isort: skip

require_module("websocket")
require_module("locust", load=False)

from bench import protocol_load  # noqa: E402
from deploy import database, serve  # noqa: E402

pytestmark = pytest.mark.deploy


def test_a_short_load_run_through_the_proxy_reports_reruns_without_errors(topology, tmp_path):
    args = argparse.Namespace(seconds=16, spawn_rate=3.0, seed=7)
    result = protocol_load.run_level(topology, topology.public_url, 3, args, tmp_path, "two")
    assert result["locust_exit_code"] == 0, (tmp_path / "two-3.log").read_text()
    assert result["opens"]["count"] == 3 and result["errors"] == 0, result["failures"]
    assert result["reruns"]["count"] >= 1  # each user changes a filter 5-15 s after opening
    # Locust keeps response times rounded to two significant digits: a percentile may top the maximum by 5%
    assert 0 < result["reruns"]["p50_ms"] <= result["reruns"]["p95_ms"] <= result["reruns"]["max_ms"] * 1.05 + 1
    assert result["server_cpu_s"] > 0 and result["rss_before_mb"] > 50
    assert (tmp_path / "two-3.html").is_file()
    json.dumps(result)  # what the runner writes to results.json


def test_the_replica_urls_come_from_the_settings_and_secret_files(tmp_path):
    secret = tmp_path / "viewer_password"
    secret.write_text("p@ss/word:with?odd#chars\n", encoding="utf-8")
    env = {
        "NNECL_DB_HOST": "db.internal",
        "NNECL_DB_PORT": "6543",
        "NNECL_DB_NAME": "dash",
        "NNECL_VIEWER_PASSWORD_FILE": str(secret),
        "NNECL_REPLICA_NAME": "app-7",
    }
    built = serve.app_environment(env)
    url = make_url(built["NNECL_DATABASE_URL"])
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "nnecl_viewer",
        "p@ss/word:with?odd#chars",
        "db.internal",
        6543,
        "dash",
    )
    assert url.query["application_name"] == "nnecl-app app-7"
    assert "NNECL_ADMIN_DATABASE_URL" not in built  # no importer password: the admin page has no URL
    with_importer = serve.app_environment({**env, "NNECL_IMPORTER_PASSWORD": "imp"})
    assert make_url(with_importer["NNECL_ADMIN_DATABASE_URL"]).username == "nnecl_importer"
    # an explicit URL is never replaced
    given = serve.app_environment({**env, "NNECL_DATABASE_URL": "sqlite:///x.sqlite"})
    assert given["NNECL_DATABASE_URL"] == "sqlite:///x.sqlite"
    with pytest.raises(SystemExit, match="NNECL_OWNER_PASSWORD"):
        database.role_url("owner", env=env)
