"""Locust users that speak Streamlit's protocol (bench/streamlit_client.py): no browser per user.

Each simulated user opens one page of the dashboard with a query string (as a shared link would), then
changes a filter every 10 s on average (a new region selection, on Regional outcomes sometimes the
year), each change a rerun timed from the request to `script_finished`. Locust schedules the users and
keeps the percentiles, failures and reports. Run by bench/protocol_load.py, or on its own:

    locust -f bench/locustfile.py --headless -u 10 -r 2 -t 30s --host http://127.0.0.1:8530
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from locust import User, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, when run by the locust CLI

from bench.streamlit_client import StreamlitSession  # noqa: E402

REGIONS = [f"E1200000{n}" for n in range(1, 10)]
# page -> share of users opening it (the chart pages carry most visits)
PAGES = {"outcomes": 4, "quality_mark": 3, "": 1, "gaps": 1, "target_tracker": 1}
YEARS = list(range(2019, 2026))
TIMEOUT = 60.0


@events.init_command_line_parser.add_listener
def _arguments(parser) -> None:
    parser.add_argument("--nnecl-seed", type=int, default=None, help="random seed for the users' choices")


def selection(page: str, rng: random.Random) -> str:
    """A query string a user might hold: all regions or one or two of them; a year on outcomes."""
    pick = rng.random()
    regions = [] if pick < 0.2 else rng.sample(REGIONS, 1 if pick < 0.8 else 2)
    params = [("region", ",".join(sorted(regions)))] if regions else []
    if page == "outcomes" and rng.random() < 0.3:
        params.append(("year", str(rng.choice(YEARS))))
    return "&".join(f"{k}={v}" for k, v in params)


class DashboardUser(User):
    wait_time = between(5, 15)  # a filter change every 10 s on average

    def on_start(self) -> None:
        seed = getattr(self.environment.parsed_options, "nnecl_seed", None)
        self.rng = random.Random(None if seed is None else seed + id(self))
        self.page = self.rng.choices(list(PAGES), weights=list(PAGES.values()))[0]
        self.session = StreamlitSession(self.host, timeout=TIMEOUT)
        self._timed("open", lambda: self.session.open(self.page, self._query()))

    def on_stop(self) -> None:
        self.session.close()

    def _query(self) -> str:
        return selection(self.page, self.rng)

    @task
    def change_filter(self) -> None:
        if self.session.ws is None:  # the open failed: try again, as a user reloading would
            self.on_start()
            return
        self._timed("rerun", lambda: self.session.run(self._query()))

    def _timed(self, name: str, action) -> None:
        started = time.perf_counter()
        run, error = None, None
        try:
            run = action()
            if run.problems:
                error = RuntimeError("; ".join(run.problems))
        except Exception as exc:  # a lost connection or a timeout is a failed run, reported as such
            error = exc
            self.session.close()
            self.session = StreamlitSession(self.host, timeout=TIMEOUT)
        seconds = run.seconds if run is not None else time.perf_counter() - started
        self.environment.events.request.fire(
            request_type="streamlit",
            name=name,
            response_time=seconds * 1000,
            response_length=run.received_bytes if run is not None else 0,
            exception=error,
            context={},
        )
