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
    assert nw.to_dict() == {"Current award": 1, "Renewal not announced": 1}
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
            "not_announced": [2, 0, 0, 0],
            "none": [7, 26, 20, 1],
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


def _groups(rows):
    return pd.DataFrame(
        rows,
        columns=[
            "latest_award_year",
            "latest_award_when",
            "latest_award_status",
            "status_on",
            "holders",
            "not_in_register",
            "names",
            "outside_names",
        ],
    )


def test_published_count_comes_first_and_the_named_record_adds_up_to_it():
    published = {"statement": "NNECL says 15 have achieved it.", "value": 15.0, "as_of": "2025-10"}
    holders = pd.DataFrame(
        {
            "status_on": ["current"] * 6 + ["not_announced"] * 8,
            "in_register": [False] + [True] * 13,
            "name": ["Oldham Sixth Form College"] + [f"N{i}" for i in range(13)],
        }
    )
    groups = _groups(
        [
            (2025, "2025", "awarded", "current", 6, 1, [], ["Oldham Sixth Form College"]),
            (2021, "June 2021", "awarded", "not_announced", 8, 0, [], []),
        ]
    )
    counts = quality_mark.reconcile(15, 14)
    text = wording.reconciliation_text(published, counts, groups, holders, "Greater Manchester", "1 December 2026")
    assert text.startswith(
        "NNECL says 15 have achieved it. The announcements held name 14 of these 15 by October 2025"
    )
    assert "1 is not named in any" in text
    assert "6 hold a current award and 8 have renewal not announced" in text
    assert "6 awarded in 2025 (current; 1 not in the register: Oldham Sixth Form College)" in text
    assert "8 awarded in June 2021 (renewal not announced)" in text and text.endswith("15 = 6 + 8 + 1.")
    assert "lapsed" not in text.lower()
    more = wording.reconciliation_text(published, quality_mark.reconcile(15, 16), groups, holders, "GM", "today")
    assert "more than NNECL's figure" in more and "=" not in more


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
    assert wording.STATUS_LABELS["none"] not in views.CHART_STATUSES
    assert len(views.CHART_STATUSES) == len(set(views.CHART_COLOURS)) == 6


def test_a_status_only_a_source_can_give_is_left_out_unless_a_record_has_it():
    from nnecl_data.ui.views import award_status

    assert "lapsed" not in award_status.statuses_in_use(["current", "not_announced", "none"])
    assert "lapsed" in award_status.statuses_in_use(["lapsed"])
    order, colours = award_status.chart_statuses(["Renewal not announced", "Current award"])
    assert order == ["Current award", "Renewal not announced"] and len(colours) == 2
    assert "lapsed" not in award_status.status_meanings(["current", "not_announced"]).lower()
