"""A caseworker sending a file in parts (or recording) on the victim's behalf leaves one
access event for the exhibit made, not one per chunk: the chunk endpoints are not recorded
by the door, the finished exhibit is, by the service that stores it."""

import pytest

from evidence.models import Evidence
from stalklog.casefile.models import AccessEvent
from tests.evidence import files
from tests.evidence.test_resumable import finish, send, start
from tests.incidents.conftest import make_incident
from tests.incidents.test_recordings import parts
from tests.incidents.test_recordings import send as send_recording


def events(share):
    found = AccessEvent.objects.filter(log=share.log, actor=share.caseworker).order_by("seq")
    return [(e.action, e.target) for e in found]


def test_a_three_chunk_upload_is_one_uploaded_event(caseworker_client, share):
    photo = files.jpeg(width=900, height=700)
    chunk = len(photo) // 3 + 1
    pk = start(caseworker_client, "photo.jpg", len(photo)).json()["id"]
    for offset in range(0, len(photo), chunk):
        assert (
            send(caseworker_client, pk, offset, photo[offset : offset + chunk]).status_code == 200
        )
    caseworker_client.get(f"/evidence/uploads/{pk}/")  # the page asks what the server holds
    assert events(share) == []
    finish(caseworker_client, pk, description="outside the house")
    exhibit = Evidence.objects.get(log=share.log)
    assert events(share).count(("uploaded", f"exhibit {exhibit.exhibit_ref}")) == 1
    # The finishing request recorded "uploaded" itself, so the door adds no generic entry.
    assert [action for action, _target in events(share)] == ["uploaded"]


def test_recording_chunks_are_not_recorded_one_by_one(caseworker_client, share):
    incident = make_incident(share.log, share.log.owner)
    for index, data in enumerate(parts(3)):
        assert send_recording(caseworker_client, incident, index, data).status_code == 200
    assert events(share) == []


@pytest.mark.parametrize("url", ["/evidence/uploads/999999/", "/incidents/999999/record/chunk/"])
def test_a_caseworkers_miss_on_a_chunk_endpoint_is_still_recorded(caseworker_client, share, url):
    caseworker_client.post(url, b"x", content_type="application/octet-stream")
    assert [action for action, _target in events(share)] == ["not found"]
