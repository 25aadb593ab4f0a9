"""Key statements: one sentence per indicator, generated from the figures (transforms.headline and the
indicator's sentence template); a suppressed or unavailable figure is said to be "not published"."""

from __future__ import annotations

import pandas as pd

from nnecl_data.database import queries
from nnecl_data.evidence.model import INDICATORS, Selection, Statement
from nnecl_data.evidence.reading import england_figure, shown
from nnecl_data.rules import transforms
from nnecl_data.rules.suppression import is_publishable


def _england_statement(info: dict, bind, year: int) -> tuple[Statement, list[str]]:
    code, unit = info["code"], info["unit"]
    value, status, period = england_figure(bind, code, year)
    regions = queries.indicator_by_region(bind, code, year)
    text = transforms.headline(
        "England", info["label"], unit, info["polarity"], period, value, status, None, info.get("statement", "")
    )
    best, worst = transforms.extremes(regions, info["polarity"])
    if best is not None and best.geography_code != worst.geography_code:
        low, high = sorted([best, worst], key=lambda r: r.value)
        text += (
            f" Across the 9 regions it ranged from {shown(low.value, None, unit)} ({low.geography_name}) "
            f"to {shown(high.value, None, unit)} ({high.geography_name})."
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
    text = transforms.headline(
        name, info["label"], unit, info["polarity"], period, r["value"], status, england, info.get("statement", "")
    )
    if not is_publishable(r["value"], status):
        text = f"The {period} figure for {name} ({info['label'].lower()}) is not published ({status or 'x'})."
    elif info["polarity"] != "neutral" and not pd.isna(r["rank"]):
        ranked = int(regions["rank"].notna().sum())
        text += f" It ranks {_ordinal(int(r['rank']))} of {ranked} regions (1st = best)."
    return Statement(text, code, is_publishable(r["value"], status)), sorted(set(row["source_id"]))


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
    low, high = published.iloc[0], published.iloc[-1]
    if len(published) == 1:
        value = f"{shown(low['value'], None, unit)} ({low['geography_name']})"
    else:
        value = (
            f"between {shown(low['value'], None, unit)} ({low['geography_name']}) and "
            f"{shown(high['value'], None, unit)} ({high['geography_name']})"
        )
    statement = info.get("statement") or "{value} in {area}"
    text = f"In {period}, " + statement.format(value=value, area=area)
    text += f"; England: {shown(england, None, unit)}." if england is not None else "."
    if not hidden.empty:
        names = ", ".join(f"{r.geography_name} ({r.status or 'x'})" for r in hidden.itertuples())
        text += f" Not published for {names}."
    return Statement(text, code, True), sorted(set(las["source_id"])), las


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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
