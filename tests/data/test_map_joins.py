"""Every area the data publishes for a year finds its boundary in the real ONS TopoJSON."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from nnecl_data import geo


@pytest.fixture(scope="module")
def layers(raw_dir):
    return geo.load_boundary_file(raw_dir / "ons-uk-topojson" / "topo.json")


def _codes(engine, level: str, year: int) -> set[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT DISTINCT geography_code FROM outcomes WHERE geography_level=:level AND year=:year"),
            {"level": level, "year": year},
        )
        return {r[0] for r in rows}


def test_all_nine_regions_join_in_every_year(layers, built_sqlite):
    for year in range(2016, 2026):
        codes = _codes(built_sqlite, "region", year)
        assert len(codes) == 9
        joined = geo.areas_for_codes(layers["regions"], codes, year)
        assert set(joined["areacd"]) == codes, year


def _single_successors(engine) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT code, replaced_by FROM local_authorities WHERE replaced_by IS NOT NULL"))
        return {code: succ for code, succ in rows if succ and " " not in succ}


@pytest.mark.parametrize("year", range(2016, 2026))
def test_every_local_authority_of_a_year_joins_to_a_boundary(layers, built_sqlite, year):
    utla = layers["utla"]
    codes = _codes(built_sqlite, "local_authority", year)
    joined = geo.areas_for_codes(utla, codes, year, _single_successors(built_sqlite))
    assert set(joined["areacd"]) == codes, sorted(codes - set(joined["areacd"]))
    assert joined["areacd"].is_unique and joined.geometry.is_valid.all()


def test_code_changes_take_the_boundary_of_their_own_time(layers, built_sqlite):
    utla = layers["utla"]
    # DfE still reports Northamptonshire for the year ending March 2021; ONS has replaced it in 2021.
    assert "E10000021" in _codes(built_sqlite, "local_authority", 2021)
    joined = geo.areas_for_codes(utla, {"E10000021", "E06000047"}, 2021)
    assert set(joined["areacd"]) == {"E10000021", "E06000047"}
    later = _codes(built_sqlite, "local_authority", 2022)
    assert {"E06000061", "E06000062"} <= later and "E10000021" not in later
