"""Search of the timeline and the evidence list: every searched field, whole words and word
starts, accents, the words kept out of the address and out of the database, other logs and
caseworkers' scope, and a fixed number of queries."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Evidence, Message
from incidents import selectors
from incidents.models import Incident
from incidents.services import record_incidents_in_bulk, save_person
from stalklog.casefile.models import AccessEvent
from tests.actors import make_caseworker, make_share, opened_client
from tests.conftest import searched
from tests.evidence.factories import make_exhibit
from tests.incidents.conftest import make_incident, make_many, make_person

TIMELINE = "/incidents/"


def with_messages(log, user, incident, texts, *, kind=Evidence.Kind.MESSAGES, link="exhibit"):
    """An exhibit of `kind` holding `texts` as messages, linked to `incident` through the
    exhibit, through the messages themselves (link="messages"), or not at all."""
    evidence = make_exhibit(log, user, f"export-{len(texts)}-{kind}.jpg")
    Evidence.objects.filter(pk=evidence.pk).update(kind=kind)
    rows = []
    for order, text in enumerate(texts, 1):
        message = Message(log=log, evidence=evidence, order=order)
        message.sender, message.text = "Sender", text
        rows.append(message)
    Message.objects.bulk_create(rows)
    if link == "exhibit":
        incident.exhibits.add(evidence)
    elif link == "messages":
        incident.messages.add(*Message.objects.filter(evidence=evidence))
    return evidence


def found(client, words) -> str:
    return searched(client, TIMELINE, q=words)


@pytest.fixture
def plain(log, victim):
    """An incident with nothing searchable in it: it must never be found."""
    return make_incident(log, victim, description="An ordinary day", location="Home")


@pytest.mark.parametrize(
    ("fields", "words", "matched"),
    [
        ({"description": "He waited by the bins"}, "bins", "description"),
        ({"location": "Tesco car park"}, "tesco", "place"),
        ({"exact_words": "You will regret this"}, "regret", "exact words"),
        ({"police_force": "Cumbria Constabulary"}, "cumbria", "police force"),
        ({"police_officer": "PC Okafor"}, "okafor", "police officer"),
        ({"police_log_number": "CAD 4411"}, "4411", "incident log number"),
        ({"crime_reference": "CR/2026/0815"}, "cr/2026/0815", "crime reference"),
    ],
)
def test_each_of_the_incidents_own_fields_is_found_and_named(
    victim_client, victim, log, plain, fields, words, matched
):
    fields.setdefault("description", "Something happened")
    make_incident(log, victim, **fields)
    page = found(victim_client, words)
    assert "1 of 2 incidents match." in page
    assert f'<p class="card-matched">Matched: {matched}</p>' in page
    assert "An ordinary day" not in page


@pytest.mark.parametrize(
    ("identifier", "typed"),
    [
        ({"kind": "phone", "value": "+447700900123"}, "07700 900123"),
        ({"kind": "phone", "value": "+447700900123"}, "07700900123"),
        ({"kind": "phone", "value": "+447700900123"}, "+44 7700 900123"),
        ({"kind": "email", "value": "dan.h@example.com"}, "dan.h@example.com"),
        ({"kind": "email", "value": "dan.h@example.com"}, "example"),
        ({"kind": "plate", "value": "AB12CDE"}, "ab12 cde"),
        ({"kind": "plate", "value": "AB12CDE"}, "AB12CDE"),
        ({"kind": "social", "value": "@dan_the_man"}, "@dan_the"),
    ],
)
def test_people_are_found_by_their_identifiers(
    victim_client, victim, log, plain, identifier, typed
):
    person = save_person(log, victim, name="Sam Jones", identifiers=[identifier])
    make_incident(log, victim, description="He was there", people=[person])
    page = found(victim_client, typed)
    assert "1 of 2 incidents match." in page
    assert "Matched: person Sam Jones" in page


def test_people_are_found_by_name_alias_and_vehicle(victim_client, victim, log, plain):
    person = make_person(log, victim, name="Sam Jones", aliases="Sammy", vehicles="Blue Corsa")
    make_incident(log, victim, description="He was there", people=[person])
    for words in ("jones", "sammy", "corsa", "sam blue"):
        page = found(victim_client, words)
        assert "1 of 2 incidents match." in page, words
        assert "Matched: person Sam Jones" in page


def test_message_and_email_text_is_found_through_an_exhibit_or_linked_messages(
    victim_client, victim, log, plain
):
    chat = make_incident(log, victim, description="Texts all night")
    with_messages(log, victim, chat, ["I know where you park"])
    mail = make_incident(log, victim, description="An e-mail at work")
    with_messages(log, victim, mail, ["Meet me at the lido"], kind=Evidence.Kind.EMAIL)
    picked = make_incident(log, victim, description="Messages I picked")
    with_messages(log, victim, picked, ["See you at the allotment"], link="messages")
    for words, description, matched in [
        ("park", "Texts all night", "message text"),
        ("lido", "An e-mail at work", "e-mail text"),
        ("allotment", "Messages I picked", "message text"),
    ]:
        page = found(victim_client, words)
        assert "1 of 4 incidents match." in page, words
        assert description in page and f"Matched: {matched}</p>" in page


def test_text_read_from_a_screenshot_is_found(victim_client, victim, log, plain):
    shown = make_incident(log, victim, description="He posted about me")
    evidence = make_exhibit(log, victim, "Screenshot.jpg", incidents=[shown])
    evidence.text = "Everyone should know what she did in Harrogate"
    evidence.save()
    page = found(victim_client, "harrogate")
    assert "1 of 2 incidents match." in page
    assert f"Matched: text read from exhibit {evidence.exhibit_ref}</p>" in page


def test_words_may_be_found_in_different_fields_and_all_must_be(victim_client, victim, log):
    person = make_person(log, victim, name="Sam Jones")
    make_incident(log, victim, description="At the car park", people=[person])
    make_incident(log, victim, description="At the car park")
    page = found(victim_client, "car jones")
    assert "1 of 2 incidents match." in page
    assert "Matched: description, person Sam Jones</p>" in page


def test_a_word_is_matched_whole_or_from_its_start_never_inside_another(victim_client, victim, log):
    for description in ("My car", "Two cars", "Drove to Carlisle", "I was scared", "Oscar"):
        make_incident(log, victim, description=description)
    page = found(victim_client, "car")
    assert "3 of 5 incidents match." in page
    for shown in ("My car", "Two cars", "Drove to Carlisle"):
        assert shown in page
    assert "I was scared" not in page and "Oscar" not in page


def test_case_and_accents_are_ignored_both_ways(victim_client, victim, log):
    make_incident(log, victim, description="Zoë saw him at the CAFÉ")
    make_incident(log, victim, description="zoe and the cafe again")
    make_incident(log, victim, description="Nothing here")
    for words in ("zoe cafe", "ZOË Café", "zoë"):
        assert "2 of 3 incidents match." in found(victim_client, words), words


def test_a_reversed_date_range_is_an_error_that_keeps_what_was_typed(victim_client, victim, log):
    make_incident(log, victim, description="Kept")
    page = searched(victim_client, TIMELINE, q="kept", date_from="2026-04-01", date_to="2026-02-01")
    assert "The &#x27;To&#x27; date is before the &#x27;From&#x27; date." in page
    assert 'value="2026-04-01"' in page and 'value="2026-02-01"' in page
    assert 'value="kept"' in page
    assert "1 of 1 incident match." in page  # the words still search; the range is ignored


def test_the_address_after_a_search_has_no_words_and_the_session_row_none(
    victim_client, victim, log
):
    make_incident(log, victim, description="Flowers left at the door")
    response = victim_client.post(TIMELINE, {"q": "flowers", "behaviour": "following"})
    assert response.status_code == 302 and response["Location"] == TIMELINE
    page = victim_client.get(TIMELINE).content.decode()
    assert "1 of 1 incident match." in page
    assert "?q=" not in page and "flowers&" not in page
    victim_client.post(reverse("exhibit_list"), {"q": "flowers"})
    # Sessions are rows in the database: the words are sealed there, never in plaintext.
    for session in Session.objects.all():
        stored = str(session.get_decoded()) + session.session_data
        assert "flowers" not in stored.casefold() and "following" not in stored


def test_clear_search_forgets_the_words(victim_client, victim, log):
    make_incident(log, victim, description="one")
    make_incident(log, victim, description="two")
    assert "1 of 2 incidents match." in found(victim_client, "one")
    page = searched(victim_client, TIMELINE, clear="1")
    assert "2 incidents." in page and "Clear search" not in page


def test_the_search_ends_with_the_session(victim_client, victim, log):
    make_incident(log, victim, description="one")
    make_incident(log, victim, description="two")
    assert "1 of 2 incidents match." in found(victim_client, "one")
    victim_client.get(reverse("quick_exit"))
    victim_client.force_login(victim)
    assert "2 incidents." in victim_client.get(TIMELINE).content.decode()


def test_another_users_data_is_never_found(victim_client, victim, log, other_victim):
    theirs = other_victim.log
    person = save_person(
        theirs,
        other_victim,
        name="Quentin Blake",
        identifiers=[{"kind": "phone", "value": "+447700900999"}],
    )
    incident = make_incident(
        theirs, other_victim, description="quentin", people=[person], crime_reference="ZX9"
    )
    with_messages(theirs, other_victim, incident, ["quentin zx9 message"])
    # An incident of hers linked (wrongly, as a crafted row could be) to their person.
    mine = make_incident(log, victim, description="Mine")
    Incident.people.through.objects.create(incident=mine, person=person)
    for words in ("quentin", "07700 900999", "zx9", "message"):
        page = found(victim_client, words)
        assert "0 of 1 incident match." in page, words
        assert "Quentin" not in page


def test_a_caseworker_searches_only_the_shared_log_and_no_words_are_recorded(
    victim, log, other_victim
):
    make_incident(log, victim, description="Parcel left on the step")
    make_incident(other_victim.log, other_victim, description="Parcel of another log")
    caseworker = make_caseworker()
    client = opened_client(make_share(log, caseworker))
    page = searched(client, TIMELINE, q="parcel")
    assert "1 of 1 incident match." in page
    assert "another log" not in page
    page = searched(client, reverse("exhibit_list"), q="parcel")
    events = AccessEvent.objects.filter(log=log, actor=caseworker)
    assert {"searched", "viewed"} <= set(events.values_list("action", flat=True))
    assert not [e for e in events if "parcel" in f"{e.target} {e.detail}".casefold()]


def test_a_victims_search_is_not_her_caseworkers(victim_client, victim, log):
    make_incident(log, victim, description="one")
    make_incident(log, victim, description="two")
    found(victim_client, "one")
    client = opened_client(make_share(log, make_caseworker()))
    assert "2 incidents." in client.get(TIMELINE).content.decode()


def test_the_search_query_count_does_not_grow_with_the_log(
    victim_client, victim, log, django_assert_max_num_queries
):
    def grow(count):
        person = save_person(
            log,
            victim,
            name=f"Person {count}",
            identifiers=[{"kind": "email", "value": f"p{count}@example.com"}],
        )
        make_many(log, victim, count, people=[person])
        incidents = list(Incident.objects.filter(log=log).order_by("-pk")[:count])
        for incident in incidents[:: max(1, count // 5)]:
            with_messages(log, victim, incident, [f"number {n}" for n in range(10)])
            with_messages(log, victim, incident, ["number"], link="messages")

    grow(5)
    searched(victim_client, TIMELINE, q="number 1")
    with CaptureQueriesContext(connection) as small:
        victim_client.get(TIMELINE)
    grow(300)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = victim_client.get(TIMELINE).content.decode()
    assert "message text</p>" in page


def test_evidence_list_search_finds_messages_and_names_what_matched(victim_client, victim, log):
    incident = make_incident(log, victim)
    chat = with_messages(log, victim, incident, ["Outside your work again"])
    mail = with_messages(log, victim, incident, ["Your work address"], kind=Evidence.Kind.EMAIL)
    make_exhibit(log, victim, "holiday.jpg")
    page = searched(victim_client, reverse("exhibit_list"), q="work")
    assert "2 exhibits match" in page
    assert chat.exhibit_ref in page and mail.exhibit_ref in page and "holiday" not in page
    assert "Matched: message text" in page and "Matched: e-mail text" in page
    assert "2 exhibits match" in searched(victim_client, reverse("exhibit_list"), q="wor")
    assert "0 exhibits match" in searched(victim_client, reverse("exhibit_list"), q="ork")


def test_time_to_search_3000_incidents_and_their_messages(victim, log, capsys):
    """Not a timed assertion (machines differ): prints what a search of a large log costs."""
    person = make_person(log, victim, name="Daniel Hart", aliases="Dan")
    rows = [
        {
            "occurred_start": datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=7 * n),
            "description": f"He followed me from the station, time {n}, and shouted at me.",
            "location": "Outside the station" if n % 3 else "",
            "exact_words": f"You can't hide from me {n}" if n % 4 == 0 else "",
            "behaviours": [],
            "people": [person],
        }
        for n in range(3000)
    ]
    record_incidents_in_bulk(log, victim, rows)
    # A chat of 3,000 messages, ten of them turned into each of 300 incidents.
    first = Incident.objects.filter(log=log).order_by("pk").first()
    with_messages(log, victim, first, [f"where are you {n}" for n in range(3000)], link="none")
    messages = list(Message.objects.filter(log=log).order_by("order").values_list("pk", flat=True))
    incidents = Incident.objects.filter(log=log).order_by("pk").values_list("pk", flat=True)
    Incident.messages.through.objects.bulk_create(
        Incident.messages.through(incident_id=pk, message_id=messages[10 * i + j])
        for i, pk in enumerate(incidents[:300])
        for j in range(10)
    )
    timings = {}
    for words in ("station", "zebra", "dan where", "hide 1200"):
        started = time.perf_counter()
        result = selectors.timeline(log, {"q": words})
        timings[words] = (time.perf_counter() - started, result.match_count)
    with capsys.disabled():
        print()
        for words, (seconds, count) in timings.items():
            print(f"search 3000 incidents + 3000 messages for {words!r}: {seconds:.3f}s, {count}")
    assert timings["zebra"][1] == 0 and timings["station"][1] == 3000


def telegram_every_chat_with_notes() -> bytes:
    """Telegram's export of every chat: in the chat "Harbour Crew", a message forwarded from
    Alexandra Pike, a photo and a file sent by Quincy."""
    import json

    entry = {"type": "message", "date": "2024-03-02T21:14:05", "date_unixtime": "1709414045"}
    chats = [
        {"name": "Sam", "type": "personal_chat", "messages": [
            {**entry, "id": 1, "from": "Sam", "text": "Hello"},
        ]},
        {"name": "Harbour Crew", "type": "private_group", "messages": [
            {**entry, "id": 2, "from": "Quincy", "text": "Read this",
             "forwarded_from": "Alexandra Pike"},
            {**entry, "id": 3, "from": "Quincy", "text": "Look", "photo": "photos/dockside_7.jpg"},
            {**entry, "id": 4, "from": "Quincy", "text": "", "file": "files/rota_march.pdf"},
        ]},
    ]  # fmt: skip
    return json.dumps({"about": "export", "chats": {"about": "", "list": chats}}).encode()


def uploaded_telegram(log, user, incident=None):
    from django.utils import translation

    from evidence.services import store_upload
    from tests.evidence.conftest import upload

    attach = {"attach": incident.exhibits.add} if incident else {}
    with translation.override("pl"):  # our notes are said in the reader's language, not hers
        data = telegram_every_chat_with_notes()
        return store_upload(log, user, upload("result.json", data), **attach)


# Each name a Telegram export keeps beside her text (Message.notes, Message.chat) and the
# sender, with what the page says matched.
NAMES_BESIDE_HER_TEXT = [
    ("Alexandra Pike", "message text"),  # forwarded from
    ("dockside_7.jpg", "message text"),  # a photo
    ("rota_march", "message text"),  # a file
    ("Harbour Crew", "message sender"),  # the chat
    ("Quincy", "message sender"),
]


@pytest.mark.parametrize(("words", "matched"), NAMES_BESIDE_HER_TEXT)
def test_a_telegram_exports_forwarded_names_files_and_chat_are_found_in_the_evidence_list(
    victim_client, victim, log, words, matched
):
    evidence = uploaded_telegram(log, victim)
    assert all("Pike" not in m.text and "Crew" not in m.sender for m in evidence.messages.all())
    make_exhibit(log, victim, "holiday.jpg")
    page = searched(victim_client, reverse("exhibit_list"), q=words)
    assert evidence.exhibit_ref in page and "holiday" not in page
    assert f"Matched: {matched}" in page


@pytest.mark.parametrize(("words", "matched"), NAMES_BESIDE_HER_TEXT)
def test_a_telegram_exports_forwarded_names_files_and_chat_are_found_in_the_timeline(
    victim_client, victim, log, plain, words, matched
):
    incident = make_incident(log, victim, description="Messages from the group")
    uploaded_telegram(log, victim, incident)
    page = found(victim_client, words)
    assert "1 of 2 incidents match." in page, words
    assert "Messages from the group" in page and f"Matched: {matched}</p>" in page


def test_our_notes_are_searched_in_the_readers_language(victim, log):
    from tests.incidents.export.test_languages import speaking

    ref = uploaded_telegram(log, victim).exhibit_ref
    make_exhibit(log, victim, "holiday.jpg")
    welsh = searched(speaking(victim, "cy"), reverse("exhibit_list"), q="llun dockside")
    english = searched(speaking(victim, "en-gb"), reverse("exhibit_list"), q="photo dockside")
    assert ref in welsh and "holiday" not in welsh and ref in english


def test_older_rows_with_the_names_in_their_text_and_sender_are_still_found(
    victim_client, victim, log
):
    evidence = uploaded_telegram(log, victim)
    for message in evidence.messages.all():  # as stored before Message.notes and .chat
        message.text = message.shown_text
        if message.chat:
            message.sender = f"{message.sender} (in chat: {message.chat})"
        message.notes, message.chat = None, ""
        message.save()
    for words, matched in NAMES_BESIDE_HER_TEXT:
        page = searched(victim_client, reverse("exhibit_list"), q=words)
        assert evidence.exhibit_ref in page and f"Matched: {matched}" in page, words


def test_her_own_sms_is_found_as_me(victim_client, victim, log):
    from evidence.services import store_upload
    from tests.evidence.conftest import upload

    sms = b"""<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="1">
  <sms protocol="0" address="+447700900123" date="1709413440000" type="2"
    body="Leave it" read="1" contact_name="Sam" />
</smses>
"""
    evidence = store_upload(log, victim, upload("sms-20240303.xml", sms))
    assert evidence.messages.get().outgoing
    page = searched(victim_client, reverse("exhibit_list"), q="me")
    assert evidence.exhibit_ref in page and "Matched: message sender" in page


def test_searching_notes_and_chats_takes_as_many_queries_for_30_messages_as_for_3(
    victim_client, victim, log
):
    from stalklog.core.said import Said

    incident = make_incident(log, victim, description="Group chat")

    def grow(count):
        evidence = make_exhibit(log, victim, f"chat-{count}.jpg")
        rows = []
        for order in range(count):
            message = Message(log=log, evidence=evidence, order=order)
            message.sender, message.text, message.chat = "Quincy", "Hi", "Harbour Crew"
            message.notes = {"forwarded": Said.gettext("forwarded from %(name)s", name="Pike")}
            rows.append(message)
        Message.objects.bulk_create(rows)
        incident.exhibits.add(evidence)

    counts = []
    for count in (3, 27):  # 3, then 30 messages
        grow(count)
        for url in (TIMELINE, reverse("exhibit_list")):
            searched(victim_client, url, q="pike harbour")
            with CaptureQueriesContext(connection) as queries:
                page = victim_client.get(url).content.decode()
            assert "Matched:" in page
            counts.append(len(queries.captured_queries))
    assert counts[:2] == counts[2:], counts
