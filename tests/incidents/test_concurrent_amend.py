"""Corrections made at the same moment (two app servers, one incident): every correction
records as "was" the version it really replaced, so the history is one unbroken chain.

Runs against PostgreSQL (`make test-postgres`), where the row lock is real; SQLite runs one
writer at a time and skips it.
"""

import threading

import pytest
from django.conf import settings
from django.db import connection

from incidents.models import Amendment, Incident
from tests.evidence.factories import make_incident

CORRECTIONS = 20

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL suite only (make test-postgres)",
)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_corrections_form_one_chain_of_versions(victim):
    incident = make_incident(victim.log, victim)
    incident.amend(victim, "first wording", {"description": "version 0"})
    everyone_has_read = threading.Barrier(CORRECTIONS)
    errors = []

    def correct(number):
        try:
            # Each server loaded the incident before any of them saved (the worst case).
            mine = Incident.objects.select_related("log").get(pk=incident.pk)
            mine.description  # noqa: B018 - read it, as the correction page does
            everyone_has_read.wait(timeout=30)
            mine.amend(victim, f"correction {number}", {"description": f"version {number}"})
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=correct, args=(n,)) for n in range(1, CORRECTIONS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    chain = [
        a.changes["description"]
        for a in Amendment.objects.filter(incident=incident).select_related("log").order_by("pk")
    ]
    assert len(chain) == CORRECTIONS + 1
    for earlier, later in zip(chain, chain[1:], strict=False):
        assert later[0] == earlier[1], "a correction recorded a version it did not replace"
    assert sorted(after for _, after in chain[1:]) == sorted(
        f"version {n}" for n in range(1, CORRECTIONS + 1)
    )
    incident.refresh_from_db()
    assert incident.description == chain[-1][1]
