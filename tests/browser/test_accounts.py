import re

from playwright.sync_api import expect

from stalklog.accounts.models import User
from tests.browser.conftest import open_menu, sign_in
from tests.conftest import PASSWORD


def test_sign_up_then_sign_out_and_in_again(phone_page, transactional_db):
    page = phone_page
    page.goto("/account/signup/")
    page.get_by_label("Username").fill("rowan")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_label("Initials").fill("RT")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Signed in as rowan")).to_be_visible()
    assert User.objects.get(username="rowan").log.initials == "RT"
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page, "rowan")
    expect(page.get_by_text("Signed in as rowan")).to_be_visible()


def test_sign_up_keeping_the_suggested_username(phone_page, transactional_db):
    page = phone_page
    page.goto("/account/signup/")
    expect(page.get_by_text("says nothing about you")).to_be_visible()
    suggested = page.get_by_label("Username").input_value()
    assert re.fullmatch(r"[a-z]+-[a-z]+-\d{4}", suggested)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_label("Initials").fill("AB")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(f"Signed in as {suggested}")).to_be_visible()


def test_signed_out_visitor_is_sent_to_sign_in(page, transactional_db):
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "stalk" not in page.title().lower()


def test_wrong_password_shows_a_clear_message(page, victim):
    page.goto("/account/signin/")
    page.get_by_label("Username").fill("victim")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_label("Username")).to_have_value("victim")
