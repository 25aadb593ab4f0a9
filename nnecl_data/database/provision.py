"""Quality Mark records, the institution register, membership and targets: the queries the pages ask.

Queries use SQLAlchemy Core with bound parameters, accept an Engine or a Connection and return pandas
DataFrames (or, for `target_progress`, a small result object holding DataFrames and text).

The status and coverage rules are pure and live in nnecl_data.rules.quality_mark; the queries here
apply them to the records read.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection, Engine

from nnecl_data.database import schema
from nnecl_data.database.queries import frame as _frame
from nnecl_data.rules.quality_mark import HELD, award_status_on, coverage_counts, institution_status_on
from nnecl_data.wording import REGION_NOT_KNOWN

CARE_LEAVER_INDICATOR = "cl_eet_19_21"
# Published facts the pages set beside the dashboard's own counts (rows of the facts table).
QM_TOTAL_FACT = "qm_institutions_awarded_2025"  # NNECL's count of institutions awarded
MEMBERS_FACT = "nnecl_members_over_100"  # NNECL's own statement of its membership
GM_FACT = "gm_qm_institutions_2025_10"  # NNECL's Greater Manchester figure


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


def institutions(bind, types: list[str] | tuple[str, ...] | None = None, la_codes=None) -> pd.DataFrame:
    """Institutions in the register (optionally of some types, or in some local authorities) with their
    region and local authority names, location and source, ordered by name."""
    i, r, la = schema.institutions, schema.regions, schema.local_authorities
    stmt = select(
        i.c.institution_id,
        i.c.name,
        i.c.type,
        i.c.ukprn,
        i.c.region_code,
        r.c.name.label("region_name"),
        i.c.la_code,
        la.c.name.label("la_name"),
        i.c.latitude,
        i.c.longitude,
        i.c.source_id,
    ).select_from(i.outerjoin(r, i.c.region_code == r.c.code).outerjoin(la, i.c.la_code == la.c.code))
    if types:
        stmt = stmt.where(i.c.type.in_(list(types)))
    if la_codes is not None:
        stmt = stmt.where(i.c.la_code.in_(list(la_codes)))
    return _frame(bind, stmt.order_by(i.c.name, i.c.institution_id))


def institution_aliases(bind: Engine | Connection) -> pd.DataFrame:
    """Other names of institutions (institution_id, alias), from the register's alias table."""
    a = schema.institution_aliases
    return _frame(bind, select(a.c.institution_id, a.c.alias).order_by(a.c.institution_id, a.c.alias))


def institution_register(bind: Engine | Connection) -> pd.DataFrame:
    """Every institution (as `institutions`) with its other names joined in `aliases` ("a; b")."""
    inst = institutions(bind)
    aliases = institution_aliases(bind)
    joined = aliases.groupby("institution_id")["alias"].agg(lambda names: "; ".join(sorted(names)))
    inst["aliases"] = inst["institution_id"].map(joined).fillna("")
    return inst


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
    are working towards one, or have none (never awarded or lapsed), and the percentage holding one
    (rules.quality_mark.coverage_counts). Institutions whose region is unknown are counted under
    region_code None ("Region not known"). Awards not matched to the register cannot be placed and are
    not counted here."""
    inst = institutions(bind, institution_types)
    inst["status"] = inst["institution_id"].map(institution_status_on(_awards(bind), on_date))
    inst["region_name"] = inst["region_name"].fillna(REGION_NOT_KNOWN)
    columns = ["region_code", "region_name", "type"]
    counts = coverage_counts(inst, columns)
    order = [*columns, "institutions", "current_award", "working_towards", "none", "pct_current"]
    return counts[order].sort_values(["region_code", "type"], na_position="last").reset_index(drop=True)


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


def named_awardees_count(bind: Engine | Connection, fact_id: str = QM_TOTAL_FACT) -> dict:
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


def member_counts(bind: Engine | Connection) -> dict[str, int]:
    """Rows in the member register: all rows and current ones (no leaving date), NNECL's own (real) and
    the fictional sample's."""
    m = schema.memberships
    current = (m.c.left.is_(None)).label("current")
    df = _frame(bind, select(m.c.is_sample, current, func.count().label("n")).group_by(m.c.is_sample, current))
    counts = dict.fromkeys(("real", "sample", "real_current", "sample_current"), 0)
    for row in df.itertuples():
        kind = "sample" if bool(row.is_sample) else "real"
        counts[kind] += int(row.n)
        if bool(row.current):
            counts[f"{kind}_current"] += int(row.n)
    return counts


def members_by_type(bind: Engine | Connection, include_sample: bool = False) -> pd.DataFrame:
    """Current members per region and member type."""
    m = schema.memberships
    stmt = select(m.c.region_code, m.c.member_type, func.count().label("members")).where(m.c.left.is_(None))
    if not include_sample:
        stmt = stmt.where(m.c.is_sample.is_(False))
    return _frame(bind, stmt.group_by(m.c.region_code, m.c.member_type).order_by(m.c.region_code, m.c.member_type))


def member_institutions(bind: Engine | Connection) -> set[str]:
    """Institutions in the register that are current members in NNECL's own (not the sample) register."""
    m = schema.memberships
    stmt = select(m.c.institution_id).where(
        m.c.is_sample.is_(False), m.c.left.is_(None), m.c.institution_id.isnot(None)
    )
    return set(_frame(bind, stmt)["institution_id"])


def targets(bind: Engine | Connection) -> pd.DataFrame:
    return _frame(bind, select(schema.targets).order_by(schema.targets.c.target_id))


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
        inst = institutions(bind, types, la_codes)
    elif target["scope_type"] == "region":
        inst = institutions(bind, types)
        inst = inst[inst["region_code"] == target["scope_code"]]
    else:
        inst = institutions(bind, types)
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
