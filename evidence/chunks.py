"""Files that arrive in chunks: a voice recording as it is made (incidents.recordings) and an
upload sent in parts on a weak signal (evidence.resumable).

Each chunk is encrypted with the log's key as it arrives and kept as its own file in a folder
of the file being received, named by its number (a recording's chunk index, an upload's byte
offset). Nothing here is an exhibit: `join_chunks` reads them back, in order, into the same
IngestedFile a one-shot upload makes, so the exhibit's SHA-256 is over the whole file.
"""

import io
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from evidence.ingest import IngestedFile
from stalklog.core.crypto import encrypt_file
from stalklog.core.storage import delete_under


def chunk_name(folder: str, number: int) -> str:
    return f"{folder}{int(number):012d}"


def save_chunk(log, folder: str, number: int, data: bytes) -> bool:
    """Keep one chunk, encrypted (the name is its AES-GCM associated data, so a chunk moved
    to another place or file fails to decrypt). False if that chunk was already kept."""
    name = chunk_name(folder, number)
    if default_storage.exists(name):
        return False
    out = io.BytesIO()
    encrypt_file(io.BytesIO(data), out, log.sealer.data_key, name)
    default_storage.save(name, ContentFile(out.getvalue()))
    return True


def chunk_names(folder: str) -> list[str]:
    """The complete chunks in `folder`, in order of their numbers."""
    try:
        _dirs, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    kept = [name for name in names if name.isdigit()]  # not a .partial- file mid-write
    return [folder + name for name in sorted(kept, key=int)]


def has_chunk(folder: str, number: int) -> bool:
    return default_storage.exists(chunk_name(folder, number))


def join_chunks(log, names: Iterable[str], name: str) -> IngestedFile:
    """The chunks, decrypted in order, received as one file (hashed, measured, sniffed and
    encrypted again under a new blob name, exactly as a one-shot upload is)."""
    received = IngestedFile(log, name)
    for stored_name in names:
        with default_storage.open(stored_name, "rb") as stored:
            for block in log.sealer.decrypt_file(stored, stored_name):
                received.feed(block)
    return received.finish()


def discard_chunks(folder: str) -> int:
    """Delete every chunk of a file being received (and its folder); returns how many."""
    return delete_under(folder)
