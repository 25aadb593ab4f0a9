"""Resilience: the app explains itself when its database is missing, unreadable or unreachable, and
recovers on the next interaction after a PostgreSQL restart (pool_pre_ping). Never a stack trace."""

from __future__ import annotations

import contextlib
import glob
import os
import shlex
import shutil
import socket
import subprocess

import pytest
import streamlit as st

from nnecl_data.database import build, db
from tests.app.conftest import ROOT, assert_no_exception, open_page, page_text

FRIENDLY = "cannot read its database"


@pytest.fixture(autouse=True)
def fresh_caches(app_db, monkeypatch):
    """Each test points the app at its own database with cold caches, and leaves no engine behind."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield monkeypatch
    st.cache_data.clear()
    st.cache_resource.clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def assert_friendly(at, *, advice: str | None = None) -> None:
    """The friendly failure page: the error text, a technical detail that is only an exception's name,
    no exception element and no traceback anywhere."""
    assert_no_exception(at)
    text = page_text(at)
    assert FRIENDLY in text
    assert "python -m nnecl_data build" in text
    assert "Traceback" not in text and 'File "' not in text
    details = [t.value for t in at.text]
    assert details and all(" " not in d and len(d) < 60 for d in details), details
    if advice:
        assert advice in text


def test_unreachable_postgres_shows_friendly_page(fresh_caches):
    fresh_caches.setenv("NNECL_DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{_free_port()}/nnecl")
    for page in ("overview", "outcomes", "quality_mark"):
        assert_friendly(open_page(page))


def test_sqlite_file_that_is_not_a_database(fresh_caches, tmp_path):
    bad = tmp_path / "nnecl.sqlite"
    bad.write_bytes(b"this is not a database\n" * 200)
    fresh_caches.setenv("NNECL_DATABASE_URL", db.sqlite_url(bad))
    assert_friendly(open_page("overview"))
    assert bad.read_bytes().startswith(b"this is not a database")  # never overwritten behind the user's back


def test_sqlite_path_that_cannot_be_opened(fresh_caches, tmp_path):
    folder = tmp_path / "a-folder.sqlite"
    folder.mkdir()  # a directory where the database file should be: unreadable as a database
    fresh_caches.setenv("NNECL_DATABASE_URL", db.sqlite_url(folder))
    assert_friendly(open_page("outcomes"))


def test_missing_embedded_database_is_built_in_a_new_data_folder(fresh_caches, tmp_path):
    """The default embedded database in a data folder that does not exist yet: built on first start."""
    fresh_caches.delenv("NNECL_DATABASE_URL", raising=False)
    fresh_caches.setenv("NNECL_DATA_DIR", str(tmp_path / "new" / "data"))
    at = open_page("overview")
    assert_no_exception(at)
    assert FRIENDLY not in page_text(at)
    assert (tmp_path / "new" / "data" / "nnecl.sqlite").is_file()


# --- a throw-away PostgreSQL server ---------------------------------------------------------------


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    return found[-1] if found and os.path.exists(f"{found[-1]}/pg_ctl") else None


def _as_postgres(command: list[str]) -> None:
    """Run a PostgreSQL tool as the postgres user. Output goes to the server log (-l), never to a pipe:
    a server started by pg_ctl would hold the pipe open."""
    if os.geteuid() == 0:
        command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=True)


@pytest.fixture(scope="module")
def pg_server():
    """A throw-away PostgreSQL server of our own (started with .ci/postgres.sh on a free port, in its
    own folder, so concurrent runs never share it), stopped and removed afterwards. Skipped only
    outside CI when PostgreSQL is not installed."""
    binaries = _pg_bin()
    if binaries is None or shutil.which("bash") is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries are missing: .ci/run installs them")
        pytest.skip("PostgreSQL is not installed (/usr/lib/postgresql/*/bin): apt-get install postgresql")
    port = _free_port()
    folder = f"/tmp/nnecl-pg-resilience-{port}"
    env = {**os.environ, "PGPORT": str(port), "PGDATA_DIR": folder, "PG_NO_INSTALL": "1"}
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "postgres.sh")], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    url = done.stdout.strip().splitlines()[-1]
    yield {"url": url, "bin": binaries, "port": port, "dir": folder}
    with contextlib.suppress(subprocess.SubprocessError):
        _as_postgres([f"{binaries}/pg_ctl", "-D", folder, "-m", "immediate", "-w", "stop"])
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def pg_built(pg_server):
    engine = db.make_engine(pg_server["url"])
    build.build(engine)
    engine.dispose()
    return pg_server


def _pg_ctl(server: dict, *args: str) -> None:
    folder = server["dir"]
    _as_postgres([f"{server['bin']}/pg_ctl", "-D", folder, "-w", "-l", f"{folder}/server.log", *args])


def test_postgres_restart_recovers_on_next_interaction(pg_built, fresh_caches):
    fresh_caches.setenv("NNECL_DATABASE_URL", pg_built["url"])
    at = open_page("outcomes")
    assert_no_exception(at)
    assert FRIENDLY not in page_text(at)

    _pg_ctl(pg_built, "-m", "fast", "restart")  # every pooled connection is now dead
    st.cache_data.clear()  # so the next run really reads the database (the engine and its pool stay)
    at.multiselect(key="w_region").set_value(["E12000002"]).run()
    assert_no_exception(at)
    assert FRIENDLY not in page_text(at), page_text(at)
    assert at.error == [] or all(FRIENDLY not in str(e.value) for e in at.error)


def test_postgres_down_then_back(pg_built, fresh_caches):
    """While the server is down the viewer gets the friendly page; once it is back the next run works."""
    fresh_caches.setenv("NNECL_DATABASE_URL", pg_built["url"])
    at = open_page("quality_mark")
    assert_no_exception(at)
    _pg_ctl(pg_built, "-m", "fast", "stop")
    try:
        st.cache_data.clear()
        at.run()
        assert_friendly(at)
    finally:
        options = f"-p {pg_built['port']} -k /tmp -c listen_addresses=127.0.0.1"
        _pg_ctl(pg_built, "-o", options, "start")
    at.run()
    assert_no_exception(at)
    assert FRIENDLY not in page_text(at)


def test_empty_postgres_database_says_how_to_build_it(pg_server, fresh_caches):
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.engine import make_url

    admin = create_engine(pg_server["url"], isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS nnecl_empty"))
        conn.execute(text("CREATE DATABASE nnecl_empty"))
    admin.dispose()
    url = make_url(pg_server["url"]).set(database="nnecl_empty").render_as_string(hide_password=False)
    fresh_caches.setenv("NNECL_DATABASE_URL", url)
    at = open_page("overview")
    assert_friendly(at, advice="python -m nnecl_data build --database-url")
    check = create_engine(url)
    try:  # nothing was built behind the owner's back
        assert not inspect(check).has_table("dataset_meta")
    finally:
        check.dispose()
