"""python manage.py export_bundle --username U --output F.zip"""

from django.core.management.base import BaseCommand

from incidents.export.cli import (
    add_common_arguments,
    atomic_output,
    log_and_options,
    warn_about_positions,
)
from incidents.export.services import export_bundle


class Command(BaseCommand):
    help = "Export a log's evidence bundle: the PDF, the originals, manifest.json, SHA256SUMS."

    def add_arguments(self, parser):
        add_common_arguments(parser)

    def handle(self, *args, **options):
        user, log, export_options = log_and_options(options)
        warn_about_positions(self.stderr, log, export_options)
        with atomic_output(options["output"]) as out:
            result = export_bundle(log, user, export_options, out)
        self.stdout.write(
            f"Wrote {options['output']}: bundle {result.bundle_id}, "
            f"{result.incident_count} incidents, {result.exhibit_count} exhibits, "
            f"{result.size_bytes} bytes"
        )
