"""python manage.py export_statement --username U --output F.docx|F.pdf [--from D] [--to D]
[--leave-out N ...] [--include-address]"""

import os

from django.core.management.base import BaseCommand, CommandError

from incidents.documents.services import STATEMENT_FORMATS, export_statement
from incidents.documents.statement import StatementOptions
from incidents.export.cli import add_date_range_arguments, atomic_output, owner_and_log


class Command(BaseCommand):
    help = (
        "Draft the owner's witness statement (MG11 layout) from their incidents, in date "
        "order, as an editable Word file (.docx) or a PDF, chosen by the output file's "
        "extension."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="the owner of the log")
        parser.add_argument("--output", required=True, help="F.docx or F.pdf")
        add_date_range_arguments(parser)
        parser.add_argument(
            "--leave-out",
            type=int,
            action="append",
            default=[],
            metavar="N",
            help="incident number to leave out (repeat for several)",
        )
        parser.add_argument(
            "--include-address",
            action="store_true",
            help="show the owner's home address where incidents happened at home",
        )

    def handle(self, *args, **options):
        fmt = os.path.splitext(options["output"])[1].lower().lstrip(".")
        if fmt not in STATEMENT_FORMATS:
            raise CommandError("--output must end in .docx (Word, editable) or .pdf")
        user, log = owner_and_log(options["username"])
        statement_options = StatementOptions(
            date_from=options["date_from"],
            date_to=options["date_to"],
            leave_out=frozenset(options["leave_out"]),
            shows_address=options["include_address"],
        )
        with atomic_output(options["output"]) as out:
            result = export_statement(log, user, out, fmt=fmt, options=statement_options)
        self.stdout.write(
            f"Wrote {options['output']}: draft statement {result.bundle_id}, "
            f"{result.incident_count} incidents, {result.size_bytes} bytes"
        )
