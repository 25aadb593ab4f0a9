"""rules/names.normalise_name: the names a reader would call the same compare equal."""

from __future__ import annotations

import pytest

from nnecl_data.rules.names import normalise_name


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("The Manchester College", "Manchester College"),
        ("University of Salford, The", "university of salford"),
        ("St Mary's University, Twickenham", "St Marys University Twickenham"),
        ("Bath & North East Somerset", "Bath and North East Somerset"),
        ("  Newcastle   College ", "NEWCASTLE COLLEGE"),
        ("Hull College’s Campus", "Hull Colleges Campus"),
    ],
)
def test_same_name_written_differently(one, other):
    assert normalise_name(one) == normalise_name(other)


def test_different_names_stay_different_and_empty_is_empty():
    assert normalise_name("Theale College") != normalise_name("Ale College")  # only a whole word 'the' goes
    assert normalise_name("Northumbria University") != normalise_name("Northampton University")
    assert normalise_name(None) == "" and normalise_name("") == ""
    assert normalise_name("Leeds City College") == "leeds city college"
