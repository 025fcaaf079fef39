"""File types detected from the first bytes of content, never from the name or the browser.

A small table of our own rather than libmagic (python-magic): we need a dozen types and an
exact answer to one question, "is this a raster image we may re-encode?", and libmagic is a
large C parser of hostile input with a history of CVEs, whose answers vary by version.
"""

import csv
import re
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from stalklog.core.said import Said

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    mime: str
    # English, as data: stored in an exhibit's metadata["type"] and compared there (a .msg's
    # parser); marked for the catalogue and translated where a page shows it.
    label: str
    family: str  # image, email, messages, text, document, archive, audio, video, active, other
    kind: str  # an Evidence.Kind value
    extension: str = "bin"  # what a file of this type is named with

    @property
    def is_raster_image(self) -> bool:
        return self.family == "image"

    @property
    def is_media(self) -> bool:
        """Sound or video: probed for date and duration, and played in the page."""
        return self.family in ("audio", "video")


JPEG = FileType("image/jpeg", gettext_noop("JPEG image"), "image", "photo", "jpg")
PNG = FileType("image/png", gettext_noop("PNG image"), "image", "screenshot", "png")
GIF = FileType("image/gif", gettext_noop("GIF image"), "image", "photo", "gif")
WEBP = FileType("image/webp", gettext_noop("WebP image"), "image", "photo", "webp")
HEIC = FileType("image/heic", gettext_noop("HEIC image"), "image", "photo", "heic")
# Android 12+ cameras and Chrome's "save image" write AVIF (AV1 in the HEIF box format).
AVIF = FileType("image/avif", gettext_noop("AVIF image"), "image", "photo", "avif")
# Scanners, fax-to-mail services and some screenshot tools write TIFF (often several pages).
TIFF = FileType("image/tiff", gettext_noop("TIFF image"), "image", "photo", "tiff")
# Windows' Print Screen pasted into Paint, saved as is.
BMP = FileType("image/bmp", gettext_noop("BMP image"), "image", "screenshot", "bmp")
EML = FileType("message/rfc822", gettext_noop("E-mail message"), "email", "email", "eml")
WHATSAPP_TXT = FileType(
    "text/plain", gettext_noop("WhatsApp chat export"), "messages", "messages", "txt"
)
WHATSAPP_ZIP = FileType(
    "application/zip", gettext_noop("WhatsApp chat export with media"), "archive", "messages", "zip"
)
TELEGRAM_JSON = FileType(
    "application/json", gettext_noop("Telegram chat export"), "messages", "messages", "json"
)
# A call log saved as a table (evidence.parsers.calls_csv reads it).
CALLS_CSV = FileType("text/csv", gettext_noop("Call log (CSV table)"), "messages", "calls", "csv")
CALLS_XML = FileType(
    "application/xml", gettext_noop("SMS Backup & Restore call log"), "messages", "calls", "xml"
)
SMS_XML = FileType(
    "application/xml", gettext_noop("SMS Backup & Restore file"), "messages", "messages", "xml"
)
TEXT = FileType("text/plain", gettext_noop("Plain text"), "text", "document", "txt")
XML = FileType("application/xml", gettext_noop("XML document"), "text", "document", "xml")
PDF = FileType("application/pdf", gettext_noop("PDF document"), "document", "document", "pdf")
ZIP = FileType("application/zip", gettext_noop("ZIP archive"), "archive", "other", "zip")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    gettext_noop("Word document"),
    "document",
    "document",
    "docx",
)
HTML = FileType(
    "text/html", gettext_noop("HTML page (kept, never displayed)"), "active", "document", "html"
)
SVG = FileType(
    "image/svg+xml", gettext_noop("SVG drawing (kept, never displayed)"), "active", "other", "svg"
)
MP4 = FileType("video/mp4", gettext_noop("MP4 video"), "video", "video", "mp4")
MOV = FileType("video/quicktime", gettext_noop("QuickTime video"), "video", "video", "mov")
THREE_GP = FileType("video/3gpp", gettext_noop("3GP video (older phones)"), "video", "video", "3gp")
OPUS = FileType("audio/ogg", gettext_noop("Opus voice note (WhatsApp)"), "audio", "audio", "opus")
MP3 = FileType("audio/mpeg", gettext_noop("MP3 audio"), "audio", "audio", "mp3")
M4A = FileType("audio/mp4", gettext_noop("M4A audio"), "audio", "audio", "m4a")
OGG = FileType("audio/ogg", gettext_noop("Ogg audio"), "audio", "audio", "ogg")
WAV = FileType("audio/wav", gettext_noop("WAV audio"), "audio", "audio", "wav")
# Raw AAC in ADTS frames (Samsung's and some call recorders' .aac files); its frame sync
# looks like an MP3 frame's, so the layer bits tell them apart.
AAC = FileType("audio/aac", gettext_noop("AAC audio"), "audio", "audio", "aac")
FLAC = FileType("audio/flac", gettext_noop("FLAC audio"), "audio", "audio", "flac")
AMR = FileType("audio/amr", gettext_noop("AMR voice note"), "audio", "audio", "amr")
# What browsers' MediaRecorder makes (Chromium, Firefox): Matroska with Opus, maybe VP8/VP9.
WEBM_AUDIO = FileType("audio/webm", gettext_noop("WebM audio"), "audio", "audio", "webm")
WEBM_VIDEO = FileType("video/webm", gettext_noop("WebM video"), "video", "video", "webm")
# Apple Mail's own store (~/Library/Mail): a line with the message's length in bytes, the
# message as received, then a property list of Apple's flags.
EMLX = FileType(
    "message/x-emlx", gettext_noop("Apple Mail message (.emlx)"), "email", "email", "emlx"
)
# Outlook's winmail.dat: a "Rich Text" message's text and attachments, wrapped for the road.
TNEF = FileType(
    "application/vnd.ms-tnef",
    gettext_noop("Outlook winmail.dat (TNEF)"),
    "email",
    "email",
    "dat",
)
MBOX = FileType("application/mbox", gettext_noop("Mailbox file (mbox)"), "email", "email", "mbox")
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    gettext_noop("Excel spreadsheet"),
    "document",
    "document",
    "xlsx",
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    gettext_noop("PowerPoint presentation"),
    "document",
    "document",
    "pptx",
)
ODT = FileType(
    "application/vnd.oasis.opendocument.text",
    gettext_noop("OpenDocument text (LibreOffice)"),
    "document",
    "document",
    "odt",
)
ODS = FileType(
    "application/vnd.oasis.opendocument.spreadsheet",
    gettext_noop("OpenDocument spreadsheet (LibreOffice)"),
    "document",
    "document",
    "ods",
)
ODP = FileType(
    "application/vnd.oasis.opendocument.presentation",
    gettext_noop("OpenDocument presentation (LibreOffice)"),
    "document",
    "document",
    "odp",
)
OUTLOOK_MSG = FileType(
    "application/vnd.ms-outlook", gettext_noop("Outlook message"), "email", "email", "msg"
)
OLE2 = FileType(
    "application/x-ole-storage",
    gettext_noop("Outlook message or older Office file"),
    "document",
    "document",
)
UNKNOWN = FileType("application/octet-stream", gettext_noop("Unrecognised file"), "other", "other")

ALL_TYPES = (
    JPEG, PNG, GIF, WEBP, HEIC, AVIF, TIFF, BMP, EML, EMLX, TNEF, MBOX, WHATSAPP_TXT, WHATSAPP_ZIP,
    TELEGRAM_JSON, SMS_XML, CALLS_XML, CALLS_CSV, TEXT, XML, PDF, ZIP, DOCX, XLSX, PPTX, ODT,
    ODS, ODP, HTML, SVG, MP4, MOV, THREE_GP, MP3, M4A, OGG, OPUS, WAV, AAC, FLAC, AMR, WEBM_AUDIO,
    WEBM_VIDEO, OUTLOOK_MSG, OLE2, UNKNOWN,
)  # fmt: skip
_BY_MIME = {}
for _type in ALL_TYPES:
    _BY_MIME.setdefault(_type.mime, _type)


def is_playable(mime: str) -> bool:
    """Whether an exhibit of this detected type may be streamed to the page's player."""
    return by_mime(mime).is_media


def by_mime(mime: str) -> FileType:
    """The type stored as an exhibit's `detected_type` (UNKNOWN for anything else)."""
    return _BY_MIME.get(mime, UNKNOWN)


def download_extension(mime: str) -> str:
    """The extension a downloaded original gets: its own, except that active content (and
    anything unrecognised) is `bin`, so a double-click cannot open it in a browser."""
    found = by_mime(mime)
    return "bin" if is_active(mime) else found.extension


def is_active(mime: str) -> bool:
    """Content a browser would run or render (HTML, SVG) or that we could not recognise."""
    return by_mime(mime).family in ("active", "other")


# Compound files (OLE2) hold Outlook messages and pre-2007 Word and Excel files; a message
# names its property streams "__substg1.0_...", in UTF-16, in the directory.
CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
MSG_STREAM_MARKER = "__substg1.0_".encode("utf-16-le")
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_EMAIL_HEADER = re.compile(
    rb"^(Received|Return-Path|From|To|Subject|Date|Message-ID|MIME-Version|Delivered-To|"
    rb"X-[A-Za-z-]+|DKIM-Signature|Content-Type|Reply-To|ARC-[A-Za-z-]+):[ \t]",
    re.I | re.M,
)
WHATSAPP_LINE = re.compile(
    r"^[\u200e\u200f]?\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4},? \d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?:\s?[APap]\.?[Mm]\.?)?\]?(?: -|:)? ",
    re.M,
)
# Phones set to Arabic write dates in Arabic-Indic digits (and Persian or Urdu ones in the
# extended forms), with the Arabic comma and right-to-left marks between the parts.
EASTERN_DIGITS = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9\u060c",
    "01234567890123456789,",
)
# Direction marks a phone writes around a date (LRM, RLM, Arabic letter mark).
DIRECTION_MARKS = "\u200e\u200f\u061c"


def western_digits(text: str) -> str:
    """`text` with Eastern Arabic digits and commas as ASCII, character for character."""
    return text.translate(EASTERN_DIGITS)


# An .emlx's first line: the length of the message that follows, padded with spaces.
EMLX_COUNT = re.compile(rb"\A(\d{1,12})[ \t]*\r?\n")
_ACTIVE_MARKUP = re.compile(rb"<(!doctype html|html|head|body|script|iframe|meta|svg)\b", re.I)


def _ftyp(head: bytes) -> FileType | None:
    if head[4:8] != b"ftyp":
        return None
    brand = head[8:12]
    if brand in _AVIF_BRANDS:
        return AVIF
    if brand in _HEIF_BRANDS:
        # "mif1" is the generic still-image brand: an AVIF written by some tools names
        # "avif" only among its compatible brands.
        if brand == b"mif1" and b"avif" in head[16 : 8 + int.from_bytes(head[:4], "big")]:
            return AVIF
        return HEIC
    if brand == b"qt  ":
        return MOV
    if brand in {b"M4A ", b"M4B "}:
        return M4A
    if brand.startswith((b"3gp", b"3g2")):
        return THREE_GP
    return MP4


def _text(head: bytes) -> str | None:
    """The head as text if it looks like text (UTF-8/UTF-16 without binary control bytes)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16", errors="ignore")
        except UnicodeDecodeError:
            return None
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    text = body.decode("utf-8", errors="ignore")
    # Allow a multibyte character cut at the end of the head; reject real binary.
    if len(body) - len(text.encode()) > 4 or re.search(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]", text):
        return None
    return text


def _chat_head(text: str) -> str:
    """Lines as a chat parser reads them: Western digits, no direction marks inside the
    date (an Arabic phone writes "\u200f٢\u200f/٣\u200f/٢٠٢٤، ٩:١٤ م")."""
    return "\n".join(
        western_digits(line[:40]).translate({ord(m): None for m in DIRECTION_MARKS}) + line[40:]
        for line in text.split("\n")
    )


def detect(head: bytes) -> FileType:
    """The type of a file from its first HEAD_BYTES bytes."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if (found := _ftyp(head)) is not None:
        return found
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x78\x9f\x3e\x22"):  # TNEF's signature, 0x223E9F78 little-endian
        return TNEF
    if head.startswith(CFB_SIGNATURE):
        return OUTLOOK_MSG if MSG_STREAM_MARKER in head else OLE2
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        # Office names its parts in the zip's local headers, near the start; OpenDocument
        # stores its "mimetype" member first and uncompressed, so its name is readable.
        if b"word/document.xml" in head:
            return DOCX
        if b"xl/workbook.xml" in head or b"xl/worksheets/" in head:
            return XLSX
        if b"ppt/presentation.xml" in head or b"ppt/slides/" in head:
            return PPTX
        if head[30:38] == b"mimetype":
            if head[38:].startswith(ODT.mime.encode()):
                return ODT
            if head[38:].startswith(ODS.mime.encode()):
                return ODS
            if head[38:].startswith(ODP.mime.encode()):
                return ODP
        return ZIP
    if head.startswith(b"OggS"):
        return OPUS if b"OpusHead" in head[:200] else OGG
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: WebM or Matroska
        # The track list, with each track's codec id, comes within the first few hundred bytes.
        is_video = any(codec in head for codec in (b"V_VP8", b"V_VP9", b"V_AV1", b"V_MPEG4"))
        return WEBM_VIDEO if is_video else WEBM_AUDIO
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"BM") and len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00":
        return BMP  # "BM", the file size, four reserved zero bytes, then the pixels' offset
    if head.startswith(b"#!AMR"):
        return AMR
    if head.startswith(b"fLaC"):
        return FLAC
    # A UTF-16 byte-order mark (FF FE) also reads as an MPEG frame sync: Windows Notepad's
    # "Unicode" text, or an HTML page saved that way, must not pass as an MP3 and be played.
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _detect_text(head)
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return AAC  # ADTS: sync 0xFFF, then MPEG version, layer 00
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return MP3
    return _detect_text(head)


def _detect_text(head: bytes) -> FileType:
    text = _text(head)
    if text is None:
        return UNKNOWN
    stripped = text.lstrip().lower()
    if stripped.startswith("<"):
        if "<svg" in stripped[:2048]:
            return SVG
        if "<smses" in stripped[:2048]:
            return SMS_XML
        if "<calls" in stripped[:2048]:
            return CALLS_XML
        # The decoded text, not the bytes: UTF-16 markup has a NUL between its letters.
        if _ACTIVE_MARKUP.search(text[:2048].encode()):
            return HTML
        if stripped.startswith("<?xml"):
            return XML
    if stripped.startswith("{") and '"messages"' in text and '"from' in text:
        return TELEGRAM_JSON  # Telegram Desktop's result.json: "from", "from_id" per message
    if head.startswith(b"From ") and b"\n" in head:
        # mbox: each message starts with a "From sender date" line, then its headers.
        after = head.split(b"\n", 1)[1]
        if len(_EMAIL_HEADER.findall(after[:4096])) >= 2 and _EMAIL_HEADER.match(after):
            return MBOX
    if (count := EMLX_COUNT.match(head)) is not None:
        after = head[count.end() :]
        if len(_EMAIL_HEADER.findall(after[:4096])) >= 2 and _EMAIL_HEADER.match(after):
            return EMLX
    if len(_EMAIL_HEADER.findall(head[:4096])) >= 2 and _EMAIL_HEADER.match(head.lstrip()):
        return EML
    if is_call_log_header(text.split("\n", 1)[0].strip("\ufeff\r")):
        return CALLS_CSV
    if WHATSAPP_LINE.search(text[:2048]) or WHATSAPP_LINE.search(_chat_head(text[:2048])):
        return WHATSAPP_TXT
    return TEXT


# Call logs as tables: which column is which, by words in its name.
def _role(header: str) -> str | None:
    name = header.strip().lower()
    if "duration" in name or "length" in name or "seconds" in name:
        return "duration"
    if "number" in name or "phone" in name or name in ("tel", "telephone", "caller", "from"):
        return "number"
    if "date" in name or "time" in name or name in ("when", "start", "started", "timestamp"):
        return "time" if name == "time" else "date"
    if "type" in name or "direction" in name or "status" in name:
        return "type"
    if "name" in name or "contact" in name:
        return "name"
    if name in ("message", "body", "text", "sms"):
        return "message"
    return None


def column_roles(header: list[str]) -> dict[str, int]:
    """{role: column index} for a header row (the first column named for each role)."""
    roles = {}
    for index, name in enumerate(header):
        role = _role(name)
        if role and role not in roles:
            roles[role] = index
    return roles


def is_call_log_header(line: str) -> bool:
    """Whether a CSV's first line names a number and a date column, and no message column
    (a CSV of text messages names the same and more: it is not a call log)."""
    for delimiter in ",;\t":
        if line.count(delimiter) >= 1:
            roles = column_roles(next(csv.reader([line], delimiter=delimiter)))
            if "number" in roles and "date" in roles and "message" not in roles:
                return True
    return False


# What a name's extension promises. A file whose content is of another family is refused,
# so an HTML page renamed photo.jpg cannot pass as a photo.
EXTENSION_FAMILIES = {
    "jpg": {"image"},
    "jpeg": {"image"},
    "jfif": {"image"},
    "png": {"image"},
    "gif": {"image"},
    "webp": {"image"},
    "heic": {"image"},
    "heif": {"image"},
    "hif": {"image"},
    "avif": {"image"},
    "tif": {"image"},
    "tiff": {"image"},
    "bmp": {"image"},
    "eml": {"email"},
    "emlx": {"email"},
    "tnef": {"email"},
    "mbox": {"email", "text"},
    # A damaged .msg may not even look like a compound file; it is kept, with a note.
    "msg": {"email", "document", "other"},
    "pdf": {"document"},
    "txt": {"text", "messages"},
    "xml": {"text", "messages"},
    "json": {"text", "messages"},
    "csv": {"text", "messages"},
    "zip": {"archive"},
    "docx": {"document", "archive"},
    "xlsx": {"document", "archive"},
    "pptx": {"document", "archive"},
    "odt": {"document", "archive"},
    "ods": {"document", "archive"},
    "odp": {"document", "archive"},
    "mp4": {"video"},
    "mov": {"video"},
    "mp3": {"audio"},
    "m4a": {"audio"},
    "ogg": {"audio"},
    "opus": {"audio"},
    "wav": {"audio"},
    "amr": {"audio"},
    "3gp": {"video", "audio"},
    "3gpp": {"video", "audio"},
    "webm": {"video", "audio"},
    "mkv": {"video"},
    "aac": {"audio"},
    "flac": {"audio"},
}


def mismatch(name: str, found: FileType) -> Said | None:
    """Why the name and the content disagree, or None. A Said: it is kept on an attachment's
    exhibit and read later, in the reader's language."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    promised = EXTENSION_FAMILIES.get(extension)
    if promised is None or found.family in promised:
        return None
    return Said.gettext(
        "its name ends in .%(extension)s but its content is a %(type)s. The file may have "
        "been disguised; if you trust it, rename it to match what it really is and upload "
        "it again",
        extension=extension,
        type=Said.gettext(found.label),
    )
