"""Ingest: official files in, curated seed CSVs out. One module per source family."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from nnecl_data import config

# part name -> module whose `ingest(source_dir) -> dict[str, int]` writes that part of the seed.
# Order matters: later parts read earlier parts' seed (institutions need local authorities).
PARTS = {
    "geography": "nnecl_data.ingest.geography",
    "neighbours": "nnecl_data.ingest.neighbours",
    "outcomes": "nnecl_data.ingest.outcomes",
    "institutions": "nnecl_data.ingest.institutions",
    "records": "nnecl_data.ingest.nnecl_records",
}


def run_ingest(source_dir: Path | None = None, parts: list[str] | None = None) -> dict[str, int]:
    source_dir = source_dir or config.raw_dir()
    if not source_dir.is_dir():
        raise SystemExit(
            f"No official files at {source_dir}. Run `python -m nnecl_data download` or pass --source-dir."
        )
    counts: dict[str, int] = {}
    for part in parts or list(PARTS):
        counts.update(import_module(PARTS[part]).ingest(source_dir))
    counts.update(import_module("nnecl_data.ingest.sources_table").ingest(source_dir))
    return counts
