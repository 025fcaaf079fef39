"""Recording an incident: the three required answers, UK times stored as UTC, and errors that
keep what was typed."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from incidents.models import Behaviour, Incident, Person, Witness
from stalklog.casefile.models import AccessEvent
from tests.incidents.conftest import make_order, make_person, minimal_post


def test_an_incident_with_only_the_required_answers_is_saved(victim_client, log):
    response = victim_client.post("/incidents/new/", minimal_post())
    incident = Incident.objects.get(log=log)
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{incident.pk}/"
    assert incident.sequence_no == 1
    assert incident.description == "He followed me from the station to my door."
    assert [b.code for b in incident.behaviours.all()] == ["following"]
    assert AccessEvent.objects.filter(log=log, action="created", target="incident 1").exists()


def test_the_database_row_holds_no_plaintext_of_the_description(victim_client, log):
    victim_client.post(
        "/incidents/new/",
        minimal_post(
            description="He was outside 14 Elm Road",
            exact_words="You will regret this",
            location="Tesco car park",
            private_notes="tell Sarah",
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM incidents_incident")
        row = b"".join(
            bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
            for value in cursor.fetchone()
        )
    for secret in (b"Elm Road", b"regret", b"Tesco", b"Sarah"):
        assert secret not in row


@pytest.mark.parametrize(
    ("day", "time", "utc"),
    [
        ("2026-03-28", "12:00", datetime(2026, 3, 28, 12, 0, tzinfo=UTC)),  # GMT
        ("2026-03-29", "00:30", datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),  # before the change
        ("2026-03-29", "02:30", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),  # BST from 01:00 UTC
        ("2026-03-30", "12:00", datetime(2026, 3, 30, 11, 0, tzinfo=UTC)),  # BST
        ("2026-10-25", "00:30", datetime(2026, 10, 24, 23, 30, tzinfo=UTC)),  # still BST
        ("2026-10-25", "12:00", datetime(2026, 10, 25, 12, 0, tzinfo=UTC)),  # GMT again
    ],
)
def test_uk_times_are_stored_in_utc_across_the_clock_changes(victim_client, log, day, time, utc):
    response = victim_client.post("/incidents/new/", minimal_post(date=day, time=time))
    assert response.status_code == 302
    assert Incident.objects.get(log=log).occurred_start == utc


def test_the_stored_time_is_shown_as_it_was_entered(victim_client, log):
    victim_client.post("/incidents/new/", minimal_post(date="2026-03-30", time="12:00"))
    response = victim_client.get(f"/incidents/{Incident.objects.get(log=log).pk}/")
    assert b"Mon 30 Mar 2026, 12:00" in response.content


def test_a_time_skipped_by_the_spring_clock_change_is_refused_with_the_reason(victim_client, log):
    response = victim_client.post("/incidents/new/", minimal_post(date="2026-03-29", time="01:30"))
    assert response.status_code == 200
    assert "01:30 did not happen in the UK on 29 March 2026" in response.content.decode()
    assert not Incident.objects.exists()


def test_date_only_incidents_need_no_time(victim_client, log):
    response = victim_client.post(
        "/incidents/new/", minimal_post(date="2026-07-01", time="", time_precision="date")
    )
    assert response.status_code == 302
    incident = Incident.objects.get(log=log)
    assert incident.occurred_start == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)  # BST midnight
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Wed 1 Jul 2026</p>" in page


def test_form_errors_keep_what_was_typed_and_say_what_to_do(victim_client, log):
    typed = minimal_post(
        behaviours=[],
        description="He sent 23 texts & called <b>twice</b>",
        location="Outside the gym",
        exact_words="I know where you live",
    )
    response = victim_client.post("/incidents/new/", typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least one kind of thing that happened." in page
    assert "He sent 23 texts &amp; called &lt;b&gt;twice&lt;/b&gt;" in page
    assert 'value="Outside the gym"' in page
    assert "I know where you live" in page
    assert 'value="2026-03-01"' in page
    assert "<b>twice</b>" not in page
    assert not Incident.objects.exists()


def test_a_missing_description_is_explained(victim_client, log):
    response = victim_client.post("/incidents/new/", minimal_post(description="  "))
    assert "Describe what happened, even in a few words." in response.content.decode()


def test_a_future_date_is_refused(victim_client, log):
    response = victim_client.post("/incidents/new/", minimal_post(date="2099-01-01"))
    assert "That is in the future" in response.content.decode()


def test_an_end_before_the_start_is_refused(victim_client, log):
    response = victim_client.post(
        "/incidents/new/", minimal_post(end_date="2026-03-01", end_time="08:00")
    )
    assert "The end must be after the start" in response.content.decode()


def test_the_optional_details_are_saved(victim_client, victim, log):
    daniel = make_person(log, victim)
    order = make_order(log, reference="FD26")
    threats = Behaviour.objects.get(code="threats")
    response = victim_client.post(
        "/incidents/new/",
        minimal_post(
            behaviours=[str(threats.pk)],
            end_date="2026-03-01",
            end_time="11:40",
            location_type="home",
            location="Elm Road",
            channel="phone_call",
            series_count="23",
            people=[str(daniel.pk)],
            new_person_name="Karen Hart",
            new_person_relationship="family",
            exact_words="You'll regret it",
            fear_of_violence="on",
            impact_score="3",
            impact="Could not sleep",
            reported_to_police="on",
            police_force="Thames Valley Police",
            crime_reference="43123456",
            order_breached=str(order.pk),
            private_notes="ask about a panic alarm",
            **{"witness-0-name": "Mrs Patel", "witness-0-contact": "16 Elm Road"},
        ),
    )
    assert response.status_code == 302
    incident = Incident.objects.get(log=log)
    assert incident.occurred_end == datetime(2026, 3, 1, 11, 40, tzinfo=UTC)
    assert (incident.location_type, incident.location, incident.channel) == (
        "home",
        "Elm Road",
        "phone_call",
    )
    assert incident.series_count == 23
    assert sorted(p.name for p in incident.people.all()) == ["Daniel Hart", "Karen Hart"]
    assert Person.objects.get(log=log, relationship="family").name == "Karen Hart"
    assert incident.fear_of_violence and incident.impact_score == 3
    assert incident.reported_to_police and incident.crime_reference == "43123456"
    assert incident.order_breached == order
    assert incident.private_notes == "ask about a panic alarm"
    witness = Witness.objects.get(incident=incident)
    assert (witness.name, witness.contact) == ("Mrs Patel", "16 Elm Road")
    assert b"Elm Road" not in bytes(witness.contact_sealed)


def test_an_impact_score_of_zero_is_kept(victim_client, log):
    victim_client.post("/incidents/new/", minimal_post(impact_score="0"))
    assert Incident.objects.get(log=log).impact_score == 0


def test_another_users_person_or_order_cannot_be_linked(victim_client, log, other_victim):
    theirs = make_person(other_victim.log, other_victim)
    their_order = make_order(other_victim.log)
    response = victim_client.post(
        "/incidents/new/", minimal_post(people=[str(theirs.pk)], order_breached=str(their_order.pk))
    )
    assert response.status_code == 200
    assert not Incident.objects.exists()


def test_the_new_incident_form_is_phone_friendly(victim_client, log):
    page = victim_client.get("/incidents/new/").content.decode()
    assert page.count("<details") >= 9  # everything optional is folded away
    assert 'type="date"' in page and 'type="time"' in page
