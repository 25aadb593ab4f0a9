"""Capacity at the protocol level: simulated sessions (bench/locustfile.py) against one app process and
against two replicas behind nginx, both reading PostgreSQL as the viewer role (deploy/loopback.py).

    python -m bench.protocol_load                                   # the full run (README "Performance")
    python -m bench.protocol_load --sessions 10 --seconds 30 --topologies two   # a quick look

For each topology and each number of sessions N, Locust starts N users (spawn rate --spawn-rate per
second), each changing a filter every 10 s on average, for --seconds after the last one has started.
Reported per level: reruns, their p50/p95 (Locust's percentiles), errors (exceptions, the database page,
lost connections, timeouts), the replicas' CPU (share of one core per session, from /proc) and their
resident memory per open session (the growth over the warmed replicas, divided by N), the load
average before and after (other work on the machine skews the figures). Writes JSON, Locust's CSV and
HTML reports to bench/results/protocol-<time>/ and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

from bench.streamlit_client import StreamlitSession
from deploy.loopback import Loopback
from nnecl_data import config

ROOT = Path(__file__).resolve().parents[1]
TOPOLOGIES = {
    # name: (replica ports, proxy port, PostgreSQL port, target: the replica itself or the proxy)
    "one": ([8523], 8531, 55521, "replica"),
    "two": ([8521, 8522], 8530, 55520, "proxy"),
}


def replica_processes(topology: Loopback) -> list[psutil.Process]:
    return [psutil.Process(p.pid) for p in topology.apps.values()]


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        times = process.cpu_times()
        total += times.user + times.system
    return total


def rss_mb(processes: list[psutil.Process]) -> float:
    return sum(p.memory_info().rss for p in processes) / 2**20


def locust_stats(prefix: Path, name: str) -> dict:
    with (prefix.parent / f"{prefix.name}_stats.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == name:
                return {
                    "count": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "max_ms": float(row["Max Response Time"] or 0),
                }
    return {"count": 0, "failures": 0, "p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0}


def locust_failures(prefix: Path) -> list[str]:
    path = prefix.parent / f"{prefix.name}_failures.csv"
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return [f"{row['Occurrences']}x {row['Name']}: {row['Error'][:160]}" for row in csv.DictReader(handle)]


def run_level(topology: Loopback, target: str, sessions: int, args, out: Path, label: str) -> dict:
    processes = replica_processes(topology)
    rss_before = rss_mb(processes)
    cpu_before = cpu_seconds(processes)
    load_before = os.getloadavg()[0]
    prefix = out / f"{label}-{sessions}"
    seconds = args.seconds + sessions / args.spawn_rate  # the ramp, then the steady window
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "-u", str(sessions), "-r", str(args.spawn_rate), "-t", f"{int(seconds)}s", "--host", target,
        "--csv", str(prefix), "--html", f"{prefix}.html", "--only-summary", "--stop-timeout", "5",
        "--nnecl-seed", str(args.seed), "--loglevel", "WARNING",
    ]  # fmt: skip
    started = time.monotonic()
    with (out / f"{label}-{sessions}.log").open("w") as log:
        generator = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
    peak = rss_before
    generator_process = psutil.Process(generator.pid)
    generator_cpu = 0.0
    while generator.poll() is None:
        peak = max(peak, rss_mb(processes))
        try:
            times = generator_process.cpu_times()
            generator_cpu = times.user + times.system
        except psutil.Error:
            pass
        time.sleep(1)
    wall = time.monotonic() - started
    cpu = cpu_seconds(processes) - cpu_before
    reruns = locust_stats(prefix, "rerun")
    opens = locust_stats(prefix, "open")
    return {
        "topology": label,
        "sessions": sessions,
        "wall_s": round(wall, 1),
        "reruns": reruns,
        "opens": opens,
        "errors": reruns["failures"] + opens["failures"],
        "failures": locust_failures(prefix),
        "server_cpu_s": round(cpu, 1),
        "server_cores_used": round(cpu / wall, 2),
        "cpu_percent_of_core_per_session": round(100 * cpu / wall / sessions, 2),
        "rss_before_mb": round(rss_before, 1),
        "rss_peak_mb": round(peak, 1),
        "rss_per_session_mb": round((peak - rss_before) / sessions, 2),
        "generator_cpu_s": round(generator_cpu, 1),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "locust_exit_code": generator.returncode,
    }


def warm(topology: Loopback) -> None:
    """Each replica's first runs import and cache everything: done before anything is measured."""
    for index in range(len(topology.app_ports)):
        for page in ("outcomes", "quality_mark", "", "gaps", "target_tracker"):
            with StreamlitSession(topology.app_url(index), timeout=180) as session:
                session.open(page, "region=E12000001")


def table(results: list[dict]) -> str:
    lines = [
        "| topology | sessions | reruns | p50 | p95 | errors | server CPU (cores used; % of a core per session) "
        "| memory per session | load average before → after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['topology']} | {r['sessions']} | {r['reruns']['count']} | {r['reruns']['p50_ms']:.0f} ms "
            f"| {r['reruns']['p95_ms']:.0f} ms | {r['errors']} | {r['server_cores_used']:.2f}; "
            f"{r['cpu_percent_of_core_per_session']:.1f}% | {r['rss_per_session_mb']:.1f} MB "
            f"| {r['load_average_before']:.1f} → {r['load_average_after']:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.protocol_load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="10,50,100,200", help="levels, comma-separated")
    parser.add_argument("--seconds", type=int, default=90, help="steady window per level, after the ramp")
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="sessions started per second")
    parser.add_argument("--topologies", default="one,two", help="one (a process) and/or two (replicas + nginx)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--boundaries",
        default=str(config.boundary_cache_dir()),
        help="a folder of loaded boundary layers for the replicas (default: this checkout's, "
        "NNECL_BOUNDARY_DIR or data/boundaries); 'none', or a folder without layers, serves the offline tile map",
    )
    args = parser.parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = ROOT / "bench" / "results" / f"protocol-{stamp}"
    out.mkdir(parents=True)
    levels = [int(n) for n in args.sessions.split(",")]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    boundaries = Path(args.boundaries) if args.boundaries != "none" else None
    if boundaries is not None and not (boundaries / "manifest.json").exists():
        boundaries = None
    replica_env = {"NNECL_BOUNDARY_DIR": str(boundaries)} if boundaries else {}
    meta = {
        "date": stamp,
        "maps": f"real boundaries ({boundaries})" if boundaries else "offline tile map (no boundaries loaded)",
        "commit": commit.stdout.strip(),
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "seconds": args.seconds,
        "spawn_rate": args.spawn_rate,
    }
    results = []
    for label in args.topologies.split(","):
        app_ports, proxy_port, pg_port, target_kind = TOPOLOGIES[label]
        for sessions in levels:
            # A fresh topology per level: memory freed by the previous level's sessions (Python keeps it)
            # would hide this level's. All simulated users share 127.0.0.1, so the per-address rate limit
            # is lifted for the run.
            with Loopback(
                proxy_port=proxy_port,
                app_ports=app_ports,
                pg_port=pg_port,
                rate=10000,
                burst=10000,
                env=replica_env,
            ) as topology:
                warm(topology)
                target = topology.app_url(0) if target_kind == "replica" else topology.public_url
                result = run_level(topology, target, sessions, args, out, label)
            results.append(result)
            print(table([result]).splitlines()[-1], flush=True)
    (out / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2), encoding="utf-8")
    print(f"\n{meta}\n\n{table(results)}\n\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
