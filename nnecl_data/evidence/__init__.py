"""Evidence packs: a citable briefing for England, a region, a combined authority or a local authority
(whose figures come worked out by the profile's rules, as an `AuthorityProfile`).

`build_pack(engine, selection)` reads the database and returns a `Pack` (statements, tables, charts,
Quality Mark and membership status, sources, citation); `to_html(pack)` and `to_pdf(pack)` render it to
bytes. No Streamlit here, so packs are built and checked in tests exactly as the page builds them.

Every statement is generated from the figures (transforms.headline and the indicator's sentence
template); a suppressed or unavailable cell is said to be "not published" and shown as its symbol,
never as a number (the query layer has already blanked any number beside a symbol).
"""

from nnecl_data.evidence.charts import render_charts, trend_areas
from nnecl_data.evidence.html import to_html
from nnecl_data.evidence.model import (
    HEADLINE_INDICATOR,
    INDICATORS,
    KINDS,
    PRODUCT,
    PUBLISHER,
    AuthorityProfile,
    Chart,
    Pack,
    Progress,
    Selection,
    Statement,
    Table,
)
from nnecl_data.evidence.pack import SYMBOLS_NOTE, build_pack, citation
from nnecl_data.evidence.pdf import to_pdf
from nnecl_data.evidence.reading import area_name, describe_selection, selection_options

__all__ = [
    "HEADLINE_INDICATOR",
    "INDICATORS",
    "KINDS",
    "PRODUCT",
    "PUBLISHER",
    "SYMBOLS_NOTE",
    "AuthorityProfile",
    "Chart",
    "Pack",
    "Progress",
    "Selection",
    "Statement",
    "Table",
    "area_name",
    "build_pack",
    "citation",
    "describe_selection",
    "render_charts",
    "selection_options",
    "to_html",
    "to_pdf",
    "trend_areas",
]
