"""Pure parts of the overview view: the change on the year before, in words."""

import math

from nnecl_data.ui.views import overview as views


def test_change_is_in_points_with_the_arrow_colour_of_the_indicators_direction():
    assert views._change(40.0, 38.0, 2024, "lower_better") == ("+2 points on 2024", "inverse")
    assert views._change(55.0, 57.0, 2024, "higher_better") == ("-2 points on 2024", "normal")


def test_no_change_has_no_arrow_colour_and_a_missing_year_has_no_delta():
    assert views._change(40.2, 40.0, 2024, "lower_better") == ("no change on 2024", "off")
    assert views._change(None, 40.0, 2024, "lower_better") == (None, "inverse")
    assert views._change(40.0, math.nan, 2024, "higher_better") == (None, "normal")
