"""python manage.py delete_abandoned_uploads [--hours N]: delete uploads sent in parts that
were left unfinished (evidence.resumable); run it from cron, hourly."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from evidence.resumable import abandoned_after, delete_abandoned_uploads


class Command(BaseCommand):
    help = (
        "Delete uploads sent in parts and left unfinished (their encrypted chunks and rows) "
        "once untouched for STALKLOG_UNFINISHED_UPLOAD_HOURS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=None,
            help="untouched for this long (default: STALKLOG_UNFINISHED_UPLOAD_HOURS)",
        )

    def handle(self, *args, hours, **options):
        older_than = abandoned_after() if hours is None else timedelta(hours=hours)
        deleted = delete_abandoned_uploads(older_than=older_than)
        self.stdout.write(
            f"Deleted {deleted} unfinished upload{'s' if deleted != 1 else ''} untouched for "
            f"{older_than.total_seconds() / 3600:g} hours."
        )
