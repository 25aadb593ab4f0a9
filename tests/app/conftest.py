"""AppTest fixtures: the whole app (dashboard.py with st.navigation) on a database built for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import text
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from nnecl_data.database import build, db

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180

# Production config hides error details from viewers; tests need to read them.
st_config.set_option("client.showErrorDetails", "full")


@pytest.fixture(scope="session")
def _app_data(tmp_path_factory):
    """A SQLite database built once for the session, in a temporary data folder."""
    folder = tmp_path_factory.mktemp("appdata")
    engine = db.make_engine(db.sqlite_url(folder / "nnecl.sqlite"))
    build.build(engine)
    yield folder, engine
    st.cache_resource.clear()  # the app's cached connections, released (and their pools closed) here
    engine.dispose()


@pytest.fixture(autouse=True)
def app_db(_app_data, monkeypatch):
    """Every app test: the app, running in this process, reads the session's built database (its data
    folder in NNECL_DATA_DIR, no configured URL). The environment is restored after each test, so no
    other test in the session sees it."""
    folder, engine = _app_data
    monkeypatch.setenv("NNECL_DATA_DIR", str(folder))
    for name in ("NNECL_DATABASE_URL", "NNECL_ADMIN_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return engine


MAIN_SCRIPT = ROOT / "nnecl_data" / "ui" / "main.py"  # what dashboard.py serves for each visit


def app_test() -> AppTest:
    """The whole app, as each visit runs it."""
    return AppTest.from_file(str(MAIN_SCRIPT), default_timeout=TIMEOUT)


def page_path(page: str) -> str:
    """A page file as AppTest.switch_page wants it: relative to the main script."""
    return f"../../pages/{page}.py"


def open_page(page: str, query: dict | None = None) -> AppTest:
    """Run the app on one page (file name under pages/ without .py) with optional URL parameters."""
    at = app_test()
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(page_path(page))
    at.run()
    return at


def scalar(engine, sql: str, **params):
    """A value read straight from the database, independently of the app's query layer."""
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def page_text(at: AppTest) -> str:
    """Everything the page wrote as text (markdown, captions, titles, metrics, alerts)."""
    parts = []
    for group in (
        at.title,
        at.header,
        at.subheader,
        at.markdown,
        at.caption,
        at.info,
        at.warning,
        at.error,
        at.success,
    ):
        parts += [str(el.value) for el in group]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def url_values(at: AppTest, key: str) -> list[str]:
    """The URL's values for a parameter after the run (AppTest gives a str for one value)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)
