"""The breach report for one order: its conditions as she recorded them, then every
incident she marked as a possible breach of it, in date order, for the officer in the case."""

import dataclasses
import datetime

from django.db.models import Prefetch
from django.utils import timezone

from evidence.models import Evidence
from incidents.export.document import new_bundle_id
from incidents.models import Incident, Person
from stalklog.casefile.access import scoped

from .wording import clean, opening


@dataclasses.dataclass
class Breach:
    sequence_no: int
    when: str
    what: str
    exact_words: str
    exhibit_refs: list[str]
    police: str


@dataclasses.dataclass
class BreachReport:
    bundle_id: str
    generated_at: datetime.datetime
    order_label: str
    reference: str
    made_on: datetime.date | None
    expires_on: datetime.date | None
    conditions: str
    people: list[str]
    breaches: list[Breach]

    @property
    def title(self) -> str:
        return f"Possible breaches of {self.order_label} ({self.bundle_id})"


def _police(incident) -> str:
    if not incident.reported_to_police:
        return "Not reported"
    parts = [
        clean(incident.police_force) or "Reported",
        f"log {clean(incident.police_log_number)}" if incident.police_log_number else "",
        f"crime ref {clean(incident.crime_reference)}" if incident.crime_reference else "",
    ]
    return "; ".join(part for part in parts if part)


def build_breach_report(log, user, order, *, shows_address=False, now=None) -> BreachReport:
    now = now or timezone.now()
    incidents = list(
        scoped(Incident, log)
        .filter(order_breached=order)
        .order_by("occurred_start", "sequence_no")
        .prefetch_related(
            Prefetch("exhibits", Evidence.objects.only("pk", "exhibit_ref").order_by("pk"),
                     to_attr="report_exhibits"),
            Prefetch("people", Person.objects.order_by("pk"), to_attr="report_people"),
        )
    )  # fmt: skip
    people = {}
    breaches = []
    for incident in incidents:
        incident.log = log
        for person in incident.report_people:
            person.log = log
            people.setdefault(person.pk, clean(person.name))
        breaches.append(
            Breach(
                sequence_no=incident.sequence_no,
                when=opening(incident, shows_address=shows_address).removeprefix("On "),
                what=clean(incident.what_happened),
                exact_words=clean(incident.exact_words),
                exhibit_refs=[exhibit.exhibit_ref for exhibit in incident.report_exhibits],
                police=_police(incident),
            )
        )
    order.log = log
    return BreachReport(
        bundle_id=new_bundle_id(log, now),
        generated_at=now,
        order_label=order.get_kind_display(),
        reference=clean(order.reference),
        made_on=order.made_on,
        expires_on=order.expires_on,
        conditions=clean(order.conditions),
        people=[name for name in people.values() if name],
        breaches=breaches,
    )
