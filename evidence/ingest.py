"""Streaming ingest: hash, measure, sniff and encrypt a file as its bytes arrive.

Only ciphertext is written, to an anonymous temporary file (O_TMPFILE on Linux: no name,
gone when closed), so no plaintext of an upload ever touches the disk and memory stays
constant however large the file is.
"""

import hashlib
import tempfile

from django.conf import settings

from evidence.models import new_blob_name
from evidence.sniff import HEAD_BYTES, detect
from stalklog.core.crypto import CHUNK_BYTES, decrypt_file

# A picture's plaintext is kept in memory as it arrives (up to this size), because the
# upload reads all of it at once for its preview anyway: then it is not decrypted again.
KEEP_PLAINTEXT_BYTES = 32 * 1024 * 1024


class IngestedFile:
    """A file being (then having been) received: its measurements and its ciphertext."""

    def __init__(self, log, name: str, max_bytes: int | None = None):
        self.log = log
        self.name = clean_name(name)
        self.max_bytes = max_bytes or settings.STALKLOG_MAX_UPLOAD_BYTES
        self.blob_name = new_blob_name(log, "originals")
        self.size = 0
        self.is_too_large = False
        self.is_finished = False
        self.head = b""
        self._head = bytearray()
        self._hash = hashlib.sha256()
        self._plain = bytearray()  # None once it is known not to be kept (see feed)
        self._is_kept_type = None  # decided once the head has arrived
        self._encryptor = log.sealer.file_encryptor(self.blob_name)
        self.ciphertext = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())

    def feed(self, data: bytes):
        self.size += len(data)
        if self.is_too_large:
            return
        if self.size > self.max_bytes:
            # Stop storing at once; keep counting so the message can say how big it was.
            self.is_too_large = True
            self._plain = None
            self.ciphertext.close()
            return
        self._hash.update(data)
        if len(self._head) < HEAD_BYTES:
            self._head += data[: HEAD_BYTES - len(self._head)]
        self.ciphertext.write(self._encryptor.update(data))
        if self._plain is not None:
            self._keep_plaintext(data)

    def _keep_plaintext(self, data: bytes):
        if self._is_kept_type is None and len(self._head) >= HEAD_BYTES:
            self._is_kept_type = detect(bytes(self._head)).is_raster_image
        if self._is_kept_type is False or len(self._plain) + len(data) > KEEP_PLAINTEXT_BYTES:
            self._plain = None
            return
        self._plain += data

    def finish(self) -> "IngestedFile":
        if not self.is_too_large:
            self.ciphertext.write(self._encryptor.finalize())
            self.ciphertext.seek(0)
        self.head = bytes(self._head)
        if self._plain is not None and not detect(self.head).is_raster_image:
            self._plain = None  # a short file: decided only now
        self.sha256 = self._hash.hexdigest()
        self.is_finished = True
        return self

    def plaintext_chunks(self):
        """Decrypt the received file again (from the ciphertext), chunk by chunk."""
        self.ciphertext.seek(0)
        yield from decrypt_file(self.ciphertext, self.log.sealer.data_key, self.blob_name)
        self.ciphertext.seek(0)

    def first_plaintext(self, size: int) -> bytes:
        """At least the first `size` bytes (whole chunks), decrypting no further."""
        if self._plain is not None:
            return bytes(self._plain[:size])
        self.ciphertext.seek(0)
        data = bytearray()
        chunks = decrypt_file(self.ciphertext, self.log.sealer.data_key, self.blob_name)
        for chunk in chunks:
            data += chunk
            if len(data) >= size:
                break
        chunks.close()
        self.ciphertext.seek(0)
        return bytes(data)

    def read_plaintext(self, limit: int) -> bytes:
        """The whole plaintext in memory; callers check size against `limit` first."""
        if self.size > limit:
            raise ValueError("file is larger than the in-memory limit")
        if self._plain is not None:
            return bytes(self._plain)
        return b"".join(self.plaintext_chunks())

    def close(self):
        self._plain = None
        self.ciphertext.close()


def clean_name(name: str) -> str:
    """A display name only (never a path on our disk): last path part, no control chars."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "unnamed file"


def ingest(log, fileobj, name: str, max_bytes: int | None = None) -> IngestedFile:
    """Ingest a readable file object (seed data, archive members, non-HTTP callers)."""
    received = IngestedFile(log, name, max_bytes)
    if hasattr(fileobj, "chunks"):
        chunks = fileobj.chunks(CHUNK_BYTES)
    else:
        chunks = iter(lambda: fileobj.read(CHUNK_BYTES), b"")
    for chunk in chunks:
        received.feed(chunk)
        if received.is_too_large:
            for rest in chunks:
                received.size += len(rest)
            break
    return received.finish()
