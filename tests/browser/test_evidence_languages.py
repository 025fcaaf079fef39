"""The evidence pages in Welsh, Polish and Urdu in Chromium: no accessibility fault and no
sideways scrolling at 1280 and 390 px, Urdu right to left, and the upload script's words (sent
in parts, progress and refusals) in the chosen language from Django's catalogue."""

import os
import re
import tempfile
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import expect

from evidence.resumable import save_upload_chunk, start_upload
from evidence.services import withdraw_exhibit
from tests.browser.conftest import sign_in
from tests.browser.test_axe import AXE, SIZES, check
from tests.conftest import make_victim
from tests.evidence import files
from tests.evidence.factories import make_chat_exhibit, make_exhibit, make_incident

SHOTS = Path(os.environ.get("STALKLOG_SCREENSHOTS", tempfile.gettempdir()))

if not AXE.exists():
    pytestmark = pytest.mark.skip(reason="axe-core is not installed: run `make axe`")


@pytest.fixture(autouse=True)
def behaviours(transactional_db):
    """Live-server tests flush the database after each test, data migrations included."""
    import_module("incidents.migrations.0003_seed_behaviours").seed(apps, None)


def evidence_pages(victim):
    """Every evidence page with something on it: a photo with a location and screenshot
    answers, a chat, a call log, a withdrawn exhibit and an upload cut off part-way."""
    incident = make_incident(victim.log, victim)
    photo = make_exhibit(
        victim.log,
        victim,
        "car.jpg",
        title="His car",
        incidents=[incident],
        screenshot_answers={"sender_visible": "no"},
    )
    chat = make_chat_exhibit(victim.log, victim)
    calls = make_exhibit(victim.log, victim, "calls.xml", files.calls_xml())
    wrong = make_exhibit(victim.log, victim, "wrong.jpg")
    withdraw_exhibit(wrong, victim, reason="uploaded by mistake")
    half = start_upload(victim.log, victim, name="doorstep.jpg", size_bytes=2000)
    save_upload_chunk(victim.log, half.pk, offset=0, data=b"\xff\xd8\xff" + b"0" * 997)
    return [
        "/evidence/",
        "/evidence/upload/",
        f"/evidence/{photo.pk}/",
        f"/evidence/{photo.pk}/edit/",
        f"/evidence/{photo.pk}/withdraw/",
        f"/evidence/{photo.pk}/unlink/{incident.pk}/",
        f"/evidence/{chat.pk}/messages/",
        f"/evidence/{calls.pk}/calls/",
        f"/evidence/{wrong.pk}/",
    ]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("code", ["cy", "pl", "ur"])
def test_evidence_pages_have_no_accessibility_fault_in_each_language(new_context, code, size):
    victim = make_victim()
    victim.language = code
    victim.save()
    paths = evidence_pages(victim)
    # bypass_csp lets Playwright add axe's script; the pages' own scripts are unchanged.
    page = new_context(bypass_csp=True, **SIZES[size]).new_page()
    sign_in(page, victim.username)
    faults = []
    for path in paths:
        faults += check(page, path)
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if code == "ur" else "ltr")
        if code == "ur" and size == "phone":
            name = re.sub(r"\W+", "-", path).strip("-")
            page.screenshot(path=str(SHOTS / f"urdu-phone-{name}.png"), full_page=True)
    assert faults == []


def test_the_upload_script_speaks_polish(new_context):
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
