"""axe-core (the npm package, installed by `make axe`, injected by Playwright: no network)
finds no WCAG 2.0/2.1/2.2 A or AA fault, nor best-practice one, on the victim's pages, at
desktop size and on a touch phone, and no page scrolls sideways on the phone."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from evidence.resumable import save_upload_chunk, start_upload
from tests.browser.conftest import AXE, follow, sign_in
from tests.browser.pages import a_log_with_a_photo

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}

pytestmark = pytest.mark.usefixtures("axe_installed")


def violations(page):
    # On a page the caller saw arrive (follow, or an expect on what only it shows) the load
    # event may still be to come: axe's colour contrast needs the stylesheet.
    page.wait_for_load_state()
    # A context may carry axe already (add_init_script): parsing it again costs each page.
    if page.evaluate("typeof axe === 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # resultTypes: only violations are read, so axe skips detailing every pass.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        TAGS,
    )
    return [
        (v["id"], v["help"], [node["target"] for node in v["nodes"]][:3])
        for v in result["violations"]
    ]


def check(page, path):
    page.goto(path)
    page.wait_for_load_state()
    found = violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    return [(path, *v) for v in found] + (
        [(path, "sideways", f"{width}px wide", [])] if width > viewport else []
    )


@pytest.mark.parametrize("size", SIZES)
def test_victims_pages_have_no_accessibility_faults(new_context, transactional_db, size):
    victim, incident, photo = a_log_with_a_photo(
        position={"latitude": 51.501364, "longitude": -0.14189, "accuracy_m": 18}
    )
    # An upload cut off part-way: the upload page lists it, with its Cancel button.
    half = start_upload(victim.log, victim, name="doorstep.jpg", size_bytes=2000)
    save_upload_chunk(victim.log, half.pk, offset=0, data=b"\xff\xd8\xff" + b"0" * 997)
    # bypass_csp lets Playwright add axe's script; the pages' own scripts are unchanged.
    page = new_context(bypass_csp=True, **SIZES[size]).new_page()
    faults = []
    for path in ["/account/signin/", "/account/signup/", "/help/", "/safety/"]:
        faults += check(page, path)
    sign_in(page, "victim")
    for path in [
        "/",
        "/incidents/",
        f"/incidents/{incident.pk}/",
        "/incidents/new/",
        "/incidents/now/",
        f"/incidents/{incident.pk}/record/",
        "/people/new/",
        "/evidence/",
        f"/evidence/{photo.pk}/",
        "/evidence/upload/",
    ]:
        faults += check(page, path)
    page.goto("/incidents/new/")
    follow(page.get_by_role("button", name="Save incident"))
    expect(page.get_by_role("alert")).to_be_visible()
    faults += [("/incidents/new/ (errors)", *v) for v in violations(page)]
    page.goto("/incidents/now/")
    follow(page.get_by_role("button", name="Save it now"))
    expect(page.get_by_role("alert")).to_be_visible()
    faults += [("/incidents/now/ (errors)", *v) for v in violations(page)]
    # A file refused as it is sent: its progress bar, what is kept, Try again and Cancel.
    page.goto("/evidence/upload/")
    page.get_by_label("Files").set_input_files(
        {"name": "huge.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff" + b"0" * 3000}
    )
    quota = settings.STALKLOG_STORAGE_QUOTA_BYTES
    settings.STALKLOG_STORAGE_QUOTA_BYTES = 2100
    try:
        page.get_by_role("button", name="Upload").click()
        expect(page.get_by_role("button", name="Try again")).to_be_visible()
    finally:
        settings.STALKLOG_STORAGE_QUOTA_BYTES = quota
    faults += [("/evidence/upload/ (refused)", *v) for v in violations(page)]
    assert faults == []
