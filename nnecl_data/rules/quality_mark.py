"""Quality Mark rules: an award's status at a date, an institution's status, and coverage. Pure: no
database, no Streamlit. Every page, the evidence pack and the data layer use these, so a status or a
coverage figure is worked out one way only.

Award status at a date (`status_of`, `award_status_on`). Awards are published with a year only, so every
rule works in whole years:

- an award whose `award_year` is after the date's year is "not_yet_awarded";
- an award whose `expiry_year` (award year + 3) is before the date's year is "not_announced": its three
  years have passed and no renewal is in the announcements held. NNECL does not announce every renewal,
  so whether the institution still holds the Quality Mark is not known. It is not counted as holding a
  current award, and it is never called lapsed: only a record whose published status is "lapsed" (a
  source saying so) is "lapsed";
- in its expiry year an award is "expiring": the day it ends is not published, so it still counts as held
  for coverage, and the pages flag it;
- otherwise it is "current" (published status "awarded") or "renewed" (published status "renewed");
- a "working_towards" record stays "working_towards" until it is replaced by an award.

An institution's status at a date is the best status among its awards, in the order
current/renewed > expiring > working_towards > lapsed/not_announced > none (a renewal supersedes the award
it renews; between a published lapse and an unannounced renewal the later award decides).

Named awardees not matched to the register are "holders" too: `holder_status_on` gives every named
awardee's status, keyed by register id or, for one not in the register, by its published name.

Coverage: each institution in the register counts once, as holding a current award (`HELD`), working
towards one, renewal not announced, or none (no award on record; an institution a source says lapsed is
counted here too); the percentage is those holding one over all institutions in the register, to one
decimal place. Awardees not in the register are in neither the count nor the denominator.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

AWARD_TERM_YEARS = 3  # an award runs three years: expiry year = award year + 3
HELD = ("current", "renewed", "expiring")
NOT_ANNOUNCED = "not_announced"  # three years passed, no renewal in the announcements held: unknown
NO_RECORD = "none"  # an institution with no award in the announcements held
_RANK = {
    "current": 5,
    "renewed": 5,
    "expiring": 4,
    "working_towards": 3,
    "lapsed": 2,
    NOT_ANNOUNCED: 2,
    "not_yet_awarded": 1,
}
COVERAGE_GROUPS = ("current_award", "working_towards", NOT_ANNOUNCED, "none")


def _year(on_date: dt.date | int) -> int:
    return on_date if isinstance(on_date, int) else on_date.year


def status_of(award_year, expiry_year, published_status: str, on_date: dt.date | int) -> str:
    """One award's status at a date (see the module docstring for the rule)."""
    year = _year(on_date)
    if published_status == "working_towards":
        return "working_towards"
    if award_year is not None and not pd.isna(award_year) and int(award_year) > year:
        return "not_yet_awarded"
    if published_status == "lapsed":  # only a source saying so
        return "lapsed"
    if expiry_year is None or pd.isna(expiry_year):
        return "renewed" if published_status == "renewed" else "current"
    if int(expiry_year) < year:
        return NOT_ANNOUNCED
    if int(expiry_year) == year:
        return "expiring"
    return "renewed" if published_status == "renewed" else "current"


def award_status_on(awards_df: pd.DataFrame, on_date: dt.date | int) -> pd.DataFrame:
    """The awards with a `status_on` column: current, renewed, expiring, not_announced, lapsed (as
    published), working_towards or not_yet_awarded at `on_date`. Needs columns award_year, expiry_year,
    status."""
    out = awards_df.copy()
    out["status_on"] = [
        status_of(a, e, s, on_date)
        for a, e, s in zip(out["award_year"], out["expiry_year"], out["status"], strict=True)
    ]
    return out


def holder_key(awards_df: pd.DataFrame) -> pd.Series:
    """Who an award is to: its register id, or "name:<published name>" for an awardee not in the register."""
    names = "name:" + awards_df["name_as_published"].astype(str).str.lower()
    return awards_df["institution_id"].astype(object).where(awards_df["institution_id"].notna(), names)


def _best(awards_df: pd.DataFrame, key: pd.Series, on_date: dt.date | int) -> pd.DataFrame:
    """Each holder's best award at the date (rank, then the later award), one row per holder."""
    rated = award_status_on(awards_df, on_date).assign(holder=key.to_numpy())
    rated["rank"] = rated["status_on"].map(_RANK)
    rated = rated[rated["status_on"] != "not_yet_awarded"]
    best = rated.sort_values(["rank", "award_year"], ascending=False, kind="stable")
    return best.drop_duplicates("holder")


def institution_status_on(awards_df: pd.DataFrame, on_date: dt.date | int) -> pd.Series:
    """institution_id -> best status at the date (matched awards only)."""
    matched = awards_df[awards_df["institution_id"].notna()]
    if matched.empty:
        return pd.Series(dtype=object)
    best = _best(matched, matched["institution_id"], on_date)
    return best.set_index("holder")["status_on"].rename_axis("institution_id")


def holder_status_on(awards_df: pd.DataFrame, on_date: dt.date | int) -> pd.DataFrame:
    """Every named awardee (in the register or not) with its best award at the date: one row per holder
    (`holder`, the award's columns, `status_on`). Needs name_as_published as well."""
    if awards_df.empty:
        return awards_df.assign(holder=pd.Series(dtype=object), status_on=pd.Series(dtype=object))
    return _best(awards_df, holder_key(awards_df), on_date).drop(columns="rank").reset_index(drop=True)


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
    if status == NOT_ANNOUNCED:
        return NOT_ANNOUNCED
    return "none"


def pct(part: float, whole: float) -> float | None:
    """A coverage percentage to one decimal place; None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def coverage_counts(institutions: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Coverage per group of institutions (columns `by`; a missing key, e.g. no known region, is a group
    of its own): current_award, working_towards, not_announced, none, institutions and pct_current.
    Needs `status`."""
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


def reconcile(published: int | None, named: int) -> dict:
    """A publisher's total beside the awardees the record names: published, named and not named (None
    when there is no published total; 0, never negative, when the record names as many or more)."""
    if published is None:
        return {"published": None, "named": named, "unnamed": None, "named_exceeds": False}
    return {
        "published": int(published),
        "named": int(named),
        "unnamed": max(0, int(published) - int(named)),
        "named_exceeds": int(named) > int(published),
    }


_MONTHS = [dt.date(2000, month, 1).strftime("%B") for month in range(1, 13)]


def published_when(date_as_published, award_year) -> str:
    """An award's date as precise as published: "18 June 2025", "June 2021", or its year."""
    text = "" if date_as_published is None or pd.isna(date_as_published) else str(date_as_published)
    parts = text.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return text or ("" if award_year is None or pd.isna(award_year) else str(int(award_year)))


def fact_year(as_of) -> int | None:
    """The year a published figure is as of ("2025-10" -> 2025), or None when it states none."""
    text = str(as_of or "")
    return int(text[:4]) if text[:4].isdigit() else None


# Terms of the English academic year, by the month each starts: spring (January), summer (April),
# autumn (September). The pace a target needs is worked out per term.
TERM_STARTS = ((1, "spring"), (4, "summer"), (9, "autumn"))


def terms_left(on_date: dt.date, deadline_year: int) -> int:
    """Whole terms that start after `on_date` and by the end of the deadline year."""
    return sum(
        1
        for year in range(on_date.year, deadline_year + 1)
        for month, _name in TERM_STARTS
        if dt.date(year, month, 1) > on_date
    )
