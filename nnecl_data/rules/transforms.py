"""Pure transforms on query results: benchmarks against England, ranks, change over time, headlines.

No database, no Streamlit: DataFrames in, DataFrames or text out. A row with a status (c, x, z, ...)
never gets a gap, a rank or a change: those are numbers, and a suppressed cell has none.
"""

from __future__ import annotations

import math

import pandas as pd

from nnecl_data import wording
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


# The one rule for calling a gap (to England, or over time) similar, explained to readers in
# wording.GAP_RULE: DfE rounds most figures to whole numbers, so a gap of 1 point can come from rounding.
SIMILAR_WITHIN = 1.0


def shown_gap(gap: float) -> float:
    """A gap as the published figures show it (to one decimal), so 0.4 stays 0.4 and 1.0000001 is 1."""
    return round(float(gap), 1)


def is_similar(gap: float) -> bool:
    return abs(shown_gap(gap)) <= SIMILAR_WITHIN


def performance_against_england(gap: float | None, polarity: str) -> str:
    """'better', 'worse', 'similar' or 'not comparable' (for neutral indicators 'higher', 'lower' or
    'similar') — words, so colour is never the only signal. One rule: SIMILAR_WITHIN."""
    if gap is None or (isinstance(gap, float) and math.isnan(gap)):
        return "not comparable"
    if is_similar(gap):
        return "similar"
    sign = polarity_sign(polarity)
    if sign == 0:
        return "higher" if gap > 0 else "lower"
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


def amount_words(size: float, unit: str) -> str:
    """A gap's size in words: '4 percentage points', '0.4 percentage points', '1.2 points', '3 per 10,000'."""
    size = abs(shown_gap(size))
    shown = f"{size:.0f}" if float(size).is_integer() else f"{size:.1f}"
    if unit == "percent":
        return f"{shown} percentage point{'' if shown == '1' else 's'}"
    if unit == "score":
        return f"{size:.1f} points"
    if unit == "rate_per_10000":
        return f"{shown} per 10,000"
    return shown


def gap_words(gap: float, unit: str) -> str:
    return f"{amount_words(gap, unit)} {'above' if gap > 0 else 'below'}"


def decimals_for(values, unit: str) -> int:
    """The precision figures shown side by side share: one decimal for scores, and for any set of
    figures of which one is published with a decimal (KS4: 17.0% beside 17.4%); else whole numbers."""
    if unit == "score":
        return 1
    published = [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return 1 if any(not float(round(v, 1)).is_integer() for v in published) else 0


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_words(rank: int, ranks) -> str:
    """'5th', or 'joint 5th' when another area shares the rank (ties share the better rank)."""
    shared = sum(1 for r in ranks if r is not None and not pd.isna(r) and int(r) == int(rank)) > 1
    return f"{'joint ' if shared else ''}{ordinal(int(rank))}"


def join_names(names: list[str]) -> str:
    """'London', 'London and the South East', 'A, B and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


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
    decimals: int | None = None,
) -> str:
    """One plain-English sentence, generated from the data, e.g. 'In 2025, 44% of care leavers aged 19
    to 21 in the North East were not in education, employment or training (NEET): 4 percentage points
    above England (40%), worse than England.' `decimals` defaults to the precision the area's and
    England's figures share (decimals_for)."""
    if not is_publishable(value, status):
        return f"The {year_label} figure for {area_name} is not published ({display_value(value, status, unit)})."
    if decimals is None:
        decimals = decimals_for([value, england], unit)
    shown = display_value(value, status, unit, decimals)
    if statement:
        text = f"In {year_label}, " + statement.format(value=shown, area=area_name)
    else:
        text = f"In {year_label}, {area_name}: {shown} ({indicator_label.lower()})"
    if england is not None and not math.isnan(england):
        gap = value - england
        england_text = display_value(england, None, unit, decimals)
        if shown_gap(gap) == 0:
            text += f", the same as England ({england_text})."
        else:
            verdict = performance_against_england(gap, polarity)
            judged = {"better": ", better than England", "worse": ", worse than England"}.get(verdict, "")
            judged = ", similar to England" if verdict == "similar" else judged  # within SIMILAR_WITHIN
            text += f": {gap_words(gap, unit)} England ({england_text}){judged}."
    else:
        text += "."
    return text


def first_comparable(series: pd.DataFrame, end_year: int):
    """The earliest year before `end_year` with a published figure, from one area's series (rows with
    year, value, status, is_derived, period_label): the start of 'the change since'. None if none.
    The dataset records no break in these series, so every earlier published year compares."""
    published = series[series["status"].isna() & series["value"].notna() & (series["year"] < end_year)]
    if published.empty:
        return None
    return published.sort_values("year").iloc[0]


def change_since(series: pd.DataFrame, end_year: int, unit: str, decimals: int | None = None) -> str:
    """'Since 2016 (37%, derived from DfE's counts): up 3 percentage points.' — the change from the
    earliest comparable year to `end_year`, in one area's series; '' when there is nothing to compare."""
    end = series[(series["year"] == end_year) & series["status"].isna() & series["value"].notna()]
    start = first_comparable(series, end_year)
    if end.empty or start is None:
        return ""
    end_value, start_value = float(end.iloc[0]["value"]), float(start["value"])
    if decimals is None:
        decimals = decimals_for(
            [v for v, s in zip(series["value"], series["status"], strict=True) if not isinstance(s, str)], unit
        )
    derived = f", {wording.DERIVED_NOTE}" if bool(start.get("is_derived", False)) else ""
    period = str(start.get("period_label") or start["year"])
    before = f"Since {period} ({display_value(start_value, None, unit, decimals)}{derived})"
    change = end_value - start_value
    if shown_gap(change) == 0:
        return f"{before}: no change."
    if is_similar(change):
        return f"{before}: similar ({'up' if change > 0 else 'down'} {amount_words(change, unit)})."
    return f"{before}: {'up' if change > 0 else 'down'} {amount_words(change, unit)}."


def derived_years(series: pd.DataFrame) -> str:
    """'2016 and 2017' for a series with derived years (marked '(2016 and 2017 derived)' in a chart's
    title, and as wording.DERIVED_NOTE in a sentence); '' without."""
    if series.empty or "is_derived" not in series:
        return ""
    years = sorted({str(p) for p, d in zip(series["period_label"], series["is_derived"], strict=True) if d})
    return join_names(years)


def derived_mark(series: pd.DataFrame) -> str:
    """' (2016 and 2017 derived)' for a chart title; '' when nothing in the series is derived. Short:
    a long title squeezes the plot of a chart fitted to its width."""
    years = derived_years(series)
    return f" ({years} {wording.DERIVED})" if years else ""


def extremes(df: pd.DataFrame, polarity: str) -> tuple[pd.Series | None, pd.Series | None]:
    """(best, worst) published rows for the indicator's polarity; None when nothing is published.
    One row each: use `tied_extremes` to name every area that shares the best or worst figure."""
    published = df[df["status"].isna() & df["value"].notna()]
    if published.empty:
        return None, None
    ordered = published.sort_values("value", ascending=(polarity == "lower_better"))
    return ordered.iloc[0], ordered.iloc[-1]


def tied_extremes(df: pd.DataFrame, polarity: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(best rows, worst rows): every published area sharing the best figure, and every one sharing the
    worst, in name order. For a neutral indicator: highest, lowest. Empty frames when nothing is published."""
    published = df[df["status"].isna() & df["value"].notna()]
    if published.empty:
        return published, published
    shown = published["value"].round(1)
    top, bottom = (shown.min(), shown.max()) if polarity == "lower_better" else (shown.max(), shown.min())
    best = published[shown == top].sort_values("geography_name")
    worst = published[shown == bottom].sort_values("geography_name")
    return best, worst


def names_with_value(rows: pd.DataFrame, unit: str, decimals: int, level: str = "region") -> str:
    """'London and the South East (36%)': areas sharing one figure, named together."""
    return f"{area_names(rows, level)} ({display_value(float(rows['value'].iloc[0]), None, unit, decimals)})"


def area_names(rows: pd.DataFrame, level: str = "region") -> str:
    """'London and the South East': the areas of some rows, in a sentence."""
    return join_names([area_phrase(n, level) for n in rows["geography_name"]])


def display_table(df: pd.DataFrame, unit: str, columns: dict[str, str]) -> pd.DataFrame:
    """A table for people: chosen columns renamed, and a 'Status' column spelling out any symbol.
    Numbers on suppressed rows are already blank (queries mask them)."""
    from nnecl_data.rules.suppression import describe

    out = df[list(columns)].rename(columns=columns).copy()
    if "status" in df.columns:
        out["Status"] = df["status"].map(lambda st: describe(st) if st else "published")
    return out
