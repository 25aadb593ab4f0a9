"""The compose stack's topology on loopback, without a container engine (used by tests/deploy/).

    python -m deploy.loopback [--proxy-port 8530] [--app-ports 8521,8522] [--pg-port 55520]

starts, all on 127.0.0.1:

1. a PostgreSQL server of its own (Debian's binaries, password authentication), database `nnecl`;
2. `python -m deploy.database setup`, exactly the compose stack's build job: the three roles
   (deploy/postgres/roles.sql, as the server's admin), the build as nnecl_owner, the importer's grants;
3. N app replicas, `python -m deploy.serve` as in the container, connecting as the read-only viewer;
4. Debian's nginx in front, configured by deploy/nginx/render.sh from deploy/nginx/nnecl.conf.template,
   the same files the compose proxy uses.

It prints the public address and runs until interrupted, then stops everything it started. Passwords are
random per run, written to files in its folder and handed over as the compose stack does (`*_FILE`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ROUTE_LOG = re.compile(
    r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ route=(?P<route>\S+) upstream=(?P<upstream>.*) rt='
)


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


def missing_tools() -> list[str]:
    """What this machine lacks to run the topology (empty when it can)."""
    missing = []
    if postgres_bin() is None:
        missing.append("PostgreSQL server binaries (apt-get install postgresql)")
    if not Path(NGINX).exists():
        missing.append("nginx (apt-get install nginx)")
    if shutil.which("envsubst") is None:
        missing.append("envsubst (apt-get install gettext-base)")
    return missing


def wait_for(url: str, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[:4]} exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


class Loopback:
    """One running topology. Use as a context manager, or call start() and stop()."""

    ROLES = ("owner", "viewer", "importer")

    def __init__(
        self,
        *,
        proxy_port: int = 8530,
        app_ports: Iterable[int] = (8521, 8522),
        pg_port: int = 55520,
        base: Path | None = None,
        secrets_toml: Path | None = None,
        env: dict[str, str] | None = None,
        rate: int = 50,
        burst: int = 200,
    ):
        self.proxy_port = proxy_port
        self.app_ports = list(app_ports)
        self.pg_port = pg_port
        # Under /tmp, not a test's private tmp_path: the postgres user and nginx's workers must reach it.
        self.base = base or Path(f"/tmp/nnecl-loopback-{proxy_port}")
        self.secrets_toml = secrets_toml
        self.extra_env = dict(env or {})
        self.rate, self.burst = rate, burst
        self.passwords = {kind: secrets.token_urlsafe(18) for kind in ("admin", *self.ROLES)}
        self.apps: dict[int, subprocess.Popen] = {}
        self.proxy: subprocess.Popen | None = None
        self.pg_bin = postgres_bin()

    # --------------------------------------------------------------------------------- addresses

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def app_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[index]}"

    def upstream(self, index: int) -> str:
        return f"127.0.0.1:{self.app_ports[index]}"

    def url(self, role: str, application: str = "") -> str:
        """A SQLAlchemy URL for 'admin' (the server's superuser) or one of the three roles."""
        from sqlalchemy.engine import URL

        user = "postgres" if role == "admin" else f"nnecl_{role}"
        return URL.create(
            "postgresql+psycopg",
            username=user,
            password=self.passwords[role],
            host="127.0.0.1",
            port=self.pg_port,
            database="nnecl",
            query={"application_name": application} if application else {},
        ).render_as_string(hide_password=False)

    @property
    def access_log(self) -> Path:
        return self.base / "nginx" / "access.log"

    @property
    def pg_dir(self) -> Path:
        return self.base / "pg"

    # ----------------------------------------------------------------------------------- running

    def __enter__(self) -> Loopback:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        problems = missing_tools()
        if problems:
            raise RuntimeError("cannot start the loopback topology: " + "; ".join(problems))
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)
        (self.base / "secrets").mkdir(parents=True)
        os.chmod(self.base, 0o755)
        os.chmod(self.base / "secrets", 0o700)
        (self.base / "no-secrets.toml").write_text("", encoding="utf-8")
        for kind, password in self.passwords.items():
            path = self.base / "secrets" / f"{kind}_password"
            path.write_text(password + "\n", encoding="utf-8")
            path.chmod(0o600)
        try:
            self.start_postgres()
            self.setup_database()
            for index in range(len(self.app_ports)):
                self.start_replica(index, wait=False)
            for index in range(len(self.app_ports)):
                wait_for(self.app_url(index) + "/_stcore/health", 90, self.apps[index])
            self.start_proxy()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.proxy is not None:
            self._end(self.proxy)
            self.proxy = None
        for index in list(self.apps):
            self.stop_replica(index)
        if self.pg_bin is not None and (self.pg_dir / "data" / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError):
                self._pg_ctl("-m", "fast", "stop")

    @staticmethod
    def _end(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    # -------------------------------------------------------------------------------- PostgreSQL

    def _as_postgres(self, command: list[str], **kwargs) -> subprocess.CompletedProcess:
        """A PostgreSQL tool as the postgres user when we are root (the server refuses to run as root).
        Output goes to files, never a pipe that the server would hold open."""
        if os.geteuid() == 0:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
        return subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, **kwargs)

    def _pg_ctl(self, *args: str) -> None:
        data = self.pg_dir / "data"
        options = f"-p {self.pg_port} -k {self.pg_dir} -c listen_addresses=127.0.0.1"
        self._as_postgres(
            [str(self.pg_bin / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(self.pg_dir / "server.log"),
             "-w", "-t", "60", *args],
            timeout=120,
        )  # fmt: skip

    def start_postgres(self) -> None:
        self.pg_dir.mkdir(parents=True)
        pwfile = self.pg_dir / "pwfile"
        pwfile.write_text(self.passwords["admin"] + "\n", encoding="utf-8")
        if os.geteuid() == 0:
            shutil.chown(self.pg_dir, "postgres")
            shutil.chown(pwfile, "postgres")
        pwfile.chmod(0o600)
        self._as_postgres(
            [str(self.pg_bin / "initdb"), "-D", str(self.pg_dir / "data"), "-U", "postgres",
             f"--pwfile={pwfile}", "--auth-local=peer", "--auth-host=scram-sha-256", "-E", "UTF8",
             "--locale=C.UTF-8"],
            timeout=120,
        )  # fmt: skip
        pwfile.unlink()
        self._pg_ctl("start")
        from sqlalchemy import create_engine, text

        server = create_engine(self.url("admin").rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        try:
            with server.connect() as conn:
                conn.execute(text("CREATE DATABASE nnecl"))
        finally:
            server.dispose()

    def restart_postgres(self) -> None:
        """A fast restart: every open connection of every replica is cut."""
        self._pg_ctl("-m", "fast", "restart")

    def _deployment_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NNECL_", "STREAMLIT_"))}
        secrets_dir = self.base / "secrets"
        env.update(
            {
                "NNECL_DB_HOST": "127.0.0.1",
                "NNECL_DB_PORT": str(self.pg_port),
                "NNECL_DB_NAME": "nnecl",
                "NNECL_DB_ADMIN_USER": "postgres",
                **{f"NNECL_{k.upper()}_PASSWORD_FILE": str(secrets_dir / f"{k}_password") for k in self.ROLES},
                "NNECL_DB_ADMIN_PASSWORD_FILE": str(secrets_dir / "admin_password"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def setup_database(self) -> None:
        """The compose stack's build job: roles, build as owner, grants."""
        log = self.base / "setup.log"
        with log.open("w") as out:
            done = subprocess.run(
                [sys.executable, "-m", "deploy.database", "setup"],
                cwd=ROOT,
                env={**self._deployment_env(), "NNECL_DATA_DIR": str(self.base / "data")},
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=600,
            )
        if done.returncode:
            raise RuntimeError(f"database setup failed: {log.read_text()[-2000:]}")

    # ------------------------------------------------------------------------------------ replicas

    def replica_env(self, index: int) -> dict[str, str]:
        """The environment replica `index` starts with (deploy/serve.py turns it into database URLs)."""
        env = self._deployment_env()
        env.pop("NNECL_DB_ADMIN_PASSWORD_FILE")  # the replicas never see the server's admin password
        env.pop("NNECL_OWNER_PASSWORD_FILE")
        env.update(
            {
                "NNECL_REPLICA_NAME": f"app-{index + 1}",
                "NNECL_DATA_DIR": str(self.base / f"data-app-{index + 1}"),
                # only the secrets given here, never a developer's .streamlit/secrets.toml
                "STREAMLIT_SECRETS_FILES": str(self.secrets_toml or self.base / "no-secrets.toml"),
                **self.extra_env,
            }
        )
        return env

    def start_replica(self, index: int, *, wait: bool = True) -> None:
        env = self.replica_env(index)
        log = (self.base / f"app-{index + 1}.log").open("ab")
        self.apps[index] = subprocess.Popen(
            [sys.executable, "-m", "deploy.serve", "--port", str(self.app_ports[index]), "--address", "127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        if wait:
            wait_for(self.app_url(index) + "/_stcore/health", 90, self.apps[index])

    def kill_replica(self, index: int) -> None:
        """SIGKILL: the replica dies mid-session, its sessions and WebSockets with it."""
        process = self.apps.pop(index)
        process.kill()
        process.wait(timeout=20)

    def stop_replica(self, index: int) -> int | None:
        """SIGTERM, as `docker stop` sends: returns the exit code (0, or -SIGTERM when the server re-raises
        the signal after its graceful shutdown; -SIGKILL when it had to be killed after 20 s)."""
        process = self.apps.pop(index, None)
        if process is None:
            return None
        self._end(process)
        return process.returncode

    # --------------------------------------------------------------------------------------- proxy

    def start_proxy(self) -> None:
        folder = self.base / "nginx"
        folder.mkdir(exist_ok=True)
        env = {
            **os.environ,
            "NNECL_LISTEN": f"127.0.0.1:{self.proxy_port}",
            "NNECL_APP_SERVERS": " ".join(self.upstream(i) for i in range(len(self.app_ports))),
            "NNECL_ACCESS_LOG": str(self.access_log),
            "NNECL_RATE": str(self.rate),
            "NNECL_BURST": str(self.burst),
        }
        subprocess.run(
            ["sh", str(DEPLOY / "nginx" / "render.sh"), str(DEPLOY / "nginx" / "nnecl.conf.template"),
             str(folder / "nnecl.conf")],
            env=env, check=True, capture_output=True, timeout=30,
        )  # fmt: skip
        # The main file is the loopback's own (the nginx image has its own); the site file is shared.
        temp = folder / "temp"
        temp.mkdir()
        if os.geteuid() == 0:
            shutil.chown(temp, "nobody")
        temp_paths = "\n".join(
            f"    {kind}_temp_path {temp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (folder / "nginx.conf").write_text(
            f"""worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp_paths}
    include {folder}/nnecl.conf;
}}
""",
            encoding="utf-8",
        )
        self.proxy = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=(folder / "stderr.log").open("wb"),
        )
        wait_for(self.public_url + "/nginx-health", 30, self.proxy)

    def routes(self) -> list[dict[str, str]]:
        """The access log as (request, status, route cookie, upstream that answered) records."""
        if not self.access_log.exists():
            return []
        records = []
        for line in self.access_log.read_text(encoding="utf-8", errors="replace").splitlines():
            match = ROUTE_LOG.search(line)
            if match:
                record = match.groupdict()
                # "a, b" when the first replica tried failed: the last one answered
                record["upstream"] = record["upstream"].split(",")[-1].strip()
                records.append(record)
        return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.loopback", description=__doc__.splitlines()[0])
    parser.add_argument("--proxy-port", type=int, default=8530)
    parser.add_argument("--app-ports", default="8521,8522", help="one port per replica, comma-separated")
    parser.add_argument("--pg-port", type=int, default=55520)
    parser.add_argument("--secrets", type=Path, help="a secrets.toml for the replicas (e.g. with [auth])")
    parser.add_argument("--rate", type=int, default=50, help="requests per second per client address")
    parser.add_argument("--burst", type=int, default=200)
    args = parser.parse_args(argv)
    topology = Loopback(
        proxy_port=args.proxy_port,
        app_ports=[int(p) for p in args.app_ports.split(",")],
        pg_port=args.pg_port,
        secrets_toml=args.secrets,
        rate=args.rate,
        burst=args.burst,
    )
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    with topology:
        print(f"dashboard: {topology.public_url}  (replicas {', '.join(map(str, topology.app_ports))}, "
              f"PostgreSQL 127.0.0.1:{topology.pg_port}; files in {topology.base})", flush=True)  # fmt: skip
        with contextlib.suppress(KeyboardInterrupt):
            while not stop:
                time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
