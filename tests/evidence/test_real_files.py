"""Files of the shapes victims really have that once lost text or were refused: forwarded
e-mails, blank plain parts, bounces, Android's escaped emoji, iOS chat notices, and
image comments (which can hold an address) carried into previews."""

import io

from django.urls import reverse
from PIL import Image

from evidence.models import Evidence
from evidence.parsers.whatsapp import read_chat
from evidence.services import read_preview, read_thumbnail, store_upload
from incidents.export.exhibits import to_export_exhibit
from tests.evidence import files
from tests.evidence.conftest import upload


def test_email_forwarded_as_a_whole_message_keeps_the_original(victim, victim_client):
    evidence = store_upload(victim.log, victim, upload("fwd.eml", files.eml_forwarded_whole()))
    [forwarded] = evidence.metadata["email"]["forwarded"]
    assert forwarded["headers"]["From"] == "Sam Example <sam@example.net>"
    assert "saw her at the station" in forwarded["text"]
    [message] = evidence.messages.all()
    assert message.sender == "Sam Example <sam@example.net>"
    assert message.sent_at.isoformat() == "2024-03-01T23:10:00+00:00"
    assert "saw her at the station" in message.text
    [child] = evidence.children.all()
    assert child.kind == Evidence.Kind.EMAIL
    assert child.original_name == "Tell her I'm watching.eml"
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "Forwarded message" in page and "saw her at the station" in page
    evidence.log = victim.log
    assert "saw her at the station" in to_export_exhibit(evidence).text


def test_forwarded_attachment_beside_a_covering_note_is_a_message_too(victim):
    from email.message import EmailMessage

    cover = EmailMessage()
    cover["From"], cover["Subject"] = "friend@example.org", "see below"
    cover["Date"] = "Sat, 02 Mar 2024 08:00:00 +0000"
    cover.set_content("He sent this to me.\n")
    cover.add_attachment(files._forwarded_original())
    evidence = store_upload(victim.log, victim, upload("cover.eml", cover.as_bytes()))
    senders = [m.sender for m in evidence.messages.all()]
    assert senders == ["friend@example.org", "Sam Example <sam@example.net>"]
    assert evidence.children.get().original_name.endswith(".eml")


def test_blank_plain_part_gives_way_to_the_html_text(victim, victim_client):
    evidence = store_upload(victim.log, victim, upload("m.eml", files.eml_blank_plain_with_html()))
    assert evidence.metadata["email"]["body"] == ""
    assert "outside your work at five" in evidence.metadata["email"]["html_text"]
    assert "outside your work at five" in evidence.messages.get().text
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "outside your work at five" in page


def test_delivery_report_keeps_its_status_part_as_a_text_child(victim):
    evidence = store_upload(victim.log, victim, upload("bounce.eml", files.eml_delivery_report()))
    assert "attachment_notes" not in evidence.metadata
    children = {child.original_name: child for child in evidence.children.all()}
    assert set(children) == {"delivery-status.txt", "returned-headers.txt"}
    status = children["delivery-status.txt"]
    assert status.size_bytes > 0 and status.detected_type == "text/plain"
    assert "could not be delivered" in evidence.messages.get().text


def test_sms_backup_with_emoji_as_surrogate_pairs_is_read(victim):
    data = files.sms_xml_with_surrogate_pairs()
    evidence = store_upload(victim.log, victim, upload("sms-20240303.xml", data))
    first, second = evidence.messages.all()
    assert first.text == "You think you can ignore me \U0001f621\U0001f621"
    assert second.text == "Last chance \U0001f52a half \ufffd gone"
    # The one lone half is named, so she knows what was not read.
    assert "1 character in the backup could not be read" in evidence.metadata["note"]


def test_ios_whatsapp_encryption_notice_is_not_a_message_from_the_contact():
    messages = read_chat(files.IOS_WHATSAPP_CHAT)
    assert [(m.sender, m.text) for m in messages] == [
        ("Sam", "Why aren't you answering"),
        ("Jo", "Please stop contacting me"),
    ]


def test_ios_whatsapp_notice_is_not_counted_once_stored(victim):
    data = files.IOS_WHATSAPP_CHAT.encode()
    evidence = store_upload(victim.log, victim, upload("_chat.txt", data))
    assert evidence.metadata["chat"]["messages"] == 2


def _no_comment(data: bytes):
    image = Image.open(io.BytesIO(data))
    assert "comment" not in image.info and "Comment" not in image.info
    assert b"Acacia" not in data


def test_jpeg_comment_is_not_copied_into_preview_or_thumbnail(victim):
    evidence = store_upload(victim.log, victim, upload("p.jpg", files.jpeg_with_comment()))
    _no_comment(read_preview(evidence))
    _no_comment(read_thumbnail(evidence))


def test_png_text_comment_is_not_copied_into_preview_or_thumbnail(victim):
    evidence = store_upload(victim.log, victim, upload("s.png", files.png_with_comment()))
    _no_comment(read_preview(evidence))
    _no_comment(read_thumbnail(evidence))
