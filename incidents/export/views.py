"""The export page, an export's progress, and its download."""

from django.core.files.storage import default_storage
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from incidents.export.document import filtered_incidents, incidents_with_position
from incidents.export.exhibits import exhibits_with_position
from incidents.export.forms import ExportForm
from incidents.export.models import ExportJob
from incidents.export.tasks import start_export
from incidents.export.warm import schedule_warm_up
from stalklog.casefile import audit
from stalklog.casefile.access import log_view, owned, scoped
from stalklog.core.downloads import stream_download
from stalklog.middleware import background_poll


def _recent_jobs(request):
    jobs = scoped(ExportJob, request.log).filter(requested_by=request.user)
    return list(jobs.order_by("-created_at")[:5])


@log_view
@require_http_methods(["GET", "POST"])
def export_page(request):
    ExportJob.delete_expired(log=request.log)
    form = ExportForm(request.POST or None, log=request.log)
    if request.method == "POST" and form.is_valid():
        return _start(request, form, ExportJob.Kind.TIMELINE)
    if request.method == "GET":
        schedule_warm_up(request.log.pk, delay_seconds=0)  # a head start while she chooses
    return render(request, "export/export_page.html", {"form": form, "jobs": _recent_jobs(request)})


@log_view
@require_http_methods(["GET", "POST"])
def export_bundle(request):
    """The bundle button's target; opened directly it shows the export page."""
    form = ExportForm(request.POST or None, log=request.log)
    if request.method == "POST" and form.is_valid():
        return _start(request, form, ExportJob.Kind.BUNDLE)
    return render(request, "export/export_page.html", {"form": form, "jobs": _recent_jobs(request)})


def _start(request, form, kind):
    options = form.export_options()
    if form.needs_gps_confirmation:
        incidents = filtered_incidents(request.log, options)
        with_position = exhibits_with_position(request.log, incidents, options)
        logged_at = incidents_with_position(incidents)
        if with_position or logged_at:
            return render(
                request,
                "export/confirm_positions.html",
                {"form": form, "exhibits": with_position, "incidents": logged_at, "kind": kind},
            )
    job = start_export(request.log, request.user, kind, options)
    return redirect("export_job", job_id=job.pk)


def _job(request, job_id):
    job = owned(ExportJob, request.log, pk=job_id, requested_by=request.user)
    return job


@log_view
@require_GET
def export_job(request, job_id):
    job = _job(request, job_id)
    return render(request, "export/job.html", {"job": job})


@background_poll
@log_view
@require_GET
def export_job_status(request, job_id):
    job = _job(request, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress_percent": job.progress_percent,
            "stage": job.stage_text,
            "ready": job.is_ready,
            "finished": job.is_finished,
            "error": job.error_text,
            "download_url": reverse("export_download", args=[job.pk]) if job.is_ready else "",
        }
    )


@log_view
@require_GET
def export_download(request, job_id):
    job = _job(request, job_id)
    if job.is_expired and job.blob_name:
        job.delete_result()
    if not job.is_ready:
        raise Http404
    log = request.log
    response = stream_download(
        request,
        lambda: _decrypted(log, job.blob_name),
        on_complete=lambda: audit.record(log, request.user, "downloaded", job),
        content_type=job.content_type,
    )
    if response.streaming:
        response["Content-Disposition"] = f'attachment; filename="{job.download_name}"'
        response["X-Content-Type-Options"] = "nosniff"
        if job.size_bytes is not None:
            response["Content-Length"] = str(job.size_bytes)
    return response


def _decrypted(log, blob_name):
    with default_storage.open(blob_name, "rb") as blob:
        yield from log.sealer.decrypt_file(blob, blob_name)
