"""The export pages in Welsh, Polish and Urdu in a real browser: no accessibility fault and no
sideways scrolling at desktop and phone widths, and the document's language chosen on the page
while the page itself stays in hers."""

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from incidents.export.models import ExportJob
from incidents.models import Behaviour
from incidents.services import record_incident
from tests.browser.conftest import sign_in
from tests.browser.test_axe import AXE, SIZES, check
from tests.conftest import make_victim

SHOTS = Path(os.environ.get("STALKLOG_SCREENSHOTS", tempfile.gettempdir()))
MAKE_THE_PDF = {"cy": "Gwneud y PDF", "pl": "Utwórz PDF", "ur": "PDF بنائیں"}

if not AXE.exists():
    pytestmark = pytest.mark.skip(reason="axe-core is not installed: run `make axe`")


def cut_off_choices(page):
    """The labels of the form's choices that a box around them hides in part: the point just
    above each label's last line must show the label itself, not what is beside or below it.
    Only the page scrolls to each (scrollIntoView would scroll the box too and hide the cut);
    the long lists of people and behaviours scroll in their own box by design."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.export-form label')].filter(label => {
            if (!label.getClientRects().length) return false;
            if (label.closest('[id$="_people"], [id$="_behaviours"]')) return false;
            const top = label.getBoundingClientRect().top + window.scrollY;
            window.scrollTo(0, top - window.innerHeight / 2);
            const box = label.getBoundingClientRect();
            const found = document.elementFromPoint(box.left + box.width / 2, box.bottom - 4);
            return !(found && (label === found || label.contains(found)));
        }).map(label => label.textContent.trim())"""
    )


@pytest.mark.parametrize("code", ["cy", "pl", "ur"])
def test_export_pages_in_each_language(new_context, transactional_db, code):
    victim = make_victim()
    victim.language = code
    victim.save()
    record_incident(
        victim.log,
        victim,
        behaviours=Behaviour.objects.filter(code="following"),
        occurred_start=datetime(2026, 3, 2, 12, tzinfo=UTC),
        description="He followed me home from the station.",
    )
    # One context per language; the phone width by resizing it (bypass_csp lets axe in).
    page = new_context(bypass_csp=True, **SIZES["desktop"]).new_page()
    sign_in(page, victim.username)
    faults = []
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        faults += check(page, "/export/")
        assert cut_off_choices(page) == [], f"choices cut off at {width} px"
    assert faults == []
    if code == "ur":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        page.screenshot(path=str(SHOTS / "urdu-phone-export.png"), full_page=True)
    # The document in Welsh, chosen on a page in her language.
    page.get_by_label("Cymraeg", exact=True).check()
    page.get_by_role("button", name=MAKE_THE_PDF[code]).click()
    page.wait_for_url(lambda url: "/export/" in url and not url.endswith("/export/"))
    job = ExportJob.objects.get(log=victim.log)
    assert job.export_options.language == "cy"
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        faults += check(page, reverse("export_job", args=[job.pk]))
    assert faults == []
    if code == "ur":
        page.screenshot(path=str(SHOTS / "urdu-phone-export-job.png"), full_page=True)
