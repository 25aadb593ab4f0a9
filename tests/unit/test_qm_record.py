"""The Quality Mark record as published, read back from a database built from the committed seed.

Expected values are the published pages' own (address, date, words), as logged when each was confirmed;
counts are derived here from the seed files with the csv module, not from the ingest code."""

from __future__ import annotations

import csv
import re

from sqlalchemy import text

from nnecl_data import config


def _rows(engine, sql: str, **params) -> list:
    with engine.connect() as conn:
        return list(conn.execute(text(sql), params))


def _award(engine, name: str, status: str) -> dict:
    rows = _rows(
        engine,
        "SELECT a.*, s.url, s.publisher, i.name AS register_name FROM quality_mark_awards a "
        "JOIN sources s ON s.source_id = a.source_id "
        "LEFT JOIN institutions i ON i.institution_id = a.institution_id "
        "WHERE a.name_as_published = :n AND a.status = :s",
        n=name,
        s=status,
    )
    assert len(rows) == 1, (name, status, rows)
    return rows[0]._asdict()


def test_liverpool_award_is_in_the_record_with_its_source(built_sqlite):
    award = _award(built_sqlite, "University of Liverpool", "awarded")
    assert award["url"] == (
        "https://news.liverpool.ac.uk/2023/01/26/university-awarded-quality-mark-for-care-experienced-students/"
    )
    assert award["publisher"] == "University of Liverpool"
    assert award["register_name"] == "The University of Liverpool"
    # the news item's date (26 January 2023); it dates the announcement, not the award
    assert (award["date_as_published"], award["date_basis"]) == ("2023-01-26", "announcement")
    assert (award["award_year"], award["expiry_year"]) == (2023, 2026)


def test_birmingham_award_is_in_the_record_with_its_source(built_sqlite):
    award = _award(built_sqlite, "University of Birmingham", "awarded")
    assert award["url"] == "https://www.birmingham.ac.uk/study/undergraduate/apply/care-leavers"
    assert award["register_name"] == "The University of Birmingham"
    # "In December 2022, we were also awarded the ... (NNECL) Quality Mark": the award's month
    assert (award["date_as_published"], award["date_basis"]) == ("2022-12", "award")
    assert award["award_year"] == 2022


def test_york_and_sunderland_renewals_carry_their_published_dates(built_sqlite):
    york = _award(built_sqlite, "University of York", "renewed")
    assert york["url"].startswith("https://www.york.ac.uk/news-and-events/news/2025/")
    assert (york["date_as_published"], york["award_year"]) == ("2025-06-18", 2025)  # "Posted on 18 June 2025"
    sunderland = _award(built_sqlite, "University of Sunderland", "renewed")
    assert sunderland["url"].startswith("https://neconnected.co.uk/")
    assert (sunderland["date_as_published"], sunderland["date_basis"]) == ("2025-07-02", "announcement")
    # both first awards are still in the record beside the renewals
    assert _award(built_sqlite, "University of York", "awarded")["award_year"] == 2022
    assert _award(built_sqlite, "University of Sunderland", "awarded")["award_year"] == 2022


def test_award_dates_are_as_precise_as_published_and_agree_with_the_award_year(built_sqlite):
    rows = _rows(
        built_sqlite, "SELECT award_id, award_year, date_as_published, date_basis FROM quality_mark_awards"
    )
    dated = [r for r in rows if r.date_as_published is not None]
    assert dated and len(dated) < len(rows)  # pages that show no date leave it empty
    for r in rows:
        assert (r.date_as_published is None) == (r.date_basis is None), r.award_id
    for r in dated:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", r.date_as_published), r.award_id
        assert r.date_as_published[:4] == str(r.award_year), r.award_id
        assert r.date_basis in ("award", "announcement")


def test_every_award_cites_a_published_page(built_sqlite):
    rows = _rows(
        built_sqlite,
        "SELECT a.award_id, s.url FROM quality_mark_awards a JOIN sources s ON s.source_id = a.source_id",
    )
    assert rows and all(r.url.startswith(("https://", "http://")) for r in rows)


def test_an_award_to_an_institution_outside_the_register_is_kept_and_says_so(built_sqlite):
    rows = _rows(
        built_sqlite,
        "SELECT institution_id, match_note FROM quality_mark_awards "
        "WHERE name_as_published = 'Oldham Sixth Form College'",
    )
    assert len(rows) == 1
    assert rows[0].institution_id is None and rows[0].match_note.startswith("Not in the register")


def test_london_is_a_recommendation_with_its_wording_and_no_deadline(built_sqlite):
    rows = _rows(
        built_sqlite,
        "SELECT t.*, s.url FROM targets t JOIN sources s ON s.source_id = t.source_id "
        "WHERE t.scope_name = 'London'",
    )
    assert len(rows) == 1
    london = rows[0]._asdict()
    assert london["kind"] == "recommendation" and london["deadline_year"] is None
    assert (london["scope_type"], london["scope_code"]) == ("region", "E12000007")
    # NNECL's words, as published on its response to the report
    assert "all London universities should work with NNECL to achieve our Quality Mark" in london["wording"]
    assert "the impact of this should be measured" in london["wording"]
    assert london["url"] == "https://www.nnecl.org/articles/nnecl-responds-to-the-careers-after-care-report"
    assert "not an adopted target" in london["description"] and "no deadline" in london["description"]
    # the Committee's own listed recommendation is kept as a fact with the Assembly's page as its source
    fact = _rows(
        built_sqlite,
        "SELECT f.statement, f.value, s.url, s.published FROM facts f JOIN sources s ON s.source_id = f.source_id "
        "WHERE f.scope = 'London'",
    )
    assert len(fact) == 1 and fact[0].value is None
    assert "basic support offer for student care leavers" in fact[0].statement
    assert fact[0].url.startswith("https://www.london.gov.uk/") and fact[0].published == "2025-05-07"


def test_greater_manchester_stays_an_adopted_target_with_its_deadline(built_sqlite):
    rows = _rows(built_sqlite, "SELECT kind, deadline_year, wording FROM targets WHERE scope_code = 'E47000001'")
    assert [(r.kind, r.deadline_year) for r in rows] == [("target", 2027)]
    assert "accredited by NNECL by 2027" in rows[0].wording


def test_published_counts_are_facts_with_their_pages(built_sqlite):
    facts = {
        r.fact_id: r
        for r in _rows(
            built_sqlite, "SELECT f.fact_id, f.value, f.as_of, s.url FROM facts f JOIN sources s USING (source_id)"
        )
    }
    gm = facts["gm_qm_institutions_2025_10"]
    assert (gm.value, gm.as_of) == (15, "2025-10")
    assert gm.url == "https://www.nnecl.org/events/copy-of-gmca-x-nnecl-collaborative-quality-mark-project-webinar"
    national = facts["qm_institutions_awarded_2025"]
    assert national.value == 50 and "cambridge-university-is-the-50th" in national.url


def test_the_database_carries_the_russell_group_flag_of_the_seed(built_sqlite):
    with open(config.SEED_DIR / "institutions.csv", encoding="utf-8", newline="") as fh:
        seed = [r for r in csv.DictReader(fh) if r["russell_group"] == "true"]
    assert len(seed) == 20  # the 24 members less the four outside England
    rows = _rows(built_sqlite, "SELECT institution_id, type FROM institutions WHERE russell_group")
    assert {r.institution_id for r in rows} == {r["institution_id"] for r in seed}
    source = _rows(built_sqlite, "SELECT url FROM sources WHERE source_id = 'qub_russell_group_members'")
    assert source and "qub.ac.uk" in source[0].url
