"""Write seed/sources.csv from the registry in nnecl_data.sources (and every module that registers)."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pandas as pd

from nnecl_data import sources
from nnecl_data.database import seed_io


def ingest(_source_dir: Path) -> dict[str, int]:
    # Modules that register their own sources must be imported before the registry is read.
    for module in ("nnecl_data.ingest.nnecl_records",):
        import_module(module)
    rows = [s.as_row() for s in sources.all_sources()]
    seed_io.write_seed("sources", pd.DataFrame(rows).sort_values("source_id"))
    return {"sources": len(rows)}
