"""What the dashboard says, said once: labels for statuses and types, symbol meanings, and the caveats
shown beside figures. Every page, table, download and evidence pack takes its words from here, so the
same thing reads the same everywhere (page titles live with the page registry, nnecl_data/ui/pages.py).

Pure text: no Streamlit, no database. Before writing a label or caveat anywhere else, look here.
"""

from __future__ import annotations

import datetime as dt

from nnecl_data.rules.selection import INSTITUTION_TYPE_LABELS

# --- official statistics symbols (DfE/GSS convention) ------------------------------------------------

SYMBOL_MEANINGS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "low": "rounds to zero, but is not zero",
    "k": "rounds to zero, but is not zero",
    "u": "low reliability",
}
SYMBOL_SHORT = {  # map legends, where the tooltip gives the full meaning
    "c": "suppressed",
    "x": "not available",
    "z": "not applicable",
    "low": "rounds to zero",
    "k": "rounds to zero",
    "u": "low reliability",
}
SYMBOL_TREATMENT = {
    "c": "Blank in every table and download, no bar or point in charts, grey on maps with the symbol; never "
    "given a gap, rank or change.",
    "x": "As for c: no number is shown, the status column says 'not available'.",
    "z": "As for c: no number is shown, the status column says 'not applicable'.",
    "low": "No number is shown (the true value is small but not zero); the status column says so.",
    "k": "As for low.",
    "u": "No number is shown; the status column says 'low reliability'.",
}
SYMBOLS_NOTE = (
    "; ".join(f"{symbol} {meaning}" for symbol, meaning in SYMBOL_MEANINGS.items())
    + ". Suppressed values are left blank, never shown as numbers."
)
PUBLISHED = "published"  # the status column of a figure published as a number

# --- Quality Mark statuses ---------------------------------------------------------------------------
# Keys are the statuses of nnecl_data.rules.quality_mark; "none" is an institution with no record.

STATUS_LABELS = {
    "current": "Current award",
    "renewed": "Current award (renewed)",
    "expiring": "Current award, ends this year",
    "working_towards": "Working towards",
    "lapsed": "Lapsed (no renewal recorded)",
    "none": "No award recorded",
}
STATUS_HELP = {
    "current": "An award announced in the last three years.",
    "renewed": "A renewal announced in the last three years.",
    "expiring": "The award's expiry year is this year; the exact end date is not published, so it still counts.",
    "working_towards": "Recorded as working towards the Quality Mark.",
    "lapsed": "The latest award recorded has passed its expiry year and no renewal is recorded in the "
    "announcements the dashboard holds.",
    "none": "No award to this institution appears in the announcements the dashboard holds.",
}
CHARTED_STATUSES = ("current", "renewed", "expiring", "working_towards", "lapsed")  # charts leave out "none"
PUBLISHED_LABELS = {"awarded": "Awarded", "renewed": "Renewed", "working_towards": "Working towards"}
COVERAGE_LABELS = {  # rules.quality_mark.COVERAGE_GROUPS
    "current_award": "With a current award",
    "working_towards": "Working towards",
    "none": "No current award",
}

# --- types and registers -----------------------------------------------------------------------------
# INSTITUTION_TYPE_LABELS (imported above) is the shared filters' allow-list, kept in rules/selection.py.

INSTITUTION_TYPE_PLURALS = {
    "general_fe_college": "general FE colleges",
    "sixth_form_college": "sixth form colleges",
    "other_fe": "other FE institutions",
    "university": "universities",
    "other_he": "other HE providers",
}
MEMBER_TYPE_LABELS = {
    "university": "University",
    "college": "College",
    "local_authority_leaving_care_team": "Leaving care team (local authority)",
    "virtual_school": "Virtual school",
    "charity": "Charity",
    "other": "Other",
}
REGISTER_LABELS = {
    "members": "Members (NNECL member register)",
    "awards": "Quality Mark awards",
    "institutions": "Institutions (colleges and universities)",
    "partnerships": "Local partnerships",
}
REGION_NOT_KNOWN = "Region not known"
LA_NOT_KNOWN = "Local authority not known"
NOT_STATED = "not stated in the source"
NOT_RECORDED = "not recorded"  # a count of nought where the record is silent (e.g. working towards)
NO_REGISTER = "not available: no member register loaded"
SAMPLE_DATA = "Sample (fictional)"  # the Data column of a table with sample rows
SAMPLE_CAPTION = "Sample data: fictional member register, for demonstration only."

# --- caveats -----------------------------------------------------------------------------------------

ROUNDING_CAVEAT = (
    "DfE rounds national and regional counts to the nearest 10 and percentages to whole numbers; small "
    "numbers are suppressed (c) to protect confidentiality. A suppressed figure is shown as its symbol and "
    "is never estimated."
)
DERIVED_CAVEAT = (
    "2016 and 2017 percentages are derived by this dashboard from DfE's published counts (DfE published "
    "counts only in those years' underlying data); they are marked 'derived' wherever they appear: in "
    "tables, trend charts, downloads and sentences."
)
DERIVED = "derived"  # the mark beside a derived figure (a table's Derived column, "2016 (derived)")
DERIVED_NOTE = "derived from DfE's counts"  # the same mark in a sentence
# One rule for every comparison in words (against England, or over time): rules.transforms.SIMILAR_WITHIN.
GAP_RULE = (
    "Gaps and changes of 1 point or less (percentage points for percentages) are called similar, for every "
    "indicator: DfE rounds most of these figures to whole numbers, so a gap that small can come from "
    "rounding alone. Larger gaps are called better or worse by the indicator's direction (for the rate of "
    "children looked after, which has no better or worse, higher or lower)."
)
PARTIAL_RECORD_CAVEAT = (
    "Quality Mark counts come from the public award announcements the dashboard holds, matched to its "
    "register of colleges and universities. NNECL reports more awards than are publicly named, so counts are "
    "a floor, not a full count."
)
LAPSED_CAVEAT = (
    "'Lapsed' means no later award or renewal is recorded in the announcements the dashboard holds; it "
    "does not mean NNECL withdrew the award or that the institution did not renew it."
)
YEAR_CAVEAT = (
    "Awards are published with a year only and last three years: an award counts as held from its award "
    "year to its expiry year (award year + 3); the day it ends is not published."
)
REGISTER_CAVEAT = (
    "Percentages use the institutions in the dashboard's register as the denominator (DfE's statutory "
    "further education colleges and higher education providers). The register is built from public lists "
    "and misses some places, for example sixth form colleges that became 16-19 academies (see Data and "
    "methods), so these are lower bounds on coverage."
)
POINTS_CAVEAT = (
    "Points are placed at the register's location for each institution (a HESA geocode or the centre of the "
    "postcode district), so they are approximate."
)
QUALITY_MARK_CAVEATS = [PARTIAL_RECORD_CAVEAT, YEAR_CAVEAT, LAPSED_CAVEAT, REGISTER_CAVEAT]
TIMELINE_CAVEAT = "NNECL does not publish a full list of awards; years with no announcement held show no bar."
PROJECTION_NOTE = "This is a simple projection, not a forecast."


def members_caveat(care_leavers_year: int | None) -> str:
    """What the member density rates divide by, for the year of care leavers used."""
    year = care_leavers_year or "the latest year"
    return (
        "Members are organisations in the loaded register with no leaving date. Per 100 institutions uses the "
        "institutions in the dashboard's register (colleges and higher education providers) as the base; per "
        f"1,000 care leavers uses DfE's count of care leavers aged 19 to 21 in {year} "
        "(rounded to the nearest 10). Many members are not institutions (leaving care teams, virtual schools, "
        "charities), so the rates describe density, not coverage."
    )


def date_text(day: dt.date) -> str:
    """The one way a date is written for readers: '1 December 2026'."""
    return f"{day.day} {day:%B %Y}"


def type_label(code: str) -> str:
    return INSTITUTION_TYPE_LABELS.get(code, code)


def status_label(code: str) -> str:
    return STATUS_LABELS.get(code, code)
