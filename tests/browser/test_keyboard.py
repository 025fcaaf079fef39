"""Keyboard only, what axe cannot see: the skip link takes her past the header into the page,
going back up a long form with Shift+Tab never leaves the focused control hidden under the
sticky exit bar (WCAG 2.4.11), and the quickest journey (two-step sign-in, Log it now, a photo,
linking evidence) needs nothing but Tab, arrows, Space and Enter."""

import re

from playwright.sync_api import expect

from incidents.models import Incident
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, enrol_two_step, make_victim, totp_code
from tests.evidence import files
from tests.evidence.factories import make_exhibit

# The focused element and whether the exit bar covers it (what is drawn at its centre).
UNDER_THE_BAR = """() => { const el = document.activeElement, r = el.getBoundingClientRect();
  const bar = document.querySelector('.exit-bar').getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
  return {what: el.id || el.textContent.trim().slice(0, 30),
          hidden: r.top < bar.bottom && !!hit && !!hit.closest('.exit-bar')}; }"""


def test_skip_link_moves_past_the_header_into_the_page(phone_page, transactional_db):
    make_victim()
    page = phone_page
    sign_in(page, "victim")
    page.goto("/incidents/")
    page.keyboard.press("Tab")  # the first is the exit
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("main :focus")).to_have_count(1)


def test_shift_tab_up_a_long_form_never_hides_focus_under_the_exit_bar(
    phone_page, transactional_db
):
    make_victim()
    page = phone_page
    sign_in(page, "victim")
    page.goto("/incidents/new/")
    page.get_by_role("button", name="Save incident").focus()
    hidden = []
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        focused = page.evaluate(UNDER_THE_BAR)
        if focused["hidden"]:
            hidden.append(focused["what"])
    assert hidden == []


def tab_to(target, most=80):
    """Press Tab until `target` has focus, as she would; fails if it never does."""
    for _ in range(most):
        target.page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def press_and_wait(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)


def test_sign_in_log_it_now_add_a_photo_and_link_evidence_by_keyboard(page, transactional_db):
    # Playwright turns on catching the file chooser when something first listens for it, without
    # waiting for Chromium to agree; a key press is sent at once, so on a loaded machine Space
    # could open the (headless, invisible) chooser before it was caught. Listen from the start.
    page.on("filechooser", lambda chooser: None)
    victim = make_victim()
    device = enrol_two_step(victim)
    page.goto("/account/signin/")
    tab_to(page.get_by_label("Username"))
    page.keyboard.type("victim")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press_and_wait(page, "Enter")
    tab_to(page.get_by_label("Code from your authenticator app"))
    page.keyboard.type(totp_code(device))
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", name="Your log")).to_be_visible()

    page.goto("/incidents/now/")
    tab_to(page.get_by_label("What happened"))
    page.keyboard.type("Outside the house again")
    tab_to(page.get_by_role("group", name="What kind of thing").locator("input").first)
    page.keyboard.press("Space")
    tab_to(page.get_by_role("button", name="Save it now"))
    press_and_wait(page, "Enter")
    expect(page.get_by_role("status").first).to_contain_text("Saved as incident 1")

    # The camera button is a label for a file input kept out of sight: Space opens the chooser.
    capture = page.locator(".capture-input")
    tab_to(capture)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    photo = {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg()}
    chooser.value.set_files(files=[photo])
    page.wait_for_url(re.compile(r"/evidence/\d+/$"))

    make_exhibit(victim.log, victim, "car.jpg", title="His car")
    # Its primary key, not its number in her log: earlier tests in this process used 1.
    incident = Incident.objects.get(log=victim.log)
    page.goto(f"/incidents/{incident.pk}/evidence/link/")
    tab_to(page.get_by_label("Or link evidence you have already uploaded"))
    page.keyboard.press("ArrowDown")
    tab_to(page.get_by_role("button", name="Link this exhibit"))
    press_and_wait(page, "Enter")
    expect(page.get_by_role("status").first).to_contain_text("is linked to incident 1")
