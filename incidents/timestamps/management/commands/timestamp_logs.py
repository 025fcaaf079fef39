"""Have everything new in every log timestamped by the RFC 3161 authority (cron, daily)."""

from django.core.management.base import BaseCommand, CommandError

from stalklog.core.timestamping import TimestampError

from ...services import NotConfigured, timestamp_logs


class Command(BaseCommand):
    help = (
        "Send one Merkle root over the hashes of every exhibit, incident and correction not "
        "yet timestamped to the authority at STALKLOG_TSA_URL, and keep each item's proof. "
        "Only that hash leaves the server. Run daily from cron."
    )

    def handle(self, *args, **options):
        try:
            run = timestamp_logs()
        except NotConfigured as error:
            self.stdout.write(f"Nothing to do: {error}.")
            return
        except TimestampError as error:
            raise CommandError(f"{error}. Nothing was saved; the next run tries again.") from error
        if run.batch is None:
            self.stdout.write("Nothing new to timestamp.")
            return
        self.stdout.write(
            f"Timestamped {run.items} items of {run.logs} logs: root {run.batch.root}, "
            f"authority time {run.batch.gen_time:%Y-%m-%d %H:%M:%S} UTC (batch {run.batch.pk})."
        )
