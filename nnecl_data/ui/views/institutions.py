"""Institutions: the register of colleges and universities, searchable and filterable, with each one's
Quality Mark status today, its Russell Group flag and, when NNECL's register is loaded, membership
(pages/institutions.py lays it out). Awardees named in announcements but not in the register are listed
too, flagged. Search text is plain text: never a pattern, never markup."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from nnecl_data import wording
from nnecl_data.database.provision import RUSSELL_GROUP_FACTS, RUSSELL_GROUP_LIST
from nnecl_data.rules.names import normalise_name
from nnecl_data.ui import data
from nnecl_data.ui.markdown import escape_markdown
from nnecl_data.ui.views.award_status import (
    REGISTER_SOURCES,
    award_sources,
    known_gaps,
    statuses_in_use,
    with_status,
)
from nnecl_data.ui.views.award_status import status_meanings as _status_meanings

MAX_SEARCH = 100
STATUS_LABELS = wording.STATUS_LABELS  # the status filter's labels (options: status_options())
RUSSELL_GROUP = "Russell Group"  # the flag's words in the listing (and so in what search matches)
MEMBERSHIP_LABELS = {"all": "All", "yes": "Members", "no": "Not members"}
CAVEATS = wording.QUALITY_MARK_CAVEATS
COUNT_CAVEATS = [wording.REGISTER_CAVEAT]
NO_MATCH_HOW = (
    "To widen the search: use fewer or shorter words (for example 'Bolton' rather than the full name), "
    "check the spelling, clear the Quality Mark status filter, or remove regions or institution types "
    "in the sidebar. Some institutions are not in the register at all (see the known gaps below)."
)


def status_options(on_date: dt.date) -> list[str]:
    """The status filter's options: the statuses in use today (a published lapse only if one is held)."""
    return statuses_in_use(with_status(data.institutions(), on_date)["status"])


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
    """Institutions whose name, an alias, UKPRN or group (e.g. "Russell Group") contains the query
    (case-insensitive, as plain text)."""
    if not query:
        return pd.Series(True, index=register.index)
    lowered = query.lower()
    names = register["name"].str.lower()
    aliases = register["aliases"].fillna("").str.lower()
    groups = register.get("groups", pd.Series("", index=register.index)).fillna("").str.lower()
    mask = names.str.contains(lowered, regex=False) | aliases.str.contains(lowered, regex=False)
    mask |= groups.str.contains(lowered, regex=False)
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
    matched_in_register: int  # rows of the listing that are in the register
    outside_register: int  # rows of the listing that are awardees not in the register
    members_loaded: bool
    sample_only: bool
    source_ids: list[str]
    caveats: list[str]


def _filter_mask(df: pd.DataFrame, query, region_codes, types, statuses, membership, russell=False) -> pd.Series:
    mask = search_mask(df, query)
    if region_codes:
        mask &= df["region_code"].isin(region_codes)
    if types:
        mask &= df["type"].isin(types)
    if statuses:
        mask &= df["status"].isin(statuses)
    if russell:
        mask &= df["russell_group"].fillna(False).astype(bool)
    if "member" in df and membership in ("yes", "no"):
        mask &= df["member"] == membership
    return mask


def _listing(chosen: pd.DataFrame, with_members: bool) -> pd.DataFrame:
    inside = chosen["in_register"].astype(bool)
    not_in = pd.Series(wording.NOT_IN_REGISTER, index=chosen.index)
    table = pd.DataFrame(
        {
            "Name": chosen["name"],
            "Quality Mark status today": chosen["status_label"],
            "Type": chosen["type"].map(wording.type_label).where(inside, not_in),
            RUSSELL_GROUP: chosen["groups"],
            "In the register": inside.map(wording.IN_REGISTER_LABELS),
            "Region": chosen["region_name"].fillna(wording.REGION_NOT_KNOWN),
            "Local authority": chosen["la_name"].where(inside, not_in).fillna(wording.LA_NOT_KNOWN),
            "UKPRN": chosen["ukprn"],
        }
    )
    if with_members:
        table["NNECL member"] = chosen["member"]
    table["Other names"] = chosen["aliases"]
    return table.reset_index(drop=True)


def _outside_register(on_date: dt.date) -> pd.DataFrame:
    """Awardees named in announcements but not in the register, as rows of the listing (no type, no UKPRN;
    a region only where the announcement places them)."""
    holders = data.named_holders(on_date)
    outside = holders[~holders["in_register"]]
    return pd.DataFrame(
        {
            "institution_id": None,
            "name": outside["name"],
            "type": None,
            "ukprn": "",
            "region_code": outside["region_code"],
            "region_name": outside["region_code"].map(data.region_names()),
            "la_name": None,
            "aliases": "",
            "russell_group": False,
            "status": outside["status_on"],
            "source_id": outside["source_ids"],
            "in_register": False,
        }
    )


def institution_view(
    query: str,
    region_codes: tuple[str, ...],
    types: tuple[str, ...],
    statuses: tuple[str, ...],
    membership: str,
    on_date: dt.date,
    russell: bool = False,
) -> InstitutionView:
    register = with_status(data.institution_register(), on_date).assign(in_register=True)
    counts = data.member_counts()
    loaded = counts["real"] > 0
    if loaded:
        register["member"] = (
            register["institution_id"].isin(data.member_institutions()).map({True: "yes", False: "no"})
        )
    # Awardees outside the register are listed too (flagged); not under a type or membership filter, as
    # neither is recorded for them.
    outside = _outside_register(on_date)
    if types or (loaded and membership in ("yes", "no")):
        outside = outside.iloc[0:0]
    listing = pd.concat([register, outside], ignore_index=True)
    listing["status_label"] = listing["status"].map(wording.status_label)
    listing["groups"] = listing["russell_group"].fillna(False).astype(bool).map({True: RUSSELL_GROUP, False: ""})
    mask = _filter_mask(listing, query, region_codes, types, statuses, membership, russell)
    chosen = listing[mask].sort_values("name", key=lambda s: s.str.lower())
    in_register = chosen[chosen["in_register"].astype(bool)]
    sources = sorted(set(in_register["source_id"])) or REGISTER_SOURCES
    return InstitutionView(
        table=_listing(chosen, loaded),
        counts=count_table(in_register),
        total_in_register=len(register),
        matched_in_register=len(in_register),
        outside_register=len(chosen) - len(in_register),
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


def status_meanings(on_date: dt.date) -> str:
    """What each Quality Mark status in use means, as a Markdown list."""
    return _status_meanings(with_status(data.institutions(), on_date)["status"])


def russell_group_note() -> str:
    """NNECL's published Russell Group figures, shown beside the Russell Group filter."""
    facts = [data.fact(fact_id) for fact_id in RUSSELL_GROUP_FACTS.values()]
    held = int(data.institutions()["russell_group"].sum())
    text = " ".join(f["statement"] for f in facts if f)
    return text + f" The register, which covers England only, holds {held} of them, each flagged Russell Group."


def russell_group_sources() -> list[str]:
    facts = [data.fact(fact_id) for fact_id in RUSSELL_GROUP_FACTS.values()]
    return sorted({f["source_id"] for f in facts if f} | {RUSSELL_GROUP_LIST})


def match_sentence(view: InstitutionView) -> str:
    """How many rows match, the register's and the awardees' outside it, and the denominator."""
    shown, total = view.matched_in_register, view.total_in_register
    text = f"**{shown} of {total} institutions** in the register match the search and filters"
    if view.outside_register:
        text += (
            f", and {view.outside_register} {'awardee' if view.outside_register == 1 else 'awardees'} named in "
            "announcements but not in the register (listed, flagged 'Not in the register'; not in the "
            f"{view.total_in_register} or any count by region and type)"
        )
    return text + "."


def known_gaps_list() -> str:
    return "\n".join(f"- {gap}" for gap in known_gaps())
