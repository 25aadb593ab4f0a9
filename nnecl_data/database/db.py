"""Engines for the curated dataset: the embedded SQLite file by default, any SQLAlchemy URL when set."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

from nnecl_data import config

ENV_URL = "NNECL_DATABASE_URL"
SECRETS_CONNECTION = "nnecl"  # [connections.nnecl] url = "..." in .streamlit/secrets.toml
ENV_ADMIN_URL = "NNECL_ADMIN_DATABASE_URL"  # the import role's URL, used only by the admin page
SECRETS_ADMIN_CONNECTION = "nnecl_admin"  # [connections.nnecl_admin] url = "..."


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def database_url(explicit: str | None = None) -> str:
    """Resolve the URL: explicit argument, then NNECL_DATABASE_URL, then Streamlit secrets, then SQLite."""
    if explicit:
        return explicit
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    secret = _secrets_url()
    if secret:
        return secret
    return sqlite_url(config.default_sqlite_path())


def admin_database_url(explicit: str | None = None) -> str:
    """The admin page's URL (a role that may write the registers): explicit argument, then
    NNECL_ADMIN_DATABASE_URL, then `[connections.nnecl_admin]` in secrets, else the viewer's URL."""
    if explicit:
        return explicit
    if os.environ.get(ENV_ADMIN_URL):
        return os.environ[ENV_ADMIN_URL]
    return _secrets_url(SECRETS_ADMIN_CONNECTION) or database_url()


def _secrets_url(name: str = SECRETS_CONNECTION) -> str | None:
    try:
        import streamlit as st

        return st.secrets.get("connections", {}).get(name, {}).get("url")
    except Exception:  # no secrets file, or not running under Streamlit
        return None


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str | None = None, *, read_only: bool = False) -> Engine:
    """An engine with pre-ping (a restarted server is reconnected, not reported as a broken pipe)."""
    url = database_url(url)
    if is_sqlite(url):
        path = sqlite_path(url)
        if read_only and path is not None:
            engine = create_engine(
                f"sqlite:///file:{path}?mode=ro&uri=true", connect_args={"check_same_thread": False}
            )
        else:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    if read_only:
        event.listen(engine, "connect", _postgres_read_only)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _postgres_read_only(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()
