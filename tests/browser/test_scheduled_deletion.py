"""Deleting an account waits a week: a password sign-in finds it locked, and signing in
with two-step sign-in keeps it."""

from playwright.sync_api import expect

from stalklog.casefile.models import Log
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, enrol_two_step, totp_code


def test_asking_to_delete_then_keeping_the_account_with_two_step(phone_page, victim, settings):
    settings.STALKLOG_DELETION_GRACE_DAYS = 7
    device = enrol_two_step(victim)
    page = phone_page
    sign_in(page, "victim")
    page.goto("/account/delete/")
    expect(page.get_by_text("deleted for good 7 days later")).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_label('Type "delete my account" to confirm').fill("delete my account")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Your account will be deleted")).to_be_visible()
    page.screenshot(path="/tmp/i17-scheduled.png", full_page=True)

    sign_in(page, "victim")
    expect(
        page.get_by_role("heading", name="Your account is waiting to be deleted")
    ).to_be_visible()
    page.screenshot(path="/tmp/i17-pending.png", full_page=True)
    page.get_by_role("button", name="Keep my account").click()
    expect(page.get_by_text("Your account will not be deleted")).to_be_visible()
    assert Log.objects.get(owner=victim).deletion_due_at is None
