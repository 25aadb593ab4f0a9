"""Local partnerships page: every partnership in the database is listed, the region filter works, the
source is cited without invented details, and bad links are survived."""

from sqlalchemy import text

from tests.app.conftest import assert_no_exception, open_page, page_text, scalar


def _names(engine, where: str = "1=1", **params) -> set[str]:
    with engine.connect() as conn:
        return {r[0] for r in conn.execute(text(f"SELECT name FROM partnerships WHERE {where}"), params)}


def _table(at):
    frames = [df.value for df in at.dataframe if "Lead organisation" in df.value.columns]
    return frames[0] if frames else None


def test_default_lists_every_partnership(app_db):
    at = open_page("partnerships")
    assert_no_exception(at)
    names = _names(app_db)
    assert len(names) == scalar(app_db, "SELECT count(*) FROM partnerships") > 0
    assert set(_table(at)["Partnership"]) == names
    assert {s.value.replace("\\", "") for s in at.subheader} >= names  # shown escaped as plain text
    total = len(names)
    assert f"{total} of {total} partnerships" in page_text(at)


def test_region_filter_keeps_partnerships_covering_the_region(app_db):
    at = open_page("partnerships", {"region": "E12000008"})
    assert_no_exception(at)
    expected = _names(app_db, "region_codes LIKE :pattern", pattern="%E12000008%")
    assert set(_table(at)["Partnership"]) == expected
    areas = next(df.value for df in at.dataframe if "Local authorities named" in df.value.columns)
    assert set(areas["Region"]) == {"South East"}


def test_region_without_a_listed_partnership_shows_an_empty_state(app_db):
    assert scalar(app_db, "SELECT count(*) FROM partnerships WHERE region_codes LIKE '%E12000007%'") == 0
    at = open_page("partnerships")
    at.sidebar.multiselect(key="w_region").set_value(["E12000007"]).run()
    assert_no_exception(at)
    assert _table(at) is None
    assert "No partnership in the directory covers the selected regions" in " ".join(i.value for i in at.info)


def test_unnamed_local_authorities_are_said_to_be_unnamed(app_db):
    at = open_page("partnerships")
    blank = _names(app_db, "la_codes = ''")
    table = _table(at)
    rows = table[table["Partnership"].isin(blank)]
    assert len(rows) == len(blank) > 0
    assert (rows["Local authorities"] == "Local authorities not named in the source").all()


def test_the_lwi_report_is_cited_without_invented_details(app_db):
    at = open_page("partnerships")
    title = scalar(app_db, "SELECT title FROM sources WHERE source_id='lwi_local_approaches'")
    published = scalar(app_db, "SELECT published FROM sources WHERE source_id='lwi_local_approaches'")
    citation = " ".join(c.value for c in at.code)
    assert title in citation
    if not published:
        assert "Publication date not stated in the source record" in citation
    assert "python -m nnecl_data import partnerships FILE" in page_text(at)


def test_bad_link_parameters_are_ignored_with_a_note(app_db):
    at = open_page("partnerships", {"region": "<script>", "type": "bogus", "year": "99999"})
    assert_no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "not one of the allowed values" in warnings and "<script>" not in warnings
    assert set(_table(at)["Partnership"]) == _names(app_db)
