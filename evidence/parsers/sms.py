"""Android "SMS Backup & Restore" XML files, read with defusedxml (no entities, no DTD)."""

import base64
import binascii
import re
from datetime import UTC, datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from evidence.parsers.base import ParsedMessage, ParseProblem, max_parse_bytes
from stalklog.core.said import Said

MAX_MESSAGES = 100_000
MAX_PICTURES = 1000
_RECEIVED = {"1"}
_EMPTY = {"", "null", "(unknown)"}
_REFERENCES = re.compile(
    rb"&#(x[0-9a-fA-F]{1,8}|[0-9]{1,10});(?:&#(x[0-9a-fA-F]{1,8}|[0-9]{1,10});)?"
)
REPLACEMENT = 0xFFFD


def _code(text: bytes) -> int:
    return int(text[1:], 16) if text[:1] in (b"x", b"X") else int(text)


def _is_xml_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def mend_character_references(data: bytes) -> tuple[bytes, int]:
    """Android's XML writer escapes an emoji as two UTF-16 halves (`&#55357;&#56865;`),
    which XML forbids, so a strict parser refuses the whole backup. Join each pair into the
    one character it stands for; any other reference to a character XML cannot hold
    becomes U+FFFD. Returns the mended bytes and how many characters were replaced."""
    if b"&#" not in data:
        return data, 0
    replaced = 0

    def one(code: int) -> bytes:
        nonlocal replaced
        if _is_xml_char(code):
            return b"&#%d;" % code
        replaced += 1
        return b"&#%d;" % REPLACEMENT

    def mend(match) -> bytes:
        first = _code(match[1])
        if match[2] is None:
            return match[0] if _is_xml_char(first) else one(first)
        second = _code(match[2])
        if 0xD800 <= first <= 0xDBFF and 0xDC00 <= second <= 0xDFFF:
            return b"&#%d;" % (0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        if _is_xml_char(first) and _is_xml_char(second):
            return match[0]
        return one(first) + one(second)

    return _REFERENCES.sub(mend, data), replaced


def _sender(node, box: str) -> str:
    """The other person's name and number as the backup has them; none for her own messages
    (ParsedMessage.outgoing) or a nameless one: "Me" and "Unknown sender" are ours, said in
    each reader's language when shown, never stored in the uploader's."""
    if box not in _RECEIVED:
        return ""
    address = (node.get("address") or "").strip()
    name = (node.get("contact_name") or "").strip()
    if name.lower() in _EMPTY:
        return address
    return f"{name} ({address})" if address else name


def _sent_at(node):
    try:
        return datetime.fromtimestamp(int(node.get("date", "")) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _mms_text(node) -> str:
    texts = [
        part.get("text", "")
        for part in node.iter("part")
        if part.get("ct") == "text/plain" and part.get("text", "").lower() not in _EMPTY
    ]
    return "\n".join(texts)


def _mms_pictures(node) -> list:
    """ "picture: IMG_9.jpg" for each picture sent: ours, said in the reader's language."""
    names = [_picture_name(part) for part in node.iter("part") if _is_picture(part)]
    return [Said.gettext("picture: %(name)s", name=name) for name in names]


def _is_picture(part) -> bool:
    return (part.get("ct") or "").startswith("image/") and bool(part.get("data"))


def _picture_name(part) -> str:
    name = part.get("cl") or part.get("name") or ""
    return name if name.lower() not in _EMPTY else "picture"


def _pictures(root, limit_bytes: int) -> list[tuple[str, bytes]]:
    """Pictures sent by MMS (base64 inside the XML); each becomes a child exhibit."""
    found, total = [], 0
    for part in root.iter("part"):
        if not _is_picture(part) or len(found) >= MAX_PICTURES:
            continue
        try:
            data = base64.b64decode(part.get("data"), validate=False)
        except (binascii.Error, ValueError):
            continue
        total += len(data)
        if total > limit_bytes:
            break
        found.append((_picture_name(part), data))
    return found


def parse_sms_xml(data: bytes, analysis):

    data, replaced = mend_character_references(data)
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise ParseProblem(
            Said.gettext(
                "it is not a complete SMS Backup & Restore file (the XML is damaged or was cut "
                "short). Make a new backup in the app and upload that"
            )
        ) from error
    if root.tag != "smses":
        raise ParseProblem(Said.gettext("it is XML, but not an SMS Backup & Restore file"))
    messages = []
    for node in root:
        if len(messages) >= MAX_MESSAGES:
            break
        if node.tag == "sms":
            box, text, attached = node.get("type", ""), node.get("body", ""), []
        elif node.tag == "mms":
            box, text, attached = node.get("msg_box", ""), _mms_text(node), _mms_pictures(node)
        else:
            continue
        messages.append(
            ParsedMessage(
                _sender(node, box),
                _sent_at(node),
                text or "",
                outgoing=box not in _RECEIVED,
                attached=attached,
            )
        )
    messages.sort(key=lambda m: (m.sent_at is None, m.sent_at or datetime.min.replace(tzinfo=UTC)))
    analysis.hold_messages(messages)
    if replaced:
        analysis.metadata["note"] = Said.ngettext(
            "%(count)s character in the backup could not be read (the file names a character "
            "that does not exist) and is shown as %(mark)s. Everything else was read.",
            "%(count)s characters in the backup could not be read (the file names a character "
            "that does not exist) and are shown as %(mark)s. Everything else was read.",
            replaced,
            count=replaced,
            mark="\ufffd",
        )
    analysis.attachments = _pictures(root, max_parse_bytes())
