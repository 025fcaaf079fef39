"""Check a log's integrity: the access-event hash chain and the SHA-256 of every stored file."""

from django.core.management.base import BaseCommand, CommandError

from evidence.models import Evidence
from evidence.services import rehash
from stalklog.casefile.models import AccessEvent, Log
from stalklog.core.storage import log_prefix, orphans


class Command(BaseCommand):
    help = (
        "Verify a victim's log: the access-event chain is unbroken and every stored original "
        "and derivative decrypts to the SHA-256 recorded when it arrived."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="the victim who owns the log")

    def handle(self, *args, username, **options):
        log = Log.objects.filter(owner__username=username).first()
        if log is None:
            raise CommandError(f"no log belongs to a user called {username!r}")
        problems = [f"access events: {p}" for p in AccessEvent.verify_chain(log)]
        events = AccessEvent.objects.filter(log=log).count()
        files = 0
        for evidence in Evidence.objects.filter(log=log).order_by("pk").iterator():
            evidence.log = log
            files += sum(1 for _ in evidence.blobs())
            problems.extend(f"files: {p}" for p in rehash(evidence))
        problems.extend(
            f"files: {orphan.name} is stored but no exhibit or export names it (left by an "
            "interrupted write: `check_storage --delete-orphans` removes it)"
            for orphan in orphans(log_prefix(log))
            if orphan.is_past_grace
        )
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found in the log "
                f"of {username}: see above"
            )
        self.stdout.write(
            f"OK: {events} access events in an unbroken chain; {files} stored files match "
            "their SHA-256."
        )
