"""View models: what a page shows, assembled from cached data and pure transforms.

Pages call one function here and lay out the result; all pandas work stays in this module and in
nnecl_data/transforms.py, so the page files read as layout only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from nnecl_data.rules import transforms
from nnecl_data.rules.suppression import describe as describe_status
from nnecl_data.rules.suppression import display_value
from nnecl_data.ui import chart_specs, data

OUTCOME_SOURCES = ["dfe_cla_2025", "dfe_cla_2022", "dfe_sfr41_2016", "dfe_sfr50_2017"]
DERIVED_CAVEAT = (
    "2016 and 2017 percentages are derived by this dashboard from DfE's published counts (DfE published "
    "counts only in those years' underlying data); they are marked 'derived' in the tables."
)
ROUNDING_CAVEAT = (
    "DfE rounds national and regional counts to the nearest 10 and percentages to whole numbers; small "
    "numbers are suppressed (c) to protect confidentiality."
)


@dataclass
class OutcomeView:
    indicator: dict
    year: int
    period_label: str
    england: float | None
    regions: pd.DataFrame  # value, status, gap_to_england, rank, verdict
    series: pd.DataFrame
    las: pd.DataFrame | None
    headline: str
    source_ids: list[str]
    caveats: list[str]


def _england_value(indicator_code: str, year: int) -> tuple[float | None, str]:
    england = data.england_value(indicator_code, year)
    if england.empty:
        return None, str(year)
    row = england.iloc[0]
    value = None if row["status"] or pd.isna(row["value"]) else float(row["value"])
    return value, str(row["period_label"])


@data.cached_view
def outcome_view(indicator_code: str, year: int, region_codes: tuple[str, ...]) -> OutcomeView:
    info = data.indicators().set_index("code").loc[indicator_code].to_dict()
    info["code"] = indicator_code
    england, period = _england_value(indicator_code, year)
    regions = data.indicator_by_region(indicator_code, year)
    regions = transforms.with_england_gap(regions, england)
    regions = transforms.with_rank(regions, info["polarity"])
    regions["verdict"] = [
        transforms.performance_against_england(g, info["polarity"]) for g in regions["gap_to_england"]
    ]
    series = data.indicator_series(indicator_code)
    las = data.indicator_by_la(indicator_code, year, region_codes) if region_codes else None
    if las is not None:
        las = transforms.with_england_gap(las, england)
        las["verdict"] = [
            transforms.performance_against_england(g, info["polarity"]) for g in las["gap_to_england"]
        ]
    headline = outcome_headline(info, period, regions, england, region_codes)
    source_ids = sorted(set(series["source_id"]) | set(regions["source_id"])) or OUTCOME_SOURCES
    caveats = [ROUNDING_CAVEAT]
    if series["is_derived"].any():
        caveats.append(DERIVED_CAVEAT)
    return OutcomeView(info, year, period, england, regions, series, las, headline, source_ids, caveats)


def outcome_headline(
    info: dict, period: str, regions: pd.DataFrame, england: float | None, region_codes: tuple[str, ...]
) -> str:
    """The page's first sentence, in words, generated from the figures."""
    unit, polarity, label = info["unit"], info["polarity"], info["label"]
    if region_codes:
        chosen = regions[regions["geography_code"].isin(region_codes)]
        return " ".join(
            transforms.headline(
                transforms.area_phrase(r.geography_name),
                label,
                unit,
                polarity,
                period,
                r.value,
                r.status,
                england,
                info.get("statement", ""),
            )
            for r in chosen.itertuples()
        )
    if england is None:
        return f"England's {period} figure for {label.lower()} is not published."
    best, worst = transforms.extremes(regions, polarity)
    statement = info.get("statement", "")
    text = (
        f"In {period}, " + statement.format(value=display_value(england, None, unit), area="England") + "."
        if statement
        else f"In {period}, England: {display_value(england, None, unit)} ({label.lower()})."
    )
    if best is not None and polarity != "neutral":
        text += (
            f" Best region: {best.geography_name} ({display_value(best.value, None, unit)}); "
            f"furthest behind: {worst.geography_name} ({display_value(worst.value, None, unit)})."
        )
    elif best is not None:
        text += (
            f" Highest: {best.geography_name} ({display_value(best.value, None, unit)}); "
            f"lowest: {worst.geography_name} ({display_value(worst.value, None, unit)})."
        )
    return text


def region_table(view: OutcomeView) -> pd.DataFrame:
    """The table behind the region chart: numbers blank where a symbol stands, status spelled out."""
    df = view.regions.sort_values("rank", na_position="last")
    return pd.DataFrame(
        {
            "Region": df["geography_name"],
            "Code": df["geography_code"],
            "Year": view.period_label,
            view.indicator["short_label"]: df["value"],
            "England": view.england,
            "Gap to England": df["gap_to_england"].round(1),
            "Compared with England": df["verdict"],
            "Rank (1 = best)" if view.indicator["polarity"] != "neutral" else "Rank (1 = highest)": df["rank"],
            "Count": df["numerator"],
            "Total": df["denominator"],
            "Status": df["status"].map(lambda s: describe_status(s) if s else "published"),
            "Derived": df["is_derived"].map({True: "derived", False: ""}),
        }
    )


def series_table(view: OutcomeView) -> pd.DataFrame:
    df = view.series
    wide = df.pivot_table(
        index=["geography_name", "geography_code"], columns="year", values="value", aggfunc="first"
    ).reset_index()
    wide.columns = [str(c) for c in wide.columns]
    return wide.rename(columns={"geography_name": "Area", "geography_code": "Code"})


def change_table(view: OutcomeView) -> pd.DataFrame:
    years = sorted(view.series["year"].unique())
    if len(years) < 2 or view.year <= years[0]:
        return pd.DataFrame()  # the first year has nothing to change from
    change = transforms.change_between(view.series, years[0], view.year)
    return change.rename(
        columns={
            "geography_name": "Area",
            "geography_code": "Code",
            "start_value": str(years[0]),
            "end_value": str(view.year),
            "change": "Change",
        }
    )[["Area", "Code", str(years[0]), str(view.year), "Change"]]


def la_table(view: OutcomeView) -> pd.DataFrame:
    df = view.las
    return pd.DataFrame(
        {
            "Local authority": df["geography_name"],
            "Code": df["geography_code"],
            "Region": df["region_code"].map(data.region_names()),
            view.indicator["short_label"]: df["value"],
            "Gap to England": df["gap_to_england"].round(1),
            "Compared with England": df["verdict"],
            "Count": df["numerator"],
            "Total": df["denominator"],
            "Status": df["status"].map(lambda s: describe_status(s) if s else "published"),
        }
    )


# --- overview -------------------------------------------------------------------------------------


@dataclass
class KeyFigure:
    label: str
    value: str
    delta: str | None
    delta_colour: str
    help: str


def key_figures() -> list[KeyFigure]:
    """Latest England care-leaver figures (19 to 21) with the change on the year before."""
    out = []
    for code in ("cl_eet_19_21", "cl_neet_19_21", "cl_he_19_21"):
        info = data.indicators().set_index("code").loc[code]
        years = data.available_years(code)
        if not years:
            continue
        latest, previous = years[-1], years[-2] if len(years) > 1 else None
        value, period = _england_value(code, latest)
        before, _ = _england_value(code, previous) if previous else (None, "")
        delta, colour = None, "inverse" if info["polarity"] == "lower_better" else "normal"
        if value is not None and before is not None and not math.isnan(before):
            change = value - before
            delta = f"{change:+.0f} points on {previous}" if round(change) else f"no change on {previous}"
            if not round(change):
                colour = "off"  # no arrow colour for no change
        out.append(
            KeyFigure(
                label=f"England, {period}: {info['short_label']}",
                value=display_value(value, None if value is not None else "x", info["unit"]),
                delta=delta,
                delta_colour=colour,
                help=info["label"],
            )
        )
    return out


# --- maps -----------------------------------------------------------------------------------------


def map_frame(df: pd.DataFrame, unit: str) -> pd.DataFrame:
    out = df[["geography_code", "geography_name", "value", "status"]].copy()
    if "gap_to_england" in df:
        out["gap_to_england"] = df["gap_to_england"].round(1)
    return out


def region_map(view: OutcomeView, scheme_kind: str, highlight: tuple[str, ...]):
    """The region choropleth on real boundaries, or the offline tile map when none are available.
    Returns (chart spec, uses_ons_boundaries)."""
    real = data.boundary_layers() is not None
    chart = _region_map_chart(
        map_frame(view.regions, view.indicator["unit"]),
        title=f"{view.indicator['short_label']} by region, {view.period_label}",
        value_label=view.indicator["short_label"],
        unit=view.indicator["unit"],
        scheme_kind=scheme_kind,
        highlight=tuple(highlight),
        year=view.year,
        real=real,
    )
    return chart, real


@chart_specs.cached
def _region_map_chart(frame, *, title, value_label, unit, scheme_kind, highlight, year, real):
    from nnecl_data import geo
    from nnecl_data.charts import maps

    if not real:
        return maps.tile_map(
            frame,
            title=title,
            value_label=value_label,
            unit=unit,
            scheme_kind=scheme_kind,
            highlight_codes=list(highlight),
        )
    gdf = geo.areas_for_codes(data.boundary_layers()["regions"], set(frame["geography_code"]), year)
    return maps.choropleth(
        gdf,
        frame,
        title=title,
        value_label=value_label,
        unit=unit,
        scheme_kind=scheme_kind,
        highlight_codes=list(highlight),
        legend_orient="bottom",
        attribution=False,  # drawn as a caption: inside the chart it breaks Streamlit's layout
    )  # no year=: areas_for_codes already chose each code's boundary


def la_map(view: OutcomeView, scheme_kind: str):
    """Local authorities of the selected regions; None without boundaries."""
    if data.boundary_layers() is None or view.las is None or view.las.empty:
        return None
    return _la_map_chart(
        map_frame(view.las, view.indicator["unit"]),
        title=f"{view.indicator['short_label']} by local authority, {view.period_label}",
        value_label=view.indicator["short_label"],
        unit=view.indicator["unit"],
        scheme_kind=scheme_kind,
        year=view.year,
    )


@chart_specs.cached
def _la_map_chart(frame, *, title, value_label, unit, scheme_kind, year):
    from nnecl_data import geo
    from nnecl_data.charts import maps

    las = data.local_authorities()
    successors = {  # a code replaced by exactly one successor borrows its boundary
        code: succ
        for code, succ in zip(las["code"], las["replaced_by"], strict=True)
        if isinstance(succ, str) and succ and " " not in succ
    }
    gdf = geo.areas_for_codes(data.boundary_layers()["utla"], set(frame["geography_code"]), year, successors)
    return maps.choropleth(
        gdf,
        frame,
        title=title,
        value_label=value_label,
        unit=unit,
        scheme_kind=scheme_kind,
        legend_orient="bottom",
        attribution=False,
    )


@dataclass
class ProvisionOverview:
    figures: list[KeyFigure]
    note: str
    source_ids: list[str]


def _fact(fact_id: str) -> dict | None:
    facts = data.facts()
    row = facts[facts["fact_id"] == fact_id]
    return None if row.empty else row.iloc[0].to_dict()


def provision_overview(on_date) -> ProvisionOverview:
    figures, sources = [], []
    named = data.named_awardees_count()
    awarded = _fact("qm_institutions_awarded_2025")
    if awarded:
        figures.append(
            KeyFigure(
                "Institutions awarded the Quality Mark (NNECL, 2025)",
                f"{awarded['value']:.0f}",
                None,
                "off",
                awarded["statement"],
            )
        )
        sources.append(awarded["source_id"])
    figures.append(
        KeyFigure(
            "Awardees named in the announcements held",
            named["text"],
            None,
            "off",
            "Only some awardees are named in public announcements; the dashboard does not "
            "pretend to list all of them.",
        )
    )
    members = data.members_by_region(include_sample=False)
    real_members = int(members["members"].sum()) if not members.empty else 0
    members_fact = _fact("nnecl_members_over_100")
    if real_members:
        figures.append(
            KeyFigure(
                "Members in NNECL's register (loaded)",
                f"{real_members}",
                None,
                "off",
                "Current members in the register NNECL loaded.",
            )
        )
    elif members_fact:
        figures.append(
            KeyFigure(
                "NNECL members (NNECL's own figure)",
                "100+",
                None,
                "off",
                members_fact["statement"] + " No member register is loaded, so member "
                "figures by region are not shown as real data.",
            )
        )
        sources.append(members_fact["source_id"])
    try:
        progress = data.target_progress("gm_all_accredited_2027", on_date)
        s = progress.summary
        figures.append(
            KeyFigure(
                "Greater Manchester: in-scope institutions with a current award (as recorded here)",
                f"{s['holding_award']} of {s['in_scope']}",
                None,
                "off",
                "Counts awards in the announcements the dashboard holds. Awards from 2021 with no recorded "
                "renewal "
                "count as lapsed; see the Target tracker page for the assumptions.",
            )
        )
        sources.append(progress.target["source_id"])
    except KeyError:
        pass
    gm = _fact("gm_qm_institutions_2025_10")
    note = (
        "Quality Mark awards last three years. The public record is partial: " + named["text"] + " of the "
        "institutions NNECL reports as awarded."
    )
    if gm:
        note += " " + gm["statement"]
        sources.append(gm["source_id"])
    return ProvisionOverview(figures, note, sorted(set(sources)))


def coverage_table() -> pd.DataFrame:
    df = data.coverage_summary()
    return df.rename(
        columns={
            "code": "Indicator code",
            "label": "Indicator",
            "first_year": "First year",
            "last_year": "Latest year",
            "cells": "Cells",
            "published_numbers": "Published numbers",
            "symbols": "Symbols (c, x, z, k ...)",
        }
    )
