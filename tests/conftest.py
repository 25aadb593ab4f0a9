"""Shared fixtures: a database engine per backend, the raw-data folder, and a built database."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from nnecl_data import config
from nnecl_data.database import db

POSTGRES_ENV = "NNECL_TEST_POSTGRES_URL"


_LOCAL_POSTGRES: list[str | None] = []


def _local_postgres() -> str | None:
    """Outside CI, start a throw-away local server with .ci/postgres.sh when PostgreSQL is installed
    (it never installs anything from inside the tests). None when it cannot."""
    if not _LOCAL_POSTGRES:
        script = Path(__file__).resolve().parents[1] / ".ci" / "postgres.sh"
        try:
            done = subprocess.run(
                ["bash", str(script)],
                env={**os.environ, "PG_NO_INSTALL": "1"},
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            _LOCAL_POSTGRES.append(done.stdout.strip().splitlines()[-1])
        except (subprocess.SubprocessError, OSError, IndexError):
            _LOCAL_POSTGRES.append(None)
    return _LOCAL_POSTGRES[0]


def _backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return params


@pytest.fixture(params=_backends())
def engine(request, tmp_path):
    """An empty database on each backend. PostgreSQL runs need NNECL_TEST_POSTGRES_URL (CI sets it);
    each test gets its own schema, dropped afterwards."""
    if request.param == "sqlite":
        eng = db.make_engine(db.sqlite_url(tmp_path / "test.sqlite"))
        yield eng
        eng.dispose()
        return
    url = os.environ.get(POSTGRES_ENV) or _local_postgres()
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set: CI must run every PostgreSQL test")
        pytest.skip(f"no PostgreSQL: set {POSTGRES_ENV} or install PostgreSQL (see README)")
    schema_name = f"t_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    eng = db.make_engine(url)
    from sqlalchemy import event

    @event.listens_for(eng, "connect")
    def _search_path(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute(f'SET search_path TO "{schema_name}"')
        cursor.close()
        dbapi_connection.commit()

    yield eng
    eng.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema_name}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The official files. Tests that read them are skipped with a reason when the folder is absent
    (CI has ../shared beside the clone, so there they always run)."""
    path = config.raw_dir()
    if not (path / "dfe-csc-outcomes-enablers").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"official files not found under {path}: CI must run the data tests")
        pytest.skip(f"official files not found under {path} (set NNECL_RAW_DIR)")
    return path


@pytest.fixture(scope="session")
def built_sqlite(tmp_path_factory):
    """A SQLite database built from the committed seed, shared by read-only tests."""
    from nnecl_data.database.build import build

    path = tmp_path_factory.mktemp("built") / "nnecl.sqlite"
    eng = db.make_engine(db.sqlite_url(path))
    build(eng)
    yield eng
    eng.dispose()
