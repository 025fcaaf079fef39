"""Every file of the corpus (tests/evidence/corpus.py) sent through the upload page as she
would send it: never a server error; either an exhibit of the right type (its original byte
for byte, its preview the right way up, its dates and messages read) or a message naming
the file and saying what to do, with nothing of it left behind."""

import hashlib
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from evidence.models import Call, Evidence, Message, ResumableUpload
from stalklog.casefile.models import AccessEvent
from tests.evidence.corpus import CASES


def _stored_files(root) -> list[str]:
    return sorted(str(path) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _rows():
    return (Evidence.objects.count(), Message.objects.count(), Call.objects.count())


def _upload(client, name, data):
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("exhibit_upload"), {"files": [upload]})


def _shape(image) -> str:
    return "portrait" if image.height > image.width else "landscape"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_real_file_is_kept_or_refused_with_a_reason(case, victim_client, private_storage):
    data = case.make()
    before = (_stored_files(private_storage), _rows(), AccessEvent.objects.count())
    response = _upload(victim_client, case.name, data)
    assert response.status_code in (200, 302, 400)
    evidence = Evidence.objects.filter(parent=None).first()
    if case.is_refused:
        assert evidence is None, f"{case.name} was saved as {evidence.detected_type}"
        page = response.content.decode()
        [said] = re.findall(r"[^>]*was not saved: [^<]*", page)
        assert case.name in said
        if case.refused_because:
            assert case.refused_because in said
        # Nothing of a refused file stays: no blob, no row, no access event.
        assert (_stored_files(private_storage), _rows(), AccessEvent.objects.count()) == before
        return
    assert evidence is not None, re.findall(r"was not saved: [^<]*", response.content.decode())
    evidence = Evidence.objects.select_related("log").get(pk=evidence.pk)
    assert evidence.kind == case.kind
    if case.mime:
        assert evidence.detected_type == case.mime
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    download = victim_client.get(reverse("exhibit_download", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == data
    if case.content_date:
        assert evidence.content_date.isoformat() == case.content_date
    if case.messages is not None:
        assert evidence.messages.count() == case.messages
    if case.children is not None:
        assert evidence.children.count() == case.children
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk]))
    assert page.status_code == 200
    shown = page.content.decode()
    if evidence.messages.exists():
        listed = victim_client.get(reverse("exhibit_messages", args=[evidence.pk]))
        shown += listed.content.decode()
    if evidence.metadata.get("calls"):
        listed = victim_client.get(reverse("exhibit_calls", args=[evidence.pk]))
        assert listed.status_code == 200
        assert Call.objects.filter(evidence=evidence).count() == evidence.metadata["calls"]["count"]
    if case.text:
        assert case.text in shown or case.text in evidence.text
    if case.upright:
        preview = victim_client.get(reverse("exhibit_preview", args=[evidence.pk]))
        image = Image.open(io.BytesIO(preview.content))
        assert _shape(image) == case.upright
        if case.top_marked:
            assert max(image.convert("RGB").getpixel((image.width // 2, 2))) < 60
    for check in case.checks:
        check(evidence)


# The page sends large files in parts (evidence.resumable); the same files must end the same.
IN_PARTS = [
    case
    for case in CASES
    if (case.is_refused and case.name != "empty.jpg")
    or case.name
    in {"xiaomi.heic", "Inbox.mbox", "messages.html", "Call History.csv", "Voice 001.m4a"}
]


@pytest.mark.parametrize("case", IN_PARTS, ids=[case.name for case in IN_PARTS])
def test_real_file_sent_in_parts_ends_as_a_one_shot_upload_does(
    case, victim_client, private_storage
):
    data = case.make()
    before = (_stored_files(private_storage), _rows(), ResumableUpload.objects.count())
    started = victim_client.post(
        reverse("upload_start"), {"name": case.name, "size": str(len(data))}
    ).json()
    chunk = 64 * 1024
    for offset in range(0, len(data), chunk):
        response = victim_client.post(
            reverse("upload_chunk", args=[started["id"]]),
            data[offset : offset + chunk],
            content_type="application/octet-stream",
            headers={"X-Upload-Offset": str(offset)},
        )
        assert response.status_code == 200
    response = victim_client.post(reverse("exhibit_upload"), {"upload": [str(started["id"])]})
    assert response.status_code in (200, 302, 400)
    evidence = Evidence.objects.filter(parent=None).first()
    if case.is_refused:
        assert evidence is None
        assert f"{case.name} was not saved" in response.content.decode()
        after = (_stored_files(private_storage), _rows(), ResumableUpload.objects.count())
        assert after == before
        return
    assert evidence.kind == case.kind
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert not ResumableUpload.objects.exists()
