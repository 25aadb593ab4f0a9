"""Boundary layers in one shape: normalised columns and geometry, the areas of a year or of a dataset's
codes, and simplification for charts.

Every layer is normalised to the columns ``areacd, areanm, start, end, geometry`` in EPSG:4326,
where ``start``/``end`` are the first and last years an area existed (null = open-ended).
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

WGS84 = "EPSG:4326"
COLUMNS = ["areacd", "areanm", "start", "end", "geometry"]

# Layers kept in the cache, and how the TopoJSON / ONS GeoJSON names map onto them.
CACHE_LAYERS = ("regions", "utla", "cauth")
LAYER_TITLES = {
    "regions": "English regions",
    "utla": "Upper-tier local authorities (counties and unitary authorities)",
    "cauth": "Combined authorities",
}

# Chart tolerances in degrees (coverage simplification keeps shared borders shared), chosen so a
# chart of every area of a layer stays small: see maps.py and tests/data/test_boundaries_raw.py.
SIMPLIFY_TOLERANCE = {"regions": 0.004, "utla": 0.004, "cauth": 0.004}
COORD_DECIMALS = 4  # ~11 m north-south: far below what a chart can show


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


def from_features(features: list[dict], crs=None) -> gpd.GeoDataFrame:
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
