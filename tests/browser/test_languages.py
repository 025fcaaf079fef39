"""Choosing a language in a real browser: Urdu runs right to left on a phone without sideways
scrolling, and the page scripts speak the chosen language (Django's catalogue under our CSP):
the quick exit's announcements, the upload script's progress. Every page in each language is
walked with axe by test_every_page_languages.py."""

import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.conftest import follow, sign_in
from tests.browser.test_axe import SIZES
from tests.conftest import make_victim
from tests.evidence import files

SHOTS = Path(os.environ.get("STALKLOG_SCREENSHOTS", tempfile.gettempdir()))


def choose_through_the_footer(page, name):
    """Choose a language on the page the footer's link opens; returns once the page it goes
    back to has loaded (its scripts running: the quick exit counts key presses)."""
    follow(page.get_by_role("link", name="Language"))
    follow(page.get_by_role("button", name=name))


def at(path):
    """For wait_for_url: exactly this path, no query. The glob "**/help/" also matches the
    language page's own address, /language/?next=/help/."""
    return lambda url: urlsplit(url).path == path and not urlsplit(url).query


def test_switching_to_urdu_on_a_phone(new_context, transactional_db):
    context = new_context(**SIZES["phone"])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto("/safety/")
    choose_through_the_footer(page, "اردو")
    # Back on the page she was reading, at the same address: no language code in it.
    page.wait_for_url(at("/safety/"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ur")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("button", name="ہنگامی یہ صفحہ چھوڑیں")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The header's bar mirrors: the exit button, at its end, is now on the left of the
    # brand and the menu, and the hint below it starts from the left.
    button = page.locator(".exit-button").bounding_box()
    menu = page.locator(".menu-button").bounding_box()
    hint = page.locator(".exit-hint:visible").first.bounding_box()
    assert button["x"] + button["width"] <= menu["x"]
    assert hint["x"] < menu["x"]
    page.screenshot(path=str(SHOTS / "urdu-phone-safety.png"), full_page=True)
    # No cookie but the session's (and CSRF's, from the form).
    names = {cookie["name"] for cookie in context.cookies()}
    assert names <= {"sessionid", "csrftoken"}, names
    assert errors == [], errors


def test_the_quick_exit_announcements_come_in_the_chosen_language(page, transactional_db):
    page.goto("/help/")
    choose_through_the_footer(page, "Cymraeg")
    page.wait_for_url(at("/help/"))
    page.keyboard.press("Shift")
    expect(page.locator("#exit-announcer")).to_have_text("Shift: pwyswch 2 waith eto i adael.")
    page.keyboard.press("Shift")
    expect(page.locator("#exit-announcer")).to_have_text("Shift: pwyswch 1 waith eto i adael.")


def test_the_upload_script_speaks_polish(new_context, transactional_db):
    victim = make_victim()
    victim.language = "pl"
    victim.save()
    page = new_context().new_page()
    sign_in(page, victim.username)
    page.goto("/evidence/upload/")
    head = files.jpeg()
    photo = {"name": "drzwi.jpg", "mimeType": "image/jpeg", "buffer": head + b"\0" * 5000}
    page.get_by_label("Pliki").set_input_files(photo)
    expect(page.get_by_text("Gotowy do wysłania.")).to_be_visible()
    # The form is held once every part has arrived, to read the file's line at 100%.
    held = []
    page.route(
        re.compile(r".*/evidence/upload/$"),
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    page.get_by_role("button", name="Prześlij").click()
    expect(page.get_by_text("Wysłano: 100%.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Sprawdzanie i szyfrowanie")).to_be_visible()
    held[0].continue_()
    expect(page.get_by_text("Oryginalny plik")).to_be_visible()
