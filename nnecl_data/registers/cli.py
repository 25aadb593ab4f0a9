"""`python -m nnecl_data {import,loads,rollback,sample}`: register changes from the command line, with
exactly the rules and transaction of the admin page."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from nnecl_data.registers.history import load_history, rollback
from nnecl_data.registers.load import ImportPlan, ImportRejected, apply_import, plan_import
from nnecl_data.registers.sample_register import load_sample, remove_sample, sample_path
from nnecl_data.registers.store import ChangeRefused, ensure_schema


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
