"""Create and fill the database from the committed seed, idempotently, in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Table, delete, insert, select
from sqlalchemy.engine import Connection, Engine

from nnecl_data import config
from nnecl_data.database import schema, seed_io

# Tables that NNECL staff may replace through the import path. Build keeps an imported table as it is
# (a rebuild must not silently throw away a register someone loaded) unless asked to reset it.
IMPORTABLE_TABLES = ("institutions", "quality_mark_awards", "memberships", "partnerships")
# Aliases point at institutions, so they stay with an imported institution register.
_KEPT_WITH = {"institutions": ("institution_aliases",)}

Progress = Callable[[Iterable], Iterable]


def seed_version() -> str:
    """A short hash of every seed file: the data version shown in the app and written into exports."""
    digest = hashlib.sha256()
    for path in sorted(config.SEED_DIR.rglob("*.csv")):
        digest.update(path.relative_to(config.SEED_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _convert(value, column):
    if value is None:
        # An empty cell in a non-nullable text column is the empty string, not a missing value.
        if not column.nullable and column.default is not None and isinstance(column.default.arg, str):
            return column.default.arg
        return None
    kind = column.type
    if isinstance(kind, Boolean):
        return str(value).strip().lower() in ("true", "1", "yes")
    if isinstance(kind, Integer):
        return int(float(value))
    if isinstance(kind, Float):
        return float(value)
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    return value


def typed_rows(table: Table, frame) -> list[dict]:
    """Seed rows (strings) typed by the table's columns; unknown columns are an error, not ignored."""
    if frame.empty:
        return []
    unknown = set(frame.columns) - set(table.c.keys())
    if unknown:
        raise ValueError(f"seed for {table.name} has columns the schema does not know: {sorted(unknown)}")
    columns = [table.c[name] for name in frame.columns]
    return [
        {col.name: _convert(value, col) for col, value in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def imported_tables(conn: Connection) -> set[str]:
    """Tables whose current content came from an import that has not been rolled back."""
    log = schema.load_log
    rows = conn.execute(select(log.c.kind).where(log.c.rolled_back_at.is_(None))).scalars()
    kinds_to_tables = {"awards": "quality_mark_awards", "members": "memberships"}
    return {kinds_to_tables.get(kind, kind) for kind in rows}


class SchemaMismatch(RuntimeError):
    """The database has columns the schema no longer knows: it needs a rebuild, not a migration."""


def _referenced_tables() -> set[str]:
    return {fk.column.table.name for table in schema.metadata.tables.values() for fk in table.foreign_keys}


def _allow_nulls(engine: Engine, table: Table, columns: list[str]) -> str:
    """Let NOT NULL columns that the schema now allows to be empty (a target without a deadline) take
    NULL. PostgreSQL alters the column; SQLite cannot, so a table that build refills from the seed and no
    other table points at is recreated empty. Anything else needs a rebuild."""
    from sqlalchemy import text

    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for name in columns:  # names come from the schema, never from input
                conn.execute(text(f"ALTER TABLE {table.name} ALTER COLUMN {name} DROP NOT NULL"))
        return "altered"
    reseeded = table in schema.SEEDED_TABLES and table.name not in IMPORTABLE_TABLES
    if reseeded and table.name not in _referenced_tables():
        table.drop(engine)
        table.create(engine)
        return "recreated"
    raise SchemaMismatch(
        f"table {table.name} does not allow empty values in {sorted(columns)}, which the dashboard now needs: "
        "back up any imported registers, then rebuild the database (for the embedded one, delete "
        "data/nnecl.sqlite)."
    )


def migrate(engine: Engine) -> list[str]:
    """Create missing tables, add columns the schema has gained since the database was built (the usual
    change) and let columns that became optional take NULL. Anything else (a column removed or renamed)
    is refused with what to do."""
    from sqlalchemy import inspect, text

    schema.metadata.create_all(engine)
    inspector = inspect(engine)
    added = []
    for table in schema.metadata.sorted_tables:
        existing = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        have = set(existing)
        unknown = have - set(table.c.keys())
        if unknown:
            raise SchemaMismatch(
                f"table {table.name} has columns the dashboard no longer uses ({sorted(unknown)}): back up any "
                "imported registers, then rebuild the database (for the embedded one, delete data/nnecl.sqlite)."
            )
        for column in table.c:
            if column.name in have:
                continue
            ddl = f"ALTER TABLE {table.name} ADD COLUMN {column.name} {column.type.compile(engine.dialect)}"
            if column.default is not None and isinstance(column.default.arg, str):
                ddl += " DEFAULT '" + column.default.arg.replace("'", "''") + "'"
            if not column.nullable:
                ddl += " NOT NULL"
            with engine.begin() as conn:
                conn.execute(text(ddl))  # names come from the schema, never from input
            added.append(f"{table.name}.{column.name}")
        now_optional = [
            c.name for c in table.c if c.name in have and c.nullable and not c.primary_key and not existing[c.name]
        ]
        if now_optional:
            how = _allow_nulls(engine, table, now_optional)
            added.extend(f"{table.name}.{name} ({how}: now optional)" for name in now_optional)
    return added


def build(
    engine: Engine,
    *,
    reset_imports: bool = False,
    progress: Progress | None = None,
    seed_dir=None,
) -> dict[str, int]:
    """(Re)load every seeded table. Returns rows loaded per table. Safe to run again at any time."""
    migrate(engine)
    counts: dict[str, int] = {}
    tables = list(schema.SEEDED_TABLES)
    with engine.begin() as conn:
        keep = set() if reset_imports else imported_tables(conn) & set(IMPORTABLE_TABLES)
        keep |= {dependent for table in keep for dependent in _KEPT_WITH.get(table, ())}
        if reset_imports:
            conn.execute(delete(schema.load_log))
        replaced = [t for t in tables if t.name not in keep]
        for table in reversed(replaced):
            conn.execute(delete(table))
        steps = progress(replaced) if progress else replaced
        for table in steps:
            rows = typed_rows(table, seed_io.read_seed(table.name, seed_dir))
            for start in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[start : start + 5000])
            counts[table.name] = len(rows)
        conn.execute(delete(schema.dataset_meta))
        conn.execute(
            insert(schema.dataset_meta),
            [
                {"key": "seed_version", "value": seed_version()},
                {"key": "built_at", "value": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
                {"key": "kept_imports", "value": " ".join(sorted(keep))},
            ],
        )
    return counts


def is_built(engine: Engine) -> bool:
    """True when the database has the schema and a completed build."""
    from sqlalchemy import inspect

    try:
        if not inspect(engine).has_table("dataset_meta"):
            return False
        with engine.connect() as conn:
            return conn.execute(select(schema.dataset_meta.c.key).limit(1)).first() is not None
    except Exception:
        return False


def built_seed_version(engine: Engine) -> str | None:
    """The seed version the database was last built from (None when never built)."""
    with engine.connect() as conn:
        return conn.execute(
            select(schema.dataset_meta.c.value).where(schema.dataset_meta.c.key == "seed_version")
        ).scalar()
