"""The private file storage under faults: writes are 0600 from their first byte, a write that
fails (a full disk) leaves nothing behind, and orphans are found, reported and deleted."""

import datetime
import os
import stat

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from evidence.models import Evidence
from stalklog.core.storage import log_prefix, orphans, walk
from tests.evidence import files
from tests.evidence.factories import make_exhibit
from tests.evidence.test_views import post_files
from tests.faults import FillingStorage, use_storage


@pytest.fixture
def filling(settings, private_storage, monkeypatch):
    use_storage(settings, private_storage)
    monkeypatch.setattr(FillingStorage, "limit_bytes", None)
    return FillingStorage


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


class Chunks(File):
    """A file whose chunks are produced one at a time, calling `between` after the first."""

    def __init__(self, parts, between):
        super().__init__(None, name="parts")
        self.parts, self.between = parts, between

    def chunks(self, chunk_size=None):
        for index, part in enumerate(self.parts):
            if index == 1:
                self.between()
            yield part


def test_a_file_is_private_from_its_first_byte(private_storage):
    modes = []

    def look():
        [partial] = [p for p in private_storage.rglob(".partial-*")]
        modes.append(stat.S_IMODE(partial.stat().st_mode))

    name = default_storage.save("logs/x/originals/abc", Chunks([b"first", b"second"], look))

    assert modes == [0o600]
    assert stat.S_IMODE(os.stat(private_storage / name).st_mode) == 0o600
    assert (private_storage / name).read_bytes() == b"firstsecond"


def test_a_half_written_file_never_appears_under_its_name(private_storage):
    seen = []
    default_storage.save(
        "logs/x/originals/abc",
        Chunks([b"a", b"b"], lambda: seen.append(default_storage.exists("logs/x/originals/abc"))),
    )
    assert seen == [False]


def test_an_existing_file_is_never_replaced(private_storage):
    first = default_storage.save("logs/x/originals/abc", ContentFile(b"one"))
    second = default_storage.save("logs/x/originals/abc", ContentFile(b"two"))

    assert first != second
    assert default_storage.open(first).read() == b"one"


def test_a_full_disk_leaves_no_partial_file(filling, private_storage):
    filling.limit_bytes = 1000

    with pytest.raises(OSError, match="No space left"):
        default_storage.save("logs/x/originals/abc", ContentFile(b"x" * 5000))

    assert stored_files(private_storage) == []


def test_an_upload_on_a_full_disk_says_so_keeps_nothing_and_the_next_one_works(
    filling, private_storage, victim, victim_client
):
    filling.limit_bytes = 20_000  # the disk fills part-way through the photo
    photo = files.jpeg(1600, 1200)
    assert len(photo) > 20_000

    response = post_files(victim_client, ("car.jpg", photo))

    page = response.content.decode()
    assert response.status_code == 400
    assert "car.jpg was not saved: the service has run out of space to store files." in page
    assert "Nothing of it was kept" in page
    assert stored_files(private_storage) == []
    assert not Evidence.objects.exists()

    filling.limit_bytes = None  # space is back
    response = post_files(victim_client, ("car.jpg", photo))

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert sorted(stored_files(private_storage)) == sorted(n for _, n, _ in evidence.blobs())


def make_orphans(log):
    prefix = log_prefix(log)
    partial = default_storage.save(f"{prefix}originals/.partial-0badc0ffee", ContentFile(b"half"))
    rowless = default_storage.save(f"{prefix}originals/{'ab' * 16}", ContentFile(b"no row"))
    return [partial, rowless]


def age(root, name, seconds):
    then = (datetime.datetime.now() - datetime.timedelta(seconds=seconds)).timestamp()
    os.utime(root / name, (then, then))


def test_files_without_a_row_are_orphans_once_past_the_grace_period(victim, private_storage):
    evidence = make_exhibit(victim.log, victim)
    partial, rowless = make_orphans(victim.log)
    age(private_storage, partial, 7200)

    found = {o.name: o.is_past_grace for o in orphans(grace_seconds=3600)}

    assert found == {partial: True, rowless: False}
    assert evidence.blob_name not in found


def test_check_storage_reports_orphans_and_fails_without_deleting(victim, private_storage):
    make_exhibit(victim.log, victim)
    partial, _ = make_orphans(victim.log)
    age(private_storage, partial, 7200)
    before = list(walk(""))

    with pytest.raises(CommandError, match="1 stored file without a row"):
        call_command("check_storage", grace_seconds=3600)

    assert list(walk("")) == before


def test_check_storage_deletes_old_orphans_and_leaves_young_ones(victim, private_storage, capsys):
    evidence = make_exhibit(victim.log, victim)
    partial, rowless = make_orphans(victim.log)
    age(private_storage, partial, 7200)

    call_command("check_storage", delete_orphans=True, grace_seconds=3600)

    remaining = set(walk(""))
    assert partial not in remaining
    assert rowless in remaining  # may still be getting its row
    assert {n for _, n, _ in evidence.blobs()} <= remaining
    assert "Deleted 1 orphaned file; 1 younger than 3600 seconds left alone." in (
        capsys.readouterr().out
    )


def test_check_storage_leaves_cached_export_sections_alone(victim, private_storage):
    cached = default_storage.save(
        f"{log_prefix(victim.log)}export-cache/{'cd' * 32}", ContentFile(b"pdf")
    )
    age(private_storage, cached, 7200)

    call_command("check_storage", delete_orphans=True, grace_seconds=3600)

    assert default_storage.exists(cached)


def test_verify_log_reports_an_orphan_past_the_grace_period(victim, private_storage, settings):
    settings.STALKLOG_ORPHAN_GRACE_SECONDS = 3600
    make_exhibit(victim.log, victim)
    partial, _ = make_orphans(victim.log)
    age(private_storage, partial, 7200)

    with pytest.raises(CommandError, match="1 problem found"):
        call_command("verify_log", username=victim.username)


def test_a_recordings_chunks_are_kept_and_backed_up_but_not_its_partial_files(
    victim, private_storage, tmp_path
):
    import json

    folder = f"{log_prefix(victim.log)}recordings/1-{'ef' * 16}/"
    chunk = default_storage.save(f"{folder}000000", ContentFile(b"SLF1 chunk"))
    partial = default_storage.save(f"{folder}.partial-0badc0ffee", ContentFile(b"half"))
    for name in (chunk, partial):
        age(private_storage, name, 7200)

    assert [o.name for o in orphans(grace_seconds=3600)] == [partial]
    call_command("backup", output=tmp_path / "backup", verbosity=0)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert [entry["name"] for entry in manifest["files"]] == [chunk]
