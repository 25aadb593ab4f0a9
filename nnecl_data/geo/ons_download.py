"""Downloading boundaries from the ONS Open Geography Portal (ArcGIS FeatureServer), page by page."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import geopandas as gpd

from nnecl_data.geo.files import geojson_layer
from nnecl_data.geo.layers import WGS84, from_features

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
                layers[layer] = geojson_layer(from_features(features, crs=WGS84), layer)[1]
                break
        else:
            raise BoundaryDownloadError(f"could not download {layer}: {last_error}")
    return layers
