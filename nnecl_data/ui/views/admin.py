"""Data administration (pages/admin.py lays it out): upload -> validate -> preview -> confirm, load
history with roll-back, and the fictional sample register. All changes go through
nnecl_data.registers.imports (one locked transaction each, logged); nothing here writes SQL.

Everything that came from a file or from the database (names, file names, cells, problems) is shown with
`st.dataframe` or `st.text`, never as Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from nnecl_data import wording
from nnecl_data.database import db, queries
from nnecl_data.registers import imports
from nnecl_data.registers.validate import DEFAULT_MAX_BYTES, KINDS, Issue, errors_text, kind_spec
from nnecl_data.ui import access

KIND_LABELS = wording.REGISTER_LABELS
UPLOAD_TYPES = ["csv", "xlsx"]
MAX_UPLOAD_MB = DEFAULT_MAX_BYTES // (1024 * 1024)
SHOW_ROWS = 500  # rows of a difference shown in the page (all of them are in the download)

_FLASH = "admin_flash"  # (kind, message) shown once after an action
_NONCE = "admin_upload_nonce"  # bumped after a load so the uploader starts empty


# ----------------------------------------------------------------------------------------- database


@st.cache_resource(max_entries=4, show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = db.make_engine(url)
    imports.ensure_schema(engine)
    return engine


def admin_engine() -> Engine:
    """The admin page's own connection (NNECL_ADMIN_DATABASE_URL / [connections.nnecl_admin], else the
    viewer's URL): the only one in the app that writes."""
    return _engine_for(db.admin_database_url())


def current_rows(engine: Engine, kind: str) -> list[dict]:
    return queries.table_rows(engine, kind_spec(kind).table)


# ------------------------------------------------------------------------------------ pure view models


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)


def _shown(value) -> str:
    text = _cell(value)
    return text if text != "" else "(empty)"


def issues_frame(issues: list[Issue]) -> pd.DataFrame:
    """Every problem as a row: file, spreadsheet row, column, problem (all text)."""
    return pd.DataFrame(
        [[i.file, "" if i.row is None else str(i.row), i.column or "", i.message] for i in issues],
        columns=["File", "Row", "Column", "Problem"],
    )


def rows_frame(kind: str, rows: list[dict]) -> pd.DataFrame:
    columns = [c.name for c in kind_spec(kind).table.columns]
    return pd.DataFrame([[_cell(r.get(c)) for c in columns] for r in rows], columns=columns, dtype=object)


def added_frame(plan: imports.ImportPlan) -> pd.DataFrame:
    key = kind_spec(plan.kind).key
    added = set(plan.added)
    return rows_frame(plan.kind, [r for r in plan.rows if r[key] in added])


def removed_frame(plan: imports.ImportPlan, current: list[dict]) -> pd.DataFrame:
    key = kind_spec(plan.kind).key
    removed = set(plan.removed)
    return rows_frame(plan.kind, [r for r in current if r[key] in removed])


def changes_frame(plan: imports.ImportPlan) -> pd.DataFrame:
    """One row per changed cell: key, column, old value, new value, and `old → new`."""
    key = kind_spec(plan.kind).key
    out = [
        [k, column, _shown(old), _shown(new), f"{_shown(old)} → {_shown(new)}"]
        for k, cols in plan.changed.items()
        for column, (old, new) in cols.items()
    ]
    return pd.DataFrame(out, columns=[key, "Column", "Old value", "New value", "Change"], dtype=object)


HISTORY_LABELS = {
    "load_id": "Load",
    "kind": "Register",
    "loaded_at": "Loaded at (UTC)",
    "loaded_by": "Loaded by",
    "file_name": "File",
    "file_sha256": "File SHA-256",
    "rows_added": "Added",
    "rows_changed": "Changed",
    "rows_removed": "Removed",
    "rolled_back_at": "Rolled back at (UTC)",
    "rolled_back_by": "Rolled back by",
}


def history_frame(history: pd.DataFrame) -> pd.DataFrame:
    """The load log for display: every load, newest first, all text except the counts."""
    frame = history[list(HISTORY_LABELS)].copy()
    for column in ("loaded_at", "loaded_by", "file_name", "file_sha256", "rolled_back_at", "rolled_back_by"):
        frame[column] = [_cell(v) for v in frame[column]]
    for column in ("load_id", "rows_added", "rows_changed", "rows_removed"):
        frame[column] = [int(v) for v in frame[column]]
    return frame.rename(columns=HISTORY_LABELS)


def rollback_choices(history: pd.DataFrame, latest: dict[str, int]) -> dict[int, str]:
    """load_id -> label for the loads that may be rolled back (the latest live load of each register)."""
    by_id = {int(r.load_id): r for r in history.itertuples(index=False)}
    out = {}
    for load_id in sorted(latest.values(), reverse=True):
        r = by_id.get(load_id)
        if r is not None:
            out[load_id] = f"Load {load_id}: {r.kind}, {r.file_name}, {_cell(r.loaded_at)} by {r.loaded_by}"
    return out


def plan_upload(engine: Engine, kind: str, name: str, data: bytes) -> imports.ImportPlan:
    """Validate with the same rules as the command line and compare with the register. Changes nothing."""
    return imports.plan_import(engine, kind, name, data, max_bytes=DEFAULT_MAX_BYTES)


# ----------------------------------------------------------------------------------------- actions


def _flash(kind: str, message: str) -> None:
    st.session_state[_FLASH] = (kind, message)


def _after_change() -> None:
    st.cache_data.clear()  # every page reads the new registers at once
    st.session_state[_NONCE] = st.session_state.get(_NONCE, 0) + 1


def _change(action, refused: str, done) -> None:
    """Run one change to the registers; report a refusal (nothing changed) or what was done."""
    try:
        result = action()
    except imports.ImportRejected as exc:
        _flash("error", f"{refused}\n" + errors_text(exc.issues))
        return
    except imports.ChangeRefused as exc:
        _flash("error", f"Nothing was changed: {exc}")
        return
    _after_change()
    _flash("success", done(result))


def _apply(plan: imports.ImportPlan, user: str) -> None:
    _change(
        lambda: imports.apply_import(admin_engine(), plan, user=user),
        "Nothing was changed. The file was refused:",
        lambda load_id: f"Loaded {plan.summary()} as load {load_id}. It can be rolled back under Load history.",
    )


def _rollback(load_id: int, user: str) -> None:
    try:
        counts = imports.rollback(admin_engine(), load_id, user=user)
    except imports.ChangeRefused as exc:
        _flash("error", f"Cannot roll back: {exc}. Nothing was changed.")
        return
    _after_change()
    _flash(
        "success",
        f"Rolled back load {load_id}: {counts['restored']} rows restored, {counts['changed']} changed back, "
        f"{counts['removed']} removed.",
    )


def _sample(action: str, user: str) -> None:
    engine = admin_engine()
    if action == "load":
        _change(
            lambda: imports.load_sample(engine, user=user),
            "The sample was refused; nothing was changed:",
            lambda load_id: f"The fictional sample members were loaded as load {load_id}.",
        )
        return
    load_id, removed = imports.remove_sample(engine, user=user)
    if not removed:
        _flash("info", "There are no sample rows to remove.")
        return
    _after_change()
    _flash("success", f"Removed {removed} sample rows (load {load_id}).")


# ------------------------------------------------------------------------------------------ rendering


def show_flash() -> None:
    flash = st.session_state.pop(_FLASH, None)
    if not flash:
        return
    kind, message = flash
    box = {"success": st.success, "error": st.error, "info": st.info}[kind]
    headline, _, detail = message.partition("\n")
    box("Done." if kind == "success" else "Nothing was changed." if kind == "error" else "Note.")
    st.text(headline + ("\n" + detail if detail else ""))  # may hold file names and cells: plain text


def _table(frame: pd.DataFrame, *, key: str, label: str) -> None:
    st.dataframe(frame.head(SHOW_ROWS), hide_index=True, width="stretch", key=key)
    if len(frame) > SHOW_ROWS:
        st.caption(f"The first {SHOW_ROWS} of {len(frame)} rows are shown; the download holds all of them.")
    st.download_button(
        f"Download {label} (CSV)",
        frame.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"download_{key}",
        on_click="ignore",
        icon=":material/download:",
    )


def upload_section(engine: Engine, user: str) -> None:
    st.header("Update a register")
    st.markdown(
        "Choose the register, download its template, fill it in and upload it. The file is checked with "
        "the same rules as the command-line import and compared with the register as it is now; nothing "
        "changes until you confirm. A load **replaces the whole register** with the file's rows, in one "
        "transaction, and can be rolled back."
    )
    kind = st.selectbox("Register", list(KINDS), format_func=lambda k: KIND_LABELS.get(k, k), key="admin_kind")
    st.download_button(
        "Download the template",
        imports.template_bytes(kind),
        file_name=f"{kind}_template.csv",
        mime="text/csv",
        key="admin_template",
        on_click="ignore",
        icon=":material/download:",
    )
    nonce = st.session_state.get(_NONCE, 0)
    uploaded = st.file_uploader(
        f"Upload the {kind} register (CSV in UTF-8, or XLSX; at most {MAX_UPLOAD_MB} MB)",
        type=UPLOAD_TYPES,
        accept_multiple_files=False,
        max_upload_size=MAX_UPLOAD_MB,
        key=f"admin_upload_{kind}_{nonce}",
    )
    if uploaded is None:
        return
    data = uploaded.getvalue()
    plan = plan_upload(engine, kind, uploaded.name, data)
    st.subheader("Check")
    st.text(f"File: {uploaded.name}\nSHA-256: {plan.file_sha256}\nSize: {len(data):,} bytes")
    if not plan.ok:
        st.error(
            f"The file cannot be loaded: {len(plan.errors)} problem(s) found, listed below with their row "
            "and column. Nothing was changed. Correct the file and upload it again."
        )
        _table(issues_frame(plan.errors), key="admin_problems", label="the problems")
        return
    st.success(
        f"The file is valid: {len(plan.rows)} rows; {len(plan.added)} added, {len(plan.changed)} changed, "
        f"{len(plan.removed)} removed, {plan.unchanged} unchanged."
    )
    current = current_rows(engine, kind)
    if plan.added:
        st.markdown(f"**Added rows ({len(plan.added)})**")
        _table(added_frame(plan), key="admin_added", label="the added rows")
    if plan.changed:
        st.markdown(f"**Changed rows ({len(plan.changed)})**: each changed cell, old → new")
        _table(changes_frame(plan), key="admin_changed", label="the changes")
    if plan.removed:
        st.markdown(f"**Removed rows ({len(plan.removed)})**")
        _table(removed_frame(plan, current), key="admin_removed", label="the removed rows")
    if not (plan.added or plan.changed or plan.removed):
        st.info("The file matches the register as it is: there is nothing to load.")
        return
    st.button(
        f"Confirm: replace the {kind} register with this file",
        type="primary",
        key="admin_confirm",
        on_click=_apply,
        args=(plan, user),
        icon=":material/check:",
    )


def history_section(engine: Engine, user: str) -> None:
    st.header("Load history")
    history = imports.load_history(engine)
    if history.empty:
        st.info("No loads yet.")
        return
    st.markdown(
        "Every load, newest first: who loaded which file (name and SHA-256), when, the rows it added, "
        "changed and removed, and whether it was rolled back."
    )
    _table(history_frame(history), key="admin_history", label="the load history")
    choices = rollback_choices(history, imports.latest_loads(engine))
    st.subheader("Roll back a load")
    if not choices:
        st.info("No load can be rolled back: every load has been rolled back already.")
        return
    st.markdown(
        "Rolling back restores a register exactly as it was before the load. Only the latest load of each "
        "register that is not rolled back can be rolled back; to undo an older load, roll back the later "
        "ones first, newest first."
    )
    load_id = st.selectbox(
        "Load to roll back", list(choices), format_func=lambda i: choices[i], key="admin_rollback_load"
    )
    sure = st.checkbox(
        f"Yes, restore the {history.loc[history['load_id'] == load_id, 'kind'].iloc[0]} register to its "
        f"state before load {load_id}",
        key=f"admin_rollback_sure_{load_id}",
    )
    st.button(
        f"Roll back load {load_id}",
        disabled=not sure,
        key="admin_rollback",
        on_click=_rollback,
        args=(int(load_id), user),
        icon=":material/undo:",
    )


def sample_section(user: str) -> None:
    st.header("Sample member register")
    st.markdown(
        "A clearly fictional member register for demonstrations: it is added beside the real members, "
        "flagged as a sample wherever it shows, and can be removed (and that removal rolled back)."
    )
    left, right = st.columns(2)
    left.button(
        "Load the fictional sample members",
        key="admin_sample_load",
        on_click=_sample,
        args=("load", user),
        icon=":material/science:",
    )
    right.button(
        "Remove the sample rows",
        key="admin_sample_remove",
        on_click=_sample,
        args=("remove", user),
        icon=":material/delete:",
    )


def refusal() -> None:
    """What the admin page shows to anyone who is not an admin (it is not in their navigation either)."""
    if not access.auth_configured():
        st.info("This page is not available.")
    elif not access.is_signed_in():
        st.warning("Sign in with an admin account to use this page.")
    else:
        st.error("Your account does not have admin access to this dashboard.")
