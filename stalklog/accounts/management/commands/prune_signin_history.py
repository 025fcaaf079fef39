"""python manage.py prune_signin_history: delete sign-in history past its retention."""

from django.conf import settings
from django.core.management.base import BaseCommand

from stalklog.accounts.signins import prune_sign_in_history


class Command(BaseCommand):
    help = "Delete sign-in history older than STALKLOG_SIGNIN_HISTORY_DAYS."

    def handle(self, *args, **options):
        deleted = prune_sign_in_history()
        self.stdout.write(
            f"Deleted {deleted} sign-in records older than "
            f"{settings.STALKLOG_SIGNIN_HISTORY_DAYS} days."
        )
