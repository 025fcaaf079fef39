"""Files of the shapes victims really have that once lost text or were refused: forwarded
e-mails, blank plain parts, bounces, Android's escaped emoji, iOS chat notices, and
image comments (which can hold an address) carried into previews."""

import io
from datetime import UTC

import pytest
from django.urls import reverse
from PIL import Image

from evidence import sniff
from evidence.models import Call, Evidence
from evidence.parsers.whatsapp import read_chat
from evidence.services import read_preview, read_thumbnail, store_upload
from incidents.export.exhibits import to_export_exhibit
from tests.evidence import corpus, files
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
    assert "1 character in the backup could not be read" in evidence.note_text


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


# Files nobody here wrote, or files in the shapes other tools write (tests/evidence/corpus.py,
# tests/fixtures/realfiles): each failed before the fix beside its test.


def test_photo_time_is_placed_with_the_zone_the_phone_wrote(victim):
    # An iPhone in Nice in July writes 16:05:09 and OffsetTimeOriginal "+02:00": 14:05 UTC,
    # not 15:05 (the same clock read as UK summer time).
    evidence = store_upload(victim.log, victim, upload("IMG_1.JPG", corpus.iphone_portrait_jpeg()))
    assert evidence.content_date.astimezone(UTC).isoformat() == "2024-07-14T14:05:09+00:00"


def test_photo_time_without_a_zone_takes_it_from_the_gps_clock(victim):
    # A Xiaomi phone (a real file, pillow-heif's tests) writes 19:44:18 local and a GPS fix at
    # 16:43:45 UTC: the zone is UTC+3, so the photo was taken at 16:44:18 UTC.
    data = corpus.fixture("pillow_heif-xiaomi.heic")()
    evidence = store_upload(victim.log, victim, upload("xiaomi.heic", data))
    assert evidence.content_date.astimezone(UTC).isoformat() == "2023-04-27T16:44:18+00:00"
    assert evidence.has_gps


def test_a_stale_gps_clock_is_not_taken_for_a_zone(victim):
    # A fix 40 minutes off any whole quarter hour is an old fix, not a zone: UK time is used.
    exif = corpus._exif(
        taken="2024:03:02 21:14:05", gps=(51.5, -0.12), gps_time="2024:03:02 20:34:00"
    )
    data = corpus._save(corpus._scene(64, 48), "JPEG", exif=exif)
    evidence = store_upload(victim.log, victim, upload("old-fix.jpg", data))
    assert evidence.content_date.astimezone(UTC).isoformat() == "2024-03-02T21:14:05+00:00"


@pytest.mark.parametrize(
    ("make", "mime"),
    [
        (corpus.avif_photo, "image/avif"),
        (corpus.tiff_multipage, "image/tiff"),
        (corpus.bmp_screenshot, "image/bmp"),
        (corpus.flac_audio, "audio/flac"),
        (corpus.aac_adts, "audio/aac"),
        (corpus.xlsx_like_zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (corpus.odt_like_zip, "application/vnd.oasis.opendocument.text"),
        (corpus.mbox_three_messages, "application/mbox"),
    ],
)
def test_more_kinds_of_file_are_recognised(make, mime):
    # Before: AVIF passed as an MP4 video, AAC as MP3, and the others as "Unrecognised file".
    assert sniff.detect(make()[: sniff.HEAD_BYTES]).mime == mime


def test_chat_saved_as_utf16_is_a_chat_not_mp3(victim):
    # Notepad's "Unicode" is UTF-16 with FF FE first, which once matched an MP3 frame sync
    # (fixed in sniff by 4dffd0d); read through to its messages here.
    data = corpus.whatsapp_utf16()
    evidence = store_upload(victim.log, victim, upload("WhatsApp Chat with Sam.txt", data))
    assert evidence.kind == Evidence.Kind.MESSAGES
    assert evidence.messages.count() == 5


def test_avif_photo_gets_an_upright_preview_and_its_date(victim):
    evidence = store_upload(victim.log, victim, upload("PXL_1.avif", corpus.avif_photo()))
    assert evidence.kind == Evidence.Kind.PHOTO and evidence.has_preview
    assert evidence.content_date.astimezone(UTC).isoformat() == "2024-05-01T11:30:00+00:00"


def test_arabic_phone_chat_with_eastern_digits_and_direction_marks_is_read():
    chat = (
        "\u200f٢٠\u200f/٤\u200f/٢٠٢٣، ١٠:٣٠ م - \u200fمحمد: \u200fأين أنت ١٢٣\n"
        "\u200f٢١\u200f/٤\u200f/٢٠٢٣، ٩:٠٥ ص - جو: توقف\nسطر ثان\n"
    )
    assert sniff.detect(chat.encode()) is sniff.WHATSAPP_TXT
    first, second = read_chat(chat)
    assert (first.sender, first.text) == ("محمد", "أين أنت ١٢٣")  # her digits stay hers
    assert first.sent_at.isoformat() == "2023-04-20T22:30:00+01:00"
    assert (second.sender, second.text) == ("جو", "توقف\nسطر ثان")
    assert second.sent_at.isoformat() == "2023-04-21T09:05:00+01:00"


def test_chat_lines_behind_a_right_to_left_mark_are_read():
    chat = corpus.WHATSAPP["android-ar-rtl.txt"]
    assert sniff.detect(chat.encode()) is sniff.WHATSAPP_TXT
    assert [(m.sender, m.text) for m in read_chat(chat)] == [
        ("سامي", "لماذا لا تردين"),
        ("جو", "توقف"),
    ]


def test_email_in_undeclared_latin1_keeps_its_accents(victim):
    data = corpus.eml_undeclared_8bit_latin1()
    evidence = store_upload(victim.log, victim, upload("latin1.eml", data))
    assert "Meet me at the café or else." in evidence.messages.get().text


def test_mailbox_file_is_read_into_its_messages(victim, victim_client):
    data = corpus.mbox_three_messages()
    evidence = store_upload(victim.log, victim, upload("Inbox.mbox", data))
    assert evidence.kind == Evidence.Kind.EMAIL
    messages = list(evidence.messages.all())
    assert [m.sent_at.day for m in messages] == [1, 2, 3]
    assert all(m.sender == "Sam <sam@example.net>" for m in messages)
    # mbox's ">From " quoting of a body line is undone; the line is hers.
    assert "\nFrom here on I watch you." in messages[0].text
    assert evidence.content_date.astimezone(UTC).isoformat() == "2024-03-01T21:30:00+00:00"
    page = victim_client.get(reverse("exhibit_messages", args=[evidence.pk])).content.decode()
    assert "From here on I watch you" in page


def test_mailbox_attachments_become_child_exhibits_as_an_emails_do(victim, victim_client):
    data = corpus.mbox_with_attachments()
    evidence = store_upload(victim.log, victim, upload("Takeout.mbox", data))
    children = {child.original_name: child for child in evidence.children.all()}
    assert set(children) == {"outside.jpg", "letter.pdf", "forwarded.eml"}
    assert [child.exhibit_ref for child in evidence.children.order_by("pk")] == [
        f"{evidence.exhibit_ref}/{number}" for number in (1, 2, 3)
    ]
    assert children["outside.jpg"].kind == Evidence.Kind.PHOTO
    assert children["outside.jpg"].has_preview
    # The forwarded message is an e-mail exhibit of its own, read like any .eml.
    forwarded = children["forwarded.eml"]
    assert forwarded.kind == Evidence.Kind.EMAIL
    assert "pub on the high street" in forwarded.messages.get().text
    assert [child.original_name for child in forwarded.children.all()] == ["outside.jpg"]
    assert "attachment_notes" not in evidence.metadata
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "letter.pdf" in page and "outside.jpg" in page


def test_apple_mail_emlx_is_read_as_the_email_inside_it(victim, victim_client):
    data = corpus.emlx_apple_mail()
    evidence = store_upload(victim.log, victim, upload("4711.emlx", data))
    assert evidence.detected_type == "message/x-emlx"
    assert evidence.kind == Evidence.Kind.EMAIL
    headers = evidence.metadata["email"]["headers"]
    assert headers["Subject"] == "I know where you were last night"
    assert headers["Message-ID"] == "<abc123@example.net>"
    # Apple's property list after the message is not part of its text.
    assert "plist" not in evidence.messages.get().text
    assert "plist" not in evidence.metadata["email"]["body"]
    [photo] = evidence.children.all()
    assert photo.original_name == "outside.jpg" and photo.has_preview
    download = victim_client.get(reverse("exhibit_download", args=[evidence.pk]))
    assert download["Content-Disposition"].endswith('.emlx"')


def test_an_emlx_cut_short_keeps_what_arrived(victim):
    whole = corpus.emlx_apple_mail()
    message = whole.split(b"\n", 1)[1]
    cut = whole[: len(whole) - len(message) + 900]  # the count says more than there is
    evidence = store_upload(victim.log, victim, upload("cut.emlx", cut))
    assert evidence.kind == Evidence.Kind.EMAIL
    assert "pub on the high street" in evidence.messages.get().text


def test_a_text_starting_with_a_number_is_not_an_emlx():
    assert sniff.detect(b"12\nshopping: milk, eggs\n") is sniff.TEXT
    assert sniff.detect(b"2024\nFrom: me\n") is sniff.TEXT


def test_pdf_locked_only_against_copying_is_read(victim):
    data = corpus.pdf_encrypted_owner_only()
    evidence = store_upload(victim.log, victim, upload("statement.pdf", data))
    evidence.refresh_from_db()
    assert "Owner-locked text" in evidence.text
    assert "note" not in evidence.metadata


def test_pdf_with_a_password_says_what_to_do(victim):
    data = corpus.pdf_encrypted_user_password()
    evidence = store_upload(victim.log, victim, upload("locked.pdf", data))
    evidence.refresh_from_db()
    assert "protected with a password" in evidence.note_text
    assert "save or print a copy without the password" in evidence.note_text


def test_outlook_message_found_beyond_the_first_bytes_is_stored_as_one(victim):
    # A real Outlook file (hfig/MAPI's tests) whose directory lies past the first 8 KB: the
    # first bytes say only "compound file"; the parser found a message, so it is one.
    data = corpus.fixture("MAPI-sample.msg")()
    assert sniff.detect(data[: sniff.HEAD_BYTES]) is sniff.OLE2
    evidence = store_upload(victim.log, victim, upload("sample.msg", data))
    assert evidence.detected_type == sniff.OUTLOOK_MSG.mime
    assert evidence.kind == Evidence.Kind.EMAIL
    assert evidence.children.count() == 3


def test_telegram_chat_export_is_read_with_exact_times(victim, victim_client):
    # Telegram Desktop's result.json: `date` is the exporting computer's clock, while
    # `date_unixtime` is exact; 1709414045 is 21:14:05 UTC.
    evidence = store_upload(victim.log, victim, upload("result.json", corpus.telegram_json()))
    assert evidence.kind == Evidence.Kind.MESSAGES
    first, second = evidence.messages.all()
    assert (first.sender, first.text) == ("Sam", "Answer me")
    assert first.sent_at.astimezone(UTC).isoformat() == "2024-03-02T21:14:05+00:00"
    assert second.text == "I can see your car"  # formatted pieces joined
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "Telegram chat export" in page


def test_telegram_export_of_every_chat_names_the_chat_and_leaves_out_service_entries():
    from evidence.parsers.telegram import read_telegram

    messages = read_telegram(corpus.telegram_all_chats())
    # "[photo: …]" is ours: a note beside her text, said in the reader's language.
    assert [m.attached for m in messages] == [
        [{"said": "photo: %(name)s", "values": {"name": "photos/photo_1@02-03-2024_21-14-05.jpg"}}],
        [],
        [],
    ]
    assert [(m.sender, m.text) for m in messages] == [
        ("Sam", "Pick up"),
        ("Sam (new number)", "It's me"),
        ("Jo", "Stop"),
    ]
    # Which chat is kept apart, said with the name in the reader's language when shown.
    assert [m.chat for m in messages] == ["", "", "Sam (new number)"]


def test_json_that_is_not_a_chat_is_kept_as_text(victim):
    data = b'{"messages": [], "from": "nobody"}'
    evidence = store_upload(victim.log, victim, upload("notes.json", data))
    assert evidence.kind == Evidence.Kind.DOCUMENT
    assert not evidence.messages.exists()


def test_call_log_saved_as_csv_becomes_calls(victim):
    # Before: kept as plain text, its calls never read, nothing to turn into incidents.
    evidence = store_upload(victim.log, victim, upload("calls.csv", corpus.csv_call_log()))
    evidence.refresh_from_db()
    assert evidence.kind == Evidence.Kind.CALLS and evidence.reading == "done"
    calls = list(Call.objects.filter(evidence=evidence).order_by("order"))
    assert [(c.direction, c.duration_seconds) for c in calls] == [
        ("missed", 0),
        ("missed", 0),
        ("incoming", 125),
    ]
    assert calls[0].started_at.astimezone(UTC).isoformat() == "2024-03-02T21:02:11+00:00"
    assert calls[2].contact_name == "Mum"
    assert evidence.metadata["calls"]["numbers"][0]["count"] == 2


def test_csv_call_log_from_excel_with_semicolons_and_clock_durations(victim):
    data = corpus.csv_call_log_excel_semicolons()
    evidence = store_upload(victim.log, victim, upload("Call History.csv", data))
    calls = list(Call.objects.filter(evidence=evidence).order_by("order"))
    # In time order: the outgoing call's own zone puts it first (20:30 UTC).
    assert [(c.direction, c.duration_seconds, c.contact_name) for c in calls] == [
        ("outgoing", 125, "Zoë"),
        ("incoming", 0, ""),
        ("missed", 0, ""),
    ]
    assert calls[0].started_at.astimezone(UTC).isoformat() == "2024-03-02T20:30:00+00:00"


def test_csv_of_text_messages_is_not_taken_for_a_call_log():
    data = b"Date,Number,Message\n02/03/2024 21:02,07700900123,hi\n"
    assert sniff.detect(data) is sniff.TEXT


def test_csv_call_log_dates_follow_the_files_order():
    from evidence.parsers.calls_csv import read_csv_calls

    us = (
        b"Number,Date,Type\n07700900123,3/14/2024 9:05 PM,Missed\n07700900123,3/2/2024 9:00 AM,in\n"
    )
    calls, notes = read_csv_calls(us)
    assert [c.started_at.strftime("%d %b %H:%M") for c in calls] == ["02 Mar 09:00", "14 Mar 21:05"]
    assert notes == []
    undated, notes = read_csv_calls(b"Number,Date\n07700900123,yesterday\n")
    assert undated[0].started_at is None and "could not be read" in str(notes[0])


def test_telegram_html_export_is_read_for_its_messages_and_never_shown(victim, victim_client):
    # Telegram Desktop exports HTML by default; it was kept as an HTML page, unread.
    data = corpus.telegram_html()
    evidence = store_upload(victim.log, victim, upload("messages.html", data))
    assert evidence.kind == Evidence.Kind.MESSAGES
    assert evidence.detected_type == "text/html"  # still active content: downloads as .bin
    first, joined, reply = evidence.messages.all()
    assert (first.sender, first.text) == ("Sam", "Answer me\nnow & I mean now")
    assert first.sent_at.astimezone(UTC).isoformat() == "2024-03-02T21:14:05+00:00"
    # A "joined" message repeats no name: it is the previous sender's.
    assert joined.sender == "Sam" and "[file: photos/photo_1@" in joined.shown_text
    assert "photos/photo_1@" not in joined.text  # the note is ours, kept beside her words
    assert reply.sender == "Jo"
    assert reply.sent_at.astimezone(UTC).isoformat() == "2024-03-03T07:00:00+00:00"
    response = victim_client.get(reverse("exhibit_download", args=[evidence.pk]))
    assert response["Content-Disposition"].endswith('.bin"')


def test_other_html_is_kept_unread():
    from evidence.parsers.base import Analysis
    from evidence.parsers.telegram_html import parse_telegram_html

    analysis = Analysis(kind="document")
    parse_telegram_html(files.HTML_PAGE, analysis)
    assert analysis.messages == [] and analysis.kind == "document"


@pytest.mark.parametrize(
    ("name", "offered"),
    [
        ("Screenshot_20240302-211405_WhatsApp.jpg", "2024-03-02T21:14"),  # Android
        ("Screenshot 2024-03-02 at 21.14.05.png", "2024-03-02T21:14"),  # macOS
        ("Screen Shot 2024-03-02 at 9.14.05 PM.png", "2024-03-02T21:14"),  # older macOS
        ("Screenshot 2024-03-02 211405.png", "2024-03-02T21:14"),  # Windows
        ("WhatsApp Image 2024-03-02 at 21.14.05.jpeg", "2024-03-02T21:14"),
        ("IMG-20240302-WA0001.jpg", "2024-03-02"),  # WhatsApp media: the day only
        ("PXL_20240702_201405123.jpg", "2024-07-02T21:14"),  # Pixel names in UTC
        ("IMG_1234.JPG", None),
        ("scan 20241399.png", None),
    ],
)
def test_the_time_a_file_is_named_after_is_read(name, offered):
    from evidence.suggestions import date_from_name

    found = date_from_name(name)
    assert (found or {}).get("value") == offered


def test_a_screenshot_with_no_date_inside_is_offered_the_date_in_its_name(victim, victim_client):
    # A screenshot has no EXIF: the time the phone named it after was all that said when,
    # and nothing offered it.
    name = "Screenshot_20240302-211405_WhatsApp.png"
    evidence = store_upload(victim.log, victim, upload(name, files.png_screenshot()))
    assert evidence.content_date is None
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "When its name says it was made" in page
    edit = reverse("exhibit_edit", args=[evidence.pk]) + "?content_date=2024-03-02T21%3A14"
    assert edit in page.replace("&amp;", "&")
    form = victim_client.get(edit).content.decode()
    assert 'value="2024-03-02T21:14"' in form


def test_no_name_date_is_offered_when_the_file_has_its_own(victim, victim_client):
    evidence = store_upload(victim.log, victim, upload("IMG_20240101_000000.jpg", files.jpeg()))
    assert evidence.content_date is not None  # from EXIF
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "When its name says it was made" not in page


def test_exif_date_written_with_dashes_is_read(victim):
    # Some editors and apps write "2024-03-02 21:14:05" where EXIF says colons; it was lost.
    exif = corpus._exif(taken="2024-03-02 21:14:05")
    data = corpus._save(corpus._scene(64, 48), "JPEG", exif=exif)
    evidence = store_upload(victim.log, victim, upload("edited.jpg", data))
    assert evidence.content_date.astimezone(UTC).isoformat() == "2024-03-02T21:14:05+00:00"


def test_encrypted_email_says_why_its_text_is_missing(victim):
    # An S/MIME (or PGP) e-mail showed headers and an empty body, with no word on why.
    evidence = store_upload(victim.log, victim, upload("private.eml", corpus.eml_smime_encrypted()))
    assert "Its text is encrypted (S/MIME or PGP)" in evidence.note_text
    assert evidence.metadata["email"]["headers"]["Subject"] == "private"


def test_telegram_export_folder_zipped_is_read_page_by_page_with_its_photo(victim):
    # Zipped to upload it, the folder was kept as a ZIP archive, unread.
    evidence = store_upload(victim.log, victim, upload("export.zip", corpus.telegram_export_zip()))
    assert evidence.kind == Evidence.Kind.MESSAGES
    texts = [m.text for m in evidence.messages.all()]
    assert texts[0].startswith("Answer me") and texts[3].startswith("Second page")
    # Its photo is a child exhibit; Telegram's own css, js and icons are not evidence.
    [photo] = evidence.children.all()
    assert photo.original_name == "photo_1@02-03-2024_21-15-00.jpg"
    assert photo.kind == Evidence.Kind.PHOTO
