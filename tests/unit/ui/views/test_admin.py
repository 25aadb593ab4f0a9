"""Pure parts of the data administration view: problems and load history shown as plain text."""

import datetime as dt

import pandas as pd

from nnecl_data.registers.validate import Issue
from nnecl_data.ui.views import admin as views


def test_issues_frame_gives_file_row_column_and_problem_as_text():
    frame = views.issues_frame([Issue("m.csv", "not an email", 3, "email"), Issue("m.csv", "empty")])
    assert frame.values.tolist() == [["m.csv", "3", "email", "not an email"], ["m.csv", "", "", "empty"]]


def test_history_frame_labels_columns_and_keeps_counts_as_numbers():
    history = pd.DataFrame(
        [
            {
                "load_id": 2,
                "kind": "members",
                "loaded_at": dt.datetime(2026, 1, 2, 3, 4, 5),
                "loaded_by": "a@b.org",
                "file_name": "m.csv",
                "file_sha256": "ab",
                "rows_added": 1,
                "rows_changed": 0,
                "rows_removed": 3,
                "rolled_back_at": None,
                "rolled_back_by": None,
            }
        ]
    )
    frame = views.history_frame(history)
    assert list(frame.columns) == list(views.HISTORY_LABELS.values())
    row = frame.iloc[0]
    assert row["Loaded at (UTC)"] == "2026-01-02 03:04:05" and row["Rolled back at (UTC)"] == ""
    assert row["Removed"] == 3


def test_every_register_has_a_label():
    from nnecl_data.registers.validate import KINDS

    assert set(KINDS) <= set(views.KIND_LABELS)
