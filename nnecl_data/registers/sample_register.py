"""The fictional sample register: loaded beside the real members (flagged is_sample), and removed again.
For demonstration only; every sample row is marked and never counted as NNECL's register."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.engine import Engine

from nnecl_data import config
from nnecl_data.registers import store
from nnecl_data.registers.issues import Issue
from nnecl_data.registers.kinds import KINDS
from nnecl_data.registers.load import ImportRejected, apply_import, plan_import

SAMPLE_FILE = "members_sample.csv"
SAMPLE_REMOVE_FILE = "(sample remove)"


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
    user = store.user_name(user)
    conn = store.locked(engine)
    try:
        first_id, total = 0, 0
        for kind in ("members", "awards"):
            spec = KINDS[kind]
            current = store.current_rows(conn, spec.table)
            samples = [r for r in current if r["is_sample"]]
            if not samples:
                continue
            previous = store.rows_to_json(current, spec.table)
            conn.execute(delete(spec.table).where(spec.table.c.is_sample.is_(True)))
            load_id = store.write_log(
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
        store.commit(conn)
        return first_id, total
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()
