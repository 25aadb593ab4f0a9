"""Rules for one authority against its neighbours, region, England and all authorities (worked by hand)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from nnecl_data.rules import comparison as c


def _cells(*rows) -> dict:
    """(code, value, status) tuples as the query layer returns them (no number beside a symbol)."""
    return {code: (None if math.isnan(value) else float(value), status) for code, value, status in rows}


def test_average_uses_published_cells_only_and_says_how_many():
    cells = _cells(("A", 50, None), ("B", 41, None), ("C", math.nan, "c"), ("D", 60, None))
    average = c.neighbour_average(cells, ["A", "B", "C", "D", "E"])  # E has no row at all
    assert average.value == pytest.approx((50 + 41 + 60) / 3)
    assert (average.covered, average.of) == (3, 5) and average.coverage() == "3 of 5"


def test_average_of_nothing_published_is_none_not_zero():
    average = c.neighbour_average(_cells(("A", math.nan, "c"), ("B", math.nan, "x")), ["A", "B"])
    assert average.value is None and average.covered == 0 and average.of == 2
    assert c.format_average(average, "percent") == "no published figure"


def test_rank_is_polarity_aware_and_ties_are_joint():
    cells = _cells(("A", 60, None), ("B", 55, None), ("C", 55, None), ("D", 40, None), ("E", math.nan, "c"))
    assert c.rank_among(cells, "A", "higher_better") == c.Rank(1, False, 4, True)
    tied = c.rank_among(cells, "B", "higher_better")
    assert tied == c.Rank(2, True, 4, True) and tied.words() == "joint 2nd of 4"
    assert c.rank_among(cells, "C", "higher_better").position == 2
    assert c.rank_among(cells, "D", "higher_better").position == 4
    # lower is better (NEET): the smallest figure is first, the tie still shares the better place
    assert c.rank_among(cells, "D", "lower_better").position == 1
    assert c.rank_among(cells, "B", "lower_better") == c.Rank(2, True, 4, True)
    assert c.rank_among(cells, "A", "lower_better").position == 4
    # a suppressed authority has no rank
    assert c.rank_among(cells, "E", "higher_better") is None
    # no better direction: a position, highest first, and said so
    neutral = c.rank_among(cells, "D", "neutral")
    assert neutral.position == 4 and not neutral.directional and neutral.words() == "4th of 4 (highest first)"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinals(n, text):
    assert c.ordinal(n) == text


def test_quartiles_interpolate_like_r_type_7():
    # R: quantile(c(1, 2, 3, 4, 10)) -> 1, 2, 3, 4, 10; quantile(1:4) -> 1, 1.75, 2.5, 3.25, 4
    assert c.quartiles([10, 1, 3, 2, 4]) == (1, 2, 3, 4, 10)
    assert c.quartiles([4, 3, 2, 1]) == (1, 1.75, 2.5, 3.25, 4)
    assert c.quartiles([]) is None


def test_quartile_bands_follow_lait_boundaries():
    limits = (1, 1.75, 2.5, 3.25, 4)
    # higher is better: A is the top quarter; a value on a boundary belongs to the lower quarter
    assert [c.quartile_band(v, limits, "higher_better") for v in (1, 1.75, 2, 2.5, 3, 3.25, 4)] == [
        "D",
        "D",
        "C",
        "C",
        "B",
        "B",
        "A",
    ]
    # lower is better: A is the bottom quarter
    assert [c.quartile_band(v, limits, "lower_better") for v in (1, 1.75, 2, 2.5, 3, 3.25, 4)] == [
        "A",
        "A",
        "B",
        "B",
        "C",
        "C",
        "D",
    ]
    assert c.quartile_band(2, limits, "neutral") is None
    assert c.quartile_band(None, limits, "higher_better") is None
    assert c.quartile_band(math.nan, limits, "higher_better") is None


def _series(*pairs) -> dict:
    return {y: (None if math.isnan(v) else float(v), s) for y, v, s in pairs}


def test_change_starts_at_the_earliest_published_year():
    series = _series((2016, math.nan, "c"), (2017, 40, None), (2018, 44, None), (2025, 50, None))
    change = c.change_since_comparable(series, "cl_eet_19_21", 2025)
    assert (change.start_year, change.start_value, change.end_value, change.change) == (2017, 40, 50, 10)


def test_change_needs_the_latest_year_published():
    series = _series((2017, 40, None), (2025, math.nan, "c"))
    assert c.change_since_comparable(series, "cl_eet_19_21", 2025) is None
    assert c.change_since_comparable(_series((2025, 50, None)), "cl_eet_19_21", 2025) is None


def test_ks4_change_is_measured_from_2022_23_only():
    series = _series((2019, 20.0, None), (2021, 25.0, None), (2023, 21.5, None), (2025, 22.0, None))
    change = c.change_since_comparable(series, "ks4_att8", 2025)
    assert change.start_year == 2023 and change.change == pytest.approx(0.5)


def test_same_area_codes_follow_recodes_but_not_splits():
    las = pd.DataFrame(
        [
            ("E10000023", "815", 2020, "E06000065"),  # North Yorkshire recoded
            ("E06000065", "815", None, None),
            ("E10000021", "928", 2021, "E06000061 E06000062"),  # Northamptonshire split
            ("E06000061", "940", None, None),
            ("E06000062", "941", None, None),
            ("E10000009", "835", 2019, "E06000059"),  # Dorset county: successor has another DfE code
            ("E06000059", "838", None, None),
        ],
        columns=["code", "old_la_code", "end_year", "replaced_by"],
    )
    areas = c.same_area_codes(las)
    assert areas["E10000023"] == areas["E06000065"] == ("E06000065", "E10000023")
    assert areas["E10000021"] == ("E10000021",) and areas["E06000061"] == ("E06000061",)
    assert areas["E10000009"] == ("E10000009",) and areas["E06000059"] == ("E06000059",)


def test_area_cells_take_the_newest_code_per_year():
    rows = pd.DataFrame(
        [
            ("cl_eet_19_21", "E10000023", 2019, 50.0, None),
            ("cl_eet_19_21", "E10000023", 2020, 51.0, None),
            ("cl_eet_19_21", "E06000065", 2020, 52.0, None),
            ("cl_eet_19_21", "E06000065", 2021, math.nan, "c"),
            ("cl_eet_19_21", "E09000001", 2021, 99.0, None),
        ],
        columns=["indicator_code", "geography_code", "year", "value", "status"],
    )
    cells = c.area_cells(rows, {"E10000023": ("E06000065", "E10000023"), "E06000065": ("E06000065", "E10000023")})
    north_yorkshire = {y: f.cell for (_, area, y), f in cells.items() if area == "E06000065"}
    assert north_yorkshire == {2019: (50.0, None), 2020: (52.0, None), 2021: (None, "c")}
    assert cells[("cl_eet_19_21", "E09000001", 2021)].cell == (99.0, None)


def test_difference_words_respect_whole_number_rounding():
    assert c.difference_words(53, 52.6, "percent", 1) == "close to"
    assert c.difference_words(53, 53, "percent", 1) == "the same as"
    assert c.difference_words(53, 52, "percent", 1) == "1 percentage point above"
    assert c.difference_words(50, 52.5, "percent", 1) == "2.5 percentage points below"
    assert c.difference_words(22.0, 21.4, "score", 0.1) == "0.6 points above"
    assert c.verdict(53, 52.6, "higher_better", 1) == "similar"
    assert c.verdict(50, 52.5, "lower_better", 1) == "better"
    assert c.verdict(50, 52.5, "neutral", 1) == ""


def test_publication_step():
    assert c.publication_step([50.0, 41.0]) == 1
    assert c.publication_step([21.4, 18.0]) == 0.1


def test_headline_words_ties_rounding_and_missing_figures():
    benchmarks = [
        c.Benchmark("its statistical neighbours' average", 52.6, "52.6%", "10 of 10 published"),
        c.Benchmark("the North West", 53.0, "53%"),
        c.Benchmark("England", 55.0, "55%"),
    ]
    text = c.headline(
        "Salford",
        "2025",
        53.0,
        None,
        "percent",
        "higher_better",
        "{value} of care leavers aged 19 to 21 in {area} were in education, employment or training",
        benchmarks,
        1,
    )
    assert text == (
        "In 2025, 53% of care leavers aged 19 to 21 in Salford were in education, employment or training: "
        "close to its statistical neighbours' average (52.6%, 10 of 10 published); the same as the North West "
        "(53%); and 2 percentage points below England (55%). Higher is better."
    )
    suppressed = c.headline("Rutland", "2025", math.nan, "c", "percent", "higher_better", "", benchmarks, 1)
    assert suppressed == "Rutland's 2025 figure is not published (c), so it is not compared."
    assert "53" not in suppressed
