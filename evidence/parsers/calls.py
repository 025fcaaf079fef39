"""Android "SMS Backup & Restore" call logs (`<calls><call number= duration= date= type=
.../></calls>`), read with defusedxml. A phone keeps a few thousand calls, a long-running
backup many more; up to MAX_CALLS are read, in a background task (evidence.reading)."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from evidence.parsers.sms import mend_character_references
from evidence.phones import format_number, normalise_number
from stalklog.core.said import Said

MAX_CALLS = 200_000
# android.provider.CallLog.Calls.TYPE (7, answered on another device, is an incoming call).
DIRECTIONS = {
    "1": "incoming",
    "2": "outgoing",
    "3": "missed",
    "4": "voicemail",
    "5": "rejected",
    "6": "blocked",
    "7": "incoming",
}
_EMPTY = {"", "null", "(unknown)"}


@dataclass
class ParsedCall:
    number: str  # as formatted for people: "+44 7700 900123", or "Withheld number"
    normalised: str  # for comparing: "+447700900123", "" when withheld
    contact_name: str
    started_at: datetime | None
    duration_seconds: int
    direction: str


class CallLogProblem(Exception):
    """The call log cannot be read; the message says why."""


def _int(text, default=0) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def _started_at(text):
    try:
        return datetime.fromtimestamp(int(text) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def read_calls(data: bytes) -> tuple[list[ParsedCall], list[str]]:
    """The calls in the file, in time order, and notes on what was not read and why.

    A file cut short (a backup copied before it finished) keeps the calls before the cut:
    they are evidence, and the note says the rest is missing."""
    data, replaced = mend_character_references(data)
    calls, skipped, notes = [], 0, []
    if replaced:
        notes.append(
            Said.ngettext(
                "%(count)s character that does not exist is shown as %(mark)s.",
                "%(count)s characters that do not exist are shown as %(mark)s.",
                replaced,
                count=replaced,
                mark="\ufffd",
            )
        )
    try:
        events = iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True)
        _event, root = next(events)
        if root.tag != "calls":
            raise CallLogProblem(
                Said.gettext("it is XML, but not an SMS Backup & Restore call log")
            )
        for event, node in events:
            if event != "end" or node.tag != "call":
                continue
            if len(calls) >= MAX_CALLS:
                skipped += 1
            else:
                name = (node.get("contact_name") or "").strip()
                calls.append(
                    ParsedCall(
                        number=format_number(node.get("number", "")),
                        normalised=normalise_number(node.get("number", "")),
                        contact_name="" if name.lower() in _EMPTY else name[:200],
                        started_at=_started_at(node.get("date")),
                        duration_seconds=max(0, _int(node.get("duration"))),
                        direction=DIRECTIONS.get(node.get("type", ""), "incoming"),
                    )
                )
            root.clear()  # constant memory however long the log
    except (ParseError, DefusedXmlException, ValueError, StopIteration) as error:
        if not calls:
            raise CallLogProblem(
                Said.gettext(
                    "the XML is damaged or was cut short before the first call. Make a new "
                    "backup of the calls in the app and upload that"
                )
            ) from error
        notes.append(
            Said.ngettext(
                "The file is damaged or was cut short after %(count)s call: it was read, "
                "anything after the damage was not. A new backup of the calls would hold "
                "them all.",
                "The file is damaged or was cut short after %(count)s calls: those were "
                "read, anything after the damage was not. A new backup of the calls would hold "
                "them all.",
                len(calls),
                count=len(calls),
            )
        )
    if skipped:
        notes.append(
            Said.ngettext(
                "Only the first %(most)s calls were read; %(count)s more was not.",
                "Only the first %(most)s calls were read; %(count)s more were not.",
                skipped,
                most=MAX_CALLS,
                count=skipped,
            )
        )
    calls.sort(key=in_time_order)
    return calls, notes


def in_time_order(call):
    return (call.started_at is None, call.started_at or datetime.min.replace(tzinfo=UTC))
