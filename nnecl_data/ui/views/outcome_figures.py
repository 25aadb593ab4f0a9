"""Pieces shared by the views that show DfE outcome figures (overview, outcomes, gaps)."""

from __future__ import annotations

import pandas as pd

from nnecl_data import wording
from nnecl_data.rules import transforms
from nnecl_data.rules.suppression import describe as describe_status
from nnecl_data.ui import data

OUTCOME_SOURCES = ["dfe_cla_2025", "dfe_cla_2022", "dfe_sfr41_2016", "dfe_sfr50_2017"]


GAP_UNITS = wording.GAP_UNITS
POLARITY_WORDS = {"higher_better": "higher is better", "lower_better": "lower is better"}


def gap_unit(unit: str) -> str:
    return GAP_UNITS.get(unit, "units")


def polarity_words(polarity: str) -> str:
    return POLARITY_WORDS.get(polarity, "neither higher nor lower is better")


def indicator_info(indicator_code: str) -> dict:
    """The indicator's row of the indicators table (label, unit, polarity, definition ...) with its code."""
    info = data.indicators().set_index("code").loc[indicator_code].to_dict()
    info["code"] = indicator_code
    return info


def england(indicator_code: str, year: int) -> tuple[float | None, str]:
    """England's published figure for the year (None if not published as a number) and its period."""
    value, _status, period = transforms.england_figure(data.england_value(indicator_code, year), year)
    return value, period


def against_england(df: pd.DataFrame, england_value: float | None, polarity: str) -> pd.DataFrame:
    """Areas with their gap to England and the verdict in words."""
    return transforms.with_verdict(transforms.with_england_gap(df, england_value), polarity)


def status_words(statuses: pd.Series) -> pd.Series:
    """The Status column of a table: a symbol spelled out, or "published"."""
    return statuses.map(lambda s: describe_status(s) if s else wording.PUBLISHED)


def derived_words(derived: pd.Series) -> pd.Series:
    """The Derived column of a table: 'derived' beside a figure computed here from DfE's counts."""
    return derived.astype(bool).map({True: wording.DERIVED, False: ""})


def derived_column(df: pd.DataFrame) -> dict[str, pd.Series]:
    """{'Derived': ...} for a table of one year whose figures are derived (2016, 2017); {} otherwise, so
    a table of published figures carries no empty column."""
    if "is_derived" in df and df["is_derived"].astype(bool).any():
        return {"Derived": derived_words(df["is_derived"])}
    return {}


def derived_sentence(df: pd.DataFrame, period: str) -> str:
    """' The 2016 figures are derived from DfE's counts.' when the year's figures are; '' otherwise."""
    if "is_derived" in df and df["is_derived"].astype(bool).any():
        return f" The {period} figures are {wording.DERIVED_NOTE}."
    return ""


def year_heading(period: str, derived: bool) -> str:
    """A year as a column heading, marked when its figures are derived: '2016 (derived)'."""
    return f"{period} ({wording.DERIVED})" if derived else str(period)


def year_headings(series: pd.DataFrame) -> dict[int, str]:
    """Each year of a series -> its column heading (period label, marked when any figure is derived)."""
    grouped = series.groupby("year").agg(period=("period_label", "first"), derived=("is_derived", "any"))
    return {int(year): year_heading(str(r.period), bool(r.derived)) for year, r in grouped.iterrows()}


def la_columns(las: pd.DataFrame) -> dict[str, pd.Series]:
    """The first columns of a local authority table: its name, code and region."""
    return {
        "Local authority": las["geography_name"],
        "Code": las["geography_code"],
        "Region": las["region_code"].map(data.region_names()),
    }
