"""Gather everything one export shows, decrypted once, in the order it is printed.

The result is plain data (no lazy queries left), so templates trigger no queries and the
same document feeds the PDF, the HTML, the ZIP manifest and the background task.
"""

import collections
import dataclasses
import datetime
import functools
import secrets
import zoneinfo

from django.conf import settings
from django.db.models import Prefetch
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from incidents import selectors
from incidents.export import exhibits as exhibit_source
from incidents.export import wording
from incidents.export.fingerprint import fingerprint
from incidents.export.language import current as current_document_language
from incidents.export.language import document_language
from incidents.export.options import ExportOptions
from incidents.models import Amendment, Behaviour, Identifier, Incident, Order, Person, Witness
from incidents.when import clock
from stalklog.casefile.access import scoped

# The police document is in English whatever language her pages are in (issue 21). The words
# it takes from the app (the form's labels and choices: behaviours, impact, channel,
# precision, relationships, kinds of order) are marked for translation, so gathering and
# rendering run in this language; incidents.documents does the same. Her own words are printed
# as she wrote them.
PRINT_LANGUAGE = "en-gb"


def print_language():
    """A context manager: the document's words in its language (English, PRINT_LANGUAGE,
    unless an export chose Welsh or both: language.document_language), whatever the page's."""
    return document_language(current_document_language())


def in_print_language(function):
    """Decorate an entry point that writes a document: it runs in PRINT_LANGUAGE (a new
    override on each call, so concurrent calls in threads never share one)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with print_language():
            return function(*args, **kwargs)

    return wrapper


@dataclasses.dataclass
class MonthCount:
    month: datetime.date
    count: int


class _Titled:
    @property
    def title(self) -> str:
        return _("Incident timeline %(initials)s (%(bundle_id)s)") % {
            "initials": self.log.initials,
            "bundle_id": self.bundle_id,
        }


@dataclasses.dataclass
class ExportDocument(_Titled):
    log: object
    options: ExportOptions
    bundle_id: str
    generated_at: datetime.datetime
    prepared_by: str
    incidents: list
    people: list
    behaviour_counts: list
    month_counts: list
    exhibits: list
    exhibits_by_incident: dict
    first_incident: object = None
    latest_incident: object = None
    orders: list = dataclasses.field(default_factory=list)  # [(order, [sequence nos])]
    # The fingerprint (fingerprint.py) of the rows, taken before they were read: the press
    # may take a pre-merge named by it only while the rows still have it.
    fingerprint: str | None = None

    @property
    def key_incidents(self) -> list:
        return [incident for incident in self.incidents if incident.is_key]

    @property
    def incident_count(self) -> int:
        return len(self.incidents)

    @property
    def exhibit_count(self) -> int:
        return len(self.exhibits)

    @property
    def people_count(self) -> int:
        return len(self.people)

    @property
    def filter_people(self) -> list[str]:
        """The names of the people the export is filtered on, as its cover prints them."""
        names = {person.pk: person.name for person in self.people}
        return [names[pk] for pk in self.options.person_ids if pk in names]

    @property
    def date_range(self) -> tuple:
        """(from, to) as printed: the filter if given, else the incidents' own span."""
        start = self.options.date_from or (
            timezone.localdate(self.first_incident.occurred_start) if self.first_incident else None
        )
        end = self.options.date_to or (
            timezone.localdate(self.latest_incident.occurred_start)
            if self.latest_incident
            else None
        )
        return start, end


@dataclasses.dataclass
class CoverDocument(_Titled):
    """What the cover, the PDF's information and the audit line print of a document laid
    out already (pdf.press_pdf): the facts kept with its pre-merge, under the fingerprint
    of the rows they were read from, and what is new to each export (bundle id, time, who)."""

    log: object
    options: ExportOptions
    bundle_id: str
    generated_at: datetime.datetime
    prepared_by: str
    incident_count: int
    exhibit_count: int
    people_count: int
    date_range: tuple
    filter_people: list
    link_labels: dict
    fingerprint: str | None = None
    exhibits: tuple = ()  # none of the cover's images: it shows none

    @classmethod
    def from_facts(cls, log, options, user, facts: dict, fingerprint: str, now=None):
        now = now or timezone.now()
        with print_language():
            prepared_by = _prepared_by(user, log)
        return cls(
            log=log,
            options=options,
            bundle_id=new_bundle_id(log, now),
            generated_at=now,
            prepared_by=prepared_by,
            incident_count=facts["incidents"],
            exhibit_count=facts["exhibits"],
            people_count=facts["people"],
            date_range=tuple(
                datetime.date.fromisoformat(day) if day else None for day in facts["date_range"]
            ),
            filter_people=facts["filter_people"],
            link_labels=facts["link_labels"],
            fingerprint=fingerprint,
        )


def cover_facts(doc: ExportDocument, link_labels: dict) -> dict:
    """What a CoverDocument needs of `doc`, as JSON: its dates as the cover prints them
    (UK local days)."""
    with timezone.override(settings.TIME_ZONE):
        start, end = doc.date_range
    return {
        "incidents": doc.incident_count,
        "exhibits": doc.exhibit_count,
        "people": doc.people_count,
        "date_range": [day.isoformat() if day else None for day in (start, end)],
        "filter_people": doc.filter_people,
        "link_labels": link_labels,
    }


def new_bundle_id(log, now=None) -> str:
    """Short, unique, readable over the phone: initials, date, 8 random hex digits."""
    now = timezone.localtime(now or timezone.now())
    return f"{log.initials}-{now:%Y%m%d}-{secrets.token_hex(4).upper()}"


def filtered_incidents(log, options: ExportOptions):
    """The timeline's own date filter (UK local days), oldest first, then any of the chosen
    people and behaviours (the export lets several be chosen at once)."""
    incidents = selectors.filtered_incidents(
        log, {"date_from": options.date_from, "date_to": options.date_to, "order": "oldest"}
    )
    if options.person_ids:
        incidents = incidents.filter(people__in=options.person_ids)
    if options.behaviour_codes:
        incidents = incidents.filter(behaviours__code__in=options.behaviour_codes)
    if options.person_ids or options.behaviour_codes:
        incidents = incidents.distinct()
    return incidents


def incidents_with_position(incidents) -> list[int]:
    """The sequence numbers of the incidents (a queryset) that carry a position saved with
    "Add where I am now", for the warning shown before she chooses to include positions."""
    return list(
        incidents.exclude(position_sealed=b"")
        .order_by("sequence_no")
        .values_list("sequence_no", flat=True)
    )


def _attach_log(rows, log):
    for row in rows:
        row.log = log  # reuse the log's unwrapped key instead of a query per row
    return rows


def load_incidents(log, options: ExportOptions) -> list:
    """The incidents with their links prefetched into plain lists (`export_behaviours`,
    `export_people`, `export_witnesses`, `amendment_rows`): prefetching into the related
    managers builds a filtered queryset per incident and relation (0.4 s per thousand)."""
    incidents = list(
        filtered_incidents(log, options)
        .select_related("order_breached", "entered_by")
        .prefetch_related(
            Prefetch("behaviours", to_attr="export_behaviours"),
            Prefetch("people", Person.objects.order_by("pk"), to_attr="export_people"),
            Prefetch("witnesses", Witness.objects.order_by("pk"), to_attr="export_witnesses"),
            Prefetch(
                "amendments",
                Amendment.objects.select_related("amended_by"),
                to_attr="amendment_rows",
            ),
        )
    )
    _attach_log(incidents, log)
    for incident in incidents:
        _attach_log(incident.export_people, log)
        _attach_log(incident.export_witnesses, log)
        _attach_log(incident.amendment_rows, log)
        if incident.order_breached:
            incident.order_breached.log = log
    return incidents


def load_people(log, incidents) -> list:
    """People involved in the exported incidents, perpetrators first, with identifiers."""
    ids = {person.pk for incident in incidents for person in incident.export_people}
    people = list(
        scoped(Person, log)
        .filter(pk__in=ids)
        .prefetch_related(
            Prefetch("identifiers", queryset=Identifier.objects.order_by("kind", "pk"))
        )
        .order_by("-is_perpetrator", "pk")
    )
    _attach_log(people, log)
    for person in people:
        _attach_log(person.identifiers.all(), log)
    return people


def count_behaviours(incidents) -> list:
    counts = collections.Counter(
        behaviour.pk for incident in incidents for behaviour in incident.export_behaviours
    )
    return [
        (behaviour, counts[behaviour.pk])
        for behaviour in Behaviour.objects.order_by("order")
        if counts[behaviour.pk]
    ]


def count_months(incidents) -> list:
    """Incidents per calendar month (local time), every month in the span, empty ones too."""
    if not incidents:
        return []
    counts = collections.Counter(
        timezone.localdate(incident.occurred_start).replace(day=1) for incident in incidents
    )
    month, last, months = min(counts), max(counts), []
    while month <= last:
        months.append(MonthCount(month, counts[month]))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def load_orders(log, incidents) -> list:
    """Every order of the log, with the exported incidents that may have breached it."""
    breaches = collections.defaultdict(list)
    for incident in incidents:
        if incident.order_breached_id:
            breaches[incident.order_breached_id].append(incident.sequence_no)
    orders = _attach_log(list(scoped(Order, log).order_by("pk")), log)
    # made_on is sealed: sorted here, after decryption, orders without a date last.
    orders.sort(key=lambda order: (order.made_on is None, order.made_on or datetime.date.min))
    return [(order, breaches.get(order.pk, [])) for order in orders]


def build_document(log, options: ExportOptions, user, now=None) -> ExportDocument:
    with print_language():
        return _build_document(log, options, user, now)


def _build_document(log, options: ExportOptions, user, now=None) -> ExportDocument:
    now = now or timezone.now()
    before = fingerprint(log, options)
    incidents = load_incidents(log, options)
    exhibits = exhibit_source.exhibits_for(log, incidents, options)
    by_incident = collections.defaultdict(list)
    for exhibit in exhibits:
        for sequence_no in exhibit.incident_sequence_nos:
            by_incident[sequence_no].append(exhibit)
    for incident in incidents:
        incident.export_exhibits = by_incident.get(incident.sequence_no, [])
        incident.show_location = options.shows_address or (
            incident.location_type != Incident.LocationType.HOME
        )
        incident.when_text = when_text(incident)
        # "Where I am now": printed only when she chose positions for this export.
        incident.has_position = incident.position is not None
        incident.position_printed = incident.position_text if options.shows_gps else ""
        # Joined once here: templates reaching through the related managers for each of a
        # thousand incidents cost more than the rest of the rendering.
        incident.behaviours_text = "; ".join(
            b.display_label for b in incident.export_behaviours
        ) or _("not yet given")
        incident.people_text = ", ".join(p.name for p in incident.export_people)
        incident.impact_flags = wording.impact_flags(incident)
        incident.precision_text = wording.precision_text(incident)
        incident.channel_text = wording.choice_label("channel", incident.channel)
        incident.location_type_text = wording.choice_label("location_type", incident.location_type)
        incident.impact_score_text = wording.choice_label("impact_score", incident.impact_score)
        incident.export_amendments = [
            amendment_for_print(amendment, incident) for amendment in incident.amendment_rows
        ]
    return ExportDocument(
        log=log,
        options=options,
        bundle_id=new_bundle_id(log, now),
        generated_at=now,
        prepared_by=_prepared_by(user, log),
        incidents=incidents,
        people=load_people(log, incidents),
        behaviour_counts=count_behaviours(incidents),
        month_counts=count_months(incidents),
        exhibits=exhibits,
        exhibits_by_incident=dict(by_incident),
        first_incident=incidents[0] if incidents else None,
        latest_incident=max(incidents, key=lambda i: i.occurred_start) if incidents else None,
        orders=load_orders(log, incidents),
        fingerprint=before,
    )


def when_text(incident) -> str:
    """When it happened, as printed, honest about how precisely it is known: an approximate
    time or a date only says so in the form's words."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = timezone.localtime(incident.occurred_start, tz)
    if incident.time_precision == Incident.Precision.DATE:
        return f"{dateformat.format(start, 'D j M Y')} ({wording.precision_text(incident).lower()})"
    text = f"{dateformat.format(start, 'D j M Y')}, {clock(start)}"
    if incident.occurred_end:
        text += " " + _("to") + " " + clock(timezone.localtime(incident.occurred_end, tz))
    if incident.time_precision == Incident.Precision.APPROXIMATE:
        text += f" ({wording.precision_text(incident).lower()})"
    return text


# Amended fields that never leave the app, whatever the profile.
NEVER_EXPORTED = {"private_notes"}


def amendment_for_print(amendment, incident) -> dict:
    """An amendment as printed: when, by whom, why, and each change as before/after."""
    hidden = set(NEVER_EXPORTED)
    if not incident.show_location:
        hidden.add("location")
    changes = [
        {
            "label": wording.field_label(name),
            "before": wording.printed_value(name, pair[0]),
            "after": wording.printed_value(name, pair[1]),
        }
        for name, pair in sorted((amendment.changes or {}).items())
        if name not in hidden and isinstance(pair, list | tuple) and len(pair) == 2
    ]
    left_out = sorted(set(amendment.changes or {}) & hidden)
    by = amendment.amended_by
    return {
        "at": amendment.amended_at,
        "by": (by.get_full_name() or by.get_username()) if by else _("unknown"),
        "reason": amendment.reason,
        "changes": changes,
        "left_out": len(left_out),
    }


def _prepared_by(user, log) -> str:
    if user is None:
        return _("The victim (log %(initials)s)") % {"initials": log.initials}
    name = user.get_full_name() or user.get_username()
    if getattr(user, "is_caseworker", False):
        return _("%(name)s, caseworker, on behalf of the victim") % {"name": name}
    return name
