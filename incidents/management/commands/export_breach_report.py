"""python manage.py export_breach_report --username U --order N --output F.pdf"""

from django.core.management.base import BaseCommand, CommandError

from incidents.documents.services import export_breach_report
from incidents.export.cli import atomic_output, owner_and_log
from incidents.models import Order
from stalklog.casefile.access import scoped


class Command(BaseCommand):
    help = (
        "The breach report for one of the owner's orders (N: the number in the order's "
        "address on the Orders page, /orders/N/edit/): its conditions, then every incident "
        "marked as a possible breach of it, in date order (PDF)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="the owner of the log")
        parser.add_argument("--order", required=True, type=int, help="the order's number")
        parser.add_argument("--output", required=True, help="F.pdf")
        parser.add_argument(
            "--include-address",
            action="store_true",
            help="show the owner's home address where incidents happened at home",
        )

    def handle(self, *args, **options):
        if not options["output"].lower().endswith(".pdf"):
            raise CommandError("--output must end in .pdf")
        user, log = owner_and_log(options["username"])
        order = scoped(Order, log).filter(pk=options["order"]).first()
        if order is None:
            orders = ", ".join(
                f"{o.pk} ({o.get_kind_display()})" for o in scoped(Order, log).order_by("pk")
            )
            raise CommandError(
                f"{options['username']} has no order {options['order']}. "
                + (f"Their orders: {orders}." if orders else "They have recorded no orders.")
            )
        with atomic_output(options["output"]) as out:
            result = export_breach_report(
                log, user, order, out, shows_address=options["include_address"]
            )
        self.stdout.write(
            f"Wrote {options['output']}: breach report {result.bundle_id}, "
            f"{result.incident_count} incidents marked as possible breaches, "
            f"{result.size_bytes} bytes"
        )
