"""Import, dry-run, history and roll-back of the NNECL registers, gathered in one place for the admin views
(ui/admin_views.py, ui/directory_views.py), which import them from here. Each name lives in the module that
does its job: `load` (plan and import), `history` (load history and roll-back), `sample_register`, `kinds`
(registers and templates), `store` (lock, load log, reference data), `cli`. New code imports from those
modules; this one defines nothing.
"""

from nnecl_data.registers.cli import cli_import, cli_loads, cli_rollback, cli_sample, print_plan
from nnecl_data.registers.history import HISTORY_COLUMNS, latest_loads, load_history, rollback
from nnecl_data.registers.kinds import TEMPLATE_DIR, template_bytes, template_path
from nnecl_data.registers.load import ImportPlan, ImportRejected, apply_import, plan_import
from nnecl_data.registers.sample_register import (
    SAMPLE_FILE,
    SAMPLE_REMOVE_FILE,
    load_sample,
    remove_sample,
    sample_path,
)
from nnecl_data.registers.store import LOCK_KEY, ChangeRefused, RollbackRefused, ensure_schema, load_reference

__all__ = [
    "HISTORY_COLUMNS",
    "LOCK_KEY",
    "SAMPLE_FILE",
    "SAMPLE_REMOVE_FILE",
    "TEMPLATE_DIR",
    "ChangeRefused",
    "ImportPlan",
    "ImportRejected",
    "RollbackRefused",
    "apply_import",
    "cli_import",
    "cli_loads",
    "cli_rollback",
    "cli_sample",
    "ensure_schema",
    "latest_loads",
    "load_history",
    "load_reference",
    "load_sample",
    "plan_import",
    "print_plan",
    "remove_sample",
    "rollback",
    "sample_path",
    "template_bytes",
    "template_path",
]
