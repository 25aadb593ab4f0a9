"""The database equals the official files, cell for cell, for England and the regions.

These tests read the raw files with the csv module, independently of the ingest code, and compare
with what a build from the committed seed holds. They also check that the committed seed is what the
ingest produces today (so nobody edits the seed by hand).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from sqlalchemy import select

from nnecl_data.database import schema

# breakdown text in the EES files -> the indicator it feeds (independent copy of the mapping)
BREAKDOWNS = {
    "Total in education, employment or training": "eet",
    "Total not in education, employment or training": "neet",
    "Higher education i.e. studies beyond A level": "he",
    "Education other than higher education": "other_education",
    "Total information not known": "activity_unknown",
    "Accommodation considered suitable": "suitable_accommodation",
}
SYMBOLS = {"c", "x", "z", "low", "k", "u"}


def _rows(path: Path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def _db_cells(engine) -> dict:
    o = schema.outcomes
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                o.c.indicator_code,
                o.c.geography_code,
                o.c.year,
                o.c.value,
                o.c.status,
                o.c.published_symbol,
                o.c.numerator,
                o.c.denominator,
                o.c.is_derived,
            ).where(o.c.geography_level.in_(["england", "region"]))
        ).all()
    return {(r.indicator_code, r.geography_code, r.year): r for r in rows}


def _check(cell, raw_value: str, what: str):
    assert cell is not None, f"missing in database: {what}"
    if raw_value in SYMBOLS:
        assert cell.value is None, f"{what}: symbol {raw_value!r} became the number {cell.value}"
        assert cell.status == raw_value and cell.published_symbol == raw_value, what
    else:
        assert cell.status is None, what
        assert math.isclose(cell.value, float(raw_value)), f"{what}: {cell.value} != {raw_value}"


def _ees_care_leaver_cells(path: Path, years: range):
    for r in _rows(path):
        level = r["geographic_level"]
        if level not in ("National", "Regional") or int(r["time_period"]) not in years:
            continue
        code = r["country_code"] if level == "National" else r["region_code"]
        if not code.startswith(("E92", "E12")):
            continue
        breakdown = r.get("breakdown") or r.get("activity") or r.get("accommodation_suitability")
        if breakdown not in BREAKDOWNS:
            continue
        age = r.get("care_leaver_age") or r.get("age")
        age_key = "17_18" if "17" in age else "19_21"
        percent = r.get("care_leaver_percent", r.get("percentage"))
        yield (f"cl_{BREAKDOWNS[breakdown]}_{age_key}", code, int(r["time_period"])), percent


@pytest.mark.parametrize(
    ("folder", "name", "years"),
    [
        ("dfe-csc-outcomes-enablers", "la_care_leavers_activity.csv", range(2021, 2026)),
        ("dfe-csc-outcomes-enablers", "la_care_leavers_accommodation_suitability.csv", range(2021, 2026)),
        ("bengoodair-csc-care-leavers", "la_care_leavers_activity_2018_2022.csv", range(2018, 2021)),
        (
            "bengoodair-csc-care-leavers",
            "la_care_leavers_accommodation_suitability_2018_2022.csv",
            range(2018, 2021),
        ),
    ],
)
def test_care_leaver_percentages_equal_the_official_file(raw_dir, built_sqlite, folder, name, years):
    cells = _db_cells(built_sqlite)
    checked = 0
    for key, percent in _ees_care_leaver_cells(raw_dir / folder / name, years):
        _check(cells.get(key), percent, f"{name} {key}")
        checked += 1
    # 6 or 2 indicators x 2 ages x 10 areas x years: the comparison really covered the file
    assert checked >= 2 * 10 * len(years)


def test_ks4_and_looked_after_rates_equal_the_official_files(raw_dir, built_sqlite):
    cells = _db_cells(built_sqlite)
    folder = raw_dir / "dfe-csc-outcomes-enablers"
    checked = 0
    for r in _rows(folder / "ks4_la.csv"):
        if r["social_care_group"] != "CLA 12 months at 31 March" or r["geographic_level"] == "Local authority":
            continue
        code = r["country_code"] if r["geographic_level"] == "National" else r["region_code"]
        if not code.startswith(("E92", "E12")):
            continue
        year = int(r["time_period"][:4]) + 1
        for indicator, column in (
            ("ks4_att8", "avg_att8"),
            ("ks4_em_4plus", "pt_l2basics_94"),
            ("ks4_em_5plus", "pt_l2basics_95"),
        ):
            _check(cells.get((indicator, code, year)), r[column], f"ks4 {indicator} {code} {year}")
            checked += 1
    for r in _rows(folder / "cla_number_and_rate_per_10k_children.csv"):
        if r["population_type"] != "Children looked after on 31 March each year":
            continue
        if r["geographic_level"] == "Local authority":
            continue
        code = r["country_code"] if r["geographic_level"] == "National" else r["region_code"]
        if not code.startswith(("E92", "E12")):
            continue
        _check(cells.get(("cla_rate_per_10k", code, int(r["time_period"]))), r["rate_per_10000"], "cla rate")
        checked += 1
    assert checked > 7 * 10 * 3


def test_north_east_2025_neet_rate_is_the_published_figure(raw_dir, built_sqlite):
    published = next(
        r["care_leaver_percent"]
        for r in _rows(raw_dir / "dfe-csc-outcomes-enablers" / "la_care_leavers_activity.csv")
        if r["time_period"] == "2025"
        and r["region_code"] == "E12000001"
        and r["geographic_level"] == "Regional"
        and r["care_leaver_age"] == "19 to 21 years"
        and r["breakdown"] == "Total not in education, employment or training"
    )
    cell = _db_cells(built_sqlite)[("cl_neet_19_21", "E12000001", 2025)]
    assert cell.value == float(published)


def _sfr_sum(row: dict, columns: list[str]) -> float | None:
    values = [row[c] for c in columns]
    if any(v.strip().lower() in SYMBOLS for v in values):
        return None
    return sum(float(v) for v in values)


def test_2016_derived_percentages_follow_from_the_published_counts(raw_dir, built_sqlite):
    cells = _db_cells(built_sqlite)
    path = raw_dir / "bengoodair-csc-care-leavers" / "SFR41_CareLeavers2016.csv"
    checked = 0
    with open(path, encoding="latin-1", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["geog_l"] not in ("NATIONAL", "REGION") or r["geog_c"] in ("H", "I"):
                continue
            total = float(r["All_aged1920&21"])
            neet = _sfr_sum(r, ["Act_NEET_ill1920&21", "Act_NEET_oth1920&21", "Act_NEET_preg1920&21"])
            cell = cells[("cl_neet_19_21", r["New_geog_code"], 2016)]
            assert cell.is_derived
            assert cell.numerator == neet and cell.denominator == total
            assert cell.value == math.floor(100 * neet / total + 0.5)
            checked += 1
    assert checked == 10


def test_2016_regional_figures_match_those_quoted_by_the_learning_and_work_institute(built_sqlite):
    """The LWI report (shared/context) quotes 2016 figures for 19-21 year olds: NEET 45% in the East
    Midlands and North West and 34% in London; HE from 4% in the East Midlands to 9% in London."""
    cells = _db_cells(built_sqlite)
    assert cells[("cl_neet_19_21", "E12000004", 2016)].value == 45
    assert cells[("cl_neet_19_21", "E12000002", 2016)].value == 45
    assert cells[("cl_neet_19_21", "E12000007", 2016)].value == 34
    he = {code: cells[("cl_he_19_21", code, 2016)].value for code in [f"E1200000{i}" for i in range(1, 10)]}
    assert min(he.values()) == 4 and min(he, key=he.get) == "E12000004"
    assert max(he.values()) == 9 and max(he, key=he.get) == "E12000007"


def test_sfr_x_means_suppressed_and_stays_a_symbol(raw_dir, built_sqlite):
    """In the 2016 file 'x' marks numbers of 1 to 5 suppressed: an LA with an 'x' among its NEET counts
    must have no NEET number, status 'c', and the printed symbol 'x' kept."""
    path = raw_dir / "bengoodair-csc-care-leavers" / "SFR41_CareLeavers2016.csv"
    with open(path, encoding="latin-1", newline="") as fh:
        row = next(
            r
            for r in csv.DictReader(fh)
            if r["geog_l"] == "LA"
            and r["All_aged1920&21"] not in SYMBOLS
            and any(r[c] == "x" for c in ["Act_NEET_ill1920&21", "Act_NEET_oth1920&21", "Act_NEET_preg1920&21"])
        )
    o = schema.outcomes
    with built_sqlite.connect() as conn:
        cell = conn.execute(
            select(o).where(
                o.c.indicator_code == "cl_neet_19_21", o.c.geography_code == row["New_geog_code"], o.c.year == 2016
            )
        ).one()
    assert cell.value is None and cell.numerator is None
    assert cell.status == "c" and cell.published_symbol == "x"


def test_no_symbol_ever_became_a_number(built_sqlite):
    o = schema.outcomes
    with built_sqlite.connect() as conn:
        mixed = conn.execute(select(o.c.id).where(o.c.status.is_not(None), o.c.value.is_not(None))).all()
        symbol_without_status = conn.execute(
            select(o.c.id).where(o.c.published_symbol.is_not(None), o.c.status.is_(None))
        ).all()
    assert mixed == [] and symbol_without_status == []


def test_committed_seed_is_what_the_ingest_produces(raw_dir, tmp_path, monkeypatch):
    from nnecl_data import config
    from nnecl_data.ingest import geography, outcomes

    monkeypatch.setattr(config, "SEED_DIR", tmp_path)
    outcomes.ingest(raw_dir)
    geography.ingest(raw_dir)
    committed = Path(__file__).resolve().parents[2] / "nnecl_data" / "seed"
    produced = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.csv"))
    assert produced, "ingest wrote nothing"
    for rel in produced:
        assert (tmp_path / rel).read_bytes() == (committed / rel).read_bytes(), f"seed {rel} is out of date"
