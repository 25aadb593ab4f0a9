"""The pack's tables equal the database read with SQL; suppressed cells show their symbol."""

from __future__ import annotations

from tests.unit.evidence.helpers import NORTH_EAST, latest, pdf_text, select_rows


def test_region_pack_local_authority_table_equals_the_database(built_sqlite, region_pack):
    pack, pdf, html = region_pack
    year = latest(built_sqlite, "cl_neet_19_21")
    rows = select_rows(
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
    words = pdf_text(pdf)
    assert "Local authorities: key figures" in words
