"""A whole pack: England's figures, Quality Mark counts, sources and charts equal the database; the pack
cites itself; an unknown area is refused."""

from __future__ import annotations

import pytest

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
    assert len(pack.charts) == 2 and all(c.png.startswith(b"\x89PNG") for c in pack.charts)


def test_pack_prints_its_citation(built_sqlite, region_pack):
    pack, pdf, html = region_pack
    words = pdf_text(pdf)
    version = dict(select_rows(built_sqlite, "SELECT key, value FROM dataset_meta"))["seed_version"]
    assert pack.citation.startswith("National Network for the Education of Care Leavers (NNECL)")
    for part in ("Evidence pack: North East", URL, version, f"accessed {ON.isoformat()}"):
        assert part in pack.citation
        assert part in words.replace(" ", "") or part in words
    assert "How to cite this pack" in html and URL.replace("&", "&amp;") in html


def test_unknown_area_is_refused(built_sqlite):
    with pytest.raises(KeyError):
        evidence.build_pack(built_sqlite, evidence.Selection("region", "E12999999"), with_images=False)
    with pytest.raises(ValueError):
        evidence.Selection("region")
