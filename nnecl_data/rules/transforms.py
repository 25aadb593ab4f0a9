"""Pure transforms on query results: benchmarks against England, ranks, change over time, headlines.

No database, no Streamlit: DataFrames in, DataFrames or text out. A row with a status (c, x, z, ...)
never gets a gap, a rank or a change: those are numbers, and a suppressed cell has none.
"""

from __future__ import annotations

import math

import pandas as pd

from nnecl_data.rules.suppression import display_value, is_publishable


def england_figure(rows: pd.DataFrame, year: int) -> tuple[float | None, str | None, str]:
    """England's figure from its outcome rows for a year: (value, status, period label). The value is
    None unless published as a number; with no row at all the status is 'x' (not available)."""
    if rows.empty:
        return None, "x", str(year)
    row = rows.iloc[0]
    value = float(row["value"]) if is_publishable(row["value"], row["status"]) else None
    return value, row["status"], str(row["period_label"])


def with_verdict(df: pd.DataFrame, polarity: str) -> pd.DataFrame:
    """Add `verdict`: each row's gap to England in words (performance_against_england)."""
    out = df.copy()
    out["verdict"] = [performance_against_england(gap, polarity) for gap in out["gap_to_england"]]
    return out


def with_england_gap(df: pd.DataFrame, england: float | None) -> pd.DataFrame:
    """Add `england_value` and `gap_to_england` (value minus England; percentage points for percents)."""
    out = df.copy()
    out["england_value"] = england if england is not None else math.nan
    publishable = out["status"].isna() & out["value"].notna()
    out["gap_to_england"] = (out["value"] - out["england_value"]).where(publishable)
    return out


def polarity_sign(polarity: str) -> int:
    """+1 when higher is better, -1 when lower is better, 0 when neither."""
    return {"higher_better": 1, "lower_better": -1}.get(polarity, 0)


def with_rank(df: pd.DataFrame, polarity: str) -> pd.DataFrame:
    """Rank 1 = best for the indicator's polarity (highest value for neutral indicators); ties share the
    better rank. Suppressed rows get no rank."""
    out = df.copy()
    ascending = polarity == "lower_better"
    out["rank"] = out["value"].where(out["status"].isna()).rank(method="min", ascending=ascending)
    out["rank"] = out["rank"].astype("Int64")
    return out


def performance_against_england(gap: float | None, polarity: str, tolerance: float = 0.5) -> str:
    """'better', 'worse', 'similar' or 'not comparable' — words, so colour is never the only signal."""
    if gap is None or (isinstance(gap, float) and math.isnan(gap)):
        return "not comparable"
    sign = polarity_sign(polarity)
    if sign == 0:
        return "higher" if gap > tolerance else "lower" if gap < -tolerance else "similar"
    if abs(gap) <= tolerance:
        return "similar"
    return "better" if gap * sign > 0 else "worse"


def change_between(series: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Per area: value in start_year, value in end_year and the change, where both are published."""
    keep = series[series["year"].isin([start_year, end_year])]
    wide = keep.pivot_table(
        index=["geography_code", "geography_name"], columns="year", values="value", aggfunc="first"
    )
    wide = wide.reindex(columns=[start_year, end_year])
    wide.columns = ["start_value", "end_value"]
    wide = wide.reset_index()
    wide["change"] = wide["end_value"] - wide["start_value"]
    wide["start_year"], wide["end_year"] = start_year, end_year
    return wide


def unit_suffix(unit: str) -> str:
    return {"percent": "%", "rate_per_10000": " per 10,000", "score": ""}.get(unit, "")


def gap_words(gap: float, unit: str) -> str:
    size = abs(gap)
    if unit == "percent":
        shown = f"{size:.0f}" if float(round(size, 1)).is_integer() else f"{size:.1f}"
        amount = f"{shown} percentage point{'' if shown == '1' else 's'}"
    elif unit == "score":
        amount = f"{size:.1f} points"
    else:
        amount = f"{size:.0f}"
    return f"{amount} {'above' if gap > 0 else 'below'}"


NO_ARTICLE = {"London", "Yorkshire and The Humber", "England"}


def area_phrase(name: str, level: str = "region") -> str:
    """'the North East', but 'London', 'Yorkshire and The Humber' and local authority names as they are."""
    return name if level != "region" or name in NO_ARTICLE else f"the {name}"


def headline(
    area_name: str,
    indicator_label: str,
    unit: str,
    polarity: str,
    year_label: str,
    value,
    status,
    england: float | None,
    statement: str = "",
) -> str:
    """One plain-English sentence, generated from the data, e.g. 'In 2025, 44% of care leavers aged 19
    to 21 in the North East were not in education, employment or training (NEET): 4 percentage points
    above England (40%), worse than England.'"""
    if not is_publishable(value, status):
        return f"The {year_label} figure for {area_name} is not published ({display_value(value, status, unit)})."
    shown = display_value(value, status, unit)
    if statement:
        text = f"In {year_label}, " + statement.format(value=shown, area=area_name)
    else:
        text = f"In {year_label}, {area_name}: {shown} ({indicator_label.lower()})"
    if england is not None and not math.isnan(england):
        gap = value - england
        if round(abs(gap), 1) == 0:
            text += f", the same as England ({display_value(england, None, unit)})."
        else:
            verdict = performance_against_england(gap, polarity)
            judged = f", {verdict} than England" if verdict in ("better", "worse") else ""
            text += f": {gap_words(gap, unit)} England ({display_value(england, None, unit)}){judged}."
    else:
        text += "."
    return text


def extremes(df: pd.DataFrame, polarity: str) -> tuple[pd.Series | None, pd.Series | None]:
    """(best, worst) published rows for the indicator's polarity; None when nothing is published."""
    published = df[df["status"].isna() & df["value"].notna()]
    if published.empty:
        return None, None
    ordered = published.sort_values("value", ascending=(polarity == "lower_better"))
    return ordered.iloc[0], ordered.iloc[-1]


def display_table(df: pd.DataFrame, unit: str, columns: dict[str, str]) -> pd.DataFrame:
    """A table for people: chosen columns renamed, and a 'Status' column spelling out any symbol.
    Numbers on suppressed rows are already blank (queries mask them)."""
    from nnecl_data.rules.suppression import describe

    out = df[list(columns)].rename(columns=columns).copy()
    if "status" in df.columns:
        out["Status"] = df["status"].map(lambda st: describe(st) if st else "published")
    return out
