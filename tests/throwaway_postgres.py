"""A throw-away PostgreSQL server for the tests: started with .ci/postgres.sh (never installing anything)
on a free port in a new folder of its own, so two test runs at once never share or collide; stopped and
its folder removed by whoever started it."""

from __future__ import annotations

import glob
import os
import shlex
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "postgres.sh"
ATTEMPTS = 3  # a free port can be taken by someone else between choosing it and the server binding it


def pg_bin() -> str | None:
    """The newest installed PostgreSQL's binaries (Debian's layout), or None."""
    found = [d for d in glob.glob("/usr/lib/postgresql/*/bin") if os.path.exists(f"{d}/pg_ctl")]
    return max(found, key=lambda d: int(Path(d).parent.name), default=None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    bin: str
    port: int
    dir: str

    def ctl(self, *args: str) -> None:
        """pg_ctl on this server (as the postgres user when run as root). Output goes to the server log,
        never to a pipe: a server started by pg_ctl would hold the pipe open."""
        command = [f"{self.bin}/pg_ctl", "-D", self.dir, "-w", "-l", f"{self.dir}/server.log", *args]
        if os.geteuid() == 0:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=True)

    def start_again(self) -> None:
        """Start it after a stop, on the same port, folder and socket as before."""
        self.ctl("-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start")

    def remove(self) -> None:
        """Stop it and delete its folder."""
        env = {**os.environ, "PGPORT": str(self.port), "PGDATA_DIR": self.dir}
        subprocess.run(
            ["bash", str(SCRIPT), "stop"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )


def start() -> Server:
    """A new server; RuntimeError with the script's message when it cannot start."""
    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin): apt-get install postgresql")
    error = ""
    for _attempt in range(ATTEMPTS):
        port = free_port()
        folder = tempfile.mkdtemp(prefix="nnecl-pg-")
        env = {**os.environ, "PGPORT": str(port), "PGDATA_DIR": folder, "PG_NO_INSTALL": "1"}
        done = subprocess.run(
            ["bash", str(SCRIPT), "start"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        server = Server(
            url=done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "",
            bin=binaries,
            port=port,
            dir=folder,
        )
        if done.returncode == 0 and server.url:
            return server
        error = done.stderr.strip() or f"exit status {done.returncode}"
        server.remove()
    raise RuntimeError(f"could not start a throw-away PostgreSQL server with {SCRIPT}: {error}")
