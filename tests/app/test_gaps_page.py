"""Regional gaps page: gaps and coverage shown equal the database, filters work, bad links are survived."""

import datetime as dt
from urllib.parse import parse_qs

import pandas as pd
from sqlalchemy import text

from tests.app.conftest import assert_no_exception, open_page, page_text, scalar, url_values

VALUE = """SELECT value FROM outcomes WHERE indicator_code=:code AND geography_code=:geo AND year=:year"""
ENGLAND = """SELECT value FROM outcomes WHERE indicator_code=:code AND geography_level='england' AND year=:year"""
INSTITUTIONS = """SELECT count(*) FROM institutions WHERE region_code=:region"""
INSTITUTIONS_OF_TYPE = """SELECT count(*) FROM institutions WHERE region_code=:region AND type=:type"""
# An institution holds a current award when a published (non-sample) award or renewal has not passed its
# expiry year (awards are dated by year only; the expiry year itself still counts).
HOLDING = """SELECT count(DISTINCT a.institution_id) FROM quality_mark_awards a
             JOIN institutions i ON i.institution_id = a.institution_id
             WHERE i.region_code=:region AND a.is_sample = 0 AND a.status IN ('awarded', 'renewed')
               AND a.award_year <= :year AND a.expiry_year >= :year"""


def _region_table(at) -> pd.DataFrame:
    return next(
        df.value
        for df in at.dataframe
        if "Quality Mark coverage (%)" in df.value.columns
        and "Region" in df.value.columns
        and "Local authority" not in df.value.columns
    )


def _gap_column(df: pd.DataFrame) -> str:
    return next(c for c in df.columns if c.startswith("Gap to England"))


def test_default_view_gap_for_a_region_is_its_value_minus_england(app_db):
    at = open_page("gaps")
    assert_no_exception(at)
    table = _region_table(at)
    assert len(table) == 9
    year = int(scalar(app_db, "SELECT max(year) FROM outcomes WHERE indicator_code='cl_neet_19_21'"))
    value = scalar(app_db, VALUE, code="cl_neet_19_21", geo="E12000003", year=year)
    england = scalar(app_db, ENGLAND, code="cl_neet_19_21", year=year)
    row = table[table["Code"] == "E12000003"].iloc[0]
    assert row[_gap_column(table)] == round(value - england, 1)
    gap = value - england
    # one rule: a gap of 1 point or less is similar (DfE rounds to whole numbers); lower is better for NEET
    expected = "worse" if gap > 1 else "better" if gap < -1 else "similar"
    assert row["Outcome compared with England"] == expected
    shown = page_text(at)
    assert f"England: {england:.0f}%" in shown or f"England ({england:.0f}%)" in shown


def test_coverage_counts_equal_the_database(app_db):
    at = open_page("gaps")
    table = _region_table(at)
    year = dt.date.today().year
    for region in ("E12000002", "E12000007"):
        row = table[table["Code"] == region].iloc[0]
        assert row["Institutions in register"] == scalar(app_db, INSTITUTIONS, region=region)
        assert row["With a current award"] == scalar(app_db, HOLDING, region=region, year=year)


def test_headline_names_exactly_the_flagged_regions(app_db):
    at = open_page("gaps")
    table = _region_table(at)
    flagged = table[
        (table["Outcome compared with England"] == "worse")
        & (table["Quality Mark coverage (%)"] < table["England coverage (%)"])
    ]
    assert set(flagged["Region"]) == set(
        table.loc[table["Worse outcome and below-England coverage"] == "yes", "Region"]
    )
    headline = page_text(at)
    for name in flagged["Region"]:
        assert f"{name} (" in headline


def test_member_density_is_not_shown_without_a_real_register(app_db):
    assert scalar(app_db, "SELECT count(*) FROM memberships WHERE is_sample = 0") == 0
    at = open_page("gaps")
    table = _region_table(at)
    assert (table["Member density"] == "not available: no member register loaded").all()
    assert "not available: no member register loaded" in page_text(at)


def test_type_filter_changes_coverage_and_goes_into_the_link(app_db):
    at = open_page("gaps")
    at.sidebar.multiselect(key="w_type").set_value(["university"]).run()
    assert_no_exception(at)
    table = _region_table(at)
    row = table[table["Code"] == "E12000007"].iloc[0]
    assert row["Institutions in register"] == scalar(
        app_db, INSTITUTIONS_OF_TYPE, region="E12000007", type="university"
    )
    assert url_values(at, "type") == ["university"]


def test_indicator_and_year_filters_respect_polarity(app_db):
    at = open_page("gaps")
    at.sidebar.selectbox(key="w_indicator").set_value("cl_eet").run()
    at.sidebar.selectbox(key="w_year").set_value(2019).run()
    assert_no_exception(at)
    table = _region_table(at)
    england = scalar(app_db, ENGLAND, code="cl_eet_19_21", year=2019)
    for _, row in table.iterrows():
        value = scalar(app_db, VALUE, code="cl_eet_19_21", geo=row["Code"], year=2019)
        gap = round(value - england, 1)
        assert row[_gap_column(table)] == gap
        expected = "better" if gap > 1 else "worse" if gap < -1 else "similar"  # higher is better for EET
        assert row["Outcome compared with England"] == expected
    assert url_values(at, "indicator") == ["cl_eet"] and url_values(at, "year") == ["2019"]


def test_suppressed_local_authority_values_never_appear_in_the_gaps_table(app_db):
    at = open_page("gaps", {"region": ["E12000001", "E12000008"], "indicator": "cl_he", "year": "2025"})
    assert_no_exception(at)
    la = next(df.value for df in at.dataframe if "Local authority" in df.value.columns)
    expected = scalar(
        app_db,
        """SELECT count(*) FROM outcomes o JOIN local_authorities l ON l.code = o.geography_code
           WHERE o.indicator_code='cl_he_19_21' AND o.year=2025 AND l.region_code IN ('E12000001','E12000008')""",
    )
    assert len(la) == expected
    suppressed = la[la["Status"] != "published"]
    assert len(suppressed) > 0
    value_column = next(c for c in la.columns if c.startswith("In HE"))
    assert suppressed[value_column].isna().all() and suppressed[_gap_column(la)].isna().all()
    published = la[la["Status"] == "published"]
    england = scalar(app_db, ENGLAND, code="cl_he_19_21", year=2025)
    assert (published[_gap_column(la)] == (published[value_column] - england).round(1)).all()


def test_bad_link_parameters_are_ignored_with_a_note(app_db):
    at = open_page("gaps", {"region": "<script>", "type": "bogus", "year": "99999"})
    assert_no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "not one of the allowed values" in warnings and "<script>" not in warnings
    assert at.sidebar.multiselect(key="w_region").value == []
    assert at.sidebar.multiselect(key="w_type").value == []
    assert len(_region_table(at)) == 9


def test_each_local_authority_in_the_gaps_table_links_to_its_profile(app_db):
    """The shown table's names are links to the profile of the row's authority (la=its code), keeping the
    page's filters; the name is what the link shows. Every authority of the regions, from SQL."""
    at = open_page("gaps", {"region": "E12000002"})
    assert_no_exception(at)
    la = next(df.value for df in at.dataframe if "Local authority" in df.value.columns)
    with app_db.connect() as conn:
        names = dict(
            conn.execute(text("SELECT code, name FROM local_authorities WHERE region_code = 'E12000002'")).all()
        )
    assert set(la["Code"]) <= set(names) and len(la) > 20
    for code, link in zip(la["Code"], la["Local authority"], strict=True):
        address, _, shown = link.partition("#")
        assert address.startswith("local_authority?") and shown == names[code]
        query = parse_qs(address.split("?", 1)[1])
        assert query["la"] == [code] and query["region"] == ["E12000002"]
