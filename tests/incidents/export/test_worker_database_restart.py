"""The worker outlives PostgreSQL restarting (PostgreSQL suite only: `make test-postgres`).

PostgreSQL is stopped and started again under a running `manage.py worker`. The test runs its
own throwaway server (initdb in a temporary folder, on a free loopback port), so the
restart does not cut off the other tests running against the suite's server at the time.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from glob import glob

import pytest
from django.conf import settings

from tests.conftest import needs
from tests.incidents.export.test_worker_faults import ROOT, environment, harness

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL suite only (make test-postgres)",
)


def pg_bin(name):
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return found[-1] if found else shutil.which(name)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A PostgreSQL server of the test's own, stopped and started on demand."""

    def __init__(self):
        needs(pg_bin("initdb"), "initdb not found: install Debian's postgresql package")
        self.folder = tempfile.mkdtemp(prefix="stalklog-pg-")
        self.data = os.path.join(self.folder, "data")
        self.port = free_port()
        self.as_postgres = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.folder, "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", self.data, "-U", "stalklog", "--auth=trust")
        self.url = f"postgres://stalklog@127.0.0.1:{self.port}/postgres"

    def _run(self, tool, *args):
        subprocess.run(
            [*self.as_postgres, pg_bin(tool), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            timeout=60,
        )

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories="
            f"{self.folder} -c fsync=off -c synchronous_commit=off"
        )
        log = os.path.join(self.folder, "server.log")
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", log, "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def remove(self):
        subprocess.run(
            [*self.as_postgres, pg_bin("pg_ctl"), "-D", self.data, "-m", "immediate", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def server():
    server = Server()
    server.start()
    yield server
    server.remove()


def job_status(url, job_id):
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=2) as db:
            row = db.execute(
                "SELECT status FROM incidents_exportjob WHERE id = %s", (job_id,)
            ).fetchone()
    except psycopg.OperationalError:
        return None
    return row[0] if row else None


def wait_until_ready(url, job_id, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = job_status(url, job_id)
        if status in ("ready", "failed"):
            return status
        time.sleep(0.3)
    return job_status(url, job_id)


def test_the_worker_carries_on_after_postgresql_restarts(server, tmp_path):
    env = environment(tmp_path)
    env.update(DATABASE_URL=server.url, STALKLOG_WORKER_MAX_BACKOFF_SECONDS="2")
    subprocess.run(harness(env, "setup"), env=env, cwd=ROOT, check=True, timeout=300)

    def enqueue():
        out = subprocess.run(
            harness(env, "enqueue"), env=env, cwd=ROOT, check=True, capture_output=True, text=True
        )
        return out.stdout.strip()

    worker = subprocess.Popen(
        harness(env, "worker"), env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        assert wait_until_ready(server.url, enqueue()) == "ready"

        server.stop()
        time.sleep(4)  # the worker meets "connection refused" a few times, backing off
        assert worker.poll() is None, "the worker exited when the database went away"
        server.start()

        assert wait_until_ready(server.url, enqueue()) == "ready"
        assert worker.poll() is None
    finally:
        worker.terminate()
        _, errors = worker.communicate(timeout=30)
    assert "database unavailable" in errors.decode()
