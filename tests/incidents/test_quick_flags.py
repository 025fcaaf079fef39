"""Children present, 'I called 999' and 'police attended': one tap each on both forms, shown
on the incident, kept through corrections and printed in the export."""

from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf
from incidents.models import Incident
from tests.incidents.conftest import make_incident, minimal_post
from tests.incidents.export.conftest import pdf_text

FLAGS = ("children_present", "called_999", "police_attended")
PRINTED = ("Children were present", "I called 999", "Police attended")


def test_the_full_form_records_the_flags(victim_client, log):
    victim_client.post("/incidents/new/", minimal_post(children_present="on", called_999="on"))
    incident = Incident.objects.get(log=log)
    assert incident.children_present and incident.called_999
    assert not incident.police_attended


def test_the_flags_are_on_the_form_outside_the_closed_sections(victim_client):
    page = victim_client.get("/incidents/new/").content.decode()
    # The first closed section after the question (the phone menu is a <details> too).
    start = page.index("Did any of these happen?")
    flags = page[start : page.index("<details", start)]
    for label in PRINTED:
        assert label in flags


def test_log_it_now_records_the_flags(victim_client, log):
    victim_client.post(
        "/incidents/now/",
        {"when": "now", "description": "At the door", "police_attended": "on"},
    )
    incident = Incident.objects.get(log=log)
    assert incident.police_attended and incident.to_complete
    assert not incident.children_present and not incident.called_999


def test_the_incident_page_shows_the_flags(victim_client, victim, log):
    incident = make_incident(log, victim, **dict.fromkeys(FLAGS, True))
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "<dt>At the time</dt>" in page
    for label in PRINTED:
        assert f"<li>{label}</li>" in page


def test_an_incident_without_flags_shows_no_heading(victim_client, victim, log):
    incident = make_incident(log, victim)
    assert "At the time" not in victim_client.get(f"/incidents/{incident.pk}/").content.decode()


def test_a_correction_adds_a_flag_and_keeps_the_change(victim_client, victim, log):
    incident = make_incident(log, victim)
    data = minimal_post(date="2026-03-01", time="09:30", reason="I forgot", called_999="on")
    assert victim_client.post(f"/incidents/{incident.pk}/amend/", data).status_code == 302
    incident.refresh_from_db()
    assert incident.called_999
    assert incident.amendments.get().changes == {"called_999": [False, True]}
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "I called 999" in page


def test_the_export_prints_the_flags(victim, log):
    make_incident(log, victim, description="Flagged one", **dict.fromkeys(FLAGS, True))
    make_incident(log, victim, description="Plain one")
    pdf = render_pdf(build_document(log, ExportOptions(), victim), workers=1)
    text = pdf_text(pdf)
    assert text.count("At the time") == 1
    for label in PRINTED:
        assert text.count(label) == 1


def test_the_export_says_an_incident_logged_in_the_moment_is_not_yet_completed(victim, log):
    from incidents.services import record_incident
    from tests.incidents.export.conftest import at

    record_incident(log, victim, behaviours=[], occurred_start=at(2), description="Quick one")
    record_incident(
        log, victim, behaviours=[], occurred_start=at(3), description="Later one", to_complete=True
    )
    text = pdf_text(render_pdf(build_document(log, ExportOptions(), victim), workers=1))
    text = " ".join(text.split())  # however the lines happen to wrap
    assert text.count("in the moment; not yet completed") == 1
    assert text.count("Behaviours: not yet given.") == 2
