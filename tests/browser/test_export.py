"""The export page in a real browser: make the PDF, see it ready, download it."""

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import sign_in
from tests.conftest import make_victim
from tests.incidents.export.conftest import add_incident, at


def test_victim_makes_the_pdf_and_downloads_it(page, settings, tmp_path, transactional_db):
    settings.STALKLOG_EXPORT_WORKERS = 1
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    user = make_victim("exporter")
    add_incident(user.log, user, at(3), "He was outside the school gates.")
    sign_in(page, "exporter")
    page.goto("/export/")
    page.get_by_label("Caseworker print").check()
    page.get_by_role("button", name="Make the PDF").click()
    link = page.get_by_role("link", name="Download timeline-")
    # The PDF is made while the job page waits: allow for a busy machine.
    link.wait_for(timeout=120_000)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("timeline-JS-")
    path = tmp_path / "timeline.pdf"
    download.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "He was outside the school gates." in text
    assert "Caseworker print" in text


def test_progress_bar_turns_into_a_download_when_the_job_finishes(
    phone_page, settings, tmp_path, transactional_db
):
    from incidents.export.models import ExportJob
    from incidents.export.tasks import run_job

    settings.STALKLOG_EXPORT_WORKERS = 1
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    user = make_victim("waiter")
    add_incident(user.log, user, at(4), "Calls all night.")
    job = ExportJob.objects.create(log=user.log, requested_by=user, kind="timeline")
    sign_in(phone_page, "waiter")
    phone_page.goto(f"/export/{job.pk}/")
    download = phone_page.locator(".export-download")
    assert download.is_hidden()
    job.log = user.log
    run_job(job)
    download.wait_for(state="visible")
    assert phone_page.locator("progress").get_attribute("value") == "100"


def test_export_page_leaves_for_the_sign_in_page_when_the_session_ends(
    phone_page, transactional_db
):
    from django.contrib.sessions.models import Session

    from incidents.export.models import ExportJob

    user = make_victim("leaver")
    job = ExportJob.objects.create(log=user.log, requested_by=user, kind="timeline")
    sign_in(phone_page, "leaver")
    phone_page.goto(f"/export/{job.pk}/")
    Session.objects.all().delete()  # signed out elsewhere, or idle past the timeout
    phone_page.wait_for_url("**/account/signin/**")
    expect(phone_page.locator("progress")).to_have_count(0)


def test_export_page_stops_asking_and_says_so_when_the_export_is_gone(phone_page, transactional_db):
    from incidents.export.models import ExportJob

    user = make_victim("gone")
    job = ExportJob.objects.create(log=user.log, requested_by=user, kind="timeline")
    sign_in(phone_page, "gone")
    phone_page.goto(f"/export/{job.pk}/")
    job.delete()  # as when it expires, or the caseworker's access to the log ends
    expect(phone_page.locator("[data-export-stage]")).to_contain_text("no longer available")
    expect(phone_page.locator("progress")).to_be_hidden()


def test_including_photo_positions_shows_which_exhibits_and_warns_first(
    phone_page, settings, tmp_path, transactional_db
):
    from django.core.files.base import ContentFile

    from evidence.services import store_upload
    from tests.evidence.files import jpeg

    page = phone_page
    settings.STALKLOG_EXPORT_WORKERS = 1
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    user = make_victim("positions")
    incident = add_incident(user.log, user, at(3), "His car by my house.")
    store_upload(
        user.log,
        user,
        ContentFile(jpeg(), name="car.jpg"),
        title="His car outside",
        attach=incident.exhibits.add,
    )
    sign_in(page, "positions")
    page.goto("/export/")
    box = page.get_by_label("Include positions (GPS)", exact=False)
    expect(box).not_to_be_checked()
    box.check()
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.get_by_role("heading", name="Include where you were?")).to_be_visible()
    expect(page.get_by_text("His car outside")).to_be_visible()
    expect(page.get_by_text("disclosed to the defence")).to_be_visible()
    page.screenshot(path=str(tmp_path / "confirm-390.png"), full_page=True)
    # The export is made inside the request (a small log): allow for a busy machine.
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name="Leave the positions out").click(no_wait_after=True)
    link = page.get_by_role("link", name="Download timeline-")
    link.wait_for(timeout=120_000)
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "timeline.pdf"
    info.value.save_as(path)
    text = " ".join("".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "JS_1-without-location.jpg" in text
    assert "GPS locations found in photos" in text
