"""The command line: register changes (import, rollback, sample) go to the import role's database."""

from __future__ import annotations

import shutil

from sqlalchemy import create_engine, text

from nnecl_data.__main__ import main
from nnecl_data.database import db


def _copies(built, folder, *names):
    """Separate copies of the built test database, one per name."""
    paths = [folder / f"{name}.sqlite" for name in names]
    for path in paths:
        shutil.copy(built.url.database, path)
    return paths


def _members(path) -> int:
    eng = create_engine(db.sqlite_url(path))
    try:
        with eng.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM memberships")).scalar_one()
    finally:
        eng.dispose()


def test_sample_load_uses_the_admin_url_and_leaves_the_viewer_database_alone(built_sqlite, tmp_path, monkeypatch):
    viewer, admin = _copies(built_sqlite, tmp_path, "viewer", "admin")
    before = _members(viewer)
    monkeypatch.setenv(db.ENV_URL, db.sqlite_url(viewer))
    monkeypatch.setenv(db.ENV_ADMIN_URL, db.sqlite_url(admin))
    assert main(["sample", "load", "--user", "test"]) == 0
    assert _members(admin) > before
    assert _members(viewer) == before


def test_explicit_database_url_wins_over_the_admin_url(built_sqlite, tmp_path, monkeypatch):
    chosen, admin = _copies(built_sqlite, tmp_path, "chosen", "admin")
    before = _members(admin)
    monkeypatch.setenv(db.ENV_ADMIN_URL, db.sqlite_url(admin))
    assert main(["sample", "load", "--user", "test", "--database-url", db.sqlite_url(chosen)]) == 0
    assert _members(chosen) > before
    assert _members(admin) == before
