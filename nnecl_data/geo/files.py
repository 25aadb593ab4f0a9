"""Reading boundary files: an ONS TopoJSON (every object a layer) or an ONS GeoJSON download (one layer,
recognised by its fields), normalised to England in EPSG:4326."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd

from nnecl_data import config
from nnecl_data.geo.layers import WGS84, areas_for_year, from_features, normalise
from nnecl_data.geo.topojson import gdal_driver, read_topojson, read_topojson_layer

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
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    driver = gdal_driver(path)
    if driver == "TopoJSON":
        return {
            _TOPO_LAYER_NAMES.get(name, name): normalise(gdf)
            for name, gdf in read_topojson(path).items()
            if "areacd" in gdf.columns
        }
    if driver == "GeoJSON":
        with path.open(encoding="utf-8") as fh:
            doc = json.load(fh)
        features = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
        layer, gdf = geojson_layer(from_features(features, crs=_geojson_crs(doc)))
        return {layer: gdf}
    raise ValueError(f"{path}: neither TopoJSON nor GeoJSON (GDAL reads it as {driver})")


def load_topojson_layer(path: str | Path, layer: str, year: int | None = None) -> gpd.GeoDataFrame:
    """One object of a TopoJSON file (e.g. the ONS file's 'utla' or 'rgn'), normalised, England only;
    with `year`, only the areas that existed that year."""
    gdf = normalise(read_topojson_layer(path, layer))
    return gdf if year is None else areas_for_year(gdf, year)


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


def default_boundary_file() -> Path | None:
    """The ONS uk-topojson file under the raw-data folder, if present."""
    path = config.raw_dir() / "ons-uk-topojson" / "topo.json"
    return path if path.is_file() else None
