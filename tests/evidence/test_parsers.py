from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from evidence import sniff
from evidence.parsers.eml import html_to_text, parse_eml
from evidence.parsers.whatsapp import read_chat
from evidence.services import Analysis, ParseProblem
from tests.evidence import files

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (files.jpeg(), sniff.JPEG),
        (files.png_screenshot(), sniff.PNG),
        (b"GIF89a" + b"\0" * 20, sniff.GIF),
        (b"RIFF\0\0\0\0WEBPVP8 ", sniff.WEBP),
        (files.heic(), sniff.HEIC),
        (b"%PDF-1.7\n", sniff.PDF),
        (files.whatsapp_zip(), sniff.ZIP),
        (files.eml_with_attachment(), sniff.EML),
        (files.whatsapp_txt(), sniff.WHATSAPP_TXT),
        (files.sms_xml(), sniff.SMS_XML),
        (files.HTML_PAGE, sniff.HTML),
        (files.SVG_WITH_SCRIPT, sniff.SVG),
        (b"\0\0\0\x18ftypisom", sniff.MP4),
        (b"ID3\x04\0", sniff.MP3),
        (b"just some words\n", sniff.TEXT),
        (bytes(range(256)), sniff.UNKNOWN),
    ],
)
def test_type_is_detected_from_content(data, expected):
    assert sniff.detect(data[: sniff.HEAD_BYTES]) is expected


def test_html_hidden_after_whitespace_is_still_html():
    assert sniff.detect(b"\n\n   <HTML><body onload=x()>") is sniff.HTML


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_is_text_not_an_mp3(encoding):
    """Notepad's "Unicode" begins with FF FE, which also reads as an MPEG frame sync."""
    data = "\ufeffNotes of what he said on the phone\n".encode(encoding)
    assert sniff.detect(data) is sniff.TEXT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_html_is_active_content(encoding):
    """Named voice.mp3 it would otherwise be played inline as audio from our origin."""
    page = "\ufeff<html><body><script>alert(1)</script></body></html>".encode(encoding)
    assert sniff.detect(page) is sniff.HTML
    assert sniff.mismatch("voice.mp3", sniff.detect(page))


def test_name_that_promises_another_family_is_a_mismatch():
    assert sniff.mismatch("photo.JPG", sniff.HTML)
    assert sniff.mismatch("photo.jpg", sniff.PNG) is None  # both images: fine
    assert sniff.mismatch("no-extension", sniff.HTML) is None


def test_ios_whatsapp_export_with_seconds_and_brackets():
    chat = "[02/03/2024, 21:03:15] Sam: first\n[02/03/2024, 21:04:00] Jo: second\n"
    messages = read_chat(chat)
    assert [(m.sender, m.text) for m in messages] == [("Sam", "first"), ("Jo", "second")]
    assert messages[0].sent_at == datetime(2024, 3, 2, 21, 3, 15, tzinfo=LONDON)


def test_us_whatsapp_export_with_12_hour_clock_is_read_month_first():
    chat = "3/14/24, 9:05\u202fPM - Sam: pi day\n3/2/24, 7:00 AM - Sam: earlier\n"
    first, second = read_chat(chat)
    assert first.sent_at == datetime(2024, 3, 14, 21, 5, tzinfo=LONDON)
    assert second.sent_at == datetime(2024, 3, 2, 7, 0, tzinfo=LONDON)


def test_email_with_only_html_shows_its_text_without_markup():
    raw = (
        b"From: a@example.net\r\nTo: b@example.org\r\nSubject: hi\r\n"
        b"Date: Sat, 02 Mar 2024 21:30:00 +0000\r\nContent-Type: text/html\r\n\r\n"
        b"<p>Hello <a href='javascript:alert(1)'>there</a></p><style>p{}</style>"
    )
    analysis = Analysis(kind="email")
    parse_eml(raw, analysis)
    assert analysis.metadata["email"]["html_text"] == "Hello there"
    assert analysis.messages[0].sender == "a@example.net"


def test_text_that_only_looks_like_email_is_refused_with_advice():
    with pytest.raises(ParseProblem, match="Save the message again"):
        parse_eml(b"X-Foo: bar\r\nX-Bar: baz\r\n\r\nbody", Analysis(kind="email"))


def test_html_to_text_drops_scripts_and_keeps_line_breaks():
    assert html_to_text("<div>one</div><script>evil()</script><div>two</div>") == "one\n\ntwo"
