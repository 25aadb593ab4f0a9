"""maps.py: chart builders on squares the tests make; specs inspected with chart.to_dict()."""

from __future__ import annotations

import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc
from shapely.geometry import Polygon

from nnecl_data import geo
from nnecl_data.charts import maps
from nnecl_data.geo import square


def _three() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"areacd": ["E06000001", "E06000002", "E06000003"], "areanm": ["Alpha", "Beta", "Gamma"]},
        geometry=[square(-2.0, 53.0, 0.5), square(-1.5, 53.0, 0.5), square(-1.0, 53.0, 0.5)],
        crs=geo.WGS84,
    )


def _data(statuses=(None, None, "c")) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geography_code": ["E06000001", "E06000002", "E06000003"],
            "geography_name": ["Alpha", "Beta", "Gamma"],
            "value": [12.0, 30.0, 99.0],  # Gamma's 99 must never show: it carries a status
            "status": list(statuses),
            "cohort": [100, 200, 300],
        }
    )


def _layer(spec: dict, name: str) -> dict | None:
    return next((layer for layer in spec["layer"] if layer.get("name") == name), None)


def _lookup_rows(spec: dict) -> dict[str, dict]:
    fill = _layer(spec, maps.FILL_VIEW)
    lookup = next(t for t in fill["transform"] if "lookup" in t)
    data = lookup["from"]["data"]
    rows = spec["datasets"][data["name"]] if "name" in data else data["values"]
    return {r["geography_code"]: r for r in rows}


def _colour_of(spec: dict, label: str) -> str:
    scale = _layer(spec, maps.FILL_VIEW)["encoding"]["color"]["scale"]
    return scale["range"][scale["domain"].index(label)]


# --- classes -----------------------------------------------------------------------------------


def test_class_breaks_equal_and_quantile():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100]
    assert maps.class_breaks(values, "equal", 3) == pytest.approx([1, 34, 67, 100])
    q = maps.class_breaks(values, "quantile", 5)
    assert q[0] == 1 and q[-1] == 100 and len(q) == 6
    assert q == sorted(q) and all(v in values for v in q)  # quantile breaks sit on data values
    assert q[-2] < 34  # the outlier does not stretch the quantile classes


def test_class_breaks_handles_nan_and_few_values():
    assert maps.class_breaks([np.nan, None, 5, 5, np.nan], "quantile", 5) == [5, 5]
    assert maps.class_breaks([], "equal", 5) == []
    assert maps.class_breaks([np.nan], "quantile", 5) == []
    two = maps.class_breaks([10, 20, 10, 20, math.nan], "quantile", 5)
    assert two[0] == 10 and two[-1] == 20 and len(two) <= 3
    assert maps.class_breaks([1, 2, 3], "equal", 5) == pytest.approx([1, 5 / 3, 7 / 3, 3])  # 3 classes
    with pytest.raises(ValueError):
        maps.class_breaks([1, 2], "jenks", 3)


def test_assign_classes():
    breaks = [0, 10, 20, 30]
    got = maps.assign_classes([0, 5, 10, 10.1, 30, np.nan], breaks)
    assert got.tolist() == [0, 0, 0, 1, 2, -1]
    assert maps.assign_classes([1, 2], []).tolist() == [-1, -1]


def test_labels_and_formatting():
    assert maps.class_labels([10, 20, 35], "%") == ["10–20%", "20–35%"]
    assert maps.class_labels([0.5, 1.25], "per 10,000") == ["0.50–1.25 per 10,000"]
    assert maps.format_number(23.0, "%") == "23%"
    assert maps.format_number(23.46, "%") == "23.5%"
    assert maps.status_text("c") == "c — suppressed to protect confidentiality"


# --- choropleth --------------------------------------------------------------------------------


def test_suppressed_area_is_grey_with_symbol_in_tooltip():
    chart = maps.choropleth(_three(), _data(), title="NEET", value_label="NEET %", unit="%")
    spec = chart.to_dict()
    rows = _lookup_rows(spec)
    gamma = rows["E06000003"]
    assert gamma["value"] is None  # the status wins over the number
    assert gamma["value_text"] == "c — suppressed to protect confidentiality"
    assert _colour_of(spec, gamma["class_label"]) == maps.STATUS_FILL
    assert gamma["class_label"] not in maps.class_labels(maps.class_breaks([12, 30], "quantile", 5), "%")
    # the numbers are coloured blue
    for code in ("E06000001", "E06000002"):
        assert _colour_of(spec, rows[code]["class_label"]) in maps.BLUES
        assert "%" in rows[code]["value_text"]
    # tooltip shows the text (value or symbol meaning) under the value label, plus extra columns
    tooltip = _layer(spec, maps.FILL_VIEW)["encoding"]["tooltip"]
    assert {"field": "value_text", "type": "nominal", "title": "NEET %"} in tooltip
    assert any(t["field"] == "cohort" for t in tooltip)
    # and the symbol is written on the map
    symbols = _layer(spec, maps.SYMBOL_VIEW)
    sym_rows = spec["datasets"][symbols["data"]["name"]]
    assert [r["symbol"] for r in sym_rows] == ["c"]


@pytest.mark.parametrize("status", ["x", "z", "low", "k", "u"])
def test_every_status_is_grey(status):
    spec = maps.choropleth(_three(), _data((None, status, None)), title="t", value_label="v", unit="%").to_dict()
    beta = _lookup_rows(spec)["E06000002"]
    assert _colour_of(spec, beta["class_label"]) == maps.STATUS_FILL
    assert beta["value_text"].startswith(status)


def test_legend_selection_projection_and_attribution():
    chart = maps.choropleth(
        _three(), _data(), title="NEET", value_label="NEET %", unit="%", highlight_codes=["E06000002"]
    )
    spec = chart.to_dict()
    colour = _layer(spec, maps.FILL_VIEW)["encoding"]["color"]
    assert colour["legend"]["title"] == "NEET % (quantile classes)"
    assert spec["params"][0]["name"] == "area"
    assert spec["params"][0]["select"]["fields"] == ["geography_code"]
    assert spec["projection"]["type"] == "mercator"
    assert isinstance(spec["width"], int) and isinstance(spec["height"], int)
    assert maps.ATTRIBUTION.split()[0] in json.dumps(spec)
    assert "Crown copyright" in " ".join(spec["datasets"][spec["layer"][-1]["data"]["name"]][0]["text"])
    highlight = _layer(spec, maps.HIGHLIGHT_VIEW)
    topo = json.loads(highlight["data"]["values"])
    assert [g["properties"]["areacd"] for g in topo["objects"]["areas"]["geometries"]] == ["E06000002"]
    equal = maps.choropleth(_three(), _data(), title="t", value_label="NEET %", unit="%", scheme_kind="equal")
    assert (
        _layer(equal.to_dict(), maps.FILL_VIEW)["encoding"]["color"]["legend"]["title"]
        == "NEET % (equal-interval classes)"
    )


def test_geometry_is_inline_topojson_text():
    spec = maps.choropleth(_three(), _data(), title="t", value_label="v", unit="%").to_dict()
    data = _layer(spec, maps.FILL_VIEW)["data"]
    assert data["format"] == {"type": "topojson", "feature": "areas"}
    assert isinstance(data["values"], str)  # stays text: Streamlit passes it through untouched
    areas = geo.read_topojson(data["values"].encode("utf-8"))["areas"]
    assert areas["areacd"].tolist() == ["E06000001", "E06000002", "E06000003"]


def test_areas_without_rows_are_no_data_and_year_filter():
    gdf = _three()
    gdf["start"] = [None, None, 2021]
    gdf["end"] = [None, 2020, None]
    data = _data((None, None, None)).iloc[:1]
    spec = maps.choropleth(gdf, data, title="t", value_label="v", unit="%", year=2019).to_dict()
    assert "data" not in spec  # geometry stays on its layer (Streamlit converts top-level data)
    scale = _layer(spec, maps.FILL_VIEW)["encoding"]["color"]["scale"]
    assert maps.NO_DATA_LABEL in scale["domain"]
    topo = json.loads(_layer(spec, maps.FILL_VIEW)["data"]["values"])
    assert [g["properties"]["areacd"] for g in topo["objects"]["areas"]["geometries"]] == [
        "E06000001",
        "E06000002",
    ]


@pytest.mark.parametrize("unit", ["count", "Count", "number"])
def test_counts_refused(unit):
    with pytest.raises(ValueError, match="rates and percentages"):
        maps.choropleth(_three(), _data(), title="t", value_label="Care leavers", unit=unit)
    with pytest.raises(ValueError):
        maps.tile_map(_data(), title="t", value_label="Care leavers", unit=unit)


def test_spec_size_of_153_detailed_areas_under_limit():
    # 153 wiggly areas of 200 vertices each, simplified for a chart, must stay under 300 KB
    t = np.linspace(0, 2 * np.pi, 200, endpoint=False)
    geoms, codes = [], []
    for i in range(153):
        x0, y0 = -5 + (i % 13) * 0.55, 50.5 + (i // 13) * 0.45
        r = 0.2 + 0.01 * np.sin(25 * t)
        geoms.append(Polygon(np.column_stack([x0 + r * np.cos(t), y0 + 0.8 * r * np.sin(t)])))
        codes.append(f"E06{i:06d}")
    gdf = gpd.GeoDataFrame({"areacd": codes, "areanm": codes}, geometry=geoms, crs=geo.WGS84)
    simple = geo.simplify_for_chart(gdf, 0.004)
    data = pd.DataFrame({"geography_code": codes, "geography_name": codes, "value": np.arange(153.0)})
    chart = maps.choropleth(simple, data, title="t", value_label="v", unit="%")
    assert maps.spec_size(chart) == len(chart.to_json()) < 300_000


def test_chart_compiles_with_vega_lite():
    chart = maps.choropleth(_three(), _data(), title="t", value_label="v", unit="%", highlight_codes=["E06000001"])
    points = pd.DataFrame(
        {
            "name": ["Uni", "College"],
            "status": ["Awarded", "Working towards"],
            "latitude": [53.2, 53.3],
            "longitude": [-1.8, -0.7],
        }
    )
    vega = vlc.vegalite_to_vega(maps.institution_points(chart, points).to_json())
    assert vega["marks"]
    svg = vlc.vegalite_to_svg(maps.tile_map(_tile_data(), title="t", value_label="v", unit="%").to_json())
    assert "North East" in svg


# --- tile map and points -----------------------------------------------------------------------


def _tile_data() -> pd.DataFrame:
    tiles = geo.tile_polygons()
    data = pd.DataFrame(
        {"geography_code": tiles["areacd"], "geography_name": tiles["areanm"], "value": np.linspace(20, 40, 9)}
    )
    data["status"] = None
    data.loc[6, "status"] = "c"
    return data


def test_tile_map():
    spec = maps.tile_map(_tile_data(), title="t", value_label="NEET %", unit="%").to_dict()
    assert spec["projection"] == {"type": "identity", "reflectY": True}
    rows = _lookup_rows(spec)
    assert len(rows) == 9
    london = rows["E12000007"]
    assert _colour_of(spec, london["class_label"]) == maps.STATUS_FILL
    names = spec["datasets"][_layer(spec, maps.NAME_VIEW)["data"]["name"]]
    assert {r["label"] for r in names} >= {"North East", "London", "South West"}
    assert next(r for r in names if r["geography_code"] == "E12000007")["shown"] == "[c]"
    assert spec["params"][0]["name"] == "area"


def test_institution_points_colour_and_shape():
    chart = maps.choropleth(_three(), _data(), title="t", value_label="v", unit="%")
    points = pd.DataFrame(
        {
            "name": ["Uni", "College", "Other"],
            "status": ["Awarded", "Working towards", "Awarded"],
            "latitude": [53.2, 53.3, None],
            "longitude": [-1.8, -0.7, -1.0],
        }
    )
    spec = maps.institution_points(chart, points).to_dict()
    layer = spec["layer"][-1]
    enc = layer["encoding"]
    assert enc["color"]["field"] == enc["shape"]["field"] == "status"
    assert len(set(enc["shape"]["scale"]["range"])) == 2
    assert spec["resolve"]["scale"]["color"] == "independent"
    assert len(spec["datasets"][layer["data"]["name"]]) == 2  # the point without coordinates is left out
