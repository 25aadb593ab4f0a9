"""The deployment's topology on loopback (deploy/loopback.py): nginx in front of two app replicas that
read a PostgreSQL server as the read-only viewer role. Spreading, stickiness, a replica killed under a
browser, a graceful stop, a PostgreSQL restart, the roles' privileges and the proxy's limits."""

from __future__ import annotations

import contextlib
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from tests.deploy.conftest import require_module  # isort: skip

require_module("websocket")

from bench.streamlit_client import FRIENDLY_FAILURE, StreamlitSession  # noqa: E402
from deploy import serve  # noqa: E402
from tests.browser.shoot import DESKTOP, exceptions, settle  # noqa: E402
from tests.deploy.conftest import route_cookie_for, served_by  # noqa: E402

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_LOADED = (
    "A fictional sample register is loaded"  # what Member density says while the sample is in the register
)
OUTCOMES_VIEW = "outcomes?region=E12000002&indicator=cl_he&year=2019"  # North West, in HE, 2019


def _session_on(topology, index: int) -> StreamlitSession:
    return StreamlitSession(topology.public_url, cookies={"nnecl_route": route_cookie_for(topology, index)})


def test_users_are_spread_over_both_replicas_and_each_stays_on_its_own(topology):
    users = []
    for _ in range(16):  # 16 new visitors: all on one replica by chance has probability 2/2**16
        session = StreamlitSession(topology.public_url)
        assert session.open("accessibility").problems == []
        assert session.run("region=E12000003").problems == []
        users.append(session)
    for session in users:
        session.close()  # the proxy logs a WebSocket when it closes
    replica_of = {}
    for session in users:
        route = session.cookies["nnecl_route"]
        assert served_by(topology, route, "/_stcore/stream"), "the session's WebSocket went through the proxy"
        served = served_by(topology, route)
        assert len(served) >= 4, served  # the page, health, host-config, the WebSocket
        assert len(set(served)) == 1, f"route {route} was served by {set(served)}"
        replica_of[route] = served[0]
    assert set(replica_of.values()) == {topology.upstream(0), topology.upstream(1)}


def test_a_user_whose_replica_is_killed_reconnects_to_the_other_and_sees_the_same_view(restore_replicas, chromium):
    topology = restore_replicas

    doomed, survivor = 0, 1
    victim_route = route_cookie_for(topology, doomed)
    bystander_route = route_cookie_for(topology, survivor)
    with contextlib.nullcontext(chromium) as browser:  # the session's one Chromium (tests/conftest.py)
        try:
            victim = browser.new_context(viewport=DESKTOP)
            victim.add_cookies([{"name": "nnecl_route", "value": victim_route, "url": topology.public_url}])
            bystander = browser.new_context(viewport=DESKTOP)
            bystander.add_cookies([{"name": "nnecl_route", "value": bystander_route, "url": topology.public_url}])
            page = victim.new_page()
            page.goto(f"{topology.public_url}/{OUTCOMES_VIEW}")
            settle(page, timeout_ms=120_000)
            other = bystander.new_page()
            other.goto(f"{topology.public_url}/quality_mark?region=E12000007")
            settle(other, timeout_ms=120_000)
            before = page.inner_text('[data-testid="stMain"]')
            assert "North West" in before and "2019" in before
            assert set(served_by(topology, victim_route)) == {topology.upstream(doomed)}

            topology.kill_replica(doomed)
            # The frontend sees its socket close, asks the proxy for health again (now answered by the
            # survivor), reconnects and reruns the page from its address.
            deadline = time.monotonic() + 60
            while topology.upstream(survivor) not in served_by(topology, victim_route, "/_stcore/health", 0):
                assert time.monotonic() < deadline, "the browser never reconnected through the proxy"
                time.sleep(0.2)
            page.wait_for_function(
                "() => document.body.innerText.includes('in higher education')"
                " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                timeout=120_000,
            )
            settle(page, timeout_ms=120_000)
            after = page.inner_text('[data-testid="stMain"]')
            body = page.inner_text("body")
            assert exceptions(page) == []
            assert FRIENDLY_FAILURE not in body and "Connection error" not in body
            assert after == before, "the view after the reconnect differs from the one before"
            assert all(p in page.url for p in ("region=E12000002", "indicator=cl_he", "year=2019"))
            assert "North West" in page.locator('[data-testid="stSidebar"]').inner_text()

            # The reconnected session is live on the survivor: another page, another run.
            page.get_by_role("link", name="Quality Mark coverage").click()
            page.wait_for_url("**/quality_mark**")
            settle(page, timeout_ms=120_000)
            assert (
                exceptions(page) == [] and "North West" in page.locator('[data-testid="stSidebar"]').inner_text()
            )

            # The other user noticed nothing: same socket, still working.
            other.get_by_role("link", name="Regional outcomes").click()
            other.wait_for_url("**/outcomes**")
            settle(other, timeout_ms=120_000)
            assert exceptions(other) == [] and "London" in other.locator('[data-testid="stSidebar"]').inner_text()
        finally:
            victim.close()
            bystander.close()
    streams = served_by(topology, victim_route, "/_stcore/stream")
    assert streams[0] == topology.upstream(doomed) and streams[-1] == topology.upstream(survivor), streams
    assert served_by(topology, bystander_route, "/_stcore/stream") == [topology.upstream(survivor)]


def test_a_replica_stopped_with_sigterm_exits_cleanly_and_its_users_move_to_the_other(restore_replicas):
    topology = restore_replicas
    route = route_cookie_for(topology, 1)
    started = time.monotonic()
    # Streamlit's server (uvicorn) shuts down on SIGTERM by itself: exit 0, or the signal re-raised after
    # the graceful shutdown (uvicorn does that); never the SIGKILL that stop_replica sends after 20 s.
    assert topology.stop_replica(1) in (0, -signal.SIGTERM)
    assert time.monotonic() - started < 15
    with StreamlitSession(topology.public_url, cookies={"nnecl_route": route}) as session:
        run = session.open("outcomes", "region=E12000008")
        assert run.problems == [] and "Regions: South East" in run.texts
    assert served_by(topology, route)[-1] == topology.upstream(0)


def test_after_a_postgres_restart_the_next_interaction_on_every_replica_recovers(topology):
    sessions = [_session_on(topology, index) for index in (0, 1)]
    try:
        for index, session in enumerate(sessions):
            assert session.open("quality_mark", "region=E12000004").problems == []
            assert set(served_by(topology, session.cookies["nnecl_route"])) == {topology.upstream(index)}
        restarted = time.time()
        topology.restart_postgres()  # every pooled connection of both replicas is cut
        for session in sessions:
            run = session.run("region=E12000005")  # every run reads the database (its version check)
            assert run.problems == [], run.problems
            assert "Regions: West Midlands" in run.texts
    finally:
        for session in sessions:
            session.close()
    admin = create_engine(topology.url("admin"))
    try:
        with admin.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT application_name, extract(epoch FROM backend_start) FROM pg_stat_activity "
                    "WHERE application_name LIKE 'nnecl-app %'"
                )
            ).all()
    finally:
        admin.dispose()
    reconnected = {name for name, start in rows if float(start) >= restarted}
    assert reconnected == {"nnecl-app app-1", "nnecl-app app-2"}, rows


def _refused(url: str, statement: str, *, read_write: bool = False) -> str:
    """Run one statement as the role of `url`; return the server's SQLSTATE (it must refuse)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if read_write:  # the role asks for a writable transaction: privileges must still refuse
                conn.execute(text("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"))
                conn.commit()
            with pytest.raises(DBAPIError) as refused:
                conn.execute(text(statement))
            conn.rollback()
    finally:
        engine.dispose()
    return refused.value.orig.sqlstate


def test_the_app_connection_cannot_write_and_the_importer_writes_only_the_registers(topology):
    env = serve.app_environment(topology.replica_env(0))  # exactly the URLs replica 1 runs with
    viewer, importer = env["NNECL_DATABASE_URL"], env["NNECL_ADMIN_DATABASE_URL"]
    assert make_url(viewer).username == "nnecl_viewer" and make_url(importer).username == "nnecl_importer"
    writes = [
        "INSERT INTO load_log DEFAULT VALUES",
        "UPDATE regions SET name = name",
        "DELETE FROM memberships",
        "CREATE TABLE intruder (id integer)",
    ]
    for statement in writes:
        assert _refused(viewer, statement) == "25006", statement  # read-only transaction (role default)
        assert _refused(viewer, statement, read_write=True) == "42501", statement  # permission denied
    # the importer: the registers and the load log, nothing else
    for statement in (
        "UPDATE regions SET name = name",
        "DELETE FROM outcomes",
        "CREATE TABLE intruder (id integer)",
    ):
        assert _refused(importer, statement) == "42501", statement
    engine = create_engine(importer)
    try:
        with engine.connect() as conn:
            conn.execute(text("UPDATE memberships SET organisation = organisation WHERE false"))
            conn.execute(text("DELETE FROM partnerships WHERE false"))
            conn.rollback()
    finally:
        engine.dispose()
    # every connection the replicas hold is the viewer's
    admin = create_engine(topology.url("admin"))
    try:
        with admin.connect() as conn:
            users = conn.execute(
                text("SELECT DISTINCT usename FROM pg_stat_activity WHERE application_name LIKE 'nnecl-app %'")
            ).scalars()
            assert set(users) == {"nnecl_viewer"}
    finally:
        admin.dispose()


def _cli(topology, *args: str) -> subprocess.CompletedProcess:
    """The project's command line as a replica's environment sets it up (`deploy.database cli`)."""
    return subprocess.run(
        [sys.executable, "-m", "deploy.database", "cli", *args],
        cwd=ROOT,
        env=topology.replica_env(0),
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_a_register_load_as_the_importer_reaches_every_replica_at_its_next_run(topology):
    sessions = [_session_on(topology, index) for index in (0, 1)]
    try:
        for session in sessions:  # both replicas have the members page cached without a sample
            assert SAMPLE_LOADED not in session.open("members").text()
        loaded = _cli(topology, "sample", "load")
        assert loaded.returncode == 0, loaded.stderr
        try:
            for session in sessions:
                run = session.run("")
                assert run.problems == [] and SAMPLE_LOADED in run.text(), run.problems
        finally:
            removed = _cli(topology, "sample", "remove")
            assert removed.returncode == 0, removed.stderr
        for session in sessions:
            assert SAMPLE_LOADED not in session.run("").text()
    finally:
        for session in sessions:
            session.close()
    # the same command with the viewer's URL as the import URL is refused by the server
    env = {
        **topology.replica_env(0),
        "NNECL_ADMIN_DATABASE_URL": serve.app_environment(topology.replica_env(0))["NNECL_DATABASE_URL"],
    }
    refused = subprocess.run(
        [sys.executable, "-m", "deploy.database", "cli", "sample", "load"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert refused.returncode != 0 and "ReadOnlySqlTransaction" in refused.stderr + refused.stdout


def test_the_proxy_compresses_caps_uploads_and_hides_its_version(topology):
    page = requests.get(topology.public_url + "/", timeout=30)
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', page.text)
    assert script, "the page names its script bundle"
    bundle = requests.get(
        f"{topology.public_url}/{script.group(1)}", headers={"Accept-Encoding": "gzip"}, timeout=30
    )
    assert bundle.status_code == 200 and bundle.headers.get("Content-Encoding") == "gzip"
    assert bundle.headers.get("Server") == "nginx" and bundle.headers.get("X-Content-Type-Options") == "nosniff"
    too_big = requests.put(
        f"{topology.public_url}/_stcore/upload_file/session/file", data=b"x" * (7 * 1024 * 1024), timeout=30
    )
    assert too_big.status_code == 413


def test_the_proxy_limits_the_request_rate_per_client_address(topology):
    from concurrent.futures import ThreadPoolExecutor

    def burst(count: int) -> list[int]:
        with requests.Session() as client:
            return [
                client.get(topology.public_url + "/_stcore/health", timeout=10).status_code for _ in range(count)
            ]

    # far more than the burst allowance plus what the rate refills while they run
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = [status for batch in pool.map(burst, [150] * 6) for status in batch]
    assert set(statuses) == {200, 429}
    assert statuses.count(200) >= topology.burst  # the burst itself is let through
    time.sleep(topology.burst / topology.rate + 1)  # the allowance refills for whatever runs next
    assert requests.get(topology.public_url + "/_stcore/health", timeout=10).status_code == 200
