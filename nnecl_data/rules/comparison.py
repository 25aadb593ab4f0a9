"""One local authority against its statistical neighbours, its region, England and every authority.

Pure: DataFrames and numbers in, numbers and words out. A cell with a status (c, x, z, ...) is not a
number: it is never averaged, ranked, banded or differenced. The rules, as the methods page states them:

- Neighbours' average: the simple mean of the neighbours' published figures, with how many of the 10 it
  covers (LAIT's rule: "simple averages for the selected LA's 10 statistical neighbours ... where data
  does not exist for one or more ... the information is excluded from the mean calculation"). Derived.
- Rank: among every authority with a published figure that year; 1 = best for the indicator's direction;
  equal figures share the better rank and are shown as joint (LAIT's `rank(ties.method = "min")`). An
  indicator with no better direction is ordered highest first and called a position, not a rank.
- Quartile band: LAIT's `calculate_quartile_band` (R/fn_analysis.R in
  github.com/dfe-analytical-services/local-authority-interactive-tool): the quartiles of every authority's
  published figure that year by R's default `quantile` (type 7, linear interpolation); A is the best
  quarter. Higher better: D = [min, Q1], C = (Q1, Q2], B = (Q2, Q3], A = (Q3, max]; lower better: A =
  [min, Q1] ... D = (Q3, max]. No band for an indicator with no better direction (LAIT shows '-').
- Change since the earliest comparable year: the authority's latest published figure minus its figure
  in the earliest year from which the indicator's figures can be compared (KS4: from 2022/23, see
  FIRST_COMPARABLE_YEAR) in which it has a published figure for the same area.
- Words: with figures published to a step (whole numbers for care leavers), a difference smaller than
  one step cannot be told apart from rounding and is called "close to", never above or below.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from nnecl_data.rules.suppression import display_value, is_publishable
from nnecl_data.rules.transforms import polarity_sign

BANDS = ("A", "B", "C", "D")
BAND_MEANINGS = {
    "A": "A: in the best quarter of authorities",
    "B": "B: second quarter",
    "C": "C: third quarter",
    "D": "D: in the quarter furthest behind",
}
# Indicators whose figures before a year cannot be compared with later ones, and why (with its source).
KS4_COMPARABLE_FROM = 2023
KS4_COMPARABILITY = (
    "DfE advises that key stage 4 attainment for 2019/20 and 2020/21 (grades set by schools and teachers "
    "when exams were cancelled) and for 2021/22 (adapted exams and grading) should not be compared directly "
    "with other years (Outcomes for children in need, including children looked after, 2020, 2021 and 2022 "
    "releases), so changes in KS4 figures are measured from 2022/23."
)
FIRST_COMPARABLE_YEAR = {
    "ks4_att8": KS4_COMPARABLE_FROM,
    "ks4_em_4plus": KS4_COMPARABLE_FROM,
    "ks4_em_5plus": KS4_COMPARABLE_FROM,
}


Cell = tuple[float | None, str | None]  # (value, status) as the query layer gives them


def is_number(cell: Cell) -> bool:
    return is_publishable(*cell)


def published(cells: Mapping[str, Cell]) -> dict[str, float]:
    """The cells that are numbers: no status and a value."""
    return {key: float(cell[0]) for key, cell in cells.items() if is_number(cell)}


@dataclass(frozen=True)
class Average:
    value: float | None  # None when no neighbour has a published figure
    covered: int  # neighbours with a published figure
    of: int  # neighbours in the grouping

    def coverage(self) -> str:
        return f"{self.covered} of {self.of}"


def neighbour_average(cells: Mapping[str, Cell], neighbour_codes: Iterable[str]) -> Average:
    """Mean of the neighbours' published figures. `cells`: area code -> (value, status) for one indicator
    and year; a neighbour with no cell (e.g. it no longer existed) simply has no figure."""
    codes = list(dict.fromkeys(neighbour_codes))
    figures = [float(cells[c][0]) for c in codes if c in cells and is_number(cells[c])]
    if not figures:
        return Average(None, 0, len(codes))
    return Average(sum(figures) / len(figures), len(figures), len(codes))


@dataclass(frozen=True)
class Rank:
    position: int  # 1 = best (or highest, for an indicator with no better direction)
    joint: bool  # another authority has the same figure
    of: int  # authorities with a published figure
    directional: bool  # False: a position by value, not better or worse

    def words(self) -> str:
        joint = "joint " if self.joint else ""
        order = "" if self.directional else " (highest first)"
        return f"{joint}{ordinal(self.position)} of {self.of}{order}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_among(cells: Mapping[str, Cell], code: str, polarity: str) -> Rank | None:
    """The authority's rank among every authority's published figure for one indicator and year
    (`cells`: area code -> (value, status)); None when its own figure is not published."""
    figures = published(cells)
    if code not in figures:
        return None
    value = figures[code]
    if polarity == "lower_better":
        better = sum(1 for v in figures.values() if v < value)
    else:
        better = sum(1 for v in figures.values() if v > value)
    joint = sum(1 for v in figures.values() if v == value) > 1
    return Rank(better + 1, joint, len(figures), polarity in ("higher_better", "lower_better"))


def quartiles(values: Iterable[float]) -> tuple[float, float, float, float, float] | None:
    """Minimum, Q1, median, Q3, maximum by linear interpolation (R's default quantile, type 7)."""
    ordered = sorted(float(v) for v in values)
    if not ordered:
        return None

    def at(p: float) -> float:
        h = (len(ordered) - 1) * p
        low = math.floor(h)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (h - low) * (ordered[high] - ordered[low])

    return tuple(at(p) for p in (0, 0.25, 0.5, 0.75, 1))  # type: ignore[return-value]


def quartile_band(value: float | None, limits: tuple[float, ...] | None, polarity: str) -> str | None:
    """LAIT's band for a figure, given `quartiles` of all authorities; None without a direction or figure."""
    if value is None or limits is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if polarity not in ("higher_better", "lower_better"):
        return None
    _, q1, q2, q3, _ = limits
    position = 0 if value <= q1 else 1 if value <= q2 else 2 if value <= q3 else 3  # lowest quarter first
    return BANDS[position] if polarity == "lower_better" else BANDS[3 - position]


@dataclass(frozen=True)
class Change:
    start_year: int
    start_value: float
    end_year: int
    end_value: float

    @property
    def change(self) -> float:
        return self.end_value - self.start_value


def change_since_comparable(series: Mapping[int, Cell], indicator_code: str, end_year: int) -> Change | None:
    """From the earliest comparable year with a published figure to `end_year`'s published figure.
    `series`: year -> (value, status) of one area and indicator. None when either end is not published."""
    first = FIRST_COMPARABLE_YEAR.get(indicator_code, min(series, default=end_year))
    years = sorted(y for y, cell in series.items() if first <= y <= end_year and is_number(cell))
    if not years or years[-1] != end_year or years[0] == end_year:
        return None
    return Change(years[0], float(series[years[0]][0]), end_year, float(series[end_year][0]))


def same_area_codes(local_authorities: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Each authority code -> every code of the same area, newest first. Codes of one area share DfE's
    three-digit code and follow each other one to one (a recode such as North Yorkshire E10000023 ->
    E06000065); an authority split or merged got new three-digit codes, so it is never joined here."""
    las = local_authorities
    dfe = dict(zip(las["code"], las["old_la_code"], strict=True))
    last = {c: (9999 if pd.isna(e) else int(e)) for c, e in zip(las["code"], las["end_year"], strict=True)}
    successor = {
        code: succ.strip()
        for code, succ in zip(las["code"], las["replaced_by"], strict=True)
        if isinstance(succ, str)
        and succ.strip()
        and " " not in succ.strip()
        and dfe.get(succ.strip()) == dfe[code]
    }

    def newest(code: str) -> str:
        seen = {code}
        while code in successor and successor[code] not in seen:
            code = successor[code]
            seen.add(code)
        return code

    areas: dict[str, list[str]] = {}
    for code in las["code"]:
        areas.setdefault(newest(code), []).append(code)
    out: dict[str, tuple[str, ...]] = {}
    for members in areas.values():
        ordered = tuple(sorted(members, key=lambda c: -last[c]))
        for code in members:
            out[code] = ordered
    return out


@dataclass(frozen=True)
class Figure:
    """One published cell: the value (None under a symbol), its status, and how it was published."""

    value: float | None
    status: str | None
    is_derived: bool = False
    period_label: str = ""

    @property
    def cell(self) -> Cell:
        return self.value, self.status


def area_cells(rows: pd.DataFrame, areas: Mapping[str, tuple[str, ...]]) -> dict[tuple[str, str, int], Figure]:
    """(indicator, area's newest code, year) -> its figure. Where codes of one area both have a row for
    the same indicator and year, the newest code's row is used (codes newest first, as `same_area_codes`
    gives them)."""
    out: dict[tuple[str, str, int], Figure] = {}
    order: dict[tuple[str, str, int], int] = {}
    names = ["indicator_code", "geography_code", "year", "value", "status", "is_derived", "period_label"]
    columns = [rows[c].tolist() if c in rows else [None] * len(rows) for c in names]
    for indicator, code, year, value, status, derived, period in zip(*columns, strict=True):
        codes = areas.get(code, (code,))
        key = (indicator, codes[0], int(year))
        rank = codes.index(code) if code in codes else 0
        if key in out and order[key] <= rank:
            continue
        number = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
        flag = status if isinstance(status, str) and status else None
        out[key] = Figure(number, flag, bool(derived), str(period or year))
        order[key] = rank
    return out


def publication_step(values: Iterable[float]) -> float:
    """The precision figures are published to: 1 when all are whole numbers, else 0.1."""
    return 1.0 if all(float(v).is_integer() for v in values) else 0.1


def difference_words(value: float, benchmark: float, unit: str, step: float) -> str:
    """'3 percentage points above', 'the same as', or 'close to' (a gap inside the rounding)."""
    gap = value - benchmark
    if abs(gap) < 1e-9:
        return "the same as"
    if abs(gap) < step - 1e-9:
        return "close to"
    size = abs(gap)
    decimals = 0 if step >= 1 and float(round(size, 1)).is_integer() else 1
    if unit == "percent":
        amount = f"{size:.{decimals}f} percentage point{'' if f'{size:.{decimals}f}' == '1' else 's'}"
    elif unit == "score":
        amount = f"{size:.1f} point{'' if f'{size:.1f}' == '1.0' else 's'}"
    else:
        amount = f"{size:.{decimals}f}"
    return f"{amount} {'above' if gap > 0 else 'below'}"


def verdict(value: float, benchmark: float, polarity: str, step: float) -> str:
    """'better', 'worse', 'similar' (inside the rounding) or '' for an indicator with no direction."""
    sign = polarity_sign(polarity)
    gap = value - benchmark
    if abs(gap) < step - 1e-9:
        return "similar"
    if sign == 0:
        return ""
    return "better" if gap * sign > 0 else "worse"


def format_average(average: Average, unit: str) -> str:
    """An average to one more decimal than whole-number figures need, e.g. '52.3%'; 'no figure' if none."""
    if average.value is None:
        return "no published figure"
    text = f"{average.value:,.1f}"
    return f"{text}%" if unit == "percent" else text


@dataclass(frozen=True)
class Benchmark:
    label: str  # e.g. "its statistical neighbours' average", "the North West", "England"
    value: float | None
    shown: str  # the value as the sentence writes it
    note: str = ""  # e.g. "(9 of 10 neighbours published)"


def headline(
    area: str,
    year_label: str,
    value,
    status,
    unit: str,
    polarity: str,
    statement: str,
    benchmarks: list[Benchmark],
    step: float,
) -> str:
    """A sentence from the data, e.g. 'In 2025, 53% of care leavers aged 19 to 21 in Salford were in
    education, employment or training: close to its statistical neighbours' average (52.6%, 10 of 10
    published) and 2 percentage points below England (55%).'"""
    if not is_publishable(value, status):
        shown = display_value(value, status, unit)
        return f"{area}'s {year_label} figure is not published ({shown}), so it is not compared."
    shown = display_value(value, status, unit)
    text = f"In {year_label}, " + (statement.format(value=shown, area=area) if statement else f"{area}: {shown}")
    parts = []
    for b in benchmarks:
        if b.value is None:
            parts.append(f"{b.label} has no published figure{(' (' + b.note + ')') if b.note else ''}")
            continue
        detail = f"{b.shown}{', ' + b.note if b.note else ''}"
        parts.append(f"{difference_words(float(value), b.value, unit, step)} {b.label} ({detail})")
    if parts:
        text += ": " + "; ".join(parts[:-1]) + ("; and " if len(parts) > 1 else "") + parts[-1]
    direction = {"higher_better": " Higher is better.", "lower_better": " Lower is better."}.get(polarity, "")
    return text + "." + direction
