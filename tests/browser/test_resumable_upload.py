"""Uploads on a weak signal in Chromium: a 5 MB file sent in parts with a progress bar that
reaches 100%; the connection cut at 90% and back, or the page reloaded at 90%, and the upload
carries on from there; a refused part shows what is kept, with Try again and Cancel; without
scripts the plain form still works. Each ends on the exhibit with the file's SHA-256."""

import hashlib
import os
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings as live_settings
from playwright.sync_api import expect

from evidence.models import Evidence, ResumableUpload
from tests.browser.conftest import sign_in
from tests.evidence import files
from tests.incidents.conftest import make_incident

SIZE = 5 * 1024 * 1024
SCREENSHOTS = os.environ.get("STALKLOG_SCREENSHOTS")  # a folder: pictures of each state


@pytest.fixture(autouse=True)
def behaviours(transactional_db):
    """Live-server tests flush the database after each test, data migrations included."""
    import_module("incidents.migrations.0003_seed_behaviours").seed(apps, None)


@pytest.fixture
def photo_5mb():
    """A real JPEG padded to 5 MB (decoders stop at its end marker; the hash covers all)."""
    head = files.jpeg()
    data = head + os.urandom(SIZE - len(head))
    return {"name": "doorstep.jpg", "mimeType": "image/jpeg", "buffer": data}


def chunk_offset(request):
    if request.method == "POST" and re.search(r"/evidence/uploads/\d+/$", request.url):
        return int(request.headers.get("x-upload-offset", "-1"))
    return None


def open_upload(page, victim):
    sign_in(page, victim.username)
    page.goto("/evidence/upload/")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def expect_exhibit(page, data):
    expect(page.get_by_text("Saved as exhibit JS/1.")).to_be_visible()
    digest = hashlib.sha256(data).hexdigest()
    expect(page.get_by_text(digest)).to_be_visible()
    exhibit = Evidence.objects.get()
    assert (exhibit.sha256, exhibit.size_bytes) == (digest, len(data))
    assert not ResumableUpload.objects.exists()


def test_a_5_mb_file_is_sent_in_parts_and_the_bar_reaches_100(page, victim, photo_5mb):
    open_upload(page, victim)
    offsets, held = [], []
    page.on("request", lambda r: offsets.append(o) if (o := chunk_offset(r)) is not None else 0)
    # The form is held once every part has arrived, to see the bar at 100% before the page
    # moves on to the exhibit.
    page.route(
        re.compile(r".*/evidence/upload/$"),
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    page.get_by_label("Files").set_input_files(photo_5mb)
    expect(page.get_by_label("doorstep.jpg (5 MB)")).to_have_attribute("value", "0")
    page.get_by_role("button", name="Upload").click()
    bar = page.get_by_role("progressbar", name="doorstep.jpg (5 MB)")
    expect(bar).to_have_attribute("value", "100")
    expect(page.get_by_text("Sent: 100%.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Checking and encrypting")).to_be_visible()
    shot(page, "sent-100")
    assert len(held) == 1
    held[0].continue_()
    expect_exhibit(page, photo_5mb["buffer"])
    assert offsets == [i * 1024 * 1024 for i in range(5)]  # in order, each once


def test_the_connection_cut_at_90_percent_and_back_carries_on(page, victim, photo_5mb, settings):
    settings.STALKLOG_UPLOAD_CHUNK_BYTES = 256 * 1024  # 20 parts: the 18th starts at 90%
    open_upload(page, victim)
    cut = {"now": False}
    sent = []

    def network(route):
        offset = chunk_offset(route.request)
        if offset is not None and offset >= SIZE * 0.9 and not cut.get("done"):
            cut.update(now=True, done=True)
        if cut["now"] and offset is not None:
            route.abort("internetdisconnected")
            return
        if offset is not None:
            sent.append(offset)
        route.continue_()

    page.route(re.compile(r".*/evidence/uploads/\d+/$"), network)
    page.get_by_label("Files").set_input_files(photo_5mb)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("The connection dropped. Trying again")).to_be_visible()
    page.context.set_offline(True)
    status = page.get_by_text(re.compile(r"Not uploaded yet — 9\d% kept on the server\."))
    expect(status).to_be_visible()
    expect(page.get_by_text("No connection: it continues by itself")).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel")).to_be_visible()
    bar = page.get_by_role("progressbar", name="doorstep.jpg (5 MB)")
    assert 88 <= int(bar.get_attribute("value")) < 100
    shot(page, "offline-90")
    held = ResumableUpload.objects.get().received_bytes
    assert held == max(sent) + 256 * 1024 and held >= SIZE * 0.9
    cut["now"] = False
    page.context.set_offline(False)  # the browser says "online": it carries on at once
    expect_exhibit(page, photo_5mb["buffer"])
    assert sent == sorted(set(sent)) and sent[0] == 0  # never from the start again
    assert max(sent) == SIZE - 256 * 1024


def test_a_page_reloaded_at_90_percent_carries_on_when_the_file_is_chosen_again(
    page, victim, photo_5mb, settings
):
    settings.STALKLOG_UPLOAD_CHUNK_BYTES = 256 * 1024
    open_upload(page, victim)
    sent, stopped = [], {"now": True}

    def network(route):
        offset = chunk_offset(route.request)
        if offset is not None and offset >= SIZE * 0.9 and stopped["now"]:
            route.abort("internetdisconnected")
            return
        if offset is not None:
            sent.append(offset)
        route.continue_()

    page.route(re.compile(r".*/evidence/uploads/\d+/$"), network)
    page.get_by_label("Files").set_input_files(photo_5mb)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("The connection dropped. Trying again")).to_be_visible()
    page.reload()  # the tab reloaded: the browser forgets the file, the server keeps 90%
    expect(page.get_by_role("heading", name="Not uploaded yet")).to_be_visible()
    stopped["now"] = False
    expect(page.get_by_text("doorstep.jpg (5 MB): 90% kept on the server.")).to_be_visible()
    shot(page, "reloaded-90")
    before = len(sent)
    page.get_by_label("Files").set_input_files(photo_5mb)
    page.get_by_role("button", name="Upload").click()
    expect_exhibit(page, photo_5mb["buffer"])
    assert min(sent[before:]) == int(SIZE * 0.9) // (256 * 1024) * 256 * 1024


def test_a_refused_part_says_what_is_kept_and_try_again_finishes(page, victim, photo_5mb):
    open_upload(page, victim)
    quota = live_settings.STALKLOG_STORAGE_QUOTA_BYTES
    full = []

    def network(route):
        if chunk_offset(route.request) == 2 * 1024 * 1024 and not full:
            full.append(True)
            live_settings.STALKLOG_STORAGE_QUOTA_BYTES = 2 * 1024 * 1024 + 10  # now it is full
        route.continue_()

    page.route(re.compile(r".*/evidence/uploads/\d+/$"), network)
    try:
        page.get_by_label("Files").set_input_files(photo_5mb)
        page.get_by_role("button", name="Upload").click()
        expect(
            page.get_by_text("Not uploaded yet — 40% kept on the server. There is no room for")
        ).to_be_visible()
        expect(page.get_by_text("kept for each account")).to_be_visible()
        left = page.get_by_text("1 file is not uploaded yet. Try it again, or cancel it.")
        expect(left).to_be_visible()
        shot(page, "refused-40")
        page.set_viewport_size({"width": 390, "height": 844})
        shot(page, "refused-40-phone")
        assert ResumableUpload.objects.get().received_bytes == 2 * 1024 * 1024
        live_settings.STALKLOG_STORAGE_QUOTA_BYTES = quota  # she was given more room
        page.get_by_role("button", name="Try again").click()
        expect_exhibit(page, photo_5mb["buffer"])
    finally:
        live_settings.STALKLOG_STORAGE_QUOTA_BYTES = quota


def test_cancel_deletes_what_arrived(page, victim, photo_5mb, private_storage):
    open_upload(page, victim)
    quota = live_settings.STALKLOG_STORAGE_QUOTA_BYTES
    live_settings.STALKLOG_STORAGE_QUOTA_BYTES = SIZE + 10
    try:

        def network(route):
            if chunk_offset(route.request) == 3 * 1024 * 1024:
                live_settings.STALKLOG_STORAGE_QUOTA_BYTES = 100  # a refusal mid-way
            route.continue_()

        page.route(re.compile(r".*/evidence/uploads/\d+/$"), network)
        page.get_by_label("Files").set_input_files(photo_5mb)
        page.get_by_role("button", name="Upload").click()
        expect(page.get_by_text("Not uploaded yet — 60% kept on the server.")).to_be_visible()
        page.get_by_role("button", name="Cancel").click()
        expect(page.get_by_text("Cancelled doorstep.jpg: nothing of it is kept.")).to_be_visible()
        expect(page.get_by_role("progressbar")).to_have_count(0)
    finally:
        live_settings.STALKLOG_STORAGE_QUOTA_BYTES = quota
    assert not ResumableUpload.objects.exists() and not Evidence.objects.exists()
    assert not [p for p in private_storage.rglob("*") if p.is_file()]


def test_without_scripts_the_plain_form_uploads_in_one_go(new_context, victim, photo_5mb):
    page = new_context(java_script_enabled=False).new_page()
    open_upload(page, victim)
    page.get_by_label("Files").set_input_files(photo_5mb)
    page.get_by_role("button", name="Upload").click()
    expect_exhibit(page, photo_5mb["buffer"])


def test_the_camera_button_sends_in_parts_onto_the_incident(page, victim, photo_5mb):
    incident = make_incident(victim.log, victim)
    sign_in(page, victim.username)
    page.goto(f"/incidents/{incident.pk}/")
    offsets = []
    page.on("request", lambda r: offsets.append(o) if (o := chunk_offset(r)) is not None else 0)
    page.locator("input[capture]").first.set_input_files(photo_5mb)
    expect_exhibit(page, photo_5mb["buffer"])
    assert len(offsets) == 5
    assert list(incident.exhibits.all()) == [Evidence.objects.get()]
