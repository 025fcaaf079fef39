"""Outlook messages (.msg), read with extract-msg like an .eml: the headers police ask for,
the text, and attachments as child exhibits.

A .msg is an OLE2 compound file, and so are old Word and Excel files: a compound file that
holds no message is left as the document it is. A message that cannot be read (cut short
while copying, damaged) is still kept, with a note saying what was not read and why.
"""

import io
import logging
from email.utils import format_datetime

from django.utils.translation import gettext_noop

from evidence.models import Evidence
from evidence.parsers.base import ParsedMessage
from evidence.parsers.eml import HEADERS, MAX_ATTACHMENTS, MAX_BODY_CHARS, html_to_text
from evidence.sniff import OUTLOOK_MSG
from stalklog.core.said import Said

logger = logging.getLogger(__name__)
_NOT_READ = gettext_noop(
    "Kept as it is, but its contents were not read: it is an Outlook message file that is "
    "damaged or incomplete (%(reason)s). The original is stored unchanged; if you still have "
    "the message in Outlook, save it again (File, Save As) and upload the new file."
)
_NOT_OPENED = gettext_noop(
    "Kept as it is, but its contents were not read: it is a compound file (an Outlook "
    "message or an older Word or Excel file) that could not be opened (%(reason)s)."
)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value).replace("\x00", "").strip()


def _headers(message) -> dict:
    date = message.date
    headers = {
        "From": _text(message.sender),
        "To": _text(message.to),
        "Cc": _text(message.cc),
        "Reply-To": "",
        "Date": format_datetime(date) if date is not None else "",
        "Subject": _text(message.subject),
        "Message-ID": _text(message.messageId),
    }
    # The internet headers as received, when Outlook kept them (a synthesized set otherwise).
    transport = message.header
    headers["Received"] = [_text(hop) for hop in transport.get_all("Received") or []]
    headers["Reply-To"] = _text(transport.get("Reply-To"))
    return headers


def _attachments(message, notes) -> list[tuple[str, bytes]]:
    found = []
    for index, attachment in enumerate(message.attachments, 1):
        if index > MAX_ATTACHMENTS:
            notes.append(
                Said.gettext(
                    "Only the first %(most)s attachments were kept separately.",
                    most=MAX_ATTACHMENTS,
                )
            )
            break
        name = _text(
            getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None)
        )
        data = getattr(attachment, "data", None)
        if isinstance(data, bytes):
            found.append((name or f"attachment-{index}", data))
        else:
            # An Outlook item attached to the message (another e-mail, a contact): it stays
            # inside the original file, which is kept byte for byte.
            notes.append(
                Said.gettext(
                    "Attachment %(number)s (%(name)s) is an Outlook item, not a file; it is "
                    "inside the original and was not kept separately.",
                    number=index,
                    name=name or Said.gettext("an Outlook item"),
                )
            )
    return found


def parse_msg(data: bytes, analysis):
    """Fill `analysis` from an OLE2 compound file that holds an Outlook message."""
    import extract_msg  # imported when needed: it pulls in oletools and RTF readers

    is_message = analysis.metadata.get("type") == OUTLOOK_MSG.label
    try:
        message = extract_msg.openMsg(io.BytesIO(data), strict=False, delayAttachments=False)
    except Exception as error:  # noqa: BLE001 - any failure of a hostile file means "not read"
        template = _NOT_READ if is_message else _NOT_OPENED
        analysis.metadata["note"] = Said(template, reason=_reason(error))
        return
    try:
        if not str(getattr(message, "classType", "") or "").upper().startswith("IPM"):
            return  # a compound file that is not a message: an old Office document
        sent_at = message.date
        headers = _headers(message)
        body = _text(message.body)
        html_text = ""
        if not body and message.htmlBody:
            html_text = html_to_text(_text(message.htmlBody))
        notes = []
        attachments = _attachments(message, notes)
    except Exception as error:  # noqa: BLE001 - as above
        analysis.metadata["note"] = Said(_NOT_READ, reason=_reason(error))
        return
    finally:
        message.close()
    analysis.kind = Evidence.Kind.EMAIL
    analysis.detected = OUTLOOK_MSG
    analysis.metadata["type"] = OUTLOOK_MSG.label
    analysis.metadata["email"] = {
        "headers": {name: headers.get(name, "") for name in HEADERS}
        | {"Received": headers["Received"]},
        "body": body[:MAX_BODY_CHARS],
        "html_text": html_text[:MAX_BODY_CHARS],
        "defects": 0,
    }
    if notes:
        analysis.metadata["attachment_notes"] = notes
    analysis.content_date = sent_at if sent_at is not None and sent_at.tzinfo else None
    analysis.messages = [
        ParsedMessage(
            sender=headers["From"][:300],
            sent_at=analysis.content_date,
            text=body or html_text,
        )
    ]
    analysis.attachments = attachments


def _reason(error) -> str:
    logger.info("an Outlook message could not be read: %r", error)
    text = str(error).strip().rstrip(".")
    return text[:120] if text else type(error).__name__
