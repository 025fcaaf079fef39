import io
import json
import zipfile

import pytest
from django.urls import reverse

from incidents.export.models import ExportJob
from stalklog.casefile.models import AccessEvent
from tests.conftest import client_for
from tests.urlmap import OBJECT_URLS

from .conftest import pdf_text

JOB_URLS = ["export_job", "export_job_status", "export_download"]


def download(client, job):
    response = client.get(reverse("export_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content), response


def test_export_page_lists_profiles_people_and_behaviours(rich_log, victim_client):
    page = victim_client.get(reverse("export")).content.decode()
    assert "Caseworker print" in page
    assert "Mark Example" in page
    assert "Loitering" in page


def test_export_page_makes_a_pdf_the_victim_can_download(rich_log, victim, victim_client):
    response = victim_client.post(reverse("export"), {"profile": "police", "kind": "timeline"})
    job = ExportJob.objects.get(log=rich_log)
    assert response.status_code == 302
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert job.status == ExportJob.Status.READY
    body, response = download(victim_client, job)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="{job.download_name}"'
    assert "Thirty calls in one evening" in pdf_text(body)


def test_export_result_is_encrypted_at_rest(rich_log, victim_client, private_storage):
    victim_client.post(reverse("export"), {"profile": "police"})
    job = ExportJob.objects.get(log=rich_log)
    assert job.blob_name.startswith(f"logs/{rich_log.uuid}/exports/")
    stored = (private_storage / job.blob_name).read_bytes()
    body, _ = download(victim_client, job)
    assert body.startswith(b"%PDF")
    assert b"%PDF" not in stored
    assert stored.startswith(b"SLF1")


def test_export_page_makes_a_bundle(rich_log, victim_client):
    victim_client.post(reverse("export_bundle"), {"profile": "caseworker"})
    job = ExportJob.objects.get(log=rich_log)
    body, response = download(victim_client, job)
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["profile"] == "caseworker"
    assert [i["sequence_no"] for i in manifest["incidents"]] == [2, 1, 3]


def test_every_export_writes_an_access_event(rich_log, victim_client):
    victim_client.post(reverse("export"), {"profile": "police"})
    job = ExportJob.objects.get(log=rich_log)
    download(victim_client, job)
    actions = list(AccessEvent.objects.filter(log=rich_log).values_list("action", flat=True))
    assert {"export requested", "exported", "downloaded"} <= set(actions)
    exported = AccessEvent.objects.get(log=rich_log, action="exported")
    assert job.bundle_id in exported.target
    assert "Thirty" not in exported.detail


def test_dates_the_wrong_way_round_are_explained(rich_log, victim_client):
    response = victim_client.post(
        reverse("export"), {"profile": "police", "date_from": "2026-05-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 200
    assert (
        "The &#x27;To&#x27; date is before the &#x27;From&#x27; date" in response.content.decode()
    )
    assert 'value="2026-05-01"' in response.content.decode()
    assert not ExportJob.objects.exists()


def test_another_logs_person_cannot_be_chosen(rich_log, victim_client, other_victim):
    from .conftest import add_person

    theirs = add_person(other_victim.log, "Their Person")
    response = victim_client.post(reverse("export"), {"profile": "police", "people": [theirs.pk]})
    assert response.status_code == 200
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("name", JOB_URLS)
def test_another_users_export_is_404(name, victim, other_client):
    kwargs = OBJECT_URLS[name](victim.log, victim)
    assert other_client.get(reverse(name, kwargs=kwargs)).status_code == 404


@pytest.mark.parametrize("name", JOB_URLS)
def test_owner_reaches_their_export(name, victim, victim_client):
    kwargs = OBJECT_URLS[name](victim.log, victim)
    assert victim_client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_status_reports_progress_as_json(victim, victim_client):
    job = ExportJob.objects.create(log=victim.log, requested_by=victim, kind="timeline")
    job.report(0.42, "Laying out the pages")
    data = victim_client.get(reverse("export_job_status", args=[job.pk])).json()
    assert data["progress_percent"] == 42
    assert data["stage"] == "Laying out the pages"
    assert data["ready"] is False and data["download_url"] == ""


def test_job_page_without_javascript_offers_a_refresh_link(victim, victim_client):
    job = ExportJob.objects.create(log=victim.log, requested_by=victim, kind="timeline")
    page = victim_client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "<progress" in page
    assert "Refresh to see if it is ready" in page


def test_large_export_runs_as_a_background_task(rich_log, victim_client, monkeypatch, settings):
    from django_tasks import default_task_backend

    from incidents.export import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(tasks, "INLINE_MAX_INCIDENTS", 1)
    victim_client.post(reverse("export"), {"profile": "police"})
    job = ExportJob.objects.get(log=rich_log)
    queued = [result.args for result in default_task_backend.results]
    assert queued == [[str(job.pk)]]
    assert job.status == ExportJob.Status.QUEUED
    tasks.run_export.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY


def test_expired_export_is_deleted_on_the_next_visit(
    rich_log, victim, victim_client, settings, private_storage
):
    settings.STALKLOG_EXPORT_KEEP_SECONDS = 0
    victim_client.post(reverse("export"), {"profile": "police"})
    job = ExportJob.objects.get(log=rich_log)
    blob = private_storage / job.blob_name
    assert blob.exists()
    assert victim_client.get(reverse("export_download", args=[job.pk])).status_code == 404
    victim_client.get(reverse("export"))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED
    assert not blob.exists()


def test_cleanup_command_deletes_expired_exports(
    rich_log, victim_client, settings, private_storage
):
    from django.core.management import call_command

    settings.STALKLOG_EXPORT_KEEP_SECONDS = 0
    victim_client.post(reverse("export"), {"profile": "police"})
    job = ExportJob.objects.get(log=rich_log)
    call_command("cleanup_exports", stdout=io.StringIO())
    assert not (private_storage / job.blob_name).exists()


def test_no_result_is_written_when_access_ends_during_the_export(rich_log, victim, monkeypatch):
    from incidents.export import tasks

    job = ExportJob.objects.create(log=rich_log, requested_by=victim, kind="timeline")
    answers = iter([True, False])
    monkeypatch.setattr(tasks, "can_access", lambda user, log: next(answers))
    tasks.run_job(job)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.blob_name == ""


def test_signed_out_visitor_is_sent_to_sign_in(client):
    assert client.get(reverse("export")).status_code == 302


def test_export_page_has_no_inline_script_or_style(rich_log, victim):
    page = client_for(victim).get(reverse("export")).content.decode()
    assert "<style" not in page and "style=" not in page
    assert "<script>" not in page


def test_export_page_asks_about_each_disclosure_with_every_box_unticked(rich_log, victim_client):
    page = victim_client.get(reverse("export")).content.decode()
    for name in ("include_address", "include_witness_contacts", "include_gps"):
        box = page[page.index(f'name="{name}"') - 200 : page.index(f'name="{name}"') + 200]
        assert 'type="checkbox"' in box and "checked" not in box


def test_including_positions_first_shows_which_exhibits_carry_them(evidence_log, victim_client):
    log, exhibits = evidence_log
    response = victim_client.post(reverse("export"), {"profile": "police", "include_gps": "on"})
    assert response.status_code == 200
    assert not ExportJob.objects.filter(log=log).exists()
    page = response.content.decode()
    assert exhibits["photo"].exhibit_ref in page and "His car outside" in page
    assert exhibits["letter"].exhibit_ref not in page  # a PDF letter records no position
    assert "disclosed to the defence" in page


def test_confirming_positions_makes_the_export_with_them(evidence_log, victim_client):
    log, _ = evidence_log
    victim_client.post(
        reverse("export"), {"profile": "police", "include_gps": "on", "gps_confirmed": "True"}
    )
    job = ExportJob.objects.get(log=log)
    assert job.export_options.include_gps
    assert "51.5007" in pdf_text(download(victim_client, job)[0])


def test_positions_need_no_confirmation_when_no_photo_records_one(rich_log, victim_client):
    response = victim_client.post(reverse("export"), {"profile": "police", "include_gps": "on"})
    assert response.status_code == 302
    assert ExportJob.objects.get(log=rich_log).export_options.include_gps
