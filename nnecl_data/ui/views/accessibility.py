"""Accessibility statement: what the dashboard does, what was checked, known limitations and how to report
a problem (pages/accessibility.py lays it out)."""

from __future__ import annotations

INTRO = (
    "We want as many people as possible to be able to use this dashboard. This page says what the dashboard "
    "does to help, what has been checked, what has not, and the problems we know about."
)
WHAT_IT_DOES = (
    "- **Colours** come from the Government Analysis Function palette for charts, with a "
    "sequential blue scale for maps.\n"
    "- **Colour is never the only way meaning is shown.** England is the dashed rule on ranked bars and a"
    " labelled line on trends, where the highlighted lines are named at their ends; comparisons with "
    "England are written out in words ('better', 'worse', 'similar'); suppressed figures show their "
    "symbol as text; each Quality Mark status has its own shape as well as its own colour on the charts, "
    "and is spelled out in legends and tables; figures the dashboard derived from counts are drawn hollow"
    " and marked '(derived)' in tables.\n"
    "- **Every chart has a text alternative** (a written description under the chart, also given to screen "
    "readers as the chart's accessible name) and **a data table** with the same figures, which can be "
    "downloaded as CSV or Excel.\n"
    "- **Maps** always come with a table of the same figures, so nothing is only available on a map.\n"
    "- **Headlines are written in words** generated from the data, so the main finding of a page can be read "
    "without looking at a chart.\n"
    "- **Keyboard and screen reader use** rely on Streamlit's own widgets (menus, buttons, tables and "
    "expanders) and on plain links for the navigation; the stylesheet draws a visible outline round whatever "
    "has the keyboard focus."
)
CHECKED = (
    "- Automated tests open the pages and check that the figures shown equal the database, that filters work "
    "and that bad links are handled without errors.\n"
    "- An automated accessibility audit runs with every change: see 'What the audit found' below.\n"
    "- The development team checks screenshots of the pages at a desktop size (1400 × 1000 pixels) and a "
    "mobile phone size (390 × 844 pixels) for layout and readability.\n"
    "- The dashboard **has not been audited** against the Web Content Accessibility Guidelines (WCAG) 2.2 "
    "level AA by a third party, and it is not claimed to meet them."
)
LIMITATIONS = (
    "- Charts are drawn with Vega-Lite. Screen readers get each chart's description but cannot explore its "
    "points one by one: use the data table under each chart instead.\n"
    "- Maps cannot be used with a keyboard or screen reader in a meaningful way: use the table beside them.\n"
    "- Tooltips on charts appear on mouse hover only.\n"
    "- Wide data tables scroll sideways, which is awkward on small screens; the CSV and Excel downloads hold "
    "the full tables.\n"
    "- Streamlit controls most of the page structure (its first link skips to the main content); the problems "
    "this causes are listed under 'What the audit found'."
)
REPORTING = (
    "If you find a problem that is not listed here, or you need information in a different format, contact "
    "the NNECL dashboard team. Please say which page you were on (copy the address from your browser), what "
    "you were trying to do and what assistive technology you use, if any."
)
SECTIONS = [
    ("What the dashboard does", WHAT_IT_DOES),
    ("What has been checked", CHECKED),
    ("Known limitations", LIMITATIONS),
]
AUDIT_HEADING = "What the audit found"
REPORTING_HEADING = "Reporting a problem"
