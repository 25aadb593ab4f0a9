"""Pure parts of the Quality Mark coverage view."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from nnecl_data import wording
from nnecl_data.rules import quality_mark
from nnecl_data.ui.views import quality_mark as views
from nnecl_data.ui.views.award_status import pct_text
from tests.unit.ui.views.samples import awards

ON = dt.date(2026, 11, 23)


def _institutions():
    return pd.DataFrame(
        {
            "institution_id": ["a", "b", "c", "d"],
            "name": ["A", "B", "C", "D"],
            "type": ["university", "university", "general_fe_college", "general_fe_college"],
            "region_code": ["E12000002", "E12000002", "E12000001", None],
            "region_name": ["North West", "North West", "North East", None],
        }
    )


def _with_labels(on=ON, records=None):
    out = quality_mark.with_status(_institutions(), awards() if records is None else records, on)
    return out.assign(status_label=out["status"].map(wording.STATUS_LABELS))


def test_status_counts_leave_out_institutions_with_no_record():
    counts = views.status_counts(_with_labels(), "region_name")
    assert counts["Institutions"].sum() == 3
    nw = counts[counts["region_name"] == "North West"].set_index("Status")["Institutions"]
    assert nw.to_dict() == {"Current award": 1, "Lapsed (no renewal recorded)": 1}
    assert list(counts.columns) == ["region_name", "Status", "Institutions"]


def test_status_counts_of_nothing_is_an_empty_frame_with_columns():
    assert views.status_counts(_with_labels(records=awards().iloc[0:0]), "region_name").empty


def test_filter_frame_by_region_and_type():
    df = _institutions()
    assert views.filter_frame(df, ("E12000002",), ())["institution_id"].tolist() == ["a", "b"]
    assert views.filter_frame(df, (), ("general_fe_college",))["institution_id"].tolist() == ["c", "d"]
    assert views.filter_frame(df, ("E12000001",), ("university",)).empty
    assert len(views.filter_frame(df, (), ())) == 4


def test_coverage_rates_sum_types_per_region_and_keep_unknown_region_in_england():
    coverage = pd.DataFrame(
        {
            "region_code": ["E12000001", "E12000001", "E12000002", None],
            "region_name": ["North East", "North East", "North West", "Region not known"],
            "type": ["university", "general_fe_college", "university", "university"],
            "institutions": [10, 30, 20, 2],
            "current_award": [1, 3, 0, 1],
            "working_towards": [0, 1, 0, 0],
            "none": [9, 26, 20, 1],
        }
    )
    regions, england = views.coverage_rates(coverage)
    by_code = regions.set_index("region_code")
    assert by_code.loc["E12000001", "institutions"] == 40
    assert by_code.loc["E12000001", "pct_current"] == 10.0
    assert by_code.loc["E12000002", "pct_current"] == 0.0
    assert england["institutions"] == 62 and england["current_award"] == 5
    assert england["pct_current"] == pytest.approx(8.1)
    assert england["region_not_known"] == 2
    assert len(regions) == 2


def test_pct_text():
    assert pct_text(None) == "not available"
    assert pct_text(50.0) == "50%" and pct_text(1.3) == "1.3%"


def test_headline_is_built_from_the_figures_and_says_what_lapsed_means():
    text = views.qm_headline(
        {"named": 28, "total": 50}, {"value": 50.0, "as_of": "2025"}, held=8, lapsed=20, unmatched=1, on=ON
    )
    assert text.startswith("NNECL reports 50 institutions awarded the Quality Mark by 2025")
    assert "name 28 of them" in text and "8 hold a current award on 23 November 2026" in text
    assert "20 have no later award or renewal recorded" in text
    assert "1 named award is not matched" in text and "not dropped" in text
    without = views.qm_headline({"named": 3, "total": None}, None, held=1, lapsed=0, unmatched=0, on=ON)
    assert "NNECL reports" not in without and "1 holds" in without and "not matched" not in without


def test_selection_sentence_names_types_and_regions():
    regions = pd.DataFrame(
        {
            "region_code": ["E12000002"],
            "region_name": ["North West"],
            "current_award": [5],
            "institutions": [50],
            "pct_current": [10.0],
        }
    )
    england = {"current_award": 7, "institutions": 520, "pct_current": 1.3}
    text = views.selection_sentence(regions, england, ("E12000002",), "University")
    assert text == (
        "England: 7 of 520 institutions in the register (University only) (1.3%) hold a current award. "
        "North West: 5 of 50 (10%)."
    )


def test_the_charts_show_every_status_but_no_record_with_its_own_colour():
    assert "No award recorded" not in views.CHART_STATUSES
    assert len(views.CHART_STATUSES) == len(set(views.CHART_COLOURS)) == 5
