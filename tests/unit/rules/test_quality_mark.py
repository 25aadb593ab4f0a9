"""The Quality Mark rules: award and institution status at a date, and coverage."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nnecl_data.rules import quality_mark


def _awards_frame(rows):
    return pd.DataFrame(rows, columns=["institution_id", "award_year", "expiry_year", "status"])


def test_award_from_2021_has_renewal_not_announced_in_2025_never_lapsed():
    out = quality_mark.award_status_on(_awards_frame([("a", 2021, 2024, "awarded")]), dt.date(2025, 1, 1))
    assert out.loc[0, "status_on"] == "not_announced"


def test_only_a_published_lapse_is_lapsed():
    df = _awards_frame([("a", 2021, 2024, "lapsed"), ("b", 2021, 2024, "awarded")])
    assert quality_mark.award_status_on(df, dt.date(2025, 1, 1))["status_on"].tolist() == [
        "lapsed",
        "not_announced",
    ]
    # a later award supersedes a published lapse; between a lapse and an unannounced renewal the later decides
    later = _awards_frame([("a", 2019, 2022, "lapsed"), ("a", 2021, 2024, "awarded")])
    assert quality_mark.institution_status_on(later, 2026)["a"] == "not_announced"
    lapse_later = _awards_frame([("a", 2021, 2024, "awarded"), ("a", 2024, None, "lapsed")])
    assert quality_mark.institution_status_on(lapse_later, 2026)["a"] == "lapsed"


def test_award_is_current_before_expiry_year_and_expiring_in_it():
    df = _awards_frame([("a", 2022, 2025, "awarded")])
    assert quality_mark.award_status_on(df, dt.date(2024, 12, 31)).loc[0, "status_on"] == "current"
    assert quality_mark.award_status_on(df, dt.date(2025, 6, 1)).loc[0, "status_on"] == "expiring"
    assert quality_mark.award_status_on(df, dt.date(2026, 1, 1)).loc[0, "status_on"] == "not_announced"


def test_renewed_award_keeps_its_published_status_and_future_award_is_not_yet_awarded():
    df = _awards_frame([("a", 2025, 2028, "renewed")])
    assert quality_mark.award_status_on(df, dt.date(2026, 3, 1)).loc[0, "status_on"] == "renewed"
    assert quality_mark.award_status_on(df, dt.date(2024, 3, 1)).loc[0, "status_on"] == "not_yet_awarded"


def test_renewal_supersedes_the_award_it_renews():
    df = _awards_frame([("a", 2022, 2025, "awarded"), ("a", 2025, 2028, "renewed"), ("b", 2021, 2024, "awarded")])
    status = quality_mark.institution_status_on(df, dt.date(2026, 1, 1))
    assert status["a"] == "renewed"
    assert status["b"] == "not_announced"


def test_award_status_on_does_not_change_its_input():
    df = _awards_frame([("a", 2021, 2024, "awarded")])
    quality_mark.award_status_on(df, dt.date(2025, 1, 1))
    assert "status_on" not in df.columns


def _institutions():
    return pd.DataFrame(
        {
            "institution_id": ["a", "b", "c", "d", "e"],
            "region_code": ["N", "N", "S", None, "S"],
            "type": ["university", "college", "university", "college", "college"],
        }
    )


def test_with_status_marks_institutions_without_a_record_as_none():
    awards = _awards_frame(
        [("a", 2025, 2028, "awarded"), ("b", 2021, 2024, "awarded"), ("c", 2024, None, "working_towards")]
    )
    out = quality_mark.with_status(_institutions(), awards, dt.date(2026, 5, 1)).set_index("institution_id")
    assert out["status"].to_dict() == {
        "a": "current",
        "b": "not_announced",
        "c": "working_towards",
        "d": "none",
        "e": "none",
    }
    assert out["holds_award"].to_dict() == {"a": True, "b": False, "c": False, "d": False, "e": False}


def test_coverage_counts_each_institution_once_and_keeps_an_unknown_region_as_a_group():
    inst = _institutions().assign(status=["current", "not_announced", "expiring", "renewed", "working_towards"])
    by_region = quality_mark.coverage_counts(inst, ["region_code"]).set_index("region_code", drop=False)
    # N: a held, b renewal not announced; S: c held (expiring still counts), e working towards; unknown: d held
    columns = ["institutions", "current_award", "working_towards", "not_announced", "none"]
    assert by_region.loc["N", columns].tolist() == [2, 1, 0, 1, 0]
    assert by_region.loc["S", columns].tolist() == [2, 1, 1, 0, 0]
    assert by_region.loc["N", "pct_current"] == 50.0
    unknown = by_region[by_region["region_code"].isna()]
    assert unknown["institutions"].tolist() == [1] and unknown["pct_current"].tolist() == [100.0]


def test_summed_coverage_equals_coverage_counted_directly():
    inst = _institutions().assign(status=["current", "lapsed", "expiring", "renewed", "not_announced"])
    fine = quality_mark.coverage_counts(inst, ["region_code", "type"])
    summed = quality_mark.total_coverage(fine, ["type"]).set_index("type")
    direct = quality_mark.coverage_counts(inst, ["type"]).set_index("type")
    pd.testing.assert_frame_equal(summed.sort_index(), direct.sort_index())
    england = quality_mark.england_coverage(fine)
    assert england == {
        "current_award": 3,
        "working_towards": 0,
        "not_announced": 1,
        "none": 1,  # a published lapse counts with no award on record
        "institutions": 5,
        "pct_current": 60.0,
    }


def test_coverage_of_nothing_has_no_percentage():
    empty = quality_mark.coverage_counts(_institutions().iloc[0:0].assign(status=[]), ["region_code"])
    assert empty.empty
    assert quality_mark.england_coverage(empty)["pct_current"] is None


def test_pct_rounds_to_one_decimal_and_refuses_zero():
    assert quality_mark.pct(1, 3) == 33.3
    assert quality_mark.pct(2, 3) == 66.7
    assert quality_mark.pct(1, 0) is None


def test_holder_status_keys_awardees_outside_the_register_by_name():
    df = _awards_frame([("a", 2021, 2024, "awarded"), ("a", 2025, 2028, "renewed"), (None, 2025, 2028, "awarded")])
    df["name_as_published"] = ["A", "A", "Oldham Sixth Form College"]
    holders = quality_mark.holder_status_on(df, 2026).set_index("holder")["status_on"]
    assert holders.to_dict() == {"a": "renewed", "name:oldham sixth form college": "current"}


def test_reconcile_adds_up_and_never_goes_negative():
    assert quality_mark.reconcile(15, 14) == {"published": 15, "named": 14, "unnamed": 1, "named_exceeds": False}
    assert quality_mark.reconcile(3, 5)["unnamed"] == 0 and quality_mark.reconcile(3, 5)["named_exceeds"]
    assert quality_mark.reconcile(None, 5)["unnamed"] is None


def test_published_when_is_as_precise_as_published():
    assert quality_mark.published_when("2025-06-18", 2025) == "18 June 2025"
    assert quality_mark.published_when("2021-06", 2021) == "June 2021"
    assert quality_mark.published_when(None, 2025) == "2025"
    assert quality_mark.fact_year("2025-10") == 2025 and quality_mark.fact_year("not stated") is None


def test_terms_left_counts_term_starts_after_the_date_to_the_end_of_the_deadline_year():
    # spring (January), summer (April), autumn (September)
    assert quality_mark.terms_left(dt.date(2026, 12, 1), 2027) == 3
    assert quality_mark.terms_left(dt.date(2026, 2, 1), 2027) == 5
    assert quality_mark.terms_left(dt.date(2028, 1, 1), 2027) == 0
