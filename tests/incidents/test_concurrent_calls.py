"""Two requests turning the same calls into incidents at the same moment (a double click
reaching two app servers) make each burst once.

Runs against PostgreSQL (`make test-postgres`), where requests really overlap; SQLite runs
one writer at a time and skips it (tests/evidence/test_calls.py covers the constraint).
"""

import threading

import pytest
from django.conf import settings
from django.db import connection

from evidence.models import Evidence
from evidence.services import store_upload
from incidents.calls import calls_to_incidents
from incidents.models import Behaviour, Incident
from tests.evidence import files
from tests.evidence.conftest import upload

REQUESTS = 4

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL suite only (make test-postgres)",
)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_make_each_burst_once(victim):
    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    sam = Evidence.objects.get(pk=evidence.pk).metadata["calls"]["numbers"][0]["digest"]
    contacting = list(Behaviour.objects.filter(code="contacting"))
    everyone_ready = threading.Barrier(REQUESTS)
    outcomes, errors = [], []

    def turn_into_incidents():
        try:
            everyone_ready.wait(timeout=30)
            outcomes.append(calls_to_incidents(victim.log, victim, evidence, [sam], contacting))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=turn_into_incidents) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert Incident.objects.filter(log=victim.log).count() == 2
    assert sorted(len(outcome.created) for outcome in outcomes) == [0] * (REQUESTS - 1) + [2]
