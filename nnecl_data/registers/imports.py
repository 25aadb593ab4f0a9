"""Import, dry-run, history and roll-back of the NNECL registers (members, awards, institutions, partnerships).

An import replaces the whole register of its kind with the file's rows. It runs in ONE transaction that
first takes the import lock, so two imports (or an import and a roll-back) never interleave:
PostgreSQL takes `pg_advisory_xact_lock`, SQLite starts with `BEGIN IMMEDIATE` (the write lock is held from
the first statement; a second importer waits up to the connection's busy timeout). Inside the lock the
file is validated again against the database as it is then, the table is brought to the file's content
(rows removed, changed and added by key) and `load_log` records who, when, which file (name and SHA-256),
the counts, and the table's full previous content as JSON.

Roll-back restores that previous content exactly and stamps `rolled_back_at`/`rolled_back_by`, again in one
locked transaction. Only the latest load of a kind that is not rolled back can be rolled back: to undo an
older load, roll back the later loads of the same kind first, newest first. A roll-back that would leave
rows of another table pointing at a removed institution is refused.

Only SQLAlchemy Core with bound parameters is used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, and_, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from nnecl_data import config
from nnecl_data.database import schema
from nnecl_data.registers.validate import (
    DEFAULT_MAX_BYTES,
    KINDS,
    Issue,
    Reference,
    UploadRejected,
    kind_spec,
    read_upload,
    validate,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
SAMPLE_FILE = "members_sample.csv"
LOCK_KEY = 0x4E4E45434C  # "NNECL": one advisory lock for every import and roll-back
SAMPLE_REMOVE_FILE = "(sample remove)"

# Called inside the locked transaction after the current table is read and before it is written.
# Tests set it to a pause to widen the window in which an unlocked import would interleave.
_pause_inside_transaction: Callable[[], None] = lambda: None  # noqa: E731


class ImportRejected(Exception):
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


class ChangeRefused(Exception):
    """The change would break the database's integrity (e.g. a reference to a removed row)."""


class RollbackRefused(ChangeRefused):
    pass


@dataclass
class ImportPlan:
    kind: str
    file_name: str
    file_sha256: str
    data: bytes = field(repr=False)
    rows: list[dict] = field(default_factory=list, repr=False)  # typed rows the table will hold
    errors: list[Issue] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, tuple]] = field(default_factory=dict)  # key -> column -> (old, new)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    keep: Callable[[dict], bool] | None = field(default=None, repr=False)  # current rows kept beside the file's

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{self.kind} from {self.file_name}: {len(self.rows)} rows; {len(self.added)} added, "
            f"{len(self.changed)} changed, {len(self.removed)} removed, {self.unchanged} unchanged"
        )


def ensure_schema(engine: Engine) -> None:
    """Create missing tables, and add `load_log.rolled_back_by` to a database built before it existed."""
    from sqlalchemy import inspect

    schema.metadata.create_all(engine)
    names = {c["name"] for c in inspect(engine).get_columns("load_log")}
    if "rolled_back_by" not in names:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE load_log ADD COLUMN rolled_back_by VARCHAR(200)"))


# -------------------------------------------------------------------------------------- reference data


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


# -------------------------------------------------------------------------------------------- helpers


def _current_rows(conn: Connection, table) -> list[dict]:
    key = list(table.primary_key.columns)
    return [dict(r._mapping) for r in conn.execute(select(table).order_by(*key))]


def _norm(value, column):
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


def _diff(table, key: str, old_rows: list[dict], new_rows: list[dict]):
    old = {r[key]: {c.name: _norm(r.get(c.name), c) for c in table.columns} for r in old_rows}
    new = {r[key]: {c.name: _norm(r.get(c.name), c) for c in table.columns} for r in new_rows}
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    changed: dict[str, dict[str, tuple]] = {}
    for k in new:
        if k in old and old[k] != new[k]:
            changed[k] = {c: (old[k][c], new[k][c]) for c in new[k] if old[k][c] != new[k][c]}
    unchanged = sum(1 for k in new if k in old and k not in changed)
    return added, changed, removed, unchanged, new


def _to_json(rows: list[dict], table) -> str:
    def plain(value):
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        return value

    payload = {
        "table": table.name,
        "columns": [c.name for c in table.columns],
        "rows": [[plain(_norm(r.get(c.name), c)) for c in table.columns] for r in rows],
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _from_json(payload: str, table) -> list[dict]:
    data = json.loads(payload)
    if data.get("table") != table.name:
        raise RollbackRefused(f"the saved rows are for table {data.get('table')!r}, not {table.name!r}")
    columns = [table.c[name] for name in data["columns"]]
    return [{c.name: _norm(v, c) for c, v in zip(columns, row, strict=True)} for row in data["rows"]]


def _sync(conn: Connection, table, key: str, target: dict[str, dict], current: list[dict]) -> tuple[int, int, int]:
    """Bring `table` to exactly `target` (key -> row) by deleting, updating and inserting rows."""
    added, changed, removed, _, target = _diff(table, key, current, list(target.values()))
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


def _locked(engine: Engine):
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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _user(user: str) -> str:
    user = (user or "").strip()
    if not user:
        raise ValueError("a user name is required for the load log")
    return user[:200]


# ---------------------------------------------------------------------------------------------- plan


def _validate_bytes(kind: str, name: str, data: bytes, reference: Reference, max_bytes: int):
    try:
        frame = read_upload(name, data, max_bytes=max_bytes)
    except UploadRejected as exc:
        return exc.issues, []
    result = validate(kind, frame, reference=reference, file_name=name)
    return result.errors, result.rows


def plan_import(
    engine: Engine,
    kind: str,
    name: str,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    keep: Callable[[dict], bool] | None = None,
) -> ImportPlan:
    """Validate the file and compare it with the table as it is now. Changes nothing.

    `keep` (used by the sample loader) selects current rows that stay beside the file's rows; by default
    the file replaces the whole register."""
    spec = kind_spec(kind)
    plan = ImportPlan(kind=spec.name, file_name=name, file_sha256=hashlib.sha256(data).hexdigest(), data=data)
    plan.keep = keep
    with engine.connect() as conn:
        reference = load_reference(conn)
        current = _current_rows(conn, spec.table)
    plan.errors, rows = _validate_bytes(spec.name, name, data, reference, max_bytes)
    if plan.errors:
        return plan
    plan.rows, clash = _combine(spec, current, rows, keep, name)
    if clash:
        plan.errors = clash
        return plan
    plan.added, plan.changed, plan.removed, plan.unchanged, _ = _diff(spec.table, spec.key, current, plan.rows)
    return plan


def _combine(spec, current, rows, keep, name) -> tuple[list[dict], list[Issue]]:
    if keep is None:
        return rows, []
    kept = [r for r in current if keep(r)]
    kept_keys = {r[spec.key] for r in kept}
    clash = [
        Issue(name, f"'{r[spec.key]}' is already used by a row that is kept", None, spec.key)
        for r in rows
        if r[spec.key] in kept_keys
    ]
    return kept + rows, clash


def apply_import(engine: Engine, plan: ImportPlan, *, user: str) -> int:
    """Apply a validated plan in one locked transaction; returns the new load_id.

    The file is validated again inside the lock (the database may have changed since the plan), and the
    differences and previous rows are taken from the table as it is inside the lock."""
    user = _user(user)
    if not plan.ok:
        raise ImportRejected(plan.errors)
    spec = kind_spec(plan.kind)
    conn = _locked(engine)
    try:
        reference = load_reference(conn)
        errors, rows = _validate_bytes(spec.name, plan.file_name, plan.data, reference, max(len(plan.data), 1))
        current = _current_rows(conn, spec.table)
        if not errors:
            rows, errors = _combine(spec, current, rows, plan.keep, plan.file_name)
        if errors:
            raise ImportRejected(errors)
        previous = _to_json(current, spec.table)
        _pause_inside_transaction()
        target = {r[spec.key]: r for r in rows}
        added, changed, removed = _sync(conn, spec.table, spec.key, target, current)
        load_id = _log(
            conn, spec.name, user, plan.file_name, plan.file_sha256, (added, changed, removed), previous
        )
        _commit(conn)
        return load_id
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


def _log(conn, kind, user, file_name, sha, counts, previous) -> int:
    added, changed, removed = counts
    result = conn.execute(
        insert(schema.load_log).values(
            kind=kind,
            loaded_at=_now(),
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


def _commit(conn: Connection) -> None:
    """Commit; deferred foreign keys are checked here, so a broken reference becomes a readable error."""
    try:
        conn.commit()
    except IntegrityError as exc:
        raise ChangeRefused(
            f"the change would leave a reference to a row that does not exist ({exc.orig})"
        ) from exc


# ------------------------------------------------------------------------------------------ roll-back


def rollback(engine: Engine, load_id: int, *, user: str) -> dict[str, int]:
    """Restore the table of load `load_id` to its content before that load; returns the row counts."""
    user = _user(user)
    log = schema.load_log
    conn = _locked(engine)
    try:
        entry = conn.execute(select(log).where(log.c.load_id == load_id)).mappings().first()
        if entry is None:
            raise RollbackRefused(f"there is no load {load_id}")
        if entry["rolled_back_at"] is not None:
            raise RollbackRefused(f"load {load_id} was already rolled back at {entry['rolled_back_at']}")
        later = (
            conn.execute(
                select(log.c.load_id)
                .where(and_(log.c.kind == entry["kind"], log.c.load_id > load_id, log.c.rolled_back_at.is_(None)))
                .order_by(log.c.load_id.desc())
            )
            .scalars()
            .all()
        )
        if later:
            raise RollbackRefused(
                f"load {load_id} is not the latest {entry['kind']} load: roll back load(s) "
                f"{', '.join(map(str, later))} first (newest first)"
            )
        spec = kind_spec(entry["kind"])
        previous = _from_json(entry["previous_rows"], spec.table)
        current = _current_rows(conn, spec.table)
        if spec.name == "institutions":
            _check_institution_links(conn, {r["institution_id"] for r in previous})
        target = {r[spec.key]: r for r in previous}
        added, changed, removed = _sync(conn, spec.table, spec.key, target, current)
        conn.execute(
            update(log).where(log.c.load_id == load_id).values(rolled_back_at=_now(), rolled_back_by=user)
        )
        _commit(conn)
        return {"restored": added, "changed": changed, "removed": removed}
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


def _check_institution_links(conn: Connection, keep: set[str]) -> None:
    links = load_reference(conn).institution_links
    broken = sorted((inst, refs) for inst, refs in links.items() if inst not in keep)
    if broken:
        shown = "; ".join(f"'{inst}' used by {', '.join(refs[:3])}" for inst, refs in broken[:5])
        raise RollbackRefused(f"roll-back would remove institutions still in use: {shown}")


# ------------------------------------------------------------------------------------------- history


HISTORY_COLUMNS = (
    "load_id",
    "kind",
    "loaded_at",
    "loaded_by",
    "file_name",
    "file_sha256",
    "rows_added",
    "rows_changed",
    "rows_removed",
    "rolled_back_at",
    "rolled_back_by",
)


def load_history(engine: Engine) -> pd.DataFrame:
    """Every load, newest first (without the saved previous rows)."""
    log = schema.load_log
    with engine.connect() as conn:
        rows = conn.execute(select(*(log.c[c] for c in HISTORY_COLUMNS)).order_by(log.c.load_id.desc())).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(HISTORY_COLUMNS), dtype=object)


def latest_loads(engine: Engine) -> dict[str, int]:
    """kind -> load_id of the latest load that is not rolled back (the one that may be rolled back)."""
    log = schema.load_log
    with engine.connect() as conn:
        rows = conn.execute(
            select(log.c.kind, func.max(log.c.load_id)).where(log.c.rolled_back_at.is_(None)).group_by(log.c.kind)
        ).all()
    return {kind: int(load_id) for kind, load_id in rows}


# ------------------------------------------------------------------------------------------ templates


def template_path(kind: str) -> Path:
    return TEMPLATE_DIR / f"{kind_spec(kind).name}.csv"


def template_bytes(kind: str) -> bytes:
    """The downloadable template: the column names and one clearly fictional example row (UTF-8 CSV)."""
    return template_path(kind).read_bytes()


# ------------------------------------------------------------------------------------ sample register


def sample_path() -> Path:
    return config.SAMPLE_DIR / SAMPLE_FILE


def load_sample(engine: Engine, *, user: str, path: Path | None = None) -> int:
    """Add the fictional sample members beside the real ones (previous sample rows are replaced)."""
    path = path or sample_path()
    plan = plan_import(engine, "members", path.name, path.read_bytes(), keep=lambda r: not r["is_sample"])
    not_sample = [r["membership_id"] for r in plan.rows if not r["is_sample"] and r["membership_id"] in plan.added]
    if plan.ok and not_sample:
        plan.errors = [
            Issue(path.name, f"row for '{k}' is not marked is_sample=true", None, "is_sample") for k in not_sample
        ]
    if not plan.ok:
        raise ImportRejected(plan.errors)
    return apply_import(engine, plan, user=user)


def remove_sample(engine: Engine, *, user: str) -> tuple[int, int]:
    """Delete every sample row (members and awards) in one transaction; returns (load_id, rows removed).

    Each table that had sample rows gets a load-log entry, so the removal can be rolled back."""
    user = _user(user)
    conn = _locked(engine)
    try:
        first_id, total = 0, 0
        for kind in ("members", "awards"):
            spec = KINDS[kind]
            current = _current_rows(conn, spec.table)
            samples = [r for r in current if r["is_sample"]]
            if not samples:
                continue
            previous = _to_json(current, spec.table)
            conn.execute(delete(spec.table).where(spec.table.c.is_sample.is_(True)))
            load_id = _log(
                conn,
                kind,
                user,
                SAMPLE_REMOVE_FILE,
                hashlib.sha256(b"").hexdigest(),
                (0, 0, len(samples)),
                previous,
            )
            first_id = first_id or load_id
            total += len(samples)
        _commit(conn)
        return first_id, total
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


# ----------------------------------------------------------------------------------------------- CLI


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _show(value) -> str:
    return "(empty)" if value in (None, "") else str(value)


def print_plan(plan: ImportPlan, *, limit: int = 20) -> None:
    print(plan.summary())
    for label, keys in (("added", plan.added), ("removed", plan.removed)):
        if keys:
            print(
                f"  {label}: "
                + ", ".join(keys[:limit])
                + (f" ... and {len(keys) - limit} more" if len(keys) > limit else "")
            )
    for k in list(plan.changed)[:limit]:
        cols = "; ".join(f"{c}: {_show(a)} -> {_show(b)}" for c, (a, b) in plan.changed[k].items())
        print(f"  changed {k}: {cols}")
    if len(plan.changed) > limit:
        print(f"  ... and {len(plan.changed) - limit} more changed rows")


def cli_import(engine: Engine, kind: str, path: Path, *, dry_run: bool, user: str) -> int:
    path = Path(path)
    ensure_schema(engine)
    try:
        data = path.read_bytes()
    except OSError as exc:
        _err(f"{path}: cannot read the file ({exc.strerror or exc})")
        return 1
    plan = plan_import(engine, kind, path.name, data)
    if not plan.ok:
        for issue in plan.errors:
            _err(str(issue))
        _err(f"{len(plan.errors)} problem(s) found; nothing was changed.")
        return 1
    print_plan(plan)
    if dry_run:
        print("Dry run: nothing was changed.")
        return 0
    try:
        load_id = apply_import(engine, plan, user=user)
    except ImportRejected as exc:
        for issue in exc.issues:
            _err(str(issue))
        _err("nothing was changed.")
        return 1
    except ChangeRefused as exc:
        _err(f"{path.name}: {exc}; nothing was changed.")
        return 1
    print(f"Loaded as load {load_id}. Undo with: python -m nnecl_data rollback {load_id}")
    return 0


def cli_loads(engine: Engine) -> int:
    ensure_schema(engine)
    history = load_history(engine)
    if history.empty:
        print("No loads yet.")
        return 0
    for r in history.itertuples(index=False):
        state = (
            f"rolled back {str(r.rolled_back_at)[:19]} by {r.rolled_back_by}"
            if r.rolled_back_at is not None
            else "current"
        )
        print(
            f"{r.load_id:5d}  {r.kind:13s} {str(r.loaded_at)[:19]}  {r.loaded_by:12s} {r.file_name}  "
            f"+{r.rows_added} ~{r.rows_changed} -{r.rows_removed}  sha256 {r.file_sha256[:12]}  {state}"
        )
    return 0


def cli_rollback(engine: Engine, load_id: int, *, user: str) -> int:
    ensure_schema(engine)
    try:
        counts = rollback(engine, load_id, user=user)
    except ChangeRefused as exc:
        _err(f"Cannot roll back: {exc}. Nothing was changed.")
        return 1
    print(
        f"Rolled back load {load_id}: {counts['restored']} rows restored, {counts['changed']} changed back, "
        f"{counts['removed']} removed."
    )
    return 0


def cli_sample(engine: Engine, action: str, *, user: str, path: Path | None = None) -> int:
    ensure_schema(engine)
    if action == "load":
        path = path or sample_path()
        if not path.exists():
            _err(f"{path}: the sample file is missing")
            return 1
        try:
            load_id = load_sample(engine, user=user, path=path)
        except ImportRejected as exc:
            for issue in exc.issues:
                _err(str(issue))
            _err("nothing was changed.")
            return 1
        print(f"Sample members loaded as load {load_id}. Remove with: python -m nnecl_data sample remove")
        return 0
    if action == "remove":
        load_id, removed = remove_sample(engine, user=user)
        if not removed:
            print("There are no sample rows to remove.")
            return 0
        print(f"Removed {removed} sample rows (load {load_id}).")
        return 0
    _err(f"unknown action {action!r}: use load or remove")
    return 1
