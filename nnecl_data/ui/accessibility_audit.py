"""What the accessibility audit found, fixed and left (docs/accessibility-audit.csv, kept up to date with
tests/browser/test_accessibility.py), for the accessibility statement."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nnecl_data import config

AUDIT_FILE = config.PROJECT_DIR / "docs" / "accessibility-audit.csv"
COLUMNS = {
    "finding": "Finding",
    "wcag": "WCAG 2.2 success criterion",
    "check": "Found by",
    "pages": "Where",
    "widths": "Screen widths",
    "nodes_before": "Elements failing when found",
    "nodes_after": "Elements failing now",
    "status": "Status",
    "cause": "Cause",
    "action": "Fix or plan",
    "upstream": "Upstream (Streamlit) issue",
}


def findings() -> pd.DataFrame:
    """One row per finding, as recorded (text throughout: counts stay blank where a check counts none)."""
    return pd.read_csv(AUDIT_FILE, dtype=str, keep_default_na=False, encoding="utf-8")


def findings_table() -> pd.DataFrame:
    return findings()[list(COLUMNS)].rename(columns=COLUMNS)


def summary() -> str:
    """What was checked, when, and how many findings are fixed and remain."""
    rows = findings()
    remaining = rows[rows["status"] == "remaining"]
    checked = dt.date.fromisoformat(max(rows["checked_on"]))
    axe = ", ".join(sorted(tool for tool in set(rows["tool"]) if tool.startswith("axe-core")))
    return " ".join(
        [
            f"Last checked on {checked.day} {checked:%B %Y}.",
            f"Automated checks ({axe} with its rules for WCAG 2.2 levels A and AA, which find some problems",
            "but not all) ran on every page at a desktop size (1400 × 1000 pixels) and a phone size",
            "(390 × 844 pixels), and a test used the dashboard with the keyboard alone: choosing a region,",
            "opening a data table, downloading a CSV and building an evidence pack, with the focus visible at",
            f"every step. They found {len(rows)} problems: {len(rows) - len(remaining)} are fixed and",
            f"{len(remaining)} remain ({'; '.join(f.lower() for f in remaining['finding'])}).",
            "The table says what causes each one and what is being done about it.",
        ]
    )
