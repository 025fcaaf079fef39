"""`manage.py restore --input DIR`: put a backup from `manage.py backup` back in place."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from stalklog.casefile.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`. Every file is checked against the "
        "manifest first. Refuses to replace existing accounts, logs or files unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path, help="the backup folder")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace everything already in this database and storage",
        )

    def handle(self, *args, input, force, **options):  # noqa: A002 (the option's name)
        manifest = restore_backup(input, default_storage, force=force)
        self.stdout.write(f"Restored the database and {len(manifest['files'])} files from {input}.")
