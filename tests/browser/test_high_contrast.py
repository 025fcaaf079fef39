"""Windows high contrast (forced colours, emulated): the quick exit, every button and the
chosen "Log it now" toggles stay visible for what they are, though backgrounds and shadows
are gone."""

from tests.browser.conftest import sign_in
from tests.conftest import make_victim

LOOKS = """el => { const s = getComputedStyle(el);
  return {border: s.borderTopStyle === 'none' ? 0 : parseFloat(s.borderTopWidth),
          background: s.backgroundColor}; }"""


def test_buttons_exit_and_chosen_toggles_show_in_high_contrast(page, transactional_db):
    make_victim()
    sign_in(page, "victim")
    page.emulate_media(forced_colors="active")
    page.goto("/incidents/now/")
    assert page.locator(".exit-button").evaluate(LOOKS)["border"] >= 1
    assert page.get_by_role("button", name="Save it now").evaluate(LOOKS)["border"] >= 1
    threats = page.locator(".toggle", has=page.get_by_text("Threats", exact=True))
    threats.locator("input").focus()
    page.keyboard.press("Space")
    chosen = page.locator(".toggle input:checked + span").first.evaluate(LOOKS)
    not_chosen = page.locator(".toggle input:not(:checked) + span").first.evaluate(LOOKS)
    assert chosen["background"] != not_chosen["background"]
