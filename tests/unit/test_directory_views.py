"""Pure parts of the directory and gaps view module: search, coverage totals, verdicts, headline."""

import math

import pandas as pd

from nnecl_data.charts import gap_charts
from nnecl_data.ui import directory_views as dv


def _register():
    return pd.DataFrame(
        {
            "name": ["Bolton College", "University of Kent", "St Mary's College"],
            "aliases": ["bolton college", "university of kent; kent", "st marys college; saint marys"],
            "ukprn": ["10000794", "10007150", None],
        }
    )


def test_clean_search_limits_length_and_strips_control_characters():
    text, note = dv.clean_search("a" * 150)
    assert len(text) == dv.MAX_SEARCH and note
    text, note = dv.clean_search("  Bolton\x00\n ")
    assert text == "Bolton" and note is None
    assert dv.clean_search(None) == ("", None)


def test_search_matches_name_alias_and_ukprn_as_plain_text():
    reg = _register()
    assert list(dv.search_mask(reg, "bolton")) == [True, False, False]
    assert list(dv.search_mask(reg, "Saint Marys")) == [False, False, True]
    assert list(dv.search_mask(reg, "St Mary's")) == [False, False, True]
    assert list(dv.search_mask(reg, "1000715")) == [False, True, False]
    assert not dv.search_mask(reg, "<b>x</b>").any()
    assert not dv.search_mask(reg, ".*").any()  # a regular expression is just text
    assert dv.search_mask(reg, "").all()


def test_escape_markdown_leaves_no_live_markup():
    escaped = dv.escape_markdown("<b>x</b> [link](http://a) **bold**")
    assert "<b>" not in escaped and "](" not in escaped and "**" not in escaped


def test_coverage_totals_and_england_coverage():
    cov = pd.DataFrame(
        {
            "region_code": ["A", "A", "B", None],
            "institutions": [4, 6, 5, 5],
            "current_award": [1, 1, 0, 1],
        }
    )
    totals = dv.coverage_totals(cov).set_index("region_code", drop=False)
    assert totals.loc["A", "institutions"] == 10 and totals.loc["A", "pct_current"] == 20.0
    assert totals.loc["B", "pct_current"] == 0.0
    assert dv.england_coverage(cov) == 15.0  # 3 of 20, region not known included
    assert dv.england_coverage(cov.iloc[0:0]) is None


def test_coverage_verdict():
    assert dv.coverage_verdict(10.0, 15.0) == "below England"
    assert dv.coverage_verdict(20.0, 15.0) == "above England"
    assert dv.coverage_verdict(15.0, 15.0) == "same as England"
    assert dv.coverage_verdict(math.nan, 15.0) == "no institutions in the register"


def _regions(verdicts, pcts, gaps):
    df = pd.DataFrame(
        {
            "geography_name": ["North", "South", "East"],
            "verdict": verdicts,
            "pct_current": pcts,
            "gap_to_england": gaps,
        }
    )
    df["flag"] = (df["verdict"] == "worse") & (df["pct_current"] < 5.0)
    return df


NEET = {"label": "Care leavers NEET (%)", "short_label": "NEET", "unit": "percent", "polarity": "lower_better"}


def test_headline_names_regions_worse_and_below_england_coverage():
    df = _regions(["worse", "worse", "better"], [2.0, 8.0, 1.0], [4.0, 3.0, -2.0])
    text = dv.gap_headline(NEET, "2025", df, 40.0, 5.0, ())
    assert "1 of 3 regions" in text and "North (4 percentage points above England" in text
    assert "South" not in text.split("England:")[0] and "East" not in text.split("England:")[0]


def test_headline_when_no_region_is_flagged_and_for_a_neutral_indicator():
    df = _regions(["better", "similar", "better"], [2.0, 8.0, 1.0], [-4.0, 0.0, -2.0])
    assert "no region combines" in dv.gap_headline(NEET, "2025", df, 40.0, 5.0, ())
    neutral = {**NEET, "polarity": "neutral"}
    assert "no better or worse direction" in dv.gap_headline(neutral, "2025", df, 40.0, 5.0, ())
    assert "not published" in dv.gap_headline(NEET, "2025", df, None, 5.0, ())


def test_scatter_has_england_lines_and_a_description():
    points = pd.DataFrame({"Region": ["North", "South"], "coverage": [2.0, 8.0], "gap": [4.0, -1.0]})
    chart = gap_charts.gap_coverage_scatter(
        points, title="t", gap_title="Gap", england_coverage=5.0, description="Scatter of two regions."
    )
    spec = chart.to_dict()
    assert spec["description"] == "Scatter of two regions."
    assert len(spec["layer"]) == 5  # zero line, points, labels, England coverage rule and its label
