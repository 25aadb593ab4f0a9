"""Member density page: empty state without a register; the fictional sample shown only when asked for,
always flagged, with figures equal to the database read with SQL."""

from __future__ import annotations

import pytest
import streamlit as st

from nnecl_data.registers import sample_register
from tests.app.conftest import assert_no_exception, open_page, page_text, scalar

CURRENT = 'SELECT count(*) FROM memberships WHERE "left" IS NULL'
LATEST = """SELECT max(year) FROM outcomes WHERE indicator_code='cl_eet_19_21' AND geography_level='region'"""


def _frame(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _sample_shown(at) -> bool:
    frames = [df.value for df in at.dataframe if "Data" in df.value.columns]
    return any((f["Data"] == "Sample (fictional)").any() for f in frames) or "Sample data:" in page_text(at)


def _flagged(at) -> bool:
    return any("Sample data." in w.value and "fictional" in w.value for w in at.warning)


@pytest.fixture
def sample_loaded(app_db):
    """The fictional sample register loaded into the app's database for one test, then removed."""
    assert scalar(app_db, "SELECT count(*) FROM memberships") == 0
    sample_register.load_sample(app_db, user="test-members-page")
    st.cache_data.clear()
    try:
        yield
    finally:
        sample_register.remove_sample(app_db, user="test-members-page")
        st.cache_data.clear()
    assert scalar(app_db, "SELECT count(*) FROM memberships") == 0


def test_without_a_register_the_page_speaks_to_policy_leads(app_db):
    assert scalar(app_db, "SELECT count(*) FROM memberships") == 0
    at = open_page("members")
    assert_no_exception(at)
    info = " ".join(i.value for i in at.info)
    assert "No member register is loaded" in info and "not public" in info
    text = page_text(at)
    # what NNECL publishes, in its words, with sources
    for fact_id in ("nnecl_members_over_100", "russell_group_nnecl_members"):
        assert scalar(app_db, "SELECT statement FROM facts WHERE fact_id=:f", f=fact_id) in text
    assert "About NNECL" in text and "Russell Group's new pledge" in text  # their sources
    members = scalar(app_db, "SELECT value FROM facts WHERE fact_id='russell_group_nnecl_members'")
    of = scalar(app_db, "SELECT value FROM facts WHERE fact_id='russell_group_universities'")
    assert any(m.value == f"{members:.0f} of {of:.0f}" for m in at.metric)
    # what the page will show once loaded, and who to ask; no command lines here (README, admin page)
    assert "Once NNECL loads its member register" in text and "contact NNECL" in text
    assert "python -m" not in text and "`" not in info
    # the denominators already held, per region, equal the database
    table = _frame(at, "Colleges and universities in the register").set_index("Code")
    year = scalar(app_db, LATEST)
    leavers = next(c for c in table.columns if c.startswith("Care leavers"))
    for code in ("E12000002", "E12000007"):
        assert table.loc[code, "Colleges and universities in the register"] == scalar(
            app_db, "SELECT count(*) FROM institutions WHERE region_code=:r", r=code
        )
        assert table.loc[code, leavers] == scalar(
            app_db,
            """SELECT denominator FROM outcomes WHERE indicator_code='cl_eet_19_21' AND geography_level='region'
               AND geography_code=:r AND year=:y""",
            r=code,
            y=year,
        )
    assert table.loc["E92000001", "Colleges and universities in the register"] == scalar(
        app_db, "SELECT count(*) FROM institutions"
    )
    assert not _sample_shown(at)
    assert not [t for t in at.toggle if t.key == "members_sample"]  # no sample: no toggle


def test_sample_is_hidden_until_switched_on(app_db, sample_loaded):
    at = open_page("members")
    assert_no_exception(at)
    toggle = at.sidebar.toggle(key="members_sample")
    assert toggle.value is False and "Include the fictional sample register" in toggle.label
    assert not _sample_shown(at) and not _flagged(at)
    assert "switch it on in the sidebar" in " ".join(i.value for i in at.info)


def test_sample_figures_equal_the_database_and_are_flagged_everywhere(app_db, sample_loaded):
    at = open_page("members")
    at.sidebar.toggle(key="members_sample").set_value(True).run()
    assert_no_exception(at)
    assert _flagged(at)
    # the flag is at the top: before the page title
    elements = [e for e in at.main if hasattr(e, "value")]
    flag = next(i for i, e in enumerate(elements) if type(e).__name__ == "Warning" and "Sample data." in e.value)
    title = next(i for i, e in enumerate(elements) if type(e).__name__ == "Title")
    assert flag < title
    descriptions = [c.value for c in at.caption if c.value.startswith("Chart description")]
    assert descriptions and all("Sample data" in d for d in descriptions)

    table = _frame(at, "Members per 100 institutions").set_index("Code")
    assert (table["Data"] == "Sample (fictional)").all()
    year = scalar(app_db, LATEST)
    for code in ("E12000002", "E12000007"):
        members = scalar(app_db, CURRENT + " AND region_code=:r", r=code)
        institutions = scalar(app_db, "SELECT count(*) FROM institutions WHERE region_code=:r", r=code)
        leavers = scalar(
            app_db,
            """SELECT denominator FROM outcomes WHERE indicator_code='cl_eet_19_21' AND geography_code=:r
               AND year=:y""",
            r=code,
            y=year,
        )
        assert table.loc[code, "Members"] == members
        assert table.loc[code, "Members per 100 institutions"] == round(100 * members / institutions, 2)
        assert table.loc[code, "Members per 1,000 care leavers"] == round(1000 * members / leavers, 2)
    total = scalar(app_db, CURRENT)
    england_leavers = scalar(
        app_db,
        "SELECT denominator FROM outcomes WHERE indicator_code='cl_eet_19_21' AND geography_level='england' "
        "AND year=:y",
        y=year,
    )
    assert table.loc["E92000001", "Members"] == total
    assert table.loc["E92000001", "Members per 1,000 care leavers"] == round(1000 * total / england_leavers, 2)
    assert f"**{total}** current members in England" in page_text(at)


def test_region_filter_limits_members_by_type(app_db, sample_loaded):
    at = open_page("members", {"region": "E12000002"})
    at.sidebar.toggle(key="members_sample").set_value(True).run()
    assert_no_exception(at)
    by_type = _frame(at, "Member type")
    assert set(by_type["Region"]) == {"North West"}
    assert by_type["Members"].sum() == scalar(app_db, CURRENT + " AND region_code='E12000002'")
    university = scalar(app_db, CURRENT + " AND region_code='E12000002' AND member_type='university'")
    shown = by_type[by_type["Member type"] == "University"]["Members"].sum()
    assert shown == university
    assert _flagged(at)


def test_bad_link_parameters_are_ignored_with_a_note(app_db):
    at = open_page("members", {"type": "nonsense", "ca": "E47999999", "sample": "1"})
    assert_no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "Ignored institution type 'nonsense'" in warnings and "unknown link parameter 'sample'" in warnings
    assert "No member register is loaded" in " ".join(i.value for i in at.info)
