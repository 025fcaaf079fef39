"""Processes that die, in real subprocesses against a database file: a worker SIGKILLed
mid-export and what the next worker does about it (retry once, then fail, no leftovers), and
a process SIGKILLed while it writes an upload (only a private partial file, which
`check_storage --delete-orphans` removes).
"""

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from incidents.export.tasks import INTERRUPTED

ROOT = Path(__file__).resolve().parents[3]
HARNESS = "tests.incidents.export.worker_harness"


def environment(folder: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("STALKLOG_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STALKLOG_VAR_DIR=str(folder),
        STALKLOG_FILES_DIR=str(folder / "files"),
        STALKLOG_TASKS_BACKEND="database",
        STALKLOG_EXPORT_WORKERS="1",
        STALKLOG_EXPORT_HEARTBEAT_SECONDS="1",
        STALKLOG_EXPORT_STALE_SECONDS="5",
        DEBUG="true",
        PYTHONPATH=str(ROOT),
    )
    return env


def harness(env, *args, **popen):
    return [sys.executable, "-m", HARNESS, *args]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A migrated installation with one victim's log, made once and copied for each test."""
    folder = tmp_path_factory.mktemp("installed")
    env = environment(folder)
    subprocess.run(harness(env, "setup"), env=env, cwd=ROOT, check=True, timeout=180)
    return folder


@pytest.fixture
def site(installed, tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(installed, folder)
    env = environment(folder)
    started = []

    def start_worker(*args):
        process = subprocess.Popen(
            harness(env, "worker", *args),
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(process)
        return process

    def enqueue():
        out = subprocess.run(
            harness(env, "enqueue"), env=env, cwd=ROOT, check=True, capture_output=True, text=True
        )
        return out.stdout.strip().replace("-", "")

    def job(job_id):
        with sqlite3.connect(folder / "db.sqlite3", timeout=30) as db:
            db.row_factory = sqlite3.Row
            return db.execute(
                "SELECT * FROM incidents_exportjob WHERE replace(id, '-', '') = ?", (job_id,)
            ).fetchone()

    def tasks():
        with sqlite3.connect(folder / "db.sqlite3", timeout=30) as db:
            rows = db.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
                ("incidents.export.tasks.run_export",),  # not the layout warm-ups
            )
            return [row[0] for row in rows]

    def wait_for(job_id, check, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            row = job(job_id)
            if check(row):
                return row
            time.sleep(0.2)
        raise AssertionError(f"gave up waiting; the job is {dict(job(job_id))}")

    yield type(
        "Site",
        (),
        {
            "folder": folder,
            "env": env,
            "start_worker": staticmethod(start_worker),
            "enqueue": staticmethod(enqueue),
            "job": staticmethod(job),
            "tasks": staticmethod(tasks),
            "wait_for": staticmethod(wait_for),
        },
    )
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def kill_mid_export(site, job_id, attempt=1):
    worker = site.start_worker("--hang")
    site.wait_for(
        job_id,
        lambda job: (
            (job["status"], job["progress_percent"], job["attempts"]) == ("running", 34, attempt)
        ),
    )
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    assert site.job(job_id)["status"] == "running"  # what a dead worker leaves


def files_in(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_an_export_whose_worker_is_killed_is_finished_by_the_next_worker(site):
    job_id = site.enqueue()
    kill_mid_export(site, job_id)

    site.start_worker()
    job = site.wait_for(job_id, lambda job: job["status"] in ("ready", "failed"))

    assert job["status"] == "ready", job["error"]
    assert job["attempts"] == 2
    assert job["progress_percent"] == 100
    # The killed attempt's task row is closed, the retry's succeeded: nothing left running.
    # (The worker closes a task's row just after the task has saved its job as ready.)
    deadline = time.monotonic() + 30
    while "RUNNING" in site.tasks() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(site.tasks()) == ["FAILED", "SUCCESSFUL"]
    files = files_in(site.folder / "files")
    assert [f.rsplit("/", 1)[-1] for f in files if "/exports/" in f] == [
        job["blob_name"].rsplit("/", 1)[-1]
    ]
    assert not [f for f in files if ".partial-" in f]
    check = subprocess.run(
        [sys.executable, "manage.py", "check_storage", "--grace-seconds", "0"],
        env=site.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert "OK: every stored file belongs to a row" in check.stdout


def test_an_export_interrupted_twice_fails_with_a_message(site):
    job_id = site.enqueue()
    kill_mid_export(site, job_id)
    kill_mid_export(site, job_id, attempt=2)  # the next worker retries it, and dies too

    site.start_worker()
    job = site.wait_for(job_id, lambda job: job["status"] != "running", seconds=60)

    assert job["status"] == "failed"
    assert job["error"] == INTERRUPTED
    assert job["attempts"] == 2
    assert "RUNNING" not in site.tasks()


def test_a_running_export_with_a_live_worker_is_left_alone(site):
    job_id = site.enqueue()
    site.start_worker("--hang")
    site.wait_for(job_id, lambda job: job["progress_percent"] == 34)
    site.start_worker()  # a second worker, looking for stale exports

    time.sleep(8)  # past the stale limit: the heartbeat keeps the job alive

    job = site.job(job_id)
    assert (job["status"], job["attempts"]) == ("running", 1)


def test_a_process_killed_mid_upload_leaves_only_a_private_partial_file_check_storage_removes(
    site,
):
    uploader = subprocess.Popen(
        harness(site.env, "upload-hang"),
        env=site.env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert uploader.stdout.readline().strip() == b"writing"
    uploader.send_signal(signal.SIGKILL)
    uploader.wait(10)

    [left] = files_in(site.folder / "files")
    assert left.rsplit("/", 1)[-1].startswith(".partial-")  # never under a name a row holds
    assert stat.S_IMODE((site.folder / "files" / left).stat().st_mode) == 0o600
    with sqlite3.connect(site.folder / "db.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM evidence_evidence").fetchone() == (0,)

    check = subprocess.run(
        [sys.executable, "manage.py", "check_storage", "--delete-orphans", "--grace-seconds", "0"],
        env=site.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert check.returncode == 0, check.stderr
    assert files_in(site.folder / "files") == []
