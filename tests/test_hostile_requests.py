"""Requests no browser of ours would send, as an attacker crafts them: numbers too long for
Python or the database, lengths that are not numbers, broken multipart bodies, file names
that try to climb out of a folder or hide their extension, chunks out of order.

Each is answered (a 4xx with words, or the page), never a server error, and nothing of the
hostile name reaches a path on disk or a download's name.
"""

import pytest
from django.urls import reverse

from evidence.models import Evidence
from stalklog.core.numbers import whole_number
from tests.conftest import client_for
from tests.evidence import files
from tests.evidence.factories import make_chat_exhibit
from tests.urlmap import OBJECT_URLS

# More digits than Python's int() will read (4,300), and more than a 64-bit id holds.
TOO_MANY_DIGITS = "9" * 5000
TOO_BIG_FOR_THE_DATABASE = "9" * 30


@pytest.fixture
def client(victim):
    client = client_for(victim)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12), (" 7 ", 7), ("0", 0), ("", None), (None, None), ("-1", None), ("1e3", None)]
    + [("١٢", None), (TOO_BIG_FOR_THE_DATABASE, None), (TOO_MANY_DIGITS, None)],
)
def test_whole_number_reads_only_short_ascii_digits(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize("number", [TOO_MANY_DIGITS, TOO_BIG_FOR_THE_DATABASE, "-1", "١٢"])
def test_the_access_log_takes_any_place_to_start_from(client, number):
    assert client.get(reverse("access_log"), {"before": number}).status_code == 200


@pytest.mark.parametrize("number", [TOO_MANY_DIGITS, TOO_BIG_FOR_THE_DATABASE])
def test_ticking_a_message_that_cannot_exist_is_a_form_error(client, victim, number):
    exhibit = make_chat_exhibit(victim.log, victim)
    response = client.post(reverse("exhibit_messages", args=[exhibit.pk]), {"message": [number]})
    assert response.status_code == 400


@pytest.mark.parametrize("number", [TOO_MANY_DIGITS, TOO_BIG_FOR_THE_DATABASE])
def test_starting_an_upload_beside_uploads_that_cannot_exist(client, number):
    response = client.post(
        reverse("upload_start"), {"name": "a.jpg", "size": "10", "exclude": [number]}
    )
    assert response.status_code == 200
    assert response.json()["received"] == 0


@pytest.mark.parametrize("length", ["abc", "-5", TOO_MANY_DIGITS])
def test_a_chunk_whose_length_is_not_a_number_is_refused_with_words(client, victim, length):
    upload = reverse("upload_chunk", kwargs=OBJECT_URLS["upload_chunk"](victim.log, victim))
    response = client.generic(
        "POST",
        upload,
        b"abc",
        content_type="application/octet-stream",
        headers={"x-upload-offset": "10"},
        CONTENT_LENGTH=length,
    )
    assert response.status_code == 400
    assert response.json()["received"] == 10
    recording = reverse("record_chunk", kwargs=OBJECT_URLS["record_chunk"](victim.log, victim))
    response = client.generic(
        "POST",
        recording,
        b"abc",
        content_type="application/octet-stream",
        headers={"x-chunk-index": "0", "x-recording": "a" * 32},
        CONTENT_LENGTH=length,
    )
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.parametrize(
    ("offset", "status"),
    [("-10", 409), ("0", 409), ("5", 409), (TOO_MANY_DIGITS, 409), ("1e3", 409), ("ten", 409)],
)
def test_a_chunk_out_of_place_is_refused_with_the_bytes_held(client, victim, offset, status):
    """The upload holds 10 bytes: anything but the next offset (or the newest chunk again)
    is refused, and nothing held changes."""
    upload = reverse("upload_chunk", kwargs=OBJECT_URLS["upload_chunk"](victim.log, victim))
    response = client.generic(
        "POST",
        upload,
        b"overlapping",
        content_type="application/octet-stream",
        headers={"x-upload-offset": offset},
    )
    assert response.status_code == status
    assert response.json()["received"] == 10
    assert client.get(upload).json()["received"] == 10


def multipart(filename: bytes, data: bytes) -> bytes:
    return (
        b'--xx\r\nContent-Disposition: form-data; name="files"; filename="'
        + filename
        + b'"\r\nContent-Type: image/jpeg\r\n\r\n'
        + data
        + b"\r\n--xx--\r\n"
    )


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (b"../../../../etc/cron.d/photo.jpg", "photo.jpg"),
        (b"/etc/passwd.jpg", "passwd.jpg"),
        (b"C:\\Windows\\System32\\photo.jpg", "photo.jpg"),
        (b"photo\x00.jpg", "photo.jpg"),
        (b"CON.jpg", "CON.jpg"),
        ("\u202egpj.exe".encode(), "gpj.exe"),  # shows as "exe.jpg" with the override
        (b"   ", "unnamed file"),
        (("x" * 250 + ".jpg").encode(), "x" * 200),
    ],
)
def test_a_hostile_file_name_is_only_ever_a_name(client, private_storage, sent, kept):
    response = client.generic(
        "POST",
        reverse("exhibit_upload"),
        multipart(sent, files.jpeg()),
        content_type="multipart/form-data; boundary=xx",
    )
    assert response.status_code == 302
    exhibit = Evidence.objects.get()
    assert exhibit.original_name == kept
    # On disk every file lives under the log's own folder, named by us.
    stored = [path for path in private_storage.rglob("*") if path.is_file()]
    assert stored and all(path.is_relative_to(private_storage / "logs") for path in stored)
    assert all(kept[:20] not in str(path) for path in stored)
    download = client.get(reverse("exhibit_download", args=[exhibit.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="JS_1.jpg"'


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"no boundary"),
        ("multipart/form-data; boundary=", b""),
        ("multipart/form-data; boundary=xx", b'--xx\r\nContent-Disposition: form-data; name="f'),
        ("multipart/form-data; boundary=xx", multipart(b"a.jpg", b"cut short")[:-8]),
        ("application/json", b"{" * 100_000),
        ("text/plain", b"files=photo.jpg"),
    ],
)
def test_a_broken_upload_body_is_refused_not_a_server_error(client, content_type, body):
    response = client.generic("POST", reverse("exhibit_upload"), body, content_type=content_type)
    assert response.status_code == 400
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("asked", "status", "length"),
    [
        ("bytes=0-" + TOO_MANY_DIGITS, 200, "all"),
        (f"bytes={TOO_MANY_DIGITS}-", 200, "all"),
        (f"bytes=-{TOO_MANY_DIGITS}", 200, "all"),
        ("bytes=١-٢", 200, "all"),  # digits, but not ASCII ones
        ("bytes=0-0,5-9", 200, "all"),  # several ranges: the whole file
        ("items=0-5", 200, "all"),
        ("bytes=5-2", 416, "0"),
        (f"bytes={TOO_BIG_FOR_THE_DATABASE[:18]}-", 416, "0"),
        (f"bytes=0-{TOO_BIG_FOR_THE_DATABASE[:18]}", 206, "all"),
        ("bytes=1-2", 206, "2"),
    ],
)
def test_a_crafted_range_is_answered_by_the_rules(client, victim, asked, status, length):
    """A Range header that is not one plain range of ASCII digits is ignored (the whole
    file); one past the end is 416; never a server error."""
    media = reverse("exhibit_media", kwargs=OBJECT_URLS["exhibit_media"](victim.log, victim))
    response = client.get(media, headers={"range": asked})
    assert response.status_code == status
    size = str(Evidence.objects.get().size_bytes)
    assert response["Content-Length"] == (size if length == "all" else length)
