"""Pure parts of the Quality Mark, member and target view models."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from nnecl_data.ui import provision_views as pv

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


def _awards():
    return pd.DataFrame(
        {
            "institution_id": ["a", "b", "b", "c", None],
            "award_year": [2025, 2021, 2022, 2021, 2025],
            "expiry_year": [2028, 2024, 2025, 2024, 2028],
            "status": ["awarded", "awarded", "renewed", "awarded", "awarded"],
        }
    )


def test_with_status_uses_the_best_status_and_marks_no_record_as_none():
    out = pv.with_status(_institutions(), _awards(), ON).set_index("institution_id")
    assert out.loc["a", "status"] == "current" and out.loc["a", "holds_award"]
    assert out.loc["b", "status"] == "lapsed" and not out.loc["b", "holds_award"]  # renewal of 2022 ended 2025
    assert out.loc["d", "status"] == "none" and out.loc["d", "status_label"] == "No award recorded"
    assert out.loc["b", "status_label"].startswith("Lapsed (no renewal recorded)")


def test_renewal_in_its_expiry_year_still_counts_as_held():
    out = pv.with_status(_institutions(), _awards(), dt.date(2025, 6, 1)).set_index("institution_id")
    assert out.loc["b", "status"] == "expiring" and out.loc["b", "holds_award"]


def test_status_counts_leave_out_institutions_with_no_record():
    df = pv.with_status(_institutions(), _awards(), ON)
    counts = pv.status_counts(df, "region_name")
    assert counts["Institutions"].sum() == 3
    nw = counts[counts["region_name"] == "North West"].set_index("Status")["Institutions"]
    assert nw.to_dict() == {pv.STATUS_LABELS["current"]: 1, pv.STATUS_LABELS["lapsed"]: 1}
    assert list(counts.columns) == ["region_name", "Status", "Institutions"]


def test_status_counts_of_nothing_is_an_empty_frame_with_columns():
    df = pv.with_status(_institutions(), _awards().iloc[0:0], ON)
    assert pv.status_counts(df, "region_name").empty


def test_filter_frame_by_region_and_type():
    df = _institutions()
    assert pv.filter_frame(df, ("E12000002",), ())["institution_id"].tolist() == ["a", "b"]
    assert pv.filter_frame(df, (), ("general_fe_college",))["institution_id"].tolist() == ["c", "d"]
    assert pv.filter_frame(df, ("E12000001",), ("university",)).empty
    assert len(pv.filter_frame(df, (), ())) == 4


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
    regions, england = pv.coverage_rates(coverage)
    assert regions.set_index("region_code").loc["E12000001", "institutions"] == 40
    assert regions.set_index("region_code").loc["E12000001", "pct"] == 10.0
    assert regions.set_index("region_code").loc["E12000002", "pct"] == 0.0
    assert england["institutions"] == 62 and england["current_award"] == 5
    assert england["pct"] == pytest.approx(8.1)
    assert england["region_not_known"] == 2
    assert len(regions) == 2


def test_pct_and_its_text():
    assert pv.pct(1, 3) == 33.3
    assert pv.pct(1, 0) is None
    assert pv.pct_text(None) == "not available"
    assert pv.pct_text(50.0) == "50%" and pv.pct_text(1.3) == "1.3%"


def test_headline_is_built_from_the_figures_and_says_what_lapsed_means():
    text = pv.qm_headline(
        {"named": 28, "total": 50}, {"value": 50.0, "as_of": "2025"}, held=8, lapsed=20, unmatched=1, on=ON
    )
    assert text.startswith("NNECL reports 50 institutions awarded the Quality Mark by 2025")
    assert "name 28 of them" in text and "8 hold a current award on 23 November 2026" in text
    assert "20 have no later award or renewal recorded" in text
    assert "1 named award is not matched" in text and "not dropped" in text
    without = pv.qm_headline({"named": 3, "total": None}, None, held=1, lapsed=0, unmatched=0, on=ON)
    assert "NNECL reports" not in without and "1 holds" in without and "not matched" not in without


def test_selection_sentence_names_types_and_regions():
    regions = pd.DataFrame(
        {
            "region_code": ["E12000002"],
            "region_name": ["North West"],
            "current_award": [5],
            "institutions": [50],
            "pct": [10.0],
        }
    )
    england = {"current_award": 7, "institutions": 520, "pct": 1.3}
    text = pv.selection_sentence(regions, england, ("E12000002",), "University")
    assert text == (
        "England: 7 of 520 institutions in the register (University only) (1.3%) hold a current award. "
        "North West: 5 of 50 (10%)."
    )


def test_projection_is_capped_at_the_number_in_scope_and_runs_to_the_deadline():
    df = pv.projection_frame(held=5, in_scope=8, per_year=2.0, year=2025, deadline=2028)
    assert df["year"].tolist() == [2025, 2026, 2027, 2028]
    assert df["institutions"].tolist() == [5, 7, 8, 8]
    assert set(df["series"]) == {pv.PROJECTED}
    assert pv.projection_frame(held=2, in_scope=3, per_year=0.0, year=2028, deadline=2027)["year"].tolist() == [
        2028
    ]


def test_member_rates_count_members_without_a_region_in_england():
    regions = pd.DataFrame({"members": [3, 7], "institutions": [100, 100]})
    rates = pv.member_rates(regions, 20000.0, without_region=2)
    assert rates["members"] == 12
    assert rates["per_100_institutions"] == 6.0
    assert rates["per_1000_care_leavers"] == 0.6
    assert pv.member_rates(regions, None, 0)["per_1000_care_leavers"] is None


def test_gm_difference_explains_both_reasons_and_names_the_unmatched():
    text = pv.gm_difference({"value": 15.0, "as_of": "2025-10"}, 5, 13, ["Oldham Sixth Form College"])
    assert "15 universities and colleges in Greater Manchester by October 2025" in text
    assert "counts 5 in-scope institutions" in text
    assert "only awards it can source" in text and "2021 with no recorded renewal count as lapsed" in text
    assert "Oldham Sixth Form College" in text
    assert pv.gm_difference(None, 5, 13, []) == ""


def test_as_of_text():
    assert pv.as_of_text("2025-10") == "October 2025"
    assert pv.as_of_text("2025") == "2025"
    assert pv.as_of_text("not stated") == "not stated"


def test_held_by_year_applies_the_status_rule_each_year():
    df = pv.held_by_year(_awards(), ["a", "b", "c"], 2021, 2026)
    # 2021-2024: b and c (2021 awards); 2025: a (new) and b (2022 renewal in its expiry year); 2026: a only
    assert dict(zip(df["year"], df["institutions"], strict=True)) == {
        2021: 2,
        2022: 2,
        2023: 2,
        2024: 2,
        2025: 2,
        2026: 1,
    }
    assert set(df["series"]) == {pv.RECORDED}
