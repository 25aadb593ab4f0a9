"""Target tracker page: any row of the targets table (Greater Manchester's target, London's recommendation);
NNECL's published count reconciled with the named record; the in-scope institutions by status equal the
database read with SQL; the target selector and bad links. Expected values are derived here in SQL."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs

import pytest
import streamlit as st
from sqlalchemy import text

from nnecl_data.database import provision
from tests.app.conftest import assert_no_exception, open_page, page_text, scalar, url_values

YEAR = dt.date.today().year
GM, LCR, LONDON = "E47000001", "E47000004", "E12000007"
GM_TARGET, LONDON_TARGET = "gm_all_accredited_2027", "london_universities_recommended"


def _types(app_db, target_id: str) -> str:
    types = scalar(app_db, "SELECT in_scope_types FROM targets WHERE target_id=:t", t=target_id).split()
    return ", ".join(f"'{t}'" for t in types)


def _gm_in_scope(app_db, target_id: str = GM_TARGET, ca: str = GM) -> str:
    return f"""SELECT i.institution_id FROM institutions i JOIN local_authorities l ON l.code = i.la_code
               WHERE l.combined_authority_code = '{ca}' AND i.type IN ({_types(app_db, target_id)})"""


def _london_in_scope(app_db) -> str:
    return f"""SELECT institution_id FROM institutions
               WHERE region_code = '{LONDON}' AND type IN ({_types(app_db, LONDON_TARGET)})"""


# The status rule written out again in SQL: held = award_year <= year <= expiry_year; renewal not announced
# = an award whose expiry year has passed and none held; no award on record = no award at all.
HELD_IDS = """SELECT DISTINCT institution_id FROM quality_mark_awards
              WHERE NOT is_sample AND institution_id IS NOT NULL AND status <> 'working_towards'
                AND award_year <= :y AND expiry_year >= :y"""
ANY_IDS = (
    "SELECT DISTINCT institution_id FROM quality_mark_awards WHERE NOT is_sample AND institution_id IS NOT NULL"
)


def _ids(app_db, sql: str, **params) -> set[str]:
    with app_db.connect() as conn:
        return {r[0] for r in conn.execute(text(sql), params)}


def _ukprns(app_db) -> dict[str, str]:
    """Register id -> UKPRN, as the tables show an institution."""
    with app_db.connect() as conn:
        return dict(conn.execute(text("SELECT institution_id, ukprn FROM institutions")).all())


def _metric(at, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def _frames(at, column: str):
    return [df.value for df in at.dataframe if column in df.value.columns]


def test_greater_manchester_counts_by_status_equal_the_database(app_db):
    at = open_page("target_tracker")
    assert_no_exception(at)
    scope = _ids(app_db, _gm_in_scope(app_db))
    held = scope & _ids(app_db, HELD_IDS, y=YEAR)
    ever = scope & _ids(app_db, ANY_IDS)
    assert scope and held and ever - held  # the checks below would be empty otherwise
    assert _metric(at, "In scope") == str(len(scope))
    assert _metric(at, "With a current award") == str(len(held))
    assert _metric(at, "Renewal not announced") == str(len(ever - held))
    assert _metric(at, "No award on record") == str(len(scope - ever))
    assert at.sidebar.selectbox(key="w_target").value == GM_TARGET
    progress = at.get("progress")[0].proto.text
    assert f"{len(held)} of {len(scope)} in-scope institutions in the register in Greater Manchester" in progress
    ukprn = _ukprns(app_db)
    listed = [set(f["UKPRN"]) - {""} for f in _frames(at, "UKPRN")]
    for part in (held, ever - held, scope - ever):
        assert {ukprn[i] for i in part} in listed


def test_greater_manchester_headline_is_nnecls_15_with_named_and_unnamed_adding_up(app_db):
    at = open_page("target_tracker")
    assert_no_exception(at)
    value, as_of = (
        app_db.connect()
        .execute(text("SELECT value, as_of FROM facts WHERE fact_id='gm_qm_institutions_2025_10'"))
        .one()
    )
    year = int(as_of[:4])
    # Named in Greater Manchester by the figure's year: in-scope register institutions with an award, and
    # awardees not in the register whose announcement names Greater Manchester.
    in_register = scalar(
        app_db,
        f"""SELECT count(DISTINCT institution_id) FROM quality_mark_awards WHERE NOT is_sample
            AND award_year <= :y AND institution_id IN ({_gm_in_scope(app_db)})""",
        y=year,
    )
    outside = scalar(
        app_db,
        """SELECT count(DISTINCT lower(name_as_published)) FROM quality_mark_awards WHERE NOT is_sample
           AND institution_id IS NULL AND award_year <= :y AND cohort LIKE '%Greater Manchester%'""",
        y=year,
    )
    named = in_register + outside
    assert _metric(at, "NNECL's published figure") == f"{value:.0f}"
    assert _metric(at, "Named in the announcements held") == str(named)
    assert _metric(at, "Not named") == str(int(value) - named)
    # by latest award: the 2025 awards, and June 2021's with no later award (renewal not announced)
    awarded_2025 = scalar(
        app_db,
        f"""SELECT count(DISTINCT coalesce(institution_id, lower(name_as_published))) FROM quality_mark_awards
            WHERE NOT is_sample AND award_year = 2025 AND (institution_id IN ({_gm_in_scope(app_db)})
                  OR (institution_id IS NULL AND cohort LIKE '%Greater Manchester%'))""",
    )
    june_2021 = scalar(
        app_db,
        f"""SELECT count(DISTINCT institution_id) FROM quality_mark_awards a WHERE NOT is_sample
            AND date_as_published = '2021-06' AND institution_id IN ({_gm_in_scope(app_db)})
            AND NOT EXISTS (SELECT 1 FROM quality_mark_awards b WHERE b.institution_id = a.institution_id
                            AND b.award_year > a.award_year AND NOT b.is_sample)""",
    )
    assert awarded_2025 + june_2021 == named
    shown = page_text(at)
    assert "15 Universities and Colleges across Greater Manchester" in shown  # NNECL's own words first
    assert f"{value:.0f} = {awarded_2025} + {june_2021} + {int(value) - named}." in shown
    assert f"{june_2021} awarded in June 2021 (renewal not announced)" in shown
    table = _frames(at, "Of which not in the register")[0].set_index("Part")
    assert table["Institutions"].iloc[:-1].sum() == value  # the parts add up to the published figure
    assert table.loc["Not named in any announcement held", "Institutions"] == int(value) - named


def test_every_holder_list_includes_the_holders_outside_the_register_flagged(app_db):
    at = open_page("target_tracker")
    outside = _ids(
        app_db,
        """SELECT name_as_published FROM quality_mark_awards WHERE NOT is_sample AND institution_id IS NULL
           AND cohort LIKE '%Greater Manchester%' AND award_year <= :y AND expiry_year >= :y""",
        y=YEAR,
    )
    assert "Oldham Sixth Form College" in outside
    holding = next(f for f in _frames(at, "In the register") if "Latest award" in f.columns)
    flagged = set(holding.loc[holding["In the register"] == "Not in the register", "Institution"])
    assert flagged == outside
    # they are not in the denominator: the in-scope count is the register's
    assert _metric(at, "In scope") == str(len(_ids(app_db, _gm_in_scope(app_db))))
    assert "in neither the count nor the denominator" in page_text(at)


def test_no_award_on_record_lists_type_and_borough(app_db):
    at = open_page("target_tracker")
    scope = _ids(app_db, _gm_in_scope(app_db))
    none = scope - _ids(app_db, ANY_IDS)
    ukprn = _ukprns(app_db)
    table = next(f for f in _frames(at, "Local authority") if set(f["UKPRN"]) == {ukprn[i] for i in none})
    borough = dict(
        app_db.connect()
        .execute(text("SELECT i.ukprn, l.name FROM institutions i JOIN local_authorities l ON l.code = la_code"))
        .all()
    )
    assert all(borough[r["UKPRN"]] == r["Local authority"] for _, r in table.iterrows())
    assert table["Type"].notna().all()


def test_pace_needed_per_term_and_renewal_scenarios_are_stated(app_db):
    at = open_page("target_tracker")
    shown = page_text(at)
    progress = provision.target_progress(app_db, GM_TARGET, dt.date.today())
    assert progress.assumptions in [i.value for i in at.info]  # the projection's assumptions, once
    assert shown.count(progress.assumptions) == 1
    s = progress.summary
    assert f"needs {s['pace_needed_per_term']:.1f} institutions accredited a term" in shown
    assert "Scenario, not a fact" in shown and "Scenarios, not facts" in shown
    expired_2024 = scalar(
        app_db,
        f"""SELECT count(*) FROM ({_gm_in_scope(app_db)}) s WHERE institution_id NOT IN ({HELD_IDS})
            AND (SELECT max(expiry_year) FROM quality_mark_awards a WHERE a.institution_id = s.institution_id
                 AND NOT a.is_sample) = 2024""",
        y=YEAR,
    )
    if expired_2024:
        assert f"{expired_2024} in-scope awards whose three years ended in 2024" in shown
        assert "would fall due again in 2027, the deadline year" in shown


def test_london_is_shown_as_a_recommendation_with_its_wording_and_source(app_db):
    at = open_page("target_tracker")
    at.sidebar.selectbox(key="w_target").set_value(LONDON_TARGET).run()
    assert_no_exception(at)
    wording, kind, deadline = (
        app_db.connect()
        .execute(text("SELECT wording, kind, deadline_year FROM targets WHERE target_id=:t"), {"t": LONDON_TARGET})
        .one()
    )
    assert kind == "recommendation" and deadline is None
    shown = page_text(at)
    assert at.title[0].value == "Target tracker: London"
    assert f"“{wording}”" in shown  # exactly as published
    assert "A recommendation, not an adopted target, with no deadline." in shown
    assert "NNECL responds to the" in shown or "Careers after care" in shown  # its source is cited
    scope = _ids(app_db, _london_in_scope(app_db))
    held = scope & _ids(app_db, HELD_IDS, y=YEAR)
    assert _metric(at, "In scope") == str(len(scope)) and _metric(at, "With a current award") == str(len(held))
    assert "With no deadline, no pace or projection is worked out." in shown
    assert not [m for m in at.metric if m.label.startswith("NNECL's published figure")]  # none for London
    assert url_values(at, "target") == [LONDON_TARGET]


def test_the_selector_lists_every_target_and_a_link_chooses_one(app_db):
    count = scalar(app_db, "SELECT count(*) FROM targets")
    at = open_page("target_tracker", {"target": LONDON_TARGET})
    assert_no_exception(at)
    box = at.sidebar.selectbox(key="w_target")
    assert len(box.options) == count and box.value == LONDON_TARGET
    assert at.title[0].value == "Target tracker: London"


@pytest.fixture
def second_target(app_db):
    """A made-up target for Liverpool City Region, so the selector has a second combined authority."""
    with app_db.begin() as conn:
        conn.execute(
            text(
                """INSERT INTO targets (target_id, scope_type, scope_code, scope_name, in_scope_types,
                   in_scope_definition, deadline_year, description, kind, wording, source_id)
                   VALUES ('test_lcr', 'combined_authority', :c, 'Liverpool City Region',
                   'university general_fe_college', 'Test scope', 2030, 'Test target', 'target', '',
                   'nnecl_russell_group_response')"""
            ),
            {"c": LCR},
        )
    st.cache_data.clear()
    try:
        yield
    finally:
        with app_db.begin() as conn:
            conn.execute(text("DELETE FROM targets WHERE target_id='test_lcr'"))
        st.cache_data.clear()


def test_a_combined_authoritys_target_sets_the_shared_combined_authority(app_db, second_target):
    at = open_page("target_tracker")
    at.sidebar.selectbox(key="w_target").set_value("test_lcr").run()
    assert_no_exception(at)
    n = scalar(app_db, f"SELECT count(*) FROM ({_gm_in_scope(app_db, 'test_lcr', LCR)}) s")
    assert _metric(at, "In scope") == str(n)
    assert at.title[0].value == "Target tracker: Liverpool City Region"
    assert url_values(at, "ca") == [LCR] and url_values(at, "target") == ["test_lcr"]
    # and a link with that combined authority opens its target
    again = open_page("target_tracker", {"ca": LCR})
    assert again.sidebar.selectbox(key="w_target").value == "test_lcr"


def test_a_combined_authority_without_a_target_falls_back_with_a_note(app_db):
    at = open_page("target_tracker", {"ca": LCR})
    assert_no_exception(at)
    assert "No Quality Mark target is recorded" in " ".join(i.value for i in at.info)
    assert at.sidebar.selectbox(key="w_target").value == GM_TARGET
    # The choice is kept, untouched, for the pages that offer it (the evidence pack does).
    assert url_values(at, "ca") == [LCR]


def test_bad_link_parameters_are_ignored_with_a_note(app_db):
    at = open_page("target_tracker", {"type": "nonsense", "ca": "E47999999", "target": "drop_tables"})
    assert_no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert (
        "Ignored institution type 'nonsense'" in warnings and "Ignored combined authority 'E47999999'" in warnings
    )
    assert "Ignored target 'drop_tables'" in warnings
    assert at.sidebar.selectbox(key="w_target").value == GM_TARGET


def test_greater_manchesters_tracker_links_to_each_of_its_authorities_profiles(app_db):
    """Its members, read from the database: the current authorities whose combined authority is the
    target's area; each named once, as a link to its profile (Salford among them)."""
    at = open_page("target_tracker", {"target": GM_TARGET})
    assert_no_exception(at)
    with app_db.connect() as conn:
        members = conn.execute(
            text(
                """SELECT l.code, l.name FROM local_authorities l
                   JOIN targets t ON t.scope_code = l.combined_authority_code
                   WHERE t.target_id = :t AND l.end_year IS NULL"""
            ),
            {"t": GM_TARGET},
        ).all()
    assert "E08000006" in {code for code, _ in members} and len(members) == 10
    listing = next(m.value for m in at.markdown if "local_authority?" in m.value)
    links = {
        name: parse_qs(query) for name, query in re.findall(r"\[([^\]]+)\]\(local_authority\?([^)]*)\)", listing)
    }
    assert links == {name: {"la": [code], "target": [GM_TARGET]} for code, name in members}
    assert "Local authorities" in [h.value for h in at.header]


def test_londons_tracker_links_to_its_boroughs_profiles(app_db):
    at = open_page("target_tracker", {"target": LONDON_TARGET})
    assert_no_exception(at)
    boroughs = scalar(
        app_db, "SELECT count(*) FROM local_authorities WHERE region_code = :r AND end_year IS NULL", r=LONDON
    )
    listing = next(m.value for m in at.markdown if "local_authority?" in m.value)
    assert len(re.findall(r"\]\(local_authority\?[^)]*la=E09", listing)) == boroughs and boroughs == 33
