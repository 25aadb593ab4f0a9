"""Provision queries on a tiny database built here (both backends); the status rules themselves are
tested in tests/unit/rules/test_quality_mark.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import insert

from nnecl_data.database import provision, schema

SRC = "t_src"
NW, LON = "E12000002", "E12000007"
GM = "E47000001"


# --- queries on a tiny database ----------------------------------------------------------------------------


@pytest.fixture
def tiny(engine):
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(schema.sources), [{"source_id": SRC, "publisher": "test", "title": "test"}])
        conn.execute(
            insert(schema.regions),
            [
                {"code": NW, "name": "North West", "sort_order": 2, "source_id": SRC},
                {"code": LON, "name": "London", "sort_order": 7, "source_id": SRC},
            ],
        )
        conn.execute(
            insert(schema.combined_authorities), [{"code": GM, "name": "Greater Manchester", "source_id": SRC}]
        )
        conn.execute(
            insert(schema.local_authorities),
            [
                {
                    "code": "E08000001",
                    "name": "Bolton",
                    "region_code": NW,
                    "combined_authority_code": GM,
                    "source_id": SRC,
                },
                {
                    "code": "E08000003",
                    "name": "Manchester",
                    "region_code": NW,
                    "combined_authority_code": GM,
                    "source_id": SRC,
                },
                {
                    "code": "E08000012",
                    "name": "Liverpool",
                    "region_code": NW,
                    "combined_authority_code": None,
                    "source_id": SRC,
                },
                {
                    "code": "E09000001",
                    "name": "City",
                    "region_code": LON,
                    "combined_authority_code": None,
                    "source_id": SRC,
                },
            ],
        )

        def inst(iid, typ, la, region):
            return {
                "institution_id": iid,
                "name": iid.upper(),
                "type": typ,
                "la_code": la,
                "region_code": region,
                "location_note": "",
                "russell_group": False,
                "source_id": SRC,
            }

        conn.execute(
            insert(schema.institutions),
            [
                inst("gm_uni", "university", "E08000003", NW),  # award 2021 -> renewal not announced by 2025
                inst("gm_col", "general_fe_college", "E08000001", NW),  # award 2025 -> current
                inst("gm_sfc", "sixth_form_college", "E08000003", NW),  # renewal 2025 after 2022 award
                inst("gm_none", "other_he", "E08000001", NW),  # nothing
                inst("liv_uni", "university", "E08000012", NW),  # outside GM, award 2022 -> expiring 2025
                inst("lon_col", "general_fe_college", "E09000001", LON),  # working towards
                inst("nowhere", "other_fe", None, None),  # region unknown
            ],
        )

        def award(aid, iid, year, status="awarded", name=None, cohort=None):
            return {
                "award_id": aid,
                "institution_id": iid,
                "name_as_published": name or aid,
                "status": status,
                "award_year": year,
                "expiry_year": year + 3,
                "cohort": cohort or str(year),
                "match_note": "",
                "is_sample": False,
                "source_id": SRC,
            }

        conn.execute(
            insert(schema.quality_mark_awards),
            [
                award("a1", "gm_uni", 2021),
                award("a2", "gm_col", 2025),
                award("a3", "gm_sfc", 2022),
                award("a4", "gm_sfc", 2025, "renewed"),
                award("a5", "liv_uni", 2022),
                award("a6", "lon_col", 2025, "working_towards"),
                award("a7", None, 2025, name="Unmatched College", cohort="2025 Greater Manchester colleges"),
            ],
        )
        conn.execute(
            insert(schema.facts),
            [
                {
                    "fact_id": "qm_institutions_awarded_2025",
                    "statement": "s",
                    "value": 50,
                    "unit": "institutions",
                    "as_of": "2025",
                    "scope": "England",
                    "source_id": SRC,
                },
                {
                    "fact_id": "gm_count",
                    "statement": "s",
                    "value": 5,
                    "unit": "institutions",
                    "as_of": "2025-10",
                    "scope": "Greater Manchester",
                    "source_id": SRC,
                },
            ],
        )
        conn.execute(
            insert(schema.targets),
            [
                {
                    "target_id": "gm",
                    "scope_type": "combined_authority",
                    "scope_code": GM,
                    "scope_name": "Greater Manchester",
                    "in_scope_types": "general_fe_college sixth_form_college other_fe university other_he",
                    "in_scope_definition": "d",
                    "deadline_year": 2027,
                    "description": "d",
                    "kind": "target",
                    "wording": "w",
                    "source_id": SRC,
                },
                {
                    "target_id": "london",
                    "scope_type": "region",
                    "scope_code": LON,
                    "scope_name": "London",
                    "in_scope_types": "general_fe_college",
                    "in_scope_definition": "d",
                    "deadline_year": None,
                    "description": "d",
                    "kind": "recommendation",
                    "wording": "w",
                    "source_id": SRC,
                },
            ],
        )
        conn.execute(
            insert(schema.memberships),
            [
                {
                    "membership_id": "m1",
                    "organisation": "o1",
                    "member_type": "college",
                    "region_code": NW,
                    "left": None,
                    "is_sample": False,
                    "source_id": SRC,
                },
                {
                    "membership_id": "m2",
                    "organisation": "o2",
                    "member_type": "charity",
                    "region_code": NW,
                    "left": None,
                    "is_sample": True,
                    "source_id": SRC,
                },
                {
                    "membership_id": "m3",
                    "organisation": "o3",
                    "member_type": "university",
                    "region_code": LON,
                    "left": dt.date(2020, 1, 1),
                    "is_sample": False,
                    "source_id": SRC,
                },
            ],
        )
        conn.execute(
            insert(schema.indicators),
            [
                {
                    "code": "cl_eet_19_21",
                    "label": "l",
                    "short_label": "s",
                    "topic": "t",
                    "unit": "percent",
                    "polarity": "higher_better",
                    "definition": "d",
                    "sort_order": 1,
                    "source_id": SRC,
                }
            ],
        )
        conn.execute(
            insert(schema.outcomes),
            [
                {
                    "indicator_code": "cl_eet_19_21",
                    "geography_level": "region",
                    "geography_code": NW,
                    "geography_name": "North West",
                    "year": y,
                    "period_label": str(y),
                    "value": 50.0,
                    "numerator": den / 2,
                    "denominator": den,
                    "source_id": SRC,
                }
                for y, den in ((2024, 1000.0), (2025, 4000.0))
            ],
        )
    return engine


def test_coverage_by_region_counts(tiny):
    cov = provision.coverage_by_region(tiny, dt.date(2025, 11, 1))
    nw = cov[cov["region_code"] == NW].set_index("type")
    # NW universities: gm_uni renewal not announced, liv_uni expiring in 2025 (still held) -> 1 of 2
    assert nw.loc["university", "institutions"] == 2
    assert nw.loc["university", "current_award"] == 1
    assert nw.loc["university", "pct_current"] == 50.0
    assert nw.loc["sixth_form_college", "current_award"] == 1
    assert nw.loc["other_he", "none"] == 1
    assert nw.loc["university", "not_announced"] == 1 and nw.loc["university", "none"] == 0
    lon = cov[cov["region_code"] == LON].set_index("type")
    assert lon.loc["general_fe_college", "working_towards"] == 1
    unknown = cov[cov["region_code"].isna()]
    assert unknown["institutions"].sum() == 1
    assert cov["institutions"].sum() == 7


def test_coverage_filters_types(tiny):
    cov = provision.coverage_by_region(tiny, dt.date(2025, 11, 1), institution_types=["university"])
    assert set(cov["type"]) == {"university"}
    assert cov["institutions"].sum() == 2


def test_target_progress_greater_manchester(tiny):
    tp = provision.target_progress(tiny, "gm", dt.date(2025, 11, 1))
    assert set(tp.institutions["institution_id"]) == {"gm_uni", "gm_col", "gm_sfc", "gm_none"}
    held = set(tp.institutions.loc[tp.institutions["holds_award"], "institution_id"])
    assert held == {"gm_col", "gm_sfc"}
    assert tp.summary["in_scope"] == 4 and tp.summary["not_holding"] == 2
    assert tp.summary["ends_before_deadline"] == 0  # both held awards run to 2028
    assert tp.summary["not_announced"] == 1 and tp.summary["no_record"] == 1  # gm_uni; gm_none
    # first awards of in-scope institutions: 2021 (gm_uni), 2022 (gm_sfc), 2025 (gm_col): 3 over 5 years
    assert tp.summary["first_awards_per_year"] == pytest.approx(0.6)
    assert tp.summary["projected_completion_year"] == 2029  # 2 remaining / 0.6 a year -> 4 years
    assert tp.summary["on_track"] is False
    assert "Projection at the recorded pace" in tp.assumptions
    # 2 without a current award over the terms from November 2025 to the end of 2027 (2026: 3, 2027: 3)
    assert tp.summary["terms_left"] == 6 and tp.summary["pace_needed_per_term"] == pytest.approx(0.3)
    assert tp.summary["if_renewed_remaining"] == 1  # if gm_uni's renewal was made but not announced


def test_target_progress_lists_the_holder_outside_the_register_apart(tiny):
    tp = provision.target_progress(tiny, "gm", dt.date(2025, 11, 1))
    # placed in Greater Manchester by its announcement; not in the count or the denominator
    assert tp.outside_register["name"].tolist() == ["Unmatched College"]
    assert tp.summary["outside_register_holding"] == 1 and tp.summary["in_scope"] == 4
    rec = tp.reconciliation
    # published 5 in GM by October 2025; named by then: gm_uni, gm_col, gm_sfc and the unmatched college
    assert rec.counts == {"published": 5, "named": 4, "unnamed": 1, "named_exceeds": False}
    assert rec.groups["holders"].sum() == 4 and rec.groups["not_in_register"].sum() == 1


def test_renewal_scenarios_say_when_an_unannounced_renewal_would_fall_due(tiny):
    tp = provision.target_progress(tiny, "gm", dt.date(2025, 11, 1))
    row = tp.scenarios.iloc[0]
    # gm_uni: awarded 2021, three years ended 2024; renewed in 2024 it would fall due in 2027
    assert (row["ended"], row["institutions"], row["renewed_due"]) == (2024, 1, 2027)
    assert row["against_deadline"] == "in the deadline year"


def test_target_progress_flags_awards_ending_before_deadline(tiny):
    tp = provision.target_progress(tiny, "gm", dt.date(2023, 6, 1))
    row = tp.institutions.set_index("institution_id")
    assert bool(row.loc["gm_uni", "holds_award"])  # 2021 award held in 2023
    assert bool(row.loc["gm_uni", "ends_before_deadline"])  # expires 2024 < 2027
    assert not bool(row.loc["gm_col", "holds_award"])  # awarded only in 2025


def test_a_recommendation_with_no_deadline_has_progress_but_no_pace_needed(tiny):
    tp = provision.target_progress(tiny, "london", dt.date(2025, 11, 1))
    assert tp.target["kind"] == "recommendation" and tp.target["deadline_year"] is None
    assert tp.institutions["institution_id"].tolist() == ["lon_col"]  # the region's colleges
    assert tp.summary["working_towards"] == 1 and tp.summary["holding_award"] == 0
    assert "pace_needed_per_term" not in tp.summary and tp.assumptions == ""
    assert tp.reconciliation is None  # no published count for London


def test_named_holders_include_awardees_outside_the_register(tiny):
    holders = provision.named_holders(tiny, dt.date(2025, 11, 1)).set_index("holder")
    outside = holders.loc["name:unmatched college"]
    assert not outside["in_register"] and outside["ca_code"] == GM and outside["region_code"] == NW
    assert pd.isna(outside["type"]) and pd.isna(outside["la_code"])  # not known without the register
    assert holders.loc["gm_uni", "status_on"] == "not_announced"
    assert len(holders) == 6


def test_awards_expiring_excludes_superseded_and_ended(tiny):
    exp = provision.awards_expiring(tiny, dt.date(2025, 3, 1), months=12)
    # a3 (gm_sfc 2022) is superseded by its 2025 renewal; a1's three years ended in 2024; a5 expires 2025
    assert list(exp["award_id"]) == ["a5"]


def test_named_and_unmatched(tiny):
    named = provision.named_awardees_count(tiny)
    # gm_uni, gm_col, gm_sfc, liv_uni, lon_col and one unmatched name
    assert named["named"] == 6 and named["total"] == 50
    assert named["text"] == "6 of 50 named"
    un = provision.unmatched_awards(tiny)
    assert list(un["name_as_published"]) == ["Unmatched College"]


def test_awards_timeline_running_total(tiny):
    tl = provision.awards_timeline(tiny)
    assert tl["awards"].sum() == 7
    assert tl["cumulative_named"].iloc[-1] == 6
    assert tl["award_year"].is_monotonic_increasing


def test_members_by_region(tiny):
    m = provision.members_by_region(tiny).set_index("region_code")
    assert m.loc[NW, "members"] == 1  # sample row excluded
    assert m.loc[LON, "members"] == 0  # the London member has left
    assert m.loc[NW, "care_leavers_19_21"] == 4000.0  # latest year
    assert m.loc[NW, "members_per_1000_care_leavers"] == 0.25
    # NW has 5 institutions in the register
    assert m.loc[NW, "members_per_100_institutions"] == 20.0
    with_sample = provision.members_by_region(tiny, include_sample=True).set_index("region_code")
    assert with_sample.loc[NW, "members"] == 2
