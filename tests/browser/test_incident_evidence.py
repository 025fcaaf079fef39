"""From an incident's page a victim adds the photo that shows it, and sees it there."""

from datetime import UTC, datetime

from playwright.sync_api import expect

from incidents.models import Behaviour
from incidents.services import record_incident
from tests.browser.conftest import follow, sign_in
from tests.conftest import make_victim
from tests.evidence import files
from tests.evidence.factories import make_exhibit


def test_victim_adds_evidence_from_the_incident_page(phone_page, transactional_db):
    victim = make_victim()
    incident = record_incident(
        victim.log,
        victim,
        behaviours=Behaviour.objects.filter(code="following"),
        occurred_start=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        description="He was parked outside the school.",
    )
    make_exhibit(victim.log, victim, "earlier.jpg", title="Letter on the mat")
    page = phone_page
    sign_in(page, "victim")
    page.goto(f"/incidents/{incident.pk}/")
    expect(page.get_by_text("No evidence is linked to this incident yet.")).to_be_visible()

    # Its script must be running before Upload: without it the plain form sends the file and
    # the evidence list, not the exhibit, comes next.
    follow(page.get_by_role("link", name="Add evidence"))
    expect(page.get_by_label("Attach to an incident")).to_have_value(str(incident.pk))
    data = files.jpeg()
    upload = {"name": "car.jpg", "mimeType": "image/jpeg", "buffer": data}
    page.get_by_label("Files").set_input_files(upload)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Exhibit JS/2: car.jpg")).to_be_visible()
    page.get_by_role("link", name="Incident 1").click()

    evidence = page.locator("#evidence")
    expect(evidence.get_by_role("link", name="JS/2")).to_be_visible()
    thumbnail = evidence.locator("img")
    expect(thumbnail).to_have_count(1)
    loaded = (
        "img => img.complete ? img.naturalWidth"
        " : new Promise(done => img.addEventListener('load', () => done(img.naturalWidth)))"
    )
    assert thumbnail.evaluate(loaded) > 0

    page.get_by_label("Or link evidence you have already uploaded").select_option(
        label="JS/1: Letter on the mat (Photo)"
    )
    follow(page.get_by_role("button", name="Link this exhibit"))
    expect(page.get_by_text("Exhibit JS/1 is linked to incident 1.")).to_be_visible()
    expect(evidence.get_by_role("link", name="JS/1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto("/incidents/")
    expect(page.locator(".card-exhibits")).to_have_text("Evidence: JS/1 (photo), JS/2 (photo)")
