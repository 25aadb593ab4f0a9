"""The load history, and rolling a load back.

Roll-back restores the table's content before a load exactly and stamps `rolled_back_at`/`rolled_back_by`,
in one locked transaction (see `store`). Only the latest load of a kind that is not rolled back can be
rolled back: to undo an older load, roll back the later loads of the same kind first, newest first. A
roll-back that would leave rows of another table pointing at a removed institution is refused.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, func, select, update
from sqlalchemy.engine import Connection, Engine

from nnecl_data.database import schema
from nnecl_data.registers import store
from nnecl_data.registers.kinds import kind_spec
from nnecl_data.registers.store import RollbackRefused

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


def rollback(engine: Engine, load_id: int, *, user: str) -> dict[str, int]:
    """Restore the table of load `load_id` to its content before that load; returns the row counts."""
    user = store.user_name(user)
    log = schema.load_log
    conn = store.locked(engine)
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
        previous = store.rows_from_json(entry["previous_rows"], spec.table)
        current = store.current_rows(conn, spec.table)
        if spec.name == "institutions":
            _check_institution_links(conn, {r["institution_id"] for r in previous})
        target = {r[spec.key]: r for r in previous}
        added, changed, removed = store.sync_table(conn, spec.table, spec.key, target, current)
        conn.execute(
            update(log).where(log.c.load_id == load_id).values(rolled_back_at=store.now(), rolled_back_by=user)
        )
        store.commit(conn)
        return {"restored": added, "changed": changed, "removed": removed}
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


def _check_institution_links(conn: Connection, keep: set[str]) -> None:
    links = store.load_reference(conn).institution_links
    broken = sorted((inst, refs) for inst, refs in links.items() if inst not in keep)
    if broken:
        shown = "; ".join(f"'{inst}' used by {', '.join(refs[:3])}" for inst, refs in broken[:5])
        raise RollbackRefused(f"roll-back would remove institutions still in use: {shown}")
