"""Correcting an incident: an Amendment keeps who, when, why and what changed; the original
stays readable and recorded_at / sequence_no never change."""

from datetime import UTC, datetime

import pytest

from incidents.models import Amendment, Behaviour, Incident
from stalklog.casefile.models import AccessEvent
from tests.incidents.conftest import make_incident, make_person, minimal_post


def amend_post(incident, **overrides):
    data = minimal_post(reason="I remembered the time")
    data.update(overrides)
    return data


def test_amending_creates_an_amendment_with_before_and_after(victim_client, victim, log):
    incident = make_incident(log, victim, description="He followed me from the station to my door.")
    recorded_at = incident.recorded_at
    response = victim_client.post(
        f"/incidents/{incident.pk}/amend/",
        amend_post(incident, time="10:15", description="He followed me from the bus stop."),
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    amendment = Amendment.objects.get(incident=incident)
    amendment.log = log
    assert amendment.reason == "I remembered the time"
    assert amendment.amended_by == victim
    assert amendment.changes == {
        "occurred_start": ["2026-03-01T09:30:00+00:00", "2026-03-01T10:15:00+00:00"],
        "description": [
            "He followed me from the station to my door.",
            "He followed me from the bus stop.",
        ],
    }
    assert incident.description == "He followed me from the bus stop."
    assert (incident.sequence_no, incident.recorded_at) == (1, recorded_at)
    assert b"bus stop" not in bytes(amendment.changes_sealed)
    event = AccessEvent.objects.filter(log=log, action="amended").get()
    assert event.detail == "changed: occurred_start, description"


def test_the_incident_page_shows_the_current_version_the_history_and_the_original(
    victim_client, victim, log
):
    incident = make_incident(log, victim, description="Original words")
    incident.amend(victim, "spelling", {"description": "Corrected words"})
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    current = page.index("Corrected words")
    history = page.index("History of changes")
    original = page.index("As first recorded")
    assert current < history < original
    assert "Original words" in page[original:]
    assert "spelling" in page[history:original]


def test_the_amendment_page_shows_before_and_after(victim_client, victim, log):
    incident = make_incident(log, victim, description="Original words")
    amendment = incident.amend(victim, "spelling", {"description": "Corrected words"})
    page = victim_client.get(f"/incidents/{incident.pk}/amendments/{amendment.pk}/").content
    assert b"<td>Original words</td><td>Corrected words</td>" in page


def test_a_reason_is_required(victim_client, victim, log):
    incident = make_incident(log, victim)
    response = victim_client.post(
        f"/incidents/{incident.pk}/amend/", amend_post(incident, reason="", description="new")
    )
    assert "Say why you are changing it" in response.content.decode()
    assert 'value="2026-03-01"' in response.content.decode()
    assert "\nnew</textarea>" in response.content.decode()
    assert not Amendment.objects.exists()


def test_saving_without_a_change_says_so(victim_client, victim, log):
    incident = make_incident(log, victim)
    response = victim_client.post(f"/incidents/{incident.pk}/amend/", amend_post(incident))
    assert "You have not changed anything" in response.content.decode()
    assert not Amendment.objects.exists()


def test_the_amend_form_starts_with_the_current_values(victim_client, victim, log):
    daniel = make_person(log, victim)
    incident = make_incident(
        log,
        victim,
        people=[daniel],
        occurred_start=datetime(2026, 6, 1, 17, 5, tzinfo=UTC),
        location="Station Road",
    )
    page = victim_client.get(f"/incidents/{incident.pk}/amend/").content.decode()
    assert 'value="2026-06-01"' in page and 'value="18:05"' in page  # BST
    assert 'value="Station Road"' in page
    assert f'value="{daniel.pk}" id="id_people_0" checked' in page


def test_behaviours_and_people_changes_are_recorded_by_name(victim, log):
    daniel = make_person(log, victim)
    incident = make_incident(log, victim)
    threats = Behaviour.objects.filter(code__in=["following", "threats"])
    amendment = incident.amend(victim, "more detail", {"behaviours": threats, "people": [daniel]})
    assert amendment.changes == {
        "behaviours": [["Following"], ["Following", "Threats"]],
        "people": [[], ["Daniel Hart"]],
    }


def test_amend_refuses_immutable_fields(victim, log):
    incident = make_incident(log, victim)
    with pytest.raises(ValueError, match="cannot be amended"):
        incident.amend(victim, "x", {"recorded_at": datetime(2020, 1, 1, tzinfo=UTC)})
    with pytest.raises(ValueError, match="cannot be amended"):
        incident.amend(victim, "x", {"sequence_no": 99})


def test_amend_needs_a_reason(victim, log):
    incident = make_incident(log, victim)
    with pytest.raises(ValueError, match="reason"):
        incident.amend(victim, "  ", {"description": "x"})


def test_lists_show_the_latest_version(victim_client, victim, log):
    incident = make_incident(log, victim, description="first wording")
    incident.amend(victim, "clearer", {"description": "second wording"})
    page = victim_client.get("/incidents/").content.decode()
    assert "second wording" in page and "first wording" not in page
    assert "corrected" in page
    assert Incident.objects.get().sequence_no == 1


def test_adding_a_witness_later_is_an_amendment(victim_client, victim, log):
    incident = make_incident(log, victim)
    response = victim_client.post(
        f"/incidents/{incident.pk}/amend/",
        amend_post(
            incident,
            reason="She came forward",
            **{"witness-0-name": "Mrs Patel", "witness-0-account": "Saw his car"},
        ),
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get(incident=incident)
    amendment.log = log
    assert amendment.changes == {"witnesses": [[], ["Mrs Patel"]]}
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Mrs Patel" in page and "She came forward" in page


def test_incident_page_query_count_does_not_grow_with_its_history(
    victim_client, victim, log, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    incident = make_incident(log, victim, people=[make_person(log, victim)])
    incident.amend(victim, "first", {"description": "v1"}, [{"name": "A"}])
    with CaptureQueriesContext(connection) as small:
        victim_client.get(f"/incidents/{incident.pk}/")
    for n in range(10):
        incident.amend(victim, f"change {n}", {"description": f"v{n + 2}"}, [{"name": f"W{n}"}])
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "change 9" in page and "W9" in page
