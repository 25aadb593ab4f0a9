"""Regional gaps: one outcome's gap to England next to Quality Mark coverage and member density, by
region and by local authority (pages/gaps.py lays it out). Coverage follows rules.quality_mark."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from nnecl_data import wording
from nnecl_data.rules import quality_mark, transforms
from nnecl_data.rules.suppression import display_value
from nnecl_data.ui import data
from nnecl_data.ui.views.award_status import REGISTER_SOURCES, award_sources, with_status
from nnecl_data.ui.views.outcome_figures import (
    against_england,
    derived_column,
    derived_sentence,
    england,
    gap_unit,
    indicator_info,
    la_columns,
    status_words,
)
from nnecl_data.ui.views.outcome_figures import polarity_words as polarity_words

CAVEATS = [*wording.QUALITY_MARK_CAVEATS]
NO_REGISTER_NOTE = (
    f"Member density: {wording.NO_REGISTER}. NNECL does not publish its member list; the dashboard shows member "
    "figures only when NNECL loads its own register."
)
DIRECTION = {
    "lower_better": "Points above the dashed zero line are worse than England (higher is worse).",
    "higher_better": "Points below the dashed zero line are worse than England (lower is worse).",
}


@dataclass
class GapView:
    indicator: dict
    year: int
    period_label: str
    england: float | None
    england_coverage: float | None
    regions: pd.DataFrame
    las: pd.DataFrame | None
    headline: str
    members_loaded: bool
    region_unknown: int
    source_ids: list[str]
    caveats: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.indicator["short_label"]

    @property
    def unit(self) -> str:
        """The unit of a gap, in words (percentage points for percentages)."""
        return gap_unit(self.indicator["unit"])

    @property
    def direction(self) -> str:
        return DIRECTION.get(self.indicator["polarity"], "This indicator has no better or worse direction.")


def coverage_verdict(pct, england_pct) -> str:
    if pct is None or england_pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return "no institutions in the register"
    if abs(pct - england_pct) < 0.05:
        return "same as England"
    return "below England" if pct < england_pct else "above England"


def _with_coverage(regions: pd.DataFrame, coverage: pd.DataFrame, england_pct: float | None) -> pd.DataFrame:
    """Regions with their Quality Mark coverage, its verdict against England's, and the flag: a worse
    outcome with below-England coverage."""
    known = coverage[coverage["region_code"].notna()][
        ["region_code", "institutions", "current_award", "pct_current"]
    ]
    out = regions.merge(known, left_on="geography_code", right_on="region_code", how="left")
    out["institutions"] = out["institutions"].fillna(0).astype(int)
    out["current_award"] = out["current_award"].fillna(0).astype(int)
    out["coverage_verdict"] = [coverage_verdict(p, england_pct) for p in out["pct_current"]]
    out["flag"] = (out["verdict"] == "worse") & (out["coverage_verdict"] == "below England")
    return out


def _with_members(regions: pd.DataFrame) -> pd.DataFrame:
    members = data.members_by_region(include_sample=False)
    columns = members[["region_code", "members", "members_per_100_institutions"]]
    return regions.merge(
        columns.rename(columns={"region_code": "geography_code"}), on="geography_code", how="left"
    )


def _las(info: dict, year: int, england_value, region_codes, types, on_date: dt.date) -> pd.DataFrame:
    """Local authorities of the chosen regions: the outcome's gap and the institutions' coverage."""
    las = against_england(
        data.indicator_by_la(info["code"], year, tuple(region_codes)), england_value, info["polarity"]
    )
    inst = with_status(data.institutions(tuple(types)), on_date)
    per_la = quality_mark.coverage_counts(inst, ["la_code"])[["la_code", "institutions", "current_award"]]
    las = las.merge(per_la, left_on="geography_code", right_on="la_code", how="left").drop(columns="la_code")
    las["institutions"] = las["institutions"].fillna(0).astype(int)
    las["current_award"] = las["current_award"].fillna(0).astype(int)
    las["pct_current"] = [
        quality_mark.pct(c, n) for c, n in zip(las["current_award"], las["institutions"], strict=True)
    ]
    return las


@data.cached_view
def gap_view(
    indicator_code: str, year: int, region_codes: tuple[str, ...], types: tuple[str, ...], on_date: dt.date
) -> GapView:
    info = indicator_info(indicator_code)
    england_value, period = england(indicator_code, year)
    regions = against_england(data.indicator_by_region(indicator_code, year), england_value, info["polarity"])
    totals = quality_mark.total_coverage(data.coverage_by_region(on_date, tuple(types)), ["region_code"])
    england_pct = quality_mark.england_coverage(totals)["pct_current"]
    regions = _with_coverage(regions, totals, england_pct)
    members_loaded = data.member_counts()["real"] > 0
    if members_loaded:
        regions = _with_members(regions)
    las = _las(info, year, england_value, region_codes, types, on_date) if region_codes else None
    caveats = list(CAVEATS)
    if regions["is_derived"].any():
        caveats.append(wording.DERIVED_CAVEAT)
    outcome_sources = sorted(set(regions["source_id"].dropna())) or ["dfe_cla_2025"]
    return GapView(
        indicator=info,
        year=year,
        period_label=period,
        england=england_value,
        england_coverage=england_pct,
        regions=regions,
        las=las,
        headline=gap_headline(info, period, regions, england_value, england_pct, types)
        + derived_sentence(regions, period),
        members_loaded=members_loaded,
        region_unknown=int(totals.loc[totals["region_code"].isna(), "institutions"].sum()),
        source_ids=sorted(set(outcome_sources) | set(award_sources()) | set(REGISTER_SOURCES)),
        caveats=caveats,
    )


def _flagged_sentence(info: dict, period: str, label: str, regions: pd.DataFrame, england_value, cov_text) -> str:
    flagged = regions[regions["flag"]].sort_values("gap_to_england", ascending=info["polarity"] == "higher_better")
    decimals = transforms.decimals_for([*regions["value"], england_value], info["unit"])
    shown = display_value(england_value, None, info["unit"], decimals)
    if flagged.empty:
        worse = regions[regions["verdict"] == "worse"]
        return (
            f"In {period}, no region combines a worse-than-England figure for {label} with below-England "
            f"Quality Mark coverage. {len(worse)} of {len(regions)} regions are worse than England "
            f"({shown}); {cov_text}."
        )
    parts = [
        f"{r.geography_name} ({transforms.gap_words(r.gap_to_england, info['unit'])} England; "
        f"coverage {r.pct_current:.1f}%)"
        for r in flagged.itertuples()
    ]
    return (
        f"In {period}, {len(flagged)} of {len(regions)} regions combine a worse-than-England figure for "
        f"{label} with below-England Quality Mark coverage: {transforms.join_names(parts)}. "
        f"England: {shown}; {cov_text}."
    )


def gap_headline(
    info: dict, period: str, regions: pd.DataFrame, england_value: float | None, eng_cov: float | None, types
) -> str:
    """Which regions combine a worse-than-England outcome with below-England coverage, in words."""
    label = re.sub(r"\s*\(%\)$", "", info["label"])
    label = label[0].lower() + label[1:]
    what = "institutions of the chosen types" if types else "colleges and universities in the register"
    if england_value is None:
        return f"England's {period} figure for {label} is not published, so no gaps can be worked out."
    if eng_cov is None:
        return f"The register holds no {what}, so Quality Mark coverage cannot be compared."
    cov_text = f"{eng_cov:.1f}% of {what} in England hold a current Quality Mark award (as recorded here)"
    if info["polarity"] not in ("higher_better", "lower_better"):
        return (
            f"{info['short_label']} has no better or worse direction, so no region is judged against England; "
            f"{cov_text}. The table shows each region's gap and coverage."
        )
    text = _flagged_sentence(info, period, label, regions, england_value, cov_text)
    not_comparable = regions[regions["verdict"] == "not comparable"]
    if not not_comparable.empty:
        names = transforms.join_names(list(not_comparable["geography_name"]))
        text += f" Not comparable (figure not published): {names}."
    return text


def _gap_and_coverage(df: pd.DataFrame, view: GapView, **after_value) -> dict:
    """The columns every gap table has: the outcome (then `after_value`), its gap and verdict, and the
    area's coverage."""
    return {
        view.label: df["value"],
        **after_value,
        f"Gap to England ({view.unit})": df["gap_to_england"].round(1),
        "Outcome compared with England": df["verdict"],
        "Status": status_words(df["status"]),
        **derived_column(df),
        "Institutions in register": df["institutions"],
        wording.COVERAGE_LABELS["current_award"]: df["current_award"],
        "Quality Mark coverage (%)": df["pct_current"],
    }


def gap_table(view: GapView) -> pd.DataFrame:
    """The region table: numbers blank where a symbol stands; member density only from a real register."""
    df = view.regions
    out = pd.DataFrame(
        {
            "Region": df["geography_name"],
            "Code": df["geography_code"],
            "Year": view.period_label,
            **_gap_and_coverage(df, view, England=view.england),
            "England coverage (%)": view.england_coverage,
            "Coverage compared with England": df["coverage_verdict"],
            "Worse outcome and below-England coverage": df["flag"].map({True: "yes", False: "no"}),
        }
    )
    if view.members_loaded:
        out["NNECL members (register)"] = df["members"]
        out["Members per 100 institutions"] = df["members_per_100_institutions"]
    else:
        out["Member density"] = wording.NO_REGISTER
    return out.reset_index(drop=True)


def scatter_frame(view: GapView) -> pd.DataFrame:
    """Points for the scatter: published gaps with a coverage figure only."""
    df = view.regions
    out = pd.DataFrame(
        {"Region": df["geography_name"], "coverage": df["pct_current"], "gap": df["gap_to_england"].round(1)}
    ).dropna()
    # Regions at the same point share one label, so names never print on top of each other.
    return out.groupby(["coverage", "gap"], as_index=False, sort=False)["Region"].agg(", ".join)[
        ["Region", "coverage", "gap"]
    ]


def plotted_regions(view: GapView) -> int:
    """Regions drawn on the scatter: a published gap and a coverage figure."""
    return int((view.regions["gap_to_england"].notna() & view.regions["pct_current"].notna()).sum())


def scatter_description(view: GapView) -> str:
    return (
        f"Scatter chart of the {plotted_regions(view)} regions with a published figure: {view.label} gap to "
        f"England ({view.unit}) against the percentage of institutions holding a current Quality Mark award. "
        f"The dashed horizontal line is England (no gap); the dotted vertical line is England's coverage. "
        f"{view.direction} {view.headline}"
    )


def la_gap_table(view: GapView) -> pd.DataFrame:
    df = view.las
    return pd.DataFrame(
        {
            **la_columns(df),
            **_gap_and_coverage(df, view),
        }
    ).reset_index(drop=True)
