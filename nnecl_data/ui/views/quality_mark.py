"""Quality Mark coverage: awards named in the announcements held, each institution's status today, by
region and type, over time, ending soon and not matched (pages/quality_mark.py lays it out).

Status and coverage follow nnecl_data.rules.quality_mark: an award is held from its award year to its
expiry year, and "lapsed" means only that no later award or renewal is recorded in the announcements held.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nnecl_data import wording
from nnecl_data.charts import theme
from nnecl_data.database.provision import QM_TOTAL_FACT
from nnecl_data.rules import quality_mark
from nnecl_data.ui import chart_specs, data
from nnecl_data.ui.views.award_status import CHART_COLOURS as CHART_COLOURS  # the page's charts use these
from nnecl_data.ui.views.award_status import CHART_STATUSES as CHART_STATUSES
from nnecl_data.ui.views.award_status import (
    STATUS_RANK,
    award_sources,
    pct_text,
    register_sources,
    source_names,
    with_status,
)
from nnecl_data.ui.views.award_status import unmatched_table as unmatched_table  # also shown on Data and methods

TIMELINE_STATUSES = list(wording.PUBLISHED_LABELS.values())
TIMELINE_COLOURS = [theme.PUBLISHED_STATUS_COLOURS[k] for k in wording.PUBLISHED_LABELS]
COVERAGE_CAVEATS = [wording.REGISTER_CAVEAT, wording.YEAR_CAVEAT]
STATUS_CAVEATS = [wording.LAPSED_CAVEAT, wording.YEAR_CAVEAT]
OFFLINE_MAP_NOTE = (
    "Offline tile map: each square is a region, not its shape, and institutions are not plotted. Load "
    "boundaries with `python -m nnecl_data boundaries load FILE` to see the real map with institutions."
)


def filter_frame(df: pd.DataFrame, regions: tuple[str, ...], types: tuple[str, ...]) -> pd.DataFrame:
    out = df
    if regions:
        out = out[out["region_code"].isin(regions)]
    if types:
        out = out[out["type"].isin(types)]
    return out


def status_counts(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Institutions with an award record, counted by `by` and status label (no-record rows left out)."""
    recorded = df[df["status"] != quality_mark.NO_RECORD]
    if recorded.empty:
        return pd.DataFrame(columns=[by, "Status", "Institutions"])
    counts = recorded.groupby([by, "status_label"]).size().reset_index(name="Institutions")
    counts = counts.rename(columns={"status_label": "Status"})
    counts["order"] = counts["Status"].map({s: i for i, s in enumerate(CHART_STATUSES)})
    return counts.sort_values([by, "order"]).drop(columns="order").reset_index(drop=True)


def coverage_rates(coverage: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Per region (all institution types chosen summed) and England. Institutions with no known region
    count in England's total only."""
    known = coverage[coverage["region_code"].notna()]
    regions = quality_mark.total_coverage(known, ["region_code", "region_name"])
    england = quality_mark.england_coverage(coverage)
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
        f"({pct_text(england['pct_current'])}) hold a current award."
    )
    for row in regions[regions["region_code"].isin(region_codes)].itertuples():
        text += f" {row.region_name}: {row.current_award} of {row.institutions} ({pct_text(row.pct_current)})."
    return text


def named_status_counts(institutions: pd.DataFrame, on_date: dt.date) -> tuple[int, int]:
    """(holding a current award, lapsed) among every awardee named: matched ones by their institution's
    best status, unmatched ones award by award."""
    awards = data.awards()
    unmatched = quality_mark.award_status_on(awards[awards["institution_id"].isna()], on_date)["status_on"]
    held = int(institutions["holds_award"].sum()) + int(unmatched.isin(quality_mark.HELD).sum())
    lapsed = int((institutions["status"] == "lapsed").sum()) + int((unmatched == "lapsed").sum())
    return held, lapsed


@dataclass
class QualityMarkView:
    headline: str
    selection: str
    regions: pd.DataFrame  # coverage per region
    england: dict
    institutions: pd.DataFrame  # register institutions in the selection, with status
    status_by_region: pd.DataFrame
    status_by_type: pd.DataFrame
    timeline: pd.DataFrame
    expiring: pd.DataFrame
    unmatched: pd.DataFrame
    award_sources: list[str]
    coverage_sources: list[str]  # awards and the register
    headline_sources: list[str]  # NNECL's total and the awards


def _expiring(institutions: pd.DataFrame, on_date, region_codes, types) -> pd.DataFrame:
    expiring = data.awards_expiring(on_date, 12)
    if expiring.empty:
        return expiring
    kinds = institutions.set_index("institution_id")["type"]
    return filter_frame(expiring.assign(type=expiring["institution_id"].map(kinds)), region_codes, types)


@data.cached_view
def quality_mark_view(on_date: dt.date, region_codes: tuple[str, ...], types: tuple[str, ...]) -> QualityMarkView:
    inst = with_status(data.institutions(), on_date)
    inst["region_name"] = inst["region_name"].fillna(wording.REGION_NOT_KNOWN)
    chosen = filter_frame(inst, region_codes, types)
    regions, england = coverage_rates(data.coverage_by_region(on_date, tuple(types)))

    named = data.named_awardees_count()
    unmatched = data.unmatched_awards()
    held, lapsed = named_status_counts(inst, on_date)
    total = data.fact(QM_TOTAL_FACT)
    headline = qm_headline(named, total, held, lapsed, len(unmatched), on_date)
    types_text = ", ".join(wording.type_label(t) for t in types)

    by_region = status_counts(chosen[chosen["region_code"].notna()], "region_name")
    typed = chosen.assign(type_label=chosen["type"].map(wording.type_label))
    by_type = status_counts(typed, "type_label").rename(columns={"type_label": "Institution type"})
    awards = award_sources()
    return QualityMarkView(
        headline=headline,
        selection=selection_sentence(regions, england, region_codes, types_text),
        regions=regions,
        england=england,
        institutions=chosen,
        status_by_region=by_region.rename(columns={"region_name": "Region"}),
        status_by_type=by_type,
        timeline=data.awards_timeline(),
        expiring=_expiring(inst, on_date, region_codes, types),
        unmatched=unmatched,
        award_sources=awards,
        coverage_sources=awards + register_sources(inst),
        headline_sources=([total["source_id"]] if total else []) + awards,
    )


def coverage_table(view: QualityMarkView) -> pd.DataFrame:
    df, england = view.regions, view.england
    labels = wording.COVERAGE_LABELS
    table = pd.DataFrame(
        {
            "Region": df["region_name"],
            "Code": df["region_code"],
            "Institutions in the register": df["institutions"],
            **{labels[group]: df[group] for group in quality_mark.COVERAGE_GROUPS},
            f"{labels['current_award']} (%)": df["pct_current"],
            "England (%)": england["pct_current"],
            "Gap to England (points)": (df["pct_current"] - england["pct_current"]).round(1),
        }
    )
    england_row = {
        "Region": "England (all regions)",
        "Code": "E92000001",
        "Institutions in the register": england["institutions"],
        **{labels[group]: england[group] for group in quality_mark.COVERAGE_GROUPS},
        f"{labels['current_award']} (%)": england["pct_current"],
        "England (%)": england["pct_current"],
        "Gap to England (points)": 0.0,
    }
    return pd.concat([table, pd.DataFrame([england_row])], ignore_index=True)


def coverage_map_frame(view: QualityMarkView) -> pd.DataFrame:
    df = view.regions
    return pd.DataFrame(
        {
            "geography_code": df["region_code"],
            "geography_name": df["region_name"],
            "value": df["pct_current"],
            "status": None,
            "institutions": df["institutions"].astype(str),
            "with_current_award": df["current_award"].astype(str),
            "england_pct": pct_text(view.england["pct_current"]),
        }
    )


def coverage_bars_frame(view: QualityMarkView) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geography_code": view.regions["region_code"],
            "geography_name": view.regions["region_name"],
            "value": view.regions["pct_current"],
            "status": None,
            "gap_to_england": (view.regions["pct_current"] - view.england["pct_current"]).round(1),
        }
    )


@dataclass
class CoverageMap:
    chart: chart_specs.ChartSpec
    attribution: str | None  # the ONS boundaries licence, shown wherever boundaries are drawn
    note: str | None  # what the offline tile map is, when it stands in for boundaries
    caveats: list[str]


def coverage_map(view: QualityMarkView, region_codes: tuple[str, ...], on_date: dt.date) -> CoverageMap:
    """Coverage RATE by region on real boundaries with award holders as points, or the offline tile map."""
    from nnecl_data.charts import maps

    real = data.boundary_layers() is not None
    points = view.institutions[view.institutions["status"] != quality_mark.NO_RECORD]
    points = points.assign(type_label=points["type"].map(wording.type_label), region=points["region_name"]).dropna(
        subset=["latitude", "longitude"]
    )
    chart = _coverage_map_chart(
        coverage_map_frame(view),
        points[["name", "latitude", "longitude", "status_label", "type_label", "region"]],
        title=f"Current Quality Mark (%), {on_date.year}",
        highlight=tuple(region_codes),
        year=on_date.year,
        description=(
            f"Map of England's regions shaded by the percentage of institutions in the register holding a "
            f"current Quality Mark in {on_date.year} (England {pct_text(view.england['pct_current'])}); points "
            "mark institutions with an award record, by status (colour and shape). The data table gives every "
            "region's figure."
        ),
        real=real,
    )
    if not real:
        return CoverageMap(chart, None, OFFLINE_MAP_NOTE, COVERAGE_CAVEATS)
    return CoverageMap(chart, maps.ATTRIBUTION, None, [*COVERAGE_CAVEATS, wording.POINTS_CAVEAT])


@chart_specs.cached
def _coverage_map_chart(frame, points, *, title, highlight, year, description, real):
    from nnecl_data import geo
    from nnecl_data.charts import maps

    label = f"{wording.COVERAGE_LABELS['current_award']} (%)"
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
        order = [s for s in CHART_STATUSES if s in set(points["status_label"])]
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
    df = view.institutions
    if not include_all:
        df = df[df["status"] != quality_mark.NO_RECORD]
    awards = data.awards()
    latest = (
        awards[awards["institution_id"].notna()]
        .groupby("institution_id")
        .agg(
            first_award=("award_year", "min"),
            latest_award=("award_year", "max"),
            award_ends=("expiry_year", "max"),
            records=("award_id", "count"),
            sources=("source_id", lambda s: "; ".join(source_names(sorted(set(s))))),
        )
    )
    out = df.join(latest, on="institution_id")
    out = out.assign(order=out["status"].map(STATUS_RANK)).sort_values(["order", "name"])
    return pd.DataFrame(
        {
            "Institution": out["name"],
            "Type": out["type"].map(wording.type_label),
            "Region": out["region_name"],
            "Status today": out["status_label"],
            "First award (year)": out["first_award"].astype("Int64"),
            "Latest award (year)": out["latest_award"].astype("Int64"),
            "Latest award ends (year)": out["award_ends"].astype("Int64"),
            "Award records held": out["records"].fillna(0).astype(int),
            "Source of the records": out["sources"].fillna(""),
            "UKPRN": out["ukprn"],
        }
    )


def _published_label(statuses: pd.Series) -> pd.Series:
    return statuses.map(wording.PUBLISHED_LABELS).fillna(statuses)


def timeline_table(view: QualityMarkView) -> pd.DataFrame:
    df = view.timeline
    return pd.DataFrame(
        {
            "Year announced": df["award_year"],
            "Announcement": df["cohort"],
            "Published status": _published_label(df["status"]),
            "Awards": df["awards"],
            "Institutions named so far (running total)": df["cumulative_named"],
            "Source": df["source_id"],
        }
    )


def timeline_chart_frame(view: QualityMarkView) -> pd.DataFrame:
    return view.timeline.assign(status_label=_published_label(view.timeline["status"]))


def expiring_table(view: QualityMarkView) -> pd.DataFrame:
    df = view.expiring
    return pd.DataFrame(
        {
            "Institution": df["institution_name"].fillna(df["name_as_published"]),
            "Name as published": df["name_as_published"],
            "Region": df["region_code"].map(data.region_names()).fillna(wording.REGION_NOT_KNOWN),
            "Award year": df["award_year"],
            "Ends (year)": df["expiry_year"],
            "Status today": df["status_on"].map(wording.status_label),
            "Source": df["source_id"],
        }
    )
