"""The shared PostgreSQL database of a deployment: its roles, its build and the URLs the app uses.

    python -m deploy.database setup    # roles (as the server's admin), build (as owner), grants (as owner)
    python -m deploy.database roles    # deploy/postgres/roles.sql only
    python -m deploy.database grants   # deploy/postgres/grants.sql only (after a build)
    python -m deploy.database cli import members FILE ...   # the project's command line, with the
                                       # viewer's and importer's URLs built from these settings

Settings come from the environment; every secret may instead be a file named by the same variable with
`_FILE` appended (compose secrets, Kubernetes secret volumes), never from the image:

    NNECL_DB_HOST, NNECL_DB_PORT (5432), NNECL_DB_NAME (nnecl)
    NNECL_DB_ADMIN_USER (postgres), NNECL_DB_ADMIN_PASSWORD   the server's admin, for `roles` only
    NNECL_OWNER_PASSWORD, NNECL_VIEWER_PASSWORD, NNECL_IMPORTER_PASSWORD
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import URL

SQL_DIR = Path(__file__).resolve().parent / "postgres"
ROLES = {"owner": "nnecl_owner", "viewer": "nnecl_viewer", "importer": "nnecl_importer"}


def setting(name: str, default: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """An environment variable, or the stripped content of the file named by NAME_FILE."""
    env = os.environ if env is None else env
    value = env.get(name)
    if value:
        return value
    path = env.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return default


def required(name: str, env: Mapping[str, str] | None = None) -> str:
    value = setting(name, env=env)
    if not value:
        raise SystemExit(f"{name} (or {name}_FILE) is not set")
    return value


def server_url(
    user: str, password: str | None, *, application: str = "", env: Mapping[str, str] | None = None
) -> str:
    """A SQLAlchemy URL for the configured server; the password is quoted, whatever it holds."""
    query = {"application_name": application} if application else {}
    return URL.create(
        "postgresql+psycopg",
        username=user,
        password=password,
        host=setting("NNECL_DB_HOST", "127.0.0.1", env),
        port=int(setting("NNECL_DB_PORT", "5432", env)),
        database=setting("NNECL_DB_NAME", "nnecl", env),
        query=query,
    ).render_as_string(hide_password=False)


def role_url(kind: str, *, application: str = "", env: Mapping[str, str] | None = None) -> str:
    """The URL of one of the three roles (owner, viewer, importer), with its password from the settings."""
    password = required(f"NNECL_{kind.upper()}_PASSWORD", env)
    return server_url(ROLES[kind], password, application=application, env=env)


def admin_url() -> str:
    return server_url(setting("NNECL_DB_ADMIN_USER", "postgres"), setting("NNECL_DB_ADMIN_PASSWORD"))


def run_sql_file(url: str, path: Path, settings: dict[str, str] | None = None) -> None:
    """Run one SQL file in one transaction; `settings` become session settings (set_config) first,
    bound as parameters, so passwords never pass through string formatting here."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for key, value in (settings or {}).items():
                conn.exec_driver_sql("SELECT set_config(%s, %s, true)", (key, value))
            # the driver's cursor with no parameters: the file's own % and : are left as they are
            cursor = conn.connection.dbapi_connection.cursor()
            cursor.execute(path.read_text(encoding="utf-8"))
            cursor.close()
    finally:
        engine.dispose()


def apply_roles(url: str | None = None) -> None:
    passwords = {f"nnecl.{kind}_password": required(f"NNECL_{kind.upper()}_PASSWORD") for kind in ROLES}
    run_sql_file(url or admin_url(), SQL_DIR / "roles.sql", passwords)


def apply_grants(url: str | None = None) -> None:
    run_sql_file(url or role_url("owner"), SQL_DIR / "grants.sql")


def build_as_owner(url: str | None = None) -> None:
    """Exactly the README's `python -m nnecl_data build --database-url URL`, as the owner role."""
    from nnecl_data.__main__ import main as nnecl_cli

    if nnecl_cli(["build", "--database-url", url or role_url("owner")]):
        raise SystemExit("the build failed")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["cli"]:
        from deploy import serve
        from nnecl_data.__main__ import main as nnecl_cli

        os.environ.update(serve.app_environment(dict(os.environ)))
        return nnecl_cli(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m deploy.database", description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["setup", "roles", "build", "grants", "cli"])
    step = parser.parse_args(argv).step
    if step in ("setup", "roles"):
        apply_roles()
        print("roles: nnecl_owner, nnecl_viewer, nnecl_importer ready", file=sys.stderr)
    if step in ("setup", "build"):
        build_as_owner()
        print("build: database built from the curated seed as nnecl_owner", file=sys.stderr)
    if step in ("setup", "grants"):
        apply_grants()
        print("grants: importer may write the registers and the load log", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
