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
    "not_announced": "Renewal not announced",
    "lapsed": "Lapsed (a source says so)",  # only from a record whose published status says it lapsed
    "none": "No award on record",
}
STATUS_HELP = {
    "current": "An award announced in the last three years.",
    "renewed": "A renewal announced in the last three years.",
    "expiring": "The award's expiry year is this year; the exact end date is not published, so it still counts.",
    "working_towards": "Recorded as working towards the Quality Mark.",
    "not_announced": "The award's three years have passed and no renewal is in the announcements the "
    "dashboard holds. NNECL does not announce every renewal, so whether the institution still holds the "
    "Quality Mark is not known: it is not counted as holding a current award, and not said to have ended.",
    "lapsed": "A published source says the award lapsed.",
    "none": "No award to this institution appears in the announcements the dashboard holds.",
}
# Statuses a chart may show (charts leave out "none"; a status with no institution is left out of a legend).
CHARTED_STATUSES = ("current", "renewed", "expiring", "working_towards", "not_announced", "lapsed")
PUBLISHED_LABELS = {"awarded": "Awarded", "renewed": "Renewed", "working_towards": "Working towards"}
COVERAGE_LABELS = {  # rules.quality_mark.COVERAGE_GROUPS
    "current_award": "With a current award",
    "working_towards": "Working towards",
    "not_announced": "Renewal not announced",
    "none": "No award on record",
}
NOT_IN_REGISTER = "Not in the register"  # an awardee named in an announcement but not in the register
IN_REGISTER_LABELS = {True: "In the register", False: NOT_IN_REGISTER}

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
NOT_ANNOUNCED_CAVEAT = (
    "'Renewal not announced' means the award's three years have passed and no renewal is in the "
    "announcements the dashboard holds. NNECL does not announce every renewal, so the institution may still "
    "hold the Quality Mark: it is shown apart from current awards and from institutions with no award on "
    "record, and an award is said to have ended only where a source says so."
)
NOT_IN_REGISTER_CAVEAT = (
    "Awardees named in an announcement but not in the register (for example sixth form colleges that became "
    "16-19 academies) are listed with every holder, flagged 'Not in the register'. They are not in any "
    "percentage: neither in the institutions counted nor in the denominator."
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
QUALITY_MARK_CAVEATS = [
    PARTIAL_RECORD_CAVEAT,
    YEAR_CAVEAT,
    NOT_ANNOUNCED_CAVEAT,
    REGISTER_CAVEAT,
    NOT_IN_REGISTER_CAVEAT,
]
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


# --- published counts beside the named record --------------------------------------------------------
# Status groups of named holders, in the order a sentence gives them (rules.quality_mark statuses).
HOLDER_STATUS_PHRASES = {
    "held": ("holds a current award", "hold a current award"),
    "working_towards": ("is working towards one", "are working towards one"),
    "not_announced": ("has renewal not announced", "have renewal not announced"),
    "lapsed": ("lapsed, as a source says", "lapsed, as a source says"),
}


def holder_status_group(status: str) -> str:
    return "held" if status in ("current", "renewed", "expiring") else status


def name_list(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def when_phrase(when: str) -> str:
    """ "18 June 2025" -> "on 18 June 2025"; "June 2021" or "2025" -> "in ..."."""
    return f"on {when}" if len(str(when).split()) == 3 else f"in {when}"


def holder_status_phrase(statuses) -> str:
    """ "10 hold a current award and 20 have renewal not announced", from the named holders' statuses."""
    counts: dict[str, int] = {}
    for status in statuses:
        group = holder_status_group(status)
        counts[group] = counts.get(group, 0) + 1
    parts = [
        f"{counts[group]} {one if counts[group] == 1 else many}"
        for group, (one, many) in HOLDER_STATUS_PHRASES.items()
        if counts.get(group)
    ]
    return name_list(parts)


def _group_phrase(row) -> str:
    verb = "renewed" if row["latest_award_status"] == "renewed" else "awarded"
    status = row["status_on"]
    what = {
        "current": "current",
        "renewed": "current",
        "expiring": "current, ending this year",
        "not_announced": "renewal not announced",
        "working_towards": "working towards",
        "lapsed": "lapsed, as a source says",
    }.get(status, STATUS_LABELS.get(status, status))
    text = f"{row['holders']} {verb} {when_phrase(row['latest_award_when'])} ({what}"
    if row["not_in_register"]:
        text += f"; {row['not_in_register']} not in the register: {name_list(list(row['outside_names']))}"
    return text + ")"


def as_of_text(as_of) -> str:
    """'2025-10' -> 'October 2025'; anything else as given."""
    parts = str(as_of).split("-")
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return str(as_of)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def reconciliation_text(published: dict | None, counts: dict, groups, holders, area: str, on_day: str) -> str:
    """A published count first, then what the record names, how they stand and how many are not named,
    adding up in numbers. `groups` and `holders` are provision.reconciliation's (rows with holders,
    latest award, status and names)."""
    named = counts["named"]
    statuses = list(holders["status_on"]) if len(holders) else []
    outside = sorted(holders.loc[~holders["in_register"].astype(bool), "name"]) if len(holders) else []
    if not published:
        text = f"The announcements held name {named} awardees in {area}."
    else:
        value = counts["published"]
        text = (
            f"{published['statement']} The announcements held name {named} of these {value} by "
            f"{as_of_text(published['as_of'])}"
        )
        if counts["named_exceeds"]:
            text += f", more than NNECL's figure ({named} against {value}): the two do not count alike."
        else:
            verb = "is" if counts["unnamed"] == 1 else "are"
            text += f"; {counts['unnamed']} {verb} not named in any announcement held."
    if named:
        text += f" Of those named, on {on_day}, {holder_status_phrase(statuses)}."
    if outside:
        text += (
            f" {len(outside)} of those named {'is' if len(outside) == 1 else 'are'} not in the register "
            f"({name_list(outside)}): listed with the holders, flagged, and in no percentage."
        )
    if published and not counts["named_exceeds"] and len(groups) and len(groups) <= 3:
        parts = [_group_phrase(row) for _, row in groups.iterrows()]
        sums = " + ".join(str(row["holders"]) for _, row in groups.iterrows())
        text += (
            f" By their latest award: {'; '.join(parts)}; and {counts['unnamed']} not named. "
            f"{counts['published']} = {sums} + {counts['unnamed']}."
        )
    return text


# --- charts ------------------------------------------------------------------------------------------
# What charts, maps and their tooltips say (nnecl_data/charts/text.py puts the pieces together).

GAP_UNITS = {"percent": "percentage points", "score": "points", "rate_per_10000": "per 10,000 children"}
DERIVED = "derived"  # after a figure this dashboard computed from published counts
NOT_PUBLISHED = "not published"
DERIVED_CHART_NOTE = "Hollow points: derived from DfE's published counts."
DERIVED_BARS_NOTE = "Figures derived by this dashboard from DfE's published counts."
NOT_FROM_ZERO_NOTE = "The vertical axis does not start at zero."
COMPARED_WITH_ENGLAND = "Compared with England"
CLASS_METHODS = {  # map legends: how the colour groups were made, in plain words
    "quantile": "{n} groups with about the same number of {areas} in each",
    "equal": "{n} groups of equal width, from the lowest figure to the highest",
}
CLASS_METHOD_CHOICES = {"quantile": "Same number of areas in each group", "equal": "Groups of equal width"}
NUMBER_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven"}

# --- local authority profiles ------------------------------------------------------------------------

OPEN_PROFILE_HINT = "Click an authority to open its profile: its statistical neighbours, region and England."
PROFILE_LINKS_HINT = "Each authority's name opens its profile."
PROFILE_LINK_HELP = "Opens the authority's profile page: every indicator beside its statistical neighbours."
