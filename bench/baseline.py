"""The naive baseline: what a page would cost written the obvious way, measured in the same run.

`naive_outcomes_page` does what the Regional outcomes page shows (regions map and ranked bars, the trend
over time, and the local authorities of a region) the naive way: every run reads the whole outcomes,
indicators and local-authority tables (pandas.read_sql, no cache), filters in pandas, draws the map from
the unsimplified boundary layer (the ONS TopoJSON as read, not the simplified cache) and serialises
every chart to its JSON spec (what a server sends). `naive_quality_mark_page` does the same for the
Quality Mark coverage page (whole institutions and awards tables, statuses computed in pandas).
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd

from bench.stats import summary
from nnecl_data import export, geo
from nnecl_data.charts import builders, maps
from nnecl_data.database import provision

_LAYERS: dict = {}


def unsimplified_layers() -> tuple[dict, str]:
    """The boundary layers as read from the official file (no simplification, no rounding); the cached
    simplified layers when the official file is absent (said so in the result)."""
    if not _LAYERS:
        file = geo.default_boundary_file()
        if file is not None:
            _LAYERS.update(layers=geo.load_boundary_file(file), kind=f"unsimplified ({file.name})")
        elif geo.boundaries_available():
            _LAYERS.update(layers=geo.cached_layers(), kind="cached (simplified: official file absent)")
        else:
            _LAYERS.update(layers={}, kind="none (tile map)")
    return _LAYERS["layers"], _LAYERS["kind"]


def naive_outcomes_page(engine, indicator_code: str, year: int, region_code: str | None) -> dict:
    layers, _ = unsimplified_layers()
    with engine.connect() as conn:
        outcomes = pd.read_sql("SELECT * FROM outcomes", conn)
        indicators = pd.read_sql("SELECT * FROM indicators", conn)
        las = pd.read_sql("SELECT * FROM local_authorities", conn)
    info = indicators[indicators["code"] == indicator_code].iloc[0]
    mine = outcomes[outcomes["indicator_code"] == indicator_code]
    this_year = mine[mine["year"] == year]
    regions = this_year[this_year["geography_level"] == "region"].sort_values("geography_code")
    england_rows = this_year[this_year["geography_level"] == "england"]
    england = None if england_rows.empty else england_rows["value"].iloc[0]
    england = None if england is None or pd.isna(england) else float(england)
    series = mine[mine["geography_level"].isin(["region", "england"])]
    specs = {}
    frame = regions[["geography_code", "geography_name", "value", "status"]]
    if "regions" in layers:
        gdf = geo.areas_for_codes(layers["regions"], set(frame["geography_code"]), year)
        chart = maps.choropleth(
            gdf, frame, title="map", value_label=info["short_label"], unit=info["unit"], attribution=False
        )
        specs["region_map"] = chart.to_json()
    specs["region_bars"] = builders.ranked_bars(
        regions,
        title="bars",
        value_label=info["short_label"],
        unit=info["unit"],
        polarity=info["polarity"],
        england=england,
    ).to_json()
    specs["trend"] = builders.trend_lines(
        series.sort_values(["geography_level", "geography_code", "year"]),
        title="trend",
        value_label=info["short_label"],
        unit=info["unit"],
    ).to_json()
    if region_code:
        la_rows = this_year[this_year["geography_level"] == "local_authority"].merge(
            las[["code", "region_code"]], left_on="geography_code", right_on="code"
        )
        la_rows = la_rows[la_rows["region_code"] == region_code]
        if "utla" in layers and not la_rows.empty:
            gdf = geo.areas_for_codes(layers["utla"], set(la_rows["geography_code"]), year)
            specs["la_map"] = maps.choropleth(
                gdf,
                la_rows[["geography_code", "geography_name", "value", "status"]],
                title="la map",
                value_label=info["short_label"],
                unit=info["unit"],
                attribution=False,
            ).to_json()
        if not la_rows.empty:
            specs["la_bars"] = builders.ranked_bars(
                la_rows,
                title="la bars",
                value_label=info["short_label"],
                unit=info["unit"],
                polarity=info["polarity"],
                england=england,
            ).to_json()
    _exports(regions, series)
    return {name: len(spec.encode()) for name, spec in specs.items()}


def _exports(*tables: pd.DataFrame) -> None:
    """The CSV and Excel downloads every table offers (built on every run, like the app's)."""
    for table in tables:
        export.to_csv_bytes(table, {"Title": "naive"})
        export.to_xlsx_bytes(table, {"Title": "naive"})


def naive_quality_mark_page(engine, on_date: dt.date) -> dict:
    layers, _ = unsimplified_layers()
    with engine.connect() as conn:
        inst = pd.read_sql("SELECT * FROM institutions", conn)
        awards = pd.read_sql("SELECT * FROM quality_mark_awards", conn)
        regions = pd.read_sql("SELECT * FROM regions", conn)
    status = provision.institution_status_on(awards[~awards["is_sample"].astype(bool)], on_date)
    inst["status_on"] = inst["institution_id"].map(status)
    inst["held"] = inst["status_on"].isin(provision.HELD)
    by_region = (
        inst.groupby("region_code", dropna=False)
        .agg(institutions=("institution_id", "size"), held=("held", "sum"))
        .reset_index()
    )
    by_region["value"] = 100 * by_region["held"] / by_region["institutions"]
    by_region = by_region.merge(regions, left_on="region_code", right_on="code")
    frame = pd.DataFrame(
        {
            "geography_code": by_region["region_code"],
            "geography_name": by_region["name"],
            "value": by_region["value"].round(1),
            "status": None,
        }
    )
    specs = {}
    if "regions" in layers:
        gdf = geo.areas_for_codes(layers["regions"], set(frame["geography_code"]), on_date.year)
        specs["map"] = maps.choropleth(
            gdf, frame, title="map", value_label="Holding the Quality Mark", unit="percent", attribution=False
        ).to_json()
    specs["table"] = inst.to_json()  # the naive page ships the whole register as its table
    _exports(by_region, inst)
    return {name: len(spec.encode()) for name, spec in specs.items()}


def measure(engine, runs: int, *, indicator_code: str, year: int, regions: tuple[str, ...], log=print) -> dict:
    """Median/p95 of the naive pages (outcomes default, outcomes with a region, quality mark)."""
    unsimplified_layers()  # loaded once, outside the timings (a naive page would even re-read it)
    out = {}
    cases = {
        "outcomes": lambda i: naive_outcomes_page(engine, indicator_code, year, None),
        "outcomes_filter": lambda i: naive_outcomes_page(engine, indicator_code, year, regions[i % len(regions)]),
        "quality_mark": lambda i: naive_quality_mark_page(engine, dt.date.today()),
    }
    for name, case in cases.items():
        times, sizes = [], {}
        case(0)  # first run excluded (imports, connection)
        for i in range(runs):
            started = time.perf_counter()
            sizes = case(i)
            times.append((time.perf_counter() - started) * 1000)
        out[name] = {"ms": summary(times), "bytes": sizes}
        log(
            f"    naive {name:16s} {out[name]['ms']['median']:7.0f}/{out[name]['ms']['p95']:7.0f} ms  "
            f"largest spec {max(sizes.values(), default=0) / 1000:6.0f} KB"
        )
    return out
