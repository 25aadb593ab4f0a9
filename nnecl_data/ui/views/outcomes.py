"""Regional outcomes: one indicator by region for a year, against England, over time, and by local
authority (pages/outcomes.py lays it out)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from nnecl_data import config, wording
from nnecl_data.charts import builders, text
from nnecl_data.geo.tiles import REGION_TILES
from nnecl_data.rules import transforms
from nnecl_data.rules.suppression import display_value
from nnecl_data.ui import chart_specs, data
from nnecl_data.ui.views.outcome_figures import (
    OUTCOME_SOURCES,
    against_england,
    derived_column,
    derived_sentence,
    england,
    indicator_info,
    la_columns,
    status_words,
    year_headings,
)

SCHEME_LABELS = wording.CLASS_METHOD_CHOICES
# Worded for mouse and touch alike (no shift-click, no double-click): the map picks one region, and the
# Regions filter is where several are chosen or the choice is cleared.
MAP_HINT = (
    "Select a region on the map to choose it in the Regions filter, where you can add other regions or clear "
    "the choice."
)
OFFLINE_MAP_NOTE = (
    "Offline tile map: each square is a region, not its shape. Load boundaries with "
    f"`{config.cli_command()} boundaries load FILE` to see the real map."
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


@data.cached_view
def outcome_view(indicator_code: str, year: int, region_codes: tuple[str, ...]) -> OutcomeView:
    info = indicator_info(indicator_code)
    england_value, period = england(indicator_code, year)
    regions = against_england(data.indicator_by_region(indicator_code, year), england_value, info["polarity"])
    regions = transforms.with_rank(regions, info["polarity"])
    series = data.indicator_series(indicator_code)
    las = None
    if region_codes:
        las = against_england(
            data.indicator_by_la(indicator_code, year, region_codes), england_value, info["polarity"]
        )
    headline = outcome_headline(info, period, regions, england_value, region_codes, series, year)
    headline += derived_sentence(regions, period)
    source_ids = sorted(set(series["source_id"]) | set(regions["source_id"])) or OUTCOME_SOURCES
    caveats = [wording.ROUNDING_CAVEAT, wording.GAP_RULE]
    if series["is_derived"].any():
        caveats.append(wording.DERIVED_CAVEAT)
    return OutcomeView(info, year, period, england_value, regions, series, las, headline, source_ids, caveats)


def _decimals(info: dict, regions: pd.DataFrame, england_value) -> int:
    """One precision for every figure of the headline: the year's regions and England together."""
    return transforms.decimals_for([*regions["value"], england_value], info["unit"])


def _area_series(series: pd.DataFrame, code: str) -> pd.DataFrame:
    return series[series["geography_code"] == code]


def _chosen_regions_sentence(
    info: dict, period: str, chosen: pd.DataFrame, england_value, series: pd.DataFrame, year: int, decimals: int
) -> str:
    sentences = []
    for r in chosen.itertuples():
        text = transforms.headline(
            transforms.area_phrase(r.geography_name),
            info["label"],
            info["unit"],
            info["polarity"],
            period,
            r.value,
            r.status,
            england_value,
            info.get("statement", ""),
            decimals,
        )
        change = transforms.change_since(_area_series(series, r.geography_code), year, info["unit"], decimals)
        sentences.append(f"{text} {change}".strip())
    return " ".join(sentences)


def outcome_headline(
    info: dict,
    period: str,
    regions: pd.DataFrame,
    england_value: float | None,
    region_codes: tuple[str, ...],
    series: pd.DataFrame | None = None,
    year: int | None = None,
) -> str:
    """The page's first sentences, generated from the figures: the chosen regions (or England) against
    England, the change since the earliest comparable year, and the best and furthest-behind regions
    (all of them when several share the figure)."""
    unit, polarity, label = info["unit"], info["polarity"], info["label"]
    if series is None:
        series = pd.DataFrame(columns=["geography_level", "geography_code", "year", "value", "status"])
    decimals = _decimals(info, regions, england_value)
    if region_codes:
        chosen = regions[regions["geography_code"].isin(region_codes)]
        return _chosen_regions_sentence(info, period, chosen, england_value, series, year, decimals)
    if england_value is None:
        return f"England's {period} figure for {label.lower()} is not published."
    statement = info.get("statement", "")
    shown = display_value(england_value, None, unit, decimals)
    text = (
        f"In {period}, " + statement.format(value=shown, area="England") + "."
        if statement
        else f"In {period}, England: {shown} ({label.lower()})."
    )
    england_series = series[series["geography_level"] == "england"]
    change = transforms.change_since(england_series, year, unit, decimals) if year is not None else ""
    if change:
        text += f" {change}"
    best, worst = transforms.tied_extremes(regions, polarity)
    if best.empty or set(best["geography_code"]) == set(worst["geography_code"]):
        return text
    plural = len(best) > 1
    top, bottom = (
        (f"Best region{'s' if plural else ''}", "furthest behind")
        if polarity != "neutral"
        else ("Highest", "lowest")
    )
    return text + (
        f" {top}: {transforms.names_with_value(best, unit, decimals)}; "
        f"{bottom}: {transforms.names_with_value(worst, unit, decimals)}."
    )


@data.from_view(uses=("regions", "indicator", "period_label", "england"))
def region_table(view: OutcomeView) -> pd.DataFrame:
    """The table behind the region chart: numbers blank where a symbol stands, status spelled out."""
    df = view.regions.sort_values("rank", na_position="last")
    rank = "Rank (1 = best)" if view.indicator["polarity"] != "neutral" else "Rank (1 = highest)"
    return pd.DataFrame(
        {
            "Region": df["geography_name"],
            "Code": df["geography_code"],
            "Year": view.period_label,
            view.indicator["short_label"]: df["value"],
            "England": view.england,
            "Gap to England": df["gap_to_england"].round(1),
            "Compared with England": df["verdict"],
            rank: df["rank"],
            "Count": df["numerator"],
            "Total": df["denominator"],
            "Status": status_words(df["status"]),
            **derived_column(df),
        }
    )


# Long names shortened at the end of a trend line, where space is short (the tooltip has the full name).
TREND_LABEL_NAMES = {code: tile["label"] for code, tile in REGION_TILES.items() if len(tile["name"]) > 16}


def trend_highlight(view: OutcomeView, region_codes: tuple[str, ...], picked) -> tuple[list[str], str]:
    """The regions the trend chart highlights: those chosen in the filters and on the chart's own
    control; with none, the best and the furthest-behind region in the year shown, said in words."""
    chosen = [code for code in dict.fromkeys([*region_codes, *(picked or ())]) if isinstance(code, str)]
    if chosen:
        return chosen, ""
    default = builders.default_highlight(view.series, view.indicator["polarity"], view.year)
    names = view.regions.set_index("geography_code")["geography_name"]
    if len(default) < 2:
        return default, ""
    best, worst = (names.get(code, code) for code in default)
    if view.indicator["polarity"] == "neutral":
        words = f"the highest ({best}) and lowest ({worst}) regions"
    else:
        words = f"the best region ({best}) and the one furthest behind ({worst})"
    return default, (
        f"Highlighted: England and {words} in {view.period_label}; other regions in grey. Choose regions "
        "below, or in the filters, to highlight them instead."
    )


@data.from_view(uses=("series",))
def series_table(view: OutcomeView) -> pd.DataFrame:
    """The table behind the trend: one column per year, headed by its period and marked '(derived)'
    where the figures are derived from counts."""
    df = view.series
    wide = df.pivot_table(
        index=["geography_name", "geography_code"], columns="year", values="value", aggfunc="first"
    ).reset_index()
    headings = year_headings(df)
    wide.columns = [headings.get(c, c) if isinstance(c, int | float) else c for c in wide.columns]
    return wide.rename(columns={"geography_name": "Area", "geography_code": "Code"})


def trend_title(view: OutcomeView) -> str:
    """The trend chart's title, marking the years whose figures are derived (as its table does)."""
    return f"{view.indicator['short_label']} over time{transforms.derived_mark(view.series)}"


def change_start(view: OutcomeView) -> str:
    """The first year of the change table, as its period label ('2016', '2018/19')."""
    first = view.series.sort_values("year").iloc[0]
    return str(first["period_label"])


@data.from_view(uses=("series", "year"))
def change_table(view: OutcomeView) -> pd.DataFrame:
    years = sorted(view.series["year"].unique())
    if len(years) < 2 or view.year <= years[0]:
        return pd.DataFrame()  # the first year has nothing to change from
    change = transforms.change_between(view.series, years[0], view.year)
    headings = year_headings(view.series)
    start, end = headings[int(years[0])], headings[int(view.year)]
    return change.rename(
        columns={
            "geography_name": "Area",
            "geography_code": "Code",
            "start_value": start,
            "end_value": end,
            "change": "Change",
        }
    )[["Area", "Code", start, end, "Change"]]


@data.from_view
def la_table(view: OutcomeView) -> pd.DataFrame:
    df = view.las
    return pd.DataFrame(
        {
            **la_columns(df),
            view.indicator["short_label"]: df["value"],
            "Gap to England": df["gap_to_england"].round(1),
            "Compared with England": df["verdict"],
            "Count": df["numerator"],
            "Total": df["denominator"],
            "Status": status_words(df["status"]),
            **derived_column(df),
        }
    )


# --- maps -----------------------------------------------------------------------------------------


@dataclass
class MapPanel:
    chart: chart_specs.ChartSpec
    attribution: str | None  # the ONS boundaries licence, shown wherever boundaries are drawn
    note: str | None  # what the offline tile map is, when it stands in for boundaries


def map_frame(df: pd.DataFrame, unit: str, polarity: str) -> pd.DataFrame:
    """The rows a map draws: value and status, and the gap to England in the tooltip's words."""
    out = df[["geography_code", "geography_name", "value", "status"]].copy()
    if "gap_to_england" in df:
        decimals = text.decimals_for(df["value"], unit)
        verdicts = df["verdict"] if "verdict" in df else [None] * len(df)
        out["compared"] = [
            text.gap_text(gap, unit, polarity, decimals, verdict)
            for gap, verdict in zip(df["gap_to_england"], verdicts, strict=True)
        ]
    return out


MAP_TOOLTIPS = {"compared": wording.COMPARED_WITH_ENGLAND}


@data.from_view(uses=("regions", "indicator", "period_label", "year"))
def region_map(view: OutcomeView, scheme_kind: str, highlight: tuple[str, ...]) -> MapPanel:
    """The region choropleth on real boundaries, or the offline tile map when none are available. One
    spec per indicator, year and scheme: the highlighted regions are its parameter."""
    from nnecl_data.charts import maps

    real = data.boundary_layers() is not None
    chart = _region_map_chart(
        map_frame(view.regions, view.indicator["unit"], view.indicator["polarity"]),
        title=f"{view.indicator['short_label']} by region, {view.period_label}",
        value_label=view.indicator["short_label"],
        unit=view.indicator["unit"],
        scheme_kind=scheme_kind,
        highlight=tuple(highlight),
        year=view.year,
        real=real,
    )
    return MapPanel(chart, maps.ATTRIBUTION if real else None, None if real else OFFLINE_MAP_NOTE)


def _choropleth(layer: str, frame: pd.DataFrame, year: int, successors=None, **labels):
    """A choropleth of one boundary layer; no year= for the chart: areas_for_codes already chose each
    code's boundary. The licence is drawn as a caption: inside the chart it breaks Streamlit's layout."""
    from nnecl_data import geo
    from nnecl_data.charts import maps

    gdf = geo.areas_for_codes(data.boundary_layers()[layer], set(frame["geography_code"]), year, successors)
    return maps.choropleth(
        gdf, frame, legend_orient="bottom", attribution=False, tooltip_titles=MAP_TOOLTIPS, **labels
    )


def _map_highlight(frame, *, highlight=None, **_ignored):
    from nnecl_data.charts import maps

    return maps.highlight_variant(highlight, frame["geography_code"])


def _region_map(frame, *, title, value_label, unit, scheme_kind, highlight, year, real):
    from nnecl_data.charts import maps

    labels = {"title": title, "value_label": value_label, "unit": unit, "scheme_kind": scheme_kind}
    if not real:
        return maps.tile_map(
            frame,
            highlight_codes=list(highlight or ()),
            tooltip_titles=MAP_TOOLTIPS,
            area_noun="regions",
            **labels,
        )
    return _choropleth(
        "regions", frame, year, highlight_codes=list(highlight or ()), area_noun="regions", **labels
    )


_region_map_chart = chart_specs.cached(_region_map, variant=_map_highlight)


@data.from_view
def la_map(view: OutcomeView, scheme_kind: str) -> chart_specs.ChartSpec | None:
    """Local authorities of the selected regions; None without boundaries."""
    if data.boundary_layers() is None or view.las is None or view.las.empty:
        return None
    return _la_map_chart(
        map_frame(view.las, view.indicator["unit"], view.indicator["polarity"]),
        title=f"{view.indicator['short_label']} by local authority, {view.period_label}",
        value_label=view.indicator["short_label"],
        unit=view.indicator["unit"],
        scheme_kind=scheme_kind,
        year=view.year,
    )


@chart_specs.cached
def _la_map_chart(frame, *, title, value_label, unit, scheme_kind, year):
    las = data.local_authorities()
    successors = {  # a code replaced by exactly one successor borrows its boundary
        code: succ
        for code, succ in zip(las["code"], las["replaced_by"], strict=True)
        if isinstance(succ, str) and succ and " " not in succ
    }
    labels = {"title": title, "value_label": value_label, "unit": unit, "scheme_kind": scheme_kind}
    return _choropleth("utla", frame, year, successors, area_noun="local authorities", **labels)
