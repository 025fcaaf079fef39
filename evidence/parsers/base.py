"""The contract between the parsers and the upload service: what a parser is given to fill
(`Analysis`), what it reads out (`ParsedMessage`), how it says it cannot (`ParseProblem`),
and how much it may read (`max_parse_bytes`)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from evidence.models import Evidence


class ParseProblem(Exception):
    """A parser could not read the file; the message says why, for the person uploading."""


# A group chat's export can name thousands of senders; the exhibit's page lists a few.
MOST_SENDERS = 100


@dataclass
class ParsedMessage:
    sender: str
    sent_at: datetime | None
    text: str
    # Sent from the phone the backup is of (her own message): no sender is stored for it.
    outgoing: bool = False
    # Our notes (Message.notes): who it was forwarded from, and what was sent with it, as Saids.
    forwarded: object = None
    chat: str = ""  # the chat's name, in an export of every chat (Message.chat)
    attached: list = field(default_factory=list)

    def notes(self) -> dict | None:
        if not self.forwarded and not self.attached:
            return None
        notes = {"attached": self.attached} if self.attached else {}
        return notes | ({"forwarded": self.forwarded} if self.forwarded else {})


@dataclass
class Analysis:
    """What was read from one file, filled in by the image reader or a parser."""

    kind: str
    metadata: dict = field(default_factory=dict)
    has_gps: bool = False
    content_date: datetime | None = None
    preview: bytes = b""
    thumbnail: bytes = b""
    perceptual_hash: str = ""
    messages: list = field(default_factory=list)
    attachments: list = field(default_factory=list)  # (name, bytes)
    # The type the parser found the file to be, when the first bytes could not tell (an
    # Outlook message whose directory lies beyond them looks like any compound file).
    detected: object = None  # an evidence.sniff.FileType

    def hold_messages(self, messages: list, type_label: str | None = None, **chat) -> None:
        """Make this a messages exhibit: the messages, how many and from whom (with any
        other `chat` details), and the first dated message's date as the content's date."""
        self.kind = Evidence.Kind.MESSAGES
        self.messages = messages
        if type_label is not None:
            self.metadata["type"] = type_label
        self.metadata["chat"] = {
            "messages": len(messages),
            "senders": sorted({m.sender for m in messages})[:MOST_SENDERS],
            **chat,
        }
        dated = [m.sent_at for m in messages if m.sent_at]
        self.content_date = min(dated) if dated else None


def date_order(dates: list[tuple[int, int, int]]) -> str:
    """ "ymd", "dmy" or "mdy": the order of a file's all-number dates, read from the dates
    themselves (a first number over 31 is a year, over 12 a day; a second over 12 a day).
    Where nothing tells, day first, as a UK phone writes it."""
    if any(first > 31 for first, _, _ in dates):
        return "ymd"
    if any(first > 12 for first, _, _ in dates):
        return "dmy"
    if any(second > 12 for _, second, _ in dates):
        return "mdy"
    return "dmy"


def max_parse_bytes() -> int:
    """Files are parsed in memory up to this size; larger ones are kept, unparsed."""
    return settings.STALKLOG_MAX_PARSE_BYTES
