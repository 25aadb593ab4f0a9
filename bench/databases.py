"""The benchmark's own databases: SQLite files under data/bench/ and PostgreSQL databases nnecl_bench_*
on a server the caller names (never the app's database, never the shared `nnecl` database)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench import synthetic
from nnecl_data import config
from nnecl_data.database import db

SCALES = {"real": 1, "x10": 10, "x100": 100}
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:55432/postgres"
ENV_POSTGRES = "NNECL_BENCH_POSTGRES_URL"


def bench_dir() -> Path:
    return config.data_dir() / "bench"


def sqlite_url(scale: str) -> str:
    return db.sqlite_url(bench_dir() / f"nnecl-{scale}.sqlite")


def postgres_url(server_url: str, scale: str) -> str:
    return make_url(server_url).set(database=f"nnecl_bench_{scale}").render_as_string(hide_password=False)


def postgres_server() -> str:
    return os.environ.get(ENV_POSTGRES) or DEFAULT_POSTGRES


def postgres_reachable(server_url: str) -> str | None:
    """None when the server answers, else the reason."""
    try:
        eng = create_engine(server_url)
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        eng.dispose()
        return None
    except Exception as error:  # noqa: BLE001 - any failure means "not available"
        return f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"


def _recreate_postgres(server_url: str, name: str) -> None:
    if not name.startswith("nnecl_bench_"):
        raise ValueError(f"refusing to touch database {name!r}")
    eng = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()


def prepare(backend: str, scale: str, *, server_url: str | None = None, log=print) -> dict:
    """The URL of a built benchmark database for (backend, scale), (re)generated when missing or stale.
    Returns url, generated (bool), seconds, counts."""
    factor = SCALES[scale]
    if backend == "sqlite":
        url = sqlite_url(scale)
    else:
        url = postgres_url(server_url or postgres_server(), scale)
    engine = db.make_engine(url)
    try:
        if synthetic.current_key(engine) == synthetic.bench_key(factor):
            return {"url": url, "generated": False, "seconds": 0.0, "counts": synthetic.counts(engine)}
    finally:
        engine.dispose()
    log(f"  generating {backend} {scale} (factor {factor}) ...")
    started = time.perf_counter()
    if backend == "sqlite":
        path = db.sqlite_path(url)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        _recreate_postgres(server_url or postgres_server(), make_url(url).database)
    engine = db.make_engine(url)
    try:
        info = synthetic.populate(engine, factor)
    finally:
        engine.dispose()
    seconds = round(time.perf_counter() - started, 1)
    log(f"  ... {info['counts']['outcomes']:,} outcome rows in {seconds} s")
    return {"url": url, "generated": True, "seconds": seconds, "counts": info["counts"], "plan": info["plan"]}
