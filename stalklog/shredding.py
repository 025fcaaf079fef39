"""Deleting an account for good: the log's data key, its rows, its files, the user.

Destroying the wrapped data key is what makes this a crypto-shred: whatever survives in a
backup or an unreclaimed disk block is ciphertext nobody can open any more. Files are
then removed by their `logs/<log.uuid>/` prefix, which works the same on the filesystem
and on S3.
"""

import logging
import os

from axes.models import AccessAttempt
from django.core.files.storage import default_storage
from django.db import transaction

from incidents.models import Log

from .signins import forget_user

logger = logging.getLogger(__name__)


def log_prefix(log) -> str:
    return f"logs/{log.uuid}/"


def stored_names(prefix: str, storage=default_storage):
    """Every file name under `prefix` (a folder name ending in "/"), at any depth."""
    try:
        folders, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        yield prefix + name
    for folder in folders:
        yield from stored_names(f"{prefix}{folder}/", storage)


def delete_stored_files(prefix: str, storage=default_storage) -> int:
    """Delete every file under `prefix`; returns how many were deleted."""
    names = list(stored_names(prefix, storage))
    for name in names:
        storage.delete(name)
    _remove_empty_folders(prefix, storage)
    return len(names)


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


def delete_account(user) -> None:
    """Delete the user, their log (key first), every row in it, and every stored file."""
    log = Log.objects.filter(owner=user).first()
    with transaction.atomic():
        if log is not None:
            # Overwrite the wrapped key before the row goes, so no old page holds it.
            Log.objects.filter(pk=log.pk).update(wrapped_key=os.urandom(len(log.wrapped_key)))
            prefix = log_prefix(log)
            log.delete()
            transaction.on_commit(lambda: delete_stored_files(prefix))
        forget_user(user)
        AccessAttempt.objects.filter(username__iexact=user.get_username()).delete()
        user.delete()
