"""Quality Mark coverage page: the figures shown equal the database read with SQL; filters and bad links."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text as text_sql

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
# Three years passed, none held, no source saying it lapsed: renewal not announced.
NOT_ANNOUNCED = f"""SELECT count(DISTINCT {WHO}) FROM quality_mark_awards a
             WHERE NOT is_sample AND status <> 'working_towards' AND expiry_year < :y
               AND {WHO} NOT IN (SELECT {WHO} FROM quality_mark_awards
                                 WHERE NOT is_sample AND award_year <= :y AND expiry_year >= :y)"""


HELD_LABELS = [wording.STATUS_LABELS[status] for status in quality_mark.HELD]


def _frame(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_headline_is_nnecls_published_count_with_the_named_record_reconciled(app_db):
    at = open_page("quality_mark")
    assert_no_exception(at)
    text = page_text(at)
    statement, total, as_of = (
        app_db.connect()
        .execute(
            text_sql("SELECT statement, value, as_of FROM facts WHERE fact_id='qm_institutions_awarded_2025'")
        )
        .one()
    )
    named = scalar(app_db, NAMED + " AND award_year <= :y", y=int(as_of[:4]))  # named by the figure's date
    held = scalar(app_db, HELD, y=YEAR)
    not_announced = scalar(app_db, NOT_ANNOUNCED, y=YEAR)
    assert held + not_announced == named  # every awardee named is one or the other today
    headline = at.markdown[[i for i, m in enumerate(at.markdown) if statement in m.value][0]].value
    assert headline.startswith(f"**{statement}")  # NNECL's own figure first
    assert f"The announcements held name {named} of these {total:.0f}" in headline
    assert f"{int(total) - named} are not named in any" in headline
    assert f"{held} hold a current award and {not_announced} have renewal not announced" in headline
    assert "Cambridge University is the 50th" in text  # the headline's source is shown with it
    table = _frame(at, "Of which not in the register").set_index("Part")
    assert table["Institutions"].iloc[:-1].sum() == total  # named parts + not named = NNECL's figure


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
    not_announced = scalar(
        app_db,
        f"""SELECT count(*) FROM institutions WHERE region_code IS NOT NULL AND institution_id IN
              (SELECT institution_id FROM quality_mark_awards WHERE NOT is_sample AND expiry_year < :y)
            AND institution_id NOT IN ({HELD_IDS})""",
        y=YEAR,
    )
    shown = by_region[by_region["Status"] == wording.STATUS_LABELS["not_announced"]]["Institutions"].sum()
    assert shown == not_announced > 0


def test_institution_type_filter_changes_the_figures(app_db):
    at = open_page("quality_mark")
    at.sidebar.multiselect(key="w_type").set_value(["university"]).run()
    assert_no_exception(at)
    n = scalar(app_db, "SELECT count(*) FROM institutions WHERE type='university'")
    held = scalar(app_db, REGISTER_HELD + " AND type='university'", y=YEAR)
    assert f"England: {held} of {n} institutions in the register (University only)" in page_text(at)
    listed = _frame(at, "Award records held")
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
    listed = _frame(at, "Award records held")
    assert set(listed["Region"]) == {"North West"}
    recorded = scalar(
        app_db,
        """SELECT count(DISTINCT i.institution_id) FROM institutions i JOIN quality_mark_awards a
           ON a.institution_id = i.institution_id WHERE NOT a.is_sample AND i.region_code='E12000002'""",
    )
    # awardees not in the register whose announcement places them in the region (a combined authority of it)
    outside = scalar(
        app_db,
        """SELECT count(DISTINCT lower(a.name_as_published)) FROM quality_mark_awards a
           JOIN combined_authorities c ON instr(lower(a.cohort), lower(c.name)) > 0
           WHERE a.institution_id IS NULL AND NOT a.is_sample AND c.code IN
             (SELECT combined_authority_code FROM local_authorities WHERE region_code='E12000002')""",
    )
    assert len(listed) == recorded + outside
    assert (listed["In the register"] == "Not in the register").sum() == outside > 0
    # listing every institution in the register adds those with no award on record
    at.toggle(key="qm_include_all").set_value(True).run()
    assert len(_frame(at, "Award records held")) == n + outside


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


def test_russell_group_figures_and_flags_are_shown(app_db):
    at = open_page("quality_mark")
    assert_no_exception(at)
    shown = page_text(at)
    with app_db.connect() as conn:
        facts = conn.execute(text_sql("SELECT statement FROM facts WHERE fact_id LIKE 'russell_group%'")).scalars()
        for statement in facts:
            assert statement in shown  # NNECL's published figures: 24, 20 members, 10 achieved or working towards
        flagged = set(conn.execute(text_sql("SELECT ukprn FROM institutions WHERE russell_group")).scalars())
        named = scalar(
            app_db,
            """SELECT count(DISTINCT a.institution_id) FROM quality_mark_awards a
               JOIN institutions i ON i.institution_id = a.institution_id
               WHERE i.russell_group AND NOT a.is_sample AND a.award_year <= 2025""",
        )
        achieved_or_working = int(
            conn.execute(text_sql("SELECT value FROM facts WHERE fact_id='russell_group_quality_mark'")).scalar()
        )
    table = _frame(at, "Russell Group")
    assert set(table["UKPRN"]) == flagged and flagged
    assert set(table["Russell Group"]) == {"Yes"}
    assert f"The announcements held name {named} Russell Group universities" in shown
    assert (
        f"Of NNECL's {achieved_or_working} that have achieved the Quality Mark or are working towards it, "
        f"{achieved_or_working - named} are not named" in shown
    )
