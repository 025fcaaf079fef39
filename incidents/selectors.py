"""Reads that views, exports and benchmarks share: the timeline, one incident with its history,
people, orders and the dashboard summary. Each runs a fixed number of queries, whatever the size
of the log, and decrypts only what it shows (or, for a word search, only the searched columns).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.utils import timezone

from evidence import selectors as evidence_selectors
from evidence.models import Evidence
from incidents.models import (
    Amendment,
    Behaviour,
    Identifier,
    Incident,
    Order,
    Person,
    Witness,
    what_happened_opener,
)
from incidents.search import search_incidents
from incidents.when import add_months, local, to_utc
from stalklog.casefile.access import owned, scoped
from stalklog.core.words import Terms

PAGE_SIZE = 25
# Harassment and stalking (PHA 1997 ss2, 2A) are summary offences: six months from the latest
# incident in the course of conduct (Magistrates' Courts Act 1980 s127).
SUMMARY_TIME_LIMIT_MONTHS = 6


def _with_people(queryset, log):
    return queryset.prefetch_related(
        Prefetch("behaviours", queryset=Behaviour.objects.all()),
        Prefetch("people", queryset=scoped(Person, log)),
    )


def _attach_log(incidents, log):
    """Give every row the log already in hand, so opening sealed text reuses its key."""
    for incident in incidents:
        incident.log = log
        for person in incident.people.all():
            person.log = log
    return incidents


def person_names(log) -> dict[int, str]:
    """{pk: name} of the log's people, sorted by name: one query, names decrypted once."""
    open_name = Person.name.opener(log)
    rows = scoped(Person, log).values_list("pk", Person.name.column)
    names = {pk: open_name(sealed) for pk, sealed in rows}
    return dict(sorted(names.items(), key=lambda item: item[1].casefold()))


@dataclass
class Card:
    """One incident as a timeline card shows it (incident_tags.incident_cards)."""

    pk: int
    sequence_no: int
    occurred_start: datetime
    occurred_end: datetime | None
    time_precision: str
    channel: str
    description: str  # what happened: our summary in the page's language, then her text
    is_amended: bool
    to_complete: bool
    behaviour_list: list = field(default_factory=list)  # Behaviour objects, in their order
    people_list: list = field(default_factory=list)  # (pk, name), by name
    exhibit_list: list = field(default_factory=list)  # (pk, exhibit ref, kind), by upload
    matched: list = field(default_factory=list)  # what a search found in it, in plain words


CARD_COLUMNS = (
    "pk",
    "sequence_no",
    "occurred_start",
    "occurred_end",
    "time_precision",
    "channel",
    Incident.description.column,
    Incident.summary.column,
    "is_amended",
    "to_complete",
)


def cards(log, incidents, names=None, behaviours=None) -> list[Card]:
    """Cards for one page of `incidents`: a scoped() queryset, ordered and sliced to the page
    (or filtered to the page's primary keys), in its order.

    Three queries and no model instances: the page's card columns, both link tables for
    those incidents, then the exhibits that show them. On a timeline page, building models
    (or joining the page's query to the link tables through a subquery) costs more than the
    rest of the page.
    """
    behaviours = {b.pk: b for b in (Behaviour.in_order() if behaviours is None else behaviours)}
    names = person_names(log) if names is None else names
    what_happened = what_happened_opener(log)
    by_pk = {}
    for log_id, *columns in incidents.values_list("log_id", *CARD_COLUMNS):
        if log_id == log.pk:  # a queryset that was not scoped shows nothing of another log
            columns[6:8] = [what_happened(columns[6], columns[7])]
            by_pk[columns[0]] = Card(*columns)
    if not by_pk:
        return []
    behaviour_ids, person_ids = defaultdict(set), defaultdict(set)
    links = scoped(Incident, log).filter(pk__in=list(by_pk))
    for pk, behaviour_id, person_id in links.values_list("pk", "behaviours", "people"):
        behaviour_ids[pk].add(behaviour_id)
        person_ids[pk].add(person_id)
    exhibits = defaultdict(list)
    links = Incident.exhibits.through.objects.filter(
        incident_id__in=list(by_pk), evidence__log=log
    ).order_by("evidence__uploaded_at", "evidence_id")
    for pk, *exhibit in links.values_list(
        "incident_id", "evidence_id", "evidence__exhibit_ref", "evidence__kind"
    ):
        exhibits[pk].append(tuple(exhibit))
    for pk, card in by_pk.items():
        card.exhibit_list = exhibits[pk]
        card.behaviour_list = sorted(
            (behaviours[b] for b in behaviour_ids[pk] if b is not None), key=lambda b: b.order
        )
        card.people_list = sorted(
            ((p, names[p]) for p in person_ids[pk] if p in names), key=lambda p: p[1].casefold()
        )
    return list(by_pk.values())


def filtered_incidents(log, filters):
    """Incidents of `log` matching the database-side filters (all but the word search)."""
    incidents = scoped(Incident, log)
    if filters.get("date_from"):
        incidents = incidents.filter(occurred_start__gte=to_utc(filters["date_from"], None))
    if filters.get("date_to"):
        next_day = filters["date_to"] + timedelta(days=1)
        incidents = incidents.filter(occurred_start__lt=to_utc(next_day, None))
    if filters.get("behaviour"):
        incidents = incidents.filter(behaviours__code=filters["behaviour"])
    if filters.get("person"):
        incidents = incidents.filter(people__pk=filters["person"])
    if filters.get("channel"):
        incidents = incidents.filter(channel=filters["channel"])
    newest_first = filters.get("order", "newest") != "oldest"
    ordering = (
        ("-occurred_start", "-sequence_no") if newest_first else ("occurred_start", "sequence_no")
    )
    return incidents.order_by(*ordering)


@dataclass
class Timeline:
    page: object  # a Paginator page of Cards
    match_count: int
    total_count: int
    filters: dict = field(default_factory=dict)

    @property
    def incidents(self):
        return self.page.object_list

    @property
    def is_filtered(self):
        return any(name != "order" for name in self.filters)


def timeline(
    log, filters=None, page_number=1, page_size=PAGE_SIZE, names=None, behaviours=None
) -> Timeline:
    """One page of the log's incidents, newest (or oldest) first, filtered and searched.

    Without words to search, filtering, counting and paging all happen in the database and
    only the page's rows are decrypted. With words, incidents.search reads the candidates'
    searched columns and what is linked to them in a fixed number of queries, then the
    page's cards are fetched by primary key, each saying what matched. Passing `names`
    (person_names) and `behaviours` already fetched for the page saves their queries.
    """
    filters = filters or {}
    incidents = filtered_incidents(log, filters)
    terms = Terms(filters.get("q") or "")
    is_filtered = any(name != "order" for name in filters)
    found = search_incidents(log, incidents, terms) if terms else None
    paginator = Paginator(incidents if found is None else found.pks, page_size)
    if not is_filtered:
        paginator.count = log.incident_count  # saves the COUNT query; see there
    page = paginator.get_page(page_number)
    if found is not None:  # the page holds primary keys
        page_incidents = scoped(Incident, log).filter(pk__in=page.object_list)
        page_incidents = page_incidents.order_by(*incidents.query.order_by)
    else:
        page_incidents = page.object_list
    page.object_list = cards(log, page_incidents, names, behaviours)
    if found is not None:
        for card in page.object_list:
            card.matched = found.matched.get(card.pk, [])
    return Timeline(
        page=page,
        match_count=paginator.count,
        total_count=log.incident_count,
        filters=filters,
    )


def _exhibits_of(log):
    """A log's exhibits as lists of them show them (metadata left sealed in the database)."""
    return scoped(Evidence, log).defer("metadata_sealed").order_by("uploaded_at", "pk")


def incident_with_history(log, pk):
    """One incident with its behaviours, people, witnesses, order, amendments and the
    exhibits that show it, or 404."""
    incident = owned(
        _with_people(scoped(Incident, log), log)
        .select_related("order_breached", "entered_by")
        .prefetch_related(
            Prefetch("witnesses", queryset=scoped(Witness, log)),
            Prefetch(
                "amendments",
                queryset=scoped(Amendment, log).select_related("amended_by"),
            ),
            Prefetch("exhibits", queryset=_exhibits_of(log)),
        ),
        log,
        pk=pk,
    )
    _attach_log([incident], log)
    for related in (
        *incident.witnesses.all(),
        *incident.amendments.all(),
        *incident.exhibits.all(),
    ):
        related.log = log
    if incident.order_breached:
        incident.order_breached.log = log
    return incident


def people(log):
    """The log's people with their identifiers, perpetrators first, then by name."""
    rows = list(
        scoped(Person, log)
        .prefetch_related("identifiers")
        .annotate(incident_count=Count("incidents"))
    )
    for person in rows:
        person.log = log
        for identifier in person.identifiers.all():
            identifier.log = log
    return sorted(rows, key=lambda p: (not p.is_perpetrator, p.name.casefold()))


def orders(log):
    rows = list(scoped(Order, log).annotate(incident_count=Count("incidents")).order_by("pk"))
    for order in rows:
        order.log = log
    # Newest order first, undated ones last; the dates are sealed, so sorted here.
    return sorted(rows, key=lambda o: (o.made_on is None, -(o.made_on or date.min).toordinal()))


@dataclass
class Summary:
    """The dashboard: how much, how recent, what kind, and the course of conduct by month."""

    count: int
    latest: Card | None
    first_date: date | None
    by_behaviour: list  # [(Behaviour, count)] most frequent first
    by_month: list  # [(first day of month, count)] with empty months filled in
    prosecution_deadline: date | None

    @property
    def latest_list(self):
        return [self.latest] if self.latest else []


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def monthly_counts(log, incidents=None, first=None, last=None) -> list[tuple[date, int]]:
    """Incidents per UK calendar month from `first` to `last` (first days of months; by
    default the twelve months up to this one), empty months included.

    One count per month over the exact UTC bounds of that local month: each is a range scan
    of the (log, occurred_start) index, far cheaper than converting every row's time zone.
    """
    if incidents is None:
        incidents = scoped(Incident, log)
    else:  # filters may join to behaviours or people: count each incident once
        incidents = scoped(Incident, log).filter(pk__in=incidents.values("pk"))
    last = (last or local_date_today()).replace(day=1)
    first = (first or add_months(last, -11)).replace(day=1)
    months = months_between(first, last)
    bounds = [to_utc(month, None) for month in [*months, add_months(last, 1)]]
    return [
        (month, incidents.filter(occurred_start__gte=start, occurred_start__lt=end).count())
        for month, (start, end) in zip(months, pairwise(bounds), strict=True)
    ]


def local_date_today() -> date:
    return local(timezone.now()).date()


def summary(log) -> Summary:
    incidents = scoped(Incident, log)
    count = incidents.count()
    newest_first = ("-occurred_start", "-sequence_no")
    latest = cards(log, incidents.order_by(*newest_first)[:1])
    latest = latest[0] if latest else None
    first = incidents.order_by("occurred_start").values_list("occurred_start", flat=True).first()
    behaviour_counts = dict(
        incidents.order_by()
        .values_list("behaviours")
        .annotate(n=Count("pk"))
        .values_list("behaviours", "n")
    )
    by_behaviour = sorted(
        ((b, behaviour_counts[b.pk]) for b in Behaviour.in_order() if b.pk in behaviour_counts),
        key=lambda pair: (-pair[1], pair[0].order),
    )
    deadline = None
    if latest:
        deadline = add_months(local(latest.occurred_start).date(), SUMMARY_TIME_LIMIT_MONTHS)
    return Summary(
        count=count,
        latest=latest,
        first_date=local(first).date() if first else None,
        by_behaviour=by_behaviour,
        by_month=monthly_counts(log) if count else [],
        prosecution_deadline=deadline,
    )


def identifier_rows(log, person) -> list[dict]:
    """A person's identifiers as the identifier formset's initial rows."""
    rows = []
    for identifier in scoped(Identifier, log).filter(person=person).order_by("pk"):
        identifier.log = log
        rows.append(
            {
                "identifier_id": identifier.pk,
                "kind": identifier.kind,
                "value": identifier.display_value,
                "first_seen": identifier.first_seen,
            }
        )
    return rows


def exhibit_with_incidents(log, pk):
    """An exhibit for its page: parent, children and the incidents it shows, in date order."""
    linked = Prefetch("incidents", queryset=Incident.objects.order_by("occurred_start"))
    evidence = evidence_selectors.exhibit(log, pk, linked)
    for incident in evidence.incidents.all():
        incident.log = log
    return evidence


def exhibits_to_link(log, incident) -> list[Evidence]:
    """The log's exhibits not yet linked to `incident` and not withdrawn (one query), oldest
    first."""
    exhibits = list(
        _exhibits_of(log)
        .exclude(incidents=incident)
        .filter(withdrawn_at__isnull=True)
        .defer("description_sealed", "text_sealed")
    )
    for evidence in exhibits:
        evidence.log = log
    return exhibits


def messages_of(log, evidence) -> list:
    """An exhibit's messages (evidence.selectors.exhibit_messages), each also marked
    `.in_incident` when it has been turned into an incident."""
    messages = evidence_selectors.exhibit_messages(log, evidence)
    in_incidents = set(
        Incident.messages.through.objects.filter(message__evidence=evidence).values_list(
            "message_id", flat=True
        )
    )
    for message in messages:
        message.in_incident = message.pk in in_incidents
    return messages


TO_COMPLETE_SHOWN = 10


def to_complete(log, limit=TO_COMPLETE_SHOWN) -> tuple[list[Card], int]:
    """The newest `limit` incidents logged in the moment and not yet completed, as cards,
    and how many there are in all."""
    incidents = scoped(Incident, log).filter(to_complete=True)
    count = incidents.count()
    if not count:
        return [], 0
    return cards(log, incidents.order_by("-occurred_start", "-sequence_no")[:limit]), count


def behaviours_by_use(log) -> list[Behaviour]:
    """Every behaviour, those most often in `log` first (then in their usual order)."""
    counts = dict(
        scoped(Incident, log)
        .order_by()
        .values_list("behaviours")
        .annotate(n=Count("pk"))
        .values_list("behaviours", "n")
    )
    return sorted(Behaviour.in_order(), key=lambda b: (-counts.get(b.pk, 0), b.order))


# What the access log page says of the objects its events name by id (casefile.visits.NAMERS):
# one query each, and nothing sealed but an order's day, which she may read there.


def incident_numbers(log, pks) -> dict[int, dict]:
    rows = scoped(Incident, log).filter(pk__in=pks).values_list("pk", "sequence_no")
    return {pk: {"number": str(number)} for pk, number in rows}


def people_relationships(log, pks) -> dict[int, dict]:
    labels = dict(Person.Relationship.choices)
    rows = scoped(Person, log).filter(pk__in=pks).values_list("pk", "relationship")
    return {pk: {"relationship": labels.get(kind, kind)} for pk, kind in rows}


def order_kinds(log, pks) -> dict[int, dict]:
    named = {}
    for order in scoped(Order, log).filter(pk__in=pks):
        order.log = log  # its day is sealed with the log's key, already unwrapped
        named[order.pk] = {"kind": order.get_kind_display(), "day": order.made_on}
    return named
