"""The audit record the accessibility statement shows agrees with the audit the browser tests run."""

import csv
import json
import re
from pathlib import Path

from nnecl_data.ui import accessibility_audit as audit
from tests.browser.test_accessibility import KNOWN_STREAMLIT_NAVIGATION_VIOLATIONS

ROOT = Path(__file__).resolve().parents[2]


def _rows() -> list[dict]:
    with open(ROOT / "docs" / "accessibility-audit.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_remaining_axe_findings_are_exactly_the_violations_the_browser_test_accepts():
    rows = _rows()
    axe_rows = [r for r in rows if r["check"].startswith("axe-core rule ")]
    remaining = {r["check"].removeprefix("axe-core rule ") for r in axe_rows if r["status"] == "remaining"}
    assert remaining == set(KNOWN_STREAMLIT_NAVIGATION_VIOLATIONS)
    for row in axe_rows:
        # counts recorded for every axe finding; a fixed one has nothing left
        assert int(row["nodes_before"]) > 0
        assert (int(row["nodes_after"]) == 0) == (row["status"] == "fixed"), row["finding"]


def test_every_finding_says_its_cause_status_and_what_is_done():
    for row in _rows():
        assert row["status"] in {"fixed", "remaining"}, row["finding"]
        assert re.match(r"\d\.\d\.\d+ ", row["wcag"]), row["finding"]
        assert row["cause"] and row["action"] and row["upstream"] and row["pages"], row["finding"]


def test_the_recorded_axe_version_is_the_pinned_one():
    lock = json.loads((ROOT / "tests" / "browser" / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    tools = {r["tool"] for r in _rows() if r["check"].startswith("axe-core")}
    assert tools == {f"axe-core {pinned}"}


def test_summary_counts_the_findings():
    rows = _rows()
    remaining = [r["finding"].lower() for r in rows if r["status"] == "remaining"]
    text = audit.summary()
    fixed = len(rows) - len(remaining)
    assert f"found {len(rows)} problems: {fixed} are fixed and {len(remaining)} remain" in text
    assert all(finding in text for finding in remaining)
    assert list(audit.findings_table()["Finding"]) == [r["finding"] for r in rows]
