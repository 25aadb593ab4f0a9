"""Read and write the committed seed CSVs (one table per file, or a folder of files for big tables)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nnecl_data import config


def seed_files(table: str, seed_dir: Path | None = None) -> list[Path]:
    seed_dir = seed_dir or config.SEED_DIR
    single = seed_dir / f"{table}.csv"
    files = [single] if single.exists() else []
    folder = seed_dir / table
    if folder.is_dir():
        files += sorted(folder.glob("*.csv"))
    return files


def read_seed(table: str, seed_dir: Path | None = None) -> pd.DataFrame:
    """All rows of a seeded table as strings (empty cells as None); typed on load by the build."""
    frames = [
        pd.read_csv(f, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
        for f in seed_files(table, seed_dir)
    ]
    if not frames:
        return pd.DataFrame()
    df = pd.concat(frames, ignore_index=True)
    return df.astype(object).where(df.notna(), None)


def write_seed(table: str, df: pd.DataFrame, *, part: str | None = None, seed_dir: Path | None = None) -> Path:
    """Write rows sorted for stable diffs. `part` writes seed/<table>/<part>.csv instead of seed/<table>.csv."""
    seed_dir = seed_dir or config.SEED_DIR
    path = seed_dir / table / f"{part}.csv" if part else seed_dir / f"{table}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path
