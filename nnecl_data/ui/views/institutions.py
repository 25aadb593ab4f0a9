"""Institutions: the register of colleges and universities, searchable and filterable, with each one's
Quality Mark status today and, when NNECL's register is loaded, membership (pages/institutions.py lays
it out). Search text is plain text: never a pattern, never markup."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from nnecl_data import wording
from nnecl_data.rules.names import normalise_name
from nnecl_data.ui import data
from nnecl_data.ui.markdown import escape_markdown
from nnecl_data.ui.views.award_status import REGISTER_SOURCES, award_sources, known_gaps, with_status

MAX_SEARCH = 100
STATUS_LABELS = wording.STATUS_LABELS  # the status filter's options
MEMBERSHIP_LABELS = {"all": "All", "yes": "Members", "no": "Not members"}
CAVEATS = wording.QUALITY_MARK_CAVEATS
COUNT_CAVEATS = [wording.REGISTER_CAVEAT]
NO_MATCH_HOW = (
    "To widen the search: use fewer or shorter words (for example 'Bolton' rather than the full name), "
    "check the spelling, clear the Quality Mark status filter, or remove regions or institution types "
    "in the sidebar. Some institutions are not in the register at all (see the known gaps below)."
)


def members_loaded() -> bool:
    """Whether NNECL's own (not the sample) member register is loaded: only then is membership shown."""
    return data.member_counts()["real"] > 0


def clean_search(raw: str | None) -> tuple[str, str | None]:
    """(text to search for, note) — plain text only, at most MAX_SEARCH characters, no control characters."""
    text = "" if raw is None else str(raw)
    note = None
    if len(text) > MAX_SEARCH:
        text = text[:MAX_SEARCH]
        note = f"Search shortened to its first {MAX_SEARCH} characters."
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text).strip()
    return text, note


def search_mask(register: pd.DataFrame, query: str) -> pd.Series:
    """Institutions whose name, an alias or UKPRN contains the query (case-insensitive, as plain text)."""
    if not query:
        return pd.Series(True, index=register.index)
    lowered = query.lower()
    names = register["name"].str.lower()
    aliases = register["aliases"].str.lower()
    mask = names.str.contains(lowered, regex=False) | aliases.str.contains(lowered, regex=False)
    mask |= register["ukprn"].fillna("").str.startswith(query) if query.isdigit() else False
    normalised = normalise_name(query)
    if normalised and normalised != lowered:
        mask |= register["name"].map(normalise_name).str.contains(normalised, regex=False)
        mask |= aliases.str.contains(normalised, regex=False)
    return mask


def no_match_message(query: str) -> str:
    what = f"for the search “{escape_markdown(query)}” " if query else ""
    return f"No institutions match {what}with these filters."


@dataclass
class InstitutionView:
    table: pd.DataFrame
    counts: pd.DataFrame
    total_in_register: int
    members_loaded: bool
    sample_only: bool
    source_ids: list[str]
    caveats: list[str]


def _filter_mask(df: pd.DataFrame, query, region_codes, types, statuses, membership) -> pd.Series:
    mask = search_mask(df, query)
    if region_codes:
        mask &= df["region_code"].isin(region_codes)
    if types:
        mask &= df["type"].isin(types)
    if statuses:
        mask &= df["status"].isin(statuses)
    if "member" in df and membership in ("yes", "no"):
        mask &= df["member"] == membership
    return mask


def _listing(chosen: pd.DataFrame, with_members: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "Name": chosen["name"],
            "Type": chosen["type"].map(wording.type_label),
            "Region": chosen["region_name"].fillna(wording.REGION_NOT_KNOWN),
            "Local authority": chosen["la_name"].fillna(wording.LA_NOT_KNOWN),
            "UKPRN": chosen["ukprn"],
            "Quality Mark status today": chosen["status_label"],
        }
    )
    if with_members:
        table["NNECL member"] = chosen["member"]
    table["Other names"] = chosen["aliases"]
    return table.reset_index(drop=True)


def institution_view(
    query: str,
    region_codes: tuple[str, ...],
    types: tuple[str, ...],
    statuses: tuple[str, ...],
    membership: str,
    on_date: dt.date,
) -> InstitutionView:
    register = with_status(data.institution_register(), on_date)
    counts = data.member_counts()
    loaded = counts["real"] > 0
    if loaded:
        register["member"] = (
            register["institution_id"].isin(data.member_institutions()).map({True: "yes", False: "no"})
        )
    mask = _filter_mask(register, query, region_codes, types, statuses, membership)
    chosen = register[mask].sort_values("name", key=lambda s: s.str.lower())
    sources = sorted(set(chosen["source_id"])) or REGISTER_SOURCES
    return InstitutionView(
        table=_listing(chosen, loaded),
        counts=count_table(chosen),
        total_in_register=len(register),
        members_loaded=loaded,
        sample_only=not loaded and counts["sample"] > 0,
        source_ids=sorted(set(sources) | set(award_sources())),
        caveats=CAVEATS,
    )


def count_table(chosen: pd.DataFrame) -> pd.DataFrame:
    """Institutions per region (rows) and type (columns), with totals."""
    columns = [wording.type_label(t) for t in wording.INSTITUTION_TYPE_LABELS]
    if chosen.empty:
        return pd.DataFrame(columns=["Region", *columns, "Total"])
    pivot = pd.crosstab(
        chosen["region_name"].fillna(wording.REGION_NOT_KNOWN), chosen["type"].map(wording.type_label)
    )
    pivot = pivot.reindex(columns=[c for c in columns if c in pivot.columns], fill_value=0)
    order = [*data.region_names().values(), wording.REGION_NOT_KNOWN]
    pivot = pivot.reindex([r for r in order if r in pivot.index])
    pivot["Total"] = pivot.sum(axis=1)
    pivot.loc["All regions"] = pivot.sum(axis=0)
    out = pivot.rename_axis("Region").reset_index()
    out.columns.name = None
    return out


def status_meanings() -> str:
    """What each Quality Mark status means, as a Markdown list."""
    return "\n".join(f"- **{STATUS_LABELS[k]}**: {text}" for k, text in wording.STATUS_HELP.items())


def known_gaps_list() -> str:
    return "\n".join(f"- {gap}" for gap in known_gaps())
