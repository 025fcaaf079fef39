"""The background export: renders, encrypts and stores the result of one ExportJob."""

import datetime
import logging
import tempfile
import threading

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from incidents.export.document import filtered_incidents
from incidents.export.models import ExportJob
from incidents.export.pdf import premerged_fingerprint
from incidents.export.services import export_bundle, export_timeline
from stalklog.casefile import audit
from stalklog.casefile.access import can_access
from stalklog.core.storage import is_disk_full
from stalklog.core.streams import ForwardWriter

logger = logging.getLogger(__name__)

# A job is tried this many times in all: once, and once more after its worker died.
MAX_ATTEMPTS = 2
# Stored in English, shown in her language (ExportJob.stage_text and error_text).
RETRYING_STAGE = gettext_noop("Starting again: the first attempt was interrupted")
INTERRUPTED = gettext_noop(
    "The export was interrupted twice (the computer making it stopped) and could not be "
    "finished. Please ask for it again; a shorter date range makes it quicker."
)
NO_ACCESS = gettext_noop("You no longer have access to this log.")
DISK_FULL = gettext_noop("The service has run out of space to store exports. Please try later.")
FAILED = gettext_noop("Something went wrong while making the export. Please try again.")


# Up to this size an export takes a second or two: made during the request itself.
INLINE_MAX_INCIDENTS = 100


def start_export(log, user, kind, options) -> ExportJob:
    """Ask for an export: done at once for a small log, or for a timeline the warm-up has
    laid out already (a cover and a save: no wait for a worker to pick the job up, nor for
    the job page to ask whether it is ready); queued for the worker otherwise."""
    job = ExportJob.objects.create(log=log, requested_by=user, kind=kind, options=options.to_json())
    job.log = log
    audit.record(log, user, "export requested", f"{kind} export")
    if filtered_incidents(log, options).count() <= INLINE_MAX_INCIDENTS:
        run_job(job)
    elif kind == ExportJob.Kind.TIMELINE and (rows := premerged_fingerprint(log, options)):
        run_job(job, rows_fingerprint=rows)
    else:
        run_export.enqueue(str(job.pk))
    return job


class Heartbeat:
    """While a job runs, a thread writes its `heartbeat_at` every few seconds.

    A thread rather than the progress reports: laying out one large section can take longer
    than the stale limit, and a live worker must never look dead. It has its own database
    connection, closed when it stops; a failed beat (the database restarting) is skipped.
    """

    def __init__(self, job_id, interval_seconds=None):
        self.job_id = job_id
        self.interval = interval_seconds or settings.STALKLOG_EXPORT_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="export-heartbeat", daemon=True)

    def _beat(self):
        try:
            while not self._stop.wait(self.interval):
                try:
                    ExportJob.objects.filter(pk=self.job_id).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    logger.warning("export job %s: heartbeat not written", self.job_id)
        finally:
            connection.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_job(job: ExportJob, *, rows_fingerprint=None):
    """Do the export of `job` now, in this process (also used for small exports inline,
    and for a timeline laid out already: `rows_fingerprint`, pdf.premerged_fingerprint)."""
    log, user = job.log, job.requested_by
    job.status = ExportJob.Status.RUNNING
    job.attempts += 1
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "attempts", "heartbeat_at"])
    if not can_access(user, log):
        _fail(job, NO_ACCESS)
        return
    with Heartbeat(job.pk):
        _make(job, log, user, rows_fingerprint)


def _make(job, log, user, rows_fingerprint=None):
    blob_name = job.new_blob_name()
    try:
        with tempfile.TemporaryFile(prefix="stalklog-export-") as ciphertext:
            writer = ForwardWriter(ciphertext, log.sealer.file_encryptor(blob_name))
            if job.kind == ExportJob.Kind.BUNDLE:
                result = export_bundle(log, user, job.export_options, writer, progress=job.report)
            else:
                result = export_timeline(
                    log,
                    user,
                    job.export_options,
                    writer,
                    progress=job.report,
                    rows_fingerprint=rows_fingerprint,
                )
            writer.finish()
            job.refresh_from_db(fields=["status"])
            if not can_access(user, log):
                _fail(job, NO_ACCESS)
                return
            ciphertext.seek(0)
            stored_name = default_storage.save(blob_name, File(ciphertext))
    except Exception as error:
        # The storage has removed what it wrote; an object store's partial upload too.
        default_storage.delete(blob_name)
        if is_disk_full(error):
            logger.error("export job %s failed: the file storage is full", job.pk)
            _fail(job, DISK_FULL)
            return
        logger.exception("export job %s failed", job.pk)
        _fail(job, FAILED)
        return
    now = timezone.now()
    job.blob_name = stored_name
    job.bundle_id = result.bundle_id
    job.size_bytes = writer.bytes_written
    job.status = ExportJob.Status.READY
    job.progress_percent = 100
    job.stage = "Ready"  # models.STAGES
    job.finished_at = now
    job.expires_at = job.expiry_from(now)
    try:
        job.save()
    except BaseException:
        default_storage.delete(stored_name)
        raise


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


def retry_stale_exports(now=None) -> tuple[int, int]:
    """Start again, once, each running export whose heartbeat stopped (its worker died);
    fail it with a message the export page shows if it was retried already.

    Returns (retried, failed). Safe to run from several workers at once: each job changes
    state only if it is still the stale row that was read.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.STALKLOG_EXPORT_STALE_SECONDS)
    # A job left running before heartbeats existed has none: judged by when it was asked for.
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    stale = ExportJob.objects.filter(silent, status=ExportJob.Status.RUNNING)
    retried = failed = 0
    for job in stale.only("pk", "attempts", "heartbeat_at"):
        same = ExportJob.objects.filter(
            pk=job.pk, status=ExportJob.Status.RUNNING, heartbeat_at=job.heartbeat_at
        )
        # The job's new state and its dead task rows change together: nobody (the export
        # page, another worker) sees the job failed or queued with a task still running.
        with transaction.atomic():
            if job.attempts < MAX_ATTEMPTS:
                changed = same.update(
                    status=ExportJob.Status.QUEUED,
                    stage=RETRYING_STAGE,
                    progress_percent=0,
                    heartbeat_at=None,
                )
            else:
                changed = same.update(
                    status=ExportJob.Status.FAILED, error=INTERRUPTED, finished_at=now
                )
            if changed:
                _close_dead_tasks(job.pk, now)
        if not changed:
            continue
        if job.attempts < MAX_ATTEMPTS:
            logger.warning("export job %s: its worker stopped; starting it again", job.pk)
            run_export.enqueue(str(job.pk))
            retried += 1
        else:
            logger.warning("export job %s: interrupted %s times; given up", job.pk, job.attempts)
            failed += 1
    return retried, failed


def _close_dead_tasks(job_id, now):
    """The task rows of a dead worker stay RUNNING: mark the ones of this job failed."""
    running = DBTaskResult.objects.filter(status="RUNNING", task_path=run_export.module_path)
    for result in running.only("pk", "args_kwargs"):
        if result.args_kwargs.get("args") == [str(job_id)]:
            DBTaskResult.objects.filter(pk=result.pk, status="RUNNING").update(
                status="FAILED",
                finished_at=now,
                exception_class_path="WorkerLost",
                traceback="The worker running this task stopped (its heartbeat went stale).",
            )
