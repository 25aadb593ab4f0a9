"""Browser load test and server memory: python -m bench.load [--users 1,5,20] [--seconds 45]

Starts its own `streamlit run dashboard.py` on 127.0.0.1 (a free port), then:

1. memory: one headless Chromium visits every page; the server's resident memory (VmRSS, and its peak
   VmHWM, from /proc) is read afterwards;
2. load: for each N, N simulated users (Playwright contexts in one headless Chromium) open the app and,
   for a bounded time and number of actions, move between pages with the navigation and change the
   Regions filter. Every action is timed to a settled page (the footer is drawn, no run in progress, no
   stale element, and for a filter change the URL carries the new filter). Errors: an exception or the
   "cannot read its database" page shown, a page that does not settle in time, a lost connection.

Prints a table and writes JSON to data/bench/results/load-<time>.json. The server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import databases, runner
from bench.stats import summary
from nnecl_data import config

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
PAGES = {  # url path -> navigation label
    "": "Overview",
    "outcomes": "Regional outcomes",
    "quality_mark": "Quality Mark coverage",
    "members": "Member density",
    "target_tracker": "Target tracker",
    "gaps": "Regional gaps",
    "evidence_pack": "Evidence pack",
    "institutions": "Institutions",
    "partnerships": "Local partnerships",
    "methods": "Data and methods",
    "accessibility": "Accessibility",
}
SETTLED = """(want) => {
  const body = document.body ? document.body.innerText : '';
  const done = body.includes('Accessibility statement') || document.querySelector('[data-testid="stException"]');
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  const stale = document.querySelector('[data-stale="true"]');
  const path = want.path === null || location.pathname.replace(/\\/$/, '').endsWith(want.path);
  const query = want.query === null || location.search.includes(want.query);
  const without = want.exclude === null || !location.search.includes(want.exclude);
  return Boolean(done && !running && !stale && path && query && without);
}"""
PROBLEMS = """() => {
  const out = [];
  for (const e of document.querySelectorAll('[data-testid="stException"]')) {
    out.push('exception: ' + e.innerText.slice(0, 200));
  }
  const body = document.body ? document.body.innerText : '';
  if (body.includes('cannot read its database')) out.push('database unavailable page');
  if (body.includes('Connection error') || body.includes('Is Streamlit still running?')) {
    out.push('connection lost');
  }
  return out;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(database_url: str | None, data_dir: str | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ)
    if database_url:
        env["NNECL_DATABASE_URL"] = database_url
    if data_dir:
        env["NNECL_DATA_DIR"] = data_dir
    log = open(Path(config.data_dir()) / "bench" / "load-server.log", "w", encoding="utf-8")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=config.PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}); see {log.name}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("the server did not start within 90 s")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (from /proc/PID/stat), in seconds. Beside a
    level's wall time it shows whether the server or the browsers were the bottleneck."""
    with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kb(pid: int) -> dict:
    """VmRSS (resident now) and VmHWM (peak resident) of a process, in kB, from /proc."""
    out = {}
    with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    return out


async def settled(page, path: str | None, query: str | None, timeout_ms: int, exclude: str | None = None) -> None:
    await page.wait_for_function(
        SETTLED, arg={"path": path, "query": query, "exclude": exclude}, timeout=timeout_ms, polling=50
    )


async def visit_all(browser, base: str, timeout_ms: int) -> dict:
    """One user opening every page in turn (fresh page loads); seconds per page and problems."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    out = {}
    try:
        for path in PAGES:
            started = time.perf_counter()
            await page.goto(f"{base}/{path}")
            await settled(page, path, None, timeout_ms)
            out[path or "overview"] = {
                "seconds": round(time.perf_counter() - started, 2),
                "problems": await page.evaluate(PROBLEMS),
            }
    finally:
        await context.close()
    return out


async def user(browser, base: str, deadline: float, max_actions: int, seed: int, timeout_ms: int) -> dict:
    """One simulated user: open the app, then move between pages and change the Regions filter."""
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    times: list[float] = []
    errors: list[str] = []
    actions = 0
    current = ""

    async def timed(action, path, query, label):
        nonlocal actions
        actions += 1
        started = time.perf_counter()
        try:
            await action()
            await settled(page, path, query, timeout_ms)
            times.append((time.perf_counter() - started) * 1000)
            errors.extend(f"{label}: {p}" for p in await page.evaluate(PROBLEMS))
        except Exception as error:  # noqa: BLE001 - every failure is counted, the user carries on
            errors.append(f"{label}: {type(error).__name__}: {str(error).splitlines()[0][:160]}")
            try:
                await page.goto(f"{base}/{current}")
                await settled(page, current, None, timeout_ms)
            except Exception:  # noqa: BLE001
                pass

    try:
        await timed(lambda: page.goto(f"{base}/"), "", None, "open")
        while time.time() < deadline and actions < max_actions:
            if rng.random() < 0.5:
                target = rng.choice([p for p in PAGES if p != current])
                link = page.locator(f'[data-testid="stSidebarNav"] a:has-text("{PAGES[target]}")').first
                await timed(link.click, target, None, f"navigate to /{target}")
                current = target
            else:
                region = rng.choice(runner.REGIONS)
                await timed(
                    lambda region=region: pick_region(page, region, timeout_ms),
                    current,
                    region,
                    f"filter {region} on /{current}",
                )
    finally:
        await context.close()
    return {"times_ms": times, "errors": errors, "actions": actions}


async def pick_region(page, region: str, timeout_ms: int = 120000) -> None:
    """Add one region to the sidebar's Regions filter. When the filter already holds it or three
    regions, it is cleared first (and that rerun awaited, so the choice is not lost to it)."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    search = await page.evaluate("() => location.search")
    if "region=" in search and (region in search or search.count("region=") >= 3):
        await box.locator('[aria-label="Clear all"], [title="Clear all"]').first.click()
        await settled(page, None, None, timeout_ms, exclude="region=")
    field = box.locator("input").first
    await field.click()
    await field.press_sequentially(REGION_NAMES[region][:6])  # filters the list, and keeps it open
    await page.locator('[role="option"]').filter(has_text=REGION_NAMES[region]).first.click()
    await page.keyboard.press("Escape")


REGION_NAMES = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}


async def load_level(base: str, users: int, seconds: float, max_actions: int, timeout_ms: int) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            deadline = time.time() + seconds
            started = time.perf_counter()
            results = await asyncio.gather(
                *(
                    user(browser, base, deadline, max_actions, seed=1000 * users + i, timeout_ms=timeout_ms)
                    for i in range(users)
                )
            )
            wall = time.perf_counter() - started
        finally:
            await browser.close()
    times = [t for r in results for t in r["times_ms"]]
    errors = [e for r in results for e in r["errors"]]
    return {
        "users": users,
        "seconds": round(wall, 1),
        "actions": sum(r["actions"] for r in results),
        "settled": summary(times),
        "errors": len(errors),
        "error_samples": errors[:10],
    }


async def memory_visit(base: str, timeout_ms: int) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            return await visit_all(browser, base, timeout_ms)
        finally:
            await browser.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="1,5,20", help="comma-separated numbers of simultaneous users")
    parser.add_argument("--seconds", type=float, default=45, help="time per level (bounded)")
    parser.add_argument("--max-actions", type=int, default=25, help="actions per user per level (bounded)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds for one page to settle")
    parser.add_argument("--database-url", default=None, help="default: the app's own configuration")
    parser.add_argument(
        "--scale",
        choices=sorted(databases.SCALES),
        default=None,
        help="use the SQLite benchmark database of this scale instead",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install chromium")
        return 2
    url = args.database_url
    if args.scale:
        url = databases.prepare("sqlite", args.scale)["url"]
    (Path(config.data_dir()) / "bench").mkdir(parents=True, exist_ok=True)
    timeout_ms = int(args.timeout * 1000)
    process, base = start_server(url)
    payload = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database_url": url or "(app default)",
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
    }
    try:
        payload["memory_at_start_kb"] = memory_kb(process.pid)
        payload["visit_every_page"] = asyncio.run(memory_visit(base, timeout_ms))
        payload["memory_after_every_page_kb"] = memory_kb(process.pid)
        rss = payload["memory_after_every_page_kb"]["VmRSS"] / 1024
        print(
            f"memory after visiting every page: RSS {rss:.0f} MB "
            f"(peak {payload['memory_after_every_page_kb']['VmHWM'] / 1024:.0f} MB; target <= 400 MB)"
        )
        levels = []
        for n in [int(x) for x in args.users.split(",") if x]:
            cpu_before = cpu_seconds(process.pid)
            level = asyncio.run(load_level(base, n, args.seconds, args.max_actions, timeout_ms))
            level["server_cpu_seconds"] = round(cpu_seconds(process.pid) - cpu_before, 1)
            level["memory_after_kb"] = memory_kb(process.pid)
            levels.append(level)
            print(
                f"users {n:3d}: {level['actions']:4d} actions in {level['seconds']:5.1f} s, settled median "
                f"{level['settled']['median']} ms, p95 {level['settled']['p95']} ms, errors {level['errors']}"
                f", RSS {level['memory_after_kb']['VmRSS'] / 1024:.0f} MB"
                f", server CPU {level['server_cpu_seconds']} s of {level['seconds']} s wall"
            )
            for sample in level["error_samples"][:3]:
                print(f"    {sample}")
        payload["levels"] = levels
    finally:
        stop_server(process)
    payload["load_average_at_end"] = os.getloadavg()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    path = runner.write_json(payload, databases.bench_dir() / "results" / f"load-{stamp}.json")
    runner.write_json(payload, databases.bench_dir() / "results" / "load-latest.json")
    print(f"JSON: {path}")
    return 1 if any(level["errors"] for level in payload.get("levels", [])) else 0


if __name__ == "__main__":
    sys.exit(main())
