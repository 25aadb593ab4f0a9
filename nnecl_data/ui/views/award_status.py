"""Pieces shared by the views that show the register's institutions and their Quality Mark status (Quality
Mark coverage, target tracker, regional gaps, institutions, methods). The rules are
nnecl_data.rules.quality_mark's; the words are nnecl_data.wording's."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from nnecl_data import wording
from nnecl_data.charts import theme
from nnecl_data.rules import quality_mark
from nnecl_data.rules.register_gaps import KNOWN_GAPS
from nnecl_data.ui import data

# The register's publishers, cited when a selection holds no institution to take its sources from.
REGISTER_SOURCES = ["dfe_fe_colleges", "hesa_hei_region", "discover_uni_2025", "dfe_ks5_2019", "ofs_register_2018"]
CHART_STATUSES = [wording.STATUS_LABELS[k] for k in wording.CHARTED_STATUSES]
CHART_COLOURS = [theme.STATUS_COLOURS[k] for k in wording.CHARTED_STATUSES]
STATUS_RANK = {code: rank for rank, code in enumerate(wording.STATUS_LABELS)}  # sort order in tables


def with_status(institutions: pd.DataFrame, on_date: dt.date) -> pd.DataFrame:
    """Institutions with their status at the date (`status`, `holds_award`) and its label."""
    out = quality_mark.with_status(institutions, data.awards(), on_date)
    out["status_label"] = out["status"].map(wording.status_label)
    return out


def award_sources() -> list[str]:
    return sorted(set(data.awards()["source_id"]))


def register_sources(institutions: pd.DataFrame) -> list[str]:
    return sorted(set(institutions["source_id"].dropna())) or REGISTER_SOURCES


def known_gaps() -> list[str]:
    """Places the register is known to miss (its public lists leave them out)."""
    return list(KNOWN_GAPS)


def pct_text(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not available"
    return f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"


def source_names(source_ids: list[str]) -> list[str]:
    """Sources as a reader knows them ('University of York: University of York news …'), not their ids."""
    src = data.sources(tuple(sorted(set(source_ids)))).set_index("source_id")
    return [f"{src.loc[i, 'publisher']}: {src.loc[i, 'title']}" if i in src.index else i for i in source_ids]


def unmatched_sources() -> list[str]:
    """The sources of the awards not matched to the register (for the page's sources and caveats)."""
    return sorted(set(data.unmatched_awards()["source_id"]))


def unmatched_table() -> pd.DataFrame:
    """Awards named in an announcement but not matched to an institution in the register."""
    df = data.unmatched_awards()
    return pd.DataFrame(
        {
            "Name as published": df["name_as_published"],
            "Award year": df["award_year"],
            "Announcement": df["cohort"],
            "Why it is not matched": df["match_note"],
            "Source": source_names(list(df["source_id"])),
        }
    )
