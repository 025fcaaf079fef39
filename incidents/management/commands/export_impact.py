"""python manage.py export_impact --username U --output F.docx"""

from django.core.management.base import BaseCommand, CommandError

from incidents.documents.services import export_impact
from incidents.export.cli import atomic_output, owner_and_log


class Command(BaseCommand):
    help = (
        "Draft the impact summary for the owner's Victim Personal Statement: what they "
        "recorded about the effects on their life, gathered by theme with dates (Word, "
        "editable)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="the owner of the log")
        parser.add_argument("--output", required=True, help="F.docx")

    def handle(self, *args, **options):
        if not options["output"].lower().endswith(".docx"):
            raise CommandError("--output must end in .docx")
        user, log = owner_and_log(options["username"])
        with atomic_output(options["output"]) as out:
            result = export_impact(log, user, out)
        self.stdout.write(
            f"Wrote {options['output']}: impact summary {result.bundle_id} from "
            f"{result.incident_count} incidents, {result.size_bytes} bytes"
        )
