"""Chart builders (nnecl_data.charts.builders, gap_charts) and the page's cached specs (ui.chart_specs).

Every builder is checked against the Vega-Lite schema here, because the app builds its charts with
Altair's validation switched off (it only checks, it never changes the output)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from nnecl_data import wording
from nnecl_data.charts import builders, gap_charts, text
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


def _layers(spec: dict, mark: str) -> list[dict]:
    return [
        layer
        for layer in spec.get("layer", [spec])
        if (layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]) == mark
    ]


def _rows_of(spec: dict, layer: dict) -> list[dict]:
    data = layer.get("data") or spec["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def _england_rules(spec: dict) -> list[dict]:
    """The rule layers that carry a legend entry (the dashed England line, not its white halo)."""
    return [layer for layer in _layers(spec, "rule") if "strokeDash" in layer.get("encoding", {})]


def test_england_is_a_dashed_rule_named_in_the_legend_not_on_the_plot():
    spec = BUILDS["ranked_bars"]().to_dict()
    (rule,) = _england_rules(spec)
    assert _rows_of(spec, rule) == [{"benchmark": 40.0, "benchmark_label": "England: 40%"}]
    assert rule["encoding"]["strokeDash"]["legend"]["orient"] == "top"
    # no text on the plot says "England": nothing to collide with a bar's label
    for layer in _layers(spec, "text"):
        assert not any("England" in str(row.get("label", "")) for row in _rows_of(spec, layer))
    spec = BUILDS["benchmark_bars"]().to_dict()
    (rule,) = _england_rules(spec)
    assert _rows_of(spec, rule) == [{"benchmark": 3.1, "benchmark_label": "England: 3.1"}]


def _ranked(values, england, polarity="lower_better", statuses=None):
    n = len(values)
    return builders.ranked_bars(
        pd.DataFrame(
            {
                "geography_code": [f"E1200000{i}" for i in range(1, n + 1)],
                "geography_name": [f"Region {i}" for i in range(1, n + 1)],
                "value": values,
                "status": statuses or [None] * n,
            }
        ),
        title="t",
        value_label="NEET",
        unit="percent",
        polarity=polarity,
        england=england,
    ).to_dict()


@pytest.mark.parametrize(
    "values, england",
    [
        ([36.0, 36.0, 39.0, 40.0, 41.0, 41.0, 43.0, 44.0, 45.0], 40.0),  # the "39%" struck through
        ([52.0, 51.0, 53.0, 50.0], 52.0),  # "5|2%": a bar ending on England
        ([1.0, 2.0, 3.0], 9.0),  # England beyond every bar
        ([0.0, 0.0, 8.7, 2.2], 1.7),
    ],
)
def test_value_labels_sit_right_of_every_bar_and_of_the_england_rule(values, england):
    spec = _ranked(values, england)
    (labels,) = _layers(spec, "text")
    assert labels["mark"]["align"] == "left" and labels["mark"]["dx"] > 0  # text runs rightwards from x
    xs = {row["label_x"] for row in _rows_of(spec, labels)}
    assert len(xs) == 1  # one column
    (column,) = xs
    assert column >= max(values) and column >= england
    assert labels["encoding"]["x"]["field"] == "label_x"
    # every label on its own row: one label per area, rows a bar apart
    assert sorted(row["geography_name"] for row in _rows_of(spec, labels)) == sorted(
        f"Region {i}" for i in range(1, len(values) + 1)
    )


def test_label_precision_is_the_same_for_every_bar():
    spec = _ranked([17.0, 17.4, 18.0], 17.2)
    (labels,) = _layers(spec, "text")
    assert sorted(row["label"] for row in _rows_of(spec, labels)) == ["17.0%", "17.4%", "18.0%"]


def test_tooltips_are_worded_the_same_everywhere():
    spec = _ranked([44.0, 38.0, None], 41.0, statuses=[None, None, "c"])
    (bars,) = _layers(spec, "bar")
    titles = [t["title"] for t in bars["encoding"]["tooltip"]]
    assert titles == ["Area", "NEET", "Compared with England"]
    rows = {r["geography_name"]: r for r in _rows_of(spec, bars)}
    # signed, with its unit, judged by the rule (lower is better here)
    assert rows["Region 1"]["compared"] == "+3 percentage points, worse than England"
    assert rows["Region 2"]["compared"] == "-3 percentage points, better than England"
    assert rows["Region 3"]["value"] is None
    assert rows["Region 3"]["value_text"] == f"c — {wording.SYMBOL_MEANINGS['c']}"
    assert rows["Region 3"]["compared"] == ""
    # no builder writes a "Status: published" line
    for name, build in BUILDS.items():
        assert '"title": "Status"' not in json.dumps(build().to_dict()) or name in STATUS_CHARTS, name


STATUS_CHARTS = {"grouped_status_bars", "timeline_bars"}  # these chart statuses: "Status" names the category


@pytest.mark.parametrize(
    "gap, unit, polarity, expected",
    [
        (3.0, "percent", "lower_better", "+3 percentage points, worse than England"),
        (-1.0, "percent", "lower_better", "-1 percentage point, similar to England"),  # within a point
        (-1.4, "percent", "lower_better", "-1.4 percentage points, better than England"),
        (-2.0, "percent", "lower_better", "-2 percentage points, better than England"),
        (0.0, "percent", "higher_better", "0 percentage points: the same as England"),
        (2.5, "score", "higher_better", "+2.5 points, better than England"),
        (-4.0, "rate_per_10000", "neutral", "-4 per 10,000 children below England"),
    ],
)
def test_gap_words(gap, unit, polarity, expected):
    assert text.gap_text(gap, unit, polarity) == expected


def test_derived_figures_stay_marked():
    frame = series()
    frame["is_derived"] = [True, True, False, False, False, False]
    spec = builders.trend_lines(frame, title="t", value_label="NEET", unit="percent").to_dict()
    rows = next(r for layer in _layers(spec, "line") for r in [_rows_of(spec, layer)])
    derived = [r for r in rows if r["year"] == 2023 and r["geography_name"] == "England"]
    assert derived[0]["value_text"] == "39% (derived)"
    assert wording.DERIVED_CHART_NOTE in " ".join(spec["title"]["subtitle"])
    bars = regions().assign(is_derived=True)
    spec = builders.ranked_bars(bars, title="t", value_label="NEET", unit="percent", polarity="lower_better")
    assert wording.DERIVED_BARS_NOTE in " ".join(spec.to_dict()["title"]["subtitle"])


# --- trends --------------------------------------------------------------------------------------


def nine_regions() -> pd.DataFrame:
    """Nine regions and England over five years; region i is i points above England every year."""
    rows = []
    for year in range(2021, 2026):
        england = 40.0 + (year - 2021)
        rows.append(("E92000001", "England", "england", year, england, None))
        for i in range(1, 10):
            rows.append((f"E1200000{i}", f"Region {i}", "regional", year, england + i - 5, None))
    return pd.DataFrame(
        rows, columns=["geography_code", "geography_name", "geography_level", "year", "value", "status"]
    )


def _end_labels(spec: dict) -> list[dict]:
    (layer,) = [layer for layer in _layers(spec, "text") if layer["data"].get("name") == builders.TREND_LABELS]
    return layer["data"]["values"]


def test_trend_axis_shows_the_variation_and_years_are_level():
    spec = builders.trend_lines(nine_regions(), title="t", value_label="NEET", unit="percent").to_dict()
    (line, *_) = _layers(spec, "line")
    y = line["encoding"]["y"]["scale"]
    values = nine_regions()["value"]
    assert 0 < y["domain"][0] <= values.min() and y["domain"][1] >= values.max()
    assert y["zero"] is False
    assert wording.NOT_FROM_ZERO_NOTE in " ".join(spec["title"]["subtitle"])  # a y axis not from zero says so
    assert line["encoding"]["x"]["axis"]["labelAngle"] == 0


def test_trend_labels_england_and_each_highlighted_line_at_its_end_without_overlap():
    chosen = ["E12000004", "E12000005", "E12000006"]  # three lines a point apart, England among them
    spec = builders.trend_lines(
        nine_regions(), title="t", value_label="NEET", unit="percent", highlight=chosen
    ).to_dict()
    labels = _end_labels(spec)
    assert sorted(r["end_text"] for r in labels) == ["England 44%", "Region 4 43%", "Region 5 44%", "Region 6 45%"]
    assert all(r["year"] == 2025 for r in labels)
    # no two labels closer than a line of text, in the chart's own pixels
    (line, *_) = _layers(spec, "line")
    low, high = line["encoding"]["y"]["scale"]["domain"]
    px_per_unit = spec["height"] / (high - low)
    ys = sorted(r["label_y"] for r in labels)
    assert min(b - a for a, b in zip(ys, ys[1:], strict=False)) * px_per_unit >= builders.LABEL_FONT
    assert all(low <= y <= high for y in ys)
    values = {p["name"]: p.get("value") for p in spec["params"]}
    assert values[builders.HIGHLIGHT_PARAM] == chosen


def test_with_no_area_chosen_the_best_and_furthest_behind_are_highlighted():
    frame = nine_regions()
    latest = frame[(frame["year"] == 2025) & (frame["geography_level"] != "england")]
    lowest = latest.loc[latest["value"].idxmin(), "geography_code"]
    highest = latest.loc[latest["value"].idxmax(), "geography_code"]
    assert builders.default_highlight(frame, "lower_better") == [lowest, highest]
    assert builders.default_highlight(frame, "higher_better") == [highest, lowest]


# --- the highlight as a parameter ----------------------------------------------------------------


@pytest.mark.parametrize("highlight", [[], ["E12000002"], ["E12000007", "E12000003"]])
def test_served_highlight_equals_the_chart_built_for_it(highlight):
    """The page's charts are built once with nothing highlighted; setting the parameter on the stored
    spec gives exactly the chart the builder makes for that highlight."""
    frame = nine_regions()
    built = builders.trend_lines(frame, title="t", value_label="NEET", unit="percent", highlight=highlight)
    served = chart_specs.trend_lines(frame, title="t", value_label="NEET", unit="percent", highlight=highlight)
    assert served.to_dict() == built.to_dict(validate=True)
    assert served.description == built.description
    latest = frame[frame["year"] == 2025]
    bars = builders.ranked_bars(
        latest, title="t", value_label="NEET", unit="percent", polarity="lower_better", highlight=highlight
    )
    served_bars = chart_specs.ranked_bars(
        latest, title="t", value_label="NEET", unit="percent", polarity="lower_better", highlight=highlight
    )
    assert served_bars.to_dict() == bars.to_dict(validate=True)
    assert json.loads(served_bars.to_json()) == bars.to_dict()


def test_the_gap_scatter_is_one_spec_whatever_its_description_says():
    points = pd.DataFrame({"Region": ["North", "South"], "coverage": [2.0, 8.0], "gap": [4.0, -1.0]})
    served = [
        chart_specs.gap_coverage_scatter(
            points, title="t", gap_title="Gap", england_coverage=5.0, description=f"Scatter; {words}."
        )
        for words in ("North East chosen", "London chosen")
    ]
    built = gap_charts.gap_coverage_scatter(
        points, title="t", gap_title="Gap", england_coverage=5.0, description="Scatter; London chosen."
    )
    assert served[1].to_dict() == built.to_dict(validate=True)
    assert (
        served[1].description == "Scatter; London chosen."
        and served[0].description == "Scatter; North East chosen."
    )
    assert served[0].page_json == served[1].page_json  # the same stored spec


def test_a_new_highlight_reuses_the_stored_chart(monkeypatch):
    calls = []
    original = builders.ranked_bars

    def counting(*args, **kwargs):
        calls.append(kwargs.get("highlight"))
        return original(*args, **kwargs)

    wrapped = chart_specs.cached(counting, variant=chart_specs._ranked_bars_variant)
    frame = nine_regions()[lambda d: d["year"] == 2024]
    for chosen in (["E12000001"], ["E12000002"], [], ["E12000003", "E12000004"]):
        spec = wrapped(
            frame, title="t", value_label="NEET", unit="percent", polarity="lower_better", highlight=chosen
        )
        assert {p["name"]: p["value"] for p in spec.to_dict()["params"]}[builders.HIGHLIGHT_PARAM] == chosen
    assert calls == [None]  # built once, with nothing highlighted


# --- Quality Mark statuses, legends and timelines ------------------------------------------------


def test_legends_list_only_categories_with_rows():
    frame = pd.DataFrame({"Region": ["North East", "London"], "Status": ["Lapsed", "Current"], "n": [2, 1]})
    order, colours = (
        ["Current", "Renewed", "Working towards", "Lapsed"],
        ["#12436D", "#28A197", "#A285D1", "#BFBFBF"],
    )
    spec = builders.grouped_status_bars(
        frame, category="Region", status="Status", count="n", title="t", status_order=order, status_colours=colours
    ).to_dict()
    (bars,) = _layers(spec, "bar")
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Current", "Lapsed"]
    assert scale["range"] == ["#12436D", "#BFBFBF"]


def test_status_bars_carry_more_than_colour():
    frame = pd.DataFrame(
        {"Region": ["North West"] * 3, "Status": ["Current", "Ends this year", "Lapsed"], "n": [5, 1, 10]}
    )
    spec = builders.grouped_status_bars(
        frame,
        category="Region",
        status="Status",
        count="n",
        title="t",
        status_order=["Current", "Ends this year", "Lapsed"],
        status_colours=["#12436D", "#F46A25", "#BFBFBF"],
        dashed_statuses=["Lapsed"],
    ).to_dict()
    (bars,) = _layers(spec, "bar")
    rows = {r["Status"]: r for r in _rows_of(spec, bars)}
    assert rows["Lapsed"]["dash"] != rows["Current"]["dash"]  # an outline pattern, not colour alone
    # each segment's count is written in it, and the bar's total at its end
    texts = [r for layer in _layers(spec, "text") for r in _rows_of(spec, layer)]
    assert {r["count_text"] for r in texts if "count_text" in r} == {"5", "1", "10"}
    assert [r["total"] for r in texts if "count_text" not in r] == [16]


def test_timeline_has_every_year_on_its_axis():
    frame = pd.DataFrame(
        {
            "award_year": [2021, 2022, 2025, 2025],
            "awards": [4, 6, 7, 2],
            "status": ["Awarded", "Awarded", "Awarded", "Renewed"],
        }
    )
    spec = builders.timeline_bars(
        frame,
        year="award_year",
        count="awards",
        status="status",
        title="t",
        status_order=["Awarded", "Renewed", "Working towards"],
        status_colours=["#12436D", "#28A197", "#A285D1"],
    ).to_dict()
    years = list(range(frame["award_year"].min(), frame["award_year"].max() + 1))
    for layer in spec["layer"]:
        assert layer["encoding"]["x"]["scale"]["domain"] == years
        assert layer["encoding"]["x"]["axis"]["labelAngle"] == 0
    (bars,) = _layers(spec, "bar")
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Awarded", "Renewed"]
    assert "2023, 2024" in spec["description"]


# --- scatter and target -----------------------------------------------------------------------------


def test_scatter_names_sit_off_both_england_lines_on_a_phone():
    points = pd.DataFrame(
        {
            "Region": ["South West", "North West", "Yorkshire and The Humber", "London, South East"],
            "coverage": [0.0, 8.7, 2.2, 0.0],
            "gap": [0.0, 1.0, 5.0, -4.0],
        }
    )
    spec = gap_charts.gap_coverage_scatter(
        points, title="t", gap_title="Gap", england_coverage=1.7, description="Scatter."
    ).to_dict()
    (circle,) = _layers(spec, "circle")
    x_low, x_high = circle["encoding"]["x"]["scale"]["domain"]
    y_low, y_high = circle["encoding"]["y"]["scale"]["domain"]
    width, height = 260, spec["height"]  # a phone's plot
    char = 11 * 0.55
    checked = 0
    for layer in _layers(spec, "text"):
        mark = layer["mark"]
        (kept,) = [t["filter"] for t in layer["transform"] if "filter" in t]  # each layer draws one placement
        for row in _rows_of(spec, layer):
            if kept != f"(datum.placement === '{row['placement']}')":
                continue
            x = (row["coverage"] - x_low) / (x_high - x_low) * width + mark.get("dx", 0)
            y = (y_high - row["gap"]) / (y_high - y_low) * height + mark.get("dy", 0)
            span = len(row["Region"]) * char
            left = {"left": x, "right": x - span, "center": x - span / 2}[mark["align"]]
            top = {"middle": y - 7, "bottom": y - 14, "top": y}[mark["baseline"]]
            zero_line = (y_high - 0) / (y_high - y_low) * height
            assert not top <= zero_line <= top + 14, row["Region"]  # never struck through by England's line
            assert left >= 0, row["Region"]  # never over the axis
            checked += 1
    assert checked == len(points)  # labels are drawn on a white background, over the rules
    assert any(layer["mark"].get("color") == "#FFFFFF" for layer in _layers(spec, "rect"))
    assert len(_england_rules(spec)) == 2


def test_target_labels_once_per_year_and_clear_of_the_target_rule():
    frame = pd.DataFrame(
        {
            "year": [2024, 2025, 2026, 2026, 2027],
            "institutions": [5.0, 20.0, 31.0, 31.0, 32.0],
            "series": ["Recorded", "Recorded", "Recorded", "Projected", "Projected"],
        }
    )
    spec = builders.target_projection(
        frame,
        year="year",
        value="institutions",
        series="series",
        target=32,
        deadline=2027,
        title="t",
        y_title="n",
        series_order=["Recorded", "Projected"],
    ).to_dict()
    layers = _layers(spec, "text")
    rows = _rows_of(spec, layers[0])
    assert sorted(r["year"] for r in rows) == [2024, 2025, 2026, 2027]  # once a year, though 2026 has two points
    for row in rows:
        # within a line of text (and a gap) of the target rule, the figure goes under its point
        near = (32 - row["institutions"]) / 32 * spec["height"] < 24
        assert (row["label_dy"] > 0) == near, row
    below = next(layer for layer in layers if layer["transform"][0]["filter"] == "datum.label_dy > 0")
    above = next(layer for layer in layers if layer["transform"][0]["filter"] == "datum.label_dy < 0")
    assert below["mark"]["baseline"] == "top" and below["mark"]["dy"] > 0
    assert above["mark"]["baseline"] == "bottom" and above["mark"]["dy"] < 0


# --- label placement helpers (charts/text.py) ----------------------------------------------------------


@pytest.mark.parametrize(
    "positions", [[100.0, 101.0, 102.0], [0.0, 1.0], [355.0, 358.0, 359.0, 360.0], [50.0, 200.0, 51.0]]
)
def test_dodge_keeps_labels_a_line_apart_in_order_and_on_the_chart(positions):
    placed = text.dodge(positions, 15, 0, 360)
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    ys = [placed[i] for i in order]
    assert all(b - a >= 15 - 1e-9 for a, b in zip(ys, ys[1:], strict=False))
    assert all(0 <= y <= 360 for y in placed)
    # labels already apart do not move
    far = text.dodge([10.0, 100.0, 300.0], 15, 0, 360)
    assert far == [10.0, 100.0, 300.0]


def test_one_precision_per_chart():
    assert text.decimals_for([36.0, 40.0, 45.0], "percent") == 0
    assert text.decimals_for([17.0, 17.4], "percent") == 1
    assert text.decimals_for([42.0], "score") == 1
    assert text.value_text(17.0, None, "percent", 1) == "17.0%"
    assert text.value_text(61.0, None, "rate_per_10000", 0) == "61 per 10,000"
    assert text.value_text(None, "low", "percent") == f"low — {wording.SYMBOL_MEANINGS['low']}"
