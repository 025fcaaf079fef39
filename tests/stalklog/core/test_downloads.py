"""Downloads when the file store fails: our own error page (with the quick exit) if nothing
can be read, a cut-off download if it fails part-way, and never a "downloaded" in the
access log unless the last byte went out."""

import pytest
from django.urls import reverse

from incidents.export.models import ExportJob
from stalklog.casefile.models import AccessEvent
from stalklog.core.crypto import CHUNK_BYTES
from tests.evidence.factories import make_exhibit
from tests.faults import FailingReadStorage, use_storage


@pytest.fixture
def failing_reads(settings, private_storage, monkeypatch):
    use_storage(settings, private_storage, "tests.faults.FailingReadStorage")
    monkeypatch.setattr(FailingReadStorage, "good_bytes", None)
    return FailingReadStorage


@pytest.fixture
def large_exhibit(victim, failing_reads):
    return make_exhibit(victim.log, victim, "call-log.txt", b"07700 900123 called\n" * 30_000)


def downloads(log):
    return AccessEvent.objects.filter(log=log, action="downloaded").count()


def test_a_file_store_that_cannot_be_read_gives_our_error_page(
    victim, victim_client, large_exhibit, failing_reads
):
    failing_reads.good_bytes = 0

    response = victim_client.get(reverse("exhibit_download", args=[large_exhibit.pk]))

    page = response.content.decode()
    assert response.status_code == 503
    assert "The file could not be fetched" in page
    assert "Exit this page" in page
    assert "no-store" in response["Cache-Control"]
    assert downloads(victim.log) == 0


def test_a_download_cut_off_part_way_is_not_logged_as_a_download(
    victim, victim_client, large_exhibit, failing_reads
):
    failing_reads.good_bytes = 4 * CHUNK_BYTES  # some chunks arrive, then the disk fails

    response = victim_client.get(reverse("exhibit_download", args=[large_exhibit.pk]))
    assert response.status_code == 200
    with pytest.raises(OSError, match="Input/output error"):
        b"".join(response.streaming_content)

    assert downloads(victim.log) == 0


def test_a_download_is_logged_when_its_last_byte_has_gone(victim, victim_client, large_exhibit):
    response = victim_client.get(reverse("exhibit_download", args=[large_exhibit.pk]))
    assert downloads(victim.log) == 0  # the headers have gone, the file not yet

    body = b"".join(response.streaming_content)

    assert len(body) == large_exhibit.size_bytes
    assert downloads(victim.log) == 1


def test_an_export_whose_file_cannot_be_read_gives_our_error_page(
    victim, victim_client, failing_reads
):
    from tests.incidents.export.conftest import add_incident, at

    add_incident(victim.log, victim, at(2), "He followed me home.")
    victim_client.post(reverse("export"), {"profile": "police"})
    job = ExportJob.objects.get(log=victim.log)
    assert job.is_ready
    failing_reads.good_bytes = 0

    response = victim_client.get(reverse("export_download", args=[job.pk]))

    assert response.status_code == 503
    assert "Exit this page" in response.content.decode()
    assert downloads(victim.log) == 0
