"""A person's identifiers are checked by kind and stored one way: phone numbers in E.164
(UK by default) shown as dialled, e-mail addresses checked, plates in capitals, and no
first-seen date in the future."""

from datetime import date, timedelta

import pytest

from incidents import identifiers
from incidents.models import Identifier, Person
from tests.incidents.test_people_orders import identifier_forms


def add_person(client, *rows):
    data = {"name": "Daniel Hart", "relationship": "ex_partner", **identifier_forms(*rows)}
    return client.post("/people/new/", data)


def stored(log):
    return {(i.kind, i.value) for i in Identifier.objects.filter(log=log)}


def test_a_uk_number_is_stored_in_e164_and_shown_as_dialled(victim_client, log):
    response = add_person(victim_client, {"kind": "phone", "value": "07700 900 123"})
    assert response.status_code == 302
    assert stored(log) == {("phone", "+447700900123")}
    page = victim_client.get(response["Location"]).content.decode()
    assert '<span class="identifier">07700 900123</span>' in page


def test_a_foreign_number_is_shown_internationally(victim_client, log):
    add_person(victim_client, {"kind": "phone", "value": "0033 6 12 34 56 78"})
    assert stored(log) == {("phone", "+33612345678")}
    assert "+33 6 12 34 56 78" in victim_client.get("/people/").content.decode()


@pytest.mark.parametrize("typed", ["not a number", "999", "0770"])
def test_something_that_is_not_a_phone_number_is_refused_and_kept(victim_client, log, typed):
    response = add_person(victim_client, {"kind": "phone", "value": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a phone number, like 07700 900123" in page
    assert f'value="{typed}"' in page  # what she typed is still there to correct
    assert not Person.objects.filter(log=log).exists()


def test_an_email_address_is_checked(victim_client, log):
    response = add_person(
        victim_client, {"kind": "email", "value": "not an email", "first_seen": "2030-01-01"}
    )
    page = response.content.decode()
    assert "Enter an e-mail address, like name@example.com." in page
    assert "The date first seen must be today or in the past." in page
    assert '<a href="#id_identifier-0-value">' in page
    assert '<a href="#id_identifier-0-first_seen">' in page
    assert not Identifier.objects.exists()


def test_a_good_email_address_is_kept(victim_client, log):
    add_person(victim_client, {"kind": "email", "value": " dan.hart84@example.com "})
    assert stored(log) == {("email", "dan.hart84@example.com")}


def test_first_seen_today_is_fine_and_tomorrow_is_not(victim_client, log):
    today = date.today()
    tomorrow = today + timedelta(days=2)  # clear of the UK/UTC date line whatever the hour
    refused = add_person(
        victim_client, {"kind": "social", "value": "@danny", "first_seen": tomorrow.isoformat()}
    )
    assert "must be today or in the past" in refused.content.decode()
    earlier = today - timedelta(days=1)
    accepted = add_person(
        victim_client, {"kind": "social", "value": "@danny", "first_seen": earlier.isoformat()}
    )
    assert accepted.status_code == 302


def test_a_plate_is_stored_in_capitals_and_shown_with_its_space(victim_client, log):
    add_person(victim_client, {"kind": "plate", "value": "ab12-cde"})
    assert stored(log) == {("plate", "AB12CDE")}
    assert "AB12 CDE" in victim_client.get("/people/").content.decode()


def test_a_plate_with_other_characters_is_refused(victim_client, log):
    response = add_person(victim_client, {"kind": "plate", "value": "AB12 CDE!"})
    assert "Enter the registration in letters and numbers" in response.content.decode()


def test_editing_shows_the_number_as_dialled_and_keeps_it(victim_client, victim, log):
    add_person(victim_client, {"kind": "phone", "value": "+44 7700 900123"})
    person = Person.objects.get(log=log)
    form = victim_client.get(f"/people/{person.pk}/edit/").content.decode()
    assert 'value="07700 900123"' in form


def test_removing_a_bad_old_value_is_not_blocked_by_the_checks(victim_client, victim, log):
    add_person(victim_client)
    person = Person.objects.get(log=log)
    old = Identifier(log=log, person=person, kind="email")
    old.value = "not an email"  # saved before the checks existed
    old.save()
    data = {
        "name": "Daniel Hart",
        "relationship": "ex_partner",
        **identifier_forms(
            {
                "identifier_id": str(old.pk),
                "kind": "email",
                "value": "not an email",
                "remove": "on",
            },
            initial=1,
        ),
    }
    assert victim_client.post(f"/people/{person.pk}/edit/", data).status_code == 302
    assert not Identifier.objects.exists()


@pytest.mark.parametrize(
    ("kind", "value", "shown"),
    [
        ("phone", "07700 900123", "07700 900123"),  # typed before E.164: still readable
        ("phone", "withheld", "withheld"),
        ("plate", "A123BCD", "A123BCD"),
        ("social", "@danny", "@danny"),
    ],
)
def test_values_saved_before_the_checks_are_shown_as_they_were(kind, value, shown):
    assert identifiers.display(kind, value) == shown
