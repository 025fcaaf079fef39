"""What the production benchmarks share: a throwaway PostgreSQL, gunicorn, and a signed-in
HTTP client. Everything listens on loopback only and is stopped when the `with` block ends.

PostgreSQL: `Postgres()` runs initdb + pg_ctl from Debian's `postgresql` package in a temporary
folder (as the `postgres` user when run as root), with durability off: benchmark data is
disposable. Give `--database-url postgres://user:pass@127.0.0.1:5432/postgres` to a benchmark
to use a server you already run instead (it needs CREATEDB).
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from glob import glob
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench password 123"  # throwaway accounts on loopback


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin(name: str) -> str:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if found:
        return found[-1]
    path = shutil.which(name)
    if not path:
        sys.exit(
            f"{name} not found: install Debian's postgresql package (apt-get install postgresql)"
        )
    return path


class Postgres:
    """A PostgreSQL server of our own on a free loopback port, or an existing one by URL."""

    def __init__(self, admin_url: str | None = None):
        self.admin_url = admin_url
        self.datadir = None

    def __enter__(self):
        if self.admin_url:
            return self
        self.tmp = tempfile.mkdtemp(prefix="stalklog-pg-")
        self.datadir = os.path.join(self.tmp, "data")
        self.port = free_port()
        as_postgres = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.tmp, "postgres")
            as_postgres = ["runuser", "-u", "postgres", "--"]
        run = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
        subprocess.run(
            [*as_postgres, _pg_bin("initdb"), "-D", self.datadir, "-U", "bench", "--auth=trust"],
            **run,
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.tmp}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=300 -c shared_buffers=512MB"
        )
        subprocess.run(
            [*as_postgres, _pg_bin("pg_ctl"), "-D", self.datadir, "-o", options, "-w", "start",
             "-l", os.path.join(self.tmp, "server.log")],
            **run,
        )  # fmt: skip
        self._as_postgres = as_postgres
        self.admin_url = f"postgres://bench@127.0.0.1:{self.port}/postgres"
        return self

    def __exit__(self, *exc):
        if self.datadir:
            subprocess.run(
                [*self._as_postgres, _pg_bin("pg_ctl"), "-D", self.datadir, "-m", "fast", "stop"],
                check=False,
                stdout=subprocess.DEVNULL,
            )
            shutil.rmtree(self.tmp, ignore_errors=True)

    def create_database(self, name: str) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        with psycopg.connect(
            self.admin_url.replace("postgres://", "postgresql://"), autocommit=True
        ) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(path=f"/{name}"))


def app_env(database_url: str, master_key: str, **extra) -> dict:
    """The environment of a production deployment on loopback (README, "Deployment")."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
        "STALKLOG_MASTER_KEY": master_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        **extra,
    }


def manage(env: dict, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


@contextmanager
def gunicorn(env: dict, workers: int | None = None, threads: int | None = None):
    """gunicorn as `make serve` runs it (gunicorn.conf.py), access log off; yields its URL.
    Workers and threads default to gunicorn.conf.py's."""
    port = free_port()
    env = {
        **env,
        **({"WEB_CONCURRENCY": str(workers)} if workers else {}),
        **({"GUNICORN_THREADS": str(threads)} if threads else {}),
        "STALKLOG_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": os.devnull,
        "GUNICORN_LOG_LEVEL": "warning",
    }
    server = subprocess.Popen(
        [BIN / "gunicorn", "stalklog.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/healthz", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


class LoopbackSession(requests.Session):
    """A session that sends the app's Secure cookies back over plain HTTP to 127.0.0.1 (a
    browser would not; requests would drop them too)."""

    def request(self, method, url, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)
        if cookies:
            headers["Cookie"] = cookies
        return super().request(method, url, headers=headers, **kwargs)


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_INPUT.search(html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def signed_in_session(base: str, username: str, password: str = PASSWORD) -> requests.Session:
    """A browser-like session, signed in through the real sign-in form."""
    session = LoopbackSession()
    page = session.get(f"{base}/account/signin/", timeout=60)
    response = session.post(
        f"{base}/account/signin/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
        headers={"Referer": f"{base}/account/signin/"},
        allow_redirects=False,
        timeout=60,
    )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in for {username} failed: {response.status_code}")
    return session


def fill(database_url: str, master_key: str, **flags):
    """Run bench/fill.py against a database (migrated first)."""
    env = app_env(database_url, master_key)
    manage(env, "migrate", "--noinput", "-v", "0")
    args = []
    for name, value in flags.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    subprocess.run([sys.executable, str(ROOT / "bench" / "fill.py"), *args], env=env, check=True)
