"""Turning messages read from an export into incidents, one incident per day."""

from itertools import groupby

from django.db import transaction
from django.utils import timezone

from evidence.models import Evidence
from incidents.models import Incident
from incidents.services import record_incident


def _day(message):
    return timezone.localtime(message.sent_at).date()


def _clock(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _said(message) -> str:
    """A message as her incident's exact words quote it: "[21:02] Sam: text", or with no
    name where the export had none (no words of ours in her text)."""
    who = f" {message.sender}:" if message.sender else ""
    return f"[{_clock(message.sent_at)}]{who} {message.text}"


@transaction.atomic
def messages_to_incidents(log, user, evidence, messages, behaviours) -> list[Incident]:
    """One incident per local day among `messages` (all dated), linked to the exhibit."""
    channel = (
        Incident.Channel.EMAIL if evidence.kind == Evidence.Kind.EMAIL else Incident.Channel.TEXT
    )
    created = []
    ordered = sorted(messages, key=lambda m: (m.sent_at, m.order))
    for _day_key, group in groupby(ordered, key=_day):
        group = list(group)
        first, last = group[0].sent_at, group[-1].sent_at
        senders = ", ".join(dict.fromkeys(m.sender for m in group))
        count = len(group)
        span = _clock(first) if first == last else f"between {_clock(first)} and {_clock(last)}"
        noun = "message" if count == 1 else "messages"
        incident = record_incident(
            log,
            user,
            behaviours=behaviours,
            occurred_start=first,
            occurred_end=last if last != first else None,
            time_precision=Incident.Precision.EXACT,
            channel=channel,
            series_count=count if count > 1 else None,
            description=f"{count} {noun} from {senders} {span} (exhibit {evidence.exhibit_ref}).",
            exact_words="\n".join(_said(m) for m in group),
        )
        incident.exhibits.add(evidence)
        incident.messages.add(*group)
        created.append(incident)
    return created
