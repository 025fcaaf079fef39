"""The whole request for a new password in real browsers: hers (a phone), the caseworker's,
the service admin's, and another signed-in session of hers that sees the banner."""

import os
from datetime import timedelta
from pathlib import Path

from django.db.models import F
from playwright.sync_api import expect

from stalklog.casefile.models import RecoveryRequest
from tests.actors import make_caseworker, make_service_admin, make_share
from tests.browser.conftest import follow, open_menu, sign_in
from tests.browser.test_axe import violations
from tests.conftest import PASSWORD, make_victim

NEW_PASSWORD = "lantern orchard quietly 58 moss"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 900}}
# Set STALKLOG_SCREENSHOTS=/some/dir to keep a picture of every step (to look at them).
SHOTS = os.environ.get("STALKLOG_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_her_browser_asks_a_caseworker_checks_an_admin_approves_and_she_finishes(
    new_context, transactional_db
):
    victim = make_victim()
    caseworker = make_caseworker("casey", password=PASSWORD)
    make_share(victim.log, caseworker)
    make_service_admin(password=PASSWORD)

    # Another session of hers, still signed in somewhere (her laptop).
    laptop = new_context(bypass_csp=True, **DESK).new_page()
    sign_in(laptop, "victim")

    # 1. On her phone: Can't sign in? -> a request code.
    phone = new_context(bypass_csp=True, **PHONE).new_page()
    phone.goto("/account/signin/")
    follow(phone.get_by_role("link", name="Can't sign in?"))
    expect(phone.get_by_role("heading", name="Can't sign in?")).to_be_visible()
    no_sideways_scroll(phone)
    assert violations(phone) == []
    shot(phone, "1-start-390")
    phone.get_by_label("Your username").fill("victim")
    follow(phone.get_by_role("button", name="Get a request code"))
    code = phone.locator("#request-code").inner_text().strip()
    assert len(code) == 9
    no_sideways_scroll(phone)
    assert violations(phone) == []
    shot(phone, "2-code-390")

    # 2. The caseworker finds it by the code she reads out and confirms who she is.
    desk = new_context(bypass_csp=True, **DESK).new_page()
    sign_in(desk, "casey")
    desk.get_by_role("link", name="New passwords").click()
    desk.get_by_label("Request code").fill(code)
    follow(desk.get_by_role("button", name="Find the request"))
    expect(desk.locator("#request-account")).to_have_text("victim")
    assert violations(desk) == []
    shot(desk, "3-check-1280")
    desk.get_by_label("I have checked who I am talking to").check()
    desk.get_by_role("button", name="Confirm who they are").click()
    expect(desk.locator("#request-checked")).to_contain_text("Identity confirmed by you")
    expect(desk.get_by_text("must approve it: Sam Admin")).to_be_visible()
    shot(desk, "4-checked-1280")

    # Her laptop now warns her, with a one-click cancel.
    laptop.reload()
    banner = laptop.locator("#recovery-banner")
    expect(banner).to_contain_text("Someone asked to reset your account")
    expect(banner.get_by_role("button", name="Cancel the password reset")).to_be_visible()
    assert violations(laptop) == []
    shot(laptop, "5-banner-1280")

    # 3. A second person, the service admin, approves.
    admin = new_context(bypass_csp=True, **PHONE).new_page()
    sign_in(admin, "service_admin")
    open_menu(admin)
    follow(admin.get_by_role("link", name="New passwords"))
    expect(admin.locator("ul.recovery-requests")).to_contain_text("Casey Worker")
    expect(admin.locator("ul.recovery-requests")).not_to_contain_text("victim")
    no_sideways_scroll(admin)
    assert violations(admin) == []
    shot(admin, "6-approve-390")
    request_id = RecoveryRequest.objects.get().pk
    follow(admin.get_by_role("link", name=f"Approve request {request_id}"))
    # A page first says what approving will do; only its button acts.
    expect(admin.get_by_role("heading", name=f"Approve request {request_id}?")).to_be_visible()
    no_sideways_scroll(admin)
    assert violations(admin) == []
    admin.get_by_role("button", name="Approve the request").click()
    expect(admin.get_by_text(f"Approved request {request_id}")).to_be_visible()

    # 4. The wait: her phone says when; nothing can be set yet.
    phone.reload()
    expect(phone.get_by_text("Your request was approved")).to_be_visible()
    expect(phone.get_by_label("New password", exact=True)).to_have_count(0)
    shot(phone, "7-waiting-390")
    laptop.reload()
    expect(laptop.locator("#recovery-banner")).to_contain_text("can be set from")

    # Time moves past the wait.
    RecoveryRequest.objects.update(approved_at=F("approved_at") - timedelta(hours=25))

    # 5. Only her phone, the browser that asked, sets the new password.
    desk.goto("/account/new-password/status/")
    expect(desk.get_by_text("This browser has not asked")).to_be_visible()
    phone.reload()
    phone.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    phone.get_by_label("New password again").fill(NEW_PASSWORD)
    no_sideways_scroll(phone)
    assert violations(phone) == []
    shot(phone, "8-ready-390")
    phone.get_by_role("button", name="Set new password").click()
    phone.wait_for_url("**/account/two-step/")
    expect(phone.get_by_text("Your new password is set")).to_be_visible()

    # Her other session ended; the new password signs in.
    laptop.reload()
    assert "/account/signin/" in laptop.url
    sign_in(laptop, "victim", NEW_PASSWORD)
    laptop.goto("/sharing/activity/")
    # Every visit opened, so its lines are read too.
    laptop.eval_on_selector_all("ol.visits details", "all => all.forEach(d => (d.open = true))")
    log_text = laptop.locator("ol.visits").inner_text()
    for words in ("asked to reset", "confirmed your identity", "approved", "reset the password"):
        assert words in log_text
    shot(laptop, "9-access-log-1280")
