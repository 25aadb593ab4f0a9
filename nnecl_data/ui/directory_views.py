"""View models for the regional gaps, institutions, partnerships and methods pages.

Pages call one function here and lay out the result; all pandas work lives in this module. Cached reads
take plain values so the cache key is the question asked. Award status follows the rules in
nnecl_data.database.provision (whole years; expiring awards still count as held).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from sqlalchemy import func, select

from nnecl_data.database import provision, schema
from nnecl_data.rules import transforms
from nnecl_data.rules.names import normalise_name
from nnecl_data.rules.register_gaps import KNOWN_GAPS
from nnecl_data.rules.selection import INSTITUTION_TYPE_LABELS
from nnecl_data.rules.suppression import SYMBOL_MEANINGS, display_value
from nnecl_data.rules.suppression import describe as describe_status
from nnecl_data.ui import data

MAX_SEARCH = 100
NO_REGISTER = "not available: no member register loaded"
NOT_STATED = "not stated in the source"
REGISTER_SOURCES = ["dfe_fe_colleges", "hesa_hei_region", "discover_uni_2025", "dfe_ks5_2019", "ofs_register_2018"]
COVERAGE_CAVEAT = (
    "Coverage counts only Quality Mark awards named in the NNECL announcements the dashboard holds and "
    "matched to an institution in its register; NNECL reports more awards than are publicly named. "
    "Awards are dated by year only: an award counts as held until the end of its expiry year, and an "
    "award with no recorded renewal after that counts as lapsed (not as withdrawn)."
)
REGISTER_CAVEAT = (
    "The institution register is built from public lists and has known gaps (for example sixth form "
    "colleges that became 16-19 academies are missing); see Data and methods."
)
STATUS_LABELS = {
    "current": "Current award",
    "renewed": "Current award (renewed)",
    "expiring": "Current award, ends this year",
    "working_towards": "Working towards",
    "lapsed": "Lapsed (no renewal recorded here)",
    "none": "No award recorded",
}
STATUS_HELP = {
    "current": "An award announced in the last three years.",
    "renewed": "A renewal announced in the last three years.",
    "expiring": "The award's expiry year is this year; the exact end date is not published, so it still counts.",
    "working_towards": "Recorded as working towards the Quality Mark.",
    "lapsed": "The latest award recorded here has passed its expiry year and no renewal is recorded here.",
    "none": "No award to this institution appears in the announcements the dashboard holds.",
}


def type_label(code: str) -> str:
    return INSTITUTION_TYPE_LABELS.get(code, code)


def escape_markdown(text: str) -> str:
    """User text shown inside markdown as literal characters (no links, emphasis or HTML)."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$:])", r"\\\1", str(text))


# --- cached reads ---------------------------------------------------------------------------------


def _frame(statement) -> pd.DataFrame:
    with data.engine().connect() as conn:
        result = conn.execute(statement)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


@st.cache_data(**data.CACHE)
def institution_register() -> pd.DataFrame:
    """Every institution with its region and local authority names and its aliases."""
    i, r, la, a = schema.institutions, schema.regions, schema.local_authorities, schema.institution_aliases
    inst = _frame(
        select(
            i.c.institution_id,
            i.c.name,
            i.c.type,
            i.c.ukprn,
            i.c.region_code,
            r.c.name.label("region_name"),
            i.c.la_code,
            la.c.name.label("la_name"),
            i.c.source_id,
        )
        .select_from(i.outerjoin(r, i.c.region_code == r.c.code).outerjoin(la, i.c.la_code == la.c.code))
        .order_by(i.c.name)
    )
    aliases = _frame(select(a.c.institution_id, a.c.alias))
    joined = aliases.groupby("institution_id")["alias"].agg(lambda s: "; ".join(sorted(s)))
    inst["aliases"] = inst["institution_id"].map(joined).fillna("")
    return inst


def award_rows() -> pd.DataFrame:
    """Published (non-sample) Quality Mark award rows (the query lives in provision)."""
    return data.awards()


@st.cache_data(**data.CACHE)
def member_register() -> dict:
    """Whether NNECL's own (non-sample) member register is loaded, and which institutions are current members."""
    m = schema.memberships
    counts = _frame(select(m.c.is_sample, func.count().label("n")).group_by(m.c.is_sample))
    real = int(counts.loc[~counts["is_sample"].astype(bool), "n"].sum()) if not counts.empty else 0
    sample = int(counts.loc[counts["is_sample"].astype(bool), "n"].sum()) if not counts.empty else 0
    members = _frame(
        select(m.c.institution_id).where(
            m.c.is_sample.is_(False), m.c.left.is_(None), m.c.institution_id.isnot(None)
        )
    )
    return {
        "loaded": real > 0,
        "rows": real,
        "sample_rows": sample,
        "institutions": set(members["institution_id"]),
    }


@st.cache_data(**data.CACHE)
def partnerships_table() -> pd.DataFrame:
    p = schema.partnerships
    return _frame(select(p).order_by(p.c.name))


@st.cache_data(**data.CACHE)
def load_history() -> pd.DataFrame:
    from nnecl_data.registers.imports import load_history as history

    return history(data.engine())


def institution_status(on_date: dt.date) -> pd.Series:
    """institution_id -> status at the date (provision rules); institutions without awards are absent."""
    return provision.institution_status_on(award_rows(), on_date)


# --- regional gaps --------------------------------------------------------------------------------


def gap_unit(unit: str) -> str:
    return {"percent": "percentage points", "score": "points", "rate_per_10000": "per 10,000 children"}.get(
        unit, "units"
    )


def polarity_words(polarity: str) -> str:
    return {
        "higher_better": "higher is better",
        "lower_better": "lower is better",
    }.get(polarity, "neither higher nor lower is better")


@dataclass
class GapView:
    indicator: dict
    year: int
    period_label: str
    england: float | None
    england_coverage: float | None
    regions: pd.DataFrame
    las: pd.DataFrame | None
    headline: str
    members_loaded: bool
    region_unknown: int
    source_ids: list[str]
    caveats: list[str] = field(default_factory=list)


def _coverage(on_date: dt.date, types: tuple[str, ...]) -> pd.DataFrame:
    cov = data.coverage_by_region(on_date, tuple(types))
    return cov


def coverage_totals(cov: pd.DataFrame) -> pd.DataFrame:
    """Per region (None = region not known): institutions, holding a current award, % holding."""
    if cov.empty:
        return pd.DataFrame(columns=["region_code", "institutions", "current_award", "pct_current"])
    tot = (
        cov.assign(region_code=cov["region_code"].astype(object))
        .groupby("region_code", dropna=False)[["institutions", "current_award"]]
        .sum()
        .reset_index()
    )
    tot["pct_current"] = [
        round(100 * c / n, 1) if n else None
        for c, n in zip(tot["current_award"], tot["institutions"], strict=True)
    ]
    return tot


def england_coverage(cov: pd.DataFrame) -> float | None:
    n = int(cov["institutions"].sum()) if not cov.empty else 0
    return round(100 * int(cov["current_award"].sum()) / n, 1) if n else None


def _england(indicator_code: str, year: int) -> tuple[float | None, str]:
    england = data.england_value(indicator_code, year)
    if england.empty:
        return None, str(year)
    row = england.iloc[0]
    value = None if row["status"] or pd.isna(row["value"]) else float(row["value"])
    return value, str(row["period_label"])


def coverage_verdict(pct, england_pct) -> str:
    if pct is None or england_pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return "no institutions in the register"
    if abs(pct - england_pct) < 0.05:
        return "same as England"
    return "below England" if pct < england_pct else "above England"


@data.cached_view
def gap_view(
    indicator_code: str, year: int, region_codes: tuple[str, ...], types: tuple[str, ...], on_date: dt.date
) -> GapView:
    info = data.indicators().set_index("code").loc[indicator_code].to_dict()
    info["code"] = indicator_code
    england, period = _england(indicator_code, year)
    regions = transforms.with_england_gap(data.indicator_by_region(indicator_code, year), england)
    regions["verdict"] = [
        transforms.performance_against_england(g, info["polarity"]) for g in regions["gap_to_england"]
    ]
    cov = _coverage(on_date, types)
    totals = coverage_totals(cov)
    eng_cov = england_coverage(cov)
    known = totals[totals["region_code"].notna()]
    regions = regions.merge(known, left_on="geography_code", right_on="region_code", how="left")
    regions["institutions"] = regions["institutions"].fillna(0).astype(int)
    regions["current_award"] = regions["current_award"].fillna(0).astype(int)
    regions["coverage_verdict"] = [coverage_verdict(p, eng_cov) for p in regions["pct_current"]]
    regions["flag"] = (regions["verdict"] == "worse") & (regions["coverage_verdict"] == "below England")
    unknown = totals[totals["region_code"].isna()]
    region_unknown = int(unknown["institutions"].sum()) if not unknown.empty else 0

    register = member_register()
    if register["loaded"]:
        members = data.members_by_region(include_sample=False)
        regions = regions.merge(
            members[["region_code", "members", "members_per_100_institutions"]].rename(
                columns={"region_code": "geography_code"}
            ),
            on="geography_code",
            how="left",
        )

    las = None
    if region_codes:
        las = transforms.with_england_gap(data.indicator_by_la(indicator_code, year, tuple(region_codes)), england)
        las["verdict"] = [
            transforms.performance_against_england(g, info["polarity"]) for g in las["gap_to_england"]
        ]
        inst = institution_register()
        if types:
            inst = inst[inst["type"].isin(types)]
        status = institution_status(on_date)
        held = inst["institution_id"].map(status).isin(provision.HELD)
        per_la = (
            inst.assign(held=held)
            .groupby("la_code")
            .agg(institutions=("institution_id", "size"), current_award=("held", "sum"))
        )
        las = las.merge(per_la, left_on="geography_code", right_index=True, how="left")
        las["institutions"] = las["institutions"].fillna(0).astype(int)
        las["current_award"] = las["current_award"].fillna(0).astype(int)
        las["pct_current"] = [
            round(100 * c / n, 1) if n else None
            for c, n in zip(las["current_award"], las["institutions"], strict=True)
        ]

    source_ids = sorted(set(regions["source_id"].dropna())) or ["dfe_cla_2025"]
    award_sources = sorted(set(award_rows()["source_id"]))
    caveats = [COVERAGE_CAVEAT, REGISTER_CAVEAT]
    if regions["is_derived"].any():
        caveats.append("This year's percentages are derived by the dashboard from DfE's published counts.")
    headline = gap_headline(info, period, regions, england, eng_cov, types)
    return GapView(
        indicator=info,
        year=year,
        period_label=period,
        england=england,
        england_coverage=eng_cov,
        regions=regions,
        las=las,
        headline=headline,
        members_loaded=register["loaded"],
        region_unknown=region_unknown,
        source_ids=sorted(set(source_ids) | set(award_sources) | set(REGISTER_SOURCES)),
        caveats=caveats,
    )


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def gap_headline(
    info: dict, period: str, regions: pd.DataFrame, england: float | None, eng_cov: float | None, types
) -> str:
    """Which regions combine a worse-than-England outcome with below-England coverage, in words."""
    label = re.sub(r"\s*\(%\)$", "", info["label"])
    label = label[0].lower() + label[1:]
    what = "institutions of the chosen types" if types else "colleges and universities in the register"
    if england is None:
        return f"England's {period} figure for {label} is not published, so no gaps can be worked out."
    if eng_cov is None:
        return f"The register holds no {what}, so Quality Mark coverage cannot be compared."
    cov_text = f"{eng_cov:.1f}% of {what} in England hold a current Quality Mark award (as recorded here)"
    if info["polarity"] not in ("higher_better", "lower_better"):
        return (
            f"{info['short_label']} has no better or worse direction, so no region is judged against England; "
            f"{cov_text}. The table shows each region's gap and coverage."
        )
    flagged = regions[regions["flag"]].sort_values("gap_to_england", ascending=info["polarity"] == "higher_better")
    worse = regions[regions["verdict"] == "worse"]
    if flagged.empty:
        text = (
            f"In {period}, no region combines a worse-than-England figure for {label} with below-England "
            f"Quality Mark coverage. {len(worse)} of {len(regions)} regions are worse than England "
            f"({display_value(england, None, info['unit'])}); {cov_text}."
        )
    else:
        parts = [
            f"{r.geography_name} ({transforms.gap_words(r.gap_to_england, info['unit'])} England; "
            f"coverage {r.pct_current:.1f}%)"
            for r in flagged.itertuples()
        ]
        text = (
            f"In {period}, {len(flagged)} of {len(regions)} regions combine a worse-than-England figure for "
            f"{label} with below-England Quality Mark coverage: {_names(parts)}. England: "
            f"{display_value(england, None, info['unit'])}; {cov_text}."
        )
    not_comparable = regions[regions["verdict"] == "not comparable"]
    if not not_comparable.empty:
        text += f" Not comparable (figure not published): {_names(list(not_comparable['geography_name']))}."
    return text


def gap_table(view: GapView) -> pd.DataFrame:
    """The region table: numbers blank where a symbol stands; member density only from a real register."""
    df = view.regions
    label = view.indicator["short_label"]
    unit = gap_unit(view.indicator["unit"])
    out = pd.DataFrame(
        {
            "Region": df["geography_name"],
            "Code": df["geography_code"],
            "Year": view.period_label,
            label: df["value"],
            "England": view.england,
            f"Gap to England ({unit})": df["gap_to_england"].round(1),
            "Outcome compared with England": df["verdict"],
            "Status": df["status"].map(lambda s: describe_status(s) if s else "published"),
            "Institutions in register": df["institutions"],
            "Holding a current award": df["current_award"],
            "Quality Mark coverage (%)": df["pct_current"],
            "England coverage (%)": view.england_coverage,
            "Coverage compared with England": df["coverage_verdict"],
            "Worse outcome and below-England coverage": df["flag"].map({True: "yes", False: "no"}),
        }
    )
    if view.members_loaded:
        out["NNECL members (register)"] = df["members"]
        out["Members per 100 institutions"] = df["members_per_100_institutions"]
    else:
        out["Member density"] = NO_REGISTER
    return out.reset_index(drop=True)


def scatter_frame(view: GapView) -> pd.DataFrame:
    """Points for the scatter: published gaps with a coverage figure only."""
    df = view.regions
    out = pd.DataFrame(
        {
            "Region": df["geography_name"],
            "coverage": df["pct_current"],
            "gap": df["gap_to_england"].round(1),
        }
    )
    out = out.dropna()
    # Regions at the same point share one label, so names never print on top of each other.
    return out.groupby(["coverage", "gap"], as_index=False, sort=False)["Region"].agg(", ".join)[
        ["Region", "coverage", "gap"]
    ]


def plotted_regions(view: GapView) -> int:
    """Regions drawn on the scatter: a published gap and a coverage figure."""
    return int((view.regions["gap_to_england"].notna() & view.regions["pct_current"].notna()).sum())


def la_gap_table(view: GapView) -> pd.DataFrame:
    df = view.las
    unit = gap_unit(view.indicator["unit"])
    return pd.DataFrame(
        {
            "Local authority": df["geography_name"],
            "Code": df["geography_code"],
            "Region": df["region_code"].map(data.region_names()),
            view.indicator["short_label"]: df["value"],
            f"Gap to England ({unit})": df["gap_to_england"].round(1),
            "Outcome compared with England": df["verdict"],
            "Status": df["status"].map(lambda s: describe_status(s) if s else "published"),
            "Institutions in register": df["institutions"],
            "Holding a current award": df["current_award"],
            "Quality Mark coverage (%)": df["pct_current"],
        }
    ).reset_index(drop=True)


# --- institutions -----------------------------------------------------------------------------------


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


@dataclass
class InstitutionView:
    table: pd.DataFrame
    counts: pd.DataFrame
    total_in_register: int
    members_loaded: bool
    sample_only: bool
    source_ids: list[str]
    caveats: list[str]


def institution_view(
    query: str,
    region_codes: tuple[str, ...],
    types: tuple[str, ...],
    statuses: tuple[str, ...],
    membership: str,
    on_date: dt.date,
) -> InstitutionView:
    register = institution_register()
    status = register["institution_id"].map(institution_status(on_date)).fillna("none")
    members = member_register()
    df = register.assign(status=status)
    if members["loaded"]:
        df["member"] = df["institution_id"].isin(members["institutions"]).map({True: "yes", False: "no"})
    mask = search_mask(df, query)
    if region_codes:
        mask &= df["region_code"].isin(region_codes)
    if types:
        mask &= df["type"].isin(types)
    if statuses:
        mask &= df["status"].isin(statuses)
    if members["loaded"] and membership in ("yes", "no"):
        mask &= df["member"] == membership
    chosen = df[mask].sort_values("name", key=lambda s: s.str.lower())
    table = pd.DataFrame(
        {
            "Name": chosen["name"],
            "Type": chosen["type"].map(type_label),
            "Region": chosen["region_name"].fillna("Region not known"),
            "Local authority": chosen["la_name"].fillna("Local authority not known"),
            "UKPRN": chosen["ukprn"],
            "Quality Mark status today": chosen["status"].map(STATUS_LABELS),
        }
    )
    if members["loaded"]:
        table["NNECL member"] = chosen["member"]
    table["Other names"] = chosen["aliases"]
    counts = count_table(chosen)
    sources = sorted(set(chosen["source_id"])) or REGISTER_SOURCES
    award_sources = sorted(set(award_rows()["source_id"]))
    return InstitutionView(
        table=table.reset_index(drop=True),
        counts=counts,
        total_in_register=len(register),
        members_loaded=members["loaded"],
        sample_only=not members["loaded"] and members["sample_rows"] > 0,
        source_ids=sorted(set(sources) | set(award_sources)),
        caveats=[REGISTER_CAVEAT, COVERAGE_CAVEAT],
    )


def count_table(chosen: pd.DataFrame) -> pd.DataFrame:
    """Institutions per region (rows) and type (columns), with totals."""
    columns = [type_label(t) for t in INSTITUTION_TYPE_LABELS]
    if chosen.empty:
        return pd.DataFrame(columns=["Region", *columns, "Total"])
    pivot = pd.crosstab(chosen["region_name"].fillna("Region not known"), chosen["type"].map(type_label))
    pivot = pivot.reindex(columns=[c for c in columns if c in pivot.columns], fill_value=0)
    order = list(data.region_names().values()) + ["Region not known"]
    pivot = pivot.reindex([r for r in order if r in pivot.index])
    pivot["Total"] = pivot.sum(axis=1)
    pivot.loc["All regions"] = pivot.sum(axis=0)
    out = pivot.rename_axis("Region").reset_index()
    out.columns.name = None
    return out


def known_gaps() -> list[str]:
    return list(KNOWN_GAPS)


# --- partnerships ---------------------------------------------------------------------------------


@dataclass
class PartnershipView:
    records: pd.DataFrame
    areas: pd.DataFrame
    total: int
    source_ids: list[str]


def partnership_view(region_codes: tuple[str, ...]) -> PartnershipView:
    df = partnerships_table().copy()
    names = data.region_names()
    la_names = dict(zip(data.local_authorities()["code"], data.local_authorities()["name"], strict=True))
    df["regions"] = df["region_codes"].fillna("").str.split()
    df["las"] = df["la_codes"].fillna("").str.split()
    if region_codes:
        df = df[df["regions"].map(lambda codes: bool(set(codes) & set(region_codes)))]
    df["region_names"] = df["regions"].map(lambda codes: ", ".join(names.get(c, c) for c in codes) or NOT_STATED)
    df["la_names"] = df["las"].map(
        lambda codes: ", ".join(la_names.get(c, c) for c in codes) or "Local authorities not named in the source"
    )
    records = df.reset_index(drop=True)
    rows = []
    for r in records.itertuples():
        for code in r.regions or [None]:
            rows.append(
                {
                    "Partnership": r.name,
                    "Area (as the source describes it)": r.area,
                    "Region": names.get(code, code) if code else NOT_STATED,
                    "Local authorities named": r.la_names,
                    "Local authority codes": " ".join(r.las),
                }
            )
    areas = pd.DataFrame(
        rows,
        columns=[
            "Partnership",
            "Area (as the source describes it)",
            "Region",
            "Local authorities named",
            "Local authority codes",
        ],
    )
    return PartnershipView(
        records=records,
        areas=areas,
        total=len(partnerships_table()),
        source_ids=sorted(set(records["source_id"])) or ["lwi_local_approaches"],
    )


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


def citation(source_id: str) -> str:
    """A citation from the sources table; missing details are said to be missing, never filled in."""
    src = data.sources((source_id,))
    if src.empty:
        return f"Source '{source_id}': {NOT_STATED}."
    r = src.iloc[0]
    published = r["published"] or "Publication date not stated in the source record"
    link = r["url"] or "No web address recorded"
    licence = r["licence"] or "Licence not stated in the source record"
    return f"{r['publisher']}. {r['title']}. {published}. {link}. {licence}."


# --- methods --------------------------------------------------------------------------------------


def sources_table() -> pd.DataFrame:
    df = data.sources()
    return pd.DataFrame(
        {
            "Source id": df["source_id"],
            "Publisher": df["publisher"],
            "Title": df["title"],
            "Link": df["url"].replace("", NOT_STATED),
            "Published": df["published"].replace("", NOT_STATED),
            "Retrieved": df["retrieved"].replace("", NOT_STATED),
            "Licence": df["licence"].replace("", NOT_STATED),
            "Attribution": df["attribution"],
            "Notes": df["notes"],
        }
    )


def indicator_table() -> pd.DataFrame:
    df = data.indicators()
    unit = {"percent": "percent", "score": "score", "rate_per_10000": "rate per 10,000 children"}
    return pd.DataFrame(
        {
            "Code": df["code"],
            "Indicator": df["label"],
            "Unit": df["unit"].map(lambda u: unit.get(u, u)),
            "Direction": df["polarity"].map(polarity_words),
            "Age group": df["age_group"].fillna(""),
            "Definition": df["definition"],
            "Source id": df["source_id"],
        }
    )


SYMBOL_TREATMENT = {
    "c": "Blank in every table and download, no bar or point in charts, grey on maps with the symbol; never "
    "given a gap, rank or change.",
    "x": "As for c: no number is shown, the status column says 'not available'.",
    "z": "As for c: no number is shown, the status column says 'not applicable'.",
    "low": "No number is shown (the true value is small but not zero); the status column says so.",
    "k": "As for low.",
    "u": "No number is shown; the status column says 'low reliability'.",
}


def symbols_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Symbol": list(SYMBOL_MEANINGS),
            "Meaning": list(SYMBOL_MEANINGS.values()),
            "How the dashboard treats it": [
                SYMBOL_TREATMENT.get(s, "No number is shown.") for s in SYMBOL_MEANINGS
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
            .map(lambda codes: ", ".join(f"{names.get(c, c)} ({c})" for c in codes.split()) or NOT_STATED),
        }
    ).reset_index(drop=True)


def unmatched_table() -> pd.DataFrame:
    df = data.unmatched_awards()
    return df.rename(
        columns={
            "award_id": "Award id",
            "name_as_published": "Name as published",
            "award_year": "Year",
            "cohort": "Cohort",
            "match_note": "Why not matched",
            "source_id": "Source id",
        }
    )


def fact_sources(*fact_ids: str) -> list[str]:
    facts = data.facts()
    return sorted(set(facts.loc[facts["fact_id"].isin(fact_ids), "source_id"]))


def loads_table() -> pd.DataFrame:
    return load_history().rename(columns=lambda c: c.replace("_", " ").capitalize())
