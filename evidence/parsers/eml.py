"""E-mails (.eml): the headers police ask for, the text, and attachments as child exhibits.

The HTML body is never rendered: it is reduced to its text here (scripts, styles and
markup dropped), and the template escapes that text again when it shows it.
"""

import email
import re
from email import policy
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from evidence.parsers.base import ParsedMessage, ParseProblem

HEADERS = ["From", "To", "Cc", "Reply-To", "Date", "Subject", "Message-ID"]
MAX_ATTACHMENTS = 100
MAX_BODY_CHARS = 200_000
_BLOCK_TAGS = {"p", "br", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr"}
_HIDDEN_TAGS = {"script", "style", "head", "title", "template", "noscript", "svg", "object"}


class _TextOnly(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HIDDEN_TAGS and self.hidden:
            self.hidden -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML body: no tags, scripts, styles or links survive."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def _header(message, name) -> str:
    try:
        values = message.get_all(name) or []
        return ", ".join(str(value) for value in values)
    except Exception:  # noqa: BLE001 - a crafted header must not stop the rest being read
        return ""


def _part_text(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def _attachments(message):
    found = []
    for index, part in enumerate(message.iter_attachments(), 1):
        if index > MAX_ATTACHMENTS:
            break
        name = part.get_filename() or f"attachment-{index}"
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            data = inner[0].as_bytes() if isinstance(inner, list) and inner else b""
            name = name if name.lower().endswith(".eml") else f"{name}.eml"
        else:
            data = part.get_payload(decode=True) or b""
        found.append((name, data))
    return found


def parse_eml(data: bytes, analysis):

    message = email.message_from_bytes(data, policy=policy.default)
    headers = {name: _header(message, name) for name in HEADERS}
    if not (headers["From"] or headers["Date"] or headers["Subject"]):
        raise ParseProblem(
            "it looks like an e-mail but has no sender, date or subject. Save the message "
            "again from your mail program (usually 'Save as' or 'Download message')"
        )
    headers["Received"] = [str(value) for value in (message.get_all("Received") or [])]
    try:
        sent_at = parsedate_to_datetime(headers["Date"]) if headers["Date"] else None
    except (TypeError, ValueError, IndexError):
        sent_at = None
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    body = _part_text(plain) if plain is not None else ""
    html_text = html_to_text(_part_text(html)) if html is not None else ""
    analysis.metadata["email"] = {
        "headers": headers,
        "body": body[:MAX_BODY_CHARS],
        "html_text": html_text[:MAX_BODY_CHARS],
        "defects": len(message.defects),
    }
    if sent_at is not None and sent_at.tzinfo is None:
        sent_at = None  # a Date without a zone cannot be placed in time honestly
    analysis.content_date = sent_at
    analysis.messages = [
        ParsedMessage(sender=headers["From"][:300], sent_at=sent_at, text=(body or html_text))
    ]
    analysis.attachments = _attachments(message)
