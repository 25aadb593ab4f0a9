"""Key statements: one sentence per indicator, generated from the figures (transforms.headline and the
indicator's sentence template), with the change since the earliest comparable year; a suppressed or
unavailable figure is said to be "not published". Figures side by side share one precision
(transforms.decimals_for), and areas sharing a figure are named together."""

from __future__ import annotations

import pandas as pd

from nnecl_data import wording
from nnecl_data.database import queries
from nnecl_data.evidence.model import INDICATORS, Selection, Statement
from nnecl_data.evidence.reading import england_figure, shown
from nnecl_data.rules import transforms
from nnecl_data.rules.suppression import is_publishable


def _decimals(info: dict, areas: pd.DataFrame, england) -> int:
    return transforms.decimals_for([*areas["value"], england], info["unit"])


def _series_of(bind, code: str, geography: str | None, level: str = "region") -> pd.DataFrame:
    """One area's series (England's when `geography` is None)."""
    series = queries.indicator_series(bind, code, geography_codes=[geography] if geography else None, level=level)
    if geography is None:
        return series[series["geography_level"] == "england"]
    return series[series["geography_code"] == geography]


def _figure_of(rows: pd.DataFrame, unit: str, decimals: int, level: str) -> str:
    """'36% (London and the South East)': a figure and every area that has it."""
    value = shown(float(rows["value"].iloc[0]), None, unit, decimals)
    return f"{value} ({transforms.area_names(rows, level)})"


def _low_high(published: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every area sharing the lowest figure, and every one sharing the highest."""
    return transforms.tied_extremes(published, "lower_better")


def _england_statement(info: dict, bind, year: int) -> tuple[Statement, list[str]]:
    code, unit = info["code"], info["unit"]
    value, status, period = england_figure(bind, code, year)
    regions = queries.indicator_by_region(bind, code, year)
    decimals = _decimals(info, regions, value)
    text = transforms.headline(
        "England",
        info["label"],
        unit,
        info["polarity"],
        period,
        value,
        status,
        None,
        info.get("statement", ""),
        decimals,
    )
    change = transforms.change_since(_series_of(bind, code, None), year, unit, decimals)
    if change and value is not None:
        text += f" {change}"
    low, high = _low_high(regions)
    if not low.empty and set(low["geography_code"]) != set(high["geography_code"]):
        text += (
            f" Across the 9 regions it ranged from {_figure_of(low, unit, decimals, 'region')} "
            f"to {_figure_of(high, unit, decimals, 'region')}."
        )
    return Statement(text, code, value is not None), sorted(set(regions["source_id"]))


def _region_statement(info: dict, bind, year: int, region: str) -> tuple[Statement, list[str]]:
    code, unit = info["code"], info["unit"]
    england, _, period = england_figure(bind, code, year)
    regions = queries.indicator_by_region(bind, code, year)
    regions = transforms.with_rank(regions, info["polarity"])
    row = regions[regions["geography_code"] == region]
    if row.empty:
        return Statement(f"No {period} figure is held for this region ({info['label'].lower()}).", code, False), []
    r = row.iloc[0]
    name = transforms.area_phrase(r["geography_name"])
    status = r["status"] if isinstance(r["status"], str) else None
    if not is_publishable(r["value"], status):
        text = f"The {period} figure for {name} ({info['label'].lower()}) is not published ({status or 'x'})."
        return Statement(text, code, False), sorted(set(row["source_id"]))
    decimals = _decimals(info, regions, england)
    text = transforms.headline(
        name,
        info["label"],
        unit,
        info["polarity"],
        period,
        r["value"],
        status,
        england,
        info.get("statement", ""),
        decimals,
    )
    if info["polarity"] != "neutral" and not pd.isna(r["rank"]):
        ranked = int(regions["rank"].notna().sum())
        text += f" It ranks {transforms.rank_words(r['rank'], regions['rank'])} of {ranked} regions (1st = best)."
    change = transforms.change_since(_series_of(bind, code, region), year, unit, decimals)
    if change:
        text += f" {change}"
    return Statement(text, code, True), sorted(set(row["source_id"]))


def _la_changes(bind, code: str, las: pd.DataFrame, year: int) -> str:
    """'Since 2016 (derived from DfE's counts): down in 5 of the 10 local authorities with figures to
    compare, up in 2 and similar in 3.' — the trend across a combined authority's authorities (DfE
    publishes no figure for the area itself)."""
    codes = las["geography_code"].tolist()
    series = queries.indicator_series(bind, code, geography_codes=codes, level="local_authority")
    series = series[series["geography_level"] == "local_authority"]
    starts, counts = set(), {"down": 0, "up": 0, "similar": 0}
    for geography in codes:
        area = series[series["geography_code"] == geography]
        end = area[(area["year"] == year) & area["status"].isna() & area["value"].notna()]
        start = transforms.first_comparable(area, year)
        if end.empty or start is None:
            continue
        starts.add((int(start["year"]), str(start["period_label"]), bool(start["is_derived"])))
        change = float(end["value"].iloc[0]) - float(start["value"])
        counts["similar" if transforms.is_similar(change) else "up" if change > 0 else "down"] += 1
    compared = sum(counts.values())
    if not compared:
        return ""
    first = min(starts)
    mixed = len({period for _, period, _ in starts}) > 1
    notes = ([f"from {first[1]}"] if mixed else []) + (
        [wording.DERIVED_NOTE] if any(d for *_, d in starts) else []
    )
    since = "each authority's earliest published year" if mixed else first[1]
    since += f" ({'; '.join(notes)})" if notes else ""
    parts = [f"{word} in {n}" for word, n in counts.items() if n]
    parts[0] += f" of the {compared} local authorit{'y' if compared == 1 else 'ies'} with figures to compare"
    return f"Since {since}: {transforms.join_names(parts)}."


def _ca_statement(info: dict, bind, year: int, ca: str, ca_name: str) -> tuple[Statement, list[str], pd.DataFrame]:
    code, unit = info["code"], info["unit"]
    england, _, period = england_figure(bind, code, year)
    las = queries.indicator_by_la(bind, code, year, combined_authority=ca)
    n = len(las)
    area = f"the {n} local authorit{'y' if n == 1 else 'ies'} of the {ca_name} combined authority area"
    if las.empty:
        return Statement(f"No {period} local authority figures are held for {ca_name}.", code, False), [], las
    published = las[las["status"].isna() & las["value"].notna()].sort_values("value")
    hidden = las[~las.index.isin(published.index)]
    if published.empty:
        symbols = ", ".join(sorted({str(s) for s in hidden["status"] if s})) or "x"
        text = (
            f"In {period}, the figure for {info['label'].lower()} is not published for any of {area} ({symbols})."
        )
        return Statement(text, code, False), sorted(set(las["source_id"])), las
    decimals = _decimals(info, las, england)
    low, high = _low_high(published)
    if set(low["geography_code"]) == set(high["geography_code"]):
        value = _figure_of(low, unit, decimals, "local_authority")
    else:
        value = (
            f"between {_figure_of(low, unit, decimals, 'local_authority')} and "
            f"{_figure_of(high, unit, decimals, 'local_authority')}"
        )
    statement = info.get("statement") or "{value} in {area}"
    text = f"In {period}, " + statement.format(value=value, area=area)
    text += f"; England: {shown(england, None, unit, decimals)}." if england is not None else "."
    if not hidden.empty:
        names = ", ".join(f"{r.geography_name} ({r.status or 'x'})" for r in hidden.itertuples())
        text += f" Not published for {names}."
    change = _la_changes(bind, code, las, year)
    if change:
        text += f" {change}"
    return Statement(text, code, True), sorted(set(las["source_id"])), las


def statements_for(
    bind, selection: Selection, name: str, info: dict[str, dict], years: dict[str, int | None]
) -> tuple[list[Statement], set[str]]:
    """One statement per indicator that has a year, and the ids of the sources behind them."""
    statements, source_ids = [], set()
    for code in INDICATORS:
        if years[code] is None:
            continue
        if selection.kind == "england":
            statement, ids = _england_statement(info[code], bind, years[code])
        elif selection.kind == "region":
            statement, ids = _region_statement(info[code], bind, years[code], selection.code)
        else:
            statement, ids, _ = _ca_statement(info[code], bind, years[code], selection.code, name)
        statements.append(statement)
        source_ids |= set(ids)
    return statements, source_ids
