"""Outlook's winmail.dat (TNEF, application/ms-tnef): the message's text and its attachments,
which Outlook wraps in this file when it sends "Rich Text" mail, so a victim's mail program
shows only a winmail.dat where the photos and the words were.

Read with tnefparse (LGPL-3.0, pure Python, last released in 2021). It was not written for
hostile files: it copies the rest of the file for every part it reads (a file of millions
of tiny parts takes hours) and loops as many times as a count in the file says, even past
its end (a count of four billion spins for minutes). So the file is first walked here,
cheaply, and refused if its counts cannot be true; then tnefparse runs in a child process
with a time and memory limit, and only its findings come back.
"""

import base64
import json
import logging
import struct
import subprocess
import sys
from datetime import UTC, datetime

from django.utils.translation import gettext_noop

from evidence.models import Evidence
from evidence.parsers.base import ParsedMessage, ParseProblem
from evidence.parsers.eml import MAX_ATTACHMENTS, MAX_BODY_CHARS, html_to_text, keep_attachments
from stalklog.core.said import Said

logger = logging.getLogger(__name__)

SIGNATURE = b"\x78\x9f\x3e\x22"
MAX_PARTS = 10_000
SECONDS = 30
MEMORY_BYTES = 1024 * 1024 * 1024
_MAPI_BLOCKS = {0x9003, 0x9005}  # message and attachment properties: a count, then each one
_CRAFTED = gettext_noop(
    "it claims to hold far more than it does (a trick used by crafted files), so it was not opened"
)

# Run as `python -I -c CHILD` with the file on stdin; prints one JSON object. Logging is
# off: tnefparse logs a line for every property a false count names.
CHILD = r"""
import base64, json, logging, resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
logging.disable(logging.CRITICAL)
from tnefparse import TNEF

tnef = TNEF(sys.stdin.buffer.read(), do_checksum=False)


def text(value):
    if isinstance(value, bytes):
        value = value.decode("cp1252", errors="replace")
    return str(value or "").replace("\x00", "").strip()


found = {"subject": "", "sender": "", "sent": None, "attachments": []}
for prop in tnef.msgprops:
    if prop.name == 0x8004:
        found["subject"] = text(prop.data)
    elif prop.name == 0x8000 and isinstance(prop.data, (list, tuple)) and len(prop.data) == 3:
        name, _, address = (text(part) for part in prop.data)
        found["sender"] = f"{name} <{address}>" if name and address else name or address
for prop in tnef.mapiprops:
    # PR_CLIENT_SUBMIT_TIME: when it was sent, in UTC (the TNEF date is local, zone unknown).
    if prop.name == 0x0039 and hasattr(prop.data, "isoformat"):
        found["sent"] = prop.data.isoformat()
    elif prop.name in (0x0C1A, 0x0042) and not found["sender"]:
        found["sender"] = text(prop.data)
found["body"] = text(tnef.body)
found["html"] = text(tnef.htmlbody)
found["rtf_only"] = bool(tnef._rtfbody) and not (found["body"] or found["html"])
for index, attachment in enumerate(tnef.attachments, 1):
    if index > int(sys.argv[2]) + 1:
        break
    name = text(attachment.long_filename()) or f"attachment-{index}"
    data = attachment.data if isinstance(attachment.data, bytes) else b""
    found["attachments"].append([name, base64.b64encode(data).decode()])
sys.stdout.write(json.dumps(found))
"""


def check_structure(data: bytes) -> bool:
    """Walk the file's parts as tnefparse will; raise ParseProblem if its counts cannot be
    true. Returns whether a part claims more bytes than are left (a file cut short)."""
    if not data.startswith(SIGNATURE):
        raise ParseProblem(Said.gettext("it is damaged or incomplete"))
    offset, parts, cut_short = 6, 0, False
    while offset + 12 < len(data):  # tnefparse's own loop condition
        parts += 1
        if parts > MAX_PARTS:
            raise ParseProblem(Said(_CRAFTED))
        name, claimed = (
            struct.unpack_from("<H", data, offset + 1)[0],
            struct.unpack_from("<I", data, offset + 5)[0],
        )
        length = claimed + 11
        if offset + length > len(data):
            cut_short, length = True, len(data) - offset
        body = data[offset + 9 : offset + length - 2]
        # A block of properties starts with how many there are; each takes at least 4 bytes.
        if (
            name in _MAPI_BLOCKS
            and len(body) >= 4
            and struct.unpack_from("<I", body)[0] * 4 > len(body)
        ):
            raise ParseProblem(Said(_CRAFTED))
        offset += length
    return cut_short


def _read(data: bytes) -> dict:
    try:
        done = subprocess.run(  # noqa: S603 - our interpreter and code, no shell
            [sys.executable, "-I", "-c", CHILD, str(MEMORY_BYTES), str(MAX_ATTACHMENTS)],
            input=data,
            capture_output=True,
            timeout=SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ParseProblem(
            Said.gettext("reading it took longer than %(seconds)s seconds", seconds=SECONDS)
        ) from error
    if done.returncode != 0:
        logger.info("a TNEF file could not be read: %s", done.stderr[-300:])
        raise ParseProblem(Said.gettext("it is damaged or incomplete"))
    return json.loads(done.stdout)


def parse_tnef(data: bytes, analysis):
    """Fill `analysis` from a winmail.dat: its text as the exhibit's message, its attachments
    as child exhibits (through the e-mail reader's keep_attachments)."""
    cut_short = check_structure(data)
    found = _read(data)
    notes = []
    if cut_short:
        notes.append(
            Said.gettext(
                "Part of it claims to be longer than the file is (it may be cut short or "
                "crafted); what was there was read."
            )
        )
    if found["rtf_only"]:
        notes.append(
            Said.gettext(
                "Its text is in Outlook's compressed RTF form, which is not read here; it "
                "stays inside the original."
            )
        )
    if notes:
        analysis.metadata["note"] = notes
    body = found["body"] or html_to_text(found["html"])
    sent_at = None
    if found["sent"]:
        sent_at = datetime.fromisoformat(found["sent"]).replace(tzinfo=UTC)
    analysis.kind = Evidence.Kind.EMAIL
    analysis.content_date = sent_at
    analysis.metadata["tnef"] = {"subject": found["subject"][:300], "sender": found["sender"][:300]}
    if body:
        subject = found["subject"]
        analysis.messages = [
            ParsedMessage(
                sender=found["sender"][:300],
                sent_at=sent_at,
                text=(f"Subject: {subject}\n\n{body}" if subject else body)[:MAX_BODY_CHARS],
            )
        ]
    attachments = [(name, base64.b64decode(encoded)) for name, encoded in found["attachments"]]
    keep_attachments(analysis, attachments[:MAX_ATTACHMENTS], len(attachments) > MAX_ATTACHMENTS)
