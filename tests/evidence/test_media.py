"""Voice notes, sound and video: probed in the background (date, length, device, position),
a poster frame for video, and played in the page through an access-checked stream."""

import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from PIL import Image

from evidence import sniff
from evidence.models import Evidence
from evidence.services import UploadRejected, read_preview, store_upload
from stalklog.casefile.models import AccessEvent
from tests.evidence import files
from tests.evidence.conftest import upload
from tests.faults import FailingReadStorage, use_storage

KINDS = {
    "m4a": ("voice.m4a", "audio"),
    "mp3": ("song.mp3", "audio"),
    "opus": ("PTT-20240302-WA0001.opus", "audio"),
    "amr": ("voice.amr", "audio"),
    "wav": ("memo.wav", "audio"),
    "mp4": ("VID_20240302.mp4", "video"),
    "mov": ("IMG_0042.MOV", "video"),
    "3gp": ("clip.3gp", "video"),
    "webm": ("screen.webm", "video"),
}


def stored(victim, name, data):
    evidence = store_upload(victim.log, victim, upload(name, data))
    return Evidence.objects.select_related("log").get(pk=evidence.pk)  # as the task left it


@pytest.mark.parametrize("kind", list(KINDS))
def test_sound_and_video_are_read_for_their_length(victim, kind):
    name, expected_kind = KINDS[kind]
    data = files.media(kind)
    assert sniff.detect(data[: sniff.HEAD_BYTES]).is_media
    evidence = stored(victim, name, data)
    assert evidence.kind == expected_kind
    assert evidence.reading == "done"
    assert evidence.metadata["media"]["duration_seconds"] == pytest.approx(
        1.0 if kind == "amr" else 2.0, abs=0.2
    )
    assert evidence.has_preview == (expected_kind == "video")


def test_recording_date_and_device_come_from_the_file(victim):
    evidence = stored(victim, "IMG_0042.MOV", files.media("mov"))
    assert evidence.metadata["media"]["device"] == "Apple iPhone 13"
    assert evidence.content_date == datetime(2024, 3, 2, 21, 14, 5, tzinfo=UTC)


def test_a_date_she_typed_is_not_replaced_by_the_files(victim):
    typed = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    evidence = store_upload(
        victim.log, victim, upload("voice.m4a", files.media("m4a")), content_date=typed
    )
    assert Evidence.objects.get(pk=evidence.pk).content_date == typed


def test_video_position_is_flagged_like_a_photos(victim):
    evidence = stored(victim, "VID.mp4", files.media("mp4"))
    assert evidence.has_gps
    assert evidence.metadata["gps"] == {"latitude": 51.5007, "longitude": -0.1246}


def test_video_poster_frame_is_a_plain_jpeg(victim):
    evidence = stored(victim, "VID.mp4", files.media("mp4"))
    poster = Image.open(io.BytesIO(read_preview(evidence)))
    assert poster.format == "JPEG" and poster.size == (320, 240)
    assert not poster.getexif()


def test_upload_request_does_not_probe_the_file(victim, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    evidence = store_upload(victim.log, victim, upload("VID.mp4", files.media("mp4")))
    assert evidence.reading == "waiting"
    assert "media" not in evidence.metadata and not evidence.has_preview


def test_two_hour_recording_is_kept_and_its_length_read(victim):
    evidence = stored(victim, "long.amr", files.amr(seconds=7200))
    assert evidence.metadata["media"]["duration_seconds"] > 7000


def test_damaged_video_is_kept_with_a_note(victim):
    data = files.media("mp4")[:600]
    evidence = stored(victim, "cut.mp4", data)
    assert evidence.size_bytes == 600
    assert evidence.note_text.startswith("Kept as it is, but its date and length were")


def test_html_disguised_as_audio_is_refused_by_name(victim):
    with pytest.raises(UploadRejected) as refused:
        store_upload(victim.log, victim, upload("voice-note.m4a", files.HTML_PAGE))
    assert str(refused.value).startswith("voice-note.m4a was not saved: its name ends in .m4a")
    assert not Evidence.objects.exists()


def test_exhibit_page_plays_video_with_its_poster(victim, victim_client):
    evidence = stored(victim, "VID.mp4", files.media("mp4"))
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    stream = reverse("exhibit_media", args=[evidence.pk])
    assert f'<video controls preload="metadata" src="{stream}"' in page
    assert f'poster="{reverse("exhibit_preview", args=[evidence.pk])}"' in page
    assert "2 s" in page


def test_exhibit_page_plays_a_voice_note(victim, victim_client):
    evidence = stored(victim, "voice.m4a", files.media("m4a"))
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert (
        f'<audio controls preload="metadata" src="{reverse("exhibit_media", args=[evidence.pk])}"'
        in page
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_stream_gives_the_whole_file_or_the_range_asked_for(victim, victim_client):
    data = files.media("wav") * 8  # past one encryption chunk (64 KiB)
    evidence = store_upload(victim.log, victim, upload("memo.wav", data))
    url = reverse("exhibit_media", args=[evidence.pk])
    whole = victim_client.get(url)
    assert whole.status_code == 200 and _body(whole) == data
    assert whole["Content-Type"] == "audio/wav" and whole["Accept-Ranges"] == "bytes"
    assert whole["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in whole["Content-Security-Policy"]
    part = victim_client.get(url, HTTP_RANGE="bytes=65530-131080")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 65530-131080/{len(data)}"
    assert _body(part) == data[65530:131081]
    tail = victim_client.get(url, HTTP_RANGE="bytes=-100")
    assert _body(tail) == data[-100:]
    open_ended = victim_client.get(url, HTTP_RANGE=f"bytes={len(data) - 10}-")
    assert _body(open_ended) == data[-10:]
    beyond = victim_client.get(url, HTTP_RANGE=f"bytes={len(data)}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(data)}"


def test_stream_is_not_offered_for_other_files(victim, victim_client):
    evidence = store_upload(victim.log, victim, upload("p.jpg", files.jpeg()))
    assert victim_client.get(reverse("exhibit_media", args=[evidence.pk])).status_code == 404


def test_another_victims_recording_is_404(victim, other_client):
    evidence = store_upload(victim.log, victim, upload("voice.m4a", files.media("m4a")))
    response = other_client.get(reverse("exhibit_media", args=[evidence.pk]))
    assert response.status_code == 404


def _played(log) -> int:
    return AccessEvent.objects.filter(log=log, action="viewed", detail="played").count()


@pytest.fixture
def failing_reads(settings, private_storage, monkeypatch):
    use_storage(settings, private_storage, "tests.faults.FailingReadStorage")
    monkeypatch.setattr(FailingReadStorage, "good_bytes", None)
    return FailingReadStorage


def test_stream_from_a_file_store_that_fails_gives_our_error_page(
    victim, victim_client, failing_reads
):
    evidence = store_upload(victim.log, victim, upload("memo.wav", files.media("wav") * 8))
    url = reverse("exhibit_media", args=[evidence.pk])
    failing_reads.good_bytes = 0

    for asked in ({}, {"HTTP_RANGE": "bytes=0-"}, {"HTTP_RANGE": "bytes=70000-80000"}):
        response = victim_client.get(url, **asked)
        page = response.content.decode()
        assert response.status_code == 503
        assert "The file could not be fetched" in page and "Exit this page" in page

    assert _played(victim.log) == 0


def test_a_stream_that_starts_records_one_playing(victim, victim_client, failing_reads):
    evidence = store_upload(victim.log, victim, upload("memo.wav", files.media("wav")))
    response = victim_client.get(reverse("exhibit_media", args=[evidence.pk]))
    assert response.status_code == 200
    assert _played(victim.log) == 1
