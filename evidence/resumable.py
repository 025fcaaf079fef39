"""Uploads sent in parts, for a weak signal: the page sends each file in chunks of about a
megabyte, each kept encrypted as it arrives (evidence.chunks, shared with voice recordings);
a dropped connection or a reloaded page continues from the bytes the server holds.

A ResumableUpload is never an exhibit: when every byte is there, the upload form names it
and store_upload joins its chunks through the same ingest as a one-shot upload (same hash,
checks, parsing, incident link). One left unfinished is deleted after
STALKLOG_UNFINISHED_UPLOAD_HOURS by `manage.py delete_abandoned_uploads`.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.chunks import chunk_name, discard_chunks, save_chunk
from evidence.ingest import clean_name
from evidence.models import ResumableUpload
from evidence.services import UploadRejected, check_room
from stalklog.casefile.access import scoped
from stalklog.casefile.models import Log
from stalklog.core.plain import plain_size
from stalklog.core.storage import walk

# The largest chunk taken in one request: below DATA_UPLOAD_MAX_MEMORY_SIZE (request.body is
# read whole) and small enough that a lost chunk on a weak signal costs little.
MAX_CHUNK_BYTES = 2 * 1024 * 1024


class UploadProblem(Exception):
    """A chunk or an upload was refused. str() says what happened and what to do; `status`
    is the HTTP status for the page, `received` how many bytes the server holds."""

    def __init__(self, message: str, *, status: int = 400, received: int | None = None):
        super().__init__(message)
        self.status, self.received = status, received


def chunk_bytes() -> int:
    """How much the page puts in each chunk (STALKLOG_UPLOAD_CHUNK_BYTES)."""
    return min(settings.STALKLOG_UPLOAD_CHUNK_BYTES, MAX_CHUNK_BYTES)


def start_upload(log, user, *, name: str, size_bytes: int, exclude=()) -> ResumableUpload:
    """Begin sending a file in parts, or continue one of this log's unfinished uploads of a
    file with the same name and size (the page was reloaded, the file chosen again); the
    page checks the last chunk's hash before it trusts that it is the same file. `exclude`:
    uploads the page is already sending (two files of the same name and size)."""
    name = clean_name(name)
    limit = settings.STALKLOG_MAX_UPLOAD_BYTES
    if size_bytes <= 0:
        raise UploadProblem(
            _(
                "%(name)s was not saved: the file is empty (0 bytes). Check that it copied "
                "fully, then try again."
            )
            % {"name": name}
        )
    if size_bytes > limit:
        raise UploadProblem(
            _(
                "%(name)s was not saved: it is larger than the %(limit)s limit. Split it, or "
                "export a smaller part (for a chat: without media) and upload that."
            )
            % {"name": name, "limit": plain_size(limit)},
            status=413,
        )
    for upload in unfinished_uploads(log):
        if upload.pk in exclude or upload.size_bytes != size_bytes or upload.name != name:
            continue
        return upload
    try:
        check_room(log, name, size_bytes)
    except UploadRejected as rejected:
        raise UploadProblem(str(rejected), status=413) from rejected
    upload = ResumableUpload(
        log=log, started_by=user, token=secrets.token_hex(16), size_bytes=size_bytes
    )
    upload.name = name
    upload.save()
    return upload


def unfinished_uploads(log) -> list[ResumableUpload]:
    """The log's uploads in parts not yet made exhibits, oldest first."""
    uploads = list(scoped(ResumableUpload, log))
    for upload in uploads:
        upload.log = log
    return uploads


def save_upload_chunk(log, upload_pk: int, *, offset: int, data: bytes) -> ResumableUpload:
    """Keep the chunk of bytes starting at `offset`, encrypted. Chunks come in order: the one
    at the bytes held so far, or the newest one again (its answer was lost); anything else
    is refused with the bytes held, so the page can continue from there."""
    with transaction.atomic():
        # Locked: two copies of one chunk (a retry racing the original) must not both count.
        upload = scoped(ResumableUpload, log).select_for_update().get(pk=upload_pk)
        upload.log = log
        held = upload.received_bytes
        if (
            held
            and offset == upload.last_chunk_offset
            and offset + len(data) == held
            and hashlib.sha256(data).hexdigest() == upload.last_chunk_sha256
        ):
            return upload  # the newest chunk again: already kept
        if offset != held:
            raise UploadProblem(
                _(
                    "This part of %(name)s is out of order: the server holds %(held)s bytes. "
                    "Continuing from there."
                )
                % {"name": upload.name, "held": held},
                status=409,
                received=held,
            )
        _check_chunk(upload, data)
        name = chunk_name(upload.folder, offset)
        # Left by an attempt whose row update did not commit: these bytes replace it.
        if default_storage.exists(name):
            default_storage.delete(name)
        save_chunk(log, upload.folder, offset, data)
        upload.received_bytes = held + len(data)
        upload.last_chunk_offset = offset
        upload.last_chunk_sha256 = hashlib.sha256(data).hexdigest()
        upload.changed_at = timezone.now()
        upload.save(
            update_fields=[
                "received_bytes",
                "last_chunk_offset",
                "last_chunk_sha256",
                "changed_at",
            ]
        )
        return upload


def _check_chunk(upload: ResumableUpload, data: bytes):
    """The size limit and the quota, checked on each chunk as it arrives (not at the end)."""
    held = upload.received_bytes
    if not data:
        raise UploadProblem(_("This part of the file was empty. Trying again."), received=held)
    if len(data) > MAX_CHUNK_BYTES:
        raise UploadProblem(
            _("This part of %(name)s is larger than %(limit)s.")
            % {"name": upload.name, "limit": plain_size(MAX_CHUNK_BYTES)},
            status=413,
            received=held,
        )
    if held + len(data) > upload.size_bytes:
        raise UploadProblem(
            _(
                "%(name)s is larger than the %(size)s the page said it was (the file may have "
                "changed while it was being sent). Cancel it and choose it again."
            )
            % {"name": upload.name, "size": plain_size(upload.size_bytes)},
            status=413,
            received=held,
        )
    # Room for the rest of the file, not just this chunk: no use sending parts that cannot
    # all be kept.
    try:
        check_room(upload.log, upload.name, upload.size_bytes - held)
    except UploadRejected as rejected:
        raise UploadProblem(
            _("There is no room for the rest of %(name)s: %(reason)s.")
            % {"name": upload.name, "reason": rejected.reason},
            status=413,
            received=held,
        ) from rejected


def cancel_upload(upload: ResumableUpload):
    """Delete what arrived of an upload (its chunks, then its row)."""
    discard_chunks(upload.folder)
    upload.delete()


def abandoned_after() -> timedelta:
    return timedelta(hours=settings.STALKLOG_UNFINISHED_UPLOAD_HOURS)


def delete_abandoned_uploads(*, now=None, older_than: timedelta | None = None) -> int:
    """Delete the uploads in parts untouched for `older_than` (by default
    STALKLOG_UNFINISHED_UPLOAD_HOURS), and chunk folders no upload names (their row was
    deleted but the files were not) as old. Returns how many uploads were deleted."""
    cutoff = (now or timezone.now()) - (older_than or abandoned_after())
    deleted = 0
    for upload in ResumableUpload.objects.filter(changed_at__lt=cutoff).select_related("log"):
        cancel_upload(upload)
        deleted += 1
    tokens = set(ResumableUpload.objects.values_list("token", flat=True))
    for log in Log.objects.only("uuid").iterator():
        root = f"logs/{log.uuid}/uploads/"
        try:
            folders, _files = default_storage.listdir(root)
        except FileNotFoundError:
            continue
        for token in folders:
            if token in tokens:
                continue
            names = list(walk(f"{root}{token}/"))
            times = [default_storage.get_modified_time(name) for name in names]
            if not times or max(times) < cutoff:
                discard_chunks(f"{root}{token}/")
    return deleted
