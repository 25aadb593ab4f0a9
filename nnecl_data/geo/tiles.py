"""Built-in tile grid of the nine English regions (the project's own layout, no boundary file): the map
the app draws when no boundaries are cached."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Polygon, box

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
