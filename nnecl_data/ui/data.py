"""The app's only door to the database: one connection, bounded caches, a friendly page when the
database is missing or unreachable."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from streamlit.connections import SQLConnection

from nnecl_data import config
from nnecl_data.database import archive, build, db, provision, queries
from nnecl_data.ui.cache_keys import CONTENT_KEYS

CACHE = {"max_entries": 256, "ttl": dt.timedelta(minutes=30), "show_spinner": False}
# A page's whole view (figures, tables, sentences) from its filters: recomputing it from cached reads
# cost a Quality Mark run ~40 ms of pandas on every rerun. Cleared with every other cache on import.
# A view holds its institutions (0.1 MB at the real size; 11 MB for all of England at 100x, ~1 MB for a
# region). 48 per page: a shared deployment's visitors spread over the nine regions, their pairs and the
# years, and a view missing from the cache is a first view (each costs a run ~100 ms more).
_VIEW_CACHE = {"max_entries": 48, "ttl": dt.timedelta(minutes=30), "show_spinner": False}
VIEW_KEY = "_nnecl_view_key"  # set on each view cached_view returns: what it was computed from


def cached_view(func: Callable) -> Callable:
    """`func` cached on its arguments (st.cache_data). Each view it returns carries its key (the
    function and arguments), so what a page derives from the view can be cached on that key too
    (`from_view`) instead of being hashed or recomputed on every run."""
    cached = st.cache_data(**_VIEW_CACHE)(func)
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        view = cached(*args, **kwargs)
        if view is not None:
            with contextlib.suppress(AttributeError, TypeError):  # a view that takes no attribute: uncached use
                object.__setattr__(view, VIEW_KEY, (name, args, tuple(sorted(kwargs.items()))))
        return view

    wrapper.clear = cached.clear
    return wrapper


_DERIVED: dict[str, Callable] = {}


@st.cache_data(max_entries=160, ttl=dt.timedelta(minutes=30), show_spinner=False, hash_funcs=CONTENT_KEYS)
def _derived(name: str, view_key: tuple, _view, args: tuple, kwargs: dict):
    return _DERIVED[name](_view, *args, **kwargs)


def from_view(func: Callable | None = None, *, uses: tuple[str, ...] | None = None) -> Callable:
    """A table or frame derived from a cached view, `func(view, *args)`, cached on the view's key and
    the other (plain) arguments: the Regional outcomes and Quality Mark tables cost a warm run 20-40 ms
    of pandas each time. `func` must depend only on the view, its arguments and cached data (cleared
    with this cache). A view not made by `cached_view` is passed straight through, uncached.

    With `uses`, the names of the only view fields `func` reads, it is cached on their content instead
    (DataFrames by `cache_keys.frame_digest`), so a new selection whose view holds the same figures
    (the trend of every region, whichever regions are chosen) reuses what an earlier one derived."""
    if func is None:
        return functools.partial(from_view, uses=uses)
    name = f"{func.__module__}.{func.__qualname__}"
    _DERIVED[name] = func

    @functools.wraps(func)
    def wrapper(view, *args, **kwargs):
        key = getattr(view, VIEW_KEY, None)
        if key is None:
            return func(view, *args, **kwargs)
        if uses is not None:
            key = tuple(getattr(view, field) for field in uses)
        return _derived(name, key, view, args, kwargs)

    return wrapper


def cached_pure(func: Callable) -> Callable:
    """st.cache_data for a pure function of its arguments (tables keyed by their content,
    `cache_keys.CONTENT_KEYS`) and of cached data (cleared with it): derived once, not on every run."""
    cache = st.cache_data(max_entries=32, ttl=_VIEW_CACHE["ttl"], show_spinner=False, hash_funcs=CONTENT_KEYS)
    return cache(func)


class DatabaseUnavailable(RuntimeError):
    def __init__(self, message: str = "", advice: str | None = None):
        super().__init__(message)
        self.advice = advice  # shown to the viewer as is: what to do (never a driver message)


class _Connection(SQLConnection):
    """st.connection's SQL connection, whose engine is disposed when Streamlit releases it (a cleared
    or evicted cache): its pooled connections are closed then, not left for the garbage collector."""

    def close(self) -> None:
        self._instance.dispose()


def engine() -> Engine:
    """The dashboard's connection (st.connection, pre-ping so a restarted server is reconnected)."""
    url = db.database_url()
    if db.is_sqlite(url):
        path = db.sqlite_path(url)
        if path is not None and not path.parent.exists():
            # A new NNECL_DATA_DIR: the embedded database is built there on first start. When the folder
            # cannot be made, the first query reports it ("cannot read its database").
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
        conn = st.connection("nnecl", type=_Connection, url=url, connect_args={"check_same_thread": False})
        eng = conn._instance
        if not event.contains(eng, "connect", db._sqlite_pragmas):
            event.listen(eng, "connect", db._sqlite_pragmas)
        return eng
    return st.connection("nnecl", type=_Connection, url=url, pool_pre_ping=True)._instance


_SEED_VERSIONS: dict[tuple, str] = {}


def _seed_version() -> str:
    """build.seed_version() (a hash of every seed file, ~10 ms), recomputed only when a seed file's
    size or modification time changes: this check runs at the start of every page run."""
    key = tuple(
        (str(p), st_.st_mtime_ns, st_.st_size)
        for p in sorted(config.SEED_DIR.rglob("*.csv"))
        for st_ in (p.stat(),)
    )
    if key not in _SEED_VERSIONS:
        _SEED_VERSIONS.clear()
        _SEED_VERSIONS[key] = build.seed_version()
    return _SEED_VERSIONS[key]


def _built_version(eng: Engine) -> tuple[bool, str | None]:
    """(built, seed_version) in one query. A reachable database without the dataset_meta table is
    "not built"; any other failure (server down, unreadable file, not a database) is raised."""
    try:
        rows = queries.dataset_meta(eng)
    except (OperationalError, ProgrammingError):
        if _has_meta_table(eng) is False:
            return False, None
        raise
    return bool(rows), rows.get("seed_version")


def _has_meta_table(eng: Engine) -> bool | None:
    """True/False when the database answers, None when it cannot be read at all."""
    from sqlalchemy import inspect

    try:
        return inspect(eng).has_table("dataset_meta")
    except Exception:
        return None


_LAST_SEEN: dict[str, tuple] = {}  # "data": (database URL, stamp) of this process's last run


def _forget_if_changed_elsewhere(eng: Engine) -> None:
    """Clear this process's caches when the data changed in another process: a load or roll-back on
    another replica (or the command line), or a rebuild. The admin page clears its own process's caches;
    with several replicas behind a proxy the others learn it here, on their next run (one small query).
    The cached tables are not keyed by database, so a run on another database than the last clears them
    too (a deployment has one; the tests' process opens several)."""
    try:
        seen = (str(eng.url), queries.data_stamp(eng))
    except Exception:  # an older database without the log: nothing to compare
        return
    if "data" in _LAST_SEEN and _LAST_SEEN["data"] != seen:
        st.cache_data.clear()
    _LAST_SEEN["data"] = seen


def ensure_database() -> None:
    """Build the embedded database on first start; explain what to do when a configured one is empty."""
    url = db.database_url()
    try:
        built, version = _built_version(engine())
        current = built and version == _seed_version()
    except Exception as error:  # connection refused, permissions ...
        raise DatabaseUnavailable(str(error)) from error
    if current or (built and not db.is_sqlite(url)):
        _forget_if_changed_elsewhere(engine())
        return  # a configured server is rebuilt by its owner, never behind their back
    if not db.is_sqlite(url):
        advice = (
            "The configured database has no dashboard tables yet. Build it with "
            f"`{config.cli_command()} build --database-url <URL>`."
        )
        raise DatabaseUnavailable(advice, advice=advice)
    what = "Updating" if built else "Building"
    bar = st.progress(0.0, text=f"{what} the embedded database from the curated seed…")
    tables = []

    def progress(items):
        tables.extend(items)
        for n, item in enumerate(tables, start=1):
            bar.progress(n / len(tables), text=f"Loading {item.name.replace('_', ' ')}…")
            yield item

    build.build(engine(), progress=progress)
    bar.empty()
    st.cache_data.clear()


def friendly_failure(error: Exception) -> None:
    st.error(
        "The dashboard cannot read its database right now. If you run it yourself: "
        f"`{config.cli_command()} build` "
        "builds the embedded database; for PostgreSQL check that the server is running and that "
        "NNECL_DATABASE_URL (or `[connections.nnecl]` in secrets.toml) is right. Then reload this page."
    )
    if getattr(error, "advice", None):
        st.info(error.advice)
    with st.expander("Technical detail"):
        st.text(type(error).__name__)


RECOVERABLE = (OperationalError, ProgrammingError, DatabaseUnavailable, build.SchemaMismatch)


# --- cached reads (arguments are plain values so the cache key is the question asked) ---------------


@st.cache_data(**CACHE)
def indicators() -> pd.DataFrame:
    return queries.indicators(engine())


@st.cache_data(**CACHE)
def regions() -> pd.DataFrame:
    return queries.regions(engine())


@st.cache_data(**CACHE)
def region_names() -> dict[str, str]:
    r = queries.regions(engine())
    return dict(zip(r["code"], r["name"], strict=True))


@st.cache_data(**CACHE)
def combined_authorities(year: int | None = None) -> pd.DataFrame:
    return queries.combined_authorities(engine(), year)


@st.cache_data(**CACHE)
def available_years(indicator_code: str) -> list[int]:
    return queries.available_years(engine(), indicator_code)


@st.cache_data(**CACHE)
def england_value(indicator_code: str, year: int) -> pd.DataFrame:
    return queries.england_value(engine(), indicator_code, year)


@st.cache_data(**CACHE)
def indicator_by_region(indicator_code: str, year: int) -> pd.DataFrame:
    return queries.indicator_by_region(engine(), indicator_code, year)


@st.cache_data(**CACHE)
def indicator_by_la(
    indicator_code: str, year: int, region_codes: tuple[str, ...] = (), combined_authority: str | None = None
) -> pd.DataFrame:
    return queries.indicator_by_la(
        engine(),
        indicator_code,
        year,
        region_codes=list(region_codes) or None,
        combined_authority=combined_authority,
    )


@st.cache_data(**CACHE)
def indicator_series(
    indicator_code: str, geography_codes: tuple[str, ...] = (), level: str = "region", include_england: bool = True
) -> pd.DataFrame:
    return queries.indicator_series(
        engine(),
        indicator_code,
        geography_codes=list(geography_codes) or None,
        level=level,
        include_england=include_england,
    )


@st.cache_data(**CACHE)
def sources(source_ids: tuple[str, ...] | None = None) -> pd.DataFrame:
    return queries.sources(engine(), list(source_ids) if source_ids is not None else None)


@st.cache_data(**CACHE)
def facts() -> pd.DataFrame:
    return queries.facts(engine())


def fact(fact_id: str) -> dict | None:
    """One published fact (statement, value, as_of, source_id), or None when the database has none."""
    df = facts()
    row = df[df["fact_id"] == fact_id]
    return None if row.empty else row.iloc[0].to_dict()


@st.cache_data(**CACHE)
def partnerships() -> pd.DataFrame:
    return queries.partnerships(engine())


@st.cache_data(**CACHE)
def dataset_meta() -> dict[str, str]:
    return queries.dataset_meta(engine())


@st.cache_data(max_entries=1, ttl=dt.timedelta(minutes=30), show_spinner=False)
def data_archive() -> bytes:
    """Every curated table as CSV files in one ZIP with a data dictionary (database/archive.py); ~2 s to
    build, so it is built when a user asks for it and then kept (0.3 MB)."""
    return archive.build_archive(engine())


def data_archive_name() -> str:
    return f"nnecl-dashboard-all-data-{dataset_meta().get('seed_version', 'unknown')}.zip"


@st.cache_data(**CACHE)
def data_edition() -> str:
    """The data named for a reader (rules.edition): the releases behind the latest figures and how recent
    the Quality Mark announcements held are."""
    from nnecl_data.rules import edition

    bind = engine()
    return edition.describe(queries.latest_release_sources(bind), queries.announcement_dates(bind))


@st.cache_data(**CACHE)
def table_counts() -> dict[str, int]:
    return queries.table_counts(engine())


@st.cache_data(**CACHE)
def coverage_summary() -> pd.DataFrame:
    return queries.coverage_summary(engine())


@st.cache_data(**CACHE)
def local_authorities(region_codes: tuple[str, ...] = (), combined_authority: str | None = None) -> pd.DataFrame:
    return queries.local_authorities(
        engine(), region_codes=list(region_codes) or None, combined_authority=combined_authority
    )


# --- local authority profiles ------------------------------------------------------------------------


@st.cache_data(**CACHE)
def statistical_neighbours(la_code: str | None = None, grouping_year: int | None = None) -> pd.DataFrame:
    return queries.statistical_neighbours(engine(), la_code, grouping_year)


@st.cache_data(**CACHE)
def grouping_years() -> list[int]:
    return queries.grouping_years(engine())


@st.cache_data(**CACHE)
def area_outcomes(geography_codes: tuple[str, ...], level: str = "local_authority") -> pd.DataFrame:
    return queries.area_outcomes(engine(), list(geography_codes), level)


@st.cache_data(**CACHE)
def institutions_in(la_codes: tuple[str, ...]) -> pd.DataFrame:
    return provision.institutions_in(engine(), la_codes)


# --- provision (Quality Mark, members, targets) ----------------------------------------------------


@st.cache_data(**CACHE)
def coverage_by_region(on_date: dt.date, institution_types: tuple[str, ...] = ()) -> pd.DataFrame:
    return provision.coverage_by_region(engine(), on_date, list(institution_types) or None)


@st.cache_data(**CACHE)
def awards() -> pd.DataFrame:
    return provision.awards(engine())


@st.cache_data(**CACHE)
def awards_timeline() -> pd.DataFrame:
    return provision.awards_timeline(engine())


@st.cache_data(**CACHE)
def awards_expiring(on_date: dt.date, months: int = 12) -> pd.DataFrame:
    return provision.awards_expiring(engine(), on_date, months)


@st.cache_data(**CACHE)
def unmatched_awards() -> pd.DataFrame:
    return provision.unmatched_awards(engine())


@st.cache_data(**CACHE)
def named_awardees_count() -> dict:
    return provision.named_awardees_count(engine())


@st.cache_data(**CACHE)
def named_holders(on_date: dt.date, as_of_year: int | None = None) -> pd.DataFrame:
    return provision.named_holders(engine(), on_date, as_of_year)


@st.cache_data(**CACHE)
def area_reconciliation(scope_type: str, scope_code: str | None, scope_name: str, on_date: dt.date):
    return provision.area_reconciliation(engine(), scope_type, scope_code, scope_name, on_date)


@st.cache_data(**CACHE)
def la_names() -> dict[str, str]:
    la = queries.local_authorities(engine())
    return dict(zip(la["code"], la["name"], strict=True))


@st.cache_data(**CACHE)
def members_by_region(include_sample: bool = False) -> pd.DataFrame:
    return provision.members_by_region(engine(), include_sample)


@st.cache_data(**CACHE)
def institutions(institution_types: tuple[str, ...] = ()) -> pd.DataFrame:
    return provision.institutions(engine(), list(institution_types) or None)


@st.cache_data(**CACHE)
def institution_register() -> pd.DataFrame:
    return provision.institution_register(engine())


@st.cache_data(**CACHE)
def member_counts() -> dict[str, int]:
    return provision.member_counts(engine())


@st.cache_data(**CACHE)
def members_by_type(include_sample: bool = False) -> pd.DataFrame:
    return provision.members_by_type(engine(), include_sample)


@st.cache_data(**CACHE)
def member_institutions() -> set[str]:
    return provision.member_institutions(engine())


@st.cache_data(**CACHE)
def targets() -> pd.DataFrame:
    return provision.targets(engine())


@st.cache_data(**CACHE)
def target_progress(target_id: str, on_date: dt.date):
    return provision.target_progress(engine(), target_id, on_date)


@st.cache_data(**CACHE)
def load_history() -> pd.DataFrame:
    from nnecl_data.registers.imports import load_history as history

    return history(engine())


# --- evidence packs (built by nnecl_data.evidence from this connection) -----------------------------


@st.cache_data(**CACHE)
def pack_options() -> dict[str, dict[str, str]]:
    from nnecl_data import evidence

    return evidence.selection_options(engine())


@st.cache_data(max_entries=64, ttl=dt.timedelta(minutes=30), show_spinner=False)
def pack_preview(selection, on_date: dt.date, url: str, profile=None):
    """The pack without its images: fast enough to show on every run. `profile`: a local authority's
    (evidence.AuthorityProfile, worked out by the profile view)."""
    from nnecl_data import evidence

    return evidence.build_pack(engine(), selection, on_date=on_date, url=url, with_images=False, profile=profile)


def build_pack(selection, on_date: dt.date, url: str, progress, profile=None):
    """The full pack with its chart images (not cached: built when asked, with progress)."""
    from nnecl_data import evidence

    return evidence.build_pack(engine(), selection, on_date=on_date, url=url, progress=progress, profile=profile)


def today() -> dt.date:
    """The date the app judges award status by (one place, so tests can pin it)."""
    return dt.date.today()


@st.cache_resource(show_spinner="Preparing boundaries…")
def boundary_layers():
    """Simplified boundary layers from the cache (filled from the ONS TopoJSON on first use when the
    official files are present). None when no boundaries are available: pages then draw the tile map."""
    from nnecl_data import geo

    try:
        if not geo.boundaries_available():
            geo.ensure_cache()
        return geo.cached_layers() if geo.boundaries_available() else None
    except Exception:  # a damaged cache must not take the page down: the tile map still works
        return None
