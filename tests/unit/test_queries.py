"""Query layer on the real seed, built on each backend."""

import csv
import math

import pytest

from nnecl_data import config
from nnecl_data.database import build, provision, queries


@pytest.fixture
def built(engine):
    build.build(engine)
    return engine


def test_region_query_returns_the_nine_regions_and_england_separately(built):
    regions = queries.indicator_by_region(built, "cl_neet_19_21", 2025)
    assert len(regions) == 9 and set(regions.geography_level) == {"region"}
    england = queries.england_value(built, "cl_neet_19_21", 2025)
    assert len(england) == 1 and england.iloc[0].geography_code == "E92000001"


def test_suppressed_cells_come_back_without_numbers(built):
    las = queries.indicator_by_la(built, "cl_he_19_21", 2025)
    suppressed = las[las.status.notna()]
    assert len(suppressed) > 0
    assert suppressed.value.isna().all() and suppressed.numerator.isna().all()


def test_la_filters_by_region_and_combined_authority(built):
    gm = queries.indicator_by_la(built, "cl_neet_19_21", 2025, combined_authority="E47000001")
    assert len(gm) == 10 and set(gm.region_code) == {"E12000002"}
    ne = queries.indicator_by_la(built, "cl_neet_19_21", 2025, region_codes=["E12000001"])
    assert set(ne.region_code) == {"E12000001"} and len(ne) == 12


def test_series_spans_2016_to_2025_with_england(built):
    series = queries.indicator_series(built, "cl_neet_19_21", geography_codes=["E12000004"])
    assert set(series.geography_code) == {"E12000004", "E92000001"}
    assert series.year.min() == 2016 and series.year.max() == 2025
    assert queries.available_years(built, "cl_neet_19_21") == list(range(2016, 2026))


def test_series_of_a_missing_indicator_is_empty(built):
    assert queries.indicator_series(built, "no_such_indicator").empty


def test_reference_tables(built):
    assert len(queries.regions(built)) == 9
    assert queries.indicator(built, "ks4_att8")["unit"] == "score"
    assert queries.indicator(built, "nope") is None
    cas_2025 = queries.combined_authorities(built, 2025)
    assert "E47000005" not in set(cas_2025.code)  # the old North East CA ended in 2017
    counts = queries.table_counts(built)
    assert counts["outcomes"] > 20000 and counts["regions"] == 9
    assert queries.dataset_meta(built)["seed_version"] == build.seed_version()
    summary = queries.coverage_summary(built)
    assert (summary.cells == summary.published_numbers + summary.symbols).all()
    assert not math.isnan(summary.symbols.sum())


def test_statistical_neighbours_read_back_on_each_backend(built):
    from sqlalchemy import func, select

    from nnecl_data.database import schema

    salford = queries.statistical_neighbours(built, "E08000006", 2025)
    assert salford["rank"].tolist() == list(range(1, 11)) and set(salford["la_code"]) == {"E08000006"}
    assert salford["neighbour_name"].notna().all() and salford["neighbour_region_name"].notna().all()
    assert not salford["old_section"].astype(bool).any()
    assert queries.grouping_years(built) == [2025, 2021]
    with built.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(schema.statistical_neighbours)).scalar()
    assert len(queries.statistical_neighbours(built)) == stored == 3140  # (158 + 156) authorities x 10
    rows = queries.area_outcomes(built, ["E08000006", "E06000065", "E10000023"])
    assert set(rows["geography_code"]) == {"E08000006", "E06000065", "E10000023"}
    assert rows[rows["status"].notna()]["value"].isna().all()
    targets = provision.targets(built)
    with open(config.SEED_DIR / "targets.csv", encoding="utf-8", newline="") as handle:
        seeded = {r["target_id"] for r in csv.DictReader(handle) if r["scope_code"] == "E47000001"}
    assert seeded and set(targets[targets["scope_code"] == "E47000001"]["target_id"]) == seeded
    assert "nottinghamshire_lac_care_leavers_partnership" in set(queries.partnerships(built)["partnership_id"])


@pytest.mark.parametrize(
    ("change", "why"),
    [({"rank": 11}, "rank"), ({"neighbour_code": "E08000006"}, "self"), ({"closeness": "Very Close"}, "band")],
)
def test_the_schema_refuses_a_malformed_neighbour_row(built, change, why):
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from nnecl_data.database import schema

    row = {
        "grouping_year": 2019,
        "la_code": "E08000006",
        "rank": 1,
        "neighbour_code": "E08000003",
        "la_dfe_code": "355",
        "neighbour_dfe_code": "352",
        "closeness": "Close",
        "closeness_as_published": "Close",
        "old_section": False,
        "source_id": "dfe_statistical_neighbours_2025",
    }
    with built.connect() as conn:
        conn.execute(insert(schema.statistical_neighbours), row)  # the well-formed row is accepted
        conn.rollback()
        with pytest.raises(IntegrityError):
            conn.execute(insert(schema.statistical_neighbours), {**row, **change})
