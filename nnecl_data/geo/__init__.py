"""Boundaries for the maps: read ONS TopoJSON/GeoJSON, keep England, pick a year, simplify, cache.

Geometry is never committed to the repository. It is read at run time from a file the user holds
(the ONS uk-topojson file under the raw-data folder, or an ONS Open Geography Portal download) or
fetched from the portal, simplified for charts and written to the boundary cache
(`config.boundary_cache_dir()`, git-ignored). When nothing is cached the app draws the built-in
tile grid of the nine English regions (`REGION_TILES`), which needs no boundary file at all.

Every layer is normalised to the columns ``areacd, areanm, start, end, geometry`` in EPSG:4326,
where ``start``/``end`` are the first and last years an area existed (null = open-ended).
"""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon, box, shape

from nnecl_data import config
from nnecl_data.sources import ONS_ATTRIBUTION

WGS84 = "EPSG:4326"
COLUMNS = ["areacd", "areanm", "start", "end", "geometry"]

# Layers kept in the cache, and how the TopoJSON / ONS GeoJSON names map onto them.
CACHE_LAYERS = ("regions", "utla", "cauth")
LAYER_TITLES = {
    "regions": "English regions",
    "utla": "Upper-tier local authorities (counties and unitary authorities)",
    "cauth": "Combined authorities",
}
_TOPO_LAYER_NAMES = {"rgn": "regions"}  # everything else keeps its TopoJSON object name
_GEOJSON_PREFIXES = {  # ONS field prefix (RGN23CD, CTYUA23CD, ...) -> layer
    "RGN": "regions",
    "CTYUA": "utla",
    "CAUTH": "cauth",
    "CTRY": "ctry",
    "CTY": "cty",
    "LAD": "ltla",
    "UTLA": "utla",
    "LTLA": "ltla",
}
_ONS_FIELD = re.compile(r"^(?P<prefix>[A-Z]+?)(?P<yy>\d\d)(?P<kind>CD|NM)$")

# Chart tolerances in degrees (coverage simplification keeps shared borders shared), chosen so a
# chart of every area of a layer stays small: see maps.py and tests/data/test_boundaries_raw.py.
SIMPLIFY_TOLERANCE = {"regions": 0.004, "utla": 0.004, "cauth": 0.004}
COORD_DECIMALS = 4  # ~11 m north-south: far below what a chart can show

# ---------------------------------------------------------------------------------------------
# ONS Open Geography Portal (ArcGIS FeatureServer) services, all in one place. Service names are
# those of the portal downloads kept under raw/ons-boundaries-2023-fingertipsnext. For each layer
# the services are tried in order (the first that answers wins).
ONS_ARCGIS_BASE = "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services"
ONS_SERVICES: dict[str, tuple[str, ...]] = {
    "regions": ("Regions_December_2023_Boundaries_EN_BUC",),
    "utla": (
        "Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BUC",
        "Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BSC",
    ),
    "cauth": ("Combined_Authorities_December_2023_Boundaries_EN_BUC",),
}
ONS_PAGE_SIZE = 100
ONS_TIMEOUT_SECONDS = 60


def service_query_url(service: str, offset: int = 0, count: int = ONS_PAGE_SIZE) -> str:
    """The GeoJSON query URL for one page of an ONS FeatureServer layer, in WGS84."""
    params = {
        "where": "1=1",
        "outFields": "*",
        "outSR": "4326",
        "f": "geojson",
        "resultOffset": str(offset),
        "resultRecordCount": str(count),
    }
    return f"{ONS_ARCGIS_BASE}/{service}/FeatureServer/0/query?{urllib.parse.urlencode(params)}"


# ---------------------------------------------------------------------------------------------
# TopoJSON


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """The arcs of a topology as arrays of absolute (x, y) positions.

    Quantized topologies (with a ``transform``) store each arc as a first position followed by
    deltas; positions are then ``position * scale + translate``."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology.get("arcs", []):
        pts = np.asarray(arc, dtype=float).reshape(-1, 2) if len(arc) else np.zeros((0, 2))
        if transform:
            pts = np.cumsum(pts, axis=0) * np.asarray(transform["scale"], dtype=float) + np.asarray(
                transform["translate"], dtype=float
            )
        arcs.append(pts)
    return arcs


def _ring(indices: Sequence[int], arcs: list[np.ndarray]) -> list[tuple[float, float]]:
    """Join arcs into one line; a negative index ~i means arc i reversed. Each arc after the first
    starts where the previous one ended, so its first position is dropped."""
    coords: list[np.ndarray] = []
    for k, index in enumerate(indices):
        pts = arcs[~index][::-1] if index < 0 else arcs[index]
        coords.append(pts if k == 0 else pts[1:])
    if not coords:
        return []
    return [tuple(p) for p in np.concatenate(coords)]


def _transform_point(position: Sequence[float], topology: dict) -> tuple[float, float]:
    transform = topology.get("transform")
    if not transform:
        return (float(position[0]), float(position[1]))
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return (position[0] * sx + tx, position[1] * sy + ty)


def topojson_geometry(obj: dict, arcs: list[np.ndarray], topology: dict) -> dict | None:
    """One TopoJSON geometry object as a GeoJSON geometry dict (None for a null geometry)."""
    kind = obj.get("type")
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r, arcs) for r in obj["arcs"]]}
    if kind == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [[_ring(r, arcs) for r in p] for p in obj["arcs"]]}
    if kind == "LineString":
        return {"type": "LineString", "coordinates": _ring(obj["arcs"], arcs)}
    if kind == "MultiLineString":
        return {"type": "MultiLineString", "coordinates": [_ring(line, arcs) for line in obj["arcs"]]}
    if kind == "Point":
        return {"type": "Point", "coordinates": _transform_point(obj["coordinates"], topology)}
    if kind == "MultiPoint":
        return {"type": "MultiPoint", "coordinates": [_transform_point(p, topology) for p in obj["coordinates"]]}
    if kind in (None, "null"):
        return None
    raise ValueError(f"unsupported TopoJSON geometry type {kind!r}")


def topojson_features(topology: dict) -> dict[str, list[dict]]:
    """Every object of a topology as a list of GeoJSON features (object name -> features)."""
    if topology.get("type") != "Topology":
        raise ValueError("not a TopoJSON topology (type must be 'Topology')")
    arcs = decode_arcs(topology)
    layers: dict[str, list[dict]] = {}
    for name, obj in topology.get("objects", {}).items():
        members = obj.get("geometries", []) if obj.get("type") == "GeometryCollection" else [obj]
        layers[name] = [
            {
                "type": "Feature",
                "properties": dict(g.get("properties") or {}),
                "geometry": topojson_geometry(g, arcs, topology),
            }
            for g in members
        ]
    return layers


# ---------------------------------------------------------------------------------------------
# Reading and normalising


def _english_only(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """England only: GSS codes starting with E (drops the two S12 codes wrongly in the cauth layer)."""
    return gdf[gdf["areacd"].astype(str).str.startswith("E")].reset_index(drop=True)


def normalise(gdf: gpd.GeoDataFrame, *, english_only: bool = True) -> gpd.GeoDataFrame:
    """Columns areacd, areanm, start, end, geometry; valid geometry; EPSG:4326; England only."""
    gdf = gdf.copy()
    for col in ("start", "end"):
        if col not in gdf.columns:
            gdf[col] = pd.NA
        gdf[col] = pd.to_numeric(gdf[col], errors="coerce").astype("Int64")
    gdf = gdf[[c for c in COLUMNS if c != "geometry"] + [gdf.geometry.name]]
    if gdf.geometry.name != "geometry":
        gdf = gdf.rename_geometry("geometry")
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    if gdf.crs is None:
        gdf = gdf.set_crs(WGS84)
    elif not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    gdf["geometry"] = _valid(gdf.geometry.values)
    gdf["areacd"] = gdf["areacd"].astype(str)
    gdf["areanm"] = gdf["areanm"].astype(str)
    if english_only:
        gdf = _english_only(gdf)
    return gpd.GeoDataFrame(gdf.reset_index(drop=True), geometry="geometry", crs=WGS84)


def _valid(geoms) -> np.ndarray:
    """make_valid, keeping only the polygonal parts (make_valid can add stray lines or points)."""
    geoms = np.asarray(shapely.make_valid(np.asarray(geoms, dtype=object)), dtype=object)
    out = []
    for g in geoms:
        if g is not None and g.geom_type == "GeometryCollection":
            parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
            g = shapely.union_all(parts) if parts else shapely.Polygon()
        out.append(g)
    return np.asarray(out, dtype=object)


def _from_features(features: list[dict], crs=None) -> gpd.GeoDataFrame:
    rows = []
    for f in features:
        geom = f.get("geometry")
        rows.append({**(f.get("properties") or {}), "geometry": shape(geom) if geom else None})
    gdf = (
        gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
        if rows
        else gpd.GeoDataFrame({"areacd": [], "areanm": []}, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    )
    return gdf


def _ons_fields(columns: Iterable[str]) -> tuple[str, str, str] | None:
    """(layer, code column, name column) for an ONS attribute table such as RGN23CD/RGN23NM."""
    codes = {}
    for col in columns:
        m = _ONS_FIELD.match(str(col).upper())
        if m:
            codes.setdefault((m["prefix"], m["yy"]), {})[m["kind"]] = col
    for (prefix, _yy), kinds in sorted(codes.items()):
        if prefix in _GEOJSON_PREFIXES and "CD" in kinds and "NM" in kinds:
            return _GEOJSON_PREFIXES[prefix], kinds["CD"], kinds["NM"]
    return None


def geojson_layer(gdf: gpd.GeoDataFrame, layer: str | None = None) -> tuple[str, gpd.GeoDataFrame]:
    """Recognise an ONS GeoJSON layer by its fields and normalise it. Returns (layer, frame)."""
    if {"areacd", "areanm"} <= set(gdf.columns):
        found = (layer or "areas", "areacd", "areanm")
    else:
        found = _ons_fields(gdf.columns)
        if found is None:
            raise ValueError(
                "unrecognised boundary fields: expected areacd/areanm or ONS fields such as RGN23CD/RGN23NM, "
                f"CTYUA23CD/CTYUA23NM, CAUTH23CD/CAUTH23NM; found {sorted(map(str, gdf.columns))}"
            )
    name, code_col, name_col = found
    gdf = gdf.rename(columns={code_col: "areacd", name_col: "areanm"})
    return layer or name, normalise(gdf)


def load_boundary_file(path: str | Path) -> dict[str, gpd.GeoDataFrame]:
    """Read a TopoJSON (every object becomes a layer; 'rgn' is called 'regions') or an ONS GeoJSON
    (one layer, named from its fields: regions, utla, cauth, ...). England only, EPSG:4326."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        doc = json.load(fh)
    if doc.get("type") == "Topology":
        layers = {}
        for name, features in topojson_features(doc).items():
            gdf = _from_features(features)
            if "areacd" not in gdf.columns:
                continue
            layers[_TOPO_LAYER_NAMES.get(name, name)] = normalise(gdf)
        return layers
    if doc.get("type") in ("FeatureCollection", "Feature"):
        features = doc["features"] if doc["type"] == "FeatureCollection" else [doc]
        crs = _geojson_crs(doc)
        layer, gdf = geojson_layer(_from_features(features, crs=crs))
        return {layer: gdf}
    raise ValueError(f"{path}: neither TopoJSON nor GeoJSON")


def _geojson_crs(doc: dict) -> str:
    """The CRS a GeoJSON declares with the old 'crs' member (ONS downloads do), else WGS84."""
    name = ((doc.get("crs") or {}).get("properties") or {}).get("name")
    if not name:
        return WGS84
    m = re.search(r"EPSG:*(\d+)", name)
    if m:
        return f"EPSG:{m.group(1)}"
    if "CRS84" in name:
        return WGS84
    return name


# ---------------------------------------------------------------------------------------------
# Years, simplification


def areas_for_year(layer_gdf: gpd.GeoDataFrame, year: int) -> gpd.GeoDataFrame:
    """Areas that existed in `year`: (start is null or start <= year) and (end is null or end >= year)."""
    keep = pd.Series(True, index=layer_gdf.index)
    if "start" in layer_gdf.columns:
        start = pd.to_numeric(layer_gdf["start"], errors="coerce")
        keep &= start.isna() | (start <= year)
    if "end" in layer_gdf.columns:
        end = pd.to_numeric(layer_gdf["end"], errors="coerce")
        keep &= end.isna() | (end >= year)
    return layer_gdf[keep.to_numpy()].reset_index(drop=True)


def areas_for_codes(
    layer_gdf: gpd.GeoDataFrame, codes: Iterable[str], year: int, successors: dict[str, str] | None = None
) -> gpd.GeoDataFrame:
    """Boundaries for the codes a dataset uses in `year`.

    DfE years end on 31 March and ONS layers run by calendar year, so a code may be published by DfE
    for a year in which ONS has already replaced it (Northamptonshire in DfE's 2021). Each code takes
    its boundary from `year` when it exists then, otherwise from the latest year it exists in; codes
    with no boundary at all are simply absent (the map shows them as missing, the table still lists them).

    `successors` maps a code older than the boundary file (e.g. Gateshead's E08000020, recoded E08000037
    in 2013 with a minor boundary change) to its single successor, whose boundary then stands in for it.
    """
    wanted = set(codes)
    this_year = areas_for_year(layer_gdf, year)
    found = this_year[this_year["areacd"].isin(wanted)]
    missing = wanted - set(found["areacd"])
    if missing:
        others = layer_gdf[layer_gdf["areacd"].isin(missing)]
        others = (
            others.assign(_end=others["end"].fillna(9999))
            .sort_values("_end")
            .drop_duplicates("areacd", keep="last")
        )
        found = pd.concat([found, others.drop(columns="_end")])
    still = wanted - set(found["areacd"])
    stand_ins = []
    for code in sorted(still):
        successor = (successors or {}).get(code)
        if successor:
            match = layer_gdf[layer_gdf["areacd"] == successor].tail(1)
            if not match.empty:
                stand_ins.append(match.assign(areacd=code))
    if stand_ins:
        found = pd.concat([found, *stand_ins])
    return found.reset_index(drop=True)


def round_coordinates(geoms, decimals: int = COORD_DECIMALS) -> np.ndarray:
    """Round every coordinate to `decimals` places (so they print short in a chart spec)."""
    return shapely.transform(np.asarray(geoms, dtype=object), lambda xy: np.round(xy, decimals))


def simplify_for_chart(
    gdf: gpd.GeoDataFrame, tolerance: float = 0.004, decimals: int = COORD_DECIMALS
) -> gpd.GeoDataFrame:
    """Simplify a layer for drawing. Neighbours keep shared borders (shapely.coverage_simplify,
    Visvalingam-Whyatt on the coverage), coordinates are rounded and the result made valid again.

    Areas of different years overlap (e.g. Northamptonshire and its successors), so each set of
    areas sharing a (start, end) is simplified as its own coverage."""
    if gdf.empty:
        return gdf.copy()
    out = gdf.copy()
    geoms = np.asarray(out.geometry.values, dtype=object)
    simplified = np.empty(len(out), dtype=object)
    keys = (
        list(zip(out["start"].astype("string").fillna(""), out["end"].astype("string").fillna(""), strict=True))
        if {"start", "end"} <= set(out.columns)
        else [("", "")] * len(out)
    )
    groups: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    for idx in groups.values():
        part = geoms[idx]
        try:
            simple = shapely.coverage_simplify(part, tolerance)
        except Exception:  # not a clean coverage: fall back to simplifying each area on its own
            simple = shapely.simplify(part, tolerance, preserve_topology=True)
        simplified[idx] = simple
    simplified = round_coordinates(simplified, decimals)
    simplified = _valid(simplified)
    # Never lose an area to simplification: keep the (rounded) original if it collapsed.
    empty = shapely.is_empty(simplified) | (shapely.area(simplified) == 0)
    if empty.any():
        simplified[empty] = _valid(round_coordinates(geoms[empty], decimals))
    out["geometry"] = simplified
    return gpd.GeoDataFrame(out, geometry="geometry", crs=gdf.crs)


# ---------------------------------------------------------------------------------------------
# Cache


def _cache_dir(dest: Path | None) -> Path:
    return Path(dest) if dest is not None else config.boundary_cache_dir()


def cache_path(layer: str, dest: Path | None = None) -> Path:
    return _cache_dir(dest) / f"{layer}.geojson"


def store_layers(
    layers: dict[str, gpd.GeoDataFrame], dest: Path | None = None, *, source: str = ""
) -> dict[str, int]:
    """Simplify the cacheable layers and write them as GeoJSON into the cache. Returns layer -> areas."""
    folder = _cache_dir(dest)
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
            layers[layer] = normalise(_from_features(doc.get("features", []), crs=WGS84))
    return layers


def boundaries_available(dest: Path | None = None) -> bool:
    """True when at least the regions layer is cached (otherwise the app draws the tile map)."""
    return cache_path("regions", dest).is_file()


def cache_info(dest: Path | None = None) -> dict:
    """What the cache manifest says (source file or URL, when, areas per layer)."""
    return _read_manifest(_cache_dir(dest))


def default_boundary_file() -> Path | None:
    """The ONS uk-topojson file under the raw-data folder, if present."""
    path = config.raw_dir() / "ons-uk-topojson" / "topo.json"
    return path if path.is_file() else None


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


# ---------------------------------------------------------------------------------------------
# Download from the ONS Open Geography Portal


class BoundaryDownloadError(RuntimeError):
    pass


def _get_json(url: str, opener=None) -> dict:
    opener = opener or urllib.request.urlopen
    request = urllib.request.Request(url, headers={"User-Agent": "nnecl-dashboard (boundaries download)"})
    with opener(request, timeout=ONS_TIMEOUT_SECONDS) as response:
        return json.loads(response.read().decode("utf-8"))


def fetch_service(service: str, *, page_size: int = ONS_PAGE_SIZE, get_json=None) -> list[dict]:
    """All features of one ONS FeatureServer layer, page by page (resultOffset/resultRecordCount)."""
    get_json = get_json or _get_json
    features: list[dict] = []
    offset = 0
    while True:
        page = get_json(service_query_url(service, offset, page_size))
        if "error" in page:
            raise BoundaryDownloadError(f"{service}: {page['error'].get('message', page['error'])}")
        batch = page.get("features", [])
        features.extend(batch)
        more = (page.get("properties") or {}).get("exceededTransferLimit") or page.get("exceededTransferLimit")
        if not batch or (not more and len(batch) < page_size):
            break
        offset += len(batch)
    return features


def download_layers(get_json=None) -> dict[str, gpd.GeoDataFrame]:
    """Fetch regions, counties and unitary authorities, and combined authorities from the portal."""
    layers: dict[str, gpd.GeoDataFrame] = {}
    for layer, services in ONS_SERVICES.items():
        last_error: Exception | None = None
        for service in services:
            try:
                features = fetch_service(service, get_json=get_json)
            except (BoundaryDownloadError, urllib.error.HTTPError, ValueError) as exc:
                last_error = exc
                continue
            if features:
                layers[layer] = geojson_layer(_from_features(features, crs=WGS84), layer)[1]
                break
        else:
            raise BoundaryDownloadError(f"could not download {layer}: {last_error}")
    return layers


def cli_download(dest: Path | None = None) -> int:
    """`python -m nnecl_data boundaries download [--dest]`."""
    folder = _cache_dir(dest)
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
    folder = _cache_dir(dest)
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


# ---------------------------------------------------------------------------------------------
# Built-in tile grid of the nine English regions (the project's own layout, no boundary file).
# (column, row) with row 0 at the top; label is the short text drawn on the tile.

REGION_TILES: dict[str, dict] = {
    "E12000001": {"name": "North East", "label": "North East", "short": "NE", "col": 1, "row": 0},
    "E12000002": {"name": "North West", "label": "North West", "short": "NW", "col": 0, "row": 1},
    "E12000003": {
        "name": "Yorkshire and The Humber",
        "label": "Yorkshire",
        "short": "YH",
        "col": 1,
        "row": 1,
    },
    "E12000004": {"name": "East Midlands", "label": "East Mids", "short": "EM", "col": 1, "row": 2},
    "E12000005": {"name": "West Midlands", "label": "West Mids", "short": "WM", "col": 0, "row": 2},
    "E12000006": {"name": "East of England", "label": "East", "short": "EE", "col": 2, "row": 2},
    "E12000007": {"name": "London", "label": "London", "short": "LDN", "col": 1, "row": 3},
    "E12000008": {"name": "South East", "label": "South East", "short": "SE", "col": 2, "row": 3},
    "E12000009": {"name": "South West", "label": "South West", "short": "SW", "col": 0, "row": 3},
}
TILE_SIZE = 1.0
TILE_GAP = 0.06


def tile_polygons() -> gpd.GeoDataFrame:
    """The region tiles as squares in an abstract plane (x = column, y = -row so north is up; no CRS),
    with areacd, areanm, label, short, col, row and label points label_x/label_y (tile centres)."""
    rows = []
    half = (TILE_SIZE - TILE_GAP) / 2
    for code, tile in REGION_TILES.items():
        cx, cy = tile["col"] * TILE_SIZE, -tile["row"] * TILE_SIZE
        rows.append(
            {
                "areacd": code,
                "areanm": tile["name"],
                "label": tile["label"],
                "short": tile["short"],
                "col": tile["col"],
                "row": tile["row"],
                "label_x": cx,
                "label_y": cy,
                "geometry": box(cx - half, cy - half, cx + half, cy + half),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=None)


def square(x0: float, y0: float, size: float = 1.0) -> Polygon:
    """A square polygon (counter-clockwise), handy for tests and examples."""
    return Polygon([(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size)])


# ---------------------------------------------------------------------------------------------
# TopoJSON writer (for chart specs: quantized, delta-encoded; every ring its own arc)


def to_topojson(
    gdf: gpd.GeoDataFrame,
    object_name: str = "areas",
    properties: Sequence[str] = ("areacd", "areanm"),
    quantization: int = 100_000,
) -> dict:
    """A compact TopoJSON topology of polygonal areas, read back by Vega and by `topojson_features`.

    Exterior rings are written clockwise (and holes anticlockwise), the winding d3-geo expects for
    spherical projections such as Mercator; GeoJSON's opposite convention would fill the globe."""
    geoms = shapely.orient_polygons(np.asarray(gdf.geometry.values, dtype=object), exterior_cw=True)
    bounds = shapely.total_bounds(geoms)
    x0, y0, x1, y1 = (float(b) for b in bounds) if np.all(np.isfinite(bounds)) else (0.0, 0.0, 1.0, 1.0)
    kx = (x1 - x0) / (quantization - 1) or 1.0
    ky = (y1 - y0) / (quantization - 1) or 1.0
    arcs: list[list[list[int]]] = []

    def encode_ring(ring) -> int | None:
        xy = shapely.get_coordinates(ring)
        q = np.column_stack([np.round((xy[:, 0] - x0) / kx), np.round((xy[:, 1] - y0) / ky)]).astype(np.int64)
        keep = np.ones(len(q), dtype=bool)
        keep[1:] = np.any(q[1:] != q[:-1], axis=1)
        q = q[keep]
        if len(q) < 4:
            return None
        delta = np.vstack([q[:1], np.diff(q, axis=0)])
        arcs.append(delta.tolist())
        return len(arcs) - 1

    def encode_polygon(poly) -> list[list[int]] | None:
        shell = encode_ring(poly.exterior)
        if shell is None:
            return None
        holes = [encode_ring(r) for r in poly.interiors]
        return [[shell], *[[h] for h in holes if h is not None]]

    geometries = []
    for geom, (_, row) in zip(geoms, gdf.iterrows(), strict=True):
        props = {}
        for p in properties:
            value = row[p]
            if isinstance(value, np.generic):
                value = value.item()
            props[p] = None if value is None or (isinstance(value, float) and np.isnan(value)) else value
        polys = [] if geom is None else [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
        encoded = [e for e in (encode_polygon(p) for p in polys) if e is not None]
        if not encoded:
            geometries.append({"type": None, "properties": props})
        elif len(encoded) == 1:
            geometries.append({"type": "Polygon", "arcs": encoded[0], "properties": props})
        else:
            geometries.append({"type": "MultiPolygon", "arcs": encoded, "properties": props})
    return {
        "type": "Topology",
        "transform": {"scale": [kx, ky], "translate": [x0, y0]},
        "objects": {object_name: {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }
