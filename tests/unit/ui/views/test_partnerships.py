"""Pure parts of the local partnerships view: one row per region covered, gaps said, never filled in."""

import pandas as pd

from nnecl_data import wording
from nnecl_data.ui.views import partnerships as views


def test_areas_give_one_row_per_region_and_say_when_none_is_stated():
    records = pd.DataFrame(
        {
            "name": ["Two regions", "No region"],
            "area": ["North", "Somewhere"],
            "regions": [["E12000001", "E12000002"], []],
            "las": [["E06000001"], []],
            "la_names": ["Hartlepool", views.NO_LA_NAMED],
        }
    )
    areas = views._areas(records, {"E12000001": "North East", "E12000002": "North West"})
    assert areas["Region"].tolist() == ["North East", "North West", wording.NOT_STATED]
    assert areas["Local authority codes"].tolist() == ["E06000001", "E06000001", ""]
    assert list(areas.columns) == views.AREA_COLUMNS


def test_names_keep_an_unknown_code_and_say_when_there_are_none():
    assert views._names(["A", "B"], {"A": "Alpha"}, "none") == "Alpha, B"
    assert views._names([], {}, "none") == "none"
