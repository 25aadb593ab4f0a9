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
    frame = views.map_frame(_regions())
    row = frame[frame["geography_code"] == "E12000003"].iloc[0]
    assert pd.isna(row["value"]) and row["status"] == "c"
    assert list(frame.columns) == ["geography_code", "geography_name", "value", "status", "gap_to_england"]
