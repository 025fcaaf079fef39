import hashlib
import io
import re
import tempfile
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from evidence.models import Evidence
from evidence.uploads import EncryptingUploadHandler
from incidents.models import Behaviour, Incident
from stalklog.casefile.models import AccessEvent
from tests.conftest import searched
from tests.evidence import files
from tests.evidence.factories import make_chat_exhibit, make_exhibit, make_incident
from tests.urlmap import OBJECT_URLS

EXHIBIT_URLS = sorted(name for name in OBJECT_URLS if name.startswith("exhibit_"))


def contacting_pk():
    return Behaviour.objects.get(code="contacting").pk


def post_files(client, *named, **fields):
    uploads = [SimpleUploadedFile(name, data) for name, data in named]
    return client.post(reverse("exhibit_upload"), {"files": uploads, **fields})


def test_upload_page_has_a_plain_multiple_file_input(victim_client):
    response = victim_client.get(reverse("exhibit_upload"))
    assert b'<input type="file" name="files" id="id_files" multiple' in response.content
    assert b'enctype="multipart/form-data"' in response.content


def test_uploaded_photo_is_saved_and_its_page_shows_its_hash(victim_client, victim):
    data = files.jpeg()
    response = post_files(victim_client, ("IMG_2024.jpg", data), title="Car outside")
    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exhibit_detail", args=[evidence.pk])
    page = victim_client.get(response["Location"]).content.decode()
    assert hashlib.sha256(data).hexdigest() in page
    assert "Car outside" in page and "JPEG image" in page and "IMG_2024.jpg" in page
    assert "Apple iPhone 13" in page
    assert "This file reveals a location" in page


def test_bad_files_are_named_and_the_good_ones_still_saved(victim_client, private_storage):
    response = post_files(
        victim_client,
        ("good.jpg", files.jpeg()),
        ("empty.png", b""),
        ("invoice.jpg", files.HTML_PAGE),
        ("screen.png", files.png_screenshot()),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "empty.png was not saved: the file is empty" in page
    assert "invoice.jpg was not saved: its name ends in .jpg but its content is a HTML page" in page
    assert sorted(e.original_name for e in Evidence.objects.all()) == ["good.jpg", "screen.png"]
    assert len([p for p in private_storage.rglob("*") if p.is_file()]) == 2 * 3


def test_oversized_upload_is_refused_by_name(victim_client, settings):
    settings.STALKLOG_MAX_UPLOAD_BYTES = 10_000
    response = post_files(victim_client, ("video.mp4", b"\0\0\0\x18ftypisom" + b"x" * 20_000))
    assert response.status_code == 400
    assert (
        "video.mp4 was not saved: it is larger than the 9.8 KB limit" in response.content.decode()
    )
    assert not Evidence.objects.exists()


def test_storage_failing_mid_write_keeps_nothing_of_that_file(victim_client, private_storage):
    real_save = default_storage.save
    calls = []

    def flaky_save(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 1:
            raise OSError("connection reset")
        return real_save(name, content, **kwargs)

    with mock.patch.object(default_storage, "save", flaky_save):
        response = post_files(
            victim_client, ("first.txt", b"first file"), ("second.txt", b"second file")
        )
    assert "first.txt was not saved: storing it failed part-way" in response.content.decode()
    assert [e.original_name for e in Evidence.objects.all()] == ["second.txt"]
    assert len([p for p in private_storage.rglob("*") if p.is_file()]) == 1


def test_upload_streams_through_the_encrypting_handler_without_plaintext_on_disk(
    victim_client, private_storage, tmp_path, monkeypatch
):
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    secret = b"he said: I know where your mum lives. " * 100_000  # 3.8 MB, past the memory limit
    real_receive = EncryptingUploadHandler.receive_data_chunk
    with mock.patch.object(
        EncryptingUploadHandler, "receive_data_chunk", autospec=True, side_effect=real_receive
    ) as receive:
        post_files(victim_client, ("notes.txt", secret))
    assert receive.call_count >= len(secret) // (64 * 1024)
    assert list((tmp_path / "tmp").iterdir()) == []  # the ciphertext file never had a name
    [blob] = [p for p in private_storage.rglob("*") if p.is_file()]
    assert b"I know where" not in blob.read_bytes()
    assert Evidence.objects.get().sha256 == hashlib.sha256(secret).hexdigest()


def test_script_upload_gets_json_redirect(victim_client):
    response = victim_client.post(
        reverse("exhibit_upload"),
        {"files": [SimpleUploadedFile("a.jpg", files.jpeg())]},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.json() == {
        "redirect": reverse("exhibit_detail", args=[Evidence.objects.get().pk])
    }


def test_upload_can_attach_to_an_incident(victim_client, victim):
    incident = make_incident(victim.log, victim)
    post_files(victim_client, ("a.jpg", files.jpeg()), incident=incident.pk)
    assert list(Evidence.objects.get().incidents.all()) == [incident]


def test_download_is_the_original_byte_for_byte_as_an_attachment(victim_client, victim):
    data = files.polyglot()
    evidence = make_exhibit(victim.log, victim, "p.jpg", data)
    response = victim_client.get(reverse("exhibit_download", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="JS_1.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "data"), [("page.html", files.HTML_PAGE), ("logo.svg", files.SVG_WITH_SCRIPT)]
)
def test_active_content_downloads_as_opaque_bin_and_has_no_preview(
    victim_client, victim, name, data
):
    evidence = make_exhibit(victim.log, victim, name, data)
    response = victim_client.get(reverse("exhibit_download", args=[evidence.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="JS_1.bin"'
    assert victim_client.get(reverse("exhibit_preview", args=[evidence.pk])).status_code == 404
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content
    assert b"<script>alert" not in page


def test_preview_is_a_stripped_jpeg(victim_client, victim):
    evidence = make_exhibit(victim.log, victim)
    response = victim_client.get(reverse("exhibit_preview", args=[evidence.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "JPEG" and not image.getexif()


def test_email_page_shows_headers_and_html_only_as_text(victim_client, victim):
    evidence = make_exhibit(victim.log, victim, "m.eml", files.eml_with_attachment())
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "sam@example.net" in page and "&lt;abc123@example.net&gt;" in page
    assert "2 Received headers" in page
    assert "tracker.example" not in page and "alert(" not in page
    assert "JS/1/1" in page


@pytest.mark.parametrize("name", EXHIBIT_URLS)
def test_another_victims_exhibit_is_404_on_every_url(other_client, victim, name):
    kwargs = OBJECT_URLS[name](victim.log, victim)
    url = reverse(name, kwargs=kwargs)
    assert other_client.get(url).status_code == 404
    # A POST is 404 too, or 405 from views that only read (refused before any lookup).
    response = other_client.post(url, {"incident": kwargs.get("incident_pk", 1)})
    assert response.status_code in (404, 405)


def test_cannot_link_another_victims_incident(victim_client, victim, other_victim):
    evidence = make_exhibit(victim.log, victim)
    theirs = make_incident(other_victim.log, other_victim)
    victim_client.post(reverse("exhibit_link", args=[evidence.pk]), {"incident": theirs.pk})
    assert not evidence.incidents.exists()


def test_link_and_unlink_an_incident(victim_client, victim):
    evidence = make_exhibit(victim.log, victim)
    incident = make_incident(victim.log, victim)
    victim_client.post(reverse("exhibit_link", args=[evidence.pk]), {"incident": incident.pk})
    assert list(evidence.incidents.all()) == [incident]
    victim_client.post(reverse("exhibit_unlink", args=[evidence.pk, incident.pk]))
    assert not evidence.incidents.exists()


def test_unlinking_asks_first_and_the_question_changes_nothing(victim_client, victim):
    incident = make_incident(victim.log, victim)
    evidence = make_exhibit(victim.log, victim, incidents=[incident])
    url = reverse("exhibit_unlink", args=[evidence.pk, incident.pk])
    assert (
        f'href="{url}"'
        in victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    )
    response = victim_client.get(url)
    assert response.status_code == 200
    assert b"Unlink exhibit JS/1 from incident 1?" in response.content
    assert b"the exhibit itself, its file and its other links stay as they are" in response.content
    assert list(evidence.incidents.all()) == [incident]
    victim_client.post(url)
    assert not evidence.incidents.exists()


def test_every_view_and_download_is_audited(victim_client, victim):
    evidence = make_exhibit(victim.log, victim)
    victim_client.get(reverse("exhibit_list"))
    victim_client.get(reverse("exhibit_detail", args=[evidence.pk]))
    victim_client.get(reverse("exhibit_preview", args=[evidence.pk]))
    b"".join(victim_client.get(reverse("exhibit_download", args=[evidence.pk])).streaming_content)
    events = AccessEvent.objects.filter(log=victim.log).order_by("seq")
    assert [(e.action, e.detail) for e in events] == [
        ("uploaded", "image/jpeg"),
        ("viewed", ""),
        ("viewed", ""),
        ("viewed", "preview"),
        ("downloaded", "original"),
    ]
    assert AccessEvent.verify_chain(victim.log) == []


def test_exhibit_list_query_count_does_not_grow(
    victim_client, victim, django_assert_max_num_queries
):
    for number in range(6):
        make_exhibit(victim.log, victim, f"{number}.txt", b"note %d" % number)
    make_chat_exhibit(victim.log, victim)
    with django_assert_max_num_queries(12):
        response = victim_client.get(reverse("exhibit_list"))
    assert response.content.decode().count("/evidence/") >= 7
    assert "5 messages" in response.content.decode()


def test_conversation_filters_by_sender(victim_client, victim):
    evidence = make_chat_exhibit(victim.log, victim)
    url = reverse("exhibit_messages", args=[evidence.pk])
    page = searched(victim_client, url, sender="Jo", show_sender="1")
    assert "Please stop contacting me" in page
    assert "I can see your car" not in page
    assert "sender=" not in page  # the pages links carry only ?page=N


def test_ticked_messages_become_one_incident_per_day(victim_client, victim):
    evidence = make_chat_exhibit(victim.log, victim)
    sam = [m for m in evidence.messages.all() if m.sender == "Sam"][:3]
    response = victim_client.post(
        reverse("exhibit_messages", args=[evidence.pk]),
        {"message": [m.pk for m in sam], "behaviours": [contacting_pk()]},
    )
    assert response.status_code == 302
    incidents = list(Incident.objects.filter(log=victim.log).order_by("sequence_no"))
    assert len(incidents) == 2  # 2 March (two messages) and 3 March (one)
    first, second = incidents
    first.log = second.log = victim.log
    assert first.series_count == 2
    assert "I can see your car" in first.exact_words
    assert "Nice coat yesterday" in second.exact_words
    assert list(first.exhibits.all()) == [evidence]


def test_ticking_nothing_says_what_to_do(victim_client, victim):
    evidence = make_chat_exhibit(victim.log, victim)
    response = victim_client.post(
        reverse("exhibit_messages", args=[evidence.pk]), {"behaviours": [contacting_pk()]}
    )
    assert response.status_code == 400
    assert "Tick at least one message." in response.content.decode()


def test_details_with_a_future_date_keep_what_was_typed_and_save_nothing(victim_client):
    response = post_files(
        victim_client,
        ("a.jpg", files.jpeg()),
        title="Car outside",
        content_date="2999-01-01T10:00",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This is in the future." in page
    assert "choose the files again" in page
    assert 'value="Car outside"' in page
    assert not Evidence.objects.exists()


def test_editing_an_exhibit_changes_its_words_never_its_fingerprint(victim_client, victim):
    evidence = make_exhibit(victim.log, victim)
    before = (evidence.sha256, evidence.size_bytes, evidence.uploaded_at, evidence.blob_name)
    url = reverse("exhibit_edit", args=[evidence.pk])
    form = victim_client.get(url).content.decode()
    shown_date = re.search(r'name="content_date" value="([^"]+)"', form).group(1)
    assert shown_date == "2024-03-02T21:14:05"
    response = victim_client.post(
        url,
        {
            "title": "Car outside work",
            "description": "Parked all afternoon",
            "kind": "photo",
            "content_date": shown_date,
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(pk=evidence.pk)
    assert evidence.title == "Car outside work"
    assert (
        evidence.sha256,
        evidence.size_bytes,
        evidence.uploaded_at,
        evidence.blob_name,
    ) == before
    event = AccessEvent.objects.filter(log=victim.log).order_by("-seq").first()
    assert (event.action, event.detail) == ("amended", "title, description")


def test_conversation_page_query_count_does_not_grow(
    victim_client, victim, django_assert_max_num_queries
):
    evidence = make_exhibit(victim.log, victim, "chat.txt", files.WHATSAPP_CHAT.encode() * 40)
    assert evidence.messages.count() == 200
    with django_assert_max_num_queries(14):
        response = victim_client.get(reverse("exhibit_messages", args=[evidence.pk]))
    assert response.content.decode().count('name="message"') == 200


def test_chat_message_links_to_the_media_sent_with_it(victim_client, victim):
    evidence = make_exhibit(victim.log, victim, "chat.zip", files.whatsapp_zip())
    page = victim_client.get(reverse("exhibit_messages", args=[evidence.pk])).content.decode()
    [child] = evidence.children.all()
    assert f'<a href="/evidence/{child.pk}/">See the picture: exhibit JS/1/1</a>' in page


def test_exhibit_page_says_size_type_and_camera_time_in_plain_words(victim_client, victim):
    evidence = make_exhibit(victim.log, victim, "IMG_2024.jpg")
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    size = evidence.size_bytes
    assert f"<dd>{size} bytes</dd>" in page or f"({size:,} bytes)</dd>" in page
    assert f"({size} bytes)" not in page.replace(f"({size:,} bytes)", "")
    assert "<dd>JPEG image</dd>" in page and "(image/jpeg)" not in page
    assert "2 Mar 2024, 21:14:05" in page and "2024:03:02" not in page


def test_an_emails_type_is_named_without_its_mime_type(victim_client, victim):
    evidence = make_exhibit(victim.log, victim, "letter.eml", files.eml_with_attachment())
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "message/rfc822" not in page


def test_a_caseworker_choosing_a_sender_is_recorded_as_a_search_without_the_name(victim):
    from tests.actors import make_caseworker, make_share, opened_client

    evidence = make_chat_exhibit(victim.log, victim)
    caseworker = make_caseworker()
    client = opened_client(make_share(victim.log, caseworker))
    url = reverse("exhibit_messages", args=[evidence.pk])
    page = searched(client, url, sender="Jo", show_sender="1")
    assert "I can see your car" not in page
    events = AccessEvent.objects.filter(log=victim.log, actor=caseworker, action="searched")
    assert events.count() == 1
    assert "Jo" not in f"{events[0].target} {events[0].detail}"
