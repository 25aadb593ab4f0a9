"""Quality Mark rules: an award's status at a date, an institution's status, and coverage. Pure: no
database, no Streamlit. Every page, the evidence pack and the data layer use these, so a status or a
coverage figure is worked out one way only.

Award status at a date (`award_status_on`). Awards are published with a year only, so every rule works
in whole years:

- an award whose `award_year` is after the date's year is "not_yet_awarded";
- an award whose `expiry_year` (award year + 3) is before the date's year is "lapsed";
- in its expiry year an award is "expiring": the day it ends is not published, so it still counts as held
  for coverage, and the pages flag it;
- otherwise it is "current" (published status "awarded") or "renewed" (published status "renewed");
- a "working_towards" record stays "working_towards" until it is replaced by an award.

Because only the announcements the project holds are stored, "lapsed" means "no later award or renewal
is recorded here", not that NNECL withdrew or did not renew the award.

An institution's status at a date is the best status among its awards, in the order
current/renewed/expiring > working_towards > lapsed > none (so a renewal supersedes the award it renews).

Coverage: each institution in the register counts once, as holding a current award (`HELD`), working
towards one, or neither ("none": never awarded, or lapsed); the percentage is those holding one over all
institutions, to one decimal place.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

HELD = ("current", "renewed", "expiring")
NO_RECORD = "none"  # an institution with no award in the announcements held
_RANK = {"current": 5, "renewed": 5, "expiring": 4, "working_towards": 3, "lapsed": 2, "not_yet_awarded": 1}
COVERAGE_GROUPS = ("current_award", "working_towards", "none")


def _year(on_date: dt.date | int) -> int:
    return on_date if isinstance(on_date, int) else on_date.year


def status_of(award_year, expiry_year, published_status: str, on_date: dt.date | int) -> str:
    """One award's status at a date (see the module docstring for the rule)."""
    year = _year(on_date)
    if published_status == "working_towards":
        return "working_towards"
    if award_year is not None and not pd.isna(award_year) and int(award_year) > year:
        return "not_yet_awarded"
    if published_status == "lapsed":
        return "lapsed"
    if expiry_year is None or pd.isna(expiry_year):
        return "renewed" if published_status == "renewed" else "current"
    if int(expiry_year) < year:
        return "lapsed"
    if int(expiry_year) == year:
        return "expiring"
    return "renewed" if published_status == "renewed" else "current"


def award_status_on(awards_df: pd.DataFrame, on_date: dt.date | int) -> pd.DataFrame:
    """The awards with a `status_on` column: current, renewed, expiring, lapsed, working_towards or
    not_yet_awarded at `on_date`. Needs columns award_year, expiry_year, status."""
    out = awards_df.copy()
    out["status_on"] = [
        status_of(a, e, s, on_date)
        for a, e, s in zip(out["award_year"], out["expiry_year"], out["status"], strict=True)
    ]
    return out


def institution_status_on(awards_df: pd.DataFrame, on_date: dt.date | int) -> pd.Series:
    """institution_id -> best status at the date (matched awards only)."""
    awarded = award_status_on(awards_df[awards_df["institution_id"].notna()], on_date)
    if awarded.empty:
        return pd.Series(dtype=object)
    awarded["rank"] = awarded["status_on"].map(_RANK)
    best = awarded.sort_values("rank", ascending=False).drop_duplicates("institution_id")
    best = best[best["status_on"] != "not_yet_awarded"]
    return best.set_index("institution_id")["status_on"]


def with_status(institutions: pd.DataFrame, awards: pd.DataFrame, on_date: dt.date | int) -> pd.DataFrame:
    """Institutions with `status` (their best status at the date, or "none") and `holds_award`."""
    status = institution_status_on(awards, on_date)
    out = institutions.copy()
    out["status"] = out["institution_id"].map(status).astype(object).fillna(NO_RECORD)
    out["holds_award"] = out["status"].isin(HELD)
    return out


def coverage_group(status: str | None) -> str:
    if status in HELD:
        return "current_award"
    if status == "working_towards":
        return "working_towards"
    return "none"


def pct(part: float, whole: float) -> float | None:
    """A coverage percentage to one decimal place; None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def coverage_counts(institutions: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Coverage per group of institutions (columns `by`; a missing key, e.g. no known region, is a group
    of its own): current_award, working_towards, none, institutions and pct_current. Needs `status`."""
    groups = institutions["status"].map(coverage_group)
    counts = pd.DataFrame({group: (groups == group).astype(int) for group in COVERAGE_GROUPS})
    return total_coverage(pd.concat([institutions[by], counts], axis=1), by)


def total_coverage(counts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Coverage counts (as `coverage_counts` gives them) summed over the groups `by`, with institutions
    and pct_current worked out again from the sums."""
    columns = list(COVERAGE_GROUPS)
    out = counts.groupby(by, dropna=False, sort=False, as_index=False)[columns].sum()
    out["institutions"] = out[columns].sum(axis=1).astype(int)
    out["pct_current"] = [pct(c, n) for c, n in zip(out["current_award"], out["institutions"], strict=True)]
    return out


def england_coverage(counts: pd.DataFrame) -> dict:
    """England's totals from coverage counts of any breakdown: every institution counts once, including
    those with no known region."""
    totals = {c: int(counts[c].sum()) if not counts.empty else 0 for c in COVERAGE_GROUPS}
    totals["institutions"] = sum(totals.values())
    totals["pct_current"] = pct(totals["current_award"], totals["institutions"])
    return totals
