"""The accessibility statement: truthful about what was and was not checked; nothing invented."""

import csv

from tests.app.conftest import ROOT, assert_no_exception, open_page, page_text


def _frame(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_accessibility_statement_is_truthful(app_db):
    at = open_page("accessibility")
    assert_no_exception(at)
    shown = page_text(at)
    assert "has not been audited" in shown and "WCAG" in shown
    assert "1400 × 1000" in shown and "390 × 844" in shown
    assert "contact the NNECL dashboard team" in shown
    assert "@" not in shown.replace("&nbsp;", "")  # no invented email address


def test_accessibility_statement_reports_the_audit(app_db):
    with open(ROOT / "docs" / "accessibility-audit.csv", encoding="utf-8", newline="") as handle:
        recorded = list(csv.DictReader(handle))
    at = open_page("accessibility")
    assert_no_exception(at)
    findings = _frame(at, "Finding")
    assert list(findings["Finding"]) == [r["finding"] for r in recorded]
    assert list(findings["Status"]) == [r["status"] for r in recorded]
    remaining = sum(r["status"] == "remaining" for r in recorded)
    assert f"{remaining} remain" in page_text(at)
    assert "skip" in page_text(at) and "are not available" not in page_text(at)
