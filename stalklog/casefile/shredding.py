"""Deleting an account: scheduled first, then for good (the log's data key, its rows, its
files, the user).

Someone who knows her password (DESIGN.md section 2.11) must not be able to destroy her
evidence for good: asking to delete locks and hides the log at once and ends every
session, and `shred_due_logs` (cron) shreds it STALKLOG_DELETION_GRACE_DAYS later. Until
then she can cancel by signing in with two-step sign-in or through a recovery. An account
with two-step sign-in may delete at once, after the code.

Destroying the wrapped data key is what makes this a crypto-shred: whatever survives in a
backup or an unreclaimed disk block is ciphertext nobody can open any more. Files are
then removed by their `logs/<log.uuid>/` prefix, which works the same on the filesystem
and on S3.
"""

import os
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from stalklog.accounts.signins import end_sessions, forget_user
from stalklog.casefile import audit
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


def is_deletion_scheduled_for(user) -> bool:
    log = getattr(user, "log", None) if getattr(user, "is_victim", False) else None
    return log is not None and log.is_deletion_scheduled


def schedule_deletion(user, *, now=None):
    """Ask for the user's account to be deleted. With a grace period (and a log), lock and
    hide the log, end every session and return when it will be shredded; otherwise delete
    everything now and return None."""
    days = settings.STALKLOG_DELETION_GRACE_DAYS
    log = Log.objects.filter(owner=user).first()
    if days <= 0 or log is None:
        delete_account(user)
        return None
    due = (now or timezone.now()) + timedelta(days=days)
    with transaction.atomic():
        Log.objects.filter(pk=log.pk).update(deletion_due_at=due)
        audit.record(log, user, "scheduled deletion", "account", f"due {due:%Y-%m-%d %H:%M} UTC")
    end_sessions(user)
    return due


def cancel_deletion(user) -> bool:
    """Keep the account: the log opens again. True if a deletion was waiting."""
    log = Log.objects.filter(owner=user, deletion_due_at__isnull=False).first()
    if log is None:
        return False
    with transaction.atomic():
        Log.objects.filter(pk=log.pk).update(deletion_due_at=None)
        audit.record(log, user, "cancelled deletion", "account")
    return True


def shred_due_logs(now=None) -> int:
    """Delete for good every account whose deletion is due; returns how many."""
    due = Log.objects.filter(deletion_due_at__lte=now or timezone.now()).select_related("owner")
    count = 0
    for log in due:
        delete_account(log.owner)
        count += 1
    return count
