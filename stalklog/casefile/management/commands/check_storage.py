"""python manage.py check_storage [--delete-orphans]: find stored files that no row names."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from stalklog.core.storage import default_grace_seconds, orphans


class Command(BaseCommand):
    help = (
        "List stored files that no exhibit or export names (left by a write that was "
        "interrupted); with --delete-orphans, delete those older than the grace period."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete-orphans",
            action="store_true",
            help="delete the orphans older than the grace period",
        )
        parser.add_argument(
            "--grace-seconds",
            type=int,
            default=None,
            help="files younger than this may still be getting their row and are left alone "
            "(default: STALKLOG_ORPHAN_GRACE_SECONDS)",
        )

    def handle(self, *args, delete_orphans, grace_seconds, **options):
        grace = default_grace_seconds() if grace_seconds is None else grace_seconds
        found = list(orphans(grace_seconds=grace))
        old = [orphan for orphan in found if orphan.is_past_grace]
        for orphan in found:
            when = f"{orphan.modified_at:%Y-%m-%d %H:%M:%S}" if orphan.modified_at else "?"
            if not orphan.is_past_grace:
                note = "recent, left alone"
            elif delete_orphans:
                default_storage.delete(orphan.name)
                note = "deleted"
            else:
                note = "orphan"
            self.stdout.write(f"{orphan.name}  written {when}  {note}")
        young = len(found) - len(old)
        if delete_orphans:
            self.stdout.write(
                f"Deleted {len(old)} orphaned file{'s' if len(old) != 1 else ''}; "
                f"{young} younger than {grace} seconds left alone."
            )
        elif old:
            raise CommandError(
                f"{len(old)} stored file{'s' if len(old) != 1 else ''} without a row, older "
                f"than {grace} seconds: run with --delete-orphans to delete them."
            )
        else:
            self.stdout.write(
                f"OK: every stored file belongs to a row ({young} younger than {grace} "
                "seconds not yet judged)."
            )
