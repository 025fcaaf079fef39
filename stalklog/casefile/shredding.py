"""Deleting an account for good: the log's data key, its rows, its files, the user.

Destroying the wrapped data key is what makes this a crypto-shred: whatever survives in a
backup or an unreclaimed disk block is ciphertext nobody can open any more. Files are
then removed by their `logs/<log.uuid>/` prefix, which works the same on the filesystem
and on S3.
"""

import os

from axes.models import AccessAttempt
from django.db import transaction

from stalklog.accounts.signins import forget_user
from stalklog.casefile.models import Log
from stalklog.core.storage import delete_under, log_prefix


def delete_account(user) -> None:
    """Delete the user, their log (key first), every row in it, and every stored file."""
    log = Log.objects.filter(owner=user).first()
    with transaction.atomic():
        if log is not None:
            # Overwrite the wrapped key before the row goes, so no old page holds it.
            Log.objects.filter(pk=log.pk).update(wrapped_key=os.urandom(len(log.wrapped_key)))
            prefix = log_prefix(log)
            log.delete()
            transaction.on_commit(lambda: delete_under(prefix))
        forget_user(user)
        AccessAttempt.objects.filter(username__iexact=user.get_username()).delete()
        user.delete()
