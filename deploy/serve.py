"""Start one app replica: `streamlit run dashboard.py` with the database URLs taken from the deployment.

    python -m deploy.serve [--port 8501] [--address 0.0.0.0] [extra streamlit options ...]

The container's command and deploy/loopback.py's replicas. With NNECL_DB_HOST set (and no
NNECL_DATABASE_URL), the viewer's URL is built from NNECL_VIEWER_PASSWORD(_FILE) and, when the importer's
password is there too, the admin page's URL from NNECL_IMPORTER_PASSWORD(_FILE) (deploy/database.py).
Without them the app runs on the embedded SQLite database, as `streamlit run` does. Each connection
carries the replica's name (NNECL_REPLICA_NAME, else the host name) as its application_name, so
pg_stat_activity shows which replica holds which connection.

The process replaces itself with Streamlit (exec), which handles SIGTERM by closing its sessions and
stopping the server: `docker stop` and the orchestrators' rolling updates shut it down cleanly.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from deploy import database

ROOT = Path(__file__).resolve().parents[1]


def app_environment(env: dict[str, str]) -> dict[str, str]:
    """The replica's environment: NNECL_DATABASE_URL / NNECL_ADMIN_DATABASE_URL filled in from the
    deployment's settings (or their _FILE secrets) when not given as such."""
    env = dict(env)
    for name in ("NNECL_DATABASE_URL", "NNECL_ADMIN_DATABASE_URL"):
        if not env.get(name) and env.get(f"{name}_FILE"):
            env[name] = Path(env[f"{name}_FILE"]).read_text(encoding="utf-8").strip()
    if env.get("NNECL_DB_HOST") and not env.get("NNECL_DATABASE_URL"):
        name = env.get("NNECL_REPLICA_NAME") or socket.gethostname()
        env["NNECL_DATABASE_URL"] = database.role_url("viewer", application=f"nnecl-app {name}", env=env)
        if not env.get("NNECL_ADMIN_DATABASE_URL") and database.setting("NNECL_IMPORTER_PASSWORD", env=env):
            env["NNECL_ADMIN_DATABASE_URL"] = database.role_url(
                "importer", application=f"nnecl-admin {name}", env=env
            )
    return env


def command(port: int, address: str, extra: list[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard.py"),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",  # production: no watching of source files
        *extra,
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m deploy.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("NNECL_PORT", "8501")))
    parser.add_argument("--address", default=os.environ.get("NNECL_ADDRESS", "0.0.0.0"))
    args, extra = parser.parse_known_args(argv)
    env = app_environment(dict(os.environ))
    os.chdir(ROOT)  # Streamlit reads .streamlit/config.toml from the working directory
    os.execve(sys.executable, command(args.port, args.address, extra), env)


if __name__ == "__main__":
    main()
