"""The background export: renders, encrypts and stores the result of one ExportJob."""

import logging
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from stalklog import access

from .jobs import ExportJob
from .service import export_bundle, export_timeline

logger = logging.getLogger(__name__)


def may_export(user, log) -> bool:
    """The same question the export page asked, asked again when the work is done: a share
    revoked or expired while the export ran means no result is written."""
    if user is None or not user.is_active:
        return False
    can_access = getattr(access, "can_access", None)
    if can_access is not None:
        return can_access(user, log)
    return log.owner_id == user.pk


class EncryptingWriter:
    """A write-only, unseekable file that encrypts what it is given into `sink`.

    zipfile writes to unseekable files with data descriptors, so the bundle goes straight
    from the ZIP writer through AES-GCM: no plaintext export ever touches the disk.
    """

    def __init__(self, sink, encryptor):
        self._sink = sink
        self._encryptor = encryptor
        self.bytes_written = 0

    def write(self, data) -> int:
        self._sink.write(self._encryptor.update(bytes(data)))
        self.bytes_written += len(data)
        return len(data)

    def flush(self):
        pass

    def tell(self):
        raise OSError("not seekable")

    def seekable(self):
        return False

    def finish(self):
        self._sink.write(self._encryptor.finalize())


def run_job(job: ExportJob):
    """Do the export of `job` now, in this process (also used for small exports inline)."""
    log, user = job.log, job.requested_by
    job.status = ExportJob.Status.RUNNING
    job.save(update_fields=["status"])
    if not may_export(user, log):
        _fail(job, "You no longer have access to this log.")
        return
    blob_name = job.new_blob_name()
    try:
        with tempfile.TemporaryFile(prefix="stalklog-export-") as ciphertext:
            writer = EncryptingWriter(ciphertext, log.sealer.file_encryptor(blob_name))
            run = export_bundle if job.kind == ExportJob.Kind.BUNDLE else export_timeline
            result = run(log, user, job.export_options, writer, progress=job.report)
            writer.finish()
            job.refresh_from_db(fields=["status"])
            if not may_export(user, log):
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
