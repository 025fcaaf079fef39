"""Outlook .msg files are read like .eml: headers, text, attachments as child exhibits."""

from django.urls import reverse

from evidence import sniff
from evidence.models import Evidence
from evidence.services import store_upload
from tests.evidence import files
from tests.evidence.conftest import upload

TRANSPORT_HEADERS = (
    "Received: from mail.example.net (mail.example.net [192.0.2.1]) by mx.example.org\r\n"
    "From: Sam Example <sam@example.net>\r\nTo: Jo <jo@example.org>\r\n"
    "Subject: You can't avoid me\r\nDate: Sat, 02 Mar 2024 21:30:00 +0000\r\n"
    "Message-ID: <outlook-1@example.net>\r\n\r\n"
)


def test_outlook_message_is_detected_from_content():
    assert sniff.detect(files.outlook_msg()[: sniff.HEAD_BYTES]) is sniff.OUTLOOK_MSG


def test_outlook_message_gives_headers_text_and_attachments(victim, victim_client):
    evidence = store_upload(victim.log, victim, upload("message.msg", files.outlook_msg()))
    assert evidence.kind == Evidence.Kind.EMAIL
    assert evidence.metadata["type"] == "Outlook message"
    headers = evidence.metadata["email"]["headers"]
    assert "sam@example.net" in headers["From"]
    assert headers["Subject"] == "You can't avoid me"
    assert evidence.content_date.isoformat() == "2024-03-02T21:30:00+00:00"
    assert "outside the gym" in evidence.metadata["email"]["body"]
    message = evidence.messages.get()
    assert "sam@example.net" in message.sender and "outside the gym" in message.text
    [child] = evidence.children.all()
    assert (child.exhibit_ref, child.original_name) == ("JS/1/1", "outside.jpg")
    assert child.has_preview
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "outside the gym" in page and "You can&#x27;t avoid me" in page


def test_outlook_transport_headers_give_the_delivery_route(victim):
    data = files.outlook_msg(attachments=[], headers=TRANSPORT_HEADERS)
    evidence = store_upload(victim.log, victim, upload("message.msg", data))
    headers = evidence.metadata["email"]["headers"]
    assert headers["Received"] == [
        "from mail.example.net (mail.example.net [192.0.2.1]) by mx.example.org"
    ]
    assert headers["Message-ID"] == "<outlook-1@example.net>"


def test_corrupt_outlook_message_is_kept_with_a_note_saying_why(victim, victim_client):
    data = files.outlook_msg()[:1800]
    evidence = store_upload(victim.log, victim, upload("cut.msg", data))
    assert evidence.size_bytes == 1800
    note = evidence.note_text
    assert note.startswith("Kept as it is, but its contents were not read")
    assert "damaged or incomplete" in note
    assert not evidence.messages.exists()
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "its contents were not read" in page


def test_msg_name_on_an_html_page_is_refused_as_disguised(victim):
    import pytest

    from evidence.services import UploadRejected

    with pytest.raises(UploadRejected, match="cut.msg was not saved: its name ends in .msg"):
        store_upload(victim.log, victim, upload("cut.msg", files.HTML_PAGE))
