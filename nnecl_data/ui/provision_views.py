"""View models for the Quality Mark, member density and target tracker pages.

Pages call one function here per view and lay out the result. The status rules are provision's
(`provision.institution_status_on`): an award is held from its award year to its expiry year, and
"lapsed" means only that no later award or renewal is recorded in the announcements held.
The pure functions (no Streamlit, no database) are unit-tested in tests/unit/test_provision_views.py.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from sqlalchemy import func, select

from nnecl_data.charts import theme
from nnecl_data.database import provision, schema
from nnecl_data.rules.selection import INSTITUTION_TYPE_LABELS
from nnecl_data.ui import chart_specs, data

# --- wording shared by the pages -------------------------------------------------------------------

STATUS_LABELS = {
    "current": "Awarded (current)",
    "renewed": "Renewed (current)",
    "expiring": "Current, ends this year",
    "working_towards": "Working towards",
    "lapsed": "Lapsed (no renewal recorded)",
    "none": "No award recorded",
}
STATUS_ORDER = [STATUS_LABELS[k] for k in ("current", "renewed", "expiring", "working_towards", "lapsed")]
STATUS_COLOURS = [theme.STATUS_COLOURS[k] for k in ("current", "renewed", "expiring", "working_towards", "lapsed")]
PUBLISHED_LABELS = {"awarded": "Awarded", "renewed": "Renewed", "working_towards": "Working towards"}
PUBLISHED_ORDER = list(PUBLISHED_LABELS.values())
PUBLISHED_COLOURS = [theme.PUBLISHED_STATUS_COLOURS[k] for k in PUBLISHED_LABELS]
MEMBER_TYPE_LABELS = {
    "university": "University",
    "college": "College",
    "local_authority_leaving_care_team": "Leaving care team (local authority)",
    "virtual_school": "Virtual school",
    "charity": "Charity",
    "other": "Other",
}

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
    "further education colleges and higher education providers). The register misses some places, for "
    "example sixth form colleges that became 16-19 academies, and only awards named in the announcements "
    "held are counted, so these are lower bounds on coverage."
)
POINTS_CAVEAT = (
    "Points are placed at the register's location for each institution (a HESA geocode or the centre of the "
    "postcode district), so they are approximate."
)
RECORDED = "Recorded in the announcements held"
PROJECTED = "Projected at the recorded pace"
SAMPLE_CAPTION = "Sample data: fictional member register, for demonstration only."
REGISTER_SOURCES_FALLBACK = ["dfe_fe_colleges"]
MEMBERS_FACT = "nnecl_members_over_100"
QM_TOTAL_FACT = "qm_institutions_awarded_2025"
GM_FACT = "gm_qm_institutions_2025_10"


# --- cached reads (the questions these pages ask that the shared data layer does not) --------------


def _frame(stmt) -> pd.DataFrame:
    with data.engine().connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


@st.cache_data(**data.CACHE)
def institution_rows() -> pd.DataFrame:
    """Every institution in the register with its region name and location."""
    i, r = schema.institutions, schema.regions
    stmt = (
        select(
            i.c.institution_id,
            i.c.name,
            i.c.type,
            i.c.region_code,
            r.c.name.label("region_name"),
            i.c.la_code,
            i.c.latitude,
            i.c.longitude,
            i.c.source_id,
        )
        .select_from(i.outerjoin(r, i.c.region_code == r.c.code))
        .order_by(i.c.name)
    )
    return _frame(stmt)


def award_rows() -> pd.DataFrame:
    """The Quality Mark records held, sample records excluded (the query lives in provision)."""
    return data.awards()


@st.cache_data(**data.CACHE)
def targets() -> pd.DataFrame:
    return _frame(select(schema.targets).order_by(schema.targets.c.target_id))


@st.cache_data(**data.CACHE)
def member_counts() -> dict[str, int]:
    """Current members (no leaving date) in the register: real and fictional sample rows."""
    m = schema.memberships
    df = _frame(select(m.c.is_sample, func.count().label("n")).where(m.c.left.is_(None)).group_by(m.c.is_sample))
    counts = {"real": 0, "sample": 0}
    for row in df.itertuples():
        counts["sample" if bool(row.is_sample) else "real"] += int(row.n)
    return counts


@st.cache_data(**data.CACHE)
def members_by_type(include_sample: bool) -> pd.DataFrame:
    """Current members per region and member type."""
    m = schema.memberships
    stmt = select(m.c.region_code, m.c.member_type, func.count().label("members")).where(m.c.left.is_(None))
    if not include_sample:
        stmt = stmt.where(m.c.is_sample.is_(False))
    return _frame(stmt.group_by(m.c.region_code, m.c.member_type))


def fact(fact_id: str) -> dict | None:
    facts = data.facts()
    row = facts[facts["fact_id"] == fact_id]
    return None if row.empty else row.iloc[0].to_dict()


# --- pure helpers ------------------------------------------------------------------------------------


def pct(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def pct_text(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not available"
    return f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"


def with_status(institutions: pd.DataFrame, awards: pd.DataFrame, on_date: dt.date) -> pd.DataFrame:
    """Institutions with `status` (provision's best status at the date, or "none") and its label."""
    status = provision.institution_status_on(awards, on_date)
    out = institutions.copy()
    out["status"] = out["institution_id"].map(status).astype(object).fillna("none")
    out["status_label"] = out["status"].map(STATUS_LABELS)
    out["holds_award"] = out["status"].isin(provision.HELD)
    return out


def filter_frame(df: pd.DataFrame, regions: tuple[str, ...], types: tuple[str, ...]) -> pd.DataFrame:
    out = df
    if regions:
        out = out[out["region_code"].isin(regions)]
    if types:
        out = out[out["type"].isin(types)]
    return out


def status_counts(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Institutions with an award record, counted by `by` and status label (no-record rows left out)."""
    recorded = df[df["status"] != "none"]
    if recorded.empty:
        return pd.DataFrame(columns=[by, "Status", "Institutions"])
    counts = recorded.groupby([by, "status_label"]).size().reset_index(name="Institutions")
    counts = counts.rename(columns={"status_label": "Status"})
    counts["order"] = counts["Status"].map({s: i for i, s in enumerate(STATUS_ORDER)})
    return counts.sort_values([by, "order"]).drop(columns="order").reset_index(drop=True)


def coverage_rates(coverage: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Per region (all institution types chosen summed): institutions, with a current award, %, and
    England's totals. Institutions with no known region count in England's total only."""
    cols = ["institutions", "current_award", "working_towards", "none"]
    england = {c: int(coverage[c].sum()) for c in cols} if not coverage.empty else dict.fromkeys(cols, 0)
    england["pct"] = pct(england["current_award"], england["institutions"])
    known = coverage[coverage["region_code"].notna()]
    regions = known.groupby(["region_code", "region_name"], as_index=False)[cols].sum()
    regions["pct"] = [pct(c, n) for c, n in zip(regions["current_award"], regions["institutions"], strict=True)]
    england["region_not_known"] = int(coverage.loc[coverage["region_code"].isna(), "institutions"].sum())
    return regions.sort_values("region_code").reset_index(drop=True), england


def qm_headline(named: dict, total_fact: dict | None, held: int, lapsed: int, unmatched: int, on: dt.date) -> str:
    """The page's first sentence, in words, from the figures."""
    day = f"{on.day} {on:%B %Y}"
    if total_fact:
        text = (
            f"NNECL reports {total_fact['value']:.0f} institutions awarded the Quality Mark by "
            f"{total_fact['as_of']}; the announcements held name {named['named']} of them."
        )
    else:
        text = f"The announcements held name {named['named']} institutions awarded the Quality Mark."
    text += (
        f" Of those named, {held} {'holds' if held == 1 else 'hold'} a current award on {day} as recorded in "
        f"the announcements held, and {lapsed} {'has' if lapsed == 1 else 'have'} no later award or renewal "
        "recorded (shown as lapsed)."
    )
    if unmatched:
        text += (
            f" {unmatched} named {'award is' if unmatched == 1 else 'awards are'} not matched to the register of "
            "institutions: kept and reported below, not dropped."
        )
    return text


def selection_sentence(
    regions: pd.DataFrame, england: dict, region_codes: tuple[str, ...], types_text: str
) -> str:
    only = f" ({types_text} only)" if types_text else ""
    text = (
        f"England: {england['current_award']} of {england['institutions']} institutions in the register{only} "
        f"({pct_text(england['pct'])}) hold a current award."
    )
    for row in regions[regions["region_code"].isin(region_codes)].itertuples():
        text += f" {row.region_name}: {row.current_award} of {row.institutions} ({pct_text(row.pct)})."
    return text


def projection_frame(held: int, in_scope: int, per_year: float, year: int, deadline: int) -> pd.DataFrame:
    """Institutions holding an award, projected year by year from now to the deadline at the recorded pace
    (capped at the number in scope). Columns year, institutions, series; the first row is now."""
    rows = [{"year": year, "institutions": float(held), "series": PROJECTED}]
    for y in range(year + 1, max(deadline, year) + 1):
        projected = min(in_scope, held + per_year * (y - year))
        rows.append({"year": y, "institutions": round(projected, 1), "series": PROJECTED})
    return pd.DataFrame(rows)


def held_by_year(awards: pd.DataFrame, institution_ids, first_year: int, last_year: int) -> pd.DataFrame:
    """How many of the institutions held an award in each year, by the status rule (recorded history)."""
    chosen = awards[awards["institution_id"].isin(set(institution_ids))]
    rows = []
    for y in range(first_year, last_year + 1):
        status = provision.institution_status_on(chosen, y)
        rows.append({"year": y, "institutions": float(status.isin(provision.HELD).sum()), "series": RECORDED})
    return pd.DataFrame(rows, columns=["year", "institutions", "series"])


def member_rates(by_region: pd.DataFrame, england_leavers: float | None, without_region: int) -> dict:
    """England totals and rates: all current members (including any with no region) over all institutions
    in the register and over England's care leavers aged 19 to 21."""
    members = int(by_region["members"].sum()) + int(without_region)
    institutions = int(by_region["institutions"].sum())
    return {
        "members": members,
        "institutions": institutions,
        "per_100_institutions": round(100 * members / institutions, 2) if institutions else None,
        "care_leavers_19_21": england_leavers,
        "per_1000_care_leavers": round(1000 * members / england_leavers, 2) if england_leavers else None,
    }


def as_of_text(as_of: str) -> str:
    """'2025-10' -> 'October 2025'; anything else as given."""
    try:
        return dt.datetime.strptime(str(as_of), "%Y-%m").strftime("%B %Y")
    except ValueError:
        return str(as_of)


def gm_difference(published: dict | None, counted: int, named_in_scope: int, unmatched_names: list[str]) -> str:
    """Why NNECL's published Greater Manchester figure and the dashboard's count differ."""
    if not published:
        return ""
    text = (
        f"NNECL's own figure is {published['value']:.0f} universities and colleges in Greater Manchester by "
        f"{as_of_text(published['as_of'])}; the dashboard counts {counted} in-scope institutions in its register "
        "holding a current award today. They differ because the dashboard counts only awards it can source to a "
        f"public announcement and match to its register ({named_in_scope} in-scope institutions are named in the "
        "announcements held), and awards from 2021 with no recorded renewal count as lapsed."
    )
    if unmatched_names:
        text += (
            " Named but not matched to the register, so not counted: " + ", ".join(sorted(unmatched_names)) + "."
        )
    return text


# --- Quality Mark page -------------------------------------------------------------------------------


@dataclass
class QualityMarkView:
    headline: str
    selection: str
    regions: pd.DataFrame  # region coverage with England column
    england: dict
    institutions: pd.DataFrame  # register institutions in the selection, with status
    status_by_region: pd.DataFrame
    status_by_type: pd.DataFrame
    timeline: pd.DataFrame
    expiring: pd.DataFrame
    unmatched: pd.DataFrame
    award_sources: list[str]
    register_sources: list[str]
    fact_sources: list[str]
    caveats: list[str] = field(default_factory=list)


@data.cached_view
def quality_mark_view(on_date: dt.date, region_codes: tuple[str, ...], types: tuple[str, ...]) -> QualityMarkView:
    awards = award_rows()
    inst = with_status(institution_rows(), awards, on_date)
    inst["region_name"] = inst["region_name"].fillna("Region not known")
    chosen = filter_frame(inst, region_codes, types)

    coverage = data.coverage_by_region(on_date, tuple(types))
    regions, england = coverage_rates(coverage)
    regions["England %"] = england["pct"]

    named = data.named_awardees_count()
    matched = inst[inst["status"] != "none"]
    unmatched = data.unmatched_awards()
    unmatched_held = provision.award_status_on(awards[awards["institution_id"].isna()], on_date)
    held = int(matched["holds_award"].sum()) + int(unmatched_held["status_on"].isin(provision.HELD).sum())
    lapsed = int((matched["status"] == "lapsed").sum()) + int((unmatched_held["status_on"] == "lapsed").sum())
    total = fact(QM_TOTAL_FACT)
    headline = qm_headline(named, total, held, lapsed, len(unmatched), on_date)
    types_text = ", ".join(INSTITUTION_TYPE_LABELS[t] for t in types)
    selection = selection_sentence(regions, england, region_codes, types_text)

    expiring = data.awards_expiring(on_date, 12)
    if not expiring.empty:
        kinds = inst.set_index("institution_id")["type"]
        expiring = expiring.assign(type=expiring["institution_id"].map(kinds))
        expiring = filter_frame(expiring, region_codes, types)

    by_region = status_counts(chosen[chosen["region_code"].notna()], "region_name")
    by_type = status_counts(chosen.assign(type_label=chosen["type"].map(INSTITUTION_TYPE_LABELS)), "type_label")
    by_type = by_type.rename(columns={"type_label": "Institution type"})

    timeline = data.awards_timeline()
    award_sources = sorted(set(awards["source_id"]))
    register_sources = sorted(set(inst["source_id"])) or REGISTER_SOURCES_FALLBACK
    fact_sources = [total["source_id"]] if total else []
    return QualityMarkView(
        headline=headline,
        selection=selection,
        regions=regions,
        england=england,
        institutions=chosen,
        status_by_region=by_region.rename(columns={"region_name": "Region"}),
        status_by_type=by_type,
        timeline=timeline,
        expiring=expiring,
        unmatched=unmatched,
        award_sources=award_sources,
        register_sources=register_sources,
        fact_sources=fact_sources,
        caveats=[LAPSED_CAVEAT, YEAR_CAVEAT],
    )


def coverage_table(view: QualityMarkView, region_codes: tuple[str, ...] = ()) -> pd.DataFrame:
    df = view.regions
    table = pd.DataFrame(
        {
            "Region": df["region_name"],
            "Code": df["region_code"],
            "Institutions in the register": df["institutions"],
            "With a current award": df["current_award"],
            "Working towards": df["working_towards"],
            "No current award": df["none"],
            "With a current award (%)": df["pct"],
            "England (%)": view.england["pct"],
            "Gap to England (points)": (df["pct"] - view.england["pct"]).round(1),
        }
    )
    england_row = {
        "Region": "England (all regions)",
        "Code": "E92000001",
        "Institutions in the register": view.england["institutions"],
        "With a current award": view.england["current_award"],
        "Working towards": view.england["working_towards"],
        "No current award": view.england["none"],
        "With a current award (%)": view.england["pct"],
        "England (%)": view.england["pct"],
        "Gap to England (points)": 0.0,
    }
    return pd.concat([table, pd.DataFrame([england_row])], ignore_index=True)


def coverage_map_frame(view: QualityMarkView) -> pd.DataFrame:
    df = view.regions
    return pd.DataFrame(
        {
            "geography_code": df["region_code"],
            "geography_name": df["region_name"],
            "value": df["pct"],
            "status": None,
            "institutions": df["institutions"].astype(str),
            "with_current_award": df["current_award"].astype(str),
            "england_pct": pct_text(view.england["pct"]),
        }
    )


def coverage_bars_frame(view: QualityMarkView) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geography_code": view.regions["region_code"],
            "geography_name": view.regions["region_name"],
            "value": view.regions["pct"],
            "status": None,
            "gap_to_england": (view.regions["pct"] - view.england["pct"]).round(1),
        }
    )


def coverage_map(view: QualityMarkView, region_codes: tuple[str, ...], on_date: dt.date):
    """Coverage RATE by region on real boundaries with award holders as points, or the offline tile map.
    Returns (chart spec, uses_ons_boundaries)."""
    real = data.boundary_layers() is not None
    points = view.institutions[view.institutions["status"] != "none"]
    points = points.assign(
        type_label=points["type"].map(INSTITUTION_TYPE_LABELS), region=points["region_name"]
    ).dropna(subset=["latitude", "longitude"])
    chart = _coverage_map_chart(
        coverage_map_frame(view),
        points[["name", "latitude", "longitude", "status_label", "type_label", "region"]],
        title=f"Current Quality Mark (%), {on_date.year}",
        highlight=tuple(region_codes),
        year=on_date.year,
        description=(
            f"Map of England's regions shaded by the percentage of institutions in the register holding a "
            f"current Quality Mark in {on_date.year} (England {pct_text(view.england['pct'])}); points mark "
            "institutions with an award record, by status (colour and shape). The data table gives every "
            "region's figure."
        ),
        real=real,
    )
    return chart, real


@chart_specs.cached
def _coverage_map_chart(frame, points, *, title, highlight, year, description, real):
    from nnecl_data import geo
    from nnecl_data.charts import maps

    label = "With a current award (%)"
    if not real:
        return maps.tile_map(
            frame, title=title, value_label=label, unit="percent", highlight_codes=list(highlight)
        )
    gdf = geo.areas_for_codes(data.boundary_layers()["regions"], set(frame["geography_code"]), year)
    chart = maps.choropleth(
        gdf,
        frame,
        title=title,
        value_label=label,
        unit="percent",
        highlight_codes=list(highlight),
        legend_orient="bottom",
        attribution=False,  # shown as a caption under the chart (see chart_block's attribution)
    )
    if not points.empty:
        order = [s for s in STATUS_ORDER if s in set(points["status_label"])]
        chart = maps.institution_points(
            chart,
            points,
            status_col="status_label",
            name_col="name",
            tooltip_cols=["type_label", "region"],
            status_order=order,
            title="Quality Mark status",
        )
    return chart.properties(description=description)


def institutions_table(view: QualityMarkView, include_all: bool) -> pd.DataFrame:
    """Institutions in the selection with their status today and their award records."""
    df = view.institutions if include_all else view.institutions[view.institutions["status"] != "none"]
    awards = award_rows()
    matched = awards[awards["institution_id"].notna()]
    latest = matched.groupby("institution_id").agg(
        first_award=("award_year", "min"),
        latest_award=("award_year", "max"),
        award_ends=("expiry_year", "max"),
        records=("award_id", "count"),
        sources=("source_id", lambda s: ", ".join(sorted(set(s)))),
    )
    out = df.join(latest, on="institution_id")
    out = out.assign(order=out["status"].map({k: i for i, k in enumerate(STATUS_LABELS)}))
    out = out.sort_values(["order", "name"])
    return pd.DataFrame(
        {
            "Institution": out["name"],
            "Type": out["type"].map(INSTITUTION_TYPE_LABELS),
            "Region": out["region_name"],
            "Status today": out["status_label"],
            "First award (year)": out["first_award"].astype("Int64"),
            "Latest award (year)": out["latest_award"].astype("Int64"),
            "Latest award ends (year)": out["award_ends"].astype("Int64"),
            "Award records held": out["records"].fillna(0).astype(int),
            "Source of the records": out["sources"].fillna(""),
            "Register ID": out["institution_id"],
        }
    )


def timeline_table(view: QualityMarkView) -> pd.DataFrame:
    df = view.timeline
    return pd.DataFrame(
        {
            "Year announced": df["award_year"],
            "Announcement": df["cohort"],
            "Published status": df["status"].map(PUBLISHED_LABELS).fillna(df["status"]),
            "Awards": df["awards"],
            "Institutions named so far (running total)": df["cumulative_named"],
            "Source": df["source_id"],
        }
    )


def timeline_chart_frame(view: QualityMarkView) -> pd.DataFrame:
    df = view.timeline
    return df.assign(status_label=df["status"].map(PUBLISHED_LABELS).fillna(df["status"]))


def expiring_table(view: QualityMarkView) -> pd.DataFrame:
    df = view.expiring
    return pd.DataFrame(
        {
            "Institution": df["institution_name"].fillna(df["name_as_published"]),
            "Name as published": df["name_as_published"],
            "Region": df["region_code"].map(data.region_names()).fillna("Region not known"),
            "Award year": df["award_year"],
            "Ends (year)": df["expiry_year"],
            "Status today": df["status_on"].map(STATUS_LABELS),
            "Source": df["source_id"],
        }
    )


def unmatched_table(view: QualityMarkView) -> pd.DataFrame:
    df = view.unmatched
    return pd.DataFrame(
        {
            "Name as published": df["name_as_published"],
            "Award year": df["award_year"],
            "Announcement": df["cohort"],
            "Why it is not matched": df["match_note"],
            "Source": df["source_id"],
        }
    )


# --- Member density page -----------------------------------------------------------------------------


@dataclass
class MembersView:
    loaded: bool  # any member rows shown
    showing_sample: bool
    regions: pd.DataFrame
    england: dict
    by_type: pd.DataFrame
    care_leavers_year: int | None
    source_ids: list[str]
    caveats: list[str]


def members_view(include_sample: bool) -> MembersView:
    counts = member_counts()
    include_sample = include_sample and counts["sample"] > 0
    by_region = data.members_by_region(include_sample)
    year = None
    if "care_leavers_year" in by_region and by_region["care_leavers_year"].notna().any():
        year = int(by_region["care_leavers_year"].dropna().max())
    england_leavers = None
    leaver_sources: list[str] = []
    if year:
        england_row = data.england_value(provision.CARE_LEAVER_INDICATOR, year)
        if not england_row.empty and not pd.isna(england_row.iloc[0]["denominator"]):
            england_leavers = float(england_row.iloc[0]["denominator"])
            leaver_sources.append(england_row.iloc[0]["source_id"])
    without_region = int(by_region.attrs.get("members_without_region", 0))
    england = member_rates(by_region, england_leavers, without_region)
    england["without_region"] = without_region
    shown = counts["real"] + (counts["sample"] if include_sample else 0)
    types = members_by_type(include_sample)
    types = types.assign(
        Region=types["region_code"].map(data.region_names()).fillna("Region not known"),
        **{"Member type": types["member_type"].map(MEMBER_TYPE_LABELS).fillna(types["member_type"])},
    )
    source_ids = ["dfe_cla_2025", *leaver_sources] + (["sample_register"] if include_sample else [])
    caveats = [
        "Members are organisations in the loaded register with no leaving date. Per 100 institutions uses the "
        "institutions in the dashboard's register (colleges and higher education providers) as the base; per "
        f"1,000 care leavers uses DfE's count of care leavers aged 19 to 21 in {year or 'the latest year'} "
        "(rounded to the nearest 10). Many members are not institutions (leaving care teams, virtual schools, "
        "charities), so the rates describe density, not coverage."
    ]
    if include_sample:
        caveats.insert(0, SAMPLE_CAPTION)
    return MembersView(
        loaded=shown > 0,
        showing_sample=include_sample,
        regions=by_region,
        england=england,
        by_type=types,
        care_leavers_year=year,
        source_ids=sorted(set(source_ids)),
        caveats=caveats,
    )


def _rate(value: float | None) -> str:
    return "not available" if value is None or value != value else f"{value:.1f}"


def members_summary(view: MembersView) -> str:
    e = view.england
    text = ("Sample data: " if view.showing_sample else "") + f"**{e['members']}** current members in England"
    if e.get("without_region"):
        text += f" ({e['without_region']} with no region recorded, counted in England's figures only)"
    text += (
        f": {_rate(e['per_100_institutions'])} per 100 institutions in the register and "
        f"{_rate(e['per_1000_care_leavers'])} per 1,000 care leavers aged 19 to 21"
        + (f" ({view.care_leavers_year})." if view.care_leavers_year else ".")
    )
    return text


def members_table(view: MembersView) -> pd.DataFrame:
    df = view.regions
    e = view.england
    table = pd.DataFrame(
        {
            "Region": df["region_name"],
            "Code": df["region_code"],
            "Members": df["members"],
            "Institutions in the register": df["institutions"],
            "Members per 100 institutions": df["members_per_100_institutions"],
            "England: per 100 institutions": e["per_100_institutions"],
            "Care leavers aged 19 to 21": df["care_leavers_19_21"],
            "Members per 1,000 care leavers": df["members_per_1000_care_leavers"],
            "England: per 1,000 care leavers": e["per_1000_care_leavers"],
        }
    )
    england_row = {
        "Region": "England (all members)",
        "Code": "E92000001",
        "Members": e["members"],
        "Institutions in the register": e["institutions"],
        "Members per 100 institutions": e["per_100_institutions"],
        "England: per 100 institutions": e["per_100_institutions"],
        "Care leavers aged 19 to 21": e["care_leavers_19_21"],
        "Members per 1,000 care leavers": e["per_1000_care_leavers"],
        "England: per 1,000 care leavers": e["per_1000_care_leavers"],
    }
    table = pd.concat([table, pd.DataFrame([england_row])], ignore_index=True)
    if view.showing_sample:
        table.insert(0, "Data", "Sample (fictional)")
    return table


def member_rate_frame(view: MembersView, column: str) -> pd.DataFrame:
    df = view.regions
    return pd.DataFrame(
        {"geography_code": df["region_code"], "geography_name": df["region_name"], "value": df[column]}
    )


def member_type_table(view: MembersView) -> pd.DataFrame:
    df = view.by_type.sort_values(["Region", "Member type"])
    table = df[["Region", "Member type", "members"]].rename(columns={"members": "Members"})
    if view.showing_sample:
        table.insert(0, "Data", "Sample (fictional)")
    return table.reset_index(drop=True)


# --- Target tracker page -----------------------------------------------------------------------------


DEFAULT_CA = "E47000001"  # Greater Manchester


def combined_authority_targets() -> dict[str, str]:
    """Combined authorities with a target, Greater Manchester first: code -> name."""
    df = targets()
    df = df[df["scope_type"] == "combined_authority"]
    options = dict(zip(df["scope_code"], df["scope_name"], strict=True))
    ordered = {DEFAULT_CA: options[DEFAULT_CA]} if DEFAULT_CA in options else {}
    ordered.update({k: v for k, v in sorted(options.items(), key=lambda kv: kv[1]) if k != DEFAULT_CA})
    return ordered


@dataclass
class TargetView:
    target: dict
    summary: dict
    assumptions: str
    progress_text: str
    institutions: pd.DataFrame
    pace: pd.DataFrame
    projection: pd.DataFrame
    published: dict | None
    difference: str
    source_ids: list[str]
    caveats: list[str]


@data.cached_view
def target_view(ca_code: str, on_date: dt.date) -> TargetView | None:
    df = targets()
    rows = df[(df["scope_type"] == "combined_authority") & (df["scope_code"] == ca_code)]
    if rows.empty:
        return None
    progress = data.target_progress(rows.iloc[0]["target_id"], on_date)
    s, target = progress.summary, progress.target
    held, n = s["holding_award"], s["in_scope"]
    progress_text = (
        f"{held} of {n} in-scope institutions in {target['scope_name']} ({pct_text(pct(held, n))}) hold a "
        f"current Quality Mark on {on_date.day} {on_date:%B %Y}, as recorded in the announcements held. "
        f"Target: all of them by {int(target['deadline_year'])}."
    )
    inst = progress.institutions.copy()
    names = institution_rows().set_index("institution_id")["name"]
    inst["name"] = inst["institution_id"].map(names).fillna(inst["name"])
    projection = projection_frame(held, n, s["first_awards_per_year"], on_date.year, int(target["deadline_year"]))
    awards = award_rows()
    matched = awards[awards["institution_id"].isin(inst["institution_id"])]
    if not matched.empty:
        history = held_by_year(awards, inst["institution_id"], int(matched["award_year"].min()), on_date.year)
        projection = pd.concat([history, projection], ignore_index=True)
    published = fact(GM_FACT) if ca_code == DEFAULT_CA else None
    named_in_scope = int(inst["institution_id"].isin(awards["institution_id"]).sum())
    unmatched = data.unmatched_awards()
    unmatched_names = _unmatched_in_scope(unmatched, target)
    difference = gm_difference(published, held, named_in_scope, unmatched_names)
    source_ids = sorted({target["source_id"], *awards["source_id"], *institution_rows()["source_id"]})
    caveats = [LAPSED_CAVEAT, YEAR_CAVEAT, REGISTER_CAVEAT]
    return TargetView(
        target=target,
        summary=s,
        assumptions=progress.assumptions,
        progress_text=progress_text,
        institutions=inst,
        pace=progress.pace,
        projection=projection,
        published=published,
        difference=difference,
        source_ids=source_ids,
        caveats=caveats,
    )


def _unmatched_in_scope(unmatched: pd.DataFrame, target: dict) -> list[str]:
    """Unmatched awards announced for this area (the announcement's cohort names the area)."""
    if unmatched.empty:
        return []
    scope = str(target["scope_name"]).lower()
    hits = unmatched[unmatched["cohort"].str.lower().str.contains(scope, regex=False)]
    return hits["name_as_published"].tolist()


def _target_rows(inst: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Institution": inst["name"],
            "Type": inst["type"].map(INSTITUTION_TYPE_LABELS),
            "Status today": inst["status_on"].map(STATUS_LABELS).fillna(inst["status_on"]),
            "Latest award ends (year)": inst["latest_expiry_year"].astype("Int64"),
            "Register ID": inst["institution_id"],
        }
    )


def not_holding_table(view: TargetView) -> pd.DataFrame:
    df = view.institutions[~view.institutions["holds_award"]]
    order = df["status_on"].map({k: i for i, k in enumerate(STATUS_LABELS)})
    return _target_rows(df.assign(order=order).sort_values(["order", "name"]))


def holding_table(view: TargetView) -> pd.DataFrame:
    return _target_rows(view.institutions[view.institutions["holds_award"]].sort_values("name"))


def lapsing_table(view: TargetView) -> pd.DataFrame:
    return _target_rows(view.institutions[view.institutions["lapses_before_deadline"]].sort_values("name"))


def pace_table(view: TargetView) -> pd.DataFrame:
    return view.pace.rename(
        columns={"award_year": "Year", "first_awards": "In-scope institutions first awarded that year"}
    )


def projection_table(view: TargetView) -> pd.DataFrame:
    return view.projection.rename(
        columns={"year": "Year", "institutions": "Institutions holding an award", "series": "Figure"}
    ).assign(**{"All in scope": view.summary["in_scope"]})


def projection_sentence(view: TargetView) -> str:
    s, deadline = view.summary, int(view.target["deadline_year"])
    if s["not_holding"] == 0:
        return "Every in-scope institution holds a current award, as recorded in the announcements held."
    if s["projected_completion_year"] is None:
        return f"No in-scope institution has a recorded award yet, so no pace can be projected to {deadline}."
    verdict = "by" if s["on_track"] else "after"
    return (
        f"At the recorded pace ({s['first_awards_per_year']:.2f} in-scope institutions first awarded a year), "
        f"the remaining {s['not_holding']} would all hold an award by {s['projected_completion_year']}: "
        f"{verdict} the {deadline} deadline. This is a simple projection, not a forecast."
    )
