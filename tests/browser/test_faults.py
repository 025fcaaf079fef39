"""Faults as she sees them in a real browser: the night the clocks go back, an export whose
worker died twice, and a file store that cannot deliver a download."""

import datetime
import os
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from incidents.export.models import ExportJob
from incidents.export.tasks import retry_stale_exports
from incidents.models import Incident
from stalklog.casefile.models import AccessEvent
from tests.browser.conftest import follow, sign_in
from tests.conftest import make_victim
from tests.evidence.factories import make_exhibit
from tests.faults import FailingReadStorage, use_storage

# A folder to save screenshots of these pages in, to look at them (STALKLOG_SCREENSHOTS).
SCREENSHOTS = (
    Path(os.environ["STALKLOG_SCREENSHOTS"]) if "STALKLOG_SCREENSHOTS" in os.environ else None
)


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(autouse=True)
def behaviours(transactional_db):
    """Live-server tests flush the database after each test, data migrations included."""
    import_module("incidents.migrations.0003_seed_behaviours").seed(apps, None)


def test_a_time_in_the_hour_that_happens_twice_is_asked_about_on_a_phone(phone_page, victim):
    page = phone_page
    sign_in(page, "victim")
    page.goto("/incidents/new/")
    page.get_by_label("Date it happened").fill("2025-10-26")
    page.get_by_label("Time it started").fill("01:10")
    page.get_by_label("What happened").fill("He rang the doorbell again and again.")
    page.get_by_label("Loitering").check()
    follow(page.get_by_role("button", name="Save incident"))

    expect(page.locator("#id_time_which_error")).to_contain_text(
        "01:10 happened twice on 26 October 2025"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "which-time-390")
    page.get_by_label("the second 01:10 (GMT), after the clocks went back").check()
    page.get_by_role("button", name="Save incident").click()

    expect(page.get_by_role("heading", name="Incident 1")).to_be_visible()
    expect(page.get_by_text("Sun 26 Oct 2025, the second 01:10 (GMT)")).to_be_visible()
    incident = Incident.objects.get(log=victim.log)
    assert incident.occurred_start == datetime.datetime(2025, 10, 26, 1, 10, tzinfo=datetime.UTC)


def test_the_export_page_says_when_an_export_was_interrupted_twice_and_stops_asking(page):
    user = make_victim("exporter")
    job = ExportJob.objects.create(
        log=user.log,
        requested_by=user,
        kind=ExportJob.Kind.TIMELINE,
        status=ExportJob.Status.RUNNING,
        progress_percent=34,
        stage="Laying out the incidents",
        attempts=2,
        heartbeat_at=timezone.now(),
    )
    sign_in(page, "exporter")
    polls = []
    page.on("request", lambda request: polls.append(1) if "/status" in request.url else None)
    page.clock.install()  # time runs as usual until run_for below moves it on
    page.goto(f"/export/{job.pk}/")
    expect(page.locator("progress")).to_be_visible()

    ExportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert retry_stale_exports() == (0, 1)  # what the next worker does

    expect(page.get_by_role("alert")).to_contain_text("The export was interrupted twice")
    expect(page.locator("progress")).to_be_hidden()
    expect(page.get_by_role("link", name="Back to the export page")).to_be_visible()
    shot(page, "export-interrupted-1280")
    seen = len(polls)
    # Ten seconds on the page's clock: every timer it set (a poll after 1 s, a retry after
    # 3 s) fires. A request the page makes after them is seen after any poll they made.
    page.clock.run_for(10_000)
    with page.expect_request("**/healthz"):
        page.evaluate("fetch('/healthz')")
    assert len(polls) == seen  # finished: the page stopped polling


def test_a_download_the_file_store_cannot_deliver_gives_our_page_with_the_quick_exit(
    page, settings, tmp_path, monkeypatch
):
    use_storage(settings, tmp_path / "files", "tests.faults.FailingReadStorage")
    monkeypatch.setattr(FailingReadStorage, "good_bytes", None)
    user = make_victim("downloader")
    evidence = make_exhibit(user.log, user, "note.txt", b"He left this on the car.")
    sign_in(page, "downloader")
    FailingReadStorage.good_bytes = 0

    page.goto(f"/evidence/{evidence.pk}/original/")

    expect(page.get_by_role("heading", name="The file could not be fetched")).to_be_visible()
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    shot(page, "download-failed-1280")
    assert not AccessEvent.objects.filter(log=user.log, action="downloaded").exists()
