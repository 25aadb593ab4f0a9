"""Query layer on the real seed, built on each backend."""

import math

import pytest

from nnecl_data.database import build, queries


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
