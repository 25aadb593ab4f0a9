"""Chart builders (nnecl_data.charts.builders, gap_charts) and the page's cached specs (ui.chart_specs).

Every builder is checked against the Vega-Lite schema here, because the app builds its charts with
Altair's validation switched off (it only checks, it never changes the output)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from nnecl_data.charts import builders, gap_charts
from nnecl_data.ui import chart_specs

STATUS_ORDER = ["Accredited", "Renewal not announced"]
COLOURS = ["#12436D", "#BFBFBF"]


def regions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geography_code": ["E12000001", "E12000002", "E12000003"],
            "geography_name": ["North East", "North West", "Yorkshire and The Humber"],
            "value": [44.0, np.nan, 38.0],
            "status": [None, "c", None],
            "gap_to_england": [4.0, np.nan, -2.0],
        }
    )


def series() -> pd.DataFrame:
    rows = []
    for year, (ne, eng) in zip((2023, 2024, 2025), ((41.0, 39.0), (np.nan, 40.0), (44.0, 40.0)), strict=True):
        rows.append(("E12000001", "North East", "regional", year, ne, None if ne == ne else "c"))
        rows.append(("E92000001", "England", "england", year, eng, None))
    return pd.DataFrame(
        rows, columns=["geography_code", "geography_name", "geography_level", "year", "value", "status"]
    )


BUILDS = {
    "ranked_bars": lambda: builders.ranked_bars(
        regions(),
        title="NEET",
        value_label="NEET",
        unit="percent",
        polarity="lower_better",
        england=40.0,
        highlight=["E12000001"],
    ),
    "trend_lines": lambda: builders.trend_lines(
        series(), title="NEET over time", value_label="NEET", unit="percent", highlight=["E12000001"]
    ),
    "grouped_status_bars": lambda: builders.grouped_status_bars(
        pd.DataFrame({"Region": ["North East", "North East"], "Status": STATUS_ORDER, "Institutions": [3, 1]}),
        category="Region",
        status="Status",
        count="Institutions",
        title="Status by region",
        status_order=STATUS_ORDER,
        status_colours=COLOURS,
    ),
    "simple_bars": lambda: builders.simple_bars(
        pd.DataFrame({"Region": ["North East", "London"], "n": [3, 5]}),
        category="Region",
        value="n",
        title="Counts",
        x_title="Institutions",
    ),
    "timeline_bars": lambda: builders.timeline_bars(
        pd.DataFrame({"award_year": [2021, 2022], "awards": [4, 6], "status": STATUS_ORDER}),
        year="award_year",
        count="awards",
        status="status",
        title="Awards by year",
        status_order=STATUS_ORDER,
        status_colours=COLOURS,
    ),
    "benchmark_bars": lambda: builders.benchmark_bars(
        pd.DataFrame({"geography_name": ["North East", "London"], "value": [2.5, 4.0]}),
        category="geography_name",
        value="value",
        title="Members per 100",
        x_title="Members",
        benchmark=3.1,
    ),
    "target_projection": lambda: builders.target_projection(
        pd.DataFrame({"year": [2024, 2025, 2026, 2027], "institutions": [5, 7, 9, 11], "series": ["Held"] * 4}),
        year="year",
        value="institutions",
        series="series",
        target=32,
        deadline=2027,
        title="Target",
        y_title="Institutions",
    ),
    "stacked_bars": lambda: builders.stacked_bars(
        pd.DataFrame({"Region": ["North East", "North East"], "Type": ["College", "University"], "n": [2, 1]}),
        category="Region",
        stack="Type",
        count="n",
        title="Members",
        stack_order=["College", "University"],
        colours=COLOURS,
        legend_title="Type",
        x_title="Members",
    ),
    "gap_coverage_scatter": lambda: gap_charts.gap_coverage_scatter(
        pd.DataFrame({"Region": ["North East", "London"], "coverage": [2.0, 0.5], "gap": [4.0, -6.0]}),
        title="Gap against coverage",
        gap_title="NEET gap (points)",
        england_coverage=1.3,
        description="Scatter chart of two regions.",
    ),
}


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_every_builder_gives_a_valid_spec_with_a_title_and_a_description(name):
    chart = BUILDS[name]()
    spec = chart.to_dict(validate=True)  # raises on anything Vega-Lite would reject
    assert spec.get("title"), name
    assert isinstance(chart.description, str) and len(chart.description) > 10, name


def _layer_rows(spec: dict, mark: str) -> list[dict]:
    """Rows of the dataset behind the first layer drawn with `mark`."""
    for layer in spec.get("layer", [spec]):
        kind = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        if kind == mark:
            name = (layer.get("data") or spec["data"])["name"]
            return spec["datasets"][name]
    raise AssertionError(f"no {mark} layer")


def test_suppressed_area_keeps_its_symbol_and_gets_no_number():
    spec = BUILDS["ranked_bars"]().to_dict()
    rows = {r["geography_name"]: r for r in _layer_rows(spec, "bar")}
    assert rows["North West"]["value"] is None
    assert rows["North West"]["label"] == "c"
    assert rows["North East"]["label"] == "44%"


def test_trend_gap_is_null_not_zero():
    spec = BUILDS["trend_lines"]().to_dict()
    ne = [r for r in _layer_rows(spec, "line") if r["geography_name"] == "North East"]
    assert [r["value"] for r in sorted(ne, key=lambda r: r["year"])] == [41.0, None, 44.0]


def test_records_are_plain_json_values():
    df = pd.DataFrame(
        {
            "n": np.array([1, 2], dtype="int64"),
            "x": [1.5, np.nan],
            "when": [pd.Timestamp("2025-03-31"), pd.NaT],
            "day": [dt.date(2024, 1, 2), None],
            "s": pd.array(["a", pd.NA], dtype="string"),
        }
    )
    rows = builders.records(df)
    assert rows == [
        {"n": 1, "x": 1.5, "when": "2025-03-31T00:00:00", "day": "2024-01-02", "s": "a"},
        {"n": 2, "x": None, "when": None, "day": None, "s": None},
    ]
    assert type(rows[0]["n"]) is int
    json.dumps(rows)  # serialisable as is


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_served_spec_is_the_validated_spec(name):
    """The page's spec (built without validation, kept as text) equals Altair's validated output."""
    chart = BUILDS[name]()
    served = chart_specs.spec_of(chart)
    assert json.loads(served.json) == chart.to_dict(validate=True)
    assert served.description == chart.description


def test_cached_wrapper_rebuilds_only_for_new_inputs():
    calls = []

    def builder(df, *, title):
        calls.append(title)
        return builders.simple_bars(df, category="Region", value="n", title=title, x_title="n")

    wrapped = chart_specs.cached(builder)
    frame = pd.DataFrame({"Region": ["North East", "London"], "n": [3, 5]})
    first = wrapped(frame, title="Counts")
    again = wrapped(frame.copy(), title="Counts")  # same content, new object: served from the cache
    changed = wrapped(frame.assign(n=[3, 6]), title="Counts")
    assert calls == ["Counts", "Counts"]
    assert again == first
    assert changed != first
    assert json.loads(changed.json)["datasets"] != json.loads(first.json)["datasets"]


def test_page_spec_carries_the_same_rows_as_arrow():
    import pyarrow as pa

    chart = BUILDS["ranked_bars"]()
    served = chart_specs.spec_of(chart)
    full, page = served.to_dict(), served.page_spec()
    assert {k: v for k, v in page.items() if k != "datasets"} == {k: v for k, v in full.items() if k != "datasets"}
    assert set(page["datasets"]) == set(full["datasets"])
    for name, rows in full["datasets"].items():
        table = pa.ipc.open_stream(page["datasets"][name]).read_all()
        got = table.to_pylist()
        assert len(got) == len(rows)
        for mine, theirs in zip(got, rows, strict=True):
            # NaN and null both mean "no value" to Vega; every other cell is the same value
            assert {k: v for k, v in mine.items() if v == v and v is not None} == {
                k: v for k, v in theirs.items() if v is not None
            }


def test_england_is_a_labelled_rule_on_bar_charts():
    spec = BUILDS["ranked_bars"]().to_dict()
    assert _layer_rows(spec, "rule") == [{"benchmark": 40.0, "text": "England 40%"}]
    spec = BUILDS["benchmark_bars"]().to_dict()
    assert _layer_rows(spec, "rule") == [{"benchmark": 3.1, "text": "England 3.1"}]


def test_gap_scatter_has_england_lines_and_a_description():
    points = pd.DataFrame({"Region": ["North", "South"], "coverage": [2.0, 8.0], "gap": [4.0, -1.0]})
    chart = gap_charts.gap_coverage_scatter(
        points, title="t", gap_title="Gap", england_coverage=5.0, description="Scatter of two regions."
    )
    spec = chart.to_dict()
    assert spec["description"] == "Scatter of two regions."
    assert len(spec["layer"]) == 5  # zero line, points, labels, England coverage rule and its label
