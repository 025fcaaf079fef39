"""The access log names what a caseworker's request did and to what: the door's entries
(recorded by a page's name and ids when the view recorded nothing itself) are told by that
page and the incident, exhibit, person or order it named, never as a bare "Made a change";
and never with a person's name or other sealed words."""

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.services import add_person, mark_key_incident, save_order
from stalklog.casefile import visits as visits_module
from stalklog.casefile.models import AccessEvent
from tests.actors import opened_client
from tests.evidence.factories import make_exhibit, make_incident
from tests.stalklog.casefile.test_access_log_page import at, page_text
from tests.stalklog.casefile.test_visits_languages import takes_an_id

NOON = datetime(2026, 3, 12, 14, 2, tzinfo=UTC)
VAGUE = [
    "Made a change",
    "Tried to make a change that was not accepted",
    "Looked at an incident",
    "Looked at an exhibit",
    "of an incident",
    "of an exhibit",
    "an exhibit from an incident",
]


@pytest.fixture
def objects(victim):
    log = victim.log
    incident = make_incident(log, victim)
    person = add_person(log, victim, name="Rowan Secretname", relationship="ex_partner")
    order = save_order(
        log, victim, kind="restraining", made_on=date(2026, 3, 3), reference="SECRETREF 77"
    )
    return {
        "incident": incident,
        "exhibit": make_exhibit(log, victim),
        "person": person,
        "order": order,
    }


def words(fragment) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def lines(victim_client) -> list[str]:
    content = victim_client.get("/sharing/activity/").content.decode()
    found = re.findall(r"<li><time[^>]*>[^<]*</time>(.*?)</li>", content, re.S)
    return [words(line) for line in found]


def what_names_it(kind, objects) -> str:
    return {
        "incident": "incident 1",
        "exhibit": "exhibit JS/1",
        "person": "(Ex-partner)",
        "order": "(Restraining order, made on 3 Mar 2026)",
    }[kind]


@pytest.mark.parametrize(
    "action, table",
    [
        ("viewed", visits_module.VIEWED_PAGES),
        ("changed", visits_module.CHANGED_PAGES),
        ("tried to change", visits_module.TRIED_PAGES),
    ],
)
def test_every_door_entry_says_what_was_done_and_to_what(
    victim, victim_client, share, objects, action, table
):
    for hour, name in enumerate(sorted(table)):
        kind = visits_module._PK_KINDS.get(name.split("_")[0])
        ids = f"pk={objects[kind].pk}" if kind and takes_an_id(name) else ""
        if name == "exhibit_unlink":
            ids += f" incident_pk={objects['incident'].pk}"
        with at(NOON + timedelta(hours=hour)):
            AccessEvent.record(victim.log, share.caseworker, action, name, ids)

    said = lines(victim_client)[: len(table)]

    assert len(said) == len(table)
    for name, line in zip(sorted(table, reverse=True), said, strict=True):
        assert not any(vague in line for vague in VAGUE), (name, line)
        kind = visits_module._PK_KINDS.get(name.split("_")[0])
        if kind and takes_an_id(name):
            assert what_names_it(kind, objects) in line, (name, line)
    text = " ".join(said)
    assert "Secretname" not in text and "SECRETREF" not in text  # sealed words stay out


def test_pressing_the_key_button_that_changes_nothing_says_so(victim, victim_client, share):
    incident = make_incident(victim.log, victim)
    with at(NOON):
        opened_client(share).post(f"/incidents/{incident.pk}/key/", {"is_key": ""})

    assert "Pressed the key incident button of incident 1; nothing changed" in lines(victim_client)


def test_a_link_without_an_incident_chosen_says_nothing_was_linked(victim, victim_client, share):
    exhibit = make_exhibit(victim.log, victim)
    opened_client(share).post(f"/evidence/{exhibit.pk}/link/", {})

    assert (
        "Tried to link exhibit JS/1 to an incident without choosing one; nothing was linked"
        in lines(victim_client)
    )


def test_a_correction_not_accepted_names_the_incident(victim, victim_client, share):
    incident = make_incident(victim.log, victim)
    assert opened_client(share).post(f"/incidents/{incident.pk}/amend/", {}).status_code == 200

    assert "Tried to change incident 1; nothing was saved" in lines(victim_client)


def test_an_order_form_not_accepted_names_the_order_by_kind_and_day(
    victim, victim_client, share, objects
):
    order = objects["order"]
    opened_client(share).post(f"/orders/{order.pk}/edit/", {"kind": "nonsense"})

    said = lines(victim_client)
    assert (
        "Tried to change an order (Restraining order, made on 3 Mar 2026); nothing was saved"
        in said
    )
    assert "SECRETREF" not in page_text(victim_client.get("/sharing/activity/"))


def test_a_person_is_named_by_relationship_never_by_name(victim, victim_client, share, objects):
    opened_client(share).get(f"/people/{objects['person'].pk}/")

    assert "Viewed a person's details (Ex-partner)" in lines(victim_client)
    assert "Secretname" not in page_text(victim_client.get("/sharing/activity/"))


def test_another_logs_object_is_never_named(victim, other_victim, victim_client, share):
    theirs = make_incident(other_victim.log, other_victim)
    for _ in range(7):  # their incident 8: a number her log does not have
        make_incident(other_victim.log, other_victim)
    AccessEvent.record(victim.log, share.caseworker, "changed", "incident_key", f"pk={theirs.pk}")

    said = lines(victim_client)
    assert "Made a change on a page this record cannot name yet" in said
    assert not any("incident 1" in line for line in said)


def test_the_door_entry_after_the_same_request_told_precisely_is_not_told_twice(
    victim, victim_client, share
):
    incident = make_incident(victim.log, victim)
    ids = f"pk={incident.pk}"
    with at(NOON):  # before one request left one entry: the service's, then the door's
        mark_key_incident(victim.log, share.caseworker, incident, is_key=True)
    with at(NOON + timedelta(seconds=1)):
        AccessEvent.record(victim.log, share.caseworker, "changed", "incident_key", ids)
    with at(NOON + timedelta(minutes=5)):  # a look, then the button pressed a moment later
        AccessEvent.record(victim.log, share.caseworker, "viewed", "incident 1")
    with at(NOON + timedelta(minutes=5, seconds=3)):
        AccessEvent.record(victim.log, share.caseworker, "changed", "incident_key", ids)

    said = lines(victim_client)
    assert said.count("Marked incident 1 as a key incident") == 1
    assert not any("Set the key" in line for line in said)
    assert "Viewed incident 1" in said
    assert said.count("Pressed the key incident button of incident 1; nothing changed") == 1


def test_naming_objects_costs_the_same_queries_for_5_or_50_events(
    victim, victim_client, share, objects
):
    entries = [
        ("viewed", "incident_detail", f"pk={objects['incident'].pk}"),
        ("changed", "exhibit_link", f"pk={objects['exhibit'].pk}"),
        ("tried to change", "person_edit", f"pk={objects['person'].pk}"),
        ("viewed", f"order {objects['order'].pk}", ""),
        ("viewed", f"person {objects['person'].pk}", ""),
    ]

    def count_queries(events):
        AccessEvent.objects.filter(log=victim.log).delete()
        for number in range(events):
            action, target, detail = entries[number % len(entries)]
            with at(NOON + timedelta(minutes=number)):
                AccessEvent.record(victim.log, share.caseworker, action, target, detail)
        with CaptureQueriesContext(connection) as captured:
            response = victim_client.get("/sharing/activity/")
        assert response.status_code == 200
        assert "(Restraining order, made on 3 Mar 2026)" in response.content.decode()
        return len(captured)

    few = count_queries(5)
    assert few == count_queries(50)
    # session, user, log, the events with who made them, the chain, and one per kind named
    assert few <= 10
