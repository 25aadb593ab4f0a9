"""`python -m nnecl_data boundaries {download,load}`: fill the boundary cache and say what it holds."""

from __future__ import annotations

import sys
import urllib.error
from pathlib import Path

from nnecl_data.geo.cache import cache_dir, cache_path, load_into_cache, store_layers
from nnecl_data.geo.layers import LAYER_TITLES
from nnecl_data.geo.ons_download import ONS_ARCGIS_BASE, BoundaryDownloadError, download_layers
from nnecl_data.sources import ONS_ATTRIBUTION


def cli_download(dest: Path | None = None) -> int:
    """`python -m nnecl_data boundaries download [--dest]`."""
    folder = cache_dir(dest)
    try:
        layers = download_layers()
    except urllib.error.URLError as exc:  # includes no network, DNS failure, timeouts
        if isinstance(exc, urllib.error.HTTPError):
            print(f"The ONS Open Geography Portal answered {exc.code} {exc.reason}.", file=sys.stderr)
        else:
            print(
                f"Could not reach the ONS Open Geography Portal ({exc.reason}). Are you offline?\n"
                "Load a file you already have instead: python -m nnecl_data boundaries load FILE",
                file=sys.stderr,
            )
        return 1
    except (TimeoutError, OSError) as exc:
        print(f"Could not reach the ONS Open Geography Portal ({exc}). Are you offline?", file=sys.stderr)
        return 1
    except BoundaryDownloadError as exc:
        print(f"Boundary download failed: {exc}", file=sys.stderr)
        return 1
    stored = store_layers(layers, folder, source=ONS_ARCGIS_BASE)
    _report(stored, folder)
    return 0


def cli_load(file: Path, dest: Path | None = None) -> int:
    """`python -m nnecl_data boundaries load FILE [--dest]`."""
    folder = cache_dir(dest)
    try:
        stored = load_into_cache(file, folder)
    except (OSError, ValueError) as exc:
        print(f"Could not read boundaries from {file}: {exc}", file=sys.stderr)
        return 1
    if not stored:
        print(f"{file}: no regions, utla or cauth layer found; nothing stored.", file=sys.stderr)
        return 1
    _report(stored, folder)
    return 0


def _report(stored: dict[str, int], folder: Path) -> None:
    print(f"Stored boundaries in {folder}:")
    for layer, n in stored.items():
        size = cache_path(layer, folder).stat().st_size
        print(f"  {layer:8s} {n:4d} areas  {size / 1024:7.1f} KB  ({LAYER_TITLES.get(layer, layer)})")
    print(ONS_ATTRIBUTION)
