"""The accessibility statement says what was not checked, and never claims conformance."""

from nnecl_data.ui.views import accessibility as views


def test_statement_has_its_four_sections_and_claims_no_conformance():
    assert [heading for heading, _ in views.SECTIONS] == [
        "What the dashboard does",
        "What has been checked",
        "Known limitations",
        "Reporting a problem",
    ]
    checked = dict(views.SECTIONS)["What has been checked"]
    assert "has not been audited" in checked and "it is not claimed to meet them" in checked
