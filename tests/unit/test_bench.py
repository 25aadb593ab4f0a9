"""The benchmark's helpers: statistics and the synthetic data generator (the benchmark itself is not
part of the test suite: python -m bench)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bench import stats, synthetic
from nnecl_data.database import db, queries, schema


def test_percentile_interpolates_between_ranks():
    assert stats.percentile([], 50) is None
    assert stats.percentile([7], 95) == 7
    assert stats.percentile([1, 2, 3, 4], 50) == 2.5
    assert stats.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert stats.percentile([5, 1, 3], 100) == 5
    with pytest.raises(ValueError):
        stats.percentile([1], 101)


def test_summary_and_ratio():
    s = stats.summary([10, 20, 30, 40, 1000])
    assert s == {"n": 5, "median": 30.0, "p95": 808.0, "min": 10.0, "max": 1000.0}
    assert stats.summary([])["median"] is None
    assert stats.ratio(300, 100) == 3.0
    assert stats.ratio(None, 100) is None and stats.ratio(100, 0) is None


def test_plan_reaches_the_factor():
    real = {"real_outcomes": 23495, "real_geographies": 172, "real_la_cells": 160, "real_institutions": 520}
    for factor in (10, 100):
        plan = synthetic.make_plan(factor, **real)
        assert abs(plan.expected_outcomes / (factor * 23495) - 1) < 0.01
        assert plan.institutions + 520 == factor * 520
        assert plan.years == 20
    assert synthetic.make_plan(1, **real).local_authorities == 0


def test_synthetic_rows_are_clearly_synthetic_and_follow_the_plan(built_sqlite):
    plan = synthetic.make_plan(
        2, real_outcomes=23495, real_geographies=172, real_la_cells=160, real_institutions=520
    )
    rows = synthetic.synthetic_rows(built_sqlite, plan)
    assert len(rows["local_authorities"]) == plan.local_authorities
    assert len(rows["institutions"]) == plan.institutions
    assert all(
        r["code"].startswith("Z99") and r["name"].startswith("Synthetic") for r in rows["local_authorities"]
    )
    assert all(r["institution_id"].startswith("syn:") for r in rows["institutions"])
    assert all(r["code"].startswith("syn_ind_") for r in rows["indicators"])
    assert {r["source_id"] for table in rows.values() for r in table} == {synthetic.SOURCE_ID}
    outcomes = rows["outcomes"]
    assert all((r["value"] is None) == (r["status"] is not None) for r in outcomes)  # the schema's rule
    assert all(r["indicator_code"].startswith("syn_") or r["geography_code"].startswith("Z99") for r in outcomes)
    again = synthetic.synthetic_rows(built_sqlite, plan)
    assert again["outcomes"][:50] == outcomes[:50]  # deterministic


def test_populate_builds_a_separate_database(tmp_path):
    path = tmp_path / "bench" / "nnecl-x2.sqlite"
    url = db.sqlite_url(path)
    assert synthetic.is_synthetic_url(url)
    assert not synthetic.is_synthetic_url(db.sqlite_url(tmp_path / "nnecl.sqlite"))
    engine = db.make_engine(url)
    try:
        info = synthetic.populate(engine, 2)
        assert info["counts"]["outcomes"] == info["plan"]["expected_outcomes"]
        assert synthetic.current_key(engine) == synthetic.bench_key(2)
        # the app's queries see the synthetic rows like any others
        las = queries.indicator_by_la(engine, "syn_ind_01", 2025, region_codes=["E12000001"])
        assert len(las) >= 12 and set(las["source_id"]) == {synthetic.SOURCE_ID}
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(schema.memberships)).scalar() > 0
    finally:
        engine.dispose()


def _page(default, change, first, errors=()):
    times = {"default": default, "filter": change, "first_view": first}
    return {
        **{k: {"median": v, "p95": v} for k, v in times.items()},
        "map_bytes": 0,
        "errors": list(errors),
    }


def test_pages_are_reported_as_multiples_of_the_floor_page_of_the_same_run():
    from bench.__main__ import floor_ratios, verdicts

    results = [
        {
            "backend": "sqlite",
            "scale": "x10",
            "pages": {
                "accessibility": _page(20, 10, 25),
                "outcomes": _page(50, 40, 150),
                "gaps": _page(60, 20, 200),
            },
        }
    ]
    table = floor_ratios(results, ["outcomes", "gaps"])
    assert "| outcomes | 2.5 · 4.0 · 6.0 |" in table
    assert "| gaps | 3.0 · 2.0 · 8.0 |" in table
    missed = verdicts(results)
    assert "MISS sqlite x10 outcomes filter: 4.0x the floor > 3x" in missed
    assert "MISS sqlite x10 gaps first_view: 8.0x the floor > 6x" in missed
    assert not [m for m in missed if "outcomes first_view" in m or "gaps default" in m]
