"""Check every trusted-timestamp proof of one victim's log."""

from django.core.management.base import BaseCommand, CommandError

from stalklog.casefile.models import Log

from ...verify import trusted_certificates, verify_log_timestamps


class Command(BaseCommand):
    help = (
        "Verify a victim's timestamp proofs: each exhibit and record still hashes to what was "
        "timestamped, its Merkle path leads to the root, and the authority's token is valid "
        "(and issued under STALKLOG_TSA_CA_FILE when set)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="the victim who owns the log")

    def handle(self, *args, username, **options):
        log = Log.objects.filter(owner__username=username).first()
        if log is None:
            raise CommandError(f"no log belongs to a user called {username!r}")
        report = verify_log_timestamps(log, trusted_certificates())
        if report.problems:
            for problem in report.problems:
                self.stderr.write(problem)
            count = len(report.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found in the timestamps of "
                f"{username}: see above"
            )
        authority = (
            "tokens signed under STALKLOG_TSA_CA_FILE"
            if report.authority_checked
            else "token signatures valid (set STALKLOG_TSA_CA_FILE to check who issued them)"
        )
        self.stdout.write(
            f"OK: {report.checked} exhibits and records match their timestamps in "
            f"{len(report.batches)} batch{'es' if len(report.batches) != 1 else ''}; "
            f"{authority}; {report.not_yet} not yet timestamped."
        )
