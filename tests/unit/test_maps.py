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

from nnecl_data import geo, wording
from nnecl_data.charts import builders, maps
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
    # whole-number figures: the second class starts at the first whole number above the first break
    assert maps.class_labels([10, 20, 35], "%") == ["10–20%", "21–35%"]
    assert maps.class_labels([0.5, 1.25], "per 10,000") == ["0.50–1.25 per 10,000"]
    assert maps.format_number(23.0, "%") == "23%"
    assert maps.format_number(23.46, "%") == "23.5%"
    assert maps.format_number(61.0, "rate_per_10000") == "61 per 10,000"
    assert maps.status_text("c") == "c — suppressed to protect confidentiality"


def _span(label: str) -> tuple[float, float]:
    """The first and last value a legend label such as '36–40%', '41%' or '2.3–5.3%' names."""
    numbers = label.replace("%", "").replace(",", "").split(" ")[0].split("–")
    return float(numbers[0]), float(numbers[-1])


# the quantile classes of the 2025 NEET figures the issue quoted ("36–40%", "40–41%"), and other sets
VALUE_SETS = [
    [36, 36, 39, 40, 41, 41, 43, 44, 45],
    [0.0, 0.0, 0.0, 0.0, 0.0, 2.2, 2.9, 5.3, 8.7],
    [17.0, 17.4, 18.1, 20.0, 20.0, 21.6, 25.3, 30.9],
    list(np.random.default_rng(7).integers(20, 60, 150)),
    [round(v, 1) for v in np.random.default_rng(8).uniform(0, 12, 40)],
]


@pytest.mark.parametrize("kind", ["quantile", "equal"])
@pytest.mark.parametrize("values", VALUE_SETS)
def test_legend_classes_never_overlap_and_hold_their_values(kind, values):
    breaks = maps.class_breaks(values, kind, 5)
    decimals = 0 if all(float(v).is_integer() for v in values) else 1
    labels = maps.class_labels(breaks, "%", decimals)
    classes = maps.assign_classes(values, breaks)
    spans = [_span(label) if label else None for label in labels]
    shown = [span for span in spans if span]
    for (_, last), (first, _) in zip(shown, shown[1:], strict=False):
        assert first > last  # the next class starts after the last value of this one: no shared value
    for value, index in zip(values, classes, strict=True):
        low, high = spans[index]
        assert low <= round(float(value), decimals) <= high
    # a class no value falls in is the only kind left unlabelled
    used = set(classes.tolist())
    assert all(label is not None for i, label in enumerate(labels) if i in used)


def test_the_issues_overlapping_classes_now_read_apart():
    breaks = maps.class_breaks([36, 36, 39, 40, 41, 41, 43, 44, 45], "quantile", 5)
    labels = [label for label in maps.class_labels(breaks, "%", 0) if label]
    assert "40–41%" not in labels
    assert labels[0] == "36–40%" and labels[1] == "41%"


def test_map_legend_lists_only_classes_that_hold_an_area():
    # equal steps over 1, 2 and 100: the middle classes hold nothing
    data = pd.DataFrame(
        {
            "geography_code": ["E06000001", "E06000002", "E06000003"],
            "geography_name": ["A", "B", "C"],
            "value": [1.0, 2.0, 100.0],
        }
    )
    rows, domain, colours = maps.prepare_rows(data, None, unit="%", scheme_kind="equal", n_classes=5)
    assert set(domain) == set(rows["class_label"])
    assert len(colours) == len(domain)


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
    # the legend says in plain words how the groups were made (two areas with figures: one group)
    assert colour["legend"]["title"][0] == "NEET %"
    assert "quantile" not in " ".join(colour["legend"]["title"]).lower()
    assert spec["params"][0]["name"] == "area"
    assert spec["params"][0]["select"]["fields"] == ["geography_code"]
    assert spec["projection"]["type"] == "mercator"
    assert isinstance(spec["width"], int) and isinstance(spec["height"], int)
    assert maps.ATTRIBUTION.split()[0] in json.dumps(spec)
    assert "Crown copyright" in " ".join(spec["datasets"][spec["layer"][-1]["data"]["name"]][0]["text"])


def test_legend_names_the_class_method_in_words():
    values = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
    gdf = gpd.GeoDataFrame(
        {"areacd": [f"E0600000{i}" for i in range(6)], "areanm": list("ABCDEF")},
        geometry=[square(-2.0 + 0.5 * i, 53.0, 0.5) for i in range(6)],
        crs=geo.WGS84,
    )
    data = pd.DataFrame({"geography_code": gdf["areacd"], "geography_name": gdf["areanm"], "value": values})
    for kind, words in (("quantile", "about the same number of regions in each"), ("equal", "equal width")):
        spec = maps.choropleth(
            gdf, data, title="t", value_label="NEET %", unit="%", scheme_kind=kind, area_noun="regions"
        ).to_dict()
        title = " ".join(_layer(spec, maps.FILL_VIEW)["encoding"]["color"]["legend"]["title"][1:])
        assert title.startswith("Five groups") and words in title


def test_highlight_is_a_parameter_so_one_spec_serves_every_selection():
    plain = maps.choropleth(_three(), _data(), title="t", value_label="v", unit="%").to_dict()
    chosen = maps.choropleth(
        _three(), _data(), title="t", value_label="v", unit="%", highlight_codes=["E06000002"]
    )
    chosen = chosen.to_dict()
    values = {p["name"]: p.get("value") for p in chosen["params"]}
    assert values["highlight"] == ["E06000002"]
    # apart from the parameter's value, the two specs are the same
    assert builders.apply_variant(plain, maps.highlight_variant(["E06000002"])) == chosen
    fill = _layer(chosen, maps.FILL_VIEW)["encoding"]
    assert "highlight" in fill["stroke"]["condition"]["test"]
    assert fill["order"]["field"] == "highlighted"  # drawn last, so its outline is on top


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


def test_map_tooltip_has_no_status_line_and_spells_out_symbols():
    spec = maps.choropleth(_three(), _data(), title="t", value_label="NEET %", unit="%").to_dict()
    titles = [t["title"] for t in _layer(spec, maps.FILL_VIEW)["encoding"]["tooltip"]]
    assert "Status" not in titles
    assert _lookup_rows(spec)["E06000003"]["value_text"] == f"c — {wording.SYMBOL_MEANINGS['c']}"


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


def test_institution_points_take_each_status_style_and_list_only_those_present():
    chart = maps.choropleth(_three(), _data(), title="t", value_label="v", unit="%")
    points = pd.DataFrame(
        {"name": ["A", "B"], "status": ["Lapsed", "Current"], "latitude": [53.2, 53.3], "longitude": [-1.8, -0.7]}
    )
    styles = {"Current": ("#111111", "circle"), "Renewed": ("#222222", "square"), "Lapsed": ("#333333", "diamond")}
    spec = maps.institution_points(
        chart, points, status_order=["Current", "Renewed", "Lapsed"], status_styles=styles, outlined=["Lapsed"]
    ).to_dict()
    enc = spec["layer"][-1]["encoding"]
    assert enc["color"]["scale"]["domain"] == ["Current", "Lapsed"]  # no legend entry for Renewed
    assert enc["color"]["scale"]["range"] == ["#111111", "#333333"]
    assert enc["shape"]["scale"]["range"] == ["circle", "diamond"]
    rows = {r["name"]: r for r in spec["datasets"][spec["layer"][-1]["data"]["name"]]}
    assert rows["A"]["point_outline"] != rows["B"]["point_outline"]  # lapsed is outlined, not haloed
