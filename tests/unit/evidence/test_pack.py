"""A whole pack: England's figures, Quality Mark counts, sources and charts equal the database; the pack
cites itself; an unknown area is refused."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from nnecl_data import evidence
from tests.unit.evidence.helpers import ON, URL, latest, pdf_text, select_one, select_rows, value_of


def test_england_pack_and_quality_mark_equal_the_database(built_sqlite):
    pack = evidence.build_pack(built_sqlite, evidence.Selection("england"), on_date=ON)
    words = pdf_text(evidence.to_pdf(pack))
    year = latest(built_sqlite, "cl_eet_19_21")
    eng, _, period = value_of(built_sqlite, "cl_eet_19_21", "england", "E92000001", year)
    assert (
        f"In {period}, {eng:.0f}% of care leavers aged 19 to 21 in England were in education, "
        "employment or training." in words
    )
    total, as_of = select_one(
        built_sqlite, "SELECT value, as_of FROM facts WHERE fact_id = 'qm_institutions_awarded_2025'"
    )
    named = select_one(
        built_sqlite,
        "SELECT count(DISTINCT coalesce(institution_id, 'name:' || lower(name_as_published))) "
        "FROM quality_mark_awards WHERE NOT is_sample AND award_year <= :y",
        y=int(as_of[:4]),
    )[0]
    assert f"The announcements held name {named} of these {total:.0f} by {as_of}" in words
    assert f"{int(total) - named} are not named in any" in words
    institutions = select_one(built_sqlite, "SELECT count(*) FROM institutions")[0]
    assert f"Of the {institutions} colleges and universities" in words
    assert "No member register is loaded" in words
    assert "Open Government Licence v3.0" in words
    assert "Sources and caveats" in words and "How to cite this pack" in words
    assert all(c.png.startswith(b"\x89PNG") for c in pack.charts)


def test_charts_for_every_headline_measure_each_on_one_page_with_its_caption(built_sqlite, region_pack):
    pack, pdf, _ = region_pack
    measures = [
        row[0]
        for code in evidence.INDICATORS
        for row in select_rows(built_sqlite, "SELECT short_label FROM indicators WHERE code = :c", c=code)
        if latest(built_sqlite, code)
    ]
    assert len(measures) == len(evidence.INDICATORS) > 1  # not NEET alone
    # two charts a measure: its regions ranked, and its trend; grouped under the measure, in order
    assert [c.measure for c in pack.charts] == [m for m in measures for _ in range(2)]
    assert all(c.png.startswith(b"\x89PNG") for c in pack.charts)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    for chart in pack.charts:
        # the caption under each image is on the same page as the measure's heading
        caption = " ".join(chart.description.split())[:60]
        holding = [n for n, text in enumerate(pages) if caption in text]
        assert len(holding) == 1, chart.title
        assert chart.measure in pages[holding[0]]


def _release_names(engine) -> list[str]:
    """The releases behind each indicator's latest year, read with SQL: title before its colon, published."""
    rows = select_rows(
        engine,
        "SELECT DISTINCT s.title, s.published FROM sources s JOIN outcomes o ON o.source_id = s.source_id "
        "WHERE o.year = (SELECT max(year) FROM outcomes x WHERE x.indicator_code = o.indicator_code)",
    )
    return [f"{title.split(':')[0].strip()}, {published} release" for title, published in rows]


def _latest_dated_announcement(engine) -> dt.date:
    rows = select_rows(
        engine, "SELECT date_as_published FROM quality_mark_awards WHERE NOT is_sample AND date_as_published != ''"
    )
    return max(dt.date.fromisoformat(d) for (d,) in rows if d and len(d) == 10)


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_header_names_the_data_not_a_hash_and_one_date_format_throughout(built_sqlite, region_pack):
    pack, pdf, html = region_pack
    reader = PdfReader(io.BytesIO(pdf))
    first = " ".join((reader.pages[0].extract_text() or "").split())
    meta = dict(select_rows(built_sqlite, "SELECT key, value FROM dataset_meta"))
    version = meta["seed_version"]
    releases = _release_names(built_sqlite)
    assert releases and all(name in first for name in releases)
    assert "Department for Education" in first
    assert f"NNECL Quality Mark announcements to {_latest_dated_announcement(built_sqlite).year}" in first
    assert f"latest dated {_long(_latest_dated_announcement(built_sqlite))}" in first
    assert f"Produced {_long(ON)}" in first
    assert version not in first and meta["built_at"] not in first  # no hash, no timestamp in the header
    words = pdf_text(pdf)
    assert version in words  # still traceable: named once, with the sources
    # one date format: no ISO date and no zero-padded day outside the addresses it cites
    prose = re.sub(r"https?://\S+", "", words)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", prose)
    assert not re.search(
        r"\b0\d (January|February|March|April|May|June|July|August|September|October|November|"
        r"December)\b",
        prose,
    )
    assert f"Produced {_long(ON)}" in html


def test_pack_prints_its_citation(built_sqlite, region_pack):
    pack, pdf, html = region_pack
    words = pdf_text(pdf)
    assert pack.citation.startswith("National Network for the Education of Care Leavers (NNECL)")
    for part in ("Evidence pack: North East", URL, *_release_names(built_sqlite), f"accessed {_long(ON)}"):
        assert part in pack.citation
        assert part in words.replace(" ", "") or part in words
    assert "How to cite this pack" in html and URL.replace("&", "&amp;") in html


def test_a_pack_without_an_address_says_so_rather_than_citing_localhost(built_sqlite):
    pack = evidence.build_pack(built_sqlite, evidence.Selection("england"), on_date=ON, with_images=False)
    assert "localhost" not in pack.citation and "127.0.0.1" not in pack.citation
    assert "public address is not set" in pack.citation


def test_unknown_area_is_refused(built_sqlite):
    with pytest.raises(KeyError):
        evidence.build_pack(built_sqlite, evidence.Selection("region", "E12999999"), with_images=False)
    with pytest.raises(ValueError):
        evidence.Selection("region")
