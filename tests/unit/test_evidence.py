"""Evidence packs: statements and figures in the rendered PDF equal the database read with SQL; suppressed
cells are said to be unpublished and never appear as numbers; names are escaped; the pack cites itself."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from nnecl_data import evidence
from nnecl_data.database import db

NORTH_EAST, GM, WEST_OF_ENGLAND = "E12000001", "E47000001", "E47000009"
ON = dt.date(2025, 11, 1)
URL = "https://dashboard.example/evidence_pack?region=E12000001"


def _sql(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def _one(engine, sql: str, **params):
    return _sql(engine, sql, **params)[0]


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _latest(engine, code: str) -> int:
    return int(_one(engine, "SELECT max(year) FROM outcomes WHERE indicator_code = :c", c=code)[0])


def _value(engine, code: str, level: str, geo: str, year: int):
    return _one(
        engine,
        "SELECT value, status, period_label FROM outcomes WHERE indicator_code = :c AND geography_level = :l "
        "AND geography_code = :g AND year = :y",
        c=code,
        l=level,
        g=geo,
        y=year,
    )


@pytest.fixture(scope="module")
def region_pack(built_sqlite):
    pack = evidence.build_pack(built_sqlite, evidence.Selection("region", NORTH_EAST), on_date=ON, url=URL)
    return pack, evidence.to_pdf(pack), evidence.to_html(pack).decode("utf-8")


@pytest.fixture(scope="module")
def ca_pack(built_sqlite):
    pack = evidence.build_pack(built_sqlite, evidence.Selection("combined_authority", GM), on_date=ON)
    return pack, evidence.to_pdf(pack), evidence.to_html(pack).decode("utf-8")


def test_region_pack_statements_equal_the_database(built_sqlite, region_pack):
    pack, pdf, _ = region_pack
    assert pdf.startswith(b"%PDF")
    words = _pdf_text(pdf)
    year = _latest(built_sqlite, "cl_neet_19_21")
    ne, status, period = _value(built_sqlite, "cl_neet_19_21", "region", NORTH_EAST, year)
    eng = _value(built_sqlite, "cl_neet_19_21", "england", "E92000001", year)[0]
    assert status is None and ne is not None
    gap = round(ne) - round(eng)
    verdict = "worse" if gap > 0 else "better"
    expected = (
        f"In {period}, {ne:.0f}% of care leavers aged 19 to 21 in the North East were not in education, "
        f"employment or training (NEET): {abs(gap)} percentage point{'s' if abs(gap) != 1 else ''} "
        f"{'above' if gap > 0 else 'below'} England ({eng:.0f}%), {verdict} than England."
    )
    assert expected in [s.text.split(" It ranks")[0] for s in pack.statements]
    assert expected in words
    assert 4 <= len(pack.statements) <= 6
    # every statement of the pack is in the PDF, and each names its figure as the database holds it
    for statement in pack.statements:
        assert " ".join(statement.text.split()) in words
    ks4_year = _latest(built_sqlite, "ks4_em_4plus")
    ks4, ks4_status, ks4_period = _value(built_sqlite, "ks4_em_4plus", "region", NORTH_EAST, ks4_year)
    if ks4_status is None:
        shown = f"{ks4:.0f}" if float(ks4).is_integer() else f"{ks4:.1f}"  # KS4 is published to one decimal
        assert f"In {ks4_period}, {shown}% of children looked after for 12 months in the North East" in words
    # the table of figures: the region and England as the database holds them
    key = pack.tables[0].frame.set_index("Indicator")
    assert key.loc["NEET, 19 to 21", "Region"] == f"{ne:.0f}%"
    assert key.loc["NEET, 19 to 21", "England"] == f"{eng:.0f}%"


def test_region_pack_local_authority_table_equals_the_database(built_sqlite, region_pack):
    pack, pdf, html = region_pack
    year = _latest(built_sqlite, "cl_neet_19_21")
    rows = _sql(
        built_sqlite,
        "SELECT o.geography_name, o.value, o.status FROM outcomes o JOIN local_authorities l ON l.code = "
        "o.geography_code WHERE o.indicator_code = 'cl_he_19_21' AND o.year = :y AND "
        "o.geography_level = 'local_authority' AND l.region_code = :r",
        y=year,
        r=NORTH_EAST,
    )
    table = pack.tables[1].frame.set_index("Local authority")
    column = f"In HE ({year})"
    assert any(status for _, _, status in rows), "the seed should have a suppressed NE figure"
    for name, value, status in rows:
        assert table.loc[name, column] == (status if status else f"{value:.0f}%")
    words = _pdf_text(pdf)
    assert "Local authorities: key figures" in words


def test_combined_authority_pack_never_shows_suppressed_cells_as_numbers(built_sqlite, ca_pack):
    pack, pdf, html = ca_pack
    words = _pdf_text(pdf)
    year = _latest(built_sqlite, "cl_he_19_21")
    rows = _sql(
        built_sqlite,
        "SELECT o.geography_name, o.value, o.status FROM outcomes o JOIN local_authorities l ON l.code = "
        "o.geography_code WHERE o.indicator_code = 'cl_he_19_21' AND o.year = :y AND "
        "o.geography_level = 'local_authority' AND l.combined_authority_code = :ca ORDER BY o.geography_name",
        y=year,
        ca=GM,
    )
    hidden = [(n, s) for n, v, s in rows if s]
    published = sorted((v, n) for n, v, s in rows if not s)
    assert hidden, "Greater Manchester has suppressed HE figures in the seed"
    he = next(s.text for s in pack.statements if s.indicator_code == "cl_he_19_21")
    low, high = published[0], published[-1]
    assert f"between {low[0]:.0f}% ({low[1]}) and {high[0]:.0f}% ({high[1]})" in he
    assert "Not published for " + ", ".join(f"{n} ({s})" for n, s in hidden) in he
    assert " ".join(he.split()) in words
    table = pack.tables[1].frame.set_index("Local authority")
    for name, status in hidden:
        cell = table.loc[name, f"In HE ({year})"]
        assert cell == status and not re.search(r"\d", cell)
    # the image-free statements and tables hold no number for a hidden cell: nothing to leak in PDF or HTML
    for name, _ in hidden:
        assert re.search(rf"{re.escape(name)}\s*\(c\)", words)
    # the England comparison is the database's
    eng = _value(built_sqlite, "cl_he_19_21", "england", "E92000001", year)[0]
    assert f"England: {eng:.0f}%" in he


def test_combined_authority_with_nothing_published_says_so(built_sqlite):
    year = _latest(built_sqlite, "cl_he_19_21")
    rows = _sql(
        built_sqlite,
        "SELECT o.status FROM outcomes o JOIN local_authorities l ON l.code = o.geography_code WHERE "
        "o.indicator_code = 'cl_he_19_21' AND o.year = :y AND o.geography_level = 'local_authority' "
        "AND l.combined_authority_code = :ca",
        y=year,
        ca=WEST_OF_ENGLAND,
    )
    pack = evidence.build_pack(
        built_sqlite, evidence.Selection("combined_authority", WEST_OF_ENGLAND), on_date=ON, with_images=False
    )
    he = next(s for s in pack.statements if s.indicator_code == "cl_he_19_21")
    if all(r[0] for r in rows):
        assert not he.published
        assert "is not published for any of the" in he.text
        assert not re.search(r"\d+%", he.text)


def test_england_pack_and_quality_mark_equal_the_database(built_sqlite):
    pack = evidence.build_pack(built_sqlite, evidence.Selection("england"), on_date=ON)
    words = _pdf_text(evidence.to_pdf(pack))
    year = _latest(built_sqlite, "cl_eet_19_21")
    eng, _, period = _value(built_sqlite, "cl_eet_19_21", "england", "E92000001", year)
    assert (
        f"In {period}, {eng:.0f}% of care leavers aged 19 to 21 in England were in education, "
        "employment or training." in words
    )
    named = _one(
        built_sqlite,
        "SELECT count(DISTINCT coalesce(institution_id, 'name:' || lower(name_as_published))) "
        "FROM quality_mark_awards WHERE NOT is_sample",
    )[0]
    total = _one(built_sqlite, "SELECT value FROM facts WHERE fact_id = 'qm_institutions_awarded_2025'")[0]
    assert f"{named} of {total:.0f} named" in words
    institutions = _one(built_sqlite, "SELECT count(*) FROM institutions")[0]
    assert f"Of the {institutions} colleges and universities" in words
    assert "No member register is loaded" in words
    assert "Open Government Licence v3.0" in words
    assert "Sources and caveats" in words and "How to cite this pack" in words
    assert len(pack.charts) == 2 and all(c.png.startswith(b"\x89PNG") for c in pack.charts)


def test_institution_type_narrows_the_quality_mark_section(built_sqlite):
    pack = evidence.build_pack(
        built_sqlite, evidence.Selection("region", NORTH_EAST, ("university",)), on_date=ON, with_images=False
    )
    n = _one(
        built_sqlite,
        "SELECT count(*) FROM institutions WHERE region_code = :r AND type = 'university'",
        r=NORTH_EAST,
    )[0]
    assert f"Of the {n} universities in the dashboard's register in the North East" in pack.provision[0]
    assert "University" in pack.selection_text


def test_pack_prints_its_citation(built_sqlite, region_pack):
    pack, pdf, html = region_pack
    words = _pdf_text(pdf)
    version = dict(_sql(built_sqlite, "SELECT key, value FROM dataset_meta"))["seed_version"]
    assert pack.citation.startswith("National Network for the Education of Care Leavers (NNECL)")
    for part in ("Evidence pack: North East", URL, version, f"accessed {ON.isoformat()}"):
        assert part in pack.citation
        assert part in words.replace(" ", "") or part in words
    assert "How to cite this pack" in html and URL.replace("&", "&amp;") in html


def test_names_are_escaped_in_html_and_pdf(region_pack):
    pack, _, _ = region_pack
    hostile = "<script>alert('x')</script> & Sons"
    pack = evidence.Pack(**{**pack.__dict__})
    pack.area_name = hostile
    pack.statements = [evidence.Statement(f"In 2025, 1% in {hostile}.", "cl_neet_19_21", True)]
    pack.tables = [evidence.Table("T", pack.tables[0].frame.assign(Indicator=hostile))]
    html = evidence.to_html(pack).decode("utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Sons" in html
    words = _pdf_text(evidence.to_pdf(pack))
    assert "<script>alert('x')</script> & Sons" in words


def test_unknown_area_is_refused(built_sqlite):
    with pytest.raises(KeyError):
        evidence.build_pack(built_sqlite, evidence.Selection("region", "E12999999"), with_images=False)
    with pytest.raises(ValueError):
        evidence.Selection("region")


def test_sample_members_are_flagged(built_sqlite, tmp_path):
    from nnecl_data.registers import imports

    path = tmp_path / "copy.sqlite"
    shutil.copy(str(built_sqlite.url.database), path)
    engine = db.make_engine(db.sqlite_url(path))
    imports.load_sample(engine, user="test")
    plain = evidence.build_pack(engine, evidence.Selection("region", NORTH_EAST), on_date=ON, with_images=False)
    assert not plain.sample_shown and "No member register is loaded" in " ".join(plain.provision)
    pack = evidence.build_pack(
        engine, evidence.Selection("region", NORTH_EAST, include_sample=True), on_date=ON, with_images=False
    )
    assert pack.sample_shown
    assert any(p.startswith("SAMPLE DATA") for p in pack.provision)
    assert "SAMPLE DATA" in _pdf_text(evidence.to_pdf(pack))
    engine.dispose()


def test_trend_areas_names_which_local_authorities_a_crowded_chart_shows():
    import pandas as pd

    las = pd.DataFrame(
        {
            "geography_code": [f"E0800000{i}" for i in range(1, 9)],
            "gap_to_england": [1.0, 9.0, -3.0, None, 5.0, 0.0, 7.0, -8.0],
        }
    )
    few, note = evidence.trend_areas(las.head(4), "lower_better", 6, "2025")
    assert few == las["geography_code"].head(4).tolist() and note == ""
    # NEET: lower is better, so the largest positive gaps are furthest behind England; no figure goes last
    codes, note = evidence.trend_areas(las, "lower_better", 6, "2025")
    assert codes == ["E08000002", "E08000007", "E08000005", "E08000001", "E08000006", "E08000003"]
    assert note == ", the 6 of 8 local authorities furthest behind England in 2025"
    codes, _ = evidence.trend_areas(las, "higher_better", 3, "2025")
    assert codes == ["E08000008", "E08000003", "E08000006"]
    codes, note = evidence.trend_areas(las, "neutral", 2, "2025")
    assert codes == ["E08000002", "E08000008"] and "furthest from England" in note
