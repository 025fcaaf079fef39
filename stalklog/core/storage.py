"""The private file storage: written safely, walked by name prefix (filesystem or S3 alike).

Every stored file is ciphertext named `logs/<log uuid>/<kind>/<random hex>`, so a log's files
are exactly those under its prefix: listed for backups and checks, deleted with the log. A
file that no row names (an interrupted write) is an orphan: `orphans()` finds them for
`check_storage`, `verify_log` and the backup.
"""

import contextlib
import datetime
import errno
import logging
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.utils import timezone
from django.utils._os import safe_makedirs

logger = logging.getLogger(__name__)


def log_prefix(log) -> str:
    return f"logs/{log.uuid}/"


def walk(prefix: str = "", storage: Storage | None = None) -> Iterator[str]:
    """Every file name under `prefix` (a folder path ending in "/", or "" for all), sorted."""
    storage = storage or default_storage
    folder = prefix.rstrip("/")
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    base = f"{folder}/" if folder else ""
    for name in sorted(files):
        yield base + name
    for sub in sorted(folders):
        yield from walk(base + sub + "/", storage)


def log_files(log, storage: Storage | None = None) -> list[str]:
    return list(walk(log_prefix(log), storage))


def delete_under(prefix: str, storage: Storage | None = None) -> int:
    """Delete every file under `prefix`; returns how many were deleted."""
    storage = storage or default_storage
    names = list(walk(prefix, storage))
    for name in names:
        storage.delete(name)
    _remove_empty_folders(prefix, storage)
    return len(names)


def delete_log_files(log, storage: Storage | None = None) -> int:
    """Delete every file of the log; returns how many were deleted."""
    return delete_under(log_prefix(log), storage)


def _remove_empty_folders(prefix, storage):
    # Object stores have no folders; a filesystem keeps empty ones that still name the log.
    try:
        root = storage.path(prefix)
    except NotImplementedError:
        return
    for folder, _dirs, _files in sorted(os.walk(root), key=lambda w: -len(w[0])):
        try:
            os.rmdir(folder)
        except OSError:
            logger.warning("could not remove folder %s", folder)


# A file being written has this name prefix until it is complete; it then gets its real name
# in one step, so a reader never sees half a file under a name a row could hold.
PARTIAL_PREFIX = ".partial-"


class PrivateFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that never shows a half-written file and never leaves one behind.

    Django's own opens the file 0666 (less the umask) and narrows it to 0600 only after the
    last byte, and a failed write leaves the partial file in place. Here the bytes go to a
    `.partial-` file created 0600, which is renamed (hard-linked, so an existing file is
    never replaced) to its name when complete; on any error, a full disk included, the
    partial file is removed before the error goes on. Only a process killed mid-write can
    leave a `.partial-` file: `check_storage --delete-orphans` removes it.
    """

    def _open_partial(self, path: str):
        """A new file opened for writing, 0600 from its first byte (a seam for tests)."""
        return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        # Folders 0700 at every level (os.makedirs' mode applies to the last one only).
        safe_makedirs(directory, self.directory_permissions_mode or 0o700, exist_ok=True)
        partial = os.path.join(directory, PARTIAL_PREFIX + secrets.token_hex(8))
        try:
            with self._open_partial(partial) as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
            while True:
                try:
                    os.link(partial, full_path)
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                else:
                    break
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        return os.path.relpath(full_path, self.location).replace("\\", "/")


def is_disk_full(error: BaseException) -> bool:
    """True when storing failed because the disk (or the account's quota) is full."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def default_grace_seconds() -> int:
    return settings.STALKLOG_ORPHAN_GRACE_SECONDS


def referenced_names() -> set[str]:
    """Every stored file name that a row names.

    A model lists its file-name columns in `stored_file_fields`. Files that belong to a model
    without a row each sit in folders it lists: `stored_file_folders` for content kept until
    it gets a row (a recording's chunks: backed up), `cached_file_folders` for what can be
    made again (laid-out export sections: not backed up). See `is_kept` and `orphans`.
    """
    names = set()
    for model in apps.get_models():
        for field in getattr(model, "stored_file_fields", ()):
            rows = model._default_manager.exclude(**{field: ""}).values_list(field, flat=True)
            names.update(rows.iterator())
    return names


def _folders(attribute: str) -> set[str]:
    return {folder for model in apps.get_models() for folder in getattr(model, attribute, ())}


def is_kept(name: str, *, with_caches: bool = True) -> bool:
    """True for a complete file in a folder a model keeps without a row per file (under
    `logs/<uuid>/`, at any depth), and with `with_caches`, in a cache folder too."""
    if is_partial(name):
        return False
    folders = _folders("stored_file_folders")
    if with_caches:
        folders |= _folders("cached_file_folders")
    return bool(folders & set(name.split("/")[2:-1]))


@dataclass
class Orphan:
    name: str
    modified_at: datetime.datetime | None
    is_past_grace: bool


def is_partial(name: str) -> bool:
    return name.rsplit("/", 1)[-1].startswith(PARTIAL_PREFIX)


def orphans(
    prefix: str = "",
    *,
    storage: Storage | None = None,
    grace_seconds: int | None = None,
    now: datetime.datetime | None = None,
) -> Iterator[Orphan]:
    """Files under `prefix` that no row names, and whether each is older than the grace period.

    The rows are read before the files are listed, and a file is written before its row: a
    file younger than the grace period may still be getting its row, so it is only reported.
    """
    storage = storage or default_storage
    grace_seconds = default_grace_seconds() if grace_seconds is None else grace_seconds
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=grace_seconds)
    known = referenced_names()
    for name in walk(prefix, storage):
        if name in known or is_kept(name):
            continue
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            modified = None
        past = modified is not None and modified < cutoff
        yield Orphan(name=name, modified_at=modified, is_past_grace=past)
