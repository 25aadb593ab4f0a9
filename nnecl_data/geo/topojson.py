"""TopoJSON: one reader (GDAL's TopoJSON driver, through pyogrio) for the ONS uk-topojson file and any
topology, and a compact writer for chart specs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyogrio.errors import DataSourceError

TopoJSONSource = str | Path | bytes


def read_topojson(source: TopoJSONSource) -> dict[str, gpd.GeoDataFrame]:
    """Every object of a topology as a layer (object name -> its properties and geometry, in the file's
    order), decoded by GDAL: arcs stitched and reversed, quantized positions transformed. TopoJSON has no
    CRS, so none is set (the ONS file is in WGS84). `source` is a path or the file's bytes."""
    source = _source(source)
    if gdal_driver(source) != "TopoJSON":
        raise ValueError("not a TopoJSON topology (type must be 'Topology')")
    return {str(name): read_topojson_layer(source, name) for name, _type in pyogrio.list_layers(source)}


def read_topojson_layer(source: TopoJSONSource, layer: str) -> gpd.GeoDataFrame:
    """One object of a topology (see `read_topojson`), without the empty 'id' column GDAL adds."""
    gdf = pyogrio.read_dataframe(_source(source), layer=layer)
    if "id" in gdf.columns and gdf["id"].isna().all():
        gdf = gdf.drop(columns="id")
    return gdf


def gdal_driver(source: TopoJSONSource) -> str:
    """The GDAL driver that recognises a file (TopoJSON, GeoJSON, ...); ValueError when none does."""
    try:
        return pyogrio.read_info(_source(source), layer=0)["driver"]
    except DataSourceError as exc:
        raise ValueError(f"not a boundary file GDAL can read ({exc})") from exc


def _source(source: TopoJSONSource) -> str | bytes:
    return source if isinstance(source, bytes) else str(source)


# Writer for chart specs: quantized, delta-encoded; every ring its own arc.


def to_topojson(
    gdf: gpd.GeoDataFrame,
    object_name: str = "areas",
    properties: Sequence[str] = ("areacd", "areanm"),
    quantization: int = 100_000,
) -> dict:
    """A compact TopoJSON topology of polygonal areas, read back by Vega and by `read_topojson`.

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
