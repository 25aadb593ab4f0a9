"""`build --if-stale`, the README's first command: builds the embedded database before the app starts,
only when it is missing or was built from another seed, and never touches a configured server."""

from __future__ import annotations

from sqlalchemy import text

from nnecl_data.__main__ import main
from nnecl_data.database import db


def _meta(path) -> dict[str, str]:
    engine = db.make_engine(db.sqlite_url(path))
    try:
        with engine.connect() as conn:
            return dict(conn.execute(text("SELECT key, value FROM dataset_meta")).all())
    finally:
        engine.dispose()


def test_builds_a_missing_embedded_database_once(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(db.ENV_URL, raising=False)
    monkeypatch.setenv("NNECL_DATA_DIR", str(tmp_path / "new" / "data"))
    path = tmp_path / "new" / "data" / "nnecl.sqlite"
    assert main(["build", "--if-stale"]) == 0
    assert path.is_file() and "Built" in capsys.readouterr().out
    first = _meta(path)
    assert main(["build", "--if-stale"]) == 0
    assert "Up to date" in capsys.readouterr().out
    assert _meta(path) == first  # not built again


def test_rebuilds_a_database_built_from_another_seed(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(db.ENV_URL, raising=False)
    monkeypatch.setenv("NNECL_DATA_DIR", str(tmp_path))
    assert main(["build"]) == 0
    current = _meta(tmp_path / "nnecl.sqlite")["seed_version"]
    engine = db.make_engine(db.sqlite_url(tmp_path / "nnecl.sqlite"))
    with engine.begin() as conn:
        conn.execute(text("UPDATE dataset_meta SET value = 'older' WHERE key = 'seed_version'"))
    engine.dispose()
    capsys.readouterr()
    assert main(["build", "--if-stale"]) == 0
    assert "Built" in capsys.readouterr().out
    assert _meta(tmp_path / "nnecl.sqlite")["seed_version"] == current


def test_a_configured_server_is_left_alone(monkeypatch, capsys):
    # nothing listens there: the command must not even connect
    monkeypatch.setenv(db.ENV_URL, "postgresql+psycopg://viewer@127.0.0.1:9/nnecl")
    assert main(["build", "--if-stale"]) == 0
    out = capsys.readouterr().out
    assert "Left as it is" in out and "--database-url" in out
