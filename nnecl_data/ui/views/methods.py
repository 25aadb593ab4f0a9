"""Data and methods: every source, indicator definitions, symbols, rounding, local authority changes,
the gaps in the public record and the register loads (pages/methods.py lays it out)."""

from __future__ import annotations

import pandas as pd

from nnecl_data import wording
from nnecl_data.database.provision import MEMBERS_FACT, QM_TOTAL_FACT
from nnecl_data.ui import data
from nnecl_data.ui.views.award_status import (  # as Quality Mark coverage shows them
    unmatched_sources as unmatched_sources,
)
from nnecl_data.ui.views.award_status import (
    unmatched_table as unmatched_table,
)
from nnecl_data.ui.views.institutions import known_gaps
from nnecl_data.ui.views.outcome_figures import polarity_words

UNITS = {"percent": "percent", "score": "score", "rate_per_10000": "rate per 10,000 children"}
ROUNDING_SOURCES = ["dfe_cla_2025", "dfe_sfr41_2016", "dfe_sfr50_2017"]
LA_CHANGE_SOURCES = ["dfe_cla_2025", "ons_uk_topojson"]
ROUNDING = "\n".join(
    f"- {item}"
    for item in (
        wording.ROUNDING_CAVEAT,
        "For 2016 and 2017 DfE published counts only. The dashboard derives those years' percentages from the "
        "counts (numerator over total, rounded half up to a whole number, as DfE rounds) and marks them "
        "'derived'. If any count needed is suppressed, the derived percentage is suppressed too.",
        "In the 2016 and 2017 files 'x' meant a small number suppressed for confidentiality (what 'c' means "
        "today). The dashboard stores those cells as 'c' and keeps the printed symbol as well.",
        "Quality Mark coverage percentages are worked out by the dashboard (institutions holding a current award "
        "divided by institutions in the register) and shown to one decimal place.",
    )
)


def _stated(column: pd.Series) -> pd.Series:
    return column.replace("", wording.NOT_STATED)


def sources_table() -> pd.DataFrame:
    df = data.sources()
    return pd.DataFrame(
        {
            "Source id": df["source_id"],
            "Publisher": df["publisher"],
            "Title": df["title"],
            "Link": _stated(df["url"]),
            "Published": _stated(df["published"]),
            "Retrieved": _stated(df["retrieved"]),
            "Licence": _stated(df["licence"]),
            "Attribution": df["attribution"],
            "Notes": df["notes"],
        }
    )


def indicator_table() -> pd.DataFrame:
    df = data.indicators()
    return pd.DataFrame(
        {
            "Code": df["code"],
            "Indicator": df["label"],
            "Unit": df["unit"].map(lambda u: UNITS.get(u, u)),
            "Direction": df["polarity"].map(polarity_words),
            "Age group": df["age_group"].fillna(""),
            "Definition": df["definition"],
            "Source id": df["source_id"],
        }
    )


def indicator_sources() -> list[str]:
    return sorted(set(data.indicators()["source_id"]))


def symbols_table() -> pd.DataFrame:
    meanings = wording.SYMBOL_MEANINGS
    return pd.DataFrame(
        {
            "Symbol": list(meanings),
            "Meaning": list(meanings.values()),
            "How the dashboard treats it": [
                wording.SYMBOL_TREATMENT.get(s, "No number is shown.") for s in meanings
            ],
        }
    )


def la_changes_table() -> pd.DataFrame:
    """Local authority codes that end in the data, with their successors."""
    la = data.local_authorities()
    names = dict(zip(la["code"], la["name"], strict=True))
    ended = la[la["end_year"].notna()].sort_values(["end_year", "name"])
    return pd.DataFrame(
        {
            "Local authority": ended["name"],
            "Code": ended["code"],
            "Last reporting year": ended["end_year"].astype(int),
            "Replaced by": ended["replaced_by"]
            .fillna("")
            .map(lambda codes: ", ".join(f"{names.get(c, c)} ({c})" for c in codes.split()) or wording.NOT_STATED),
        }
    ).reset_index(drop=True)


def _members_text(counts: dict[str, int]) -> str:
    text = "NNECL does not publish a member register. " + (
        f"NNECL's own register is loaded ({counts['real']} rows)."
        if counts["real"]
        else "None is loaded, so member figures are shown as not available."
    )
    if counts["sample"]:
        text += " A fictional sample register is loaded for demonstration and is flagged wherever shown."
    return text


def public_record_gaps() -> str:
    """What the public record does not cover, as a Markdown list."""
    named = data.named_awardees_count()
    total = named["total"] if named["total"] is not None else wording.NOT_STATED
    gaps = "\n".join(f"    - {gap}" for gap in known_gaps())
    return (
        f"- **Quality Mark awardees:** the announcements the dashboard holds name {named['named']} institutions; "
        f"NNECL reports {total} institutions awarded by 2025. Coverage figures count only named awards matched to "
        f"the register; awards not matched to it ({len(data.unmatched_awards())}) are listed with every holder, "
        "flagged 'Not in the register', and are in no percentage. An award whose three years have passed with no "
        "renewal announced is shown as 'Renewal not announced' (not known), never as ended unless a source "
        "says so.\n"
        f"- **Members:** {_members_text(data.member_counts())}\n"
        f"- **The institution register** has these known gaps:\n{gaps}"
    )


def public_record_sources() -> list[str]:
    facts = data.facts()
    return sorted(set(facts.loc[facts["fact_id"].isin([QM_TOTAL_FACT, MEMBERS_FACT]), "source_id"]))


def loads_table() -> pd.DataFrame:
    return data.load_history().rename(columns=lambda c: c.replace("_", " ").capitalize())


ARCHIVE_TEXT = (
    "Every table the dashboard is built from, as CSV files in one ZIP archive with a data dictionary that "
    "describes each column, its unit and what the symbols for unpublished figures mean. Suppressed figures keep "
    "their symbol and are never given as numbers. NNECL's member register is not included: it is not published."
)


def archive_bytes() -> bytes:
    """The whole curated dataset as one ZIP (built when the button is pressed, then cached)."""
    return data.data_archive()


def archive_file_name() -> str:
    return data.data_archive_name()
