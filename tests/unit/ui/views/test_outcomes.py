"""Pure parts of the regional outcomes view: the headline in words, and the map's rows."""

import pandas as pd

from nnecl_data.ui.views import outcomes as views

NEET = {
    "label": "Care leavers aged 19 to 21 NEET (%)",
    "short_label": "NEET",
    "unit": "percent",
    "polarity": "lower_better",
    "statement": "",
}


def _regions():
    return pd.DataFrame(
        {
            "geography_code": ["E12000001", "E12000002", "E12000003"],
            "geography_name": ["North East", "North West", "Yorkshire and The Humber"],
            "value": [44.0, 38.0, None],
            "status": [None, None, "c"],
            "gap_to_england": [6.0, 0.0, None],
        }
    )


def test_headline_names_best_and_furthest_behind_regions_from_the_figures():
    text = views.outcome_headline(NEET, "2025", _regions(), 38.0, ())
    assert text.startswith("In 2025, England: 38% (care leavers aged 19 to 21 neet (%)).")
    assert "Best region: the North West (38%); furthest behind: the North East (44%)." in text
    assert "Yorkshire" not in text  # a suppressed figure is never ranked


def test_headline_for_a_neutral_indicator_says_highest_and_lowest():
    neutral = {**NEET, "polarity": "neutral"}
    assert "Highest: the North East (44%); lowest: the North West (38%)." in views.outcome_headline(
        neutral, "2025", _regions(), 38.0, ()
    )


def test_headline_when_england_is_not_published():
    text = views.outcome_headline(NEET, "2025", _regions(), None, ())
    assert text == "England's 2025 figure for care leavers aged 19 to 21 neet (%) is not published."


def test_map_frame_keeps_the_status_beside_a_blank_value():
    frame = views.map_frame(_regions(), "percent", "lower_better")
    row = frame[frame["geography_code"] == "E12000003"].iloc[0]
    assert pd.isna(row["value"]) and row["status"] == "c"
    assert list(frame.columns) == ["geography_code", "geography_name", "value", "status", "compared"]
    # the map's tooltip words the gap as every chart does: signed, with its unit and the verdict
    compared = dict(zip(frame["geography_code"], frame["compared"], strict=True))
    assert compared["E12000001"] == "+6 percentage points, worse than England"
    assert compared["E12000002"] == "0 percentage points: the same as England"
    assert compared["E12000003"] == ""


def _series() -> pd.DataFrame:
    rows = [("E92000001", "England", "england", 2025, 40.0, None)]
    rows += [
        (code, name, "regional", 2025, value, status)
        for code, name, value, status in zip(
            _regions()["geography_code"],
            _regions()["geography_name"],
            _regions()["value"],
            _regions()["status"],
            strict=True,
        )
    ]
    return pd.DataFrame(
        rows, columns=["geography_code", "geography_name", "geography_level", "year", "value", "status"]
    )


def _view(regions=None) -> views.OutcomeView:
    return views.OutcomeView(
        NEET, 2025, "2025", 38.0, _regions() if regions is None else regions, _series(), None, "", [], []
    )


def test_trend_highlights_the_chosen_regions_and_the_charts_own_picks():
    codes, note = views.trend_highlight(_view(), ("E12000002",), ["E12000001", "E12000002"])
    assert codes == ["E12000002", "E12000001"] and note == ""


def test_with_nothing_chosen_the_trend_highlights_best_and_furthest_behind_and_says_so():
    codes, note = views.trend_highlight(_view(), (), [])
    # lower is better: North West (38%) is best, North East (44%) furthest behind; Yorkshire is suppressed
    assert codes == ["E12000002", "E12000001"]
    assert "best region (North West)" in note and "furthest behind (North East)" in note


def test_the_trend_table_marks_derived_years():
    series = _series().assign(is_derived=False, period_label="2025")
    earlier = series.assign(year=2016, is_derived=True, period_label="2016")
    view = views.OutcomeView(NEET, 2025, "2025", 38.0, _regions(), pd.concat([earlier, series]), None, "", [], [])
    table = views.series_table(view)
    assert list(table.columns) == ["Area", "Code", "2016 (derived)", "2025"]
