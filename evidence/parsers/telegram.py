"""Telegram Desktop's "Export chat history" in machine-readable JSON (result.json): one chat,
or every chat of the account ("Export Telegram data"). Each message names its sender and
carries its time as a Unix timestamp (`date_unixtime`, UTC), so times are exact wherever the
export was made; `date` alone (older exports) is the exporting computer's local time.
"""

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_noop

from evidence.models import Evidence
from evidence.parsers.base import ParsedMessage, ParseProblem
from evidence.sniff import TELEGRAM_JSON, TEXT
from stalklog.core.said import Said

MAX_MESSAGES = 100_000
# What a message sent with a file says in its place, by the key Telegram names the file in.
# Ours, so kept as a Said beside her text (Message.notes) and said in each reader's language.
_MEDIA = {
    "photo": gettext_noop("photo: %(name)s"),
    "file": gettext_noop("file: %(name)s"),
    "sticker_emoji": gettext_noop("sticker: %(name)s"),
}


def _text(value) -> str:
    """A message's text: a string, or a list of strings and formatted pieces."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            piece if isinstance(piece, str) else str(piece.get("text", ""))
            for piece in value
            if isinstance(piece, str | dict)
        )
    return ""


def _moment(message: dict, zone) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(message["date_unixtime"]), tz=UTC)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        pass
    try:
        return datetime.fromisoformat(str(message["date"])).replace(tzinfo=zone)
    except (KeyError, TypeError, ValueError):
        return None


def _chats(export: dict) -> list[dict]:
    if isinstance(export.get("messages"), list):
        return [export]
    listed = (
        (export.get("chats") or {}).get("list") if isinstance(export.get("chats"), dict) else []
    )
    return [chat for chat in listed or [] if isinstance(chat, dict)]


def _message(entry: dict, chat_name: str, is_several: bool, zone) -> ParsedMessage | None:
    if entry.get("type") != "message":
        return None  # service entries: "joined", "pinned", calls; Telegram's, not a person's
    text = _text(entry.get("text"))
    attached = [
        Said.gettext(what, name=str(entry[key])) for key, what in _MEDIA.items() if entry.get(key)
    ]
    forwarded = None
    if entry.get("forwarded_from"):
        forwarded = Said.gettext("forwarded from %(name)s", name=str(entry["forwarded_from"]))
    # No name is stored as none: "Unknown sender" is said in each reader's language when shown.
    sender = str(entry.get("from") or entry.get("from_id") or "")
    # In an export of every chat, her own messages (and a group's) say which chat: the name is
    # kept apart (Message.chat) and put with the sender's in the reader's language when shown.
    chat = chat_name if is_several and chat_name and sender and sender != chat_name else ""
    return ParsedMessage(
        sender=sender[:300],
        sent_at=_moment(entry, zone),
        text=text,
        forwarded=forwarded,
        attached=attached,
        chat=chat[:300],
    )


def read_telegram(data: bytes) -> list[ParsedMessage]:
    try:
        export = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ParseProblem(
            Said.gettext(
                "it looks like a Telegram export but it is damaged or incomplete. Export the "
                "chat again from Telegram Desktop (Export chat history, format JSON)"
            )
        ) from error
    if not isinstance(export, dict):
        return []
    zone = ZoneInfo(settings.TIME_ZONE)
    chats = _chats(export)
    messages = []
    for chat in chats:
        entries = chat.get("messages")
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if len(messages) >= MAX_MESSAGES:
                return messages
            if isinstance(entry, dict) and (
                parsed := _message(entry, str(chat.get("name") or ""), len(chats) > 1, zone)
            ):
                messages.append(parsed)
    return messages


def parse_telegram_json(data: bytes, analysis):
    """Messages of a Telegram export; JSON that holds none is kept as the text it is."""
    messages = read_telegram(data)
    if not messages:
        analysis.kind = Evidence.Kind.DOCUMENT
        analysis.metadata["type"] = TEXT.label
        return
    analysis.hold_messages(messages, TELEGRAM_JSON.label)
