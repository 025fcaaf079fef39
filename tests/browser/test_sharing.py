"""The whole sharing journey, in two browsers: the caseworker's and the victim's."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from incidents.export.models import ExportJob
from incidents.export.tasks import run_job
from tests.actors import make_caseworker
from tests.browser.conftest import follow, open_menu, sign_in
from tests.conftest import PASSWORD
from tests.incidents.export.conftest import add_incident, at


def test_share_open_print_revoke_and_the_caseworker_is_refused(
    new_context, victim, settings, tmp_path
):
    settings.STALKLOG_EXPORT_WORKERS = 1
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    add_incident(victim.log, victim, at(3), "He waited by my car at the station.")
    caseworker = make_caseworker(password=PASSWORD)
    worker = new_context().new_page()
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    person = new_context(**phone).new_page()

    sign_in(worker, "caseworker")
    expect(worker.get_by_role("heading", name="Logs shared with you")).to_be_visible()
    worker.get_by_role("button", name="Make a sharing code").click()
    code = worker.locator("#share-code").inner_text()

    sign_in(person, "victim")
    open_menu(person)
    person.get_by_role("link", name="Sharing").click()
    person.get_by_label("Sharing code").fill(code.lower())
    last_day = timezone.localdate() + timedelta(days=14)
    person.get_by_label("Share until the end of").fill(last_day.isoformat())
    person.get_by_role("button", name="Continue").click()
    expect(
        person.get_by_text("This code belongs to Casey Worker at Safe Haven Support")
    ).to_be_visible()
    person.get_by_label("Your password").fill(PASSWORD)
    person.get_by_role("button", name="Share my log").click()
    expect(person.get_by_role("status")).to_contain_text("Your log is shared with Casey Worker")
    expect(person.locator(".share-who")).to_have_text("Casey Worker, Safe Haven Support")

    worker.reload()
    worker.get_by_role("button", name="Open victim's log").click()
    expect(worker.get_by_role("heading", name="victim's log")).to_be_visible()
    expect(worker.get_by_role("note")).to_contain_text("Working on victim's log")

    worker.get_by_role("link", name="Print or export").click()
    worker.get_by_label("Caseworker print").check()
    worker.get_by_role("button", name="Make the PDF").click()
    link = worker.get_by_role("link", name="Download timeline-")
    # The PDF is made while the job page waits: allow for a busy machine.
    link.wait_for(timeout=120_000)
    with worker.expect_download() as info:
        link.click()
    info.value.save_as(tmp_path / "timeline.pdf")
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "timeline.pdf").pages)
    assert "He waited by my car at the station." in text
    assert "Caseworker print" in text
    download_url = link.get_attribute("href")
    queued = ExportJob.objects.create(log=victim.log, requested_by=caseworker, kind="timeline")

    person.get_by_role("link", name="Stop sharing with Casey").click()
    expect(person.get_by_role("heading", name="Stop sharing with Casey Worker?")).to_be_visible()
    person.get_by_role("link", name="Cancel, keep sharing").click()
    expect(person.locator(".share-who")).to_have_text("Casey Worker, Safe Haven Support")
    person.get_by_role("link", name="Stop sharing with Casey").click()
    person.get_by_role("button", name="Stop sharing now").click()
    expect(person.get_by_text("Only you can see your log")).to_be_visible()

    worker.reload()
    expect(worker.get_by_text("That log is no longer shared with you")).to_be_visible()
    expect(worker.get_by_text("No one is sharing a log with you")).to_be_visible()
    worker.goto("/shared/")
    expect(worker.get_by_role("heading", name="Page not found")).to_be_visible()
    assert worker.context.request.get(download_url).status == 404
    queued.log = victim.log
    run_job(queued)
    queued.refresh_from_db()
    assert queued.status == ExportJob.Status.FAILED
    assert queued.error == "You no longer have access to this log."

    follow(person.get_by_role("link", name="Who has seen my log"))
    expect(person.get_by_text("This record is complete")).to_be_visible()
    visits = person.locator(".visit summary")
    expect(visits.first).to_contain_text("You stopped sharing your log")
    theirs = person.locator(".visit", has_text="Casey Worker (caseworker, Safe Haven Support)")
    expect(theirs.first.locator("summary")).to_contain_text("opened your log")
    expect(theirs.first.locator("summary")).to_contain_text("downloaded a PDF")
    expect(theirs.first.locator(".visit-lines")).to_be_hidden()
    theirs.first.locator("summary").click()
    expect(theirs.first.locator(".visit-lines")).to_contain_text(
        "Made a PDF of the timeline and downloaded it (caseworker print, 1 incident, 0 exhibits)"
    )
    assert person.evaluate("document.documentElement.scrollWidth") <= 390
