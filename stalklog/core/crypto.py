"""The key hierarchy and the ciphers for data at rest (DESIGN.md section 5).

The master key (environment) wraps one random 256-bit data key per log. A log's data key
seals its sensitive text fields and encrypts its files in fixed-size AES-256-GCM chunks,
so files stream in constant memory and truncation or reordering is detected.
"""

import base64
import hashlib
import os
import struct
from collections.abc import Iterator
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
VERSION = b"\x01"
FILE_MAGIC = b"SLF1"
CHUNK_BYTES = 64 * 1024


class DecryptionError(Exception):
    """Ciphertext was altered, truncated, or sealed under another key or context."""


def decode_master_key(text: str) -> bytes:
    text = text.strip()
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(
            "the master key must encode 32 bytes in url-safe base64: make one with "
            '`python -c "import secrets; print(secrets.token_urlsafe(32))"`'
        )
    return key


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"stalklog-key-id" + key).digest()[:8]


@cache
def _master_keys(current: str, old: tuple[str, ...]) -> dict[bytes, bytes]:
    keys = [decode_master_key(current)] + [decode_master_key(k) for k in old]
    return {key_id(k): k for k in keys}


def master_keys() -> dict[bytes, bytes]:
    """All usable master keys by id, the current one first."""
    return _master_keys(settings.STALKLOG_MASTER_KEY, tuple(settings.STALKLOG_OLD_MASTER_KEYS))


def current_master_key() -> bytes:
    return next(iter(master_keys().values()))


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap_key(data_key: bytes, context: str, master_key: bytes | None = None) -> bytes:
    master_key = master_key or current_master_key()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(master_key).encrypt(nonce, data_key, b"wrap:" + context.encode())
    return VERSION + key_id(master_key) + nonce + sealed


def wrapping_key_id(wrapped: bytes) -> bytes:
    return bytes(wrapped[1:9])


def unwrap_key(wrapped: bytes, context: str) -> bytes:
    wrapped = bytes(wrapped)
    master_key = master_keys().get(wrapping_key_id(wrapped))
    if wrapped[:1] != VERSION or master_key is None:
        raise DecryptionError("data key was wrapped by an unknown master key")
    nonce, sealed = wrapped[9 : 9 + NONCE_BYTES], wrapped[9 + NONCE_BYTES :]
    try:
        return AESGCM(master_key).decrypt(nonce, sealed, b"wrap:" + context.encode())
    except InvalidTag as error:
        raise DecryptionError("data key failed to unwrap") from error


class Sealer:
    """Seals short values (text fields) with one log's data key.

    The context (model, field and log) is bound as associated data, so a sealed value
    copied into another field or another log fails to open.
    """

    def __init__(self, data_key: bytes):
        self.data_key = data_key
        self._aead = AESGCM(data_key)

    def seal(self, plaintext: str, context: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return VERSION + nonce + self._aead.encrypt(nonce, plaintext.encode(), context.encode())

    def open(self, sealed: bytes, context: str) -> str:
        sealed = bytes(sealed)
        if sealed[:1] != VERSION:
            raise DecryptionError("unknown sealed-value version")
        nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, context.encode()).decode()
        except InvalidTag as error:
            raise DecryptionError(f"sealed value for {context} failed to open") from error

    def opener(self, context: str):
        """open() for many values sealed under one context (searching a column): the same
        checks, without rebuilding the context for every value."""
        aad, decrypt = context.encode(), self._aead.decrypt

        def open_one(sealed: bytes) -> str:
            sealed = bytes(sealed)
            if sealed[:1] != VERSION:
                raise DecryptionError("unknown sealed-value version")
            try:
                return decrypt(sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :], aad).decode()
            except InvalidTag as error:
                raise DecryptionError(f"sealed value for {context} failed to open") from error

        return open_one

    def file_encryptor(self, blob_id: str) -> "FileEncryptor":
        return FileEncryptor(self.data_key, blob_id)

    def decrypt_file(self, fileobj, blob_id: str) -> Iterator[bytes]:
        return decrypt_file(fileobj, self.data_key, blob_id)


def _chunk_aad(blob_id: str, index: int, is_final: bool) -> bytes:
    return FILE_MAGIC + blob_id.encode() + struct.pack(">Q?", index, is_final)


class FileEncryptor:
    """Push-style chunked encryption: feed plaintext with update(), end with finalize().

    Output: FILE_MAGIC, chunk size, then for each chunk nonce + ciphertext + tag. Every
    chunk but the last holds exactly CHUNK_BYTES of plaintext; the last is flagged final.
    """

    def __init__(self, data_key: bytes, blob_id: str, chunk_bytes: int = CHUNK_BYTES):
        self._aead = AESGCM(data_key)
        self._blob_id = blob_id
        self._chunk_bytes = chunk_bytes
        self._pending = bytearray()
        self._index = 0
        self._header_sent = False
        self.plaintext_bytes = 0

    def _header(self) -> bytes:
        if self._header_sent:
            return b""
        self._header_sent = True
        return FILE_MAGIC + struct.pack(">I", self._chunk_bytes)

    def _seal_chunk(self, chunk: bytes, is_final: bool) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        aad = _chunk_aad(self._blob_id, self._index, is_final)
        self._index += 1
        return nonce + self._aead.encrypt(nonce, chunk, aad)

    def update(self, data: bytes) -> bytes:
        self.plaintext_bytes += len(data)
        self._pending += data
        out = [self._header()]
        # Keep at least one byte back so the last full chunk can still be flagged final.
        while len(self._pending) > self._chunk_bytes:
            out.append(self._seal_chunk(bytes(self._pending[: self._chunk_bytes]), False))
            del self._pending[: self._chunk_bytes]
        return b"".join(out)

    def finalize(self) -> bytes:
        out = self._header() + self._seal_chunk(bytes(self._pending), True)
        self._pending.clear()
        return out


def encrypt_file(src, dst, data_key: bytes, blob_id: str) -> int:
    """Encrypt the readable src into the writable dst; return the plaintext size."""
    encryptor = FileEncryptor(data_key, blob_id)
    while block := src.read(CHUNK_BYTES):
        dst.write(encryptor.update(block))
    dst.write(encryptor.finalize())
    return encryptor.plaintext_bytes


def _read_exactly(fileobj, size: int) -> bytes:
    parts, remaining = [], size
    while remaining:
        part = fileobj.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def decrypt_file(fileobj, data_key: bytes, blob_id: str) -> Iterator[bytes]:
    """Yield the plaintext of an encrypted file chunk by chunk, verifying every chunk."""
    header = _read_exactly(fileobj, len(FILE_MAGIC) + 4)
    if header[:4] != FILE_MAGIC or len(header) != 8:
        raise DecryptionError("not a Stalklog encrypted file")
    (chunk_bytes,) = struct.unpack(">I", header[4:])
    sealed_bytes = NONCE_BYTES + chunk_bytes + TAG_BYTES
    aead = AESGCM(data_key)
    index = 0
    current = _read_exactly(fileobj, sealed_bytes)
    while True:
        following = _read_exactly(fileobj, sealed_bytes) if len(current) == sealed_bytes else b""
        is_final = not following
        if len(current) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError("encrypted file is truncated")
        nonce, body = current[:NONCE_BYTES], current[NONCE_BYTES:]
        try:
            yield aead.decrypt(nonce, body, _chunk_aad(blob_id, index, is_final))
        except InvalidTag as error:
            raise DecryptionError(f"chunk {index} of {blob_id} failed to verify") from error
        if is_final:
            return
        current, index = following, index + 1


def decrypt_range(
    fileobj, data_key: bytes, blob_id: str, plaintext_size: int, start: int, end: int
) -> Iterator[bytes]:
    """Yield plaintext bytes start..end (inclusive) of an encrypted file, decrypting only
    the chunks that hold them (a video seeks without decrypting all that comes before).
    `fileobj` must be seekable; every chunk read is verified as in decrypt_file."""
    header = _read_exactly(fileobj, len(FILE_MAGIC) + 4)
    if header[:4] != FILE_MAGIC or len(header) != 8:
        raise DecryptionError("not a Stalklog encrypted file")
    (chunk_bytes,) = struct.unpack(">I", header[4:])
    sealed_bytes = NONCE_BYTES + chunk_bytes + TAG_BYTES
    chunk_count = max(1, -(-plaintext_size // chunk_bytes))
    aead = AESGCM(data_key)
    first, last = start // chunk_bytes, min(end // chunk_bytes, chunk_count - 1)
    fileobj.seek(len(header) + first * sealed_bytes)
    for index in range(first, last + 1):
        sealed = _read_exactly(fileobj, sealed_bytes)
        if len(sealed) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError("encrypted file is truncated")
        aad = _chunk_aad(blob_id, index, index == chunk_count - 1)
        try:
            plain = aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
        except InvalidTag as error:
            raise DecryptionError(f"chunk {index} of {blob_id} failed to verify") from error
        offset = index * chunk_bytes
        yield plain[max(0, start - offset) : end - offset + 1]
