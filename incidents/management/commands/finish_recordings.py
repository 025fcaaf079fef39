"""python manage.py finish_recordings [--minutes N]: save as exhibits the voice recordings left
without Stop whose recorder page was never opened again (incidents.recordings); run it from
cron, every 10 minutes."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from incidents.recordings import finish_abandoned_recordings, unfinished_recording_age


class Command(BaseCommand):
    help = (
        "Save as exhibits the voice recordings left without Stop (tab closed, phone died) "
        "once their newest chunk is STALKLOG_UNFINISHED_RECORDING_MINUTES old."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=None,
            help="newest chunk at least this old (default: STALKLOG_UNFINISHED_RECORDING_MINUTES)",
        )

    def handle(self, *args, minutes, **options):
        older_than = unfinished_recording_age() if minutes is None else timedelta(minutes=minutes)
        stored = finish_abandoned_recordings(older_than=older_than)
        self.stdout.write(
            f"Saved {len(stored)} recording{'s' if len(stored) != 1 else ''} left without Stop "
            f"for {older_than.total_seconds() / 60:g} minutes."
        )
