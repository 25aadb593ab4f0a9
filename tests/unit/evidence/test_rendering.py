"""HTML and PDF layouts: every text from the data is escaped in HTML and printed as written in the PDF."""

from __future__ import annotations

from nnecl_data import evidence
from tests.unit.evidence.helpers import pdf_text


def test_names_are_escaped_in_html_and_pdf(region_pack):
    pack, _, _ = region_pack
    hostile = "<script>alert('x')</script> & Sons"
    pack = evidence.Pack(**{**pack.__dict__})
    pack.area_name = hostile
    pack.statements = [evidence.Statement(f"In 2025, 1% in {hostile}.", "cl_neet_19_21", True)]
    pack.tables = [evidence.Table("T", pack.tables[0].frame.assign(Indicator=hostile))]
    html = evidence.to_html(pack).decode("utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Sons" in html
    words = pdf_text(evidence.to_pdf(pack))
    assert "<script>alert('x')</script> & Sons" in words
