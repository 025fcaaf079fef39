"""Delete for good the accounts whose scheduled deletion is due (run from cron, hourly)."""

from django.core.management.base import BaseCommand

from stalklog.casefile.shredding import shred_due_logs


class Command(BaseCommand):
    help = "Shred every log (and its account) whose deletion waiting time has passed."

    def handle(self, *args, **options):
        count = shred_due_logs()
        self.stdout.write(f"{count} account{'s' if count != 1 else ''} deleted.")
