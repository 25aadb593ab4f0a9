"""Boundaries for the maps: read ONS TopoJSON/GeoJSON, keep England, pick a year, simplify, cache.

Geometry is never committed to the repository. It is read at run time from a file the user holds
(the ONS uk-topojson file under the raw-data folder, or an ONS Open Geography Portal download) or
fetched from the portal, simplified for charts and written to the boundary cache
(`config.boundary_cache_dir()`, git-ignored). When nothing is cached the app draws the built-in
tile grid of the nine English regions (`REGION_TILES`), which needs no boundary file at all.

One job per module: `layers` (normalised columns, areas of a year, simplification), `topojson` (the one
TopoJSON reader, GDAL's, and the chart-spec writer), `files` (reading a boundary file), `cache`,
`ons_download` (the portal), `cli` (the boundaries subcommands), `tiles` (the region tile grid).

Every layer is normalised to the columns ``areacd, areanm, start, end, geometry`` in EPSG:4326,
where ``start``/``end`` are the first and last years an area existed (null = open-ended).
"""

from nnecl_data.geo.cache import (
    boundaries_available,
    cache_info,
    cache_path,
    cached_layers,
    ensure_cache,
    load_into_cache,
    store_layers,
)
from nnecl_data.geo.cli import cli_download, cli_load
from nnecl_data.geo.files import default_boundary_file, geojson_layer, load_boundary_file, load_topojson_layer
from nnecl_data.geo.layers import (
    CACHE_LAYERS,
    COLUMNS,
    COORD_DECIMALS,
    LAYER_TITLES,
    SIMPLIFY_TOLERANCE,
    WGS84,
    areas_for_codes,
    areas_for_year,
    normalise,
    round_coordinates,
    simplify_for_chart,
)
from nnecl_data.geo.ons_download import (
    ONS_ARCGIS_BASE,
    ONS_PAGE_SIZE,
    ONS_SERVICES,
    ONS_TIMEOUT_SECONDS,
    BoundaryDownloadError,
    download_layers,
    fetch_service,
    service_query_url,
)
from nnecl_data.geo.tiles import REGION_TILES, TILE_GAP, TILE_SIZE, square, tile_polygons
from nnecl_data.geo.topojson import read_topojson, read_topojson_layer, to_topojson

__all__ = [
    "CACHE_LAYERS",
    "COLUMNS",
    "COORD_DECIMALS",
    "LAYER_TITLES",
    "ONS_ARCGIS_BASE",
    "ONS_PAGE_SIZE",
    "ONS_SERVICES",
    "ONS_TIMEOUT_SECONDS",
    "REGION_TILES",
    "SIMPLIFY_TOLERANCE",
    "TILE_GAP",
    "TILE_SIZE",
    "WGS84",
    "BoundaryDownloadError",
    "areas_for_codes",
    "areas_for_year",
    "boundaries_available",
    "cache_info",
    "cache_path",
    "cached_layers",
    "cli_download",
    "cli_load",
    "default_boundary_file",
    "download_layers",
    "ensure_cache",
    "fetch_service",
    "geojson_layer",
    "load_boundary_file",
    "load_into_cache",
    "load_topojson_layer",
    "normalise",
    "read_topojson",
    "read_topojson_layer",
    "round_coordinates",
    "service_query_url",
    "simplify_for_chart",
    "square",
    "store_layers",
    "tile_polygons",
    "to_topojson",
]
