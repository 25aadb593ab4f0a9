"""Quality Mark coverage: awards named in the announcements held, each institution's status today, by
region and type, over time, ending soon and not matched (pages/quality_mark.py lays it out).

Status and coverage follow nnecl_data.rules.quality_mark: an award is held from its award year to its
expiry year; after that, with no renewal in the announcements held, its renewal is "not announced" (not
known), never "lapsed" unless a source says so. NNECL's published counts come first, with the named record
reconciled beside them; awardees not in the register are listed with every holder, flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nnecl_data import config, wording
from nnecl_data.charts import text, theme
from nnecl_data.database import provision
from nnecl_data.database.provision import QM_TOTAL_FACT, RUSSELL_GROUP_FACTS, RUSSELL_GROUP_LIST
from nnecl_data.rules import quality_mark
from nnecl_data.ui import chart_specs, data
from nnecl_data.ui.views.award_status import CHART_COLOURS as CHART_COLOURS  # the page's charts use these
from nnecl_data.ui.views.award_status import CHART_STATUSES as CHART_STATUSES
from nnecl_data.ui.views.award_status import DASHED_STATUSES as DASHED_STATUSES
from nnecl_data.ui.views.award_status import (
    POINT_STYLES,
    STATUS_RANK,
    award_sources,
    chart_statuses,
    pct_text,
    reconciliation_table,
    register_sources,
    source_names,
    with_status,
)
from nnecl_data.ui.views.award_status import unmatched_table as unmatched_table  # also shown on Data and methods

TIMELINE_STATUSES = list(wording.PUBLISHED_LABELS.values())
TIMELINE_COLOURS = [theme.PUBLISHED_STATUS_COLOURS[k] for k in wording.PUBLISHED_LABELS]
COVERAGE_CAVEATS = [wording.REGISTER_CAVEAT, wording.YEAR_CAVEAT]
STATUS_CAVEATS = [wording.NOT_ANNOUNCED_CAVEAT, wording.YEAR_CAVEAT]
HOLDER_CAVEATS = [wording.NOT_ANNOUNCED_CAVEAT, wording.YEAR_CAVEAT, wording.NOT_IN_REGISTER_CAVEAT]
OFFLINE_MAP_NOTE = (
    "Offline tile map: each square is a region, not its shape, and institutions are not plotted. Load "
    f"boundaries with `{config.cli_command()} boundaries load FILE` to see the real map with institutions."
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


@data.cached_pure
def coverage_rates(coverage: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Per region (all institution types chosen summed) and England. Institutions with no known region
    count in England's total only."""
    known = coverage[coverage["region_code"].notna()]
    regions = quality_mark.total_coverage(known, ["region_code", "region_name"])
    england = quality_mark.england_coverage(coverage)
    england["region_not_known"] = int(coverage.loc[coverage["region_code"].isna(), "institutions"].sum())
    return regions.sort_values("region_code").reset_index(drop=True), england


def qm_headline(published: dict | None, reconciliation: provision.Reconciliation, on: dt.date) -> str:
    """The page's first words: NNECL's published count (its own statement), then the named record
    reconciled with it, in words and numbers."""
    day = f"{on.day} {on:%B %Y}"
    rec = reconciliation
    return wording.reconciliation_text(published, rec.counts, rec.groups, rec.holders, "England", day)


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


@dataclass
class QualityMarkView:
    headline: str
    published: dict | None  # NNECL's national count (a fact)
    reconciliation: provision.Reconciliation  # the named record beside it
    selection: str
    regions: pd.DataFrame  # coverage per region
    england: dict
    institutions: pd.DataFrame  # register institutions in the selection, with status
    map_points: pd.DataFrame  # institutions of the chosen types with an award record, in every region
    status_by_region: pd.DataFrame
    status_by_type: pd.DataFrame
    timeline: pd.DataFrame
    expiring: pd.DataFrame
    unmatched: pd.DataFrame
    holders: pd.DataFrame  # every named holder today (in the register or not), filtered like the page
    russell: RussellGroup
    award_sources: list[str]
    coverage_sources: list[str]  # awards and the register
    headline_sources: list[str]  # NNECL's total and the awards


def _holders(on_date: dt.date, region_codes, types) -> pd.DataFrame:
    """Named holders in the selection. An awardee not in the register has no recorded type, so it is kept
    only when no type filter is set (its announcement may place it in a region)."""
    holders = data.named_holders(on_date)
    if region_codes:
        holders = holders[holders["region_code"].isin(region_codes)]
    if types:
        holders = holders[holders["type"].isin(types)]
    return holders


@dataclass
class RussellGroup:
    facts: dict[str, dict]  # NNECL's published figures (universities, members, Quality Mark)
    in_register: pd.DataFrame  # the Russell Group universities in the register, with status
    named: pd.DataFrame  # those named as awarded (holders), status today
    counts: dict  # rules.quality_mark.reconcile: NNECL's 10 against those named
    source_ids: list[str]


@data.cached_pure
def russell_group(inst: pd.DataFrame, on_date: dt.date) -> RussellGroup:
    facts = {key: fact for key, fact_id in RUSSELL_GROUP_FACTS.items() if (fact := data.fact(fact_id))}
    members = inst[inst["russell_group"]]
    qm_fact = facts.get("quality_mark")
    year = quality_mark.fact_year(qm_fact["as_of"]) if qm_fact else None
    named = data.named_holders(on_date, year)
    named = named[named["russell_group"]]
    counts = quality_mark.reconcile(qm_fact["value"] if qm_fact else None, len(named))
    sources = {f["source_id"] for f in facts.values()} | set(members["source_id"]) | {RUSSELL_GROUP_LIST}
    return RussellGroup(facts, members, named, counts, sorted(sources))


def russell_group_figures(view: QualityMarkView) -> list[tuple[str, str, str]]:
    """NNECL's published Russell Group figures, then the record's, as metrics: (label, value, help)."""
    rg, out = view.russell, []
    labels = {
        "universities": "Russell Group universities",
        "members": "Members of NNECL (NNECL's figure)",
        "quality_mark": "Achieved or working towards the Quality Mark (NNECL)",
    }
    for key, label in labels.items():
        if key in rg.facts:
            out.append((label, f"{rg.facts[key]['value']:.0f}", rg.facts[key]["statement"]))
    out.append(
        ("Named as awarded in the announcements held", str(len(rg.named)), "Russell Group universities named.")
    )
    return out


def russell_group_text(view: QualityMarkView, on: dt.date) -> str:
    """NNECL's published Russell Group figures first, then the register and the named record beside them."""
    rg = view.russell
    total = rg.facts.get("universities")
    n_in = len(rg.in_register)
    text = " ".join(f["statement"] for f in rg.facts.values())
    if total:
        outside = int(total["value"]) - n_in
        text += (
            f" The register holds {n_in} of the {int(total['value'])} (it covers England only; the other "
            f"{outside} are not in it), each flagged Russell Group."
        )
    named = len(rg.named)
    text += f" The announcements held name {named} Russell Group universities as awarded the Quality Mark"
    if named:
        text += f": on {on.day} {on:%B %Y}, {wording.holder_status_phrase(rg.named['status_on'])}"
    if rg.counts["published"] is not None and not rg.counts["named_exceeds"]:
        text += (
            f". Of NNECL's {rg.counts['published']} that have achieved the Quality Mark or are working towards "
            f"it, {rg.counts['unnamed']} are not named in any announcement held: which they are, and how the "
            f"{rg.counts['published']} split between the two, is not published."
        )
    else:
        text += "."
    return text


@data.from_view
def russell_group_table(view: QualityMarkView, on_date: dt.date) -> pd.DataFrame:
    """The Russell Group universities in the register with their Quality Mark status and latest award."""
    members = view.russell.in_register.set_index("institution_id")
    held = data.named_holders(on_date).set_index("institution_id").reindex(members.index)
    latest = pd.Series(
        [
            "" if pd.isna(when) else f"{'Renewed' if status == 'renewed' else 'Awarded'} {when}"
            for status, when in zip(held["latest_award_status"], held["latest_award_when"], strict=True)
        ],
        index=members.index,
    )
    table = pd.DataFrame(
        {
            "Institution": members["name"],
            "Russell Group": "Yes",
            "Region": members["region_name"],
            "Status today": members["status_label"],
            "Latest award": latest,
            "Latest award ends (year)": held["latest_expiry_year"].astype("Int64"),
            "Source of the records": held["source_ids"].fillna(""),
            "UKPRN": members["ukprn"],
            "order": members["status"].map(STATUS_RANK),
        }
    )
    return table.sort_values(["order", "Institution"]).drop(columns="order").reset_index(drop=True)


@data.cached_pure
def _map_points(institutions: pd.DataFrame) -> pd.DataFrame:
    """Every region's institutions with an award record and a location, as the coverage map draws them: the
    map shades every region, so its points do not depend on the regions chosen (one map for any choice)."""
    points = institutions[institutions["status"] != quality_mark.NO_RECORD]
    points = points.assign(type_label=points["type"].map(wording.type_label), region=points["region_name"])
    columns = ["name", "latitude", "longitude", "status_label", "type_label", "region"]
    return points.dropna(subset=["latitude", "longitude"])[columns].reset_index(drop=True)


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

    unmatched = data.unmatched_awards()
    total = data.fact(QM_TOTAL_FACT)
    reconciliation = data.area_reconciliation("england", None, "England", on_date)
    headline = qm_headline(total, reconciliation, on_date)
    types_text = ", ".join(wording.type_label(t) for t in types)

    by_region = status_counts(chosen[chosen["region_code"].notna()], "region_name")
    typed = chosen.assign(type_label=chosen["type"].map(wording.type_label))
    by_type = status_counts(typed, "type_label").rename(columns={"type_label": "Institution type"})
    awards = award_sources()
    return QualityMarkView(
        headline=headline,
        published=total,
        reconciliation=reconciliation,
        selection=selection_sentence(regions, england, region_codes, types_text),
        regions=regions,
        england=england,
        institutions=chosen,
        map_points=_map_points(filter_frame(inst, (), types)),
        status_by_region=by_region.rename(columns={"region_name": "Region"}),
        status_by_type=by_type,
        timeline=data.awards_timeline(),
        expiring=_expiring(inst, on_date, region_codes, types),
        unmatched=unmatched,
        holders=_holders(on_date, region_codes, types),
        russell=russell_group(inst, on_date),
        award_sources=awards,
        coverage_sources=awards + register_sources(inst),
        headline_sources=([total["source_id"]] if total else []) + awards,
    )


@data.from_view
def reconciliation_frame(view: QualityMarkView) -> pd.DataFrame:
    """How NNECL's national count and the named record add up, as a table."""
    label = f"NNECL's published figure ({view.published['as_of']})" if view.published else ""
    return reconciliation_table(view.reconciliation.groups, view.reconciliation.counts, label)


def status_legend(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The statuses a status chart shows, in order, with their colours."""
    return chart_statuses(frame["Status"]) if not frame.empty else ([], [])


@data.from_view(uses=("regions", "england"))
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
    gaps = (df["pct_current"] - view.england["pct_current"]).round(1)
    return pd.DataFrame(
        {
            "geography_code": df["region_code"],
            "geography_name": df["region_name"],
            "value": df["pct_current"],
            "status": None,
            "with_current_award": [
                f"{held} of {total}" for held, total in zip(df["current_award"], df["institutions"], strict=True)
            ],
            "compared": [text.gap_text(gap, "percent", "higher_better", 1) for gap in gaps],
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


COVERAGE_TOOLTIPS = {
    "institutions": "Institutions in the register",
    "with_current_award": wording.COVERAGE_LABELS["current_award"],
    "compared": wording.COMPARED_WITH_ENGLAND,
    "type_label": "Type",
    "region": "Region",
}


def coverage_map(view: QualityMarkView, region_codes: tuple[str, ...], on_date: dt.date) -> CoverageMap:
    """Coverage RATE by region on real boundaries with award holders as points, or the offline tile map.
    One spec per selection of institutions: the highlighted regions are its parameter."""
    from nnecl_data.charts import maps

    real = data.boundary_layers() is not None
    points = view.map_points
    chart = _coverage_map_chart(
        coverage_map_frame(view),
        points,
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


def _coverage_map(frame, points, *, title, highlight, year, description, real):
    from nnecl_data import geo
    from nnecl_data.charts import maps

    label = f"{wording.COVERAGE_LABELS['current_award']} (%)"
    labels = {"title": title, "value_label": label, "unit": "percent", "tooltip_titles": COVERAGE_TOOLTIPS}
    if not real:
        return maps.tile_map(frame, highlight_codes=list(highlight or ()), area_noun="regions", **labels)
    gdf = geo.areas_for_codes(data.boundary_layers()["regions"], set(frame["geography_code"]), year)
    chart = maps.choropleth(
        gdf,
        frame,
        highlight_codes=list(highlight or ()),
        legend_orient="bottom",
        attribution=False,  # shown as a caption under the chart (see chart_block's attribution)
        area_noun="regions",
        **labels,
    )
    if not points.empty:
        chart = maps.institution_points(
            chart,
            points,
            status_col="status_label",
            name_col="name",
            tooltip_cols=["type_label", "region"],
            status_order=CHART_STATUSES,
            title="Quality Mark status",
            status_styles=POINT_STYLES,
            outlined=DASHED_STATUSES,
            tooltip_titles=COVERAGE_TOOLTIPS,
        )
    return chart.properties(description=description)


def _map_highlight(frame, points=None, *, highlight=None, **_ignored):
    from nnecl_data.charts import maps

    return maps.highlight_variant(highlight, frame["geography_code"])


_coverage_map_chart = chart_specs.cached(_coverage_map, variant=_map_highlight)


@data.from_view
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
    outside = view.holders[~view.holders["in_register"]]
    if not outside.empty:  # awardees not in the register are listed with the others, flagged
        out = pd.concat(
            [
                out,
                pd.DataFrame(
                    {
                        "name": outside["name"],
                        "type": None,
                        "region_name": outside["region_code"].map(data.region_names()),
                        "status": outside["status_on"],
                        "status_label": outside["status_on"].map(wording.status_label),
                        "first_award": outside["first_award_year"],
                        "latest_award": outside["latest_award_year"],
                        "award_ends": outside["latest_expiry_year"],
                        "records": outside["records"],
                        "sources": outside["source_ids"],
                        "institution_id": None,
                        "in_register": False,
                    }
                ),
            ],
            ignore_index=True,
        )
    out = out.assign(order=out["status"].map(STATUS_RANK)).sort_values(["order", "name"])
    in_register = out["in_register"] if "in_register" in out else pd.Series(True, index=out.index)
    return pd.DataFrame(
        {
            "Institution": out["name"],
            "In the register": in_register.fillna(True).astype(bool).map(wording.IN_REGISTER_LABELS),
            "Type": out["type"].map(wording.type_label).fillna(wording.NOT_IN_REGISTER),
            "Region": out["region_name"].fillna(wording.REGION_NOT_KNOWN),
            "Status today": out["status_label"],
            "First award (year)": out["first_award"].astype("Int64"),
            "Latest award (year)": out["latest_award"].astype("Int64"),
            "Latest award ends (year)": out["award_ends"].astype("Int64"),
            "Award records held": out["records"].fillna(0).astype(int),
            "Source of the records": out["sources"].fillna(""),
            "UKPRN": out["ukprn"],
        }
    ).reset_index(drop=True)


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
            "In the register": df["in_register"].astype(bool).map(wording.IN_REGISTER_LABELS),
            "Name as published": df["name_as_published"],
            "Region": df["region_code"].map(data.region_names()).fillna(wording.REGION_NOT_KNOWN),
            "Award year": df["award_year"],
            "Ends (year)": df["expiry_year"],
            "Status today": df["status_on"].map(wording.status_label),
            "Source": df["source_id"],
        }
    )
