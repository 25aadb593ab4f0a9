"""The loopback topology (deploy/loopback.py: PostgreSQL, two replicas as the viewer role, nginx) for the
deployment tests, started once per test session, with helpers to place a user on a chosen replica."""

from __future__ import annotations

import importlib
import importlib.util
import os
import socket
import time

import pytest
import requests

from deploy.loopback import Loopback, missing_tools

# Ports of this project's range when free (nginx, two replicas, PostgreSQL), else any free port.
PREFERRED_PORTS = {"proxy": 8540, "app1": 8541, "app2": 8542, "pg": 55525}


def _port(preferred: int) -> int:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no obstacle
        try:
            s.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            pass
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_module(name: str, *, load: bool = True):
    """A package of requirements-deploy.txt: skipped with a reason when missing on a developer's
    machine set up with requirements.txt only; under CI (which installs it) a missing one fails.
    `load=False` only checks that it is installed (Locust patches the standard library when imported:
    it runs in its own process, never in the test process)."""
    if not load:
        if importlib.util.find_spec(name) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{name} is not installed: .ci/run installs requirements-deploy.txt")
            pytest.skip(
                f"{name} is not installed: pip install -r requirements-deploy.txt", allow_module_level=True
            )
        return None
    if os.environ.get("CI"):
        return importlib.import_module(name)
    return pytest.importorskip(
        name, reason="install the deployment test packages: pip install -r requirements-deploy.txt"
    )


def require_tools() -> None:
    problems = missing_tools()
    if problems:
        if os.environ.get("CI"):
            pytest.fail("the loopback topology cannot start in CI: " + "; ".join(problems))
        pytest.skip("the loopback topology needs " + "; ".join(problems))


def warm(topology: Loopback, index: int) -> None:
    """A replica's first run imports and caches everything (many seconds on a busy machine): done here
    once, straight to the replica, so the tests time what users meet afterwards."""
    from bench.streamlit_client import StreamlitSession

    with StreamlitSession(topology.app_url(index), timeout=180) as session:
        assert session.open("outcomes", "region=E12000001").problems == []


@pytest.fixture(scope="session")
def topology():
    require_tools()
    ports = {name: _port(port) for name, port in PREFERRED_PORTS.items()}
    loopback = Loopback(proxy_port=ports["proxy"], app_ports=[ports["app1"], ports["app2"]], pg_port=ports["pg"])
    loopback.start()
    try:
        for index in range(2):
            warm(loopback, index)
        yield loopback
    finally:
        loopback.stop()


def served_by(topology: Loopback, route: str, request_prefix: str = "", timeout: float = 10.0) -> list[str]:
    """The upstreams that answered the requests made with this route cookie (access log order)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [
            r["upstream"]
            for r in topology.routes()
            if r["route"] == route and r["request"].split(" ")[1].startswith(request_prefix or "/")
        ]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def route_cookie_for(topology: Loopback, index: int, seconds: float = 40.0) -> str:
    """A route cookie that the proxy sends to replica `index`: new visitors are given random cookies,
    so ask for some and keep one that landed there (as a real visitor's would). A replica that was
    down is skipped by the proxy for its fail_timeout (10 s) after it failed: hence the time allowed."""
    wanted = topology.upstream(index)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = requests.get(topology.public_url + "/_stcore/health", timeout=10)
        route = response.cookies.get("nnecl_route")
        if route and served_by(topology, route) == [wanted]:
            return route
        time.sleep(0.05)
    raise AssertionError(f"no new visitor reached {wanted} in {seconds:.0f} s")


@pytest.fixture
def restore_replicas(topology):
    """Whatever a test kills or stops is started again afterwards (and warmed), for the next test, which
    also waits until the proxy sends new visitors there again (so every route cookie has its own home)."""
    yield topology
    for index in range(len(topology.app_ports)):
        if index not in topology.apps:
            topology.start_replica(index)
            warm(topology, index)
            route_cookie_for(topology, index)
