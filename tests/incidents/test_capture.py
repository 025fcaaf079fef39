"""Take a photo or video from an incident's page: the phone's camera, straight into the
encrypted upload, linked to the incident, with an honest note about the phone's gallery."""

import hashlib
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import Evidence
from tests.evidence import files
from tests.incidents.conftest import make_incident

# The first box of an MP4 from a phone camera: enough for the type to be detected.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x08free" * 64


def capture_form(page):
    return page[page.index("<form", page.index("data-capture") - 400) :].split("</form>")[0]


def form_fields(form):
    """The name=value pairs of a form's hidden inputs, as a browser would send them."""
    return dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))


def test_the_incident_page_has_a_camera_input_posting_to_the_encrypted_upload(
    victim_client, victim, log
):
    incident = make_incident(log, victim)
    form = capture_form(victim_client.get(f"/incidents/{incident.pk}/").content.decode())
    assert f'action="/evidence/upload/?incident={incident.pk}"' in form
    assert 'enctype="multipart/form-data"' in form
    assert 'type="file"' in form and 'name="files"' in form
    assert 'accept="image/*,video/*" capture="environment"' in form
    assert "This app writes nothing to your phone's photo gallery." in form
    assert "Recently Deleted" in form


def test_an_incident_logged_in_the_moment_offers_the_camera_first(victim_client, victim, log):
    incident = make_incident(log, victim, to_complete=True)
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert page.count("Take a photo or video") == 1
    assert page.index("Take a photo or video") < page.index("What happened")


def test_log_it_now_says_the_camera_comes_next(victim_client):
    page = victim_client.get("/incidents/now/").content.decode()
    assert "Next, you can take a photo or video" in page


def _send(client, incident, name, data):
    form = capture_form(client.get(f"/incidents/{incident.pk}/").content.decode())
    action = re.search(r'action="([^"]+)"', form).group(1)
    fields = form_fields(form)
    fields.pop("csrfmiddlewaretoken", None)
    return client.post(action, {**fields, "files": SimpleUploadedFile(name, data)})


def test_a_photo_taken_there_is_saved_encrypted_and_linked_to_the_incident(
    victim_client, victim, log, private_storage
):
    incident = make_incident(log, victim)
    photo = files.jpeg()
    response = _send(victim_client, incident, "image.jpg", photo)
    exhibit = Evidence.objects.get(log=log)
    assert response.status_code == 302
    assert response["Location"] == f"/evidence/{exhibit.pk}/"
    assert list(exhibit.incidents.all()) == [incident]
    assert exhibit.sha256 == hashlib.sha256(photo).hexdigest()
    stored = b"".join(p.read_bytes() for p in private_storage.rglob("*") if p.is_file())
    assert photo[:64] not in stored  # only ciphertext reached the disk


def test_a_video_taken_there_is_saved_as_a_video(victim_client, victim, log):
    incident = make_incident(log, victim)
    response = _send(victim_client, incident, "video.mp4", MP4)
    exhibit = Evidence.objects.get(log=log)
    assert response.status_code == 302
    assert exhibit.kind == Evidence.Kind.VIDEO
    assert list(exhibit.incidents.all()) == [incident]


def test_another_victims_incident_cannot_be_the_target(victim_client, other_victim):
    theirs = make_incident(other_victim.log, other_victim)
    response = victim_client.post(
        f"/evidence/upload/?incident={theirs.pk}",
        {"incident": str(theirs.pk), "files": SimpleUploadedFile("image.jpg", files.jpeg())},
    )
    assert response.status_code == 400
    assert not Evidence.objects.exists()
