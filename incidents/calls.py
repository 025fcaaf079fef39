"""Turning the calls of a call log into incidents: one per burst of calls from a number.

Twenty missed calls in an evening are one incident of harassment with a count, not twenty
incidents: calls from one number less than BURST_GAP apart belong to one burst, and each
burst becomes "23 calls from +44 7700 900123 between 21:02 and 23:40" with its count in the
incident's series count, linked to the call log's exhibit.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from evidence.models import Call, Evidence
from incidents.models import CallBurst, Incident
from incidents.services import record_incident
from stalklog.casefile.access import scoped

BURST_GAP = timedelta(hours=1)


def _clock(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y")


def _span(first, last) -> str:
    if first == last:
        return f"at {_clock(first)}"
    if timezone.localtime(first).date() == timezone.localtime(last).date():
        return f"between {_clock(first)} and {_clock(last)}"
    return f"between {_clock(first)} on {_day(first)} and {_clock(last)} on {_day(last)}"


def bursts(calls, gap=BURST_GAP) -> list[list]:
    """Calls (of one number, in time order) split where more than `gap` passes between two."""
    found = []
    for call in calls:
        if found and call.started_at - found[-1][-1].started_at <= gap:
            found[-1].append(call)
        else:
            found.append([call])
    return found


def _description(burst, evidence) -> str:
    first, last = burst[0], burst[-1]
    count = len(burst)
    who = first.number + (f" ({first.contact_name})" if first.contact_name else "")
    kinds = Counter(call.get_direction_display().lower() for call in burst)
    detail = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    noun = "call" if count == 1 else "calls"
    return (
        f"{count} {noun} from {who} {_span(first.started_at, last.started_at)} ({detail}; "
        f"exhibit {evidence.exhibit_ref})."
    )


def _lines(burst) -> str:
    return "\n".join(
        f"{_clock(call.started_at)} {call.get_direction_display().lower()}"
        + (f", {call.duration_seconds} s" if call.duration_seconds else "")
        for call in burst
    )


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
                description=f"{_description(burst, evidence)}\n\n{_lines(burst)}",
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
