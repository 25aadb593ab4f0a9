"""Pure parts of the regional gaps view: coverage verdicts and the headline."""

import math

import pandas as pd

from nnecl_data.ui.views import gaps as views


def test_coverage_verdict():
    assert views.coverage_verdict(10.0, 15.0) == "below England"
    assert views.coverage_verdict(20.0, 15.0) == "above England"
    assert views.coverage_verdict(15.0, 15.0) == "same as England"
    assert views.coverage_verdict(math.nan, 15.0) == "no institutions in the register"


def _regions(verdicts, pcts, gaps):
    df = pd.DataFrame(
        {
            "geography_name": ["North", "South", "East"],
            "verdict": verdicts,
            "pct_current": pcts,
            "gap_to_england": gaps,
            "value": [40.0 + gap for gap in gaps],  # England is 40% in these tests
        }
    )
    df["flag"] = (df["verdict"] == "worse") & (df["pct_current"] < 5.0)
    return df


NEET = {"label": "Care leavers NEET (%)", "short_label": "NEET", "unit": "percent", "polarity": "lower_better"}


def test_headline_names_regions_worse_and_below_england_coverage():
    df = _regions(["worse", "worse", "better"], [2.0, 8.0, 1.0], [4.0, 3.0, -2.0])
    text = views.gap_headline(NEET, "2025", df, 40.0, 5.0, ())
    assert "1 of 3 regions" in text and "North (4 percentage points above England" in text
    assert "South" not in text.split("England:")[0] and "East" not in text.split("England:")[0]


def test_headline_when_no_region_is_flagged_and_for_a_neutral_indicator():
    df = _regions(["better", "similar", "better"], [2.0, 8.0, 1.0], [-4.0, 0.0, -2.0])
    assert "no region combines" in views.gap_headline(NEET, "2025", df, 40.0, 5.0, ())
    neutral = {**NEET, "polarity": "neutral"}
    assert "no better or worse direction" in views.gap_headline(neutral, "2025", df, 40.0, 5.0, ())
    assert "not published" in views.gap_headline(NEET, "2025", df, None, 5.0, ())
