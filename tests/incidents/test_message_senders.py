"""Who sent a message, said in the reader's language (issue 21: our words are said when
shown, never frozen at upload in the uploader's language). An SMS backup's own messages are
stored as outgoing with no sender and said as "Me"; a nameless one as "Unknown sender". Older
rows stored the English words and keep showing them."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from evidence.models import Message
from evidence.services import store_upload
from incidents.models import Behaviour, Incident
from tests.evidence.conftest import upload
from tests.incidents.export.conftest import (
    pdf_text,
    rich_log,  # noqa: F401 (a fixture)
)
from tests.incidents.export.test_languages import made_pdf, speaking

SMS = b"""<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="3">
  <sms protocol="0" address="+447700900123" date="1709413380000" type="1"
    body="Answer your phone" read="1" contact_name="Sam" />
  <sms protocol="0" address="+447700900123" date="1709413440000" type="2"
    body="Leave me alone" read="1" contact_name="Sam" />
  <sms protocol="0" address="" date="1709413500000" type="1"
    body="You can't hide" read="1" contact_name="(Unknown)" />
</smses>
"""


def uploaded_in_polish(log, user, data=SMS, **kwargs):
    with translation.override("pl"):
        return store_upload(log, user, upload("sms-20240303.xml", data), **kwargs)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_her_own_and_a_nameless_sms_store_no_words(victim):
    evidence = uploaded_in_polish(victim.log, victim)
    stored = [(m.sender, m.outgoing) for m in evidence.messages.all()]
    assert stored == [("Sam (+447700900123)", False), ("", True), ("", False)]


@pytest.mark.parametrize(
    ("code", "mine", "unknown"),
    [("cy", "Fi", "Anfonwr anhysbys"), ("en-gb", "Me", "Unknown sender"), ("pl", "Ja", None)],
)
def test_the_messages_page_says_who_in_the_readers_language(victim, code, mine, unknown):
    unknown = unknown or "Nieznany nadawca"
    evidence = uploaded_in_polish(victim.log, victim)
    client = speaking(victim, code)
    url = reverse("exhibit_messages", args=[evidence.pk])
    shown = page(client, url)
    mine_item = shown.split("Leave me alone")[0].rsplit("<li", 1)[1]
    assert "chat-mine" in mine_item and f"<strong>{mine}</strong>" in mine_item
    assert f"<strong>{unknown}</strong>" in shown
    assert shown.count("chat-mine") == 1
    # The filter offers her own messages and the nameless ones, in her words.
    assert f">{mine}</option>" in shown and f">{unknown}</option>" in shown
    client.post(url, {"sender": "\x1e", "show_sender": "1"})
    shown = page(client, url)
    assert "Leave me alone" in shown and "Answer your phone" not in shown
    assert "You can't hide" not in shown
    client.post(url, {"sender": "\x1f", "show_sender": "1"})
    shown = page(client, url)
    assert "You can't hide" in shown and "Leave me alone" not in shown


def test_an_older_sms_row_stored_with_me_shows_as_it_did(victim):
    evidence = uploaded_in_polish(victim.log, victim)
    Message.objects.filter(evidence=evidence).update(outgoing=False)
    for message, words in zip(evidence.messages.all(), ["Sam", "Me", "Unknown"], strict=True):
        message.sender = words
        message.save()
    shown = page(speaking(victim, "cy"), reverse("exhibit_messages", args=[evidence.pk]))
    mine_item = shown.split("Leave me alone")[0].rsplit("<li", 1)[1]
    assert "chat-mine" in mine_item and "<strong>Me</strong>" in mine_item
    assert "<strong>Unknown</strong>" in shown and "Fi" not in shown.split("<ol")[1]


def test_the_messages_page_makes_the_same_queries_however_many_messages(victim):
    client = speaking(victim, "cy")
    few = uploaded_in_polish(victim.log, victim)
    body = SMS.split(b'<smses count="3">')[1].split(b"</smses>")[0]
    more = uploaded_in_polish(victim.log, victim, data=SMS.replace(body, body * 4))
    assert more.messages.count() == 4 * few.messages.count()
    page(client, reverse("exhibit_messages", args=[few.pk]))  # the session's first page
    counted = []
    for evidence in (few, more):
        with CaptureQueriesContext(connection) as queries:
            page(client, reverse("exhibit_messages", args=[evidence.pk]))
        counted.append(len(queries))
    assert counted[0] == counted[1], counted


def test_the_police_document_says_who_in_its_language(rich_log, victim):  # noqa: F811
    incident = Incident.objects.get(log=rich_log, sequence_no=1)
    uploaded_in_polish(rich_log, victim, attach=incident.exhibits.add)
    client = speaking(victim, "pl")
    text = " ".join(pdf_text(made_pdf(client, rich_log)[0]).split())
    assert "Me: Leave me alone" in text and "Unknown sender: You can" in text
    assert "Ja:" not in text and "Nieznany" not in text
    text = " ".join(pdf_text(made_pdf(client, rich_log, language="cy")[0]).split())
    assert "Fi: Leave me alone" in text and "Anfonwr anhysbys: You can" in text


def test_an_incident_from_her_own_messages_names_her_in_the_readers_language(victim):
    evidence = uploaded_in_polish(victim.log, victim)
    client = speaking(victim, "pl")
    contacting = Behaviour.objects.get(code="contacting")
    ticked = [m.pk for m in evidence.messages.all()]
    url = reverse("exhibit_messages", args=[evidence.pk])
    response = client.post(url, {"message": ticked, "behaviours": [contacting.pk]})
    assert response.status_code == 302
    incident = Incident.objects.get(log=victim.log)
    welsh = page(speaking(victim, "cy"), reverse("incident_detail", args=[incident.pk]))
    assert "Sam (+447700900123), Fi, Anfonwr anhysbys" in welsh
    english = page(speaking(victim, "en-gb"), reverse("incident_detail", args=[incident.pk]))
    assert "Sam (+447700900123), Me, Unknown sender" in english


def telegram_with_notes():
    import json

    entry = {"type": "message", "date": "2024-03-02T21:14:05", "date_unixtime": "1709414045"}
    return json.dumps(
        {
            "name": "Sam",
            "type": "personal_chat",
            "messages": [
                {**entry, "id": 1, "from": "Sam", "text": "Look", "photo": "photos/p1.jpg"},
                {**entry, "id": 2, "from": "Sam", "text": "See", "forwarded_from": "Alex"},
            ],
        }
    ).encode()


def test_our_notes_are_kept_beside_her_text_and_said_in_the_readers_language(victim):
    with translation.override("pl"):
        evidence = store_upload(victim.log, victim, upload("result.json", telegram_with_notes()))
    photo, forwarded = evidence.messages.all()
    assert (photo.text, forwarded.text) == ("Look", "See")  # her words only
    url = reverse("exhibit_messages", args=[evidence.pk])
    welsh = page(speaking(victim, "cy"), url)
    assert "Look<br>[llun: photos/p1.jpg]" in welsh
    assert "[wedi'i hanfon ymlaen gan Alex]<br>See" in welsh
    english = page(speaking(victim, "en-gb"), url)
    assert "Look<br>[photo: photos/p1.jpg]" in english
    assert "[forwarded from Alex]<br>See" in english


def test_the_police_document_says_our_notes_in_its_language(rich_log, victim):  # noqa: F811
    incident = Incident.objects.get(log=rich_log, sequence_no=1)
    with translation.override("pl"):
        store_upload(
            rich_log,
            victim,
            upload("result.json", telegram_with_notes()),
            attach=incident.exhibits.add,
        )
    client = speaking(victim, "pl")
    text = " ".join(pdf_text(made_pdf(client, rich_log)[0]).split())
    assert "Look [photo: photos/p1.jpg]" in text and "[forwarded from Alex] See" in text
    assert "zdjęcie" not in text
    text = " ".join(pdf_text(made_pdf(client, rich_log, language="cy")[0]).split())
    assert "Look [llun: photos/p1.jpg]" in text


def test_an_older_message_with_its_notes_in_its_text_shows_as_it_did(victim):
    with translation.override("pl"):
        evidence = store_upload(victim.log, victim, upload("result.json", telegram_with_notes()))
    message = evidence.messages.get(order=1)
    message.text, message.notes = "Look\n[photo: photos/p1.jpg]", None
    message.save()
    welsh = page(speaking(victim, "cy"), reverse("exhibit_messages", args=[evidence.pk]))
    assert "Look<br>[photo: photos/p1.jpg]" in welsh


def test_the_chat_of_an_export_of_every_chat_is_said_in_the_readers_language(victim):
    from tests.evidence import corpus

    with translation.override("pl"):
        data = corpus.telegram_all_chats()
        evidence = store_upload(victim.log, victim, upload("result.json", data))
    jo = evidence.messages.get(order=3)
    assert (jo.sender, jo.chat) == ("Jo", "Sam (new number)")
    url = reverse("exhibit_messages", args=[evidence.pk])
    client = speaking(victim, "cy")
    welsh = page(client, url)
    assert "<strong>Jo (yn y sgwrs: Sam (new number))</strong>" in welsh
    assert ">Jo (yn y sgwrs: Sam (new number))</option>" in welsh
    client.post(url, {"sender": "Jo\x1dSam (new number)", "show_sender": "1"})
    welsh = page(client, url)
    assert "Stop" in welsh and "It's me" not in welsh
    english = page(speaking(victim, "en-gb"), url)
    assert "<strong>Jo (in chat: Sam (new number))</strong>" in english


def test_the_police_document_names_the_chat_in_its_language(rich_log, victim):  # noqa: F811
    from tests.evidence import corpus

    incident = Incident.objects.get(log=rich_log, sequence_no=1)
    with translation.override("pl"):
        data = corpus.telegram_all_chats()
        store_upload(rich_log, victim, upload("result.json", data), attach=incident.exhibits.add)
    client = speaking(victim, "pl")
    text = " ".join(pdf_text(made_pdf(client, rich_log)[0]).split())
    assert "Jo (in chat: Sam (new number)): Stop" in text
    text = " ".join(pdf_text(made_pdf(client, rich_log, language="cy")[0]).split())
    assert "Jo (yn y sgwrs: Sam (new number)): Stop" in text


def test_an_older_message_with_its_chat_in_its_sender_shows_as_it_did(victim):
    from tests.evidence import corpus

    evidence = store_upload(victim.log, victim, upload("result.json", corpus.telegram_all_chats()))
    jo = evidence.messages.get(order=3)
    jo.sender, jo.chat = "Jo (in chat: Sam (new number))", ""
    jo.save()
    welsh = page(speaking(victim, "cy"), reverse("exhibit_messages", args=[evidence.pk]))
    assert "<strong>Jo (in chat: Sam (new number))</strong>" in welsh
