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
from nnecl_data.rules import quality_mark as qm
from nnecl_data.rules.quality_mark import HELD, award_status_on, coverage_counts, institution_status_on
from nnecl_data.wording import REGION_NOT_KNOWN

CARE_LEAVER_INDICATOR = "cl_eet_19_21"
# Published facts the pages set beside the dashboard's own counts (rows of the facts table).
QM_TOTAL_FACT = "qm_institutions_awarded_2025"  # NNECL's count of institutions awarded
MEMBERS_FACT = "nnecl_members_over_100"  # NNECL's own statement of its membership
GM_FACT = "gm_qm_institutions_2025_10"  # NNECL's Greater Manchester figure
RUSSELL_GROUP_FACTS = {  # NNECL's published Russell Group figures
    "universities": "russell_group_universities",
    "members": "russell_group_nnecl_members",
    "quality_mark": "russell_group_quality_mark",
}
RUSSELL_GROUP_LIST = "qub_russell_group_members"  # the list of members the register's flag comes from


# --- queries ---------------------------------------------------------------------------------------------


def _awards(bind, include_sample: bool = False) -> pd.DataFrame:
    a, i, la = schema.quality_mark_awards, schema.institutions, schema.local_authorities
    stmt = select(
        a.c.award_id,
        a.c.institution_id,
        a.c.name_as_published,
        a.c.status,
        a.c.award_year,
        a.c.expiry_year,
        a.c.cohort,
        a.c.match_note,
        a.c.date_as_published,
        a.c.date_basis,
        a.c.source_id,
        i.c.name.label("institution_name"),
        i.c.ukprn,
        i.c.type.label("institution_type"),
        i.c.region_code,
        i.c.la_code,
        i.c.russell_group,
        la.c.combined_authority_code.label("ca_code"),
    ).select_from(a.outerjoin(i, a.c.institution_id == i.c.institution_id).outerjoin(la, i.c.la_code == la.c.code))
    if not include_sample:
        stmt = stmt.where(a.c.is_sample.is_(False))
    awards = _frame(bind, stmt.order_by(a.c.award_year, a.c.award_id))
    awards["in_register"] = awards["institution_id"].notna()
    return _place_outside_register(bind, awards)


def _place_outside_register(bind, awards: pd.DataFrame) -> pd.DataFrame:
    """An awardee not in the register has no local authority or type. It is placed in a combined authority
    only when its announcement names that area (e.g. NNECL's '2025 Greater Manchester colleges'), and in
    the region of that area's local authorities; otherwise its place is not known."""
    outside = ~awards["in_register"]
    if not outside.any():
        return awards
    ca, la = schema.combined_authorities, schema.local_authorities
    areas = _frame(bind, select(ca.c.code, ca.c.name))
    regions = _frame(bind, select(la.c.combined_authority_code, la.c.region_code).distinct())
    region_of = (
        regions.dropna()
        .groupby("combined_authority_code")["region_code"]
        .agg(lambda codes: codes.iloc[0] if codes.nunique() == 1 else None)
    )
    awards = awards.astype({"ca_code": object, "region_code": object})
    for index in awards.index[outside]:
        cohort = str(awards.at[index, "cohort"]).lower()
        named = [row.code for row in areas.itertuples() if row.name.lower() in cohort]
        if len(named) == 1:
            awards.at[index, "ca_code"] = named[0]
            awards.at[index, "region_code"] = region_of.get(named[0])
    return awards


def awards(bind: Engine | Connection, include_sample: bool = False) -> pd.DataFrame:
    """The Quality Mark records held, each with its institution's name, type, region, LA and combined
    authority (for an awardee not in the register: the area its announcement names, if any)."""
    return _awards(bind, include_sample)


def institutions(bind, types: list[str] | tuple[str, ...] | None = None, la_codes=None) -> pd.DataFrame:
    """Institutions in the register (optionally of some types, or in some local authorities) with their
    region and local authority names, location, Russell Group flag and source, ordered by name."""
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
        la.c.combined_authority_code.label("ca_code"),
        i.c.latitude,
        i.c.longitude,
        i.c.russell_group,
        i.c.source_id,
    ).select_from(i.outerjoin(r, i.c.region_code == r.c.code).outerjoin(la, i.c.la_code == la.c.code))
    if types:
        stmt = stmt.where(i.c.type.in_(list(types)))
    if la_codes is not None:
        stmt = stmt.where(i.c.la_code.in_(list(la_codes)))
    out = _frame(bind, stmt.order_by(i.c.name, i.c.institution_id))
    out["russell_group"] = out["russell_group"].astype(bool)
    return out


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
    are working towards one, have renewal not announced or no award on record, and the percentage holding one
    (rules.quality_mark.coverage_counts). Institutions whose region is unknown are counted under
    region_code None ("Region not known"). Awards not matched to the register cannot be placed and are
    not counted here."""
    inst = institutions(bind, institution_types)
    inst["status"] = inst["institution_id"].map(institution_status_on(_awards(bind), on_date))
    inst["region_name"] = inst["region_name"].fillna(REGION_NOT_KNOWN)
    columns = ["region_code", "region_name", "type"]
    counts = coverage_counts(inst, columns)
    order = [*columns, "institutions", *qm.COVERAGE_GROUPS, "pct_current"]
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
        "in_register",
        "source_id",
    ]
    return awards.loc[mask, cols].sort_values(["expiry_year", "name_as_published"]).reset_index(drop=True)


def unmatched_awards(bind: Engine | Connection) -> pd.DataFrame:
    awards = _awards(bind)
    cols = ["award_id", "name_as_published", "award_year", "cohort", "match_note", "source_id"]
    return awards.loc[awards["institution_id"].isna(), cols].reset_index(drop=True)


def named_awardees_count(bind: Engine | Connection, fact_id: str = QM_TOTAL_FACT) -> dict:
    """How many distinct institutions the stored announcements name by the date of NNECL's published
    total (the fact `fact_id`), against that total. Returns named, total (None if the fact is absent) and
    a text such as "28 of 50 named"."""
    awards = _awards(bind)
    f = schema.facts
    total_df = _frame(bind, select(f.c.value, f.c.as_of).where(f.c.fact_id == fact_id))
    total = None if total_df.empty or total_df.iloc[0]["value"] is None else int(total_df.iloc[0]["value"])
    year = None if total_df.empty else qm.fact_year(total_df.iloc[0]["as_of"])
    if year is not None:  # named by the published figure's date, as the figure counts
        awards = awards[awards["award_year"] <= year]
    named = int(qm.holder_key(awards).nunique())
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


# --- named holders, published counts and targets ---------------------------------------------------

HOLDER_COLUMNS = [
    "holder",
    "name",
    "published_name",
    "in_register",
    "institution_id",
    "ukprn",
    "type",
    "region_code",
    "la_code",
    "ca_code",
    "russell_group",
    "status_on",
    "first_award_year",
    "latest_award_year",
    "latest_award_status",
    "latest_award_when",
    "latest_expiry_year",
    "records",
    "source_ids",
]


def holders_from(awards: pd.DataFrame, on_date: dt.date | int, as_of_year: int | None = None) -> pd.DataFrame:
    """Every awardee the records name (in the register or not; awards up to `as_of_year` if given), one row
    each: its status at `on_date` (rules.quality_mark), its latest award (year, published status, date as
    published) and its place. An awardee not in the register has no type or local authority."""
    if as_of_year is not None:
        awards = awards[awards["award_year"] <= as_of_year]
    if awards.empty:
        return pd.DataFrame(columns=HOLDER_COLUMNS)
    awards = awards.assign(holder=qm.holder_key(awards).to_numpy())
    best = qm.holder_status_on(awards, on_date).set_index("holder")
    latest = awards.sort_values(["award_year", "award_id"]).groupby("holder").tail(1).set_index("holder")
    grouped = awards.groupby("holder")
    out = pd.DataFrame(
        {
            "name": latest["institution_name"].fillna(latest["name_as_published"]),
            "published_name": latest["name_as_published"],
            "in_register": latest["in_register"].astype(bool),
            "institution_id": latest["institution_id"],
            "ukprn": latest["ukprn"],
            "type": latest["institution_type"],
            "region_code": latest["region_code"],
            "la_code": latest["la_code"],
            "ca_code": latest["ca_code"],
            "russell_group": latest["russell_group"].fillna(False).astype(bool),
            "status_on": best["status_on"].reindex(latest.index).fillna("not_yet_awarded"),
            "first_award_year": grouped["award_year"].min(),
            "latest_award_year": latest["award_year"],
            "latest_award_status": latest["status"],
            "latest_award_when": pd.Series(
                [
                    qm.published_when(date, year)
                    for date, year in zip(latest["date_as_published"], latest["award_year"], strict=True)
                ],
                index=latest.index,
            ),
            "latest_expiry_year": grouped["expiry_year"].max(),
            "records": grouped.size(),
            "source_ids": grouped["source_id"].agg(lambda ids: ", ".join(sorted(set(ids)))),
        }
    )
    out = out[out["status_on"] != "not_yet_awarded"]
    return out.rename_axis("holder").reset_index()[HOLDER_COLUMNS].sort_values("name").reset_index(drop=True)


def named_holders(bind: Engine | Connection, on_date: dt.date | int, as_of_year: int | None = None):
    """Every awardee the announcements held name, with its status at the date (see `holders_from`)."""
    return holders_from(_awards(bind), on_date, as_of_year)


def in_scope(frame: pd.DataFrame, scope_type: str, scope_code: str | None, types=None) -> pd.DataFrame:
    """Rows (institutions or holders) of a target's or a selection's area: a combined authority (by the
    local authority's, or for an awardee not in the register its announcement's, combined authority), a
    region, or England; optionally of some institution types (an awardee not in the register, whose type is
    not recorded, is kept: its announcement places it)."""
    out = frame
    if scope_type == "combined_authority":
        out = out[out["ca_code"] == scope_code]
    elif scope_type == "region":
        out = out[out["region_code"] == scope_code]
    if types:
        known = out["type"].notna() if "in_register" not in out else out["in_register"]
        out = out[~known | out["type"].isin(list(types))]
    return out


def published_count(bind: Engine | Connection, scope_name: str) -> dict | None:
    """NNECL's published count of institutions holding the Quality Mark in an area (a fact whose scope is
    the area and whose unit is institutions), the latest if several; None when none is held."""
    f = schema.facts
    df = _frame(bind, select(f).where(f.c.scope == scope_name, f.c.unit == "institutions"))
    if df.empty:
        return None
    return df.sort_values("as_of").iloc[-1].to_dict()


@dataclass
class Reconciliation:
    """A published count beside the awardees the record names in the same area by the same date."""

    published: dict | None  # the fact (statement, value, as_of, source_id)
    counts: dict  # rules.quality_mark.reconcile: published, named, unnamed, named_exceeds
    holders: pd.DataFrame  # the named holders (holders_from), status at the page's date
    groups: pd.DataFrame  # latest award (published status, when) x status: holders, not_in_register


GROUP_KEYS = ["latest_award_year", "latest_award_when", "latest_award_status", "status_on"]


def reconciliation(holders: pd.DataFrame, published: dict | None) -> Reconciliation:
    """The named holders (already in the area) grouped by their latest award and status, against the
    published count."""
    value = None if not published or published.get("value") is None else int(published["value"])
    if holders.empty:
        groups = pd.DataFrame(columns=[*GROUP_KEYS, "holders", "not_in_register", "names", "outside_names"])
    else:
        outside = ~holders["in_register"].astype(bool)
        groups = (
            holders.assign(outside=outside, outside_name=holders["name"].where(outside))
            .groupby(GROUP_KEYS, sort=True)
            .agg(
                holders=("holder", "size"),
                not_in_register=("outside", "sum"),
                names=("name", list),
                outside_names=("outside_name", lambda names: sorted(names.dropna())),
            )
            .reset_index()
            .sort_values(["latest_award_year", "latest_award_when"], ascending=False)
            .reset_index(drop=True)
        )
    return Reconciliation(published, qm.reconcile(value, len(holders)), holders, groups)


def area_reconciliation(
    bind: Engine | Connection, scope_type: str, scope_code: str | None, scope_name: str, on_date: dt.date
) -> Reconciliation:
    """An area's published count (if NNECL publishes one) reconciled with the holders named there by its
    date; their status is at `on_date`."""
    published = published_count(bind, scope_name)
    year = qm.fact_year(published["as_of"]) if published else None
    holders = in_scope(named_holders(bind, on_date, year), scope_type, scope_code)
    return reconciliation(holders, published)


@dataclass
class TargetProgress:
    target: dict
    institutions: pd.DataFrame  # in-scope register institutions: status_on, holds_award, latest_expiry_year ...
    outside_register: pd.DataFrame  # named holders in scope that are not in the register (not in the count)
    summary: dict
    assumptions: str  # the projection's assumptions, in words ("" when the target sets no deadline)
    pace: pd.DataFrame = field(default_factory=pd.DataFrame)
    scenarios: pd.DataFrame = field(default_factory=pd.DataFrame)  # renewals not announced: if renewed ...
    reconciliation: Reconciliation | None = None


def _target_institutions(bind, target: dict) -> pd.DataFrame:
    types = str(target["in_scope_types"]).split()
    return in_scope(institutions(bind, types), target["scope_type"], target["scope_code"])


def target_progress(bind: Engine | Connection, target_id: str, on_date: dt.date) -> TargetProgress:
    """Progress towards a row of the targets table: an adopted target (Greater Manchester: every college
    and university accredited by 2027) or a recommendation with no deadline (London). In scope = register
    institutions of the target's types in its area (a combined authority through its local authorities, a
    region, or England). Named holders in the area that are not in the register are listed apart: they are
    in neither the count nor the denominator."""
    t = schema.targets
    target_df = _frame(bind, select(t).where(t.c.target_id == target_id))
    if target_df.empty:
        raise KeyError(f"no target {target_id!r}")
    target = target_df.iloc[0].to_dict()
    deadline = None if pd.isna(target["deadline_year"]) else int(target["deadline_year"])
    target["deadline_year"] = deadline
    awards = _awards(bind)
    inst = qm.with_status(_target_institutions(bind, target), awards, on_date)
    inst = inst.rename(columns={"status": "status_on"})
    matched = awards[awards["institution_id"].isin(inst["institution_id"])]
    latest_expiry = matched.groupby("institution_id")["expiry_year"].max()
    inst["latest_expiry_year"] = inst["institution_id"].map(latest_expiry)
    inst["ends_before_deadline"] = inst["holds_award"] & (inst["latest_expiry_year"] < (deadline or 0))
    types = str(target["in_scope_types"]).split()
    holders = in_scope(named_holders(bind, on_date), target["scope_type"], target["scope_code"], types)
    outside = holders[~holders["in_register"]]
    outside = outside.assign(holds_award=outside["status_on"].isin(HELD)).reset_index(drop=True)

    year = on_date.year
    counts = inst["status_on"].map(qm.coverage_group).value_counts()
    n_total, n_held = len(inst), int(inst["holds_award"].sum())
    not_announced = int(counts.get(qm.NOT_ANNOUNCED, 0))
    summary = {
        "in_scope": n_total,
        "holding_award": n_held,
        "not_holding": n_total - n_held,
        "not_announced": not_announced,
        "working_towards": int(counts.get("working_towards", 0)),
        "no_record": int(counts.get("none", 0)),
        "outside_register": len(outside),
        "outside_register_holding": int(outside["holds_award"].sum()),
        "deadline": deadline,
        "ends_before_deadline": int(inst["ends_before_deadline"].sum()),
        "unmatched_awards": int((~awards["in_register"]).sum()),
    }
    # Pace so far: in-scope register institutions first awarded per year, first award year to this year.
    first = matched[matched["award_year"] <= year].groupby("institution_id")["award_year"].min()
    if first.empty:
        pace_df, per_year, span = pd.DataFrame(columns=["award_year", "first_awards"]), 0.0, 0
    else:
        span = year - int(first.min()) + 1
        pace_df = first.value_counts().sort_index().rename_axis("award_year").reset_index(name="first_awards")
        per_year = len(first) / span
    summary["first_awards_per_year"] = round(per_year, 2)
    summary["first_awards_per_term"] = round(per_year / len(qm.TERM_STARTS), 2)
    assumptions, scenarios = "", pd.DataFrame()
    if deadline is not None:
        _deadline_summary(summary, on_date, deadline, per_year)
        scenarios = _renewal_scenarios(inst, deadline)
        assumptions = (
            f"Projection at the recorded pace: in-scope institutions in the register were first awarded at an "
            f"average of {per_year:.2f} a year over {span} year(s) up to {year} "
            f"({summary['first_awards_per_term']:.2f} a term); the {summary['not_holding']} without a current "
            f"award on record on {on_date.day} {on_date:%B %Y} are assumed to be accredited at that same rate. "
            "It assumes every in-scope institution is in the register (16-19 academies are not), that awards held "
            f"now are renewed when they end ({summary['ends_before_deadline']} end before {deadline}), and that "
            f"awards whose renewal is not announced ({not_announced}) have to be gained again; awards not matched "
            "to the register are not counted."
        )
    published = published_count(bind, str(target["scope_name"]))
    named_by = None
    if published:  # the holders named in the area by the published figure's date, as the figure counts
        as_of = named_holders(bind, on_date, qm.fact_year(published["as_of"]))
        named_by = in_scope(as_of, target["scope_type"], target["scope_code"], types)
    return TargetProgress(
        target=target,
        institutions=inst.reset_index(drop=True),
        outside_register=outside,
        summary=summary,
        assumptions=assumptions,
        pace=pace_df,
        scenarios=scenarios,
        reconciliation=reconciliation(named_by, published) if published else None,
    )


def _deadline_summary(summary: dict, on_date: dt.date, deadline: int, per_year: float) -> None:
    """Years and terms to the deadline, the pace it needs (per term), and the projection at the pace so far."""
    year = on_date.year
    terms = qm.terms_left(on_date, deadline)
    remaining = summary["not_holding"]
    if_renewed = remaining - summary["not_announced"]  # scenario: every renewal not announced was made
    summary.update(
        years_to_deadline=deadline - year,
        terms_left=terms,
        pace_needed_per_term=round(remaining / terms, 1) if terms else None,
        if_renewed_remaining=if_renewed,
        if_renewed_pace_per_term=round(if_renewed / terms, 1) if terms else None,
    )
    if remaining == 0:
        projected, on_track = year, True
    elif per_year > 0:
        projected = year + math.ceil(remaining / per_year)
        on_track = projected <= deadline
    else:
        projected, on_track = None, False
    summary.update(projected_completion_year=projected, on_track=on_track)


def _renewal_scenarios(inst: pd.DataFrame, deadline: int) -> pd.DataFrame:
    """For awards whose renewal is not announced, grouped by the year their three years ended: if they
    were renewed that year (not announced), the year they would fall due again, against the deadline.
    Scenarios, not facts."""
    due = inst[inst["status_on"] == qm.NOT_ANNOUNCED]
    if due.empty:
        return pd.DataFrame(columns=["ended", "institutions", "names", "renewed_due", "against_deadline"])
    rows = []
    for ended, group in due.groupby("latest_expiry_year"):
        again = int(ended) + qm.AWARD_TERM_YEARS
        where = "in the deadline year" if again == deadline else ("before" if again < deadline else "after")
        rows.append(
            {
                "ended": int(ended),
                "institutions": len(group),
                "names": sorted(group["name"]),
                "renewed_due": again,
                "against_deadline": where,
            }
        )
    return pd.DataFrame(rows)
