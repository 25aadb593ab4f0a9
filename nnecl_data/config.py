"""Where things live on disk. Every path can be overridden by an environment variable."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SEED_DIR = PACKAGE_DIR / "seed"
SAMPLE_DIR = PACKAGE_DIR / "registers" / "sample"


def data_dir() -> Path:
    """Git-ignored folder for the embedded SQLite database and caches."""
    return Path(os.environ.get("NNECL_DATA_DIR", PROJECT_DIR / "data"))


def default_sqlite_path() -> Path:
    return data_dir() / "nnecl.sqlite"


def raw_dir() -> Path:
    """Folder of unchanged official files: NNECL_RAW_DIR, else ../shared/data/raw beside the clone,
    else the download cache that the `download` command fills."""
    env = os.environ.get("NNECL_RAW_DIR")
    if env:
        return Path(env)
    shared = PROJECT_DIR.parent / "shared" / "data" / "raw"
    if shared.is_dir():
        return shared
    return download_dir()


def download_dir() -> Path:
    return Path(os.environ.get("NNECL_DOWNLOAD_DIR", data_dir() / "raw"))


def boundary_cache_dir() -> Path:
    return Path(os.environ.get("NNECL_BOUNDARY_DIR", data_dir() / "boundaries"))


# The combined authority the target tracker and evidence pack open on: Greater Manchester, whose target
# (every college and university holding the Quality Mark by 2027) the dashboard was first built to follow.
DEFAULT_COMBINED_AUTHORITY = "E47000001"


def cli_command() -> str:
    """The command line as it runs here, for hints shown to people: this interpreter, relative to the
    project folder when it lives there (`.venv/bin/python -m nnecl_data` in the README's layout)."""
    python = Path(sys.executable)  # not resolved: a virtual environment's python is a symlink
    if python.name.startswith("python") and (python.parent / "python").exists():
        python = python.parent / "python"  # python3, python3.11 -> python, as the README writes it
    with contextlib.suppress(ValueError):
        python = python.relative_to(PROJECT_DIR)
    return f"{python.as_posix()} -m nnecl_data"


def public_url() -> str:
    """The deployment's public address (NNECL_PUBLIC_URL, e.g. https://dashboard.nnecl.org), used in
    citations and exports instead of the address the server sees; '' when not set. The app also reads
    `[nnecl] public_url` from .streamlit/secrets.toml (ui.components.public_url)."""
    return os.environ.get("NNECL_PUBLIC_URL", "").strip()
