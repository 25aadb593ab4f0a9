"""Loading a register: a dry-run plan (what the file would add, change and remove) and the import itself.

An import replaces the whole register of its kind with the file's rows, in one locked transaction (see
`store`): inside the lock the file is validated again against the database as it is then, the table is
brought to the file's content (rows removed, changed and added by key) and `load_log` records who, when,
which file (name and SHA-256), the counts, and the table's full previous content as JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from nnecl_data.registers import store
from nnecl_data.registers.issues import Issue, UploadRejected
from nnecl_data.registers.kinds import kind_spec
from nnecl_data.registers.upload import DEFAULT_MAX_BYTES, read_upload
from nnecl_data.registers.validate import Reference, validate

# Called inside the locked transaction after the current table is read and before it is written.
# Tests set it to a pause to widen the window in which an unlocked import would interleave.
_pause_inside_transaction: Callable[[], None] = lambda: None  # noqa: E731


class ImportRejected(Exception):
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


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
        reference = store.load_reference(conn)
        current = store.current_rows(conn, spec.table)
    plan.errors, rows = _validate_bytes(spec.name, name, data, reference, max_bytes)
    if plan.errors:
        return plan
    plan.rows, clash = _combine(spec, current, rows, keep, name)
    if clash:
        plan.errors = clash
        return plan
    plan.added, plan.changed, plan.removed, plan.unchanged, _ = store.diff_rows(
        spec.table, spec.key, current, plan.rows
    )
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
    user = store.user_name(user)
    if not plan.ok:
        raise ImportRejected(plan.errors)
    spec = kind_spec(plan.kind)
    conn = store.locked(engine)
    try:
        reference = store.load_reference(conn)
        errors, rows = _validate_bytes(spec.name, plan.file_name, plan.data, reference, max(len(plan.data), 1))
        current = store.current_rows(conn, spec.table)
        if not errors:
            rows, errors = _combine(spec, current, rows, plan.keep, plan.file_name)
        if errors:
            raise ImportRejected(errors)
        previous = store.rows_to_json(current, spec.table)
        _pause_inside_transaction()
        target = {r[spec.key]: r for r in rows}
        added, changed, removed = store.sync_table(conn, spec.table, spec.key, target, current)
        load_id = store.write_log(
            conn, spec.name, user, plan.file_name, plan.file_sha256, (added, changed, removed), previous
        )
        store.commit(conn)
        return load_id
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()
