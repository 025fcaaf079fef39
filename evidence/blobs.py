"""Stored files of an exhibit: written encrypted under the log's prefix, read back decrypted.

Shared by the upload (services) and the background reading (reading), which adds
derivatives such as a video's poster frame after the upload.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from evidence.models import new_blob_name
from stalklog.core.crypto import decrypt_range, encrypt_file


def save_blob(name: str, content, saved: list):
    """Write `content` under `name`, adding it to `saved` (for the caller to delete on
    failure). Storage must not rename: a renamed blob would not be found again."""
    # On the clean-up list before the first byte: a save that fails part-way may have
    # written something under this name (an object store's partial upload, say).
    saved.append(name)
    stored = default_storage.save(name, content)
    if stored != name:
        saved.append(stored)
        raise OSError(f"storage renamed {name} to {stored}")


def save_derivative(log, kind: str, data: bytes, saved: list) -> tuple[str, str]:
    """Encrypt and store a derivative (preview, thumbnail, poster frame): (name, SHA-256)."""
    name = new_blob_name(log, kind)
    out = io.BytesIO()
    encrypt_file(io.BytesIO(data), out, log.sealer.data_key, name)
    save_blob(name, ContentFile(out.getvalue()), saved)
    return name, hashlib.sha256(data).hexdigest()


def decrypted(log, blob_name: str):
    """A stored file's plaintext, chunk by chunk (verified as it is decrypted)."""
    with default_storage.open(blob_name, "rb") as stored:
        yield from log.sealer.decrypt_file(stored, blob_name)


def decrypted_range(log, blob_name: str, plaintext_size: int, start: int, end: int):
    """Plaintext bytes start..end (inclusive), decrypting only the chunks that hold them."""
    with default_storage.open(blob_name, "rb") as stored:
        yield from decrypt_range(stored, log.sealer.data_key, blob_name, plaintext_size, start, end)
