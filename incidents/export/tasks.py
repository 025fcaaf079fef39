"""The background export: renders, encrypts and stores the result of one ExportJob."""

import logging
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from incidents.export.document import filtered_incidents
from incidents.export.models import ExportJob
from incidents.export.services import export_bundle, export_timeline
from stalklog.casefile import audit
from stalklog.casefile.access import can_access
from stalklog.core.streams import ForwardWriter

logger = logging.getLogger(__name__)


# Up to this size an export takes a second or two: made during the request itself.
INLINE_MAX_INCIDENTS = 100


def start_export(log, user, kind, options) -> ExportJob:
    """Ask for an export: done at once for a small log, queued for the worker otherwise."""
    job = ExportJob.objects.create(log=log, requested_by=user, kind=kind, options=options.to_json())
    job.log = log
    audit.record(log, user, "export requested", f"{kind} export")
    if filtered_incidents(log, options).count() <= INLINE_MAX_INCIDENTS:
        run_job(job)
    else:
        run_export.enqueue(str(job.pk))
    return job


def run_job(job: ExportJob):
    """Do the export of `job` now, in this process (also used for small exports inline)."""
    log, user = job.log, job.requested_by
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])
    if not can_access(user, log):
        _fail(job, "You no longer have access to this log.")
        return
    blob_name = job.new_blob_name()
    try:
        with tempfile.TemporaryFile(prefix="stalklog-export-") as ciphertext:
            writer = ForwardWriter(ciphertext, log.sealer.file_encryptor(blob_name))
            run = export_bundle if job.kind == ExportJob.Kind.BUNDLE else export_timeline
            result = run(log, user, job.export_options, writer, progress=job.report)
            writer.finish()
            job.refresh_from_db(fields=["status"])
            if not can_access(user, log):
                _fail(job, "You no longer have access to this log.")
                return
            ciphertext.seek(0)
            stored_name = default_storage.save(blob_name, File(ciphertext))
    except Exception:
        logger.exception("export job %s failed", job.pk)
        _fail(job, "Something went wrong while making the export. Please try again.")
        return
    now = timezone.now()
    job.blob_name = stored_name
    job.bundle_id = result.bundle_id
    job.size_bytes = writer.bytes_written
    job.status = ExportJob.Status.READY
    job.progress_percent = 100
    job.stage = "Ready"
    job.finished_at = now
    job.expires_at = job.expiry_from(now)
    job.save()


def _fail(job, message):
    job.status = ExportJob.Status.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


@task()
def run_export(job_id: str):
    job = ExportJob.objects.select_related("log", "requested_by").filter(pk=job_id).first()
    if job is None or job.status != ExportJob.Status.QUEUED:
        return
    run_job(job)
