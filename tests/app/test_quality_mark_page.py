"""Quality Mark coverage page: the figures shown equal the database read with SQL; filters and bad links."""

from __future__ import annotations

import datetime as dt

from nnecl_data import wording
from nnecl_data.rules import quality_mark
from tests.app.conftest import assert_no_exception, open_page, page_text, scalar, url_values

YEAR = dt.date.today().year  # the app judges status at data.today(), i.e. today

# One row per institution (matched by register id, unmatched by published name) with the year rule of
# nnecl_data.database.provision written out again in SQL: held = award_year <= year <= expiry_year.
WHO = "COALESCE(institution_id, 'name:' || lower(name_as_published))"
HELD = f"""SELECT count(DISTINCT {WHO}) FROM quality_mark_awards
           WHERE NOT is_sample AND status <> 'working_towards' AND award_year <= :y AND expiry_year >= :y"""
NAMED = f"SELECT count(DISTINCT {WHO}) FROM quality_mark_awards WHERE NOT is_sample"
HELD_IDS = """SELECT DISTINCT institution_id FROM quality_mark_awards
              WHERE NOT is_sample AND institution_id IS NOT NULL AND status <> 'working_towards'
                AND award_year <= :y AND expiry_year >= :y"""
REGISTER_HELD = f"SELECT count(*) FROM institutions WHERE institution_id IN ({HELD_IDS})"
LAPSED = f"""SELECT count(DISTINCT {WHO}) FROM quality_mark_awards a
             WHERE NOT is_sample AND status <> 'working_towards' AND expiry_year < :y
               AND {WHO} NOT IN (SELECT {WHO} FROM quality_mark_awards
                                 WHERE NOT is_sample AND award_year <= :y AND expiry_year >= :y)"""


HELD_LABELS = [wording.STATUS_LABELS[status] for status in quality_mark.HELD]


def _frame(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_headline_counts_equal_the_database(app_db):
    at = open_page("quality_mark")
    assert_no_exception(at)
    text = page_text(at)
    total = scalar(app_db, "SELECT value FROM facts WHERE fact_id='qm_institutions_awarded_2025'")
    named = scalar(app_db, NAMED)
    held = scalar(app_db, HELD, y=YEAR)
    lapsed = scalar(app_db, LAPSED, y=YEAR)
    assert f"NNECL reports {total:.0f} institutions awarded the Quality Mark" in text
    assert f"the announcements held name {named} of them" in text
    assert f"{held} hold a current award" in text
    assert f"{lapsed} have no later award or renewal recorded" in text
    # the headline's source is shown with it
    assert "Cambridge University is the 50th" in text
    assert "no later award or renewal is recorded in the announcements the dashboard holds" in text


def test_england_and_regional_coverage_equal_the_database(app_db):
    at = open_page("quality_mark")
    assert_no_exception(at)
    n = scalar(app_db, "SELECT count(*) FROM institutions")
    with_award = scalar(app_db, REGISTER_HELD, y=YEAR)
    assert f"England: {with_award} of {n} institutions in the register" in page_text(at)
    table = _frame(at, "With a current award (%)").set_index("Code")
    for code in ("E12000001", "E12000002", "E12000007"):
        region_n = scalar(app_db, "SELECT count(*) FROM institutions WHERE region_code=:r", r=code)
        region_held = scalar(app_db, REGISTER_HELD + " AND region_code=:r", y=YEAR, r=code)
        assert table.loc[code, "Institutions in the register"] == region_n
        assert table.loc[code, "With a current award"] == region_held
        assert table.loc[code, "With a current award (%)"] == round(100 * region_held / region_n, 1)
        assert table.loc[code, "England (%)"] == round(100 * with_award / n, 1)
    assert table.loc["E92000001", "Institutions in the register"] == n
    assert "16-19 academies" in page_text(at)


def test_status_counts_by_region_equal_the_database(app_db):
    at = open_page("quality_mark")
    assert_no_exception(at)
    by_region = next(
        df.value for df in at.dataframe if {"Region", "Status", "Institutions"} <= set(df.value.columns)
    )
    held_in_regions = scalar(app_db, REGISTER_HELD + " AND region_code IS NOT NULL", y=YEAR)
    current = by_region[by_region["Status"].isin(HELD_LABELS)]["Institutions"].sum()
    assert current == held_in_regions
    lapsed_matched = scalar(
        app_db,
        f"""SELECT count(*) FROM institutions WHERE region_code IS NOT NULL AND institution_id IN
              (SELECT institution_id FROM quality_mark_awards WHERE NOT is_sample AND expiry_year < :y)
            AND institution_id NOT IN ({HELD_IDS})""",
        y=YEAR,
    )
    lapsed_shown = by_region[by_region["Status"] == wording.STATUS_LABELS["lapsed"]]["Institutions"].sum()
    assert lapsed_shown == lapsed_matched


def test_institution_type_filter_changes_the_figures(app_db):
    at = open_page("quality_mark")
    at.sidebar.multiselect(key="w_type").set_value(["university"]).run()
    assert_no_exception(at)
    n = scalar(app_db, "SELECT count(*) FROM institutions WHERE type='university'")
    held = scalar(app_db, REGISTER_HELD + " AND type='university'", y=YEAR)
    assert f"England: {held} of {n} institutions in the register (University only)" in page_text(at)
    listed = _frame(at, "Status today")
    assert set(listed["Type"]) == {"University"}
    recorded = scalar(
        app_db,
        """SELECT count(DISTINCT i.institution_id) FROM institutions i JOIN quality_mark_awards a
           ON a.institution_id = i.institution_id WHERE NOT a.is_sample AND i.type='university'""",
    )
    assert len(listed) == recorded
    assert url_values(at, "type") == ["university"]


def test_region_filter_lists_only_that_regions_institutions(app_db):
    at = open_page("quality_mark", {"region": "E12000002"})
    assert_no_exception(at)
    n = scalar(app_db, "SELECT count(*) FROM institutions WHERE region_code='E12000002'")
    held = scalar(app_db, REGISTER_HELD + " AND region_code='E12000002'", y=YEAR)
    assert f"North West: {held} of {n} (" in page_text(at)
    listed = _frame(at, "Status today")
    assert set(listed["Region"]) == {"North West"}
    recorded = scalar(
        app_db,
        """SELECT count(DISTINCT i.institution_id) FROM institutions i JOIN quality_mark_awards a
           ON a.institution_id = i.institution_id WHERE NOT a.is_sample AND i.region_code='E12000002'""",
    )
    assert len(listed) == recorded
    # listing every institution in the register adds those with no award recorded
    at.toggle(key="qm_include_all").set_value(True).run()
    assert len(_frame(at, "Status today")) == n


def test_unmatched_awards_are_reported_and_the_timeline_counts_every_award(app_db):
    at = open_page("quality_mark")
    assert_no_exception(at)
    unmatched = _frame(at, "Why it is not matched")
    expected = scalar(
        app_db, "SELECT count(*) FROM quality_mark_awards WHERE institution_id IS NULL AND NOT is_sample"
    )
    assert len(unmatched) == expected > 0
    assert "Oldham Sixth Form College" in set(unmatched["Name as published"])
    assert "kept and reported, not dropped" in page_text(at)
    timeline = _frame(at, "Year announced")
    assert timeline["Awards"].sum() == scalar(
        app_db, "SELECT count(*) FROM quality_mark_awards WHERE NOT is_sample"
    )


def test_expiring_awards_match_the_database(app_db):
    at = open_page("quality_mark")
    assert_no_exception(at)
    ending = scalar(
        app_db,
        """SELECT count(*) FROM quality_mark_awards a WHERE NOT is_sample AND status <> 'working_towards'
             AND award_year <= :y AND expiry_year BETWEEN :y AND :y + 1
             AND NOT EXISTS (SELECT 1 FROM quality_mark_awards b WHERE b.institution_id = a.institution_id
                             AND b.award_year > a.award_year AND NOT b.is_sample)""",
        y=YEAR,
    )
    frames = [df.value for df in at.dataframe if "Ends (year)" in df.value.columns]
    if ending:
        assert len(frames[0]) == ending
    else:
        assert not frames
        assert "is due to end by" in page_text(at)


def test_bad_link_parameters_are_ignored_with_a_note(app_db):
    at = open_page("quality_mark", {"type": ["nonsense", "university"], "ca": "E47999999", "region": "E12999999"})
    assert_no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "Ignored institution type 'nonsense'" in warnings
    assert "Ignored combined authority 'E47999999'" in warnings and "Ignored region 'E12999999'" in warnings
    assert at.sidebar.multiselect(key="w_type").value == ["university"]
    assert at.sidebar.multiselect(key="w_region").value == []
