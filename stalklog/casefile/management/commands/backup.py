"""`manage.py backup --output DIR`: the database and every stored file, still encrypted."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from stalklog.casefile.backup import create_backup


class Command(BaseCommand):
    help = (
        "Write a backup (database dump plus every stored file, all still encrypted) into a new "
        "or empty folder. Restoring it needs the same STALKLOG_MASTER_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="a new or empty folder")

    def handle(self, *args, output, **options):
        manifest = create_backup(output, default_storage)
        self.stdout.write(
            f"Backed up the database and {len(manifest['files'])} files to {output}. "
            "Keep the master key separately: the backup cannot be read without it."
        )
