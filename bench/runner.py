"""Server-side time of full script runs, in process with Streamlit's AppTest.

A sample is one new session (a new AppTest) on a page with default filters, then, in the same session,
a filter change (the Regions filter set to one region; on the Local authority page another authority;
a page with neither, such as the Target tracker, is run again). The first FIRST_VIEWS samples
pick a selection no session has picked before in this configuration ("first view": the page's charts
and views for that selection are built, every cache missing); later samples pick those again
("filter": a warm run, as every later user choosing it gets). Times are the wall time of
`AppTest.run()`: the script run plus AppTest's parsing of the messages. AppTest also scans installed
packages for components on a new AppTest's first run (about 90 ms here); a server does that once at
start, so one scan is shared by every sample (`at._bidi_component_manager`).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from bench.stats import summary
from nnecl_data import config

PAGES = (
    "overview",
    "outcomes",
    "quality_mark",
    "members",
    "target_tracker",
    "gaps",
    "evidence_pack",
    "institutions",
    "partnerships",
    "methods",
    "accessibility",
    "local_authority",
)
REGIONS = (
    "E12000001",
    "E12000002",
    "E12000003",
    "E12000004",
    "E12000005",
    "E12000006",
    "E12000007",
    "E12000008",
    "E12000009",
)
# The Local authority page has no Regions filter: its "filter change" is choosing another authority.
AUTHORITIES = (
    "E08000021",
    "E08000003",
    "E08000035",
    "E08000025",
    "E06000018",
    "E10000020",
    "E09000007",
    "E10000016",
    "E06000023",
)
# What dashboard.py (an st.App) serves for each visit: the frame (shared filters etc.) with the page in it.
MAIN_SCRIPT = config.PROJECT_DIR / "nnecl_data" / "ui" / "main.py"
TIMEOUT = 300
FIRST_VIEWS = 5
_COMPONENTS = []


def _components():
    if not _COMPONENTS:
        from streamlit.components.v2.component_manager import BidiComponentManager

        manager = BidiComponentManager()
        manager.discover_and_register_components(start_file_watching=False)
        _COMPONENTS.append(manager)
    return _COMPONENTS[0]


def new_app(page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(MAIN_SCRIPT), default_timeout=TIMEOUT)
    at._bidi_component_manager = _components()
    if page != "overview":
        at.switch_page(f"../../pages/{page}.py")  # relative to the main script
    return at


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def chart_sizes(at) -> dict:
    """Bytes of the largest chart spec (JSON text plus Arrow datasets) and of the largest map."""
    biggest = biggest_map = 0
    for element in at.get("vega_lite_chart"):
        proto = element.proto
        size = len(proto.spec.encode()) + sum(len(d.data.data) for d in proto.datasets)
        biggest = max(biggest, size)
        if '"topojson"' in proto.spec or "topojson" in proto.spec:
            biggest_map = max(biggest_map, size)
    return {"chart": biggest, "map": biggest_map}


def problems(at) -> list[str]:
    out = [str(e.value)[:300] for e in at.exception]
    out += [str(e.value)[:300] for e in at.error if "cannot read its database" in str(e.value)]
    return out


def reset_app_state(url: str) -> None:
    """Point the in-process app at `url` with cold caches (every cache and connection dropped)."""
    import streamlit as st

    os.environ["NNECL_DATABASE_URL"] = url
    st.cache_data.clear()
    st.cache_resource.clear()


def change_filter(at, page: str, index: int):
    """The sample's filter change, by the filters the page uses (ui/pages.py): the index-th region, or
    authority on the Local authority page; a page with neither is run again as it is."""
    from nnecl_data.ui.pages import PAGES

    uses = PAGES[page].filters
    if "region" in uses:
        return at.multiselect(key="w_region").set_value([REGIONS[index]])
    if "la" in uses:
        return at.selectbox(key="w_la").set_value(AUTHORITIES[index])
    return at


def measure_page(page: str, runs: int) -> dict:
    """Cold run (first in this configuration), then `runs` samples of default + filter change."""
    cold_app = new_app(page)
    cold = timed(cold_app.run)
    errors = problems(cold_app)
    default, change, first = [], [], []
    sizes = chart_sizes(cold_app)
    first_views = min(FIRST_VIEWS, len(REGIONS), len(AUTHORITIES))
    for i in range(runs + first_views):
        at = new_app(page)
        elapsed = timed(at.run)
        if i >= first_views:  # the first runs are timed under "first view" only
            default.append(elapsed)
        errors += problems(at)
        elapsed = timed(lambda at=at, i=i: change_filter(at, page, i % first_views).run())
        (first if i < first_views else change).append(elapsed)
        errors += problems(at)
        got = chart_sizes(at)
        sizes = {k: max(sizes[k], got[k]) for k in sizes}
    return {
        "cold_ms": round(cold, 1),
        "default": summary(default),
        "filter": summary(change),
        "first_view": summary(first),
        "chart_bytes": sizes["chart"],
        "map_bytes": sizes["map"],
        "errors": sorted(set(errors))[:5],
    }


def measure(url: str, pages=PAGES, runs: int = 10, log=print) -> dict:
    from nnecl_data.ui import startup

    reset_app_state(url)
    startup.settle_heap()  # as the server does at start (dashboard.py's lifespan)
    results = {}
    for page in pages:
        results[page] = measure_page(page, runs)
        r = results[page]
        d, f = r["default"], r["filter"]
        log(
            f"    {page:15s} cold {r['cold_ms']:7.0f}  default {d['median']:6.0f}/{d['p95']:6.0f}"
            f"  filter {f['median']:6.0f}/{f['p95']:6.0f}  first view {r['first_view']['median']:6.0f} ms"
            f"  map {r['map_bytes'] / 1000:5.0f} KB" + (f"  ERRORS {r['errors']}" if r["errors"] else "")
        )
    return results


def write_json(payload: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    return path
