"""The incidents pages in Welsh, Polish and Urdu in a real browser: no accessibility fault
(axe) and no sideways scrolling at desktop size and on a phone; Urdu runs right to left."""

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from incidents.models import Behaviour, Incident, Order, Person
from incidents.services import correct_incident, record_incident, save_order, save_person
from tests.browser.conftest import sign_in
from tests.browser.test_axe import AXE, SIZES, check
from tests.conftest import make_victim

SHOTS = Path(os.environ.get("STALKLOG_SCREENSHOTS", tempfile.gettempdir()))

if not AXE.exists():
    pytestmark = pytest.mark.skip(reason="axe-core is not installed: run `make axe`")


def a_log_with_everything(language):
    victim = make_victim()
    victim.language = language  # her account's choice: every page after signing in
    victim.save()
    log = victim.log
    person = save_person(
        log,
        victim,
        name="Mark Smith",
        relationship=Person.Relationship.EX_PARTNER,
        is_perpetrator=True,
        identifiers=[{"kind": "phone", "value": "07700 900123", "first_seen": None}],
    )
    order = save_order(log, victim, kind=Order.Kind.RESTRAINING, reference="RO-77")
    incident = record_incident(
        log,
        victim,
        behaviours=Behaviour.objects.filter(code__in=["following", "threats"]),
        people=[person],
        occurred_start=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        description="He was parked outside the school.",
        channel=Incident.Channel.PHONE_CALL,
        alarm_or_distress=True,
        order_breached=order,
    )
    changes = {"impact_score": 2, "people": [person]}
    amendment = correct_incident(incident, victim, reason="I remembered", changes=changes)
    return [
        f"/incidents/{incident.pk}/",
        "/incidents/new/",
        "/incidents/now/",
        f"/incidents/{incident.pk}/amend/",
        f"/incidents/{incident.pk}/amendments/{amendment.pk}/",
        f"/incidents/{incident.pk}/record/",
        "/people/",
        f"/people/{person.pk}/",
        f"/people/{person.pk}/edit/",
        "/orders/",
        f"/orders/{order.pk}/edit/",
        "/export/documents/",
        "/incidents/",
        "/",
    ]


@pytest.mark.parametrize("language", ["cy", "pl", "ur"])
def test_incidents_pages_have_no_accessibility_fault_in_each_language(
    new_context, transactional_db, language
):
    paths = a_log_with_everything(language)
    # One context per language (bypass_csp lets Playwright add axe's script), both sizes.
    page = new_context(bypass_csp=True, **SIZES["phone"]).new_page()
    sign_in(page, "victim")
    expect(page.locator("html")).to_have_attribute("lang", language)
    faults = []
    for size in ("phone", "desktop"):
        page.set_viewport_size(SIZES[size]["viewport"])
        for path in paths:
            faults += [(size, *fault) for fault in check(page, path)]
            expect(page.locator("html")).to_have_attribute("lang", language)
    assert faults == []
    if language == "ur":
        page.set_viewport_size(SIZES["phone"]["viewport"])
        for name, path in [("incident", paths[0]), ("form", paths[1]), ("now", paths[2])]:
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            page.screenshot(path=str(SHOTS / f"urdu-phone-{name}.png"), full_page=True)
