"""The real ONS uk-topojson file: layers, years, validity, and chart spec sizes."""

from __future__ import annotations

import pandas as pd
import pytest

from nnecl_data import geo
from nnecl_data.charts import maps


@pytest.fixture(scope="module")
def layers(raw_dir):
    path = raw_dir / "ons-uk-topojson" / "topo.json"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return geo.load_boundary_file(path)


@pytest.mark.parametrize("year", [2023, 2025])
def test_regions_and_utla_counts(layers, year):
    regions = geo.areas_for_year(layers["regions"], year)
    utla = geo.areas_for_year(layers["utla"], year)
    assert sorted(regions["areacd"]) == [f"E1200000{i}" for i in range(1, 10)]
    assert len(utla) == 153 and utla["areacd"].is_unique
    assert utla["areacd"].str[:3].value_counts().to_dict() == {"E06": 63, "E08": 36, "E09": 33, "E10": 21}


def test_valid_wgs84_england_only(layers):
    for name in ("regions", "utla", "cauth"):
        gdf = layers[name]
        assert gdf.crs.to_epsg() == 4326
        assert gdf.is_valid.all(), name
        assert gdf["areacd"].str.startswith("E").all(), name
        minx, miny, maxx, maxy = gdf.total_bounds
        assert minx > -6.5 and maxx < 2 and miny > 49.8 and maxy < 56
    assert not layers["cauth"]["areacd"].isin(["S12000049", "S12000050"]).any()


def test_northamptonshire_split(layers):
    y2019 = set(geo.areas_for_year(layers["utla"], 2019)["areacd"])
    y2021 = set(geo.areas_for_year(layers["utla"], 2021)["areacd"])
    assert "E10000021" in y2019 and not {"E06000061", "E06000062"} & y2019
    assert {"E06000061", "E06000062"} <= y2021 and "E10000021" not in y2021


def _fake(gdf) -> pd.DataFrame:
    data = pd.DataFrame(
        {
            "geography_code": gdf["areacd"],
            "geography_name": gdf["areanm"],
            "value": [float(10 + (i * 7) % 40) for i in range(len(gdf))],
        }
    )
    data["status"] = None
    data.loc[data.index[::10], "status"] = "c"
    return data


@pytest.mark.parametrize(("layer", "limit"), [("regions", 150_000), ("utla", 300_000)])
def test_chart_spec_sizes(layers, layer, limit):
    gdf = geo.simplify_for_chart(geo.areas_for_year(layers[layer], 2023), geo.SIMPLIFY_TOLERANCE[layer])
    assert gdf.is_valid.all() and len(gdf) == (9 if layer == "regions" else 153)
    chart = maps.choropleth(gdf, _fake(gdf), title="NEET", value_label="NEET %", unit="%")
    assert maps.spec_size(chart) < limit


def test_cache_from_real_file(layers, raw_dir, tmp_path):
    stored = geo.load_into_cache(raw_dir / "ons-uk-topojson" / "topo.json", tmp_path)
    assert set(stored) == {"regions", "utla", "cauth"}
    cached = geo.cached_layers(tmp_path)
    assert len(geo.areas_for_year(cached["utla"], 2023)) == 153
    assert len(geo.areas_for_year(cached["regions"], 2025)) == 9
    assert cached["utla"].is_valid.all()
