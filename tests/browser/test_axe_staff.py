"""axe-core on every page a caseworker and a service admin can reach (and the victim's
record of who has seen her log), at desktop size and on a touch phone: no WCAG 2.0/2.1/2.2
A or AA fault, no best-practice one, and no page scrolls sideways on the phone.

The pages are read from the URL map (tests/urlmap.py), so a page added later is checked too.
"""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from incidents.models import Behaviour
from incidents.services import record_incident
from stalklog.casefile import audit
from tests.actors import make_caseworker, make_service_admin, make_share
from tests.browser.conftest import follow, sign_in
from tests.browser.pages import CASEWORKER_RULES, STAFF_RULES, a_log_with_a_photo, reachable
from tests.browser.test_axe import SIZES, check, violations
from tests.conftest import PASSWORD, make_victim
from tests.evidence.factories import make_exhibit

pytestmark = pytest.mark.usefixtures("axe_installed")

NARROW = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
SCREENSHOTS = Path("/tmp/stalklog-axe-staff")


def shoot(page, size, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{size}-{name}.png"), full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_every_caseworker_page_has_no_accessibility_faults(new_context, transactional_db, size):
    victim, _incident, _photo = a_log_with_a_photo()
    caseworker = make_caseworker(password=PASSWORD)
    make_share(victim.log, caseworker)
    page = new_context(bypass_csp=True, **SIZES[size]).new_page()
    sign_in(page, "caseworker")
    faults = check(page, "/")
    follow(page.get_by_role("button", name="Make a sharing code"))
    expect(page.locator("#share-code")).to_be_visible()
    faults += [("/ (a new code)", *v) for v in violations(page)]
    shoot(page, size, "caseworker-home")
    follow(page.get_by_role("button", name="Open victim's log"))
    expect(page.get_by_role("heading", name="victim's log")).to_be_visible()
    shoot(page, size, "shared-log")

    paths = reachable(CASEWORKER_RULES, victim.log, victim)
    for path in paths:
        faults += check(page, path)
    page.goto("/caseworker/recovery/")
    follow(page.get_by_role("button", name="Find the request"))
    faults += [("/caseworker/recovery/ (errors)", *v) for v in violations(page)]
    page.goto("/export/")
    shoot(page, size, "export")
    assert len(paths) > 25, paths
    assert not faults, "\n".join(map(str, faults))


@pytest.mark.parametrize("size", SIZES)
def test_every_service_admin_page_has_no_accessibility_faults(new_context, transactional_db, size):
    admin = make_service_admin(password=PASSWORD)
    make_caseworker(last_login=datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    closed = make_caseworker("closed_worker", first_name="Alex")
    closed.is_active = False
    closed.save()
    page = new_context(bypass_csp=True, **SIZES[size]).new_page()
    sign_in(page, "service_admin")
    faults = []
    paths = reachable(STAFF_RULES, None, admin)
    for path in paths:
        faults += check(page, path)
    page.goto("/staff/caseworkers/")
    shoot(page, size, "staff")
    follow(page.get_by_role("button", name="Add caseworker"))
    faults += [("/staff/caseworkers/ (errors)", *v) for v in violations(page)]
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("New")
    page.get_by_label("Username").fill("robin")
    follow(page.get_by_role("button", name="Add caseworker"))
    expect(page.locator("#initial-password")).to_be_visible()
    faults += [("/staff/caseworkers/ (added)", *v) for v in violations(page)]
    follow(page.get_by_role("link", name="Close account of caseworker"))
    shoot(page, size, "staff-close")
    faults += [("close account", *v) for v in violations(page)]
    assert "/staff/caseworkers/" in " ".join(paths)
    assert not faults, "\n".join(map(str, faults))


@pytest.mark.parametrize("size", [*SIZES, "narrow"])
def test_who_has_seen_my_log_reads_and_fits_every_screen(new_context, transactional_db, size):
    victim = make_victim()
    caseworker = make_caseworker(
        password=PASSWORD, first_name="Samantha", last_name="Jones-Whitworth"
    )
    share = make_share(victim.log, caseworker)
    incident = record_incident(
        victim.log,
        victim,
        behaviours=Behaviour.objects.filter(code__in=["following"]),
        occurred_start=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    )
    exhibit = make_exhibit(victim.log, victim, "car.jpg", incidents=[incident], title="His car")
    audit.record(victim.log, caseworker, "opened", share)
    audit.record(victim.log, caseworker, "viewed", incident)
    audit.record(victim.log, caseworker, "viewed", exhibit)
    audit.record(victim.log, caseworker, "viewed", exhibit, "preview")
    audit.record(victim.log, caseworker, "export requested", "timeline export")
    audit.record(
        victim.log,
        caseworker,
        "exported",
        "timeline pdf JS-20260312-0A1B2C3D",
        "profile caseworker, 1 incidents, 1 exhibits",
    )
    audit.record(victim.log, caseworker, "viewed", "export_job", "job_id=0a1b2c3d-0000")
    audit.record(victim.log, caseworker, "downloaded", "export JS-20260312-0A1B2C3D")
    incident.amend(victim, "typo", {"occurred_start": datetime(2026, 3, 1, 9, 45, tzinfo=UTC)})
    page = new_context(bypass_csp=True, **(SIZES | {"narrow": NARROW})[size]).new_page()
    sign_in(page, "victim")
    page.goto("/sharing/")
    faults = [("/sharing/", *v) for v in violations(page)]
    follow(page.get_by_role("link", name="Who has seen my log"))
    expect(page.get_by_text("This record is complete")).to_be_visible()
    for summary in page.locator(".visit summary").all():
        summary.click()
    expect(page.locator(".visit-lines").first).to_be_visible()
    shoot(page, size, "access-log")
    faults += [("/sharing/activity/", *v) for v in violations(page)]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{width}px wide"
    text = page.locator("main").inner_text()
    assert "_" not in text and "job" not in text and "=" not in text
    assert not faults, "\n".join(map(str, faults))
