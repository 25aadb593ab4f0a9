"""Work done once when the server starts, before the first visitor: build the embedded database when it
is missing or older than the committed seed (a configured server is never built behind its owner's back).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import pkgutil

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


# What every page run uses, imported once at start (the pages' own modules are imported by their runs).
RUNTIME_MODULES = ("nnecl_data.ui.frame", "nnecl_data.ui.chart_specs", "nnecl_data.charts.maps", "nnecl_data.geo")


def settle_heap() -> int:
    """Import what the page runs use, then move every object alive now into the permanent generation
    (`gc.freeze`). Streamlit collects garbage fully after every script run (`runner.postScriptGC`, which
    keeps a replica's memory flat), and walking the libraries' ~190,000 long-lived objects (Altair's
    schema, pandas, SQLAlchemy, Streamlit) each time was most of the near-empty Accessibility page's run
    and a fifth of a loaded replica's CPU. Everything made later is collected as before. Returns the
    number of objects frozen."""
    from nnecl_data.ui import views

    names = [*RUNTIME_MODULES, *(f"{views.__name__}.{m.name}" for m in pkgutil.iter_modules(views.__path__))]
    for name in names:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


@contextlib.asynccontextmanager
async def lifespan(_app):
    try:
        LOG.warning("NNECL dashboard: %s", prepare_embedded_database())
    except Exception as error:  # the first page explains it to the visitor; the server still starts
        LOG.warning("NNECL dashboard: the embedded database could not be prepared at start (%s)", error)
    try:
        LOG.warning("NNECL dashboard: %d long-lived objects set aside from garbage collection", settle_heap())
    except Exception as error:  # an import that fails here fails again, with its page, where it is shown
        LOG.warning("NNECL dashboard: modules not preloaded at start (%s)", error)
    yield
