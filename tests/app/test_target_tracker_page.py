"""Target tracker page: in-scope institutions and awards equal the database read with SQL; the combined
authority selector, NNECL's published figure and bad links."""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st
from sqlalchemy import text

from nnecl_data.database import provision
from tests.app.conftest import assert_no_exception, open_page, page_text, scalar, url_values

YEAR = dt.date.today().year
GM, LCR = "E47000001", "E47000004"


def _in_scope_sql(ca: str, app_db) -> str:
    types = scalar(app_db, "SELECT in_scope_types FROM targets WHERE scope_code=:c", c=ca).split()
    quoted = ", ".join(f"'{t}'" for t in types)
    return f"""SELECT i.institution_id FROM institutions i JOIN local_authorities l ON l.code = i.la_code
               WHERE l.combined_authority_code = '{ca}' AND i.type IN ({quoted})"""


HELD_IDS = """SELECT DISTINCT institution_id FROM quality_mark_awards
              WHERE NOT is_sample AND institution_id IS NOT NULL AND status <> 'working_towards'
                AND award_year <= :y AND expiry_year >= :y"""


def _metric(at, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def _frame(at, title_column: str, where=None):
    frames = [df.value for df in at.dataframe if title_column in df.value.columns]
    return frames if where is None else [f for f in frames if where(f)]


def test_greater_manchester_counts_equal_the_database(app_db):
    at = open_page("target_tracker")
    assert_no_exception(at)
    in_scope = _in_scope_sql(GM, app_db)
    n = scalar(app_db, f"SELECT count(*) FROM ({in_scope}) s")
    held = scalar(app_db, f"SELECT count(*) FROM ({in_scope}) s WHERE institution_id IN ({HELD_IDS})", y=YEAR)
    assert n > 0
    assert _metric(at, "In scope") == str(n)
    assert _metric(at, "With a current award") == str(held)
    assert _metric(at, "Without one") == str(n - held)
    assert at.sidebar.selectbox(key="w_ca").value == GM
    progress = at.get("progress")[0]
    assert f"{held} of {n} in-scope institutions in Greater Manchester" in progress.proto.text
    assert "as recorded in the announcements held" in progress.proto.text

    with app_db.connect() as conn:
        ids = {r[0] for r in conn.execute(text(in_scope))}
        held_ids = {r[0] for r in conn.execute(text(HELD_IDS), {"y": YEAR})} & ids
        ukprn = dict(conn.execute(text("SELECT institution_id, ukprn FROM institutions")).all())
    tables = [set(f["UKPRN"]) for f in _frame(at, "Status today")]
    assert {ukprn[i] for i in ids - held_ids} in tables  # the institutions without a current award, listed
    assert {ukprn[i] for i in held_ids} in tables  # and those with one
    assert not any(str(v).startswith("ukprn:") for f in _frame(at, "Status today") for v in f["UKPRN"])


def test_nnecl_published_figure_is_shown_beside_the_count_with_the_reason(app_db):
    at = open_page("target_tracker")
    assert_no_exception(at)
    published = scalar(app_db, "SELECT value FROM facts WHERE fact_id='gm_qm_institutions_2025_10'")
    assert _metric(at, "NNECL's published figure") == f"{published:.0f}"
    text_shown = page_text(at)
    assert (
        "only awards it can source" in text_shown and "2021 with no recorded renewal count as lapsed" in text_shown
    )
    assert "GMCA x NNECL collaborative Quality Mark project webinar" in text_shown  # its source
    assert "Oldham Sixth Form College" in text_shown  # named, not matched, not counted


def test_assumptions_are_shown_verbatim(app_db):
    at = open_page("target_tracker")
    assert_no_exception(at)
    expected = provision.target_progress(app_db, "gm_all_accredited_2027", dt.date.today()).assumptions
    assert expected in [i.value for i in at.info]


def test_awards_ending_before_the_deadline_equal_the_database(app_db):
    at = open_page("target_tracker")
    assert_no_exception(at)
    in_scope = _in_scope_sql(GM, app_db)
    deadline = scalar(app_db, "SELECT deadline_year FROM targets WHERE scope_code=:c", c=GM)
    lapsing = scalar(
        app_db,
        f"""SELECT count(*) FROM ({in_scope}) s WHERE institution_id IN ({HELD_IDS})
            AND (SELECT max(expiry_year) FROM quality_mark_awards a
                 WHERE a.institution_id = s.institution_id AND NOT a.is_sample) < :d""",
        y=YEAR,
        d=deadline,
    )
    assert _metric(at, f"Ending before {deadline}") == str(lapsing)
    if lapsing == 0:
        assert f"ends before {deadline}" in " ".join(i.value for i in at.info)


@pytest.fixture
def second_target(app_db):
    """A made-up target for Liverpool City Region, so the selector has a second option; removed after."""
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


def test_other_combined_authorities_are_selectable_only_when_they_have_a_target(app_db, second_target):
    at = open_page("target_tracker")
    box = at.sidebar.selectbox(key="w_ca")
    assert box.options[0] == "Greater Manchester" and "Liverpool City Region" in box.options
    box.set_value(LCR).run()
    assert_no_exception(at)
    n = scalar(app_db, f"SELECT count(*) FROM ({_in_scope_sql(LCR, app_db)}) s")
    assert _metric(at, "In scope") == str(n)
    assert at.title[0].value == "Target tracker: Liverpool City Region"
    assert url_values(at, "ca") == [LCR]
    assert not [m for m in at.metric if m.label.startswith("NNECL's published figure")]  # GM's figure only


def test_only_greater_manchester_is_offered_by_default(app_db):
    at = open_page("target_tracker")
    assert at.sidebar.selectbox(key="w_ca").options == ["Greater Manchester"]


def test_a_combined_authority_without_a_target_falls_back_with_a_note(app_db):
    at = open_page("target_tracker", {"ca": LCR})
    assert_no_exception(at)
    assert "No Quality Mark target is recorded" in " ".join(i.value for i in at.info)
    assert at.sidebar.selectbox(key="w_ca").value == GM
    # The choice is kept, untouched, for the pages that offer it (the evidence pack does).
    assert url_values(at, "ca") == [LCR]


def test_bad_link_parameters_are_ignored_with_a_note(app_db):
    at = open_page("target_tracker", {"type": "nonsense", "ca": "E47999999"})
    assert_no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert (
        "Ignored institution type 'nonsense'" in warnings and "Ignored combined authority 'E47999999'" in warnings
    )
    assert at.sidebar.selectbox(key="w_ca").value == GM
