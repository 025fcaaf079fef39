"""Voice recordings made in the browser: chunks kept encrypted as they arrive, joined into one
exhibit on Stop, what arrived kept when the page was left, and the microphone allowed on the
recorder's page only."""

import hashlib
import os
import time

import pytest

from evidence import sniff
from evidence.models import Evidence
from incidents.recordings import ABANDONED_AFTER
from tests.incidents.conftest import make_incident

TOKEN = "0123456789abcdef0123456789abcdef"
# The start of what Chromium's MediaRecorder makes: an EBML header, doctype webm, an Opus track.
WEBM_HEAD = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x86\x86A_OPUS"


def parts(count=3, size=3000):
    body = WEBM_HEAD + os.urandom(count * size)
    step = len(body) // count + 1
    return [body[i : i + step] for i in range(0, len(body), step)]


def send(client, incident, index, data, token=TOKEN):
    return client.post(
        f"/incidents/{incident.pk}/record/chunk/",
        data,
        content_type="application/octet-stream",
        headers={"X-Recording": token, "X-Chunk-Index": str(index)},
    )


def stop(client, incident, token=TOKEN, seconds="5", **extra):
    return client.post(
        f"/incidents/{incident.pk}/record/stop/",
        {"recording": token, "seconds": seconds, **extra},
    )


@pytest.fixture
def incident(victim, log):
    return make_incident(log, victim)


def test_only_the_recorder_page_may_use_the_microphone(victim_client, incident):
    recorder = victim_client.get(f"/incidents/{incident.pk}/record/")
    assert recorder.status_code == 200
    policy = recorder["Permissions-Policy"]
    assert "microphone=(self)" in policy and "camera=()" in policy
    assert "geolocation=()" in policy
    for url in ("/", f"/incidents/{incident.pk}/", "/incidents/now/", "/evidence/upload/"):
        assert "microphone=()" in victim_client.get(url)["Permissions-Policy"], url


def test_the_incident_page_links_to_the_recorder(victim_client, incident):
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert f'href="/incidents/{incident.pk}/record/">Record a voice note</a>' in page


def test_chunks_are_joined_in_order_into_one_exhibit_on_the_incident(
    victim_client, log, incident, private_storage
):
    chunks = parts()
    for index in (0, 2, 1):  # the network may deliver them out of order
        assert send(victim_client, incident, index, chunks[index]).status_code == 200
    stored = b"".join(p.read_bytes() for p in private_storage.rglob("*") if p.is_file())
    assert chunks[1][:64] not in stored  # only ciphertext while recording, too
    response = stop(victim_client, incident)
    exhibit = Evidence.objects.get(log=log)
    assert response.json() == {"redirect": f"/evidence/{exhibit.pk}/"}
    assert exhibit.sha256 == hashlib.sha256(b"".join(chunks)).hexdigest()
    assert exhibit.kind == Evidence.Kind.AUDIO and exhibit.detected_type == "audio/webm"
    assert list(exhibit.incidents.all()) == [incident]
    assert exhibit.title == exhibit.description == ""  # hers to write
    assert "About 5 seconds long" in exhibit.summary_text
    assert not list((private_storage / "logs").rglob("recordings/*/*"))  # chunks are gone
    page = victim_client.get(response.json()["redirect"]).content.decode()
    assert "Your recording is saved as exhibit JS/1." in page
    assert exhibit.sha256 in page


def test_a_chunk_sent_twice_is_kept_once(victim_client, log, incident):
    chunks = parts(2)
    send(victim_client, incident, 0, chunks[0])
    send(victim_client, incident, 1, chunks[1])
    send(victim_client, incident, 1, chunks[1])
    stop(victim_client, incident)
    assert Evidence.objects.get(log=log).sha256 == hashlib.sha256(b"".join(chunks)).hexdigest()


def test_a_recording_under_a_second_is_not_kept_and_says_so(victim_client, log, incident):
    send(victim_client, incident, 0, parts(1)[0])
    response = stop(victim_client, incident, seconds="0")
    assert response.status_code == 400
    assert "too short to keep" in response.json()["error"]
    assert not Evidence.objects.exists()
    assert stop(victim_client, incident).status_code == 400  # its chunks were deleted


def test_stop_with_nothing_arrived_says_so(victim_client, incident):
    response = stop(victim_client, incident)
    assert response.status_code == 400
    assert "Nothing of this recording reached your log" in response.json()["error"]


def test_a_made_up_recording_name_is_refused(victim_client, incident):
    assert send(victim_client, incident, 0, b"x", token="../../etc").status_code == 400
    assert stop(victim_client, incident, token="../x").status_code == 400


def test_a_chunk_after_the_recording_was_saved_is_refused(victim_client, log, incident):
    chunks = parts(3)
    send(victim_client, incident, 0, chunks[0])
    send(victim_client, incident, 1, chunks[1])
    stop(victim_client, incident, left="1")  # the page's beacon as the tab closed
    late = send(victim_client, incident, 2, chunks[2])
    assert late.status_code == 400
    assert "already saved" in late.json()["error"]
    assert Evidence.objects.filter(log=log).count() == 1


def test_an_oversized_chunk_is_refused(victim_client, incident):
    response = send(victim_client, incident, 0, b"x" * (512 * 1024 + 1))
    assert response.status_code in (400, 413)
    assert not Evidence.objects.exists()


def test_another_victims_incident_is_404_for_every_recorder_url(victim_client, other_victim):
    theirs = make_incident(other_victim.log, other_victim)
    assert victim_client.get(f"/incidents/{theirs.pk}/record/").status_code == 404
    assert send(victim_client, theirs, 0, parts(1)[0]).status_code == 404
    assert stop(victim_client, theirs).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, incident):
    assert send(client, incident, 0, b"x").status_code == 302
    assert stop(client, incident).status_code == 302


def test_a_recording_left_without_stop_is_kept_when_the_recorder_opens_again(
    victim_client, log, incident, private_storage
):
    chunks = parts(2)
    send(victim_client, incident, 0, chunks[0])
    send(victim_client, incident, 1, chunks[1])
    old = time.time() - ABANDONED_AFTER.total_seconds() - 60
    for path in private_storage.rglob("recordings/*/*"):
        os.utime(path, (old, old))
    recent = "fedcba9876543210fedcba9876543210"
    send(victim_client, incident, 0, parts(1)[0], token=recent)  # still being recorded
    page = victim_client.get(f"/incidents/{incident.pk}/record/").content.decode()
    exhibit = Evidence.objects.get(log=log)
    assert "A recording that was cut off earlier is saved as exhibit" in page
    assert exhibit.sha256 == hashlib.sha256(b"".join(chunks)).hexdigest()
    assert "closed or lost its connection before Stop" in exhibit.summary_text
    assert list(exhibit.incidents.all()) == [incident]
    assert len(list(private_storage.rglob("recordings/*/*"))) == 1  # the recent one waits


def test_webm_is_recognised_as_audio_or_video():
    assert sniff.detect(WEBM_HEAD + b"\x00" * 64) == sniff.WEBM_AUDIO
    assert sniff.detect(WEBM_HEAD + b"\x86\x85V_VP8") == sniff.WEBM_VIDEO
