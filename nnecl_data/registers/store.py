"""The database side of every register change: the import lock, reading a table's rows, comparing and
syncing them, the load log and its saved previous rows, and the reference data uploads are checked
against.

An import, a roll-back and the sample removal each run in ONE transaction that first takes the import
lock, so two of them never interleave: PostgreSQL takes `pg_advisory_xact_lock`, SQLite starts with
`BEGIN IMMEDIATE` (the write lock is held from the first statement; a second writer waits up to the
connection's busy timeout). Only SQLAlchemy Core with bound parameters is used.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, delete, insert, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from nnecl_data.database import schema
from nnecl_data.registers.validate import Reference

LOCK_KEY = 0x4E4E45434C  # "NNECL": one advisory lock for every import and roll-back


class ChangeRefused(Exception):
    """The change would break the database's integrity (e.g. a reference to a removed row)."""


class RollbackRefused(ChangeRefused):
    pass


def ensure_schema(engine: Engine) -> None:
    """Create missing tables, and add `load_log.rolled_back_by` to a database built before it existed."""
    from sqlalchemy import inspect

    schema.metadata.create_all(engine)
    names = {c["name"] for c in inspect(engine).get_columns("load_log")}
    if "rolled_back_by" not in names:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE load_log ADD COLUMN rolled_back_by VARCHAR(200)"))


def load_reference(conn: Connection) -> Reference:
    inst = schema.institutions
    links: dict[str, list[str]] = {}
    for table, key, label in (
        (schema.quality_mark_awards, "award_id", "award"),
        (schema.memberships, "membership_id", "member"),
        (schema.institution_aliases, "alias", "alias"),
    ):
        for inst_id, key_value in conn.execute(
            select(table.c.institution_id, table.c[key]).where(table.c.institution_id.is_not(None))
        ):
            links.setdefault(inst_id, []).append(f"{label} '{key_value}'")
    ukprns: dict[str, str] = {}
    for inst_id, ukprn in conn.execute(
        select(inst.c.institution_id, inst.c.ukprn)
        .where(inst.c.ukprn.is_not(None))
        .order_by(inst.c.institution_id)
    ):
        ukprns.setdefault(ukprn, inst_id)
    return Reference(
        region_codes=frozenset(conn.execute(select(schema.regions.c.code)).scalars()),
        la_regions={
            code: region
            for code, region in conn.execute(
                select(schema.local_authorities.c.code, schema.local_authorities.c.region_code)
            )
        },
        institution_ids=frozenset(conn.execute(select(inst.c.institution_id)).scalars()),
        ukprns=ukprns,
        source_ids=frozenset(conn.execute(select(schema.sources.c.source_id)).scalars()),
        institution_links=links,
    )


def current_rows(conn: Connection, table) -> list[dict]:
    key = list(table.primary_key.columns)
    return [dict(r._mapping) for r in conn.execute(select(table).order_by(*key))]


def column_value(value, column):
    """A value read back from either backend, in the type the column holds."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Integer):
        return int(value)
    if isinstance(kind, Float):
        return float(value)
    if isinstance(kind, DateTime):
        return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return value


def diff_rows(table, key: str, old_rows: list[dict], new_rows: list[dict]):
    old = {r[key]: {c.name: column_value(r.get(c.name), c) for c in table.columns} for r in old_rows}
    new = {r[key]: {c.name: column_value(r.get(c.name), c) for c in table.columns} for r in new_rows}
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    changed: dict[str, dict[str, tuple]] = {}
    for k in new:
        if k in old and old[k] != new[k]:
            changed[k] = {c: (old[k][c], new[k][c]) for c in new[k] if old[k][c] != new[k][c]}
    unchanged = sum(1 for k in new if k in old and k not in changed)
    return added, changed, removed, unchanged, new


def rows_to_json(rows: list[dict], table) -> str:
    def plain(value):
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        return value

    payload = {
        "table": table.name,
        "columns": [c.name for c in table.columns],
        "rows": [[plain(column_value(r.get(c.name), c)) for c in table.columns] for r in rows],
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def rows_from_json(payload: str, table) -> list[dict]:
    data = json.loads(payload)
    if data.get("table") != table.name:
        raise RollbackRefused(f"the saved rows are for table {data.get('table')!r}, not {table.name!r}")
    columns = [table.c[name] for name in data["columns"]]
    return [{c.name: column_value(v, c) for c, v in zip(columns, row, strict=True)} for row in data["rows"]]


def sync_table(
    conn: Connection, table, key: str, target: dict[str, dict], current: list[dict]
) -> tuple[int, int, int]:
    """Bring `table` to exactly `target` (key -> row) by deleting, updating and inserting rows."""
    added, changed, removed, _, target = diff_rows(table, key, current, list(target.values()))
    key_col = table.c[key]
    for start in range(0, len(removed), 500):
        conn.execute(delete(table).where(key_col.in_(removed[start : start + 500])))
    for k in changed:
        values = {c: v for c, v in target[k].items() if c != key}
        conn.execute(update(table).where(key_col == k).values(**values))
    rows = [target[k] for k in added]
    for start in range(0, len(rows), 1000):
        conn.execute(insert(table), rows[start : start + 1000])
    return len(added), len(changed), len(removed)


def locked(engine: Engine):
    """A connection whose transaction holds the import lock (see the module docstring)."""
    conn = engine.connect()
    try:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        else:  # other backends: lock the log table's rows for the transaction
            conn.execute(select(schema.load_log.c.load_id).with_for_update())
    except Exception:
        conn.close()
        raise
    return conn


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def user_name(user: str) -> str:
    user = (user or "").strip()
    if not user:
        raise ValueError("a user name is required for the load log")
    return user[:200]


def write_log(conn, kind, user, file_name, sha, counts, previous) -> int:
    added, changed, removed = counts
    result = conn.execute(
        insert(schema.load_log).values(
            kind=kind,
            loaded_at=now(),
            loaded_by=user,
            file_name=file_name[:300],
            file_sha256=sha,
            rows_added=added,
            rows_changed=changed,
            rows_removed=removed,
            previous_rows=previous,
        )
    )
    return int(result.inserted_primary_key[0])


def commit(conn: Connection) -> None:
    """Commit; deferred foreign keys are checked here, so a broken reference becomes a readable error."""
    try:
        conn.commit()
    except IntegrityError as exc:
        raise ChangeRefused(
            f"the change would leave a reference to a row that does not exist ({exc.orig})"
        ) from exc
