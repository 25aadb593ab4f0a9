"""Quality Mark provision, membership and targets: queries and pure functions for the app's pages.

Queries use SQLAlchemy Core with bound parameters, accept an Engine or a Connection and return pandas
DataFrames (or, for `target_progress`, a small result object holding DataFrames and text).

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
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection, Engine

from nnecl_data.database import schema

HELD = ("current", "renewed", "expiring")
_RANK = {"current": 5, "renewed": 5, "expiring": 4, "working_towards": 3, "lapsed": 2, "not_yet_awarded": 1}
CARE_LEAVER_INDICATOR = "cl_eet_19_21"


def _frame(bind: Engine | Connection, stmt) -> pd.DataFrame:
    # Plain tuples: pandas probes every SQLAlchemy Row (or mapping) for attributes, and each failed
    # probe raises inside SQLAlchemy; on a 50,000-row register that was 80% of the query's time.
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            result = conn.execute(stmt)
            return pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))
    result = bind.execute(stmt)
    return pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))


def _year(on_date: dt.date | int) -> int:
    return on_date if isinstance(on_date, int) else on_date.year


# --- pure functions --------------------------------------------------------------------------------------


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


def coverage_group(status: str | None) -> str:
    if status in HELD:
        return "current_award"
    if status == "working_towards":
        return "working_towards"
    return "none"


# --- queries ---------------------------------------------------------------------------------------------


def _awards(bind, include_sample: bool = False) -> pd.DataFrame:
    a, i = schema.quality_mark_awards, schema.institutions
    stmt = select(
        a.c.award_id,
        a.c.institution_id,
        a.c.name_as_published,
        a.c.status,
        a.c.award_year,
        a.c.expiry_year,
        a.c.cohort,
        a.c.match_note,
        a.c.source_id,
        i.c.name.label("institution_name"),
        i.c.type.label("institution_type"),
        i.c.region_code,
        i.c.la_code,
    ).select_from(a.outerjoin(i, a.c.institution_id == i.c.institution_id))
    if not include_sample:
        stmt = stmt.where(a.c.is_sample.is_(False))
    return _frame(bind, stmt.order_by(a.c.award_year, a.c.award_id))


def awards(bind: Engine | Connection, include_sample: bool = False) -> pd.DataFrame:
    """The Quality Mark records held, each with its institution's name, type, region and LA."""
    return _awards(bind, include_sample)


def _institutions(bind, types: list[str] | tuple[str, ...] | None = None, la_codes=None) -> pd.DataFrame:
    i, r = schema.institutions, schema.regions
    stmt = select(
        i.c.institution_id, i.c.name, i.c.type, i.c.region_code, i.c.la_code, r.c.name.label("region_name")
    ).select_from(i.outerjoin(r, i.c.region_code == r.c.code))
    if types:
        stmt = stmt.where(i.c.type.in_(list(types)))
    if la_codes is not None:
        stmt = stmt.where(i.c.la_code.in_(list(la_codes)))
    return _frame(bind, stmt.order_by(i.c.institution_id))


def institutions_in(bind: Engine | Connection, la_codes) -> pd.DataFrame:
    """The institutions the register places in the given local authorities, with their sources."""
    i = schema.institutions
    stmt = select(i.c.institution_id, i.c.name, i.c.type, i.c.la_code, i.c.location_note, i.c.source_id).where(
        i.c.la_code.in_(list(la_codes))
    )
    return _frame(bind, stmt.order_by(i.c.name, i.c.institution_id))


def coverage_by_region(
    bind: Engine | Connection, on_date: dt.date, institution_types: list[str] | None = None
) -> pd.DataFrame:
    """Per region and institution type: institutions in the register, how many hold a current award,
    are working towards one, or have none (never awarded or lapsed), and the percentage holding one.
    Institutions whose region is unknown are counted under region_code None ("Region not known").
    Awards not matched to the register cannot be placed and are not counted here."""
    inst = _institutions(bind, institution_types)
    status = institution_status_on(_awards(bind), on_date)
    inst["status_on"] = inst["institution_id"].map(status)
    inst["group"] = inst["status_on"].map(coverage_group)
    inst["region_name"] = inst["region_name"].fillna("Region not known")
    columns = ["region_code", "region_name", "type", "institutions", "current_award", "working_towards", "none"]
    if inst.empty:
        return pd.DataFrame(columns=[*columns, "pct_current"])
    counts = (
        inst.groupby(["region_code", "region_name", "type"], dropna=False)["group"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=["current_award", "working_towards", "none"], fill_value=0)
        .reset_index()
    )
    counts["institutions"] = counts[["current_award", "working_towards", "none"]].sum(axis=1)
    counts["pct_current"] = [
        round(100 * c / n, 1) if n else None
        for c, n in zip(counts["current_award"], counts["institutions"], strict=True)
    ]
    counts.columns.name = None
    return (
        counts[[*columns, "pct_current"]]
        .sort_values(["region_code", "type"], na_position="last")
        .reset_index(drop=True)
    )


def awards_timeline(bind: Engine | Connection) -> pd.DataFrame:
    """Awards per announcement (year, cohort, published status), with a running count of distinct
    institutions named (matched or not)."""
    awards = _awards(bind)
    if awards.empty:
        return pd.DataFrame(columns=["award_year", "cohort", "status", "awards", "source_id", "cumulative_named"])
    awards["who"] = awards["institution_id"].fillna("name:" + awards["name_as_published"].str.lower())
    rows, seen = [], set()
    for (year, cohort, status, source_id), grp in awards.groupby(
        ["award_year", "cohort", "status", "source_id"], sort=True
    ):
        seen |= set(grp["who"])
        rows.append(
            {
                "award_year": int(year),
                "cohort": cohort,
                "status": status,
                "awards": len(grp),
                "source_id": source_id,
                "cumulative_named": len(seen),
            }
        )
    return pd.DataFrame(rows)


def awards_expiring(bind: Engine | Connection, on_date: dt.date, months: int = 12) -> pd.DataFrame:
    """Awards still held at `on_date` whose expiry year falls within the next `months` months (from the
    date's year to the year of on_date + months), excluding awards superseded by a later award to the
    same institution. Expiry is known only as a year, so the window is in whole years."""
    awards = award_status_on(_awards(bind), on_date)
    end = on_date + dt.timedelta(days=round(months * 365.25 / 12))
    latest = awards.dropna(subset=["institution_id"]).groupby("institution_id")["award_year"].max()
    superseded = awards["institution_id"].map(latest).fillna(awards["award_year"]) > awards["award_year"]
    mask = awards["status_on"].isin(HELD) & awards["expiry_year"].between(on_date.year, end.year) & ~superseded
    cols = [
        "award_id",
        "institution_id",
        "institution_name",
        "name_as_published",
        "status",
        "award_year",
        "expiry_year",
        "status_on",
        "region_code",
        "source_id",
    ]
    return awards.loc[mask, cols].sort_values(["expiry_year", "name_as_published"]).reset_index(drop=True)


def unmatched_awards(bind: Engine | Connection) -> pd.DataFrame:
    awards = _awards(bind)
    cols = ["award_id", "name_as_published", "award_year", "cohort", "match_note", "source_id"]
    return awards.loc[awards["institution_id"].isna(), cols].reset_index(drop=True)


def named_awardees_count(bind: Engine | Connection, fact_id: str = "qm_institutions_awarded_2025") -> dict:
    """How many distinct institutions the stored announcements name, against NNECL's published total
    (the fact `fact_id`). Returns named, total (None if the fact is absent) and a text such as
    "28 of 50 named"."""
    awards = _awards(bind)
    who = awards["institution_id"].fillna("name:" + awards["name_as_published"].str.lower())
    named = int(who.nunique())
    f = schema.facts
    total_df = _frame(bind, select(f.c.value).where(f.c.fact_id == fact_id))
    total = None if total_df.empty or total_df.iloc[0]["value"] is None else int(total_df.iloc[0]["value"])
    text = f"{named} of {total} named" if total is not None else f"{named} named"
    return {"named": named, "total": total, "text": text}


def members_by_region(bind: Engine | Connection, include_sample: bool = False) -> pd.DataFrame:
    """Current members (no leaving date) per region, per 100 institutions in the register and per 1,000
    care leavers aged 19 to 21 (the denominator of indicator cl_eet_19_21 at region level, latest year)."""
    m, r, o, i = schema.memberships, schema.regions, schema.outcomes, schema.institutions
    stmt = select(m.c.region_code, func.count().label("members")).where(m.c.left.is_(None))
    if not include_sample:
        stmt = stmt.where(m.c.is_sample.is_(False))
    members = _frame(bind, stmt.group_by(m.c.region_code))
    regions = _frame(bind, select(r.c.code.label("region_code"), r.c.name.label("region_name"), r.c.sort_order))
    inst = _frame(bind, select(i.c.region_code, func.count().label("institutions")).group_by(i.c.region_code))
    latest = (
        select(func.max(o.c.year))
        .where(and_(o.c.indicator_code == CARE_LEAVER_INDICATOR, o.c.geography_level == "region"))
        .scalar_subquery()
    )
    leavers = _frame(
        bind,
        select(
            o.c.geography_code.label("region_code"),
            o.c.denominator.label("care_leavers_19_21"),
            o.c.year.label("care_leavers_year"),
        ).where(
            and_(
                o.c.indicator_code == CARE_LEAVER_INDICATOR,
                o.c.geography_level == "region",
                o.c.year == latest,
            )
        ),
    )
    out = regions.merge(members, on="region_code", how="left")
    out = out.merge(inst, on="region_code", how="left").merge(leavers, on="region_code", how="left")
    out["members"] = out["members"].fillna(0).astype(int)
    out["institutions"] = out["institutions"].fillna(0).astype(int)

    def rate(num, den, per):
        return [round(per * a / b, 2) if b and not pd.isna(b) else None for a, b in zip(num, den, strict=True)]

    out["members_per_100_institutions"] = rate(out["members"], out["institutions"], 100)
    out["members_per_1000_care_leavers"] = rate(out["members"], out["care_leavers_19_21"], 1000)
    no_region = members[members["region_code"].isna()]["members"].sum() if not members.empty else 0
    out.attrs["members_without_region"] = int(no_region)
    return out.sort_values("sort_order").drop(columns="sort_order").reset_index(drop=True)


@dataclass
class TargetProgress:
    target: dict
    institutions: pd.DataFrame  # in-scope institutions with status_on, holds_award, lapses_before_deadline
    summary: dict
    assumptions: str
    pace: pd.DataFrame = field(default_factory=pd.DataFrame)


def target_progress(bind: Engine | Connection, target_id: str, on_date: dt.date) -> TargetProgress:
    """Progress towards a target such as Greater Manchester's: every in-scope institution accredited by
    the deadline year. In scope = institutions of the target's types whose local authority belongs to the
    combined authority (local_authorities.combined_authority_code)."""
    t, la = schema.targets, schema.local_authorities
    target_df = _frame(bind, select(t).where(t.c.target_id == target_id))
    if target_df.empty:
        raise KeyError(f"no target {target_id!r}")
    target = target_df.iloc[0].to_dict()
    types = str(target["in_scope_types"]).split()
    if target["scope_type"] == "combined_authority":
        la_codes = _frame(bind, select(la.c.code).where(la.c.combined_authority_code == target["scope_code"]))[
            "code"
        ].tolist()
        inst = _institutions(bind, types, la_codes)
    elif target["scope_type"] == "region":
        inst = _institutions(bind, types)
        inst = inst[inst["region_code"] == target["scope_code"]]
    else:
        inst = _institutions(bind, types)
    awards = _awards(bind)
    status = institution_status_on(awards, on_date)
    inst = inst.copy()
    inst["status_on"] = inst["institution_id"].map(status).fillna("none")
    inst["holds_award"] = inst["status_on"].isin(HELD)
    deadline = int(target["deadline_year"])
    matched = awards[awards["institution_id"].isin(inst["institution_id"])]
    latest_expiry = matched.groupby("institution_id")["expiry_year"].max()
    inst["latest_expiry_year"] = inst["institution_id"].map(latest_expiry)
    inst["lapses_before_deadline"] = inst["holds_award"] & (inst["latest_expiry_year"] < deadline)

    # Pace: in-scope institutions first awarded per year, from the first award year to the date's year.
    first = matched[matched["award_year"] <= on_date.year].groupby("institution_id")["award_year"].min()
    year = on_date.year
    n_total, n_held = len(inst), int(inst["holds_award"].sum())
    remaining = n_total - n_held
    if first.empty:
        pace_df = pd.DataFrame(columns=["award_year", "first_awards"])
        per_year = 0.0
        span = 0
    else:
        span = year - int(first.min()) + 1
        pace_df = first.value_counts().sort_index().rename_axis("award_year").reset_index(name="first_awards")
        per_year = len(first) / span
    years_left = deadline - year
    if remaining == 0:
        projected_year, on_track = year, True
    elif per_year > 0:
        projected_year = year + math.ceil(remaining / per_year)
        on_track = projected_year <= deadline
    else:
        projected_year, on_track = None, False
    summary = {
        "in_scope": n_total,
        "holding_award": n_held,
        "not_holding": remaining,
        "lapse_before_deadline": int(inst["lapses_before_deadline"].sum()),
        "first_awards_per_year": round(per_year, 2),
        "years_to_deadline": years_left,
        "projected_completion_year": projected_year,
        "on_track": on_track,
        "unmatched_awards": int(awards["institution_id"].isna().sum()),
    }
    assumptions = (
        f"Linear projection: in-scope institutions in the register were first awarded at an average of "
        f"{per_year:.2f} a year over {span} year(s) up to {year}; the {remaining} not holding an award at "
        f"{on_date.isoformat()} are assumed to be accredited at that same rate. It assumes every in-scope "
        f"institution is in the register (16-19 academies are not), that awards held now are renewed when "
        f"they expire ({summary['lapse_before_deadline']} expire before {deadline}), and that published "
        f"awards are complete: awards not matched to the register are not counted."
    )
    return TargetProgress(
        target=target,
        institutions=inst.reset_index(drop=True),
        summary=summary,
        assumptions=assumptions,
        pace=pace_df,
    )
