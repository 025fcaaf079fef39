"""Exports whose worker died, seen from the web: retried once, then failed with a message the
export page shows (and its progress poll reports as finished, so the page stops asking)."""

import datetime
import threading
import time
import types

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from incidents.export import tasks
from incidents.export.models import ExportJob
from incidents.export.tasks import INTERRUPTED, retry_stale_exports
from incidents.management.commands import worker as worker_command


def running_job(log, user, *, attempts, seconds_silent):
    return ExportJob.objects.create(
        log=log,
        requested_by=user,
        kind=ExportJob.Kind.TIMELINE,
        status=ExportJob.Status.RUNNING,
        progress_percent=34,
        attempts=attempts,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds_silent),
    )


def test_a_silent_job_is_run_again_once(rich_log, victim, settings):
    settings.STALKLOG_EXPORT_STALE_SECONDS = 120
    job = running_job(rich_log, victim, attempts=1, seconds_silent=300)

    assert retry_stale_exports() == (1, 0)

    job.refresh_from_db()  # the immediate task backend ran the retry at once
    assert job.status == ExportJob.Status.READY
    assert job.attempts == 2


def test_a_job_with_a_recent_heartbeat_is_left_running(rich_log, victim, settings):
    settings.STALKLOG_EXPORT_STALE_SECONDS = 120
    job = running_job(rich_log, victim, attempts=1, seconds_silent=30)

    assert retry_stale_exports() == (0, 0)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING


def test_a_job_interrupted_twice_fails_and_the_page_says_why(rich_log, victim, victim_client):
    job = running_job(rich_log, victim, attempts=2, seconds_silent=3600)

    assert retry_stale_exports() == (0, 1)

    status = victim_client.get(reverse("export_job_status", args=[job.pk])).json()
    assert status["finished"] is True
    assert status["status"] == "failed"
    assert status["error"] == INTERRUPTED
    page = victim_client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "interrupted twice" in page
    assert "<progress" not in page


def test_a_job_left_running_before_heartbeats_existed_is_judged_by_its_age(rich_log, victim):
    job = running_job(rich_log, victim, attempts=2, seconds_silent=0)
    ExportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=None, created_at=timezone.now() - datetime.timedelta(days=1)
    )

    assert retry_stale_exports() == (0, 1)


def test_cleanup_exports_also_looks_after_stale_jobs(rich_log, victim):
    job = running_job(rich_log, victim, attempts=2, seconds_silent=3600)

    call_command("cleanup_exports", verbosity=0)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED


@pytest.mark.django_db
def test_the_worker_waits_out_a_database_error_instead_of_exiting(monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    calls, pauses = [], []

    def database_away():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("the database system is shutting down")
        return 0, 0

    monkeypatch.setattr(worker_command, "retry_stale_exports", database_away)
    monkeypatch.setattr(worker_command.time, "sleep", pauses.append)
    monkeypatch.setattr(worker_command.db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker_command, "close_connections", lambda: None)

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert len(calls) == 3
    assert pauses == [1, 2]  # doubling, then the database answered and the batch ran


@pytest.mark.django_db
def test_a_busy_worker_still_looks_for_stale_exports(monkeypatch, settings):
    # One pass of the worker can last as long as its longest export: the look for stale
    # exports must not wait for it to end.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.STALKLOG_EXPORT_STALE_SECONDS = 0.2  # looked for every 0.05 s
    looks = []

    def look_for_stale_exports():
        looks.append(threading.current_thread().name)
        return 0, 0

    def one_long_task(worker):  # the pass: busy until the watch has looked twice, or 10 s
        deadline = time.monotonic() + 10
        while looks.count("export-stale-watch") < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        looks.append("task done")

    monkeypatch.setattr(worker_command, "retry_stale_exports", look_for_stale_exports)
    monkeypatch.setattr(worker_command.db_worker.Worker, "run", one_long_task)

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert looks.index("task done") > 2
    assert looks[1:3] == ["export-stale-watch", "export-stale-watch"]  # during the task
    assert looks[0] == "MainThread"  # and before it, as before


def test_two_looks_at_once_start_a_stale_export_again_only_once(
    rich_log, victim, settings, monkeypatch
):
    # A busy worker's watch and another worker read the same stale job at the same moment;
    # the other one starts it again between this look's read and its update.
    settings.STALKLOG_EXPORT_STALE_SECONDS = 120
    job = running_job(rich_log, victim, attempts=1, seconds_silent=300)
    started, other_looked = [], []
    queue = types.SimpleNamespace(enqueue=started.append, module_path=tasks.run_export.module_path)
    monkeypatch.setattr(tasks, "run_export", queue)
    real_filter = ExportJob.objects.filter

    def filter_after_the_other_look(*args, **kwargs):
        if "heartbeat_at" in kwargs and not other_looked:  # this look is about to update
            other_looked.append(True)
            assert retry_stale_exports() == (1, 0)
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(ExportJob.objects, "filter", filter_after_the_other_look)

    assert retry_stale_exports() == (0, 0)
    assert started == [str(job.pk)]
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED and job.attempts == 1
