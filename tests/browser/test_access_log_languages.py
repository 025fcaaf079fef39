"""The access log ("Who has seen my log") with every kind of event, in Welsh, Polish and Urdu
on a phone: every visit opened, no accessibility fault, no sideways scrolling, Urdu right to
left (its long lines and the Latin references inside them wrap, not overflow)."""

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.actors import make_caseworker, make_service_admin, make_share
from tests.browser.conftest import sign_in
from tests.browser.test_axe import SIZES, violations
from tests.conftest import make_victim
from tests.stalklog.casefile.test_visits_languages import every_kind_of_event, record_all

SHOTS = Path(os.environ.get("STALKLOG_SCREENSHOTS", tempfile.gettempdir()))

pytestmark = pytest.mark.usefixtures("axe_installed")


@pytest.mark.parametrize("code", ["cy", "pl", "ur"])
def test_the_access_log_reads_on_a_phone_in_each_language(new_context, transactional_db, code):
    victim = make_victim()
    caseworker = make_caseworker()
    make_share(victim.log, caseworker)
    record_all(victim.log, every_kind_of_event(victim, caseworker, make_service_admin()))
    victim.language = code
    victim.save()
    # bypass_csp lets Playwright add axe's script; the page's own scripts are unchanged.
    page = new_context(bypass_csp=True, **SIZES["phone"]).new_page()
    sign_in(page, victim.username)

    page.goto("/sharing/activity/")
    page.eval_on_selector_all("ol.visits details", "all => all.forEach(d => (d.open = true))")

    expect(page.locator("html")).to_have_attribute("dir", "rtl" if code == "ur" else "ltr")
    expect(page.locator(".visit-lines").first).to_be_visible()
    assert "%(" not in page.locator("main").inner_text()
    assert violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{width}px wide"
    if code == "ur":
        page.screenshot(path=str(SHOTS / "urdu-phone-access-log.png"))
        page.locator("ol.visits > li").nth(17).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "urdu-phone-access-log-exports.png"))
