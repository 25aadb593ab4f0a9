"""AppTest fixtures: the whole app (dashboard.py with st.navigation) on a database built for the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from nnecl_data.database import build, db

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180

# Production config hides error details from viewers; tests need to read them.
st_config.set_option("client.showErrorDetails", "full")


@pytest.fixture(scope="session")
def app_db(tmp_path_factory):
    """A built SQLite database and boundary cache in a temporary data folder, used by every app test.
    The environment variables point the app (running in this process) at it."""
    folder = tmp_path_factory.mktemp("appdata")
    saved = {k: os.environ.get(k) for k in ("NNECL_DATA_DIR", "NNECL_DATABASE_URL")}
    os.environ["NNECL_DATA_DIR"] = str(folder)
    os.environ.pop("NNECL_DATABASE_URL", None)
    engine = db.make_engine(db.sqlite_url(folder / "nnecl.sqlite"))
    build.build(engine)
    yield engine
    engine.dispose()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


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
