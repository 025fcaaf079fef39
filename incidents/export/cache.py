"""Laid-out sections kept between exports, encrypted with the log's key.

A section's PDF is stored under a keyed hash (HMAC with the log's data key) of everything
that shapes it, so the name says nothing about the content and any change in text, style
or renderer version is a miss. Blobs live under `logs/<uuid>/export-cache/` and are removed
with the log, or by `cleanup_exports` once older than STALKLOG_EXPORT_CACHE_SECONDS.
"""

import hashlib
import hmac
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from incidents.export.weasy import USER_AGENT_CSS
from incidents.export.weasy import VERSION as WEASYPRINT_VERSION
from stalklog.core.crypto import DecryptionError

CACHE_KIND = "export-cache"


def cache_prefix(log) -> str:
    return f"logs/{log.uuid}/{CACHE_KIND}/"


class SectionCache:
    def __init__(self, log, stylesheet: bytes):
        self.log = log
        self.enabled = getattr(settings, "STALKLOG_EXPORT_CACHE", True)
        self._salt = hashlib.sha256(
            b"export-section-v1\0"
            + WEASYPRINT_VERSION.encode()
            + b"\0"
            + USER_AGENT_CSS.read_bytes()
            + b"\0"
            + stylesheet
        ).digest()

    def key(self, html: str) -> str:
        mac = hmac.new(self.log.sealer.data_key, self._salt, hashlib.sha256)
        mac.update(html.encode())
        return mac.hexdigest()

    def _name(self, key: str) -> str:
        return cache_prefix(self.log) + key

    def get(self, key: str) -> bytes | None:
        if not self.enabled:
            return None
        name = self._name(key)
        try:
            with default_storage.open(name, "rb") as blob:
                return b"".join(self.log.sealer.decrypt_file(blob, name))
        except (FileNotFoundError, OSError, DecryptionError):
            return None

    def put(self, key: str, pdf: bytes):
        if not self.enabled:
            return
        name = self._name(key)
        if default_storage.exists(name):
            return
        encrypted = io.BytesIO()
        encryptor = self.log.sealer.file_encryptor(name)
        encrypted.write(encryptor.update(pdf))
        encrypted.write(encryptor.finalize())
        default_storage.save(name, ContentFile(encrypted.getvalue()))
