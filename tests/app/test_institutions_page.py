"""Institutions page: rows listed equal the database, search and filters work, bad input is survived."""

import datetime as dt

from sqlalchemy import text

from nnecl_data import wording
from tests.app.conftest import assert_no_exception, open_page, page_text, scalar, url_values

# Three years passed, no later award, no source saying it lapsed: renewal not announced.
NOT_ANNOUNCED = """SELECT count(*) FROM (
              SELECT institution_id FROM quality_mark_awards
              WHERE institution_id IS NOT NULL AND is_sample = 0
              GROUP BY institution_id
              HAVING max(expiry_year) < :year AND sum(status = 'working_towards') = 0
                 AND sum(status = 'lapsed') = 0)"""
OUTSIDE = """SELECT count(DISTINCT lower(name_as_published)) FROM quality_mark_awards
             WHERE institution_id IS NULL AND NOT is_sample"""


def _listing(at):
    frames = [df.value for df in at.dataframe if "UKPRN" in df.value.columns]
    return frames[0] if frames else None


def _counts(at):
    return next(df.value for df in at.dataframe if "Total" in df.value.columns)


def test_default_lists_every_institution_and_the_awardees_outside_the_register_flagged(app_db):
    at = open_page("institutions")
    assert_no_exception(at)
    total = scalar(app_db, "SELECT count(*) FROM institutions")
    outside = scalar(app_db, OUTSIDE)
    listing = _listing(at)
    assert len(listing) == total + outside and outside > 0
    flagged = listing[listing["In the register"] == "Not in the register"]
    assert len(flagged) == outside and "Oldham Sixth Form College" in set(flagged["Name"])
    assert f"{total} of {total} institutions" in page_text(at)
    assert f"and {outside} awardee named in announcements but not in the register" in page_text(at)
    counts = _counts(at)
    assert counts.loc[counts["Region"] == "All regions", "Total"].iloc[0] == total
    assert "Sixth form colleges that converted" in page_text(at)  # known gaps listed


def test_region_and_type_from_the_link_filter_the_list(app_db):
    at = open_page("institutions", {"region": "E12000001", "type": "general_fe_college"})
    assert_no_exception(at)
    expected = scalar(
        app_db, "SELECT count(*) FROM institutions WHERE region_code='E12000001' AND type='general_fe_college'"
    )
    listing = _listing(at)
    assert len(listing) == expected
    assert set(listing["Region"]) == {"North East"} and set(listing["Type"]) == {"General FE college"}


def test_type_filter_in_the_sidebar(app_db):
    at = open_page("institutions")
    at.sidebar.multiselect(key="w_type").set_value(["university", "other_he"]).run()
    assert_no_exception(at)
    expected = scalar(app_db, "SELECT count(*) FROM institutions WHERE type IN ('university', 'other_he')")
    assert len(_listing(at)) == expected
    assert url_values(at, "type") == ["university", "other_he"]


def test_search_by_alias_finds_its_institution(app_db):
    with app_db.connect() as conn:
        alias, name = conn.execute(
            text(
                """SELECT a.alias, i.name FROM institution_aliases a JOIN institutions i USING (institution_id)
                   WHERE instr(lower(i.name), a.alias) = 0 ORDER BY a.alias LIMIT 1"""
            )
        ).one()
    at = open_page("institutions")
    at.text_input(key="w_institution_search").set_value(alias).run()
    assert_no_exception(at)
    listing = _listing(at)
    assert name in set(listing["Name"])
    assert all(
        alias in (n.lower() + " " + o) for n, o in zip(listing["Name"], listing["Other names"], strict=True)
    )


def test_search_by_ukprn(app_db):
    ukprn, name = "10000794", scalar(app_db, "SELECT name FROM institutions WHERE ukprn='10000794'")
    at = open_page("institutions")
    at.text_input(key="w_institution_search").set_value(ukprn).run()
    listing = _listing(at)
    assert list(listing["Name"]) == [name]


def test_markup_in_the_search_is_plain_text_and_finds_nothing(app_db):
    at = open_page("institutions")
    at.text_input(key="w_institution_search").set_value("<b>x</b>").run()
    assert_no_exception(at)
    assert _listing(at) is None
    info = " ".join(i.value for i in at.info)
    assert "No institutions match" in info and "To widen the search" in info
    assert "<b>x</b>" not in info  # escaped, so it cannot be read as markup
    assert "0 of" in page_text(at)


def test_status_filter_lists_renewals_not_announced_only_and_never_offers_lapsed_without_a_source(app_db):
    at = open_page("institutions")
    box = at.sidebar.multiselect(key="w_qm_status")
    published_lapses = scalar(app_db, "SELECT count(*) FROM quality_mark_awards WHERE status = 'lapsed'")
    assert ("lapsed" in box.options) == (published_lapses > 0)
    box.set_value(["not_announced"]).run()
    assert_no_exception(at)
    listing = _listing(at)
    expected = scalar(app_db, NOT_ANNOUNCED, year=dt.date.today().year)
    assert expected > 0  # the check below would be empty otherwise
    assert len(listing) == expected
    assert set(listing["Quality Mark status today"]) == {wording.STATUS_LABELS["not_announced"]}


def test_russell_group_filter_and_search(app_db):
    flagged = scalar(app_db, "SELECT count(*) FROM institutions WHERE russell_group")
    assert flagged > 0
    at = open_page("institutions")
    at.sidebar.toggle(key="w_russell_group").set_value(True).run()
    assert_no_exception(at)
    listing = _listing(at)
    assert len(listing) == flagged and set(listing["Russell Group"]) == {"Russell Group"}
    searched = open_page("institutions")
    searched.text_input(key="w_institution_search").set_value("Russell").run()
    found = _listing(searched)
    assert len(found) == flagged
    names = {r[0] for r in app_db.connect().execute(text("SELECT name FROM institutions WHERE russell_group"))}
    assert set(found["Name"]) == names


def test_membership_is_not_offered_without_a_real_register(app_db):
    assert scalar(app_db, "SELECT count(*) FROM memberships WHERE is_sample = 0") == 0
    at = open_page("institutions")
    assert "NNECL member" not in _listing(at).columns
    assert "not available: no member register loaded" in page_text(at)


def test_bad_link_parameters_are_ignored_with_a_note(app_db):
    at = open_page("institutions", {"region": "<script>", "type": "bogus", "year": "99999"})
    assert_no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "not one of the allowed values" in warnings and "<script>" not in warnings
    total = scalar(app_db, "SELECT count(*) FROM institutions") + scalar(app_db, OUTSIDE)
    assert len(_listing(at)) == total


def test_the_russell_group_filter_shows_nnecls_published_figures(app_db):
    at = open_page("institutions")
    at.sidebar.toggle(key="w_russell_group").set_value(True).run()
    shown = page_text(at)
    with app_db.connect() as conn:
        for statement in conn.execute(
            text("SELECT statement FROM facts WHERE fact_id LIKE 'russell_group%'")
        ).scalars():
            assert statement in shown
    held = scalar(app_db, "SELECT count(*) FROM institutions WHERE russell_group")
    assert f"holds {held} of them, each flagged Russell Group" in shown
