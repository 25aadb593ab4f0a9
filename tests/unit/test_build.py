"""Build from a small seed the test writes, on SQLite and PostgreSQL."""

import pandas as pd
import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from nnecl_data.database import build, schema, seed_io


def _small_seed(seed_dir):
    seed_io.write_seed(
        "sources",
        pd.DataFrame(
            [
                {
                    "source_id": "s1",
                    "publisher": "P",
                    "title": "T",
                    "url": "",
                    "licence": "",
                    "attribution": "",
                    "published": "",
                    "retrieved": "",
                    "notes": "",
                }
            ]
        ),
        seed_dir=seed_dir,
    )
    seed_io.write_seed(
        "regions",
        pd.DataFrame([{"code": "E12000001", "name": "North East", "sort_order": 1, "source_id": "s1"}]),
        seed_dir=seed_dir,
    )
    seed_io.write_seed(
        "indicators",
        pd.DataFrame(
            [
                {
                    "code": "cl_neet_19_21",
                    "label": "NEET",
                    "short_label": "NEET",
                    "topic": "activity",
                    "unit": "percent",
                    "polarity": "lower_better",
                    "age_group": "19 to 21",
                    "definition": "d",
                    "sort_order": 0,
                    "source_id": "s1",
                }
            ]
        ),
        seed_dir=seed_dir,
    )
    seed_io.write_seed(
        "outcomes",
        pd.DataFrame(
            [
                {
                    "indicator_code": "cl_neet_19_21",
                    "geography_level": "region",
                    "geography_code": "E12000001",
                    "geography_name": "North East",
                    "year": 2025,
                    "period_label": "2025",
                    "value": "44",
                    "numerator": "880",
                    "denominator": "2000",
                    "status": "",
                    "published_symbol": "",
                    "is_derived": "false",
                    "source_id": "s1",
                },
                {
                    "indicator_code": "cl_neet_19_21",
                    "geography_level": "region",
                    "geography_code": "E12000001",
                    "geography_name": "North East",
                    "year": 2024,
                    "period_label": "2024",
                    "value": "",
                    "numerator": "",
                    "denominator": "",
                    "status": "c",
                    "published_symbol": "c",
                    "is_derived": "false",
                    "source_id": "s1",
                },
            ]
        ),
        part="t",
        seed_dir=seed_dir,
    )


def _count(engine, table):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_build_is_idempotent_and_keeps_symbols(engine, tmp_path):
    _small_seed(tmp_path)
    first = build.build(engine, seed_dir=tmp_path)
    second = build.build(engine, seed_dir=tmp_path)
    assert first == second and first["outcomes"] == 2
    assert _count(engine, schema.outcomes) == 2
    with engine.connect() as conn:
        rows = {r.year: r for r in conn.execute(select(schema.outcomes))}
    assert rows[2025].value == 44 and rows[2025].status is None
    assert rows[2024].value is None and rows[2024].status == "c"
    assert build.is_built(engine)


def test_database_refuses_a_number_beside_a_symbol(engine, tmp_path):
    _small_seed(tmp_path)
    build.build(engine, seed_dir=tmp_path)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            insert(schema.outcomes).values(
                indicator_code="cl_neet_19_21",
                geography_level="region",
                geography_code="E12000001",
                geography_name="North East",
                year=2023,
                period_label="2023",
                value=40.0,
                status="c",
                is_derived=False,
                source_id="s1",
            )
        )


def test_a_failing_build_leaves_the_previous_database_intact(engine, tmp_path):
    _small_seed(tmp_path)
    build.build(engine, seed_dir=tmp_path)
    bad = tmp_path / "bad"
    _small_seed(bad)
    seed_io.write_seed(
        "regions",
        pd.DataFrame([{"code": "X12000001", "name": "x", "sort_order": 1, "source_id": "s1"}]),
        seed_dir=bad,
    )
    with pytest.raises(IntegrityError):
        build.build(engine, seed_dir=bad)
    with engine.connect() as conn:
        assert conn.execute(select(schema.regions.c.code)).scalars().all() == ["E12000001"]
    assert _count(engine, schema.outcomes) == 2


def test_unknown_seed_column_is_an_error(tmp_path):
    frame = pd.DataFrame([{"code": "E12000001", "nonsense": "1"}])
    with pytest.raises(ValueError, match="nonsense"):
        build.typed_rows(schema.regions, frame)


def test_build_keeps_an_imported_register(engine, tmp_path):
    import datetime as dt

    _small_seed(tmp_path)
    build.build(engine, seed_dir=tmp_path)
    with engine.begin() as conn:
        conn.execute(
            insert(schema.memberships).values(
                membership_id="m1",
                organisation="Fictional org",
                member_type="charity",
                region_code="E12000001",
                is_sample=True,
                source_id="s1",
            )
        )
        conn.execute(
            insert(schema.load_log).values(
                kind="members",
                loaded_at=dt.datetime.now(dt.UTC),
                loaded_by="t",
                file_name="f.csv",
                file_sha256="0" * 64,
                rows_added=1,
                rows_changed=0,
                rows_removed=0,
                previous_rows="[]",
            )
        )
    build.build(engine, seed_dir=tmp_path)
    assert _count(engine, schema.memberships) == 1
    build.build(engine, seed_dir=tmp_path, reset_imports=True)
    assert _count(engine, schema.memberships) == 0


def test_every_import_kind_is_a_table_the_build_keeps():
    from nnecl_data.registers.kinds import KINDS

    assert {kind.table.name for kind in KINDS.values()} == set(build.IMPORTABLE_TABLES)


def test_build_migrates_a_database_built_before_a_column_was_added(engine, tmp_path):
    from sqlalchemy import text

    _small_seed(tmp_path)
    build.build(engine, seed_dir=tmp_path)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE indicators DROP COLUMN statement"))
    assert "indicators.statement" in build.migrate(engine)
    build.build(engine, seed_dir=tmp_path)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT statement FROM indicators")).scalar() == ""


def test_build_refuses_a_database_with_columns_the_schema_dropped(engine, tmp_path):
    from sqlalchemy import text

    _small_seed(tmp_path)
    build.build(engine, seed_dir=tmp_path)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE facts ADD COLUMN old_column VARCHAR(10)"))
    with pytest.raises(build.SchemaMismatch, match="old_column"):
        build.build(engine, seed_dir=tmp_path)


def _london_recommendation() -> dict:
    return {
        "target_id": "london_recommended",
        "scope_type": "region",
        "scope_code": "E12000007",
        "scope_name": "London",
        "in_scope_types": "university",
        "in_scope_definition": "d",
        "deadline_year": "",
        "description": "A recommendation with no deadline.",
        "kind": "recommendation",
        "wording": "all London universities should work with NNECL",
        "source_id": "s1",
    }


def test_a_recommendation_without_a_deadline_loads_with_no_deadline(engine, tmp_path):
    from sqlalchemy import text

    _small_seed(tmp_path)
    seed_io.write_seed("targets", pd.DataFrame([_london_recommendation()]), seed_dir=tmp_path)
    build.build(engine, seed_dir=tmp_path)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT deadline_year, kind, wording FROM targets")).one()
    assert row.deadline_year is None
    assert row.kind == "recommendation" and row.wording == "all London universities should work with NNECL"


def test_targets_refuse_a_kind_the_schema_does_not_know(engine, tmp_path):
    _small_seed(tmp_path)
    build.build(engine, seed_dir=tmp_path)
    row = {k: v for k, v in _london_recommendation().items() if k != "deadline_year"} | {"kind": "adopted?"}
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(schema.targets).values(**row))


def test_build_lets_a_database_that_required_deadlines_take_a_target_without_one(engine, tmp_path):
    """A database built when every target needed a deadline (NOT NULL) still rebuilds with London's."""
    from sqlalchemy import inspect, text

    _small_seed(tmp_path)
    build.build(engine, seed_dir=tmp_path)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE targets"))
        conn.execute(
            text(
                "CREATE TABLE targets (target_id VARCHAR(80) PRIMARY KEY, scope_type VARCHAR(30) NOT NULL, "
                "scope_code VARCHAR(9) NOT NULL, scope_name VARCHAR(200) NOT NULL, "
                "in_scope_types VARCHAR(200) NOT NULL, in_scope_definition TEXT NOT NULL, "
                "deadline_year INTEGER NOT NULL, description TEXT NOT NULL, "
                "source_id VARCHAR(80) NOT NULL REFERENCES sources (source_id))"
            )
        )
    seed_io.write_seed("targets", pd.DataFrame([_london_recommendation()]), seed_dir=tmp_path)
    build.build(engine, seed_dir=tmp_path)
    columns = {c["name"]: c for c in inspect(engine).get_columns("targets")}
    assert columns["deadline_year"]["nullable"] and {"kind", "wording"} <= set(columns)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT deadline_year FROM targets")).scalar_one() is None
