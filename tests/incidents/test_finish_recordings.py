"""`manage.py finish_recordings`: a voice recording left without Stop whose recorder page was
never opened again (the phone died) is saved from cron through the page's own code path, once,
and a recording still being made is left alone."""

import hashlib
import os
import threading
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from evidence.models import Evidence
from incidents.recordings import finish_abandoned_recordings
from stalklog.casefile.models import AccessEvent
from tests.conftest import client_for
from tests.incidents.conftest import make_incident
from tests.incidents.test_recordings import TOKEN, parts, send

RECENT = "fedcba9876543210fedcba9876543210"


def age(private_storage, minutes, token=TOKEN):
    old = time.time() - minutes * 60
    for path in private_storage.rglob(f"recordings/*-{token}/*"):
        os.utime(path, (old, old))


def finish(*args):
    out = StringIO()
    call_command("finish_recordings", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def incident(victim, log):
    return make_incident(log, victim)


@pytest.fixture
def recorded(victim_client, incident):
    """Two chunks of a recording that was never stopped."""
    chunks = parts(2)
    for index, data in enumerate(chunks):
        assert send(victim_client, incident, index, data).status_code == 200
    return chunks


def test_an_abandoned_recording_becomes_an_exhibit_on_its_incident(
    log, incident, recorded, private_storage
):
    age(private_storage, settings.STALKLOG_UNFINISHED_RECORDING_MINUTES + 1)
    assert "Saved 1 recording left without Stop for 30 minutes." in finish()
    exhibit = Evidence.objects.get(log=log)
    assert exhibit.sha256 == hashlib.sha256(b"".join(recorded)).hexdigest()
    assert "closed or lost its connection before Stop" in exhibit.summary_text
    assert list(exhibit.incidents.all()) == [incident]
    assert exhibit.uploaded_by is None  # no one pressed Stop
    event = AccessEvent.objects.get(log=log, action="uploaded")
    assert (event.actor_name, event.target) == ("system", f"exhibit {exhibit.exhibit_ref}")
    assert not list(private_storage.rglob("recordings/*/*"))


def test_a_recent_recording_is_left_alone(log, incident, recorded, private_storage):
    age(private_storage, settings.STALKLOG_UNFINISHED_RECORDING_MINUTES - 5)
    assert "Saved 0 recordings" in finish()
    assert not Evidence.objects.filter(log=log).exists()
    assert len(list(private_storage.rglob("recordings/*/*"))) == 2


def test_minutes_sets_how_old_the_newest_chunk_must_be(log, recorded, private_storage):
    age(private_storage, 10)
    assert "Saved 0 recordings" in finish("--minutes", "15")
    assert "Saved 1 recording left without Stop for 5 minutes." in finish("--minutes", "5")
    assert Evidence.objects.filter(log=log).count() == 1


def test_running_twice_makes_one_exhibit(log, recorded, private_storage):
    age(private_storage, 60)
    finish()
    assert "Saved 0 recordings" in finish()
    assert Evidence.objects.filter(log=log).count() == 1


def test_a_chunk_arriving_after_the_save_is_refused_not_lost_silently(
    victim_client, log, incident, recorded, private_storage
):
    age(private_storage, 60)
    finish()
    late = send(victim_client, incident, 2, parts(1)[0])
    assert late.status_code == 400 and "already saved" in late.json()["error"]
    assert Evidence.objects.filter(log=log).count() == 1


def test_a_log_waiting_to_be_deleted_is_left_alone(log, recorded, private_storage):
    age(private_storage, 60)
    log.deletion_due_at = timezone.now()
    log.save(update_fields=["deletion_due_at"])
    finish()
    assert not Evidence.objects.filter(log=log).exists()


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL suite only (make test-postgres): SQLite runs one writer at a time",
)
@pytest.mark.django_db(transaction=True)
def test_runs_at_the_same_moment_make_one_exhibit(victim, private_storage):
    incident = make_incident(victim.log, victim)
    client = client_for(victim)
    for index, data in enumerate(parts(2)):
        send(client, incident, index, data)
    age(private_storage, 60)
    start = threading.Barrier(4)
    errors = []

    def run():
        try:
            start.wait(timeout=30)
            finish_abandoned_recordings()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert Evidence.objects.filter(log=victim.log).count() == 1
