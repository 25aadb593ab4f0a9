"""Shared fixtures: a database engine per backend, the raw-data folder, and a built database."""

from __future__ import annotations

import os
import signal
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from nnecl_data import config
from nnecl_data.database import db
from nnecl_data.ingest import download
from tests import throwaway_postgres

POSTGRES_ENV = "NNECL_TEST_POSTGRES_URL"


UNDER_CI = bool(os.environ.get("CI"))


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def pytest_configure(config):
    """`timeout` and CI runners stop a run with SIGTERM, which would end Python before any fixture's
    teardown (leaving the session's PostgreSQL server running): make it the interrupt pytest tears
    down after, as for Ctrl-C."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI every test must run: a skip there is a failure that says why it was skipped."""
    report = yield
    if UNDER_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where every test must run: {reason}"
    return report


@pytest.fixture(scope="session")
def postgres_url():
    """(URL, None) of the PostgreSQL server for the tests, or (None, why not). NNECL_TEST_POSTGRES_URL
    when set; otherwise a throw-away server of this session's own on a free port (when PostgreSQL is
    installed; the tests never install it), stopped and removed when the session ends."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        yield url, None
        return
    try:
        server = throwaway_postgres.start()
    except RuntimeError as error:
        yield None, f"no PostgreSQL: set {POSTGRES_ENV}, or install PostgreSQL (.ci/run does): {error}"
        return
    try:
        yield server.url, None
    finally:
        server.remove()


def _backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return params


@pytest.fixture(params=_backends())
def engine(request, tmp_path):
    """An empty database on each backend. On PostgreSQL (the session's server, see postgres_url) each
    test gets its own schema, dropped afterwards."""
    if request.param == "sqlite":
        eng = db.make_engine(db.sqlite_url(tmp_path / "test.sqlite"))
        yield eng
        eng.dispose()
        return
    url, why_not = request.getfixturevalue("postgres_url")
    if not url:
        if UNDER_CI:
            pytest.fail(f"CI must run every PostgreSQL test: {why_not}")
        pytest.skip(why_not)
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


def _downloadable(name: str) -> bool:
    return any(key == name or key.startswith(f"{name.rstrip('/')}/") for key in download.CHECKSUMS)


def official_files(*needed: str) -> Path:
    """The folder of official files, found where the configuration says (config.raw_dir():
    NNECL_RAW_DIR, else ../shared/data/raw beside the clone, else the download cache), when it holds
    every needed file or folder (paths relative to it). Otherwise the test is skipped (failed under CI)
    with where the files were looked for and how to get them."""
    path = config.raw_dir()
    missing = [name for name in needed if not (path / name).exists()]
    if not missing:
        return path
    not_fetched = sorted({name.split("/", 1)[0] for name in missing if not _downloadable(name)})
    how = []
    if any(_downloadable(name) for name in missing):
        how.append(f"`{config.cli_command()} download` fetches {'them' if not not_fetched else 'the others'}")
    if not_fetched:
        how.append(
            f"{', '.join(not_fetched)} cannot be downloaded: copy those folders, each with its SOURCE.txt, "
            "from the project's shared data"
        )
    env = os.environ.get("NNECL_RAW_DIR")
    message = (
        f"official files missing in {path}: {', '.join(missing)}. Looked for in NNECL_RAW_DIR "
        f"({env or 'not set'}), else {config.PROJECT_DIR.parent / 'shared' / 'data' / 'raw'}, else the "
        f"download cache {config.download_dir()}. To get them: {'; '.join(how)}; or set NNECL_RAW_DIR to a "
        "folder that has them"
    )
    if UNDER_CI:
        pytest.fail(f"CI must run the data tests: {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The official files that `download` fetches (CI has ../shared beside the clone)."""
    return official_files(*download.CHECKSUMS)


@pytest.fixture(scope="session")
def built_sqlite(tmp_path_factory):
    """A SQLite database built from the committed seed, shared by read-only tests."""
    from nnecl_data.database.build import build

    path = tmp_path_factory.mktemp("built") / "nnecl.sqlite"
    eng = db.make_engine(db.sqlite_url(path))
    build(eng)
    yield eng
    eng.dispose()


def require_browser() -> None:
    """Debian's Chromium and Playwright, or a skip with a reason (a failure under CI)."""
    from tests.browser.shoot import CHROMIUM

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright")


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for every browser and deployment test: Playwright's sync API allows one
    instance per thread, so a second `sync_playwright()` while this one lives would fail."""
    require_browser()
    from playwright.sync_api import sync_playwright

    from tests.browser.shoot import ARGS, CHROMIUM

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()
