"""Local partnerships: the directory of local care-leaver partnerships and the areas they cover
(pages/partnerships.py lays it out). Everything from the directory is escaped before it reaches Markdown."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from nnecl_data import wording
from nnecl_data.ui import data
from nnecl_data.ui.markdown import escape_markdown

REPORT_SOURCE = "lwi_local_approaches"
NO_LA_NAMED = "Local authorities not named in the source"
AREA_COLUMNS = [
    "Partnership",
    "Area (as the source describes it)",
    "Region",
    "Local authorities named",
    "Local authority codes",
]


@dataclass
class PartnershipView:
    records: pd.DataFrame
    areas: pd.DataFrame
    total: int
    source_ids: list[str]


@dataclass
class PartnershipCard:
    """One partnership as the page shows it: every text already escaped for Markdown."""

    name: str
    details: list[str]  # Markdown paragraphs
    source: str


def _names(codes: list[str], names: dict[str, str], missing: str) -> str:
    return ", ".join(names.get(c, c) for c in codes) or missing


def _areas(records: pd.DataFrame, region_names: dict[str, str]) -> pd.DataFrame:
    rows = [
        [
            r.name,
            r.area,
            region_names.get(code, code) if code else wording.NOT_STATED,
            r.la_names,
            " ".join(r.las),
        ]
        for r in records.itertuples()
        for code in r.regions or [None]
    ]
    return pd.DataFrame(rows, columns=AREA_COLUMNS)


def partnership_view(region_codes: tuple[str, ...]) -> PartnershipView:
    everything = data.partnerships()
    df = everything.copy()
    names = data.region_names()
    la = data.local_authorities()
    la_names = dict(zip(la["code"], la["name"], strict=True))
    df["regions"] = df["region_codes"].fillna("").str.split()
    df["las"] = df["la_codes"].fillna("").str.split()
    if region_codes:
        df = df[df["regions"].map(lambda codes: bool(set(codes) & set(region_codes)))]
    df["region_names"] = df["regions"].map(lambda codes: _names(codes, names, wording.NOT_STATED))
    df["la_names"] = df["las"].map(lambda codes: _names(codes, la_names, NO_LA_NAMED))
    records = df.reset_index(drop=True)
    return PartnershipView(
        records=records,
        areas=_areas(records, names),
        total=len(everything),
        source_ids=sorted(set(records["source_id"])) or [REPORT_SOURCE],
    )


def cards(view: PartnershipView) -> list[PartnershipCard]:
    out = []
    for record in view.records.itertuples():
        text = {k: escape_markdown(v) for k, v in record._asdict().items() if isinstance(v, str)}
        details = [
            f"**Lead organisation:** {text['lead_organisation']}  \n"
            f"**Area:** {text['area']} ({text['region_names']})  \n"
            f"**Local authorities:** {text['la_names']}",
            f"**Members:** {text['member_types']}",
            f"**Membership model:** {text['membership_model']}",
            f"**Activities:** {text['activities']}",
        ]
        out.append(PartnershipCard(text["name"], details, escape_markdown(source_label(record.source_id))))
    return out


def partnership_table(view: PartnershipView) -> pd.DataFrame:
    df = view.records
    return pd.DataFrame(
        {
            "Partnership": df["name"],
            "Lead organisation": df["lead_organisation"],
            "Area": df["area"],
            "Regions": df["region_names"],
            "Local authorities": df["la_names"],
            "Members": df["member_types"],
            "Membership model": df["membership_model"],
            "Activities": df["activities"],
            "Source": df["source_id"].map(source_label),
        }
    )


def source_label(source_id: str) -> str:
    src = data.sources((source_id,))
    if src.empty:
        return source_id
    r = src.iloc[0]
    return f"{r['publisher']}, {r['title']}"


def citation(source_id: str = REPORT_SOURCE) -> str:
    """A citation from the sources table; missing details are said to be missing, never filled in."""
    src = data.sources((source_id,))
    if src.empty:
        return f"Source '{source_id}': {wording.NOT_STATED}."
    r = src.iloc[0]
    published = r["published"] or "Publication date not stated in the source record"
    link = r["url"] or "No web address recorded"
    licence = r["licence"] or "Licence not stated in the source record"
    return f"{r['publisher']}. {r['title']}. {published}. {link}. {licence}."
