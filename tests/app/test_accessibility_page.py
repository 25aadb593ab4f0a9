"""The accessibility statement: truthful about what was and was not checked; nothing invented."""

from tests.app.conftest import assert_no_exception, open_page, page_text


def test_accessibility_statement_is_truthful(app_db):
    at = open_page("accessibility")
    assert_no_exception(at)
    shown = page_text(at)
    assert "has not been audited" in shown and "WCAG" in shown
    assert "1400 × 1000" in shown and "390 × 844" in shown
    assert "contact the NNECL dashboard team" in shown
    assert "@" not in shown.replace("&nbsp;", "")  # no invented email address
