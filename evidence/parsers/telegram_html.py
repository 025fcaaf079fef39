"""Telegram Desktop's "Export chat history" in its default format, HTML (messages.html,
messages2.html...): read for its messages with the standard library's HTML parser, never
rendered. Each message's time is in the title of its date (`02.03.2024 21:14:05
UTC+00:00`; older versions leave the zone out: the exporting computer's clock). A message
sent straight after another by the same person ("joined") does not repeat the name.
"""

import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from django.conf import settings

from evidence.parsers.base import ParsedMessage
from stalklog.core.said import Said

MAX_MESSAGES = 100_000
_TITLE_DATE = re.compile(
    r"^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-])(\d{2}):(\d{2}))?$"
)
# Markers of Telegram's export page: its history container and its message blocks.
_MARKERS = ('class="history"', 'class="message default')


def is_telegram_export(text: str) -> bool:
    return all(marker in text for marker in _MARKERS)


def _moment(title: str, zone) -> datetime | None:
    found = _TITLE_DATE.match(title.strip())
    if not found:
        return None
    day, month, year, hour, minute, second = (int(part) for part in found.groups()[:6])
    if found[7]:
        offset = timedelta(hours=int(found[8]), minutes=int(found[9]))
        zone = timezone(-offset if found[7] == "-" else offset)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


class _Reader(HTMLParser):
    """Collects, per message block, its date title, sender name, text and media links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.messages = []  # dicts: title, sender, text, media
        self.stack = []  # the class of each open div, to know when a part ends
        self.part = None  # "sender" or "text" while inside one
        self.part_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "br" and self.part == "text":
            self.messages[-1]["text"].append("\n")
        if tag != "div" and not (tag == "a" and self.messages):
            return
        if tag == "a":
            if any(name.endswith("_wrap") for name in classes) and attributes.get("href"):
                self.messages[-1]["media"].append(attributes["href"])
            return
        self.stack.append(classes)
        if "message" in classes and "default" in classes:
            if len(self.messages) < MAX_MESSAGES:
                self.messages.append({"title": "", "sender": [], "text": [], "media": []})
        elif not self.messages:
            return
        elif "date" in classes and "details" in classes and not self.messages[-1]["title"]:
            self.messages[-1]["title"] = attributes.get("title", "")
        elif "from_name" in classes and self.part is None:
            self.part, self.part_depth = "sender", len(self.stack)
        elif "text" in classes and self.part is None:
            self.part, self.part_depth = "text", len(self.stack)

    def handle_endtag(self, tag):
        if tag != "div" or not self.stack:
            return
        if self.part and len(self.stack) == self.part_depth:
            self.part = None
        self.stack.pop()

    def handle_data(self, data):
        if self.part and self.messages:
            self.messages[-1][self.part].append(data)


def read_telegram_html(text: str) -> list[ParsedMessage]:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    zone = ZoneInfo(settings.TIME_ZONE)
    messages, sender = [], ""
    for found in reader.messages:
        named = " ".join("".join(found["sender"]).split())
        # A forwarded message names its first sender inside; the block's own name comes first.
        sender = named or sender
        words = "".join(found["text"]).strip()
        # "file: …" is ours: kept beside her words (Message.notes), said in the reader's language.
        attached = [Said.gettext("file: %(name)s", name=link) for link in found["media"]]
        messages.append(
            ParsedMessage(
                sender=sender[:300],
                sent_at=_moment(found["title"], zone),
                text=words,
                attached=attached,
            )
        )
    return messages


def parse_telegram_html(data: bytes, analysis):
    """Messages of a Telegram HTML export page; any other HTML is kept untouched (and, as
    all HTML, never displayed)."""
    text = data.decode("utf-8", errors="replace")
    if not is_telegram_export(text[:65536]):
        return
    messages = read_telegram_html(text)
    if not messages:
        return
    analysis.hold_messages(messages, format="Telegram (HTML export)")
