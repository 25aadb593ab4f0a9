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
# A status only a source can give: offered, explained and charted only when a record has it.
SOURCED_ONLY = ("lapsed",)


def statuses_in_use(statuses) -> list[str]:
    """The status codes to offer and explain: every status the rules give, but a status only a source
    can give (a published lapse) only when some record has it."""
    present = set(statuses)
    return [code for code in wording.STATUS_LABELS if code not in SOURCED_ONLY or code in present]


def chart_statuses(labels_shown) -> tuple[list[str], list[str]]:
    """The status labels (in order) and colours for a chart's legend: the statuses it shows only."""
    shown = set(labels_shown)
    pairs = [
        (label, colour) for label, colour in zip(CHART_STATUSES, CHART_COLOURS, strict=True) if label in shown
    ]
    return [label for label, _ in pairs], [colour for _, colour in pairs]


def status_meanings(statuses) -> str:
    """What each Quality Mark status in use means, as a Markdown list."""
    return "\n".join(
        f"- **{wording.STATUS_LABELS[code]}**: {wording.STATUS_HELP[code]}" for code in statuses_in_use(statuses)
    )


def _verb(published_status: str) -> str:
    return "renewed" if published_status == "renewed" else "awarded"


def holder_table(holders: pd.DataFrame, region_names: dict[str, str], la_names: dict[str, str]) -> pd.DataFrame:
    """Named holders (provision.holders_from), those not in the register among them and flagged: one row
    each with its status today and latest award."""
    df = holders.assign(order=holders["status_on"].map(STATUS_RANK)).sort_values(["order", "name"])
    return pd.DataFrame(
        {
            "Institution": df["name"],
            "In the register": df["in_register"].map(wording.IN_REGISTER_LABELS),
            "Name as published": df["published_name"],
            "Type": df["type"].map(wording.type_label).fillna(wording.NOT_IN_REGISTER),
            "Region": df["region_code"].map(region_names).fillna(wording.REGION_NOT_KNOWN),
            "Local authority": df["la_code"]
            .map(la_names)
            .fillna(df["in_register"].map({True: wording.LA_NOT_KNOWN, False: wording.NOT_IN_REGISTER})),
            "Status today": df["status_on"].map(wording.status_label),
            "Latest award": [
                f"{_verb(status).capitalize()} {when}"
                for status, when in zip(df["latest_award_status"], df["latest_award_when"], strict=True)
            ],
            "Latest award ends (year)": df["latest_expiry_year"].astype("Int64"),
            "Source of the records": df["source_ids"],
            "UKPRN": df["ukprn"].fillna(""),
        }
    ).reset_index(drop=True)


def reconciliation_table(groups: pd.DataFrame, counts: dict, published_label: str) -> pd.DataFrame:
    """How a published count and the named record add up: the named by latest award and status, then the
    not named, then the published total (the sum of the rows above it)."""
    rows = [
        {
            "Part": f"Named: {_verb(g.latest_award_status)} {g.latest_award_when}",
            "Status today": wording.status_label(g.status_on),
            "Institutions": int(g.holders),
            "Of which not in the register": int(g.not_in_register),
            "Named": "; ".join(g.names),
        }
        for g in groups.itertuples()
    ]
    if counts.get("published") is not None:
        rows.append(
            {
                "Part": "Not named in any announcement held",
                "Status today": "not known",
                "Institutions": counts["unnamed"],
                "Of which not in the register": None,
                "Named": "",
            }
        )
        rows.append(
            {
                "Part": published_label,
                "Status today": "",
                "Institutions": counts["published"],
                "Of which not in the register": None,
                "Named": "",
            }
        )
    order = ["Part", "Institutions", "Of which not in the register", "Status today", "Named"]  # figures first
    return pd.DataFrame(rows)[order].astype({"Of which not in the register": "Int64"})


@data.cached_pure
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
