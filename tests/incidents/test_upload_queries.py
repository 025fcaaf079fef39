"""The upload request does the least database work it can: a fixed number of queries for a
photo, and the quota counted once however many files are sent together."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.models import Evidence
from tests.evidence import files

# Session, user, log; the quota's sum; the exhibit number (update, read); look-alikes; the
# exhibit; the access event (lock, last event, insert); the background reading's task; and
# the transaction's savepoint and its release (a test runs inside a transaction).
PHOTO_UPLOAD_QUERIES = 14


@pytest.fixture
def queued_tasks(settings):
    """As in production: the reading is queued in the database, not run in the request."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def post_files(client, *named):
    uploads = [SimpleUploadedFile(name, data) for name, data in named]
    return client.post(reverse("exhibit_upload"), {"files": uploads})


def test_a_photo_upload_makes_a_fixed_number_of_queries(
    victim, victim_client, queued_tasks, django_assert_num_queries
):
    post_files(victim_client, ("first.jpg", files.jpeg(colour=(1, 2, 3))))  # log not empty
    with django_assert_num_queries(PHOTO_UPLOAD_QUERIES):
        response = post_files(victim_client, ("photo.jpg", files.jpeg()))
    assert response.status_code == 302
    assert Evidence.objects.filter(log=victim.log).count() == 2


def test_the_quota_is_counted_once_for_several_files(victim, victim_client, queued_tasks):
    photos = [(f"p{n}.jpg", files.jpeg(colour=(n, 40, 40))) for n in range(3)]
    with CaptureQueriesContext(connection) as queries:
        response = post_files(victim_client, *photos)
    assert response.status_code == 302
    sums = [q for q in queries.captured_queries if '"size_bytes")' in q["sql"]]
    assert len(sums) == 1
    assert Evidence.objects.filter(log=victim.log).count() == 3


def test_the_quota_still_refuses_the_file_that_goes_over_it(
    victim, victim_client, queued_tasks, settings
):
    photos = [(f"p{n}.jpg", files.jpeg(colour=(n, 40, 40))) for n in range(3)]
    sizes = [len(data) for _name, data in photos]
    settings.STALKLOG_STORAGE_QUOTA_BYTES = sizes[0] + sizes[1] + sizes[2] // 2
    response = post_files(victim_client, *photos)
    page = response.content.decode()
    assert "p2.jpg was not saved" in page and "kept for each account" in page
    assert Evidence.objects.filter(log=victim.log).count() == 2


def test_a_photo_is_read_once_in_the_upload(victim, victim_client, queued_tasks, monkeypatch):
    """Hashed, encrypted and kept for its preview as it arrives: never decrypted again."""
    from evidence import ingest

    def decrypt_again(*args):
        raise AssertionError("the upload decrypted what it had just encrypted")

    monkeypatch.setattr(ingest, "decrypt_file", decrypt_again)
    response = post_files(victim_client, ("photo.jpg", files.jpeg()))
    assert response.status_code == 302
    assert Evidence.objects.get(log=victim.log).has_preview


def test_a_file_that_is_not_a_picture_is_not_kept_in_memory(victim):
    from evidence.ingest import IngestedFile

    received = IngestedFile(victim.log, "notes.txt")
    for _ in range(4):
        received.feed(b"he was outside again " * 4000)
    received.finish()
    assert received._plain is None
    assert received.read_plaintext(10**6) == b"he was outside again " * 16000
