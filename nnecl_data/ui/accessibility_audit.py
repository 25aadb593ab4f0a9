"""What the accessibility audit found, fixed and left (docs/accessibility-audit.csv, kept up to date with
tests/browser/test_accessibility.py), for the accessibility statement."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from nnecl_data import config

AUDIT_FILE = config.PROJECT_DIR / "docs" / "accessibility-audit.csv"
COLUMNS = {
    "finding": "Finding",
    "status": "Status",
    "wcag": "WCAG 2.2 success criterion",
    "pages": "Where",
    "nodes_before": "Elements failing when found",
    "nodes_after": "Elements failing now",
    "cause": "Cause",
    "action": "Fix or plan",
    "upstream": "Upstream (Streamlit) issue",
    "check": "Found by",
    "widths": "Screen widths",
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


def _linked(text: str) -> str:
    """GitHub references (owner/repo#number) as links to the issue."""
    return re.sub(r"\b([\w-]+/[\w-]+)#(\d+)", r"[\1#\2](https://github.com/\1/issues/\2)", text)


def details() -> str:
    """Each finding in a sentence or two, remaining ones first (the table has the same, for download)."""
    rows = findings()
    parts = []
    for status, heading in (("remaining", "Problems that remain"), ("fixed", "Problems found and fixed")):
        chosen = rows[rows["status"] == status]
        if chosen.empty:
            continue
        parts.append(f"**{heading}**\n")
        for r in chosen.itertuples():
            upstream = f" Upstream: {_linked(r.upstream)}." if r.upstream != "none found" else ""
            parts.append(f"- **{r.finding}** (WCAG {r.wcag}; {r.pages}). {r.cause} {r.action}{upstream}")
        parts.append("")
    return "\n".join(parts)
