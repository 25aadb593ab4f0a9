"""Browser fixtures: the app served by `streamlit run dashboard.py` on a free port, and headless Chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import require_browser

ROOT = Path(__file__).resolve().parents[2]
PORT_ENV = "NNECL_BROWSER_PORT"  # the shared server on a fixed port (a shared machine); a free one otherwise


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(data_dir: Path, timeout: float = 90, port: int | None = None):
    """`streamlit run dashboard.py` on a fresh data folder; yields its base URL once /_stcore/health answers."""
    port = port or _free_port()
    env = {**os.environ, "NNECL_DATA_DIR": str(data_dir)}
    env.pop("NNECL_DATABASE_URL", None)
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    log = open(data_dir / "server.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline or process.poll() is not None:
                pytest.fail(f"the app did not start: {(data_dir / 'server.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One app server for the browser tests, started cold on a fresh data folder."""
    require_browser()
    port = int(os.environ.get(PORT_ENV) or 0) or None
    with running_app(tmp_path_factory.mktemp("browserdata"), port=port) as base:
        yield base


@pytest.fixture(scope="session")
def browser(server, chromium):
    return chromium
