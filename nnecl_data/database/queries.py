"""Read the curated dataset: typed functions returning DataFrames for what the pages show.

Every function takes an Engine (or Connection) first and uses SQLAlchemy Core with bound parameters.
Nothing here formats or caches; the app wraps these in bounded caches (nnecl_data/ui/data.py).
Numbers on suppressed rows are blanked on the way out (suppression.mask_unpublishable).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection, Engine

from nnecl_data.database import schema as s
from nnecl_data.rules.suppression import mask_unpublishable

ENGLAND_CODE = "E92000001"
VALUE_COLUMNS = ["value", "numerator", "denominator"]

_OUTCOME_COLUMNS = [
    s.outcomes.c.indicator_code,
    s.outcomes.c.geography_level,
    s.outcomes.c.geography_code,
    s.outcomes.c.geography_name,
    s.outcomes.c.year,
    s.outcomes.c.period_label,
    s.outcomes.c.value,
    s.outcomes.c.numerator,
    s.outcomes.c.denominator,
    s.outcomes.c.status,
    s.outcomes.c.published_symbol,
    s.outcomes.c.is_derived,
    s.outcomes.c.source_id,
]


def _connection(bind: Engine | Connection):
    """A context manager yielding a connection, whether given an engine or a connection."""
    return bind.connect() if isinstance(bind, Engine) else nullcontext(bind)


def frame(bind: Engine | Connection, statement) -> pd.DataFrame:
    """The rows of a query as a DataFrame: the data layer's one row-to-frame conversion."""
    with _connection(bind) as conn:
        result = conn.execute(statement)
        # Plain tuples: pandas probes each SQLAlchemy Row for attributes, which is slow on many rows.
        return pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))


def _outcomes(bind, *conditions) -> pd.DataFrame:
    statement = select(*_OUTCOME_COLUMNS).where(*conditions)
    df = frame(bind, statement)
    for column in VALUE_COLUMNS:
        df[column] = pd.to_numeric(df[column], errors="coerce").astype(float)
    df["status"] = df["status"].astype(object).where(df["status"].notna(), None)
    return mask_unpublishable(df, VALUE_COLUMNS)


# --- reference tables -----------------------------------------------------------------------------


def indicators(bind) -> pd.DataFrame:
    return frame(bind, select(s.indicators).order_by(s.indicators.c.sort_order))


def indicator(bind, code: str) -> dict | None:
    df = frame(bind, select(s.indicators).where(s.indicators.c.code == code))
    return None if df.empty else df.iloc[0].to_dict()


def regions(bind) -> pd.DataFrame:
    return frame(bind, select(s.regions.c.code, s.regions.c.name).order_by(s.regions.c.sort_order))


def combined_authorities(bind, year: int | None = None) -> pd.DataFrame:
    ca = s.combined_authorities
    statement = select(ca.c.code, ca.c.name, ca.c.start_year, ca.c.end_year).order_by(ca.c.name)
    if year is not None:
        statement = statement.where(
            or_(ca.c.start_year.is_(None), ca.c.start_year <= year),
            or_(ca.c.end_year.is_(None), ca.c.end_year >= year),
        )
    return frame(bind, statement)


def local_authorities(
    bind,
    *,
    region_codes: Sequence[str] | None = None,
    combined_authority: str | None = None,
    current_only: bool = False,
) -> pd.DataFrame:
    la = s.local_authorities
    statement = select(la).order_by(la.c.name)
    if region_codes:
        statement = statement.where(la.c.region_code.in_(list(region_codes)))
    if combined_authority:
        statement = statement.where(la.c.combined_authority_code == combined_authority)
    if current_only:
        statement = statement.where(la.c.end_year.is_(None))
    return frame(bind, statement)


def sources(bind, source_ids: Sequence[str] | None = None) -> pd.DataFrame:
    statement = select(s.sources).order_by(s.sources.c.publisher, s.sources.c.title)
    if source_ids is not None:
        statement = statement.where(s.sources.c.source_id.in_(list(source_ids)))
    return frame(bind, statement)


def facts(bind) -> pd.DataFrame:
    return frame(bind, select(s.facts).order_by(s.facts.c.fact_id))


def partnerships(bind) -> pd.DataFrame:
    return frame(bind, select(s.partnerships).order_by(s.partnerships.c.name))


def table_rows(bind, table) -> list[dict]:
    """Every row of a register table as plain dicts, in primary-key order (what an import replaces)."""
    with _connection(bind) as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


def dataset_meta(bind) -> dict[str, str]:
    df = frame(bind, select(s.dataset_meta))
    return dict(zip(df["key"], df["value"], strict=True)) if not df.empty else {}


def data_stamp(engine: Engine) -> tuple:
    """What changes whenever the data does: the build time, and the load log's size, latest load and
    latest roll-back. A process compares it with the last one it saw (ui.data)."""
    log = s.load_log
    with engine.connect() as conn:
        built_at = conn.execute(select(s.dataset_meta.c.value).where(s.dataset_meta.c.key == "built_at")).scalar()
        loads = conn.execute(select(func.count(), func.max(log.c.load_id), func.max(log.c.rolled_back_at))).one()
    return (built_at, *loads)


def latest_release_sources(bind) -> pd.DataFrame:
    """The sources of each indicator's latest year (the releases the latest figures come from)."""
    o = s.outcomes
    latest = select(o.c.indicator_code, func.max(o.c.year).label("year")).group_by(o.c.indicator_code).subquery()
    used = (
        select(o.c.source_id)
        .join(latest, and_(o.c.indicator_code == latest.c.indicator_code, o.c.year == latest.c.year))
        .distinct()
    )
    return frame(bind, select(s.sources).where(s.sources.c.source_id.in_(used)).order_by(s.sources.c.source_id))


def announcement_dates(bind) -> pd.DataFrame:
    """Each Quality Mark record's year and date as published ('2025-07-02', '2022-12' or none), NNECL's
    own records only (never the fictional sample)."""
    a = s.quality_mark_awards
    statement = select(a.c.award_year, a.c.date_as_published).where(a.c.is_sample.is_(False))
    return frame(bind, statement)


# --- outcomes -------------------------------------------------------------------------------------


def available_years(bind, indicator_code: str) -> list[int]:
    statement = (
        select(s.outcomes.c.year)
        .where(s.outcomes.c.indicator_code == indicator_code)
        .distinct()
        .order_by(s.outcomes.c.year)
    )
    return [int(y) for y in frame(bind, statement)["year"]]


def england_value(bind, indicator_code: str, year: int) -> pd.DataFrame:
    return _outcomes(
        bind,
        s.outcomes.c.indicator_code == indicator_code,
        s.outcomes.c.year == year,
        s.outcomes.c.geography_level == "england",
    )


def indicator_by_region(bind, indicator_code: str, year: int) -> pd.DataFrame:
    """The 9 regions for one year (England not included: see england_value)."""
    df = _outcomes(
        bind,
        s.outcomes.c.indicator_code == indicator_code,
        s.outcomes.c.year == year,
        s.outcomes.c.geography_level == "region",
    )
    return df.sort_values("geography_code").reset_index(drop=True)


def indicator_by_la(
    bind,
    indicator_code: str,
    year: int,
    *,
    region_codes: Sequence[str] | None = None,
    combined_authority: str | None = None,
) -> pd.DataFrame:
    """Local authorities for one year, with their region and combined authority."""
    la = s.local_authorities
    o = s.outcomes
    statement = (
        select(*_OUTCOME_COLUMNS, la.c.region_code, la.c.combined_authority_code)
        .join(la, la.c.code == o.c.geography_code)
        .where(o.c.indicator_code == indicator_code, o.c.year == year, o.c.geography_level == "local_authority")
        .order_by(o.c.geography_name)
    )
    if region_codes:
        statement = statement.where(la.c.region_code.in_(list(region_codes)))
    if combined_authority:
        statement = statement.where(la.c.combined_authority_code == combined_authority)
    df = frame(bind, statement)
    for column in VALUE_COLUMNS:
        df[column] = pd.to_numeric(df[column], errors="coerce").astype(float)
    df["status"] = df["status"].astype(object).where(df["status"].notna(), None)
    return mask_unpublishable(df, VALUE_COLUMNS)


def indicator_series(
    bind,
    indicator_code: str,
    *,
    geography_codes: Sequence[str] | None = None,
    include_england: bool = True,
    level: str = "region",
) -> pd.DataFrame:
    """Every year of an indicator for the given areas of one level (all areas when none given),
    plus England when asked."""
    o = s.outcomes
    area = o.c.geography_level == level
    if geography_codes:
        area = and_(area, o.c.geography_code.in_(list(geography_codes)))
    where = or_(area, o.c.geography_level == "england") if include_england else area
    df = _outcomes(bind, o.c.indicator_code == indicator_code, where)
    return df.sort_values(["geography_level", "geography_code", "year"]).reset_index(drop=True)


def latest_year(bind, indicator_code: str) -> int | None:
    statement = select(func.max(s.outcomes.c.year)).where(s.outcomes.c.indicator_code == indicator_code)
    with _connection(bind) as conn:
        value = conn.execute(statement).scalar()
    return int(value) if value is not None else None


def table_counts(bind) -> dict[str, int]:
    """Rows per table, for the overview of what the database holds."""
    out = {}
    for table in s.SEEDED_TABLES:
        statement = select(func.count()).select_from(table)
        with _connection(bind) as conn:
            out[table.name] = int(conn.execute(statement).scalar() or 0)
    return out


def coverage_summary(bind) -> pd.DataFrame:
    """Per indicator: years covered and how many cells are numbers vs symbols."""
    o = s.outcomes
    i = s.indicators
    statement = (
        select(
            i.c.code,
            i.c.label,
            func.min(o.c.year).label("first_year"),
            func.max(o.c.year).label("last_year"),
            func.count().label("cells"),
            func.count(o.c.value).label("published_numbers"),
        )
        .join(o, o.c.indicator_code == i.c.code)
        .group_by(i.c.code, i.c.label, i.c.sort_order)
        .order_by(i.c.sort_order)
    )
    df = frame(bind, statement)
    df["symbols"] = df["cells"] - df["published_numbers"]
    return df


# --- local authority profiles -----------------------------------------------------------------------


def statistical_neighbours(bind, la_code: str | None = None, grouping_year: int | None = None) -> pd.DataFrame:
    """DfE's statistical neighbours in rank order, each with its name, region and whether it still
    exists (end_year, replaced_by). All authorities and groupings when none is given."""
    sn, la, r = s.statistical_neighbours, s.local_authorities, s.regions
    statement = (
        select(
            sn.c.grouping_year,
            sn.c.la_code,
            sn.c.rank,
            sn.c.neighbour_code,
            la.c.name.label("neighbour_name"),
            la.c.region_code.label("neighbour_region_code"),
            r.c.name.label("neighbour_region_name"),
            la.c.end_year.label("neighbour_end_year"),
            la.c.replaced_by.label("neighbour_replaced_by"),
            sn.c.closeness,
            sn.c.closeness_as_published,
            sn.c.old_section,
            sn.c.la_dfe_code,
            sn.c.neighbour_dfe_code,
            sn.c.source_id,
        )
        .join(la, la.c.code == sn.c.neighbour_code)
        .join(r, r.c.code == la.c.region_code)
        .order_by(sn.c.grouping_year.desc(), sn.c.la_code, sn.c.rank)
    )
    if la_code is not None:
        statement = statement.where(sn.c.la_code == la_code)
    if grouping_year is not None:
        statement = statement.where(sn.c.grouping_year == grouping_year)
    return frame(bind, statement)


def grouping_years(bind) -> list[int]:
    """The neighbour groupings held, newest first."""
    sn = s.statistical_neighbours
    statement = select(sn.c.grouping_year).distinct().order_by(sn.c.grouping_year.desc())
    return [int(y) for y in frame(bind, statement)["grouping_year"]]


def area_outcomes(bind, geography_codes: Sequence[str], level: str = "local_authority") -> pd.DataFrame:
    """Every indicator and year for the given areas of one level (e.g. an authority and its neighbours)."""
    o = s.outcomes
    df = _outcomes(bind, o.c.geography_level == level, o.c.geography_code.in_(list(geography_codes)))
    return df.sort_values(["indicator_code", "geography_code", "year"]).reset_index(drop=True)
