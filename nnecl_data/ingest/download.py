"""Fetch the official files the ingest reads, for a user with internet (the URLs live in sources.py)."""

from __future__ import annotations

import hashlib
import tempfile
import urllib.request
from pathlib import Path

from tqdm import tqdm

from nnecl_data import config, sources

TIMEOUT_SECONDS = 60


def download_file(url: str, dest: Path) -> str:
    """Download to a temporary file and move it into place only when complete; returns its sha256."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with (
        urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response,
        tempfile.NamedTemporaryFile(dir=dest.parent, delete=False) as tmp,
    ):
        for chunk in iter(lambda: response.read(1 << 16), b""):
            digest.update(chunk)
            tmp.write(chunk)
    Path(tmp.name).replace(dest)
    return digest.hexdigest()


def download_all(dest: Path | None = None) -> int:
    dest = dest or config.download_dir()
    files = sources.downloadable_files()
    failures = 0
    for source, name, url in tqdm(files, desc="Downloading official files", unit="file"):
        target = dest / source.raw_folder / name
        try:
            sha = download_file(url, target)
            tqdm.write(f"{target}  sha256 {sha[:16]}…")
        except OSError as error:
            failures += 1
            tqdm.write(f"FAILED {url}: {error}")
    if failures:
        print(f"{failures} of {len(files)} files failed. Check your internet connection and try again.")
        return 1
    print(f"Downloaded {len(files)} files to {dest}. Next: python -m nnecl_data ingest --source-dir {dest}")
    return 0
