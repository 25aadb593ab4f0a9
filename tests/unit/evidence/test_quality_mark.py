"""The Quality Mark and membership section: counts equal the database; sample members are flagged."""

from __future__ import annotations

import shutil

from nnecl_data import evidence
from nnecl_data.database import db
from tests.unit.evidence.helpers import GM, NORTH_EAST, ON, pdf_text, select_one


def test_institution_type_narrows_the_quality_mark_section(built_sqlite):
    pack = evidence.build_pack(
        built_sqlite, evidence.Selection("region", NORTH_EAST, ("university",)), on_date=ON, with_images=False
    )
    n = select_one(
        built_sqlite,
        "SELECT count(*) FROM institutions WHERE region_code = :r AND type = 'university'",
        r=NORTH_EAST,
    )[0]
    assert f"Of the {n} universities in the dashboard's register in the North East" in pack.provision[1]
    assert "University" in pack.selection_text


def test_sample_members_are_flagged(built_sqlite, tmp_path):
    from nnecl_data.registers import sample_register

    path = tmp_path / "copy.sqlite"
    shutil.copy(str(built_sqlite.url.database), path)
    engine = db.make_engine(db.sqlite_url(path))
    sample_register.load_sample(engine, user="test")
    plain = evidence.build_pack(engine, evidence.Selection("region", NORTH_EAST), on_date=ON, with_images=False)
    assert not plain.sample_shown and "No member register is loaded" in " ".join(plain.provision)
    pack = evidence.build_pack(
        engine, evidence.Selection("region", NORTH_EAST, include_sample=True), on_date=ON, with_images=False
    )
    assert pack.sample_shown
    assert any(p.startswith("SAMPLE DATA") for p in pack.provision)
    assert "SAMPLE DATA" in pdf_text(evidence.to_pdf(pack))
    engine.dispose()


def test_greater_manchester_pack_leads_with_nnecls_15_and_uses_the_pages_statuses(ca_pack, built_sqlite):
    pack, pdf, html = ca_pack
    value, as_of = select_one(
        built_sqlite, "SELECT value, as_of FROM facts WHERE fact_id='gm_qm_institutions_2025_10'"
    )
    in_scope = """SELECT i.institution_id FROM institutions i JOIN local_authorities l ON l.code = i.la_code
                  WHERE l.combined_authority_code = :ca"""
    named = select_one(
        built_sqlite,
        f"""SELECT count(DISTINCT coalesce(institution_id, lower(name_as_published))) FROM quality_mark_awards
            WHERE NOT is_sample AND award_year <= :y AND (institution_id IN ({in_scope})
                  OR (institution_id IS NULL AND cohort LIKE '%Greater Manchester%'))""",
        y=int(as_of[:4]),
        ca=GM,
    )[0]
    first = pack.provision[0]
    assert first.startswith("NNECL's page for the GMCA x NNECL")  # the published count first
    assert f"name {named} of these {value:.0f}" in first and f"{int(value) - named} is not named" in first
    assert first.endswith(f"+ {int(value) - named}.")  # the parts add up to the published figure
    # the table's statuses are the pages': renewal not announced counted apart, never "lapsed"
    table = pack.provision_table.frame
    assert "Renewal not announced" in table.columns and "No award on record" in table.columns
    ended = select_one(
        built_sqlite,
        f"""SELECT count(*) FROM ({in_scope}) s WHERE institution_id IN
              (SELECT institution_id FROM quality_mark_awards WHERE NOT is_sample) AND institution_id NOT IN
              (SELECT institution_id FROM quality_mark_awards WHERE NOT is_sample AND institution_id IS NOT NULL
               AND award_year <= :y AND expiry_year >= :y)""",
        ca=GM,
        y=ON.year,
    )[0]
    assert table["Renewal not announced"].astype(int).sum() == ended
    for text in (html, pdf_text(pdf), " ".join(pack.provision), " ".join(pack.caveats)):
        assert "lapsed" not in text.lower()


def test_a_count_the_record_is_silent_on_says_not_recorded(built_sqlite, region_pack):
    pack, _, _ = region_pack
    towards = select_one(
        built_sqlite,
        "SELECT count(*) FROM quality_mark_awards a JOIN institutions i ON i.institution_id = a.institution_id "
        "WHERE a.status = 'working_towards' AND i.region_code = :r AND NOT a.is_sample",
        r=NORTH_EAST,
    )[0]
    text = " ".join(pack.provision)
    assert "0 are recorded as working towards" not in text
    if towards == 0:
        assert "none is recorded as working towards one" in text
        assert set(pack.provision_table.frame["Working towards"]) == {"not recorded"}
