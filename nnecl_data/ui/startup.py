"""Work done once when the server starts, before the first visitor: build the embedded database when it
is missing or older than the committed seed (a configured server is never built behind its owner's back).
"""

from __future__ import annotations

import contextlib
import logging

from nnecl_data.database import build, db

LOG = logging.getLogger("nnecl.startup")


def prepare_embedded_database() -> str:
    """Build or update the embedded SQLite database if needed. Returns what was done, in words."""
    url = db.database_url()
    if not db.is_sqlite(url):
        return "configured database: not built at start (build it with the command line)"
    path = db.sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = db.make_engine(url)
    try:
        if build.is_built(engine) and build.built_seed_version(engine) == build.seed_version():
            return "embedded database is current"
        counts = build.build(engine)
        return f"embedded database built: {sum(counts.values())} rows in {len(counts)} tables"
    finally:
        engine.dispose()


@contextlib.asynccontextmanager
async def lifespan(_app):
    try:
        LOG.warning("NNECL dashboard: %s", prepare_embedded_database())
    except Exception as error:  # the first page explains it to the visitor; the server still starts
        LOG.warning("NNECL dashboard: the embedded database could not be prepared at start (%s)", error)
    yield
