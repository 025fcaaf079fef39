"""Laid-out sections kept between exports, encrypted with the log's key.

A section's PDF is stored under a keyed hash (HMAC with the log's data key) of everything
that shapes it, so the name says nothing about the content and any change in text, style
or renderer version is a miss. Blobs live under `logs/<uuid>/export-cache/` and are removed
with the log, or by `cleanup_exports` once older than STALKLOG_EXPORT_CACHE_SECONDS.
"""

import dataclasses
import hashlib
import hmac
import io
import json

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from incidents.export import language
from incidents.export.weasy import USER_AGENT_CSS
from incidents.export.weasy import VERSION as WEASYPRINT_VERSION
from stalklog.core.crypto import DecryptionError

CACHE_KIND = "export-cache"
# Bump when images.py scales photos differently (MAX_EDGE_PX, JPEG_QUALITY, its draft).
PRINT_IMAGE_VERSION = "800px-q78-draft"
_HEADER = b"SLX2"


@dataclasses.dataclass
class LaidOut:
    """One section laid out: its PDF, and where its text ends, so the next section of the
    same part can start there instead of on a new page."""

    pdf: bytes
    pages: int
    end_px: float  # the bottom of its content on its last page, from the page's top edge
    first_page_used: bool = True  # False when nothing fitted below the offset it was given
    refused: list = dataclasses.field(default_factory=list)

    def to_bytes(self) -> bytes:
        meta = json.dumps(
            {"pages": self.pages, "end_px": self.end_px, "first": self.first_page_used}
        ).encode()
        return _HEADER + len(meta).to_bytes(4, "big") + meta + self.pdf

    @classmethod
    def from_bytes(cls, data: bytes) -> "LaidOut | None":
        if not data.startswith(_HEADER):
            return None
        size = int.from_bytes(data[4:8], "big")
        meta = json.loads(data[8 : 8 + size])
        return cls(data[8 + size :], meta["pages"], meta["end_px"], meta["first"])


def cache_prefix(log) -> str:
    return f"logs/{log.uuid}/{CACHE_KIND}/"


class SectionCache:
    def __init__(self, log, stylesheet: bytes):
        self.log = log
        self.enabled = getattr(settings, "STALKLOG_EXPORT_CACHE", True)
        self._salt = hashlib.sha256(
            b"export-section-v4-continued-tables\0"
            + WEASYPRINT_VERSION.encode()
            + b"\0"
            + USER_AGENT_CSS.read_bytes()
            + b"\0"
            + stylesheet
        ).digest()

    def key(self, html: str, offset_px: float = 0.0) -> str:
        """The section's name in the cache: its HTML and the height it starts at."""
        mac = hmac.new(self.log.sealer.data_key, self._salt, hashlib.sha256)
        mac.update(html.encode())
        # And the document's language: a Welsh layout never serves an English request.
        mac.update(f"\0{offset_px:.2f}\0{language.current()}".encode())
        return mac.hexdigest()

    def _name(self, key: str) -> str:
        return cache_prefix(self.log) + key

    def get(self, key: str) -> LaidOut | None:
        data = self.get_bytes(key)
        try:
            return LaidOut.from_bytes(data) if data is not None else None
        except (ValueError, KeyError):
            return None

    def put(self, key: str, laid_out: LaidOut):
        self.put_bytes(key, laid_out.to_bytes())

    def image_key(self, preview_sha256: str) -> str:
        """A print-size image's name: the preview it was scaled from, and how."""
        mac = hmac.new(self.log.sealer.data_key, self._salt, hashlib.sha256)
        mac.update(f"print-image\0{PRINT_IMAGE_VERSION}\0{preview_sha256}".encode())
        return mac.hexdigest()

    def get_bytes(self, key: str) -> bytes | None:
        if not self.enabled:
            return None
        name = self._name(key)
        try:
            with default_storage.open(name, "rb") as blob:
                return b"".join(self.log.sealer.decrypt_file(blob, name))
        except (FileNotFoundError, OSError, DecryptionError):
            return None

    def exists(self, key: str) -> bool:
        return self.enabled and default_storage.exists(self._name(key))

    def put_bytes(self, key: str, data: bytes):
        if not self.enabled:
            return
        name = self._name(key)
        if default_storage.exists(name):
            return
        encrypted = io.BytesIO()
        encryptor = self.log.sealer.file_encryptor(name)
        encrypted.write(encryptor.update(data))
        encrypted.write(encryptor.finalize())
        default_storage.save(name, ContentFile(encrypted.getvalue()))
