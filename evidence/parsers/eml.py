"""E-mails (.eml): the headers police ask for, the text, and attachments as child exhibits.

The HTML body is never rendered: it is reduced to its text here (scripts, styles and
markup dropped), and the template escapes that text again when it shows it.
"""

import email
import re
from email import policy
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from evidence.models import Evidence
from evidence.parsers.base import ParsedMessage, ParseProblem
from evidence.sniff import EMLX_COUNT
from stalklog.core.said import Said

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


def _undeclared_text(payload: bytes) -> str:
    """Text in an unknown or undeclared character set: UTF-8 if it is valid UTF-8, else
    Windows-1252, which is what old mail programs in Western Europe mostly sent without
    saying so (read as ASCII, "café" would show as "caf\ufffd")."""
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("cp1252", errors="replace")


def _part_text(part) -> str:
    if part.get_param("charset") is None and part.get_content_maintype() == "text":
        payload = part.get_payload(decode=True) or b""
        if not payload.isascii():
            return _undeclared_text(payload)
    try:
        return part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError, KeyError):
        return _undeclared_text(part.get_payload(decode=True) or b"")


def _part_bytes(part) -> bytes:
    """The body of a part as bytes, whatever its kind of content."""
    if part.is_multipart() or part.get_content_maintype() == "message":
        # message/delivery-status and friends hold header blocks, not a payload to decode:
        # get_payload(decode=True) gives None for them, which once made a bounce's report
        # look like an empty file. Keep the text of the part as it was sent.
        raw = part.as_bytes()
        return raw.split(b"\n\n", 1)[1] if b"\n\n" in raw else raw
    return part.get_payload(decode=True) or b""


def _inner_message(part):
    inner = part.get_payload()
    if isinstance(inner, list):
        inner = inner[0] if inner else None
    return inner if hasattr(inner, "get_body") else None


_REPORT_NAMES = {
    "message/delivery-status": "delivery-status.txt",
    "message/disposition-notification": "read-receipt.txt",
    "text/rfc822-headers": "returned-headers.txt",
}


def _attachments(message, room: int = MAX_ATTACHMENTS) -> tuple[list, bool]:
    """(name, bytes) of at most `room` of the message's attachments, and whether it holds
    more than that (those stay inside the original, which is kept byte for byte)."""
    found = []
    for index, part in enumerate(message.iter_attachments(), 1):
        if index > room:
            return found, True
        content_type = part.get_content_type()
        name = part.get_filename() or _REPORT_NAMES.get(content_type) or f"attachment-{index}"
        if content_type == "message/rfc822":
            inner = _inner_message(part)
            data = inner.as_bytes() if inner is not None else b""
            name = name if name.lower().endswith(".eml") else f"{name}.eml"
        else:
            data = _part_bytes(part)
        found.append((name, data))
    return found, False


def keep_attachments(analysis, found: list, left_inside: bool) -> None:
    """The attachments become child exhibits (the upload service stores them); if there
    were more than MAX_ATTACHMENTS, the exhibit's page says the rest stayed inside."""
    analysis.attachments = found
    if left_inside:
        analysis.metadata.setdefault("attachment_notes", []).append(
            Said.gettext(
                "Only the first %(most)s attachments were kept separately.", most=MAX_ATTACHMENTS
            )
        )


def _forwarded(message) -> list:
    """Messages forwarded "as attachment": the whole e-mail may be one (message/rfc822 at
    the top, as Groupwise and others send it), or they may sit beside a covering note."""
    if message.get_content_type() == "message/rfc822":
        parts = [message]
    else:
        parts = [
            part
            for part in message.iter_attachments()
            if part.get_content_type() == "message/rfc822"
        ][:MAX_ATTACHMENTS]
    return [inner for part in parts if (inner := _inner_message(part)) is not None]


def _read(message) -> dict:
    """Headers, date and text of one message (the top one, or one forwarded in it)."""
    headers = {name: _header(message, name) for name in HEADERS}
    try:
        sent_at = parsedate_to_datetime(headers["Date"]) if headers["Date"] else None
    except (TypeError, ValueError, IndexError):
        sent_at = None
    if sent_at is not None and sent_at.tzinfo is None:
        sent_at = None  # a Date without a zone cannot be placed in time honestly
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    body = _part_text(plain) if plain is not None else ""
    if not body.strip():
        # A plain part that is only a line break, beside the real text in the HTML
        # alternative (some mail programs send that): the HTML's text is the body.
        body = ""
    html_text = html_to_text(_part_text(html)) if html is not None else ""
    return {
        "headers": headers,
        "sent_at": sent_at,
        "body": body[:MAX_BODY_CHARS],
        "html_text": html_text[:MAX_BODY_CHARS],
    }


def _forwarded_text(read: dict) -> str:
    lines = ["---------- Forwarded message ----------"]
    lines += [f"{name}: {read['headers'][name]}" for name in ("From", "Date", "Subject", "To")
              if read["headers"].get(name)]  # fmt: skip
    return "\n".join(lines) + "\n\n" + (read["body"] or read["html_text"])


_ENCRYPTED_TYPES = {"application/pkcs7-mime", "application/x-pkcs7-mime", "multipart/encrypted"}


def _is_encrypted(message) -> bool:
    return message.get_content_type() in _ENCRYPTED_TYPES


def parse_eml(data: bytes, analysis):

    message = email.message_from_bytes(data, policy=policy.default)
    top = _read(message)
    headers = top["headers"]
    if not (headers["From"] or headers["Date"] or headers["Subject"]):
        raise ParseProblem(
            Said.gettext(
                "it looks like an e-mail but has no sender, date or subject. Save the message "
                "again from your mail program (usually 'Save as' or 'Download message')"
            )
        )
    headers["Received"] = [str(value) for value in (message.get_all("Received") or [])]
    forwarded = [_read(inner) for inner in _forwarded(message)]
    analysis.metadata["email"] = {
        "headers": headers,
        "body": top["body"],
        "html_text": top["html_text"],
        "defects": len(message.defects),
    }
    if forwarded:
        analysis.metadata["email"]["forwarded"] = [
            {
                "headers": {name: read["headers"][name] for name in HEADERS},
                "text": read["body"] or read["html_text"],
            }
            for read in forwarded
        ]
    analysis.content_date = top["sent_at"]
    messages = []
    if top["body"] or top["html_text"] or not forwarded:
        messages.append(
            ParsedMessage(
                sender=headers["From"][:300],
                sent_at=top["sent_at"],
                text=top["body"] or top["html_text"],
            )
        )
    for read in forwarded:
        messages.append(
            ParsedMessage(
                sender=read["headers"]["From"][:300],
                sent_at=read["sent_at"],
                text=_forwarded_text(read),
            )
        )
    analysis.messages = messages
    if _is_encrypted(message) and not (top["body"] or top["html_text"]):
        analysis.metadata["note"] = Said.gettext(
            "Its text is encrypted (S/MIME or PGP), so only its headers could be read. Open "
            "it in the mail program that holds the key, save or print the message from "
            "there, and upload that too; this file stays as it is."
        )
    if message.get_content_type() == "message/rfc822":
        # The forwarded message is the whole e-mail: keep it as its own exhibit too, so it
        # can be linked and exported like any e-mail.
        inner = _inner_message(message)
        subject = (forwarded[0]["headers"]["Subject"] or "forwarded message")[:80]
        analysis.attachments = [(f"{subject}.eml", inner.as_bytes())] if inner else []
    else:
        keep_attachments(analysis, *_attachments(message))


# Read in the upload request: 10,000 tiny messages took 84 s on a loaded two-core machine
# (the email package parses each header on every look), so a mailbox is read to here.
def parse_emlx(data: bytes, analysis):
    """An Apple Mail message (.emlx): the e-mail inside read as an .eml is. Its first line
    says how many bytes the message has; Apple's property list after it (flags, the time it
    was received) is left in the original."""
    count = EMLX_COUNT.match(data)
    if count is not None:
        # A count past the end (a file cut short) keeps what there is.
        data = data[count.end() : count.end() + int(count.group(1))]
    parse_eml(data, analysis)


MAX_MAILBOX_MESSAGES = 5_000
_MBOX_SEPARATOR = re.compile(rb"(?:\A|\n\r?\n)From [^\n]*\n")


def parse_mbox(data: bytes, analysis):
    """A mailbox file (.mbox: Thunderbird, Apple Mail's export, Google Takeout): every
    message in it read like an .eml into the exhibit's messages, and their attachments made
    child exhibits as an .eml's are, the first MAX_ATTACHMENTS of the whole mailbox (a
    Takeout mailbox can hold thousands; the rest stay inside the original, kept byte for
    byte, and the page says so)."""
    chunks = [chunk for chunk in _MBOX_SEPARATOR.split(data) if chunk.strip()]
    messages, unread, attachments, left_inside = [], 0, [], False
    for chunk in chunks[:MAX_MAILBOX_MESSAGES]:
        # mbox quotes a body line starting "From " as ">From "; one level is undone here.
        body = re.sub(rb"(?m)^>(>*From )", rb"\1", chunk)
        try:
            message = email.message_from_bytes(body, policy=policy.default)
            read = _read(message)
            if read["headers"]["From"] or read["headers"]["Date"]:
                found, more = _attachments(message, MAX_ATTACHMENTS - len(attachments))
        except Exception:  # noqa: BLE001 - one damaged message must not lose the others
            unread += 1
            continue
        if not (read["headers"]["From"] or read["headers"]["Date"]):
            unread += 1
            continue
        attachments += found
        left_inside = left_inside or more
        messages.append(
            ParsedMessage(
                sender=read["headers"]["From"][:300],
                sent_at=read["sent_at"],
                text=_mailbox_text(read),
            )
        )
    if not messages:
        raise ParseProblem(
            Said.gettext(
                "it looks like a mailbox file but no message could be read from it. Export "
                "the messages again from your mail program"
            )
        )
    analysis.kind = Evidence.Kind.EMAIL
    analysis.messages = messages
    analysis.metadata["mailbox"] = {
        "messages": len(messages),
        "senders": sorted({m.sender for m in messages})[:100],
    }
    notes = []
    if len(chunks) > MAX_MAILBOX_MESSAGES:
        notes.append(
            Said.gettext("Only the first %(most)s messages were read.", most=MAX_MAILBOX_MESSAGES)
        )
    if unread:
        notes.append(
            Said.ngettext(
                "%(count)s message in it could not be read.",
                "%(count)s messages in it could not be read.",
                unread,
                count=unread,
            )
        )
    if notes:
        analysis.metadata["note"] = notes
    dated = [m.sent_at for m in messages if m.sent_at]
    analysis.content_date = min(dated) if dated else None
    keep_attachments(analysis, attachments, left_inside)


def _mailbox_text(read: dict) -> str:
    subject = read["headers"].get("Subject")
    text = read["body"] or read["html_text"]
    return f"Subject: {subject}\n\n{text}" if subject else text
