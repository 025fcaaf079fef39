"""Turning messages read from an export into incidents, one incident per day.

The sentence saying what an incident was made from ("3 messages from Sam between 21:02 and
21:40 (exhibit JS/2)") is ours, kept as data (Incident.summary) and said in each reader's
language; her description stays empty for her to write. The messages themselves go into its
exact words as they were written."""

from itertools import groupby

from django.db import transaction
from django.utils import timezone

from evidence.models import MINE, MINE_CONTEXT, Evidence
from incidents.models import Incident
from incidents.services import record_incident
from stalklog.core.said import Said


def _day(message):
    return timezone.localtime(message.sent_at).date()


def _clock(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _said(message) -> str:
    """A message as her incident's exact words quote it: "[21:02] Sam: text", or with no
    name where the export had none (no words of ours in her text)."""
    who = f" {message.sender}:" if message.sender else ""
    return f"[{_clock(message.sent_at)}]{who} {message.text}"


def _who(messages):
    """The senders as names (data), with "Me" (her own, outgoing) and "Unknown sender" said in
    the reader's language for messages that had no name."""
    who = ", ".join(dict.fromkeys(m.sender for m in messages if m.sender))
    unnamed = []
    if any(not m.sender and m.outgoing for m in messages):
        unnamed.append(Said.pgettext(MINE_CONTEXT, MINE))
    if any(not m.sender and not m.outgoing for m in messages):
        unnamed.append(Said.gettext("Unknown sender"))
    for word in unnamed:
        who = Said.gettext("%(names)s, %(unknown)s", names=who, unknown=word) if who else word
    return who


def _summary(messages, evidence) -> Said:
    first, last = messages[0].sent_at, messages[-1].sent_at
    values = {"count": len(messages), "who": _who(messages), "ref": evidence.exhibit_ref}
    if first == last:
        return Said.ngettext(
            "%(count)s message from %(who)s at %(time)s (exhibit %(ref)s).",
            "%(count)s messages from %(who)s at %(time)s (exhibit %(ref)s).",
            len(messages),
            time=_clock(first),
            **values,
        )
    return Said.ngettext(
        "%(count)s message from %(who)s between %(first)s and %(last)s (exhibit %(ref)s).",
        "%(count)s messages from %(who)s between %(first)s and %(last)s (exhibit %(ref)s).",
        len(messages),
        first=_clock(first),
        last=_clock(last),
        **values,
    )


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
        count = len(group)
        incident = record_incident(
            log,
            user,
            behaviours=behaviours,
            occurred_start=first,
            occurred_end=last if last != first else None,
            time_precision=Incident.Precision.EXACT,
            channel=channel,
            series_count=count if count > 1 else None,
            summary=[_summary(group, evidence)],
            exact_words="\n".join(_said(m) for m in group),
        )
        incident.exhibits.add(evidence)
        incident.messages.add(*group)
        created.append(incident)
    return created
