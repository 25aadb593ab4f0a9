"""The boundary cache (`config.boundary_cache_dir()`, git-ignored): simplified layers written as
GeoJSON with a manifest saying where they came from. Geometry is never committed to the repository."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd

from nnecl_data import config
from nnecl_data.geo.files import default_boundary_file, load_boundary_file
from nnecl_data.geo.layers import (
    CACHE_LAYERS,
    COLUMNS,
    SIMPLIFY_TOLERANCE,
    WGS84,
    from_features,
    normalise,
    simplify_for_chart,
)
from nnecl_data.sources import ONS_ATTRIBUTION


def cache_dir(dest: Path | None) -> Path:
    return Path(dest) if dest is not None else config.boundary_cache_dir()


def cache_path(layer: str, dest: Path | None = None) -> Path:
    return cache_dir(dest) / f"{layer}.geojson"


def store_layers(
    layers: dict[str, gpd.GeoDataFrame], dest: Path | None = None, *, source: str = ""
) -> dict[str, int]:
    """Simplify the cacheable layers and write them as GeoJSON into the cache. Returns layer -> areas."""
    folder = cache_dir(dest)
    folder.mkdir(parents=True, exist_ok=True)
    stored: dict[str, int] = {}
    for layer in CACHE_LAYERS:
        if layer not in layers or layers[layer].empty:
            continue
        gdf = simplify_for_chart(layers[layer], SIMPLIFY_TOLERANCE.get(layer, 0.004))
        gdf = gdf[COLUMNS]
        text = gdf.to_json(drop_id=True, na="null")
        tmp = cache_path(layer, folder).with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(cache_path(layer, folder))
        stored[layer] = len(gdf)
    manifest = {
        "source": source,
        "stored_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "layers": stored,
        "attribution": ONS_ATTRIBUTION,
    }
    if stored:
        old = _read_manifest(folder)
        old_layers = old.get("layers", {}) if isinstance(old.get("layers"), dict) else {}
        manifest["layers"] = {**old_layers, **stored}
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return stored


def _read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def load_into_cache(file: str | Path, dest: Path | None = None) -> dict[str, int]:
    """Read a boundary file and cache its regions, utla and cauth layers. Returns layer -> areas."""
    return store_layers(load_boundary_file(file), dest, source=str(file))


def cached_layers(dest: Path | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The layers in the cache (regions, utla, cauth; whichever are there)."""
    layers = {}
    for layer in CACHE_LAYERS:
        path = cache_path(layer, dest)
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                doc = json.load(fh)
            layers[layer] = normalise(from_features(doc.get("features", []), crs=WGS84))
    return layers


def boundaries_available(dest: Path | None = None) -> bool:
    """True when at least the regions layer is cached (otherwise the app draws the tile map)."""
    return cache_path("regions", dest).is_file()


def cache_info(dest: Path | None = None) -> dict:
    """What the cache manifest says (source file or URL, when, areas per layer)."""
    return _read_manifest(cache_dir(dest))


def ensure_cache(dest: Path | None = None) -> bool:
    """Fill an empty cache from `default_boundary_file()` when there is one. True if boundaries are
    available afterwards. Never touches the network."""
    if boundaries_available(dest):
        return True
    file = default_boundary_file()
    if file is None:
        return False
    load_into_cache(file, dest)
    return boundaries_available(dest)
