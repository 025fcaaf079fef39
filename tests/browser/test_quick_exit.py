import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.urlmap import DOWNLOAD_URLS, OBJECT_URLS, SKIPPED_URLS, url_patterns

NEUTRAL = re.compile(r"^http://127\.0\.0\.1:\d+/help/\?neutral$")


@pytest.fixture
def signed_in(page, victim):
    sign_in(page, victim.username)
    expect(page.get_by_text("Signed in as victim")).to_be_visible()
    return page


def assert_left(page):
    page.wait_for_url(NEUTRAL)
    expect(page.get_by_role("heading", name="Help lines")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)


def test_exit_button_leaves_at_once(signed_in):
    signed_in.get_by_role("button", name="Emergency Exit this page").click()
    assert_left(signed_in)


def test_exit_skip_link_is_the_first_thing_tabbed_to(signed_in):
    signed_in.keyboard.press("Tab")
    focused = signed_in.evaluate("document.activeElement.textContent")
    assert focused == "Exit this page"
    signed_in.keyboard.press("Enter")
    assert_left(signed_in)


def test_shift_three_times_leaves(signed_in):
    for _ in range(3):
        signed_in.keyboard.press("Shift")
    assert_left(signed_in)


def test_screen_reader_hears_how_many_presses_are_left(signed_in):
    announcer = signed_in.locator("#exit-announcer")
    signed_in.keyboard.press("Shift")
    expect(announcer).to_have_text("Shift, press 2 more times to exit.")
    signed_in.keyboard.press("Shift")
    expect(announcer).to_have_text("Shift, press 1 more time to exit.")


def test_typing_capital_letters_does_not_count(page, victim):
    page.goto("/account/signin/")
    field = page.get_by_label("Username")
    field.click()
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.down("Shift")
    page.keyboard.press("A")
    page.keyboard.up("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(field).to_have_value("A")
    assert "/account/signin/" in page.url
    page.keyboard.press("Shift")
    assert_left(page)


def test_other_keys_reset_the_count(page, db):
    page.goto("/account/signin/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    # Counted from the arrow on: two presses, one to go (without the reset, the third
    # Shift would have left).
    expect(page.locator("#exit-announcer")).to_have_text("Shift, press 1 more time to exit.")
    assert "/account/signin/" in page.url


def test_the_count_expires_after_five_seconds(page, db):
    page.clock.install()
    page.goto("/account/signin/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.fast_forward(5100)
    expect(page.locator("#exit-announcer")).to_have_text("Exit this page expired.")
    page.keyboard.press("Shift")
    # The count started again: two more to go, and she is still on the page.
    expect(page.locator("#exit-announcer")).to_have_text("Shift, press 2 more times to exit.")
    assert "/account/signin/" in page.url


def test_each_press_restarts_the_five_seconds(page, db):
    page.clock.install()
    page.goto("/account/signin/")
    page.keyboard.press("Shift")
    page.clock.fast_forward(4000)
    page.keyboard.press("Shift")
    page.clock.fast_forward(4000)
    page.keyboard.press("Shift")
    assert_left(page)


def test_exit_works_without_javascript(new_context, victim):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, victim.username)
    page.get_by_role("button", name="Emergency Exit this page").click()
    assert_left(page)


def test_back_and_reload_after_exit_show_nothing_signed_in(signed_in, victim):
    session_key = next(c["value"] for c in signed_in.context.cookies() if c["name"] == "sessionid")
    signed_in.goto("/safety/")
    signed_in.goto("/")
    expect(signed_in.get_by_text("Signed in as victim")).to_be_visible()
    signed_in.get_by_role("button", name="Emergency Exit this page").click()
    assert_left(signed_in)
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not [c for c in signed_in.context.cookies() if c["name"] == "sessionid"]
    for _ in range(2):
        signed_in.go_back()
        signed_in.wait_for_load_state()
        expect(signed_in.get_by_text("Signed in as victim")).to_have_count(0)
    signed_in.reload()
    expect(signed_in.get_by_text("Signed in as victim")).to_have_count(0)
    signed_in.goto("/")
    assert "/account/signin/" in signed_in.url


WATCH_EXIT = """
document.addEventListener("DOMContentLoaded", () => {
  new MutationObserver(() => {
    if (!document.documentElement.classList.contains("exiting")) return;
    window.reportExiting(
      !document.querySelector(".exit-overlay").hidden,
      getComputedStyle(document.querySelector("main")).visibility === "hidden",
    );
  }).observe(document.documentElement, {attributes: true});
});
"""


def test_exit_hides_the_page_before_leaving(signed_in):
    seen = []
    signed_in.expose_function("reportExiting", lambda *state: seen.append(state))
    signed_in.add_init_script(WATCH_EXIT)
    signed_in.reload()
    signed_in.get_by_role("button", name="Emergency Exit this page").click()
    assert_left(signed_in)
    assert seen and seen[0] == (True, True)  # overlay shown, content hidden, before leaving


def test_exit_is_not_printed(signed_in):
    signed_in.emulate_media(media="print")
    expect(signed_in.locator(".exit-button")).to_be_hidden()
    expect(signed_in.locator(".skip-exit")).to_be_hidden()
    signed_in.emulate_media(media="screen")
    expect(signed_in.locator(".exit-button")).to_be_visible()


def test_exit_button_stays_in_view_when_scrolling(phone_page, victim):
    sign_in(phone_page, victim.username)
    phone_page.goto("/safety/")
    phone_page.evaluate("window.scrollTo({top: 3000, behavior: 'instant'})")
    assert phone_page.evaluate("window.scrollY") > 0  # the page is long enough to scroll
    box = phone_page.locator(".exit-button").bounding_box()
    assert box is not None and 0 <= box["y"] < 100


def test_exit_button_is_on_every_page(signed_in, victim):
    from django.urls import reverse

    for name, _route in url_patterns():
        if name in SKIPPED_URLS or name in DOWNLOAD_URLS:
            continue
        kwargs = OBJECT_URLS[name](victim.log, victim) if name in OBJECT_URLS else {}
        url = reverse(name, kwargs=kwargs)
        # Ask first, with the browser's cookies: Chromium shows an error page instead of an
        # empty error response (a POST-only view's 405), and that breaks the next goto.
        if signed_in.request.get(url, max_redirects=0).status != 200:
            continue
        response = signed_in.goto(url)
        if response.status != 200 or "text/html" not in response.headers["content-type"]:
            continue
        expect(signed_in.locator(".exit-button")).to_be_visible()


def test_a_touch_phone_is_told_to_tap_not_to_press_shift(phone_page, page, transactional_db):
    for each in (phone_page, page):
        each.goto("/help/")
    expect(phone_page.get_by_text("Tap Exit this page to leave at once")).to_be_visible()
    expect(phone_page.get_by_text("or press Shift 3 times")).to_be_hidden()
    expect(page.get_by_text("or press Shift 3 times")).to_be_visible()
    expect(page.get_by_text("Tap Exit this page to leave at once")).to_be_hidden()


def test_the_skip_links_are_inside_the_quick_exit_region(page, transactional_db):
    page.goto("/help/")
    region = page.get_by_role("region", name="Quick exit")
    expect(region.get_by_role("link", name="Skip to main content")).to_have_count(1)
    expect(region.locator(".skip-exit")).to_have_count(1)
