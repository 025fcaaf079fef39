import base64
import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from stalklog.accounts.twostep import issue_recovery_codes
from tests.browser.conftest import follow, open_menu, sign_in, wait_until
from tests.conftest import PASSWORD, enrol_two_step, totp_code

NEW_PASSWORD = "a different long passphrase 42"


def allowed(device):
    device.refresh_from_db()
    return device.verify_is_allowed()[0]


def test_enrol_two_step_then_sign_in_with_a_code(phone_page, victim):
    page = phone_page
    sign_in(page, "victim")
    open_menu(page)
    page.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Set up two-step sign-in").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    secret = page.locator("#secret-key").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)

    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill("victim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    # The app's next code. Not totp(key, drift=1): had the first code been checked in the
    # half-minute after the one it was made in, django-otp would have set the device's drift
    # one step back, and a code two steps ahead of that would be refused.
    device = TOTPDevice.objects.get(user=victim, confirmed=True)
    assert device.bin_key == key
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as victim")).to_be_visible()
    expect(page.get_by_text("Protect your account")).to_have_count(0)


def test_sign_in_helper_types_the_code_for_a_user_with_two_step(page, victim):
    enrol_two_step(victim)
    sign_in(page, "victim")
    expect(page.get_by_text("Signed in as victim")).to_be_visible()


def test_sign_in_with_a_recovery_code(page, victim):
    enrol_two_step(victim)
    codes = issue_recovery_codes(victim)
    page.goto("/account/signin/")
    page.get_by_role("link", name="Use a recovery code").click()
    page.get_by_label("Username").fill("victim")
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    expect(page.get_by_text("set up two-step sign-in again now")).to_be_visible()
    page.goto("/")
    expect(page.get_by_text("Signed in as victim")).to_be_visible()


def test_lockout_after_failures_shows_a_neutral_message(page, victim, settings):
    settings.AXES_FAILURE_LIMIT = 3
    page.goto("/account/signin/")
    for attempt in range(3):
        page.get_by_label("Username").fill("victim")
        page.get_by_label("Password").fill(f"wrong guess {attempt}")
        # Each answer is a new page with the same alert as the last: without waiting for it,
        # the next guess was typed into the page being replaced and lost.
        follow(page.get_by_role("button", name="Sign in"))
        if attempt < 2:
            expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_role("alert")).to_contain_text("Signing in is paused")
    page.goto("/account/signin/")
    page.get_by_label("Username").fill("victim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Signing in is paused")
    assert "victim" not in page.locator("main").inner_text()


def test_sign_out_everywhere_else_ends_the_other_browsers_session(new_context, victim):
    mine, theirs = new_context().new_page(), new_context().new_page()
    sign_in(theirs, "victim")
    sign_in(mine, "victim")
    mine.goto("/account/sessions/")
    expect(mine.get_by_text("This device")).to_have_count(1)
    expect(mine.locator("tbody tr")).to_have_count(2)
    mine.get_by_role("button", name="Sign out everywhere else").click()
    expect(mine.get_by_text("Every other device is signed out.")).to_be_visible()
    expect(mine.locator("tbody tr")).to_have_count(1)
    theirs.goto("/")
    expect(theirs.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_second_step_code_is_typed_once_per_sign_in(page, victim):
    device = enrol_two_step(victim)
    page.goto("/account/signin/")
    page.get_by_label("Username").fill("victim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error")).to_contain_text("That code did not work")
    # django-otp's back-off after one wrong code: a second before it takes another.
    wait_until(lambda: allowed(device), "the back-off after a wrong code")
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as victim")).to_be_visible()


def test_not_now_shrinks_the_two_step_offer_to_a_line(phone_page, transactional_db):
    from tests.conftest import make_victim

    make_victim("offered")
    sign_in(phone_page, "offered")
    phone_page.goto("/")
    expect(phone_page.get_by_role("heading", name="Protect your account")).to_be_visible()
    phone_page.get_by_role("button", name="Not now").click()
    expect(phone_page.get_by_text("Your account has no two-step sign-in.")).to_be_visible()
    expect(phone_page.get_by_role("heading", name="Protect your account")).to_have_count(0)
    phone_page.get_by_role("link", name="Set up two-step sign-in").click()
    expect(phone_page).to_have_url(re.compile(r"/account/two-step/$"))
