"""The voice recorder in Chromium with its fake microphone: record, stop, see the exhibit;
lose the connection mid-recording and keep everything; a refused microphone is explained."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.db import OperationalError
from playwright.sync_api import expect

from evidence.models import Evidence
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, follow, sign_in, wait_until
from tests.incidents.conftest import make_incident

# Notes, in the tab's session storage (it outlives the page's move to the exhibit), the size
# of every chunk the server accepted, as the page sent it; and how many on <html data-kept>,
# for the test to wait on (wait_for_function would need eval, which our CSP forbids).
KEPT_CHUNKS = """
const send = window.fetch;
window.fetch = function (url, options) {
  return send.apply(this, arguments).then(function (response) {
    if (response.ok && String(url).endsWith("/record/chunk/")) {
      const kept = JSON.parse(sessionStorage.getItem("kept") || "{}");
      kept[options.headers["X-Chunk-Index"]] = options.body.size;
      sessionStorage.setItem("kept", JSON.stringify(kept));
      document.documentElement.dataset.kept = Object.keys(kept).length;
    }
    return response;
  });
};
"""
READ_KEPT = "() => JSON.parse(sessionStorage.getItem('kept') || '{}')"
FIVE_SECONDS_OR_MORE = re.compile(r"^(0:0[5-9]|0:[1-5]\d|[1-9]\d*:\d\d)$")
AT_LEAST_ONE, AT_LEAST_TWO = re.compile(r"^[1-9]\d*$"), re.compile(r"^([2-9]|\d{2,})$")
FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture(autouse=True)
def behaviours(transactional_db):
    """Live-server tests flush the database after each test, data migrations included."""
    import_module("incidents.migrations.0003_seed_behaviours").seed(apps, None)


@pytest.fixture(scope="module")
def media_browser(playwright_driver):
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MEDIA
    )
    yield browser
    browser.close()


@pytest.fixture
def recorder_page(media_browser, live_server):
    context = media_browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def open_recorder(page, victim):
    incident = make_incident(victim.log, victim)
    sign_in(page, "victim")
    page.goto(f"/incidents/{incident.pk}/")
    follow(page.get_by_role("link", name="Record a voice note"))
    expect(page.get_by_role("heading", name="Record a voice note")).to_be_visible()
    return incident


def test_record_five_seconds_and_see_the_exhibit_with_its_length_and_hash(recorder_page, victim):
    page = recorder_page
    incident = open_recorder(page, victim)
    page.get_by_role("button", name="Record").tap()
    expect(page.get_by_text("Recording. It is being saved as you go.")).to_be_visible()
    # Five seconds or more: the timer shows 0:05 for one second only, and on a loaded machine
    # expect's checks (a second apart by then) can step over it.
    expect(page.locator("[data-record-timer]")).to_have_text(FIVE_SECONDS_OR_MORE)
    page.get_by_role("button", name="Stop").tap()
    expect(page.get_by_text("Your recording is saved as exhibit JS/1.")).to_be_visible()
    exhibit = Evidence.objects.get(log=victim.log)
    assert exhibit.kind == Evidence.Kind.AUDIO
    assert exhibit.detected_type == "audio/webm"
    assert list(exhibit.incidents.all()) == [incident]
    # The timer said 0:05 before Stop; a loaded machine may take a moment more to stop.
    seconds = int(re.search(r"About (\d+) seconds long", exhibit.summary_text).group(1))
    assert 5 <= seconds <= 9
    expect(page.get_by_text(f"About {seconds} seconds long")).to_be_visible()
    expect(page.get_by_text(exhibit.sha256)).to_be_visible()


def test_losing_the_connection_mid_recording_loses_nothing(recorder_page, victim):
    page = recorder_page
    page.add_init_script(KEPT_CHUNKS)
    open_recorder(page, victim)
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.get_by_role("button", name="Record").tap()
    expect(page.get_by_text("Recording. It is being saved as you go.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-kept", AT_LEAST_ONE)  # a part arrived
    page.context.set_offline(True)
    # Two parts or more wait while the recording goes on: "No connection: 2 parts ...".
    expect(page.get_by_text("No connection:")).to_be_visible()
    page.context.set_offline(False)
    # Back online: the parts that waited arrive, in order, and the page says so.
    expect(page.get_by_text("Recording. It is being saved as you go.")).to_be_visible()
    page.get_by_role("button", name="Stop").tap()
    expect(page.get_by_text("Your recording is saved as exhibit JS/1.")).to_be_visible()
    exhibit = Evidence.objects.get(log=victim.log)
    kept = {int(index): size for index, size in page.evaluate(READ_KEPT).items()}
    assert failed  # chunks were refused by the network while offline...
    assert sorted(kept) == list(range(len(kept)))  # ...and every one arrived later, in order
    assert len(kept) >= 3
    assert exhibit.size_bytes == sum(kept.values())


def test_a_refused_microphone_is_explained(media_browser, live_server, victim):
    context = media_browser.new_context(base_url=live_server.url)
    page = context.new_page()
    try:
        open_recorder(page, victim)
        # What a browser does after "Block": getUserMedia fails with NotAllowedError.
        page.evaluate(
            "() => { navigator.mediaDevices.getUserMedia = () => Promise.reject("
            "new DOMException('denied', 'NotAllowedError')); }"
        )
        page.get_by_role("button", name="Record").click()
        expect(page.get_by_text("The microphone was not allowed")).to_be_visible()
        expect(page.get_by_role("button", name="Record")).to_be_enabled()
        assert not Evidence.objects.exists()
    finally:
        context.close()


def test_a_browser_without_mediarecorder_says_what_to_do_instead(recorder_page, victim):
    page = recorder_page
    page.add_init_script("delete window.MediaRecorder")
    open_recorder(page, victim)
    expect(page.get_by_text("use your phone's own voice recorder")).to_be_visible()
    expect(page.get_by_role("button", name="Record")).to_be_hidden()


def kept_exhibit(log):
    try:
        return Evidence.objects.filter(log=log).first()
    except OperationalError:
        # The live server is in the middle of writing it. The test database is now a file
        # (tests/conftest.py), where a read waits for the write; ask again should one fail.
        return None


def test_closing_the_tab_mid_recording_keeps_what_had_arrived(recorder_page, victim):
    page = recorder_page
    page.add_init_script(KEPT_CHUNKS)
    incident = open_recorder(page, victim)
    page.get_by_role("button", name="Record").tap()
    expect(page.get_by_text("Recording. It is being saved as you go.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-kept", AT_LEAST_TWO)  # parts arrived
    page.close(run_before_unload=True)  # the page's last word is a beacon: keep what arrived
    exhibit = wait_until(lambda: kept_exhibit(victim.log), "keeping the recording", seconds=10)
    assert list(exhibit.incidents.all()) == [incident]
    assert "closed or lost its connection before Stop" in exhibit.summary_text
    assert exhibit.size_bytes > 0
