"""Export jobs: an export requested from the page, its progress, and its encrypted result.

The result is encrypted with the log's key under `logs/<uuid>/exports/` like evidence, is
only handed to the person who asked for it, and is deleted once it expires
(STALKLOG_EXPORT_KEEP_SECONDS), by `cleanup_exports` or the next visit to the export page.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from incidents.export.options import ExportOptions
from stalklog.casefile.models import Log

DEFAULT_KEEP_SECONDS = 3600

# The stages and errors a job stores are saved in English (the rendering runs in the
# document's language, not hers) and translated when shown: these marks put the stages
# said in pdf.py and bundle.py into the catalogues.
STAGES = (
    gettext_noop("Preparing the sections"),
    gettext_noop("Preparing the document"),
    gettext_noop("Laying out the pages"),
    gettext_noop("Laying out"),
    gettext_noop("Numbering the pages"),
    gettext_noop("Adding the original files"),
    gettext_noop("Ready"),
)


def keep_seconds() -> int:
    return getattr(settings, "STALKLOG_EXPORT_KEEP_SECONDS", DEFAULT_KEEP_SECONDS)


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        TIMELINE = "timeline", _("Timeline (PDF)")
        BUNDLE = "bundle", _("Evidence bundle (ZIP)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being made")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be made")
        EXPIRED = "expired", _("Deleted after the time limit")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    options = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=100, blank=True)
    bundle_id = models.CharField(max_length=40, blank=True)
    blob_name = models.CharField(max_length=200, blank=True, editable=False)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)
    # Written every few seconds while a worker makes the export (tasks.Heartbeat): a running
    # job whose heartbeat stopped lost its worker, and is retried or failed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "incidents_exportjob"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_at"], name="export_job_expiry")]

    # Storage names held by this row, and the folder of cached sections that belongs to the
    # exports without a row each (stalklog.core.storage.orphans leaves both alone; backups
    # leave the cache out: it is made again).
    stored_file_fields = ("blob_name",)
    cached_file_folders = ("export-cache",)

    def __str__(self):
        return f"{self.get_kind_display()} export {self.bundle_id or self.pk}"

    @property
    def audit_label(self) -> str:
        return f"export {self.bundle_id}"

    @property
    def export_options(self) -> ExportOptions:
        return ExportOptions.from_json(self.options)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED, self.Status.EXPIRED)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def download_name(self) -> str:
        if self.kind == self.Kind.BUNDLE:
            return f"bundle-{self.bundle_id}.zip"
        return f"timeline-{self.bundle_id}.pdf"

    @property
    def content_type(self) -> str:
        return "application/zip" if self.kind == self.Kind.BUNDLE else "application/pdf"

    def new_blob_name(self) -> str:
        return f"logs/{self.log.uuid}/exports/{secrets.token_hex(16)}"

    @property
    def stage_text(self) -> str:
        """The stage in the language of the page showing it."""
        return gettext(self.stage) if self.stage else ""

    @property
    def error_text(self) -> str:
        return gettext(self.error) if self.error else ""

    def report(self, fraction: float, stage: str):
        """Save progress for the page to poll (a cheap UPDATE, no full save)."""
        percent = max(0, min(99, int(fraction * 100)))
        ExportJob.objects.filter(pk=self.pk).update(progress_percent=percent, stage=stage[:100])

    def delete_result(self):
        if self.blob_name:
            default_storage.delete(self.blob_name)
        self.blob_name = ""
        self.status = self.Status.EXPIRED
        self.save(update_fields=["blob_name", "status"])

    @classmethod
    def delete_expired(cls, log=None, now=None) -> int:
        """Delete every expired result (of one log, or all); return how many."""
        now = now or timezone.now()
        expired = cls.objects.filter(status=cls.Status.READY, expires_at__lte=now)
        if log is not None:
            expired = expired.filter(log=log)
        count = 0
        for job in expired.select_related("log"):
            job.delete_result()
            count += 1
        return count

    def expiry_from(self, now: datetime.datetime) -> datetime.datetime:
        return now + datetime.timedelta(seconds=keep_seconds())
