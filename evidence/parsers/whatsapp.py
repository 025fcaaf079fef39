"""WhatsApp "Export chat" files: the .txt alone, or the .zip with the chat and its media.

Exports carry the phone's local time with no zone and a date order that follows the phone's
language, so the order is inferred from the whole file (a day above 12 settles it; else
day first, as in the UK) and times are read in settings.TIME_ZONE.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from evidence.models import Evidence
from evidence.parsers.archive import read_zip
from evidence.parsers.base import ParsedMessage, date_order
from evidence.sniff import DIRECTION_MARKS, TEXT, WHATSAPP_TXT, WHATSAPP_ZIP, western_digits
from stalklog.core.said import Said

MAX_MESSAGES = 100_000
# How chat exports name the media file sent with a message (iOS, then Android).
_ATTACHED = re.compile(r"<attached: ([^>]+)>|^(?:\u200e)?(\S+\.\w{2,5}) \(file attached\)", re.M)
_LINE = re.compile(
    r"^[\u200e\u200f]?\[?(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}),?\s"
    r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
    r"(?:[\s\u202f]?(?P<ampm>[APap]\.?\s?[Mm]\.?|\u0635|\u0645))?\]?(?:\s-|:)?\s(?P<rest>.*)$"
)
# How far into a line the date and time can reach (for the digits and marks read there).
_DATE_REACH = 40
# Arabic phones write ص (morning) and م (evening) for AM and PM.
_PM = ("p", "\u0645")
_SENDER = re.compile(r"^(?P<sender>[^:\n]{1,80}?): (?P<text>.*)$", re.S)
# Notices WhatsApp writes itself. Android writes them without a sender; iOS puts the chat's
# name in front (and a U+200E mark before the text), which would count them as messages
# from the contact.
_SYSTEM_NOTICE = re.compile(
    r"^\u200e?(?:Messages and calls are end-to-end encrypted"
    r"|Messages to this (?:chat|group) and calls are now secured with end-to-end encryption"
    r"|Your security code with .{1,80} changed"
    r"|You (?:un)?blocked this contact"
    r"|This chat is with a business account"
    r"|Disappearing messages were turned (?:on|off))"
)


def _moment(parts, order, time_text, ampm, zone):
    first, second, third = parts
    if order == "ymd":
        year, month, day = first, second, third
    elif order == "mdy":
        month, day, year = first, second, third
    else:
        day, month, year = first, second, third
    if year < 100:
        year += 2000
    pieces = [int(p) for p in re.split(r"[:.]", time_text)]
    hour, minute, second_ = pieces[0], pieces[1], pieces[2] if len(pieces) > 2 else 0
    if ampm:
        is_pm = ampm.lower().startswith(_PM)
        hour = hour % 12 + (12 if is_pm else 0)
    try:
        return datetime(year, month, day, hour, minute, second_, tzinfo=zone)
    except ValueError:
        return None


def _date_part_read(line: str):
    """The line with its date part in Western digits and without direction marks, and a
    function from a position in that to the same position in `line`."""
    kept = [i for i, ch in enumerate(line[:_DATE_REACH]) if ch not in DIRECTION_MARKS]
    read = western_digits("".join(line[i] for i in kept)) + line[_DATE_REACH:]

    def where(position: int) -> int:
        if position < len(kept):
            return kept[position]
        return position - len(kept) + _DATE_REACH

    return read, where


def read_chat(text: str):
    """ParsedMessages of a chat export; system lines (no sender) are left out."""

    zone = ZoneInfo(settings.TIME_ZONE)
    raw = []  # [date parts, time, ampm, rest]
    for line in text.replace("\r\n", "\n").split("\n"):
        read, where = _date_part_read(line)
        match = _LINE.match(read)
        if match:
            parts = tuple(int(p) for p in re.split(r"[./-]", match["date"]))
            # What was said is taken from the line as written: its digits stay hers.
            rest = line[where(match.start("rest")) :]
            raw.append([parts, match["time"], match["ampm"], rest])
        elif raw:
            raw[-1][3] += "\n" + line
    order = date_order([entry[0] for entry in raw])
    messages = []
    for parts, time_text, ampm, rest in raw[:MAX_MESSAGES]:
        said = _SENDER.match(rest)
        if not said or _SYSTEM_NOTICE.match(said["text"]):
            continue
        messages.append(
            ParsedMessage(
                sender=said["sender"].strip(DIRECTION_MARKS + "\u202a\u202b\u202c "),
                sent_at=_moment(parts, order, time_text, ampm, zone),
                text=said["text"].lstrip(DIRECTION_MARKS).replace("\u200e", "").rstrip(),
            )
        )
    return messages


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="replace")


def parse_whatsapp_txt(data: bytes, analysis):
    """A text file that looks like a chat export; if no message can be read from it, it is
    kept as the plain text it then is (a dated diary note must not be refused)."""

    messages = read_chat(_decode(data))
    if messages:
        analysis.hold_messages(messages, WHATSAPP_TXT.label)
    else:
        analysis.kind = Evidence.Kind.DOCUMENT
        analysis.metadata["type"] = TEXT.label


def is_whatsapp_chat(name: str) -> bool:
    base = name.rsplit("/", 1)[-1].lower()
    return base.endswith(".txt") and (base == "_chat.txt" or base.startswith("whatsapp chat"))


def parse_whatsapp_members(members, analysis):
    """A WhatsApp export's zip, already opened: the chat and its media."""
    chats = [(name, body) for name, body in members if is_whatsapp_chat(name)]
    if not chats:
        return
    chat_name, chat = chats[0]
    messages = read_chat(_decode(chat))
    if not messages:
        analysis.metadata["note"] = Said.gettext(
            "It holds %(name)s, but no messages could be read from it.", name=chat_name
        )
        return
    analysis.hold_messages(messages, WHATSAPP_ZIP.label)
    analysis.attachments = [(name, body) for name, body in members if name != chat_name]


def parse_whatsapp_zip(data: bytes, analysis):
    """A zip is read only if it is a WhatsApp export; any other zip is kept as it is."""
    parse_whatsapp_members(read_zip(data), analysis)


def attached_file_name(text: str) -> str:
    """The name of the media file a chat message says it sent with it, or ""."""
    named = _ATTACHED.search(text)
    return (named.group(1) or named.group(2)).strip() if named else ""
