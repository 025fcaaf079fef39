"""People with their identifiers, and court orders an incident can be marked as breaking."""

from incidents.models import Identifier, Order, Person
from stalklog.casefile.models import AccessEvent
from tests.incidents.conftest import make_incident, make_order, make_person


def identifier_forms(*rows, initial=0):
    data = {
        "identifier-TOTAL_FORMS": str(len(rows)),
        "identifier-INITIAL_FORMS": str(initial),
        "identifier-MIN_NUM_FORMS": "0",
        "identifier-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"identifier-{index}-{key}"] = value
    return data


def test_adding_a_person_with_identifiers(victim_client, log):
    response = victim_client.post(
        "/people/new/",
        {
            "name": "Daniel Hart",
            "relationship": "ex_partner",
            "is_perpetrator": "on",
            "vehicles": "Silver Astra",
            **identifier_forms(
                {"kind": "phone", "value": "07700 900123", "first_seen": "2026-01-02"},
                {"kind": "plate", "value": "AB12 CDE"},
            ),
        },
    )
    person = Person.objects.get(log=log)
    assert response["Location"] == f"/people/{person.pk}/"
    assert (person.name, person.is_perpetrator, person.vehicles) == (
        "Daniel Hart",
        True,
        "Silver Astra",
    )
    values = sorted(i.value for i in Identifier.objects.filter(person=person))
    assert values == [
        "+447700900123",
        "AB12CDE",
    ]  # one stored form (tests/incidents/test_identifiers.py)
    assert b"7700" not in bytes(Identifier.objects.filter(person=person).first().value_sealed)
    page = victim_client.get("/people/").content.decode()
    assert "07700 900123" in page and "first seen 2 Jan 2026" in page


def test_editing_a_person_updates_and_removes_identifiers(victim_client, victim, log):
    person = make_person(log, victim)
    phone = Identifier(log=log, person=person, kind="phone")
    phone.value = "07700 900123"
    phone.save()
    response = victim_client.post(
        f"/people/{person.pk}/edit/",
        {
            "name": "Dan Hart",
            "relationship": "ex_partner",
            **identifier_forms(
                {
                    "identifier_id": str(phone.pk),
                    "kind": "phone",
                    "value": "07700 900123",
                    "remove": "on",
                },
                {"kind": "email", "value": "dan@example.com"},
                initial=1,
            ),
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Dan Hart"
    assert [i.value for i in Identifier.objects.filter(person=person)] == ["dan@example.com"]
    assert AccessEvent.objects.filter(
        log=log, action="amended", target=f"person {person.pk}"
    ).exists()


def test_a_person_needs_a_name(victim_client, log):
    response = victim_client.post(
        "/people/new/",
        {"name": "", "relationship": "unknown", "vehicles": "blue van", **identifier_forms()},
    )
    page = response.content.decode()
    assert "Enter a name, or a description like" in page
    assert 'value="blue van"' in page


def test_a_person_page_lists_their_incidents_and_is_audited(victim_client, victim, log):
    person = make_person(log, victim)
    make_incident(log, victim, people=[person], description="with him")
    make_incident(log, victim, description="someone else")
    page = victim_client.get(f"/people/{person.pk}/").content.decode()
    assert "with him" in page and "someone else" not in page
    assert AccessEvent.objects.filter(
        log=log, action="viewed", target=f"person {person.pk}"
    ).exists()


def test_adding_and_editing_an_order(victim_client, log):
    response = victim_client.post(
        "/orders/new/",
        {
            "kind": "restraining",
            "reference": "R1",
            "made_on": "2026-02-01",
            "conditions": "Not within 100m",
        },
    )
    assert response["Location"] == "/orders/"
    order = Order.objects.get(log=log)
    assert order.conditions == "Not within 100m"
    response = victim_client.post(
        f"/orders/{order.pk}/edit/",
        {"kind": "restraining", "reference": "R2", "made_on": "2026-02-01"},
    )
    order.refresh_from_db()
    assert order.reference == "R2"
    assert "Restraining order R2" in victim_client.get("/orders/").content.decode()


def test_an_order_cannot_end_before_it_was_made(victim_client, log):
    response = victim_client.post(
        "/orders/new/", {"kind": "bail", "made_on": "2026-02-01", "expires_on": "2026-01-01"}
    )
    assert "The end date must be after the date it was made." in response.content.decode()
    assert not Order.objects.exists()


def test_viewing_an_incident_is_audited(victim_client, victim, log):
    incident = make_incident(log, victim)
    victim_client.get(f"/incidents/{incident.pk}/")
    assert AccessEvent.objects.filter(log=log, action="viewed", target="incident 1").exists()
    assert AccessEvent.verify_chain(log) == []


def test_an_order_linked_to_an_incident_is_counted(victim_client, victim, log):
    order = make_order(log)
    make_incident(log, victim, order_breached=order)
    assert "1 incident marked as breaking it" in victim_client.get("/orders/").content.decode()


def test_people_page_query_count_does_not_grow_with_people(
    victim_client, victim, log, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(2):
        make_person(log, victim, name=f"Person {n}")
    with CaptureQueriesContext(connection) as small:
        victim_client.get("/people/")
    for n in range(30):
        person = make_person(log, victim, name=f"More {n}")
        identifier = Identifier(log=log, person=person, kind="phone")
        identifier.value = f"07700 900{n:03}"
        identifier.save()
    with django_assert_max_num_queries(len(small.captured_queries)):
        victim_client.get("/people/")


def test_an_order_without_dates_starts_its_line_with_the_count_not_a_separator(victim_client, log):
    Order.objects.create(log=log, kind=Order.Kind.BAIL)
    page = victim_client.get("/orders/").content.decode()
    assert "0 incidents marked as breaking it" in page
    assert "· 0 incidents" not in page
