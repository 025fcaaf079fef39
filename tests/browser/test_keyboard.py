"""Keyboard only, what axe cannot see: the skip link takes her past the header into the page,
and going back up a long form with Shift+Tab never leaves the focused control hidden under the
sticky exit bar (WCAG 2.4.11)."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import make_victim

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
