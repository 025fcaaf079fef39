"""Stop a scheduled deletion for someone who cannot do it herself (no two-step sign-in):
for the people who run the service, after checking who is asking."""

from django.core.management.base import BaseCommand, CommandError

from stalklog.accounts.models import User
from stalklog.casefile.shredding import cancel_deletion


class Command(BaseCommand):
    help = "Keep an account whose deletion is scheduled (the log opens again)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None or not cancel_deletion(user):
            raise CommandError(f"No deletion is waiting for an account named {username!r}.")
        self.stdout.write(f"The account {username!r} will not be deleted.")
