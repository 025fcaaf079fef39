import hashlib
import io
import zipfile
from email import message_from_bytes, policy
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from evidence.models import Evidence, Message
from evidence.services import UploadRejected, open_original, read_preview, store_upload
from stalklog.casefile.models import AccessEvent
from tests.evidence import files
from tests.evidence.conftest import upload


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def test_upload_is_numbered_hashed_and_typed_from_content(victim):
    data = files.jpeg()
    evidence = store_upload(victim.log, victim, upload("IMG_0001.jpg", data))
    assert evidence.exhibit_ref == "JS/1"
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.size_bytes == len(data)
    assert evidence.detected_type == "image/jpeg"
    assert evidence.kind == Evidence.Kind.PHOTO


def test_exhibit_numbers_are_never_reused_after_a_failed_upload(victim):
    store_upload(victim.log, victim, upload("a.jpg", files.jpeg()))
    with pytest.raises(UploadRejected):
        store_upload(victim.log, victim, upload("b.jpg", files.jpeg()[:200]))
    third = store_upload(victim.log, victim, upload("c.jpg", files.jpeg()))
    assert third.exhibit_ref in {"JS/2", "JS/3"}
    assert Evidence.objects.filter(exhibit_ref="JS/2").count() + (third.exhibit_ref == "JS/3") == 1


def test_stored_blob_never_contains_the_plaintext(victim, private_storage):
    data = b"The exact words he sent: I will find you. " * 200
    store_upload(victim.log, victim, upload("note.txt", data))
    [blob] = stored_files(private_storage)
    stored = blob.read_bytes()
    assert b"I will find you" not in stored
    assert data[:32] not in stored
    assert "originals" in str(blob)


def test_original_decrypts_to_the_exact_bytes_uploaded(victim):
    data = files.jpeg() + b"trailing bytes are evidence too"
    evidence = store_upload(victim.log, victim, upload("p.jpg", data))
    evidence = Evidence.objects.get(pk=evidence.pk)
    assert b"".join(open_original(evidence)) == data


def test_photo_exif_is_read_and_gps_is_flagged(victim):
    evidence = store_upload(victim.log, victim, upload("p.jpg", files.jpeg()))
    exif = evidence.metadata["exif"]
    assert exif["device"] == "Apple iPhone 13"
    assert exif["date_taken"] == "2024:03:02 21:14:05"
    assert evidence.has_gps
    assert evidence.metadata["gps"]["latitude"] == pytest.approx(51.5007, abs=1e-3)
    assert evidence.metadata["gps"]["longitude"] == pytest.approx(-0.1246, abs=1e-3)
    assert evidence.content_date.year == 2024


def test_preview_is_upright_and_has_no_metadata(victim):
    data = files.jpeg(640, 480, orientation=files.ORIENTATION_ROTATE_90)
    evidence = store_upload(victim.log, victim, upload("p.jpg", data))
    preview = read_preview(evidence)
    assert hashlib.sha256(preview).hexdigest() == evidence.preview_sha256
    image = Image.open(io.BytesIO(preview))
    assert image.size == (480, 640)
    assert not image.getexif()
    assert b"iPhone" not in preview and b"Exif" not in preview


def test_png_screenshot_gets_a_preview_and_is_a_screenshot(victim):
    evidence = store_upload(victim.log, victim, upload("Screenshot.png", files.png_screenshot()))
    assert evidence.kind == Evidence.Kind.SCREENSHOT
    assert Image.open(io.BytesIO(read_preview(evidence))).format == "JPEG"


def test_email_headers_body_and_attachment_as_child_exhibit(victim):
    store_upload(victim.log, victim, upload("first.jpg", files.jpeg()))
    evidence = store_upload(victim.log, victim, upload("message.eml", files.eml_with_attachment()))
    headers = evidence.metadata["email"]["headers"]
    assert headers["From"] == "Sam Example <sam@example.net>"
    assert headers["Message-ID"] == "<abc123@example.net>"
    assert len(headers["Received"]) == 2
    assert "pub on the high street" in evidence.metadata["email"]["body"]
    html_text = evidence.metadata["email"]["html_text"]
    assert "pub" in html_text and "alert" not in html_text and "<" not in html_text
    [child] = evidence.children.all()
    assert child.exhibit_ref == "JS/2/1"
    assert child.original_name == "outside.jpg"
    assert child.has_preview


def test_whatsapp_export_becomes_messages(victim):
    evidence = store_upload(victim.log, victim, upload("WhatsApp Chat.txt", files.whatsapp_txt()))
    messages = list(Message.objects.filter(evidence=evidence))
    assert [m.sender for m in messages] == ["Sam", "Sam", "Jo", "Sam", "Sam"]
    assert messages[3].text == "Good morning. Nice coat yesterday\nthat red one"
    first = messages[0].sent_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/London"))
    assert (first.day, first.month, first.hour, first.minute) == (2, 3, 21, 3)


def test_whatsapp_zip_keeps_media_as_child_exhibits(victim):
    evidence = store_upload(victim.log, victim, upload("chat.zip", files.whatsapp_zip()))
    assert evidence.kind == Evidence.Kind.MESSAGES
    assert evidence.messages.count() == 5
    [media] = evidence.children.all()
    assert media.original_name == "00000012-PHOTO-2024-03-13.jpg"
    assert media.exhibit_ref == "JS/1/1"


def test_sms_backup_becomes_messages_with_direction(victim):
    evidence = store_upload(victim.log, victim, upload("sms-20240303.xml", files.sms_xml()))
    stored = [(m.sender, m.outgoing) for m in evidence.messages.all()]
    # Her own message stores no words ("Me" is said in each reader's language when shown).
    assert stored == [("Sam (+447700900123)", False), ("", True), ("+447700900999", False)]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.jpg", b"", "empty"),
        ("cut.jpg", files.jpeg()[:400], "damaged"),
        ("half.jpg", files.jpeg()[:5000], "damaged or incomplete"),
        ("bomb.png", files.decompression_bomb(), "decompression bomb"),
        ("large.png", files.decompression_bomb(10000, 8000), "megapixels"),
        ("holiday.jpg", files.HTML_PAGE, "content is a HTML page"),
        ("bomb.zip", files.zip_bomb(), "zip bomb"),
        ("escape.zip", files.traversal_zip(), "points outside the archive"),
        ("sms.xml", b"<?xml version='1.0'?><smses><sms body='x'", "damaged"),
    ],
)
def test_bad_file_is_refused_with_its_name_and_reason(victim, private_storage, name, data, reason):
    with pytest.raises(UploadRejected) as refused:
        store_upload(victim.log, victim, upload(name, data))
    assert str(refused.value).startswith(f"{name} was not saved:")
    assert reason in str(refused.value)
    assert not Evidence.objects.exists()
    assert not stored_files(private_storage)


def test_oversized_file_is_refused(victim, settings, private_storage):
    settings.STALKLOG_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(UploadRejected, match="larger than the 1000"):
        store_upload(victim.log, victim, upload("big.bin", b"x" * 5000))
    assert not stored_files(private_storage)


def test_failure_while_writing_leaves_no_blob_and_no_row(victim, private_storage):
    real_save = default_storage.save
    calls = []

    def failing_save(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 2:  # the original is written, then the preview write fails
            raise OSError("disk full")
        return real_save(name, content, **kwargs)

    with (
        mock.patch.object(default_storage, "save", failing_save),
        pytest.raises(OSError, match="disk full"),
    ):
        store_upload(victim.log, victim, upload("p.jpg", files.jpeg()))
    assert len(calls) == 2
    assert not Evidence.objects.exists()
    assert not stored_files(private_storage)


def test_polyglot_preview_carries_nothing_but_pixels(victim):
    evidence = store_upload(victim.log, victim, upload("p.jpg", files.polyglot()))
    assert evidence.detected_type == "image/jpeg"
    assert b"<script" not in read_preview(evidence)


def test_svg_with_script_is_kept_inert_without_preview(victim):
    evidence = store_upload(victim.log, victim, upload("logo.svg", files.SVG_WITH_SCRIPT))
    assert evidence.detected_type == "image/svg+xml"
    assert not evidence.has_preview


def test_upload_writes_an_access_event(victim):
    evidence = store_upload(victim.log, victim, upload("p.jpg", files.jpeg()))
    event = AccessEvent.objects.get(log=victim.log)
    assert event.action == "uploaded"
    assert event.target == f"exhibit {evidence.exhibit_ref}"


def test_heic_photo_gets_a_jpeg_preview(victim):
    evidence = store_upload(victim.log, victim, upload("IMG_0001.HEIC", files.heic()))
    assert evidence.detected_type == "image/heic"
    assert Image.open(io.BytesIO(read_preview(evidence))).size == (64, 48)


def test_path_in_a_file_name_is_only_a_label(victim, private_storage, tmp_path):
    evidence = store_upload(victim.log, victim, upload("../../../../tmp/evil.txt", b"hello"))
    assert evidence.original_name == "evil.txt"
    [blob] = stored_files(private_storage)
    assert blob.parent.name == "originals"
    assert blob.parent.parent.parent.name == "logs"


def test_email_attachment_that_cannot_be_read_is_kept_with_a_note(victim):
    evidence = store_upload(
        victim.log, victim, upload("m.eml", files.eml_with_attachment(photo=files.jpeg()[:900]))
    )
    [child] = evidence.children.all()
    assert child.note_text.startswith("Not readable:")
    assert not child.has_preview


def test_plain_png_is_a_screenshot_with_its_size(victim):
    screenshot = store_upload(victim.log, victim, upload("s.png", files.png_screenshot()))
    assert screenshot.kind == Evidence.Kind.SCREENSHOT
    assert screenshot.metadata["image"] == {"width": 390, "height": 844}


def test_archives_inside_archives_are_kept_but_not_opened(victim):
    inner = files.whatsapp_zip()
    outer = files.whatsapp_zip(extra=[("nested.zip", inner)])
    evidence = store_upload(victim.log, victim, upload("chat.zip", outer))
    nested = evidence.children.get(detected_type="application/zip")
    assert not nested.children.exists()
    assert "not opened" in nested.note_text
    assert Evidence.objects.count() == 3  # the export, its photo, the nested zip


def test_email_attached_to_an_email_is_read_one_level_deep(victim):
    forwarded = files.eml_with_attachment()
    outer = files.eml_with_attachment()
    message = message_from_bytes(outer, policy=policy.default)
    message.add_attachment(message_from_bytes(forwarded, policy=policy.default))
    evidence = store_upload(victim.log, victim, upload("outer.eml", message.as_bytes()))
    inner = evidence.children.get(detected_type="message/rfc822")
    assert inner.metadata["email"]["headers"]["Subject"] == "I know where you were last night"
    assert inner.children.count() == 1  # its photo is kept
    [photo] = inner.children.all()
    assert photo.exhibit_ref.count("/") == 3  # JS/1/2/1


def test_mms_picture_in_an_sms_backup_becomes_a_child_exhibit(victim):
    evidence = store_upload(victim.log, victim, upload("sms.xml", files.sms_xml_with_picture()))
    [message] = evidence.messages.all()
    assert message.text == "Look who I saw"
    assert message.shown_text == "Look who I saw\n[picture: IMG_9.jpg]"
    [picture] = evidence.children.all()
    assert (picture.exhibit_ref, picture.original_name) == ("JS/1/1", "IMG_9.jpg")
    assert picture.has_preview


def test_dated_note_that_only_looks_like_a_chat_is_kept_as_text(victim):
    note = b"02/03/2024, 21:02 - went to the shop, he was outside again\n"
    evidence = store_upload(victim.log, victim, upload("diary.txt", note))
    assert evidence.kind == Evidence.Kind.DOCUMENT
    assert evidence.metadata["type"] == "Plain text"
    assert not evidence.messages.exists()


def many_files_zip(count):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(count):
            archive.writestr(f"{number}.txt", b"")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("thousands.zip", many_files_zip(10_000), "at most 1000 are accepted"),
        ("nothing.zip", b"", "empty"),
    ],
)
def test_hostile_archives_are_refused_and_leave_nothing(
    victim, private_storage, name, data, reason
):
    with pytest.raises(UploadRejected, match=reason):
        store_upload(victim.log, victim, upload(name, data))
    assert not Evidence.objects.exists()
    assert not stored_files(private_storage)


def test_unicode_tricks_and_overlong_names_are_neutralised(victim):
    # U+202E reverses the text that follows it: "photo\u202egpj.exe" shows as "photoexe.jpg".
    tricked = store_upload(victim.log, victim, upload("photo\u202egpj.exe\x00.jpg", files.jpeg()))
    assert tricked.original_name == "photogpj.exe.jpg"
    overlong = store_upload(victim.log, victim, upload("a" * 5000 + ".jpg", files.jpeg()))
    assert len(overlong.original_name) == 200
    traversal = store_upload(victim.log, victim, upload("../../etc/passwd.jpg", files.jpeg()))
    assert traversal.original_name == "passwd.jpg"
