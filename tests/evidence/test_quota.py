"""Each account keeps at most STALKLOG_STORAGE_QUOTA_BYTES of evidence; a file past it is
refused at upload with a message that says what is used, what is left and what to do."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import Evidence
from tests.evidence import files


def post_files(client, *named):
    uploads = [SimpleUploadedFile(name, data) for name, data in named]
    return client.post(reverse("exhibit_upload"), {"files": uploads})


def test_a_file_past_the_quota_is_refused_and_what_was_saved_stays(victim_client, settings):
    first, second = files.jpeg(), files.png_screenshot()
    settings.STALKLOG_STORAGE_QUOTA_BYTES = len(first) + len(second) // 2
    response = post_files(victim_client, ("first.jpg", first), ("second.png", second))
    page = response.content.decode()
    assert "second.png was not saved: your evidence already uses" in page
    assert "kept for each account" in page and "there is room for" in page
    assert "Nothing you saved before is affected" in page
    assert [e.original_name for e in Evidence.objects.all()] == ["first.jpg"]


def test_the_quota_is_per_account(victim_client, other_client, settings):
    data = files.jpeg()
    settings.STALKLOG_STORAGE_QUOTA_BYTES = len(data) + 10
    post_files(victim_client, ("mine.jpg", data))
    post_files(other_client, ("theirs.jpg", data))
    assert Evidence.objects.count() == 2


def test_a_quota_of_zero_means_no_limit(victim_client, settings):
    settings.STALKLOG_STORAGE_QUOTA_BYTES = 0
    post_files(victim_client, ("a.jpg", files.jpeg()), ("b.png", files.png_screenshot()))
    assert Evidence.objects.count() == 2


def test_the_default_quota_is_five_gigabytes():
    from django.conf import settings

    assert settings.STALKLOG_STORAGE_QUOTA_BYTES == 5 * 1024**3
