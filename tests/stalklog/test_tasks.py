"""Background tasks: the database backend in production, taken by `manage.py db_worker`."""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django_tasks import task
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


@task()
def count_words(text):
    return len(text.split())


def test_the_configured_backend_outside_tests_is_the_database_queue():
    from stalklog import settings as project_settings

    backend = project_settings.TASKS["default"]["BACKEND"]
    assert backend == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in django_settings.INSTALLED_APPS


def test_tests_run_tasks_immediately():
    result = count_words.enqueue("run at once")

    assert result.return_value == 3


@pytest.mark.django_db
def test_a_queued_task_waits_in_the_database_until_the_worker_runs_it(settings, monkeypatch):
    # The worker drops stale connections between polls; here that would drop the test's
    # own transaction (on PostgreSQL), so keep it.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    result = count_words.enqueue("three little words")
    assert DBTaskResult.objects.get(id=result.id).status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    result.refresh()
    assert result.return_value == 3
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
