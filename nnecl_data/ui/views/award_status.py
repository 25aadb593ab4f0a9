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
# Statuses drawn with a dashed outline (not held today), and each status's map point (colour, shape).
DASHED_STATUSES = [wording.STATUS_LABELS[k] for k in wording.CHARTED_STATUSES if k in theme.DASHED_STATUSES]
POINT_STYLES = {
    wording.STATUS_LABELS[k]: (theme.STATUS_COLOURS[k], theme.STATUS_SHAPES[k]) for k in wording.CHARTED_STATUSES
}
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


def unmatched_table() -> pd.DataFrame:
    """Awards named in an announcement but not matched to an institution in the register."""
    df = data.unmatched_awards()
    return pd.DataFrame(
        {
            "Name as published": df["name_as_published"],
            "Award year": df["award_year"],
            "Announcement": df["cohort"],
            "Why it is not matched": df["match_note"],
            "Award id": df["award_id"],
            "Source": df["source_id"],
        }
    )
