"""The victim's page "Who has seen my log": visits in plain words, and the chain check."""

import html
import re
from datetime import UTC, datetime, timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from stalklog.casefile import audit
from stalklog.casefile.models import AccessEvent
from stalklog.casefile.visits import EVENTS_PER_PAGE
from tests.actors import make_caseworker, make_service_admin, make_share, opened_client
from tests.conftest import client_for
from tests.evidence.factories import make_exhibit, make_incident

NOON = datetime(2026, 3, 12, 14, 2, tzinfo=UTC)


def at(moment):
    """Record what follows as if it happened at `moment` (the chain takes the time itself)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def inline(content) -> str:
    """Without the tags that isolate a name inside its sentence (no space in what is read)."""
    return re.sub(r"</?bdi>", "", content)


def page_text(response) -> str:
    """What a person reads on the page: the main content, tags removed."""
    content = inline(response.content.decode())
    main = content[content.index("<main") : content.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def visits(response) -> list[str]:
    """Each visit's summary line, newest first."""
    content = inline(response.content.decode())
    found = re.findall(r"<summary>(.*?)</summary>", content, flags=re.S)
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", s))).strip() for s in found]


def test_a_caseworkers_export_and_views_read_as_one_visit(victim, victim_client, share):
    incidents = [make_incident(victim.log, victim) for _ in range(3)]
    exhibit = make_exhibit(victim.log, victim, incidents=incidents[:1])
    worker = opened_client(share)
    with at(NOON):
        worker.get("/shared/")
        for incident in incidents:
            worker.get(f"/incidents/{incident.pk}/")
            if incident == incidents[0]:  # its page shows the exhibit's small picture
                worker.get(f"/evidence/{exhibit.pk}/thumbnail/")
    with at(NOON + timedelta(minutes=8)):
        worker.get("/export/")
        job = worker.post("/export/", {"profile": "caseworker", "kind": "timeline"})["Location"]
        worker.get(job)
        worker.get(job + "status/")
        b"".join(worker.get(job + "download/").streaming_content)

    response = victim_client.get("/sharing/activity/")

    assert response.status_code == 200
    newest = visits(response)[0]
    assert newest.startswith(
        "Casey Worker (caseworker, Safe Haven Support) opened your log, viewed 3 incidents "
        "and downloaded a PDF"
    ), newest
    assert newest.endswith("12 Mar 2026, 14:02–14:10")
    text = page_text(response)
    # One whole sentence for the export, its details after it (translators order each whole).
    made = "Made a PDF of the timeline and downloaded it (caseworker print, 3 incidents, 1 exhibit)"
    assert text.count(made) == 1
    # The thumbnail on incident 1's page is part of that look, not a second row.
    assert "Viewed incident 1, with the picture of exhibit JS/1" in text
    assert "This record is complete" in text


def test_an_exhibits_page_and_its_picture_are_one_look(victim, victim_client):
    exhibit = make_exhibit(victim.log, victim)
    victim_client.get(f"/evidence/{exhibit.pk}/")
    victim_client.get(f"/evidence/{exhibit.pk}/preview/")
    victim_client.get(f"/evidence/{exhibit.pk}/thumbnail/")

    text = page_text(victim_client.get("/sharing/activity/"))

    assert text.count("Viewed exhibit JS/1") == 1
    assert "picture" not in text


def test_a_caseworker_request_leaves_one_entry_not_two(victim, share):
    incident = make_incident(victim.log, victim)
    opened_client(share).get(f"/incidents/{incident.pk}/")
    events = AccessEvent.objects.filter(log=victim.log, actor=share.caseworker)
    assert list(events.values_list("action", "target")) == [("viewed", "incident 1")]


def test_a_caseworker_request_no_view_records_is_still_recorded(victim, share):
    opened_client(share).get("/incidents/")
    events = AccessEvent.objects.filter(log=victim.log, actor=share.caseworker)
    assert list(events.values_list("action", "target")) == [("viewed", "timeline")]


def test_a_gap_of_half_an_hour_makes_two_visits(victim, victim_client, share):
    incident = make_incident(victim.log, victim)
    worker = opened_client(share)
    with at(NOON):
        worker.get(f"/incidents/{incident.pk}/")
    with at(NOON + timedelta(minutes=29)):
        worker.get(f"/incidents/{incident.pk}/")
    with at(NOON + timedelta(minutes=29 + 31)):
        worker.get(f"/incidents/{incident.pk}/")

    found = visits(victim_client.get("/sharing/activity/"))

    assert found[:2] == [
        "Casey Worker (caseworker, Safe Haven Support) viewed incident 1 12 Mar 2026, 15:02",
        "Casey Worker (caseworker, Safe Haven Support) viewed incident 1 12 Mar 2026, 14:02–14:31",
    ]
    assert "Viewed incident 1 (2 times)" in page_text(victim_client.get("/sharing/activity/"))


def test_two_people_at_the_same_time_are_two_visits_and_hers_say_you(victim, victim_client, share):
    incident = make_incident(victim.log, victim)
    other = make_caseworker("other_worker", organisation=share.organisation, first_name="Sam")
    other_share = make_share(victim.log, other)
    with at(NOON):
        opened_client(share).get(f"/incidents/{incident.pk}/")
        opened_client(other_share).get("/incidents/")
        victim_client.get(f"/incidents/{incident.pk}/")

    found = visits(victim_client.get("/sharing/activity/"))

    assert found[:3] == [
        "You viewed incident 1 12 Mar 2026, 14:02",
        "Sam Worker (caseworker, Safe Haven Support) looked at the list of incidents "
        "12 Mar 2026, 14:02",
        "Casey Worker (caseworker, Safe Haven Support) viewed incident 1 12 Mar 2026, 14:02",
    ]


def test_no_ids_urls_or_field_names_reach_the_page(victim, victim_client, share):
    incident = make_incident(victim.log, victim)
    exhibit = make_exhibit(victim.log, victim)
    worker = opened_client(share)
    worker.get(f"/incidents/{incident.pk}/")
    worker.get(f"/evidence/{exhibit.pk}/")
    worker.get(f"/incidents/{incident.pk + 999}/")  # not found: recorded with the id asked
    job = worker.post("/export/", {"profile": "police", "kind": "timeline"})["Location"]
    worker.get(job + "status/")
    incident.amend(victim, "typo", {"occurred_start": NOON, "exact_words": "words"})
    # Older entries, recorded before one request left one entry, and actions named in code.
    AccessEvent.record(victim.log, share.caseworker, "viewed", "incident_detail", "pk=7")
    AccessEvent.record(victim.log, share.caseworker, "viewed", "person 41")
    AccessEvent.record(victim.log, share.caseworker, "reset_code_issued", "account")
    AccessEvent.record(victim.log, share.caseworker, "searched", "exhibit_messages", "pk=4")
    AccessEvent.record(victim.log, share.caseworker, "frobbed", "order 12", "batch 5, pk=3")

    text = page_text(victim_client.get("/sharing/activity/"))

    assert "_" not in text
    assert not re.search(r"\w+=", text), text
    month = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"  # "order 30 Nov 2026" is a date
    assert not re.search(rf"\b(person|order|share|batch|amendment|pk|id) \d+\b(?! {month})", text)
    assert str(job).strip("/").split("/")[-1] not in text  # the export job's id
    assert "occurred" not in text and "exact words, when it happened" not in text
    assert "Corrected incident 1: when it happened, exact words" in text
    assert "Asked for something that is not in your log" in text
    assert "Made a password reset code for your account" in text
    assert "Searched the messages in an exhibit" in text


def test_the_page_fits_its_queries_whatever_the_number_of_events(victim, victim_client, share):
    def count_queries(events):
        AccessEvent.objects.filter(log=victim.log).delete()
        for number in range(events):
            actor = victim if number % 7 else share.caseworker
            audit.record(victim.log, actor, "viewed", f"incident {number}")
        with CaptureQueriesContext(connection) as captured:
            assert victim_client.get("/sharing/activity/").status_code == 200
        return len(captured)

    few = count_queries(10)
    assert few == count_queries(200)
    assert few <= 6  # session, user, log, the events with who made them, the chain


def test_a_long_record_is_shown_in_pages_of_whole_visits(victim, victim_client):
    for number in range(EVENTS_PER_PAGE + 5):
        audit.record(victim.log, victim, "viewed", f"incident {number}")
    with at(datetime.now(UTC) + timedelta(hours=1)):
        audit.record(victim.log, victim, "viewed", "incident 9999")

    first = victim_client.get("/sharing/activity/")
    assert visits(first)[0].startswith("You viewed incident 9999")
    assert len(visits(first)) == 1  # the long visit goes on past this page: shown on the next
    link = re.search(r'href="(/sharing/activity/\?before=\d+)"', first.content.decode()).group(1)
    second = victim_client.get(link)
    assert visits(second)[0].startswith(f"You viewed {EVENTS_PER_PAGE} incidents")
    assert b"Newest visits" in second.content


def test_the_page_says_when_the_record_was_tampered_with(victim_client, victim):
    for number in range(3):
        AccessEvent.record(victim.log, victim, "viewed", f"incident {number}")
    AccessEvent.objects.filter(log=victim.log, seq=2).update(target="something else")
    response = victim_client.get("/sharing/activity/")
    assert b"This record has been tampered with" in response.content
    assert b"event 2 was altered" in response.content


def test_the_chain_still_checks_out_after_a_caseworker_visit(victim, victim_client, share):
    incident = make_incident(victim.log, victim)
    opened_client(share).get(f"/incidents/{incident.pk}/")
    assert AccessEvent.verify_chain(victim.log) == []
    assert b"This record is complete" in victim_client.get("/sharing/activity/").content


def test_another_victim_sees_only_their_own_record(victim, other_client):
    AccessEvent.record(victim.log, victim, "viewed", "incident 1")
    response = other_client.get("/sharing/activity/")
    assert b"incident 1" not in response.content
    assert b"Nothing has been recorded yet" in response.content


def test_a_caseworker_cannot_read_the_record(share):
    assert opened_client(share).get("/sharing/activity/").status_code == 404
    assert client_for(share.caseworker).get("/sharing/activity/").status_code == 404


def test_a_password_reset_reads_with_who_asked_and_who_approved(victim, victim_client):
    admin = make_service_admin()
    with at(NOON):
        audit.record(
            victim.log,
            None,
            "asked to reset",
            "your password",
            "Firefox on Android",
            anonymous_as="someone",
        )
    with at(NOON + timedelta(hours=2)):
        audit.record(
            victim.log, admin, "approved", "password reset", "can be completed from 13 Mar 2026"
        )

    response = victim_client.get("/sharing/activity/")

    assert visits(response)[:2] == [
        "Sam Admin (service admin, Safe Haven Support) approved the password reset "
        "12 Mar 2026, 16:02",
        "Someone who was not signed in asked to reset your password 12 Mar 2026, 14:02",
    ]
    assert "Asked to reset your password (Firefox on Android)" in page_text(response)


def test_who_did_it_is_escaped_and_kept_apart_from_the_sentence(victim, victim_client, share):
    # A name typed by a service admin, in another script or with markup in it.
    other = make_caseworker("other_worker", organisation=share.organisation, first_name="<b>ثنا")
    AccessEvent.record(victim.log, other, "viewed", "incident 1")

    content = victim_client.get("/sharing/activity/").content.decode()

    assert "<b>ثنا" not in content
    assert (
        "<strong><bdi>&lt;b&gt;ثنا Worker</bdi> (caseworker, <bdi>Safe Haven Support</bdi>)"
        "</strong> viewed incident 1"
    ) in content
