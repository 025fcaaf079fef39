"""Uploads sent in parts on a weak signal (evidence.resumable): chunks kept encrypted as they
arrive and only in order, resumable from what the server holds, within the size limit and the
quota, another account's upload a 404, cancelled or abandoned ones deleted, and a finished one
made an exhibit by the same ingest as a one-shot upload."""

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evidence.models import Evidence, ResumableUpload
from evidence.resumable import MAX_CHUNK_BYTES, delete_abandoned_uploads, start_upload
from evidence.services import stored_bytes
from tests.evidence import files
from tests.incidents.conftest import make_incident

CHUNK = 4096


def start(client, name, size, **extra):
    return client.post(reverse("upload_start"), {"name": name, "size": str(size), **extra})


def send(client, pk, offset, data):
    return client.post(
        reverse("upload_chunk", args=[pk]),
        data,
        content_type="application/octet-stream",
        headers={"X-Upload-Offset": str(offset)},
    )


def send_all(client, name, data, chunk=CHUNK):
    answer = start(client, name, len(data)).json()
    for offset in range(0, len(data), chunk):
        response = send(client, answer["id"], offset, data[offset : offset + chunk])
        assert response.status_code == 200, response.content
    return answer["id"]


def finish(client, *pks, **fields):
    return client.post(reverse("exhibit_upload"), {"upload": [str(pk) for pk in pks], **fields})


def stored(private_storage):
    return [p for p in private_storage.rglob("*") if p.is_file()]


@pytest.fixture
def log(victim):
    return victim.log


@pytest.fixture
def photo():
    return files.jpeg(width=900, height=700)


def test_a_file_sent_in_parts_becomes_the_same_exhibit_as_a_one_shot_upload(
    victim_client, other_client, photo
):
    pk = send_all(victim_client, "photo.jpg", photo)
    response = finish(victim_client, pk, description="outside the house")
    exhibit = Evidence.objects.get(log__owner__username="victim")
    assert response.status_code == 302 and response["Location"] == f"/evidence/{exhibit.pk}/"
    other_client.post(
        reverse("exhibit_upload"), {"files": [SimpleUploadedFile("photo.jpg", photo)]}
    )
    one_shot = Evidence.objects.get(log__owner__username="someone_else")
    assert exhibit.sha256 == one_shot.sha256 == hashlib.sha256(photo).hexdigest()
    assert exhibit.size_bytes == one_shot.size_bytes == len(photo)
    assert (exhibit.detected_type, exhibit.kind) == (one_shot.detected_type, one_shot.kind)
    assert exhibit.metadata["image"] == one_shot.metadata["image"] == {"width": 900, "height": 700}
    assert exhibit.original_name == "photo.jpg" and exhibit.description == "outside the house"
    assert exhibit.has_preview
    assert not ResumableUpload.objects.exists()


def test_the_finished_file_is_linked_to_the_incident(victim_client, victim, log, photo):
    incident = make_incident(log, victim)
    pk = send_all(victim_client, "photo.jpg", photo)
    finish(victim_client, pk, incident=str(incident.pk))
    assert list(incident.exhibits.all()) == [Evidence.objects.get()]


def test_chunks_are_only_ciphertext_and_gone_once_the_exhibit_is_made(
    victim_client, private_storage, photo, django_capture_on_commit_callbacks
):
    answer = start(victim_client, "photo.jpg", len(photo)).json()
    send(victim_client, answer["id"], 0, photo[:CHUNK])
    chunks = stored(private_storage)
    assert len(chunks) == 1 and "/uploads/" in str(chunks[0])
    assert photo[100:164] not in chunks[0].read_bytes()
    for offset in range(CHUNK, len(photo), CHUNK):
        send(victim_client, answer["id"], offset, photo[offset : offset + CHUNK])
    with django_capture_on_commit_callbacks(execute=True):  # deleted once the exhibit commits
        finish(victim_client, answer["id"])
    assert not [p for p in stored(private_storage) if "/uploads/" in str(p)]
    assert not list(private_storage.rglob("uploads/*"))  # its folder too


def test_a_chunk_out_of_order_is_refused_with_what_the_server_holds(victim_client, photo):
    pk = start(victim_client, "photo.jpg", len(photo)).json()["id"]
    send(victim_client, pk, 0, photo[:CHUNK])
    ahead = send(victim_client, pk, 2 * CHUNK, photo[2 * CHUNK : 3 * CHUNK])
    assert ahead.status_code == 409
    assert ahead.json()["received"] == CHUNK and "out of order" in ahead.json()["error"]
    assert ResumableUpload.objects.get().received_bytes == CHUNK


def test_the_newest_chunk_sent_again_is_kept_once(victim_client, photo):
    pk = start(victim_client, "photo.jpg", len(photo)).json()["id"]
    send(victim_client, pk, 0, photo[:CHUNK])
    send(victim_client, pk, CHUNK, photo[CHUNK : 2 * CHUNK])
    again = send(victim_client, pk, CHUNK, photo[CHUNK : 2 * CHUNK])  # its answer was lost
    assert again.status_code == 200 and again.json()["received"] == 2 * CHUNK
    for offset in range(2 * CHUNK, len(photo), CHUNK):
        send(victim_client, pk, offset, photo[offset : offset + CHUNK])
    finish(victim_client, pk)
    assert Evidence.objects.get().sha256 == hashlib.sha256(photo).hexdigest()


def test_an_older_chunk_or_other_bytes_at_the_newest_offset_are_refused(victim_client, photo):
    pk = start(victim_client, "photo.jpg", len(photo)).json()["id"]
    send(victim_client, pk, 0, photo[:CHUNK])
    send(victim_client, pk, CHUNK, photo[CHUNK : 2 * CHUNK])
    assert send(victim_client, pk, 0, photo[:CHUNK]).status_code == 409
    changed = send(victim_client, pk, CHUNK, b"x" * CHUNK)
    assert changed.status_code == 409 and changed.json()["received"] == 2 * CHUNK
    assert send(victim_client, pk, 17, photo[17:CHUNK]).status_code == 409  # a wrong offset
    assert send(victim_client, pk, 0, b"").status_code == 409


def test_a_page_reloaded_mid_upload_continues_from_what_the_server_holds(victim_client, photo):
    pk = start(victim_client, "photo.jpg", len(photo)).json()["id"]
    send(victim_client, pk, 0, photo[:CHUNK])
    send(victim_client, pk, CHUNK, photo[CHUNK : 2 * CHUNK])
    status = victim_client.get(reverse("upload_chunk", args=[pk])).json()
    assert status["received"] == 2 * CHUNK and status["size"] == len(photo)
    # Chosen again after a reload: the same upload, with the newest chunk's place and hash
    # for the page to check it is the same file.
    again = start(victim_client, "photo.jpg", len(photo)).json()
    assert again["id"] == pk and again["received"] == 2 * CHUNK
    assert again["last_chunk_offset"] == CHUNK
    assert again["last_chunk_sha256"] == hashlib.sha256(photo[CHUNK : 2 * CHUNK]).hexdigest()
    # A second file of the same name and size sent alongside gets its own upload.
    assert start(victim_client, "photo.jpg", len(photo), exclude=str(pk)).json()["id"] != pk
    assert start(victim_client, "photo.jpg", len(photo) + 1).json()["id"] != pk


def test_a_file_over_the_size_limit_is_refused_before_any_byte_is_sent(victim_client, settings):
    settings.STALKLOG_MAX_UPLOAD_BYTES = 10_000
    response = start(victim_client, "video.mp4", 10_001)
    assert response.status_code == 413
    assert "video.mp4 was not saved: it is larger than the 9.8 KB limit" in response.json()["error"]
    assert start(victim_client, "empty.jpg", 0).status_code == 400
    assert not ResumableUpload.objects.exists()


def test_the_size_is_enforced_on_each_chunk_as_it_arrives(victim_client, settings):
    pk = start(victim_client, "photo.jpg", 5000).json()["id"]
    assert send(victim_client, pk, 0, b"a" * 4000).status_code == 200
    past = send(victim_client, pk, 4000, b"a" * 1001)  # more than the page said
    assert past.status_code == 413 and past.json()["received"] == 4000
    assert "larger than the 4.9 KB the page said" in past.json()["error"]
    huge = send(victim_client, pk, 4000, b"a" * (MAX_CHUNK_BYTES + 1))
    assert huge.status_code == 413
    assert ResumableUpload.objects.get().received_bytes == 4000


def test_partial_uploads_count_against_the_quota(victim_client, victim, settings, photo):
    settings.STALKLOG_STORAGE_QUOTA_BYTES = 3 * CHUNK
    pk = start(victim_client, "big.bin", 10 * CHUNK).json()
    assert pk.get("error") and "there is room for 12 KB" in pk["error"]  # refused at start
    pk = start(victim_client, "photo.jpg", 3 * CHUNK).json()["id"]
    send(victim_client, pk, 0, b"a" * CHUNK)
    send(victim_client, pk, CHUNK, b"a" * CHUNK)
    assert stored_bytes(victim.log) == 2 * CHUNK
    # Another file cannot take the room the partial upload holds...
    refused = victim_client.post(
        reverse("exhibit_upload"),
        {"files": [SimpleUploadedFile("other.jpg", files.jpeg())]},
    )
    assert "other.jpg was not saved: your evidence already uses 8 KB" in refused.content.decode()
    # ...and a chunk past the quota is refused as it arrives.
    settings.STALKLOG_STORAGE_QUOTA_BYTES = 2 * CHUNK + 100
    over = send(victim_client, pk, 2 * CHUNK, b"a" * CHUNK)
    assert over.status_code == 413 and "kept for each account" in over.json()["error"]


def test_finishing_does_not_count_the_file_twice_against_the_quota(victim_client, settings, photo):
    settings.STALKLOG_STORAGE_QUOTA_BYTES = len(photo) + 10
    pk = send_all(victim_client, "photo.jpg", photo)
    assert finish(victim_client, pk).status_code == 302
    assert Evidence.objects.count() == 1


def test_another_accounts_upload_is_404(victim_client, other_client, photo):
    pk = start(victim_client, "photo.jpg", len(photo)).json()["id"]
    send(victim_client, pk, 0, photo[:CHUNK])
    assert other_client.get(reverse("upload_chunk", args=[pk])).status_code == 404
    assert send(other_client, pk, CHUNK, photo[CHUNK : 2 * CHUNK]).status_code == 404
    assert other_client.post(reverse("upload_cancel", args=[pk])).status_code == 404
    assert ResumableUpload.objects.get().received_bytes == CHUNK


def test_another_accounts_finished_upload_cannot_be_made_an_exhibit(
    victim_client, other_client, photo
):
    pk = send_all(victim_client, "photo.jpg", photo)
    response = finish(other_client, pk)
    assert response.status_code == 400
    assert "A file sent earlier is no longer waiting here" in response.content.decode()
    assert not Evidence.objects.exists() and ResumableUpload.objects.filter(pk=pk).exists()


def test_cancel_deletes_what_arrived(victim_client, private_storage, photo):
    pk = start(victim_client, "photo.jpg", len(photo)).json()["id"]
    send(victim_client, pk, 0, photo[:CHUNK])
    response = victim_client.post(
        reverse("upload_cancel", args=[pk]), headers={"X-Requested-With": "XMLHttpRequest"}
    )
    assert response.json() == {"cancelled": pk}
    assert not ResumableUpload.objects.exists() and not stored(private_storage)


def test_the_upload_page_lists_unfinished_uploads_and_cancels_them_without_scripts(
    victim_client, photo, django_assert_max_num_queries
):
    part = photo[: len(photo) * 45 // 100 + 1]
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        pk = start(victim_client, name, len(photo)).json()["id"]
        send(victim_client, pk, 0, part)
    with django_assert_max_num_queries(12):
        page = victim_client.get(reverse("exhibit_upload")).content.decode()
    assert "Not uploaded yet" in page and "<strong>c.jpg</strong>" in page
    assert "45% kept on the server" in page
    response = victim_client.post(reverse("upload_cancel", args=[pk]), follow=True)
    assert "Cancelled c.jpg: nothing of it is kept." in response.content.decode()
    assert ResumableUpload.objects.count() == 2


def test_an_unfinished_upload_named_in_the_form_is_not_saved_and_stays(victim_client, photo):
    pk = start(victim_client, "photo.jpg", len(photo)).json()["id"]
    send(victim_client, pk, 0, photo[:CHUNK])
    response = finish(victim_client, pk)
    assert response.status_code == 400
    assert "photo.jpg was not saved: only" in response.content.decode()
    assert not Evidence.objects.exists() and ResumableUpload.objects.get().pk == pk


def test_a_form_error_keeps_the_files_sent_in_parts(victim_client, photo):
    pk = send_all(victim_client, "photo.jpg", photo)
    future = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = finish(victim_client, pk, content_date=future, description="at the door")
    page = response.content.decode()
    assert response.status_code == 400 and "This is in the future" in page
    assert "Your files have arrived and are kept" in page
    assert f'name="upload" value="{pk}"' in page and "at the door" in page
    assert "Not uploaded yet" not in page  # it is in the form, not unfinished
    assert finish(victim_client, pk).status_code == 302
    assert Evidence.objects.get().sha256 == hashlib.sha256(photo).hexdigest()


def test_a_refused_file_sent_in_parts_is_deleted(victim_client, private_storage):
    html = b"<html><script>alert(1)</script></html>" * 200
    pk = send_all(victim_client, "photo.jpg", html)
    response = finish(victim_client, pk)
    assert "photo.jpg was not saved" in response.content.decode()
    assert not ResumableUpload.objects.exists() and not stored(private_storage)


def test_abandoned_uploads_are_deleted_after_the_grace_period(
    victim, log, private_storage, settings, photo
):
    settings.STALKLOG_UNFINISHED_UPLOAD_HOURS = 72
    from evidence.resumable import save_upload_chunk

    old = start_upload(log, victim, name="old.jpg", size_bytes=len(photo))
    save_upload_chunk(log, old.pk, offset=0, data=photo[:CHUNK])
    recent = start_upload(log, victim, name="recent.jpg", size_bytes=len(photo))
    save_upload_chunk(log, recent.pk, offset=0, data=photo[:CHUNK])
    ResumableUpload.objects.filter(pk=old.pk).update(
        changed_at=timezone.now() - timedelta(hours=73)
    )
    call_command("delete_abandoned_uploads")
    assert list(ResumableUpload.objects.values_list("pk", flat=True)) == [recent.pk]
    assert len(stored(private_storage)) == 1
    # Chunks whose row is gone (a crash between the two) go once as old.
    ResumableUpload.objects.filter(pk=recent.pk).delete()
    assert delete_abandoned_uploads(now=timezone.now() + timedelta(hours=71)) == 0
    assert len(stored(private_storage)) == 1
    delete_abandoned_uploads(now=timezone.now() + timedelta(hours=73))
    assert not stored(private_storage)


def test_partial_chunks_are_not_orphans(victim, log, photo):
    from evidence.resumable import save_upload_chunk
    from stalklog.core.storage import orphans

    upload = start_upload(log, victim, name="photo.jpg", size_bytes=len(photo))
    save_upload_chunk(log, upload.pk, offset=0, data=photo[:CHUNK])
    assert not list(orphans(grace_seconds=0))
