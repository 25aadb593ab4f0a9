"""python -m bench [--runs N] [--scales real,x10,x100] [--backends sqlite,postgresql] ...

Times every page on each (backend, scale), beside the naive baseline, prints a table and writes JSON to
data/bench/results/bench-<timestamp>.json (and latest.json). See nnecl_data/bench/__init__.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import platform
import sys
import time

from bench import baseline, databases, runner
from bench.stats import ratio
from nnecl_data.database import db
from nnecl_data.rules import selection

TARGET_REAL_MS = 150
TARGET_X100_MS = 500
TARGET_MAP_BYTES = 300_000


def machine() -> dict:
    mem_kb = 0
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            mem_kb = int(fh.readline().split()[1])
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="samples per page (after the cold run)")
    parser.add_argument("--baseline-runs", type=int, default=5)
    parser.add_argument("--scales", default="real,x10,x100")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pages", default=",".join(runner.PAGES))
    parser.add_argument(
        "--postgres-url",
        default=databases.postgres_server(),
        help="a server to create nnecl_bench_* databases on (default $NNECL_BENCH_POSTGRES_URL or "
        f"{databases.DEFAULT_POSTGRES})",
    )
    parser.add_argument("--out", default=None, help="JSON file (default data/bench/results/bench-<time>.json)")
    return parser.parse_args(argv)


def table(results: list[dict], pages) -> str:
    """Markdown: one row per page, median/p95 of default and filter-change runs per configuration."""
    configs = [r for r in results if "pages" in r]
    head = "| page | " + " | ".join(f"{r['backend']} {r['scale']}" for r in configs) + " |"
    lines = [head, "|---|" + "---|" * len(configs)]
    for page in pages:
        cells = []
        for r in configs:
            p = r["pages"].get(page)
            if not p:
                cells.append("")
                continue
            d, f, v = p["default"], p["filter"], p.get("first_view") or {"median": None}
            cell = f"{d['median']:.0f}/{d['p95']:.0f} · {f['median']:.0f}/{f['p95']:.0f}"
            if v["median"] is not None:
                cell += f" · {v['median']:.0f}"
            cells.append(cell + (" ERR" if p["errors"] else ""))
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines.append(
        "| largest map spec (KB) | "
        + " | ".join(f"{max(p['map_bytes'] for p in r['pages'].values()) / 1000:.0f}" for r in configs)
        + " |"
    )
    base = [r.get("baseline", {}) for r in configs]
    for name, case, page, key in (
        ("naive outcomes, default", "outcomes", "outcomes", "default"),
        ("naive outcomes, filter", "outcomes_filter", "outcomes", "filter"),
        ("naive quality mark", "quality_mark", "quality_mark", "default"),
    ):
        cells = []
        for r, b in zip(configs, base, strict=True):
            if case not in b or page not in r["pages"]:
                cells.append("")
                continue
            naive = b[case]["ms"]["median"]
            app = r["pages"][page][key]["median"]
            cells.append(f"{naive:.0f} (app {ratio(naive, app)}x faster)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


FLOOR_PAGE = "accessibility"  # the app's floor: a near-empty page, the frame (navigation, filters) alone
FLOOR_TARGETS = {"default": 3, "filter": 3, "first_view": 6}  # aims of issue 17, as multiples of the floor


def floor_ratios(results: list[dict], pages) -> str:
    """Markdown: each page's medians as multiples of the floor page's, measured in the same run (these
    machines' speed varies about 2x between days; the ratios much less)."""
    configs = [r for r in results if "pages" in r and FLOOR_PAGE in r["pages"]]
    if not configs:
        return ""
    head = "| page (× floor: default · filter · first view) | " + " | ".join(
        f"{r['backend']} {r['scale']}" for r in configs
    )
    lines = [head + " |", "|---|" + "---|" * len(configs)]
    for page in pages:
        cells = []
        for r in configs:
            p, floor = r["pages"].get(page), r["pages"][FLOOR_PAGE]
            if not p:
                cells.append("")
                continue
            cells.append(" · ".join(f"{ratio(p[k]['median'], floor[k]['median'])}" for k in FLOOR_TARGETS))
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdicts(results: list[dict]) -> list[str]:
    out = []
    for r in results:
        if "pages" not in r:
            continue
        limit = TARGET_REAL_MS if r["scale"] == "real" else TARGET_X100_MS if r["scale"] == "x100" else None
        for page, p in r["pages"].items():
            if limit is not None:
                for key in ("default", "filter"):
                    if p[key]["median"] is not None and p[key]["median"] > limit:
                        out.append(
                            f"MISS {r['backend']} {r['scale']} {page} {key}: "
                            f"median {p[key]['median']:.0f} ms > {limit}"
                        )
            if p["map_bytes"] > TARGET_MAP_BYTES:
                out.append(f"MISS {r['backend']} {r['scale']} {page}: map spec {p['map_bytes']} bytes")
            if p["errors"]:
                out.append(f"ERROR {r['backend']} {r['scale']} {page}: {p['errors']}")
            floor = r["pages"].get(FLOOR_PAGE)
            for key, most in FLOOR_TARGETS.items() if floor else ():
                times = ratio(p[key]["median"], floor[key]["median"])
                if times is not None and times > most:
                    out.append(f"MISS {r['backend']} {r['scale']} {page} {key}: {times}x the floor > {most}x")
    return out


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching"):
        logging.getLogger(name).setLevel(logging.ERROR)
    pages = [p for p in args.pages.split(",") if p]
    started = dt.datetime.now(dt.UTC)
    payload = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "runs": args.runs,
        "baseline_runs": args.baseline_runs,
        "targets": {
            "real_median_ms": TARGET_REAL_MS,
            "x100_median_ms": TARGET_X100_MS,
            "map_spec_bytes": TARGET_MAP_BYTES,
        },
        "method": runner.__doc__.strip(),
        "baseline_method": baseline.__doc__.strip(),
        "baseline_geometry": baseline.unsimplified_layers()[1],
        "results": [],
    }
    saved_url = os.environ.get(db.ENV_URL)
    default = selection.Filters()
    for backend in [b for b in args.backends.split(",") if b]:
        if backend == "postgresql":
            reason = databases.postgres_reachable(args.postgres_url)
            if reason:
                print(f"PostgreSQL skipped: {args.postgres_url} not reachable ({reason})")
                payload["results"].append({"backend": backend, "skipped": reason})
                continue
        for scale in [s for s in args.scales.split(",") if s]:
            print(f"== {backend} {scale}")
            info = databases.prepare(backend, scale, server_url=args.postgres_url)
            t0 = time.perf_counter()
            pages_result = runner.measure(info["url"], pages, args.runs)
            engine = db.make_engine(info["url"])
            try:
                from nnecl_data.database import queries

                year = queries.latest_year(engine, default.indicator_code())
                naive = baseline.measure(
                    engine,
                    args.baseline_runs,
                    indicator_code=default.indicator_code(),
                    year=year,
                    regions=runner.REGIONS,
                )
            finally:
                engine.dispose()
            payload["results"].append(
                {
                    "backend": backend,
                    "scale": scale,
                    "counts": info["counts"],
                    "generated_seconds": info["seconds"],
                    "pages": pages_result,
                    "baseline": naive,
                    "seconds": round(time.perf_counter() - t0, 1),
                }
            )
    if saved_url is None:
        os.environ.pop(db.ENV_URL, None)
    else:
        os.environ[db.ENV_URL] = saved_url
    payload["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    payload["load_average_at_end"] = os.getloadavg()
    payload["table"] = table(payload["results"], pages)
    payload["floor_table"] = floor_ratios(payload["results"], pages)
    payload["verdicts"] = verdicts(payload["results"])
    out_dir = databases.bench_dir() / "results"
    path = runner.write_json(
        payload,
        args.out
        and __import__("pathlib").Path(args.out)
        or out_dir / f"bench-{started.strftime('%Y%m%dT%H%M%S')}.json",
    )
    runner.write_json(payload, out_dir / "latest.json")
    print()
    print(
        "Cells: default run median/p95 · filter change median/p95 · a selection's first view median "
        "(ms, server side; cold runs in the JSON)"
    )
    print(payload["table"])
    print()
    if payload["floor_table"]:
        print(f"Medians as multiples of the floor ({FLOOR_PAGE} page), same run:")
        print(payload["floor_table"])
        print()
    print("\n".join(payload["verdicts"]) or "All targets met.")
    print(f"\nJSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
