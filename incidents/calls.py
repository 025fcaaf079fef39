"""Turning the calls of a call log into incidents: one per burst of calls from a number.

Twenty missed calls in an evening are one incident of harassment with a count, not twenty
incidents: calls from one number less than BURST_GAP apart belong to one burst, and each
burst becomes "23 calls from +44 7700 900123 between 21:02 and 23:40" with its count in the
incident's series count, linked to the call log's exhibit. Those words are ours, not hers:
they are kept as data (Incident.summary) and said in the language of whoever reads them,
and her description stays empty for her to write.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from evidence.models import WITHHELD_NUMBER, Call, Evidence
from incidents.models import CallBurst, Incident
from incidents.services import record_incident
from stalklog.casefile.access import scoped
from stalklog.core.said import Said

BURST_GAP = timedelta(hours=1)


def _clock(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _day(moment):
    return timezone.localtime(moment).date()


def bursts(calls, gap=BURST_GAP) -> list[list]:
    """Calls (of one number, in time order) split where more than `gap` passes between two."""
    found = []
    for call in calls:
        if found and call.started_at - found[-1][-1].started_at <= gap:
            found[-1].append(call)
        else:
            found.append([call])
    return found


def _summary(burst, evidence) -> list[Said]:
    """The incident's summary (Incident.summary): a sentence, then a line for each call,
    kept as Saids to be put into words in each reader's language when shown."""
    first, last = burst[0], burst[-1]
    count = len(burst)
    if first.number == WITHHELD_NUMBER:  # said in the reader's language too
        who = Said.gettext(WITHHELD_NUMBER)
    else:
        who = first.number + (f" ({first.contact_name})" if first.contact_name else "")
    values = {"count": count, "who": who, "ref": evidence.exhibit_ref}
    start, end = first.started_at, last.started_at
    if start == end:
        sentence = Said.ngettext(
            "%(count)s call from %(who)s at %(time)s (exhibit %(ref)s).",
            "%(count)s calls from %(who)s at %(time)s (exhibit %(ref)s).",
            count,
            time=_clock(start),
            **values,
        )
    elif _day(start) == _day(end):
        sentence = Said.ngettext(
            "%(count)s call from %(who)s between %(first)s and %(last)s (exhibit %(ref)s).",
            "%(count)s calls from %(who)s between %(first)s and %(last)s (exhibit %(ref)s).",
            count,
            first=_clock(start),
            last=_clock(end),
            **values,
        )
    else:
        sentence = Said.ngettext(
            "%(count)s call from %(who)s between %(first)s on %(first_day)s and %(last)s on "
            "%(last_day)s (exhibit %(ref)s).",
            "%(count)s calls from %(who)s between %(first)s on %(first_day)s and %(last)s on "
            "%(last_day)s (exhibit %(ref)s).",
            count,
            first=_clock(start),
            first_day=_day(start),
            last=_clock(end),
            last_day=_day(end),
            **values,
        )
    return [sentence, *(_line(call) for call in burst)]


def _line(call) -> Said:
    # The direction's label is a msgid already ("Missed": Call.Direction, gettext_noop).
    kind = Said.gettext(Call.Direction(call.direction).label)
    if call.duration_seconds:
        return Said.gettext(
            "%(time)s %(kind)s (%(seconds)s s)",
            time=_clock(call.started_at),
            kind=kind,
            seconds=call.duration_seconds,
        )
    return Said.gettext("%(time)s %(kind)s", time=_clock(call.started_at), kind=kind)


@dataclass
class BurstsMade:
    created: list = field(default_factory=list)  # new incidents, earliest first
    already: list = field(default_factory=list)  # incidents made from these bursts before


def calls_to_incidents(log, user, evidence, digests, behaviours) -> BurstsMade:
    """One incident per burst of calls from each chosen number (calls she made, and calls
    with no time, are left out), each linked to the call log's exhibit.

    A burst already made into an incident is not made again: it is listed in `already`.
    Two requests at the same moment cannot both make it either, because CallBurst's unique
    constraint refuses the second; that request then finds the first one's incidents."""
    try:
        return _make_bursts(log, user, evidence, digests, behaviours)
    except IntegrityError:
        # Another request made (some of) these bursts between our check and our write; ours
        # was rolled back whole, so run again and find what it made.
        return _make_bursts(log, user, evidence, digests, behaviours)


def _made_before(evidence, digests) -> dict:
    """{(number digest, first call's order): incident} for bursts already made."""
    rows = CallBurst.objects.filter(evidence=evidence, number_digest__in=digests)
    return {
        (burst.number_digest, burst.first_call_order): burst.incident
        for burst in rows.select_related("incident")
    }


@transaction.atomic
def _make_bursts(log, user, evidence, digests, behaviours) -> BurstsMade:
    # Serialises requests for one call log where the database can lock a row (PostgreSQL);
    # SQLite lets one writer in at a time, and the unique constraint is the last word on both.
    scoped(Evidence, log).select_for_update().filter(pk=evidence.pk).exists()
    calls = (
        scoped(Call, log)
        .filter(evidence=evidence, number_digest__in=list(digests), started_at__isnull=False)
        .exclude(direction=Call.Direction.OUTGOING)
        .order_by("number_digest", "started_at", "order")
    )
    by_number = {}
    for call in calls:
        call.log = log
        by_number.setdefault(call.number_digest, []).append(call)
    made = _made_before(evidence, list(by_number))
    outcome = BurstsMade()
    for digest, number_calls in by_number.items():
        for burst in bursts(number_calls):
            if (digest, burst[0].order) in made:
                outcome.already.append(made[digest, burst[0].order])
                continue
            first, last = burst[0].started_at, burst[-1].started_at
            incident = record_incident(
                log,
                user,
                behaviours=behaviours,
                occurred_start=first,
                occurred_end=last if last != first else None,
                time_precision=Incident.Precision.EXACT,
                channel=Incident.Channel.PHONE_CALL,
                series_count=len(burst) if len(burst) > 1 else None,
                summary=_summary(burst, evidence),
            )
            incident.exhibits.add(evidence)
            CallBurst.objects.create(
                log=log,
                evidence=evidence,
                number_digest=digest,
                first_call_order=burst[0].order,
                incident=incident,
            )
            outcome.created.append(incident)
    outcome.created.sort(key=lambda incident: incident.occurred_start)
    outcome.already.sort(key=lambda incident: incident.sequence_no)
    return outcome
