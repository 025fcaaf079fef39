"""python manage.py export_timeline --username U --output F [--format pdf|html] [--pdfa]"""

from django.core.management.base import BaseCommand

from incidents.export.cli import (
    add_common_arguments,
    atomic_output,
    log_and_options,
    warn_about_positions,
)
from incidents.export.services import FORMATS, export_timeline


class Command(BaseCommand):
    help = "Export a log's incident timeline as a PDF (or HTML for printing elsewhere)."

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument(
            "--pdfa", action="store_true", help="PDF/A-3a (tagged) with the originals"
        )

    def handle(self, *args, **options):
        user, log, export_options = log_and_options(options, pdfa=options["pdfa"])
        warn_about_positions(self.stderr, log, export_options)
        with atomic_output(options["output"]) as out:
            result = export_timeline(log, user, export_options, out, fmt=options["format"])
        self.stdout.write(
            f"Wrote {options['output']}: bundle {result.bundle_id}, "
            f"{result.incident_count} incidents, {result.exhibit_count} exhibits, "
            f"{result.size_bytes} bytes"
        )
