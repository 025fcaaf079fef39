import io
import os

import pytest
from django.test import override_settings

from stalklog.core import crypto
from stalklog.core.crypto import CHUNK_BYTES, DecryptionError, Sealer


def roundtrip(data: bytes, key: bytes, blob_id="blob-1") -> bytes:
    encrypted = io.BytesIO()
    crypto.encrypt_file(io.BytesIO(data), encrypted, key, blob_id)
    encrypted.seek(0)
    return b"".join(crypto.decrypt_file(encrypted, key, blob_id))


def encrypted_bytes(data: bytes, key: bytes, blob_id="blob-1") -> bytes:
    out = io.BytesIO()
    crypto.encrypt_file(io.BytesIO(data), out, key, blob_id)
    return out.getvalue()


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES]
)
def test_files_roundtrip_at_every_chunk_boundary(size):
    key = crypto.new_data_key()
    data = os.urandom(size)
    assert roundtrip(data, key) == data


def test_encrypted_file_holds_no_plaintext():
    key = crypto.new_data_key()
    data = b"he said he would be waiting outside my work " * 100
    assert b"waiting outside" not in encrypted_bytes(data, key)


def test_truncation_at_a_chunk_boundary_is_detected():
    key = crypto.new_data_key()
    blob = encrypted_bytes(os.urandom(3 * CHUNK_BYTES), key)
    sealed_chunk = crypto.NONCE_BYTES + CHUNK_BYTES + crypto.TAG_BYTES
    truncated = blob[: 8 + 2 * sealed_chunk]
    with pytest.raises(DecryptionError):
        b"".join(crypto.decrypt_file(io.BytesIO(truncated), key, "blob-1"))


def test_swapped_chunks_are_detected():
    key = crypto.new_data_key()
    blob = encrypted_bytes(os.urandom(2 * CHUNK_BYTES + 10), key)
    n = crypto.NONCE_BYTES + CHUNK_BYTES + crypto.TAG_BYTES
    swapped = blob[:8] + blob[8 + n : 8 + 2 * n] + blob[8 : 8 + n] + blob[8 + 2 * n :]
    with pytest.raises(DecryptionError):
        b"".join(crypto.decrypt_file(io.BytesIO(swapped), key, "blob-1"))


def test_a_file_moved_to_another_blob_name_fails():
    key = crypto.new_data_key()
    blob = encrypted_bytes(b"evidence", key, "blob-1")
    with pytest.raises(DecryptionError):
        b"".join(crypto.decrypt_file(io.BytesIO(blob), key, "blob-2"))


def test_sealed_text_is_bound_to_its_context():
    sealer = Sealer(crypto.new_data_key())
    sealed = sealer.seal("my address", "Incident.location:log-1")
    assert sealer.open(sealed, "Incident.location:log-1") == "my address"
    with pytest.raises(DecryptionError):
        sealer.open(sealed, "Incident.description:log-1")


def test_an_old_master_key_still_unwraps_until_rotation():
    old = "q9Yf1m0oDk0jz3aHk7oU2cJrKpH0q9Yf1m0oDk0jz3a"
    new = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg"
    data_key = crypto.new_data_key()
    with override_settings(STALKLOG_MASTER_KEY=old, STALKLOG_OLD_MASTER_KEYS=[]):
        wrapped = crypto.wrap_key(data_key, "log-1")
    with override_settings(STALKLOG_MASTER_KEY=new, STALKLOG_OLD_MASTER_KEYS=[old]):
        assert crypto.unwrap_key(wrapped, "log-1") == data_key
    with (
        override_settings(STALKLOG_MASTER_KEY=new, STALKLOG_OLD_MASTER_KEYS=[]),
        pytest.raises(DecryptionError),
    ):
        crypto.unwrap_key(wrapped, "log-1")
