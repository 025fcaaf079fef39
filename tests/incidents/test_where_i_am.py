""" "Add where I am now": a position her phone gives, saved sealed with an incident only when
she pressed the button, shown on its page where she can put it into words or remove it, and
left out of every export unless she chooses positions for that export."""

from django.db import connection
from django.urls import reverse

from incidents.export.document import build_document, incidents_with_position
from incidents.export.models import ExportJob
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_html
from incidents.models import Amendment, Incident
from stalklog.casefile.models import AccessEvent
from tests.incidents.conftest import make_incident, minimal_post

HERE = {
    "position_latitude": "51.501364",
    "position_longitude": "-0.14189",
    "position_accuracy": "18.4",
}


def raw_column(incident) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT position_sealed FROM incidents_incident WHERE id = %s", [incident.pk]
        )
        return bytes(cursor.fetchone()[0])


def positioned(log, victim, **position):
    incident = make_incident(log, victim)
    incident.position = position or {"latitude": 51.501364, "longitude": -0.14189, "accuracy_m": 18}
    incident.save()
    return incident


def test_the_incident_form_saves_the_position_sealed(victim_client, log):
    response = victim_client.post("/incidents/new/", minimal_post(**HERE))
    assert response.status_code == 302
    incident = Incident.objects.get(log=log)
    assert incident.position == {"latitude": 51.501364, "longitude": -0.14189, "accuracy_m": 18}
    raw = raw_column(incident)
    assert raw and b"51.50" not in raw and b"0.141" not in raw and b"latitude" not in raw


def test_log_it_now_saves_the_position(victim_client, log):
    response = victim_client.post(
        "/incidents/now/", {"when": "now", "description": "He is outside.", **HERE}
    )
    assert response.status_code == 302
    incident = Incident.objects.get(log=log)
    assert incident.position["latitude"] == 51.501364 and incident.to_complete


def test_no_position_is_saved_unless_she_pressed_the_button(victim_client, log):
    victim_client.post("/incidents/new/", minimal_post())
    victim_client.post("/incidents/now/", {"when": "now", "description": "He is outside."})
    for incident in Incident.objects.filter(log=log):
        assert incident.position is None and raw_column(incident) == b""


def test_half_a_position_is_refused_and_nothing_typed_is_lost(victim_client, log):
    response = victim_client.post(
        "/incidents/now/",
        {"when": "now", "description": "He is outside.", "position_latitude": "51.5"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "position could not be read, so it was not added" in page
    assert "He is outside." in page
    assert 'name="position_latitude" value="51.5"' not in page  # emptied: sending again works
    assert not Incident.objects.filter(log=log).exists()


def test_a_position_out_of_range_is_refused(victim_client, log):
    data = minimal_post(position_latitude="123", position_longitude="0")
    page = victim_client.post("/incidents/new/", data).content.decode()
    assert "position could not be read" in page
    assert not Incident.objects.filter(log=log).exists()


def test_the_button_is_offered_on_the_two_forms_that_record_a_new_incident(
    victim_client, victim, log
):
    incident = make_incident(log, victim)
    for url in ("/incidents/now/", "/incidents/new/"):
        page = victim_client.get(url).content.decode()
        assert "Add where I am now" in page and "where-i-am.js" in page, url
    correction = victim_client.get(f"/incidents/{incident.pk}/amend/").content.decode()
    assert "Add where I am now" not in correction and "position_latitude" not in correction


def test_only_the_pages_with_the_button_may_ask_for_the_position(victim_client, victim, log):
    incident = make_incident(log, victim)
    for url in ("/incidents/now/", "/incidents/new/"):
        policy = victim_client.get(url)["Permissions-Policy"]
        assert "geolocation=(self)" in policy and "microphone=()" in policy, url
        assert "camera=()" in policy, url
    for url in ("/", f"/incidents/{incident.pk}/", f"/incidents/{incident.pk}/amend/",
                f"/incidents/{incident.pk}/record/", "/evidence/upload/", "/export/"):  # fmt: skip
        assert "geolocation=()" in victim_client.get(url)["Permissions-Policy"], url


def test_the_incident_page_shows_the_position_with_what_she_can_do(victim_client, victim, log):
    incident = positioned(log, victim)
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "51.50136, -0.14189 (to within 18 m)" in page
    assert "Save it in words instead" in page and "Remove the position" in page


def test_she_can_put_the_position_into_words(victim_client, victim, log):
    incident = positioned(log, victim)
    response = victim_client.post(
        f"/incidents/{incident.pk}/position/",
        {"action": "describe", "words": "  Outside the Co-op   on Mill Road "},
    )
    assert response.status_code == 302
    incident = Incident.objects.get(pk=incident.pk)
    incident.log = log
    assert incident.position is None and raw_column(incident) == b""
    assert incident.location == "Outside the Co-op on Mill Road"
    amendment = Amendment.objects.get(incident=incident)
    amendment.log = log
    assert amendment.changes == {"location": [None, "Outside the Co-op on Mill Road"]}
    assert "51.50" not in str(amendment.changes)  # no correction keeps the coordinates
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Outside the Co-op on Mill Road" in page and "51.50136" not in page


def test_describing_needs_words_and_keeps_the_position(victim_client, victim, log):
    incident = positioned(log, victim)
    response = victim_client.post(
        f"/incidents/{incident.pk}/position/", {"action": "describe", "words": "  "}
    )
    assert response.status_code == 400
    assert "Write where you were, or choose" in response.content.decode()
    incident.refresh_from_db()
    assert incident.position is not None


def test_she_can_remove_the_position(victim_client, victim, log):
    incident = positioned(log, victim)
    response = victim_client.post(f"/incidents/{incident.pk}/position/remove/")
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.position is None and raw_column(incident) == b""
    assert not incident.amendments.exists()
    assert AccessEvent.objects.filter(log=log, action="removed position").exists()


def test_removing_the_position_asks_first_and_the_question_changes_nothing(
    victim_client, victim, log
):
    incident = positioned(log, victim)
    url = f"/incidents/{incident.pk}/position/remove/"
    assert f'href="{url}"' in victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    response = victim_client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Remove the position from incident 1?" in text
    assert "51.50136, -0.14189 (to within 18 m)" in text
    assert "it is deleted for good, not hidden" in text
    assert f'<form method="post" action="{url}">' in text
    # The old one-click button (a page open from before) only leads to the question.
    old = victim_client.post(f"/incidents/{incident.pk}/position/", {"action": "remove"})
    assert old["Location"] == url
    incident.refresh_from_db()
    assert incident.position is not None
    assert not AccessEvent.objects.filter(log=log, action="removed position").exists()
    victim_client.post(url)
    incident.refresh_from_db()
    assert incident.position is None
    # Already removed: asking again leads back to the incident.
    assert victim_client.get(url)["Location"] == f"/incidents/{incident.pk}/"


def test_another_victims_position_cannot_be_changed(other_client, victim, log):
    incident = positioned(log, victim)
    response = other_client.post(f"/incidents/{incident.pk}/position/", {"action": "remove"})
    assert response.status_code == 404
    for method in (other_client.get, other_client.post):
        assert method(f"/incidents/{incident.pk}/position/remove/").status_code == 404
    incident.refresh_from_db()
    assert incident.position is not None


def test_the_export_leaves_the_position_out_by_default(victim, log):
    positioned(log, victim)
    html = render_html(build_document(log, ExportOptions(), victim))
    assert "51.50136" not in html and "-0.14189" not in html
    assert "Position when logged:</strong> left out" in html
    assert "where I am now" in html  # listed in what this document leaves out


def test_the_export_prints_the_position_when_she_chooses_positions(victim, log):
    positioned(log, victim)
    html = render_html(build_document(log, ExportOptions(include_gps=True), victim))
    assert "51.50136, -0.14189 (to within 18 m), from the victim's phone" in html


def test_an_incident_without_a_position_says_nothing_about_one(victim, log):
    make_incident(log, victim)
    html = render_html(build_document(log, ExportOptions(include_gps=True), victim))
    assert "Position when logged" not in html


def test_choosing_positions_first_names_the_incidents_that_carry_one(victim_client, victim, log):
    make_incident(log, victim)
    incident = positioned(log, victim)
    assert incidents_with_position(Incident.objects.filter(log=log)) == [incident.sequence_no]
    response = victim_client.post(reverse("export"), {"profile": "police", "include_gps": "on"})
    page = response.content.decode()
    assert response.status_code == 200 and not ExportJob.objects.filter(log=log).exists()
    assert f"incident {incident.sequence_no}." in page and "disclosed to the defence" in page
