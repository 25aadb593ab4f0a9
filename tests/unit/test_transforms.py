import math

import pandas as pd

from nnecl_data.rules import transforms as t


def _regions():
    return pd.DataFrame(
        {
            "geography_code": ["A", "B", "C", "D"],
            "geography_name": ["North", "South", "East", "West"],
            "value": [44.0, 30.0, float("nan"), 40.0],
            "status": [None, None, "c", None],
        }
    )


def test_gap_to_england_only_for_published_values():
    out = t.with_england_gap(_regions(), 40.0)
    assert list(out["gap_to_england"][:2]) == [4.0, -10.0]
    assert math.isnan(out.loc[2, "gap_to_england"])
    assert out.loc[3, "gap_to_england"] == 0


def test_rank_follows_polarity_and_skips_suppressed():
    lower = t.with_rank(_regions(), "lower_better")
    assert dict(zip(lower.geography_code, lower["rank"], strict=True))["B"] == 1
    assert pd.isna(lower.loc[2, "rank"])
    higher = t.with_rank(_regions(), "higher_better")
    assert higher.loc[0, "rank"] == 1


def test_performance_words():
    assert t.performance_against_england(4, "lower_better") == "worse"
    assert t.performance_against_england(-4, "lower_better") == "better"
    assert t.performance_against_england(0.2, "higher_better") == "similar"
    assert t.performance_against_england(None, "higher_better") == "not comparable"
    assert t.performance_against_england(5, "neutral") == "higher"


def test_headline_states_gap_in_percentage_points():
    text = t.headline("the North East", "NEET", "percent", "lower_better", "2025", 44.0, None, 40.0)
    assert "44%" in text and "4 percentage points above England (40%)" in text and "worse" in text


def test_headline_for_a_suppressed_value_has_no_number():
    text = t.headline("Rutland", "NEET", "percent", "lower_better", "2025", float("nan"), "c", 40.0)
    assert "not published" in text and "40" not in text


def test_change_between_years():
    series = pd.DataFrame(
        {
            "geography_code": ["A", "A", "B", "B"],
            "geography_name": ["a", "a", "b", "b"],
            "year": [2016, 2025, 2016, 2025],
            "value": [45.0, 40.0, 34.0, float("nan")],
        }
    )
    out = t.change_between(series, 2016, 2025).set_index("geography_code")
    assert out.loc["A", "change"] == -5
    assert math.isnan(out.loc["B", "change"])


def test_extremes_respect_polarity():
    best, worst = t.extremes(_regions(), "lower_better")
    assert best.geography_code == "B" and worst.geography_code == "A"


def test_headline_with_a_statement_reads_as_a_sentence():
    text = t.headline(
        t.area_phrase("North East"),
        "NEET",
        "percent",
        "lower_better",
        "2025",
        44.0,
        None,
        40.0,
        "{value} of care leavers aged 19 to 21 in {area} were NEET",
    )
    assert text == (
        "In 2025, 44% of care leavers aged 19 to 21 in the North East were NEET: "
        "4 percentage points above England (40%), worse than England."
    )


def test_area_phrase():
    assert t.area_phrase("London") == "London" and t.area_phrase("South West") == "the South West"
    assert t.area_phrase("Yorkshire and The Humber") == "Yorkshire and The Humber"
    assert t.area_phrase("Bury", level="local_authority") == "Bury"


def test_figures_published_with_a_decimal_keep_it_and_the_gap_matches():
    text = t.headline("the North East", "KS4", "percent", "higher_better", "2024/25", 18.5, None, 17.4)
    assert "18.5%" in text and "1.1 percentage points above England (17.4%)" in text
    whole = t.headline("the North East", "NEET", "percent", "lower_better", "2025", 41.0, None, 40.0)
    assert "1 percentage point above England (40%)" in whole


def test_one_rule_for_similar_gaps_a_1_point_gap_is_never_worse_while_0_4_is_similar():
    # DfE rounds to whole numbers: a 1-point gap may be rounding alone, so it is similar, as is 0.4
    for gap in (0.4, -0.4, 1.0, -1.0, 1.0000000001, 0.0):
        assert t.performance_against_england(gap, "lower_better") == "similar", gap
    assert t.performance_against_england(1.1, "lower_better") == "worse"
    assert t.performance_against_england(2.0, "lower_better") == "worse"
    assert t.performance_against_england(-2.0, "lower_better") == "better"
    assert t.performance_against_england(2.0, "neutral") == "higher"
    assert t.performance_against_england(1.0, "neutral") == "similar"
    # the headline uses the same rule: a 1-point gap is similar, never worse
    one = t.headline("the North West", "NEET", "percent", "lower_better", "2025", 41.0, None, 40.0)
    assert "1 percentage point above England (40%), similar to England." in one and "worse" not in one


def test_figures_side_by_side_share_one_precision():
    assert t.decimals_for([17.0, 17.4], "percent") == 1
    assert t.decimals_for([40.0, 36.0, float("nan"), None], "percent") == 0
    assert t.decimals_for([20.0], "score") == 1
    text = t.headline("the North West", "KS4", "percent", "higher_better", "2024/25", 17.0, None, 17.4)
    assert "17.0%" in text and "(17.4%)" in text and "0.4 percentage points below England" in text


def _regions_with_ties():
    return pd.DataFrame(
        {
            "geography_code": ["L", "SE", "Y", "NE", "C"],
            "geography_name": ["London", "South East", "Yorkshire and The Humber", "North East", "Cornwall"],
            "value": [36.0, 36.0, 45.0, 45.0, float("nan")],
            "status": [None, None, None, None, "c"],
        }
    )


def test_ties_are_named_together_and_ranks_say_joint():
    best, worst = t.tied_extremes(_regions_with_ties(), "lower_better")
    assert t.names_with_value(best, "percent", 0) == "London and the South East (36%)"
    assert t.names_with_value(worst, "percent", 0) == "the North East and Yorkshire and The Humber (45%)"
    ranked = t.with_rank(_regions_with_ties(), "lower_better")
    assert t.rank_words(1, ranked["rank"]) == "joint 1st"
    assert t.rank_words(3, ranked["rank"]) == "joint 3rd"
    assert t.rank_words(2, [1, 2, 3]) == "2nd" and t.ordinal(11) == "11th" and t.ordinal(22) == "22nd"


def _series(values, derived=(True, True, False, False)):
    return pd.DataFrame(
        {
            "year": [2016, 2017, 2018, 2025],
            "period_label": ["2016", "2017", "2018", "2025"],
            "value": values,
            "status": [None if v == v else "c" for v in values],
            "is_derived": list(derived),
        }
    )


def test_change_since_the_earliest_comparable_year():
    assert t.change_since(_series([37.0, 38.0, 39.0, 40.0]), 2025, "percent") == (
        "Since 2016 (37%, derived from DfE's counts): up 3 percentage points."
    )
    # a suppressed first year: the earliest comparable year is the first one published
    assert t.change_since(_series([float("nan"), 38.0, 39.0, 36.0]), 2025, "percent") == (
        "Since 2017 (38%, derived from DfE's counts): down 2 percentage points."
    )
    assert t.change_since(_series([39.0, 38.0, 39.0, 40.0]), 2025, "percent") == (
        "Since 2016 (39%, derived from DfE's counts): similar (up 1 percentage point)."
    )
    assert t.change_since(_series([40.0, 38.0, 39.0, 40.0], derived=(False,) * 4), 2025, "percent") == (
        "Since 2016 (40%): no change."
    )
    assert t.change_since(_series([40.0, 38.0, 39.0, float("nan")]), 2025, "percent") == ""  # nothing to end on
    assert t.derived_mark(_series([1.0, 2.0, 3.0, 4.0])) == " (2016 and 2017 derived)"
    assert t.derived_mark(_series([1.0, 2.0, 3.0, 4.0], derived=(False,) * 4)) == ""
