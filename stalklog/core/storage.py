"""Walking the private file storage by name prefix (filesystem or S3 alike).

Every stored file is ciphertext named `logs/<log uuid>/<kind>/<random hex>`, so a log's files
are exactly those under its prefix: listed for backups and checks, deleted with the log.
"""

import logging
import os
from collections.abc import Iterator

from django.core.files.storage import Storage, default_storage

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
