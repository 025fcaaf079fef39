"""Backups that stay encrypted: a database dump plus every stored file, copied as ciphertext.

A backup folder holds `database.jsonlines.gz` (Django's dumpdata as JSON lines, datetimes to
the microsecond, streamed both ways, natural keys for content types and permissions),
`files/<storage name>` (the encrypted blobs byte for byte) and `manifest.json` (SHA-256 of
each, and the ids of the master keys that wrap the logs' data keys). Sealed fields stay
sealed and files stay encrypted, so the backup is only as readable as the master key, which
it never contains.
"""

import gzip
import hashlib
import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from stalklog.casefile.models import Log
from stalklog.core.crypto import master_keys, wrapping_key_id
from stalklog.core.storage import is_kept, referenced_names, walk

FORMAT = 1
SERIAL_FORMAT = "jsonlines"
DATABASE_FILE = f"database.{SERIAL_FORMAT}.gz"
MANIFEST_FILE = "manifest.json"
FILES_DIR = "files"
COPY_BYTES = 1024 * 1024
# Rebuilt by `migrate` (content types, permissions) or useless after a restore (sessions).
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]

serializers.register_serializer(SERIAL_FORMAT, "stalklog.core.serializers")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fileobj:
        while block := fileobj.read(COPY_BYTES):
            digest.update(block)
    return digest.hexdigest()


def _copy(src, dst) -> tuple[int, str]:
    """Copy between open binary files; return the size and SHA-256 of what was copied."""
    digest, size = hashlib.sha256(), 0
    while block := src.read(COPY_BYTES):
        digest.update(block)
        size += len(block)
        dst.write(block)
    return size, digest.hexdigest()


def _private_file(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _dump_database(path: Path) -> set[str]:
    """Dump every table into `path`; return the stored file names the dumped rows hold.

    One snapshot for every table, so rows that point at each other agree, and the file
    names are read in the same snapshot: a file no dumped row names (an interrupted write,
    or one whose row comes after the dump) stays out of the backup.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with _private_file(path) as raw, gzip.open(raw, "wt", encoding="utf-8") as out:
            call_command(
                "dumpdata",
                format=SERIAL_FORMAT,
                exclude=EXCLUDED,
                natural_foreign=True,
                stdout=out,
                verbosity=0,
            )
        return referenced_names()


def create_backup(output: Path, storage) -> dict:
    """Write a backup of the database and every stored file into the empty folder `output`."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise CommandError(f"{output} is not empty: give a new or empty folder.")
    output.mkdir(parents=True, exist_ok=True, mode=0o700)

    # The database first: files are written before the rows that name them, so every file
    # the dump refers to already exists when the files are copied next.
    key_ids = sorted(
        {
            wrapping_key_id(bytes(key)).hex()
            for key in Log.objects.values_list("wrapped_key", flat=True)
        }
    )
    named = _dump_database(output / DATABASE_FILE)
    files = []
    for name in walk("", storage):
        if name not in named and not is_kept(name, with_caches=False):
            continue  # an orphan, a cached export section, or a file newer than the dump
        with storage.open(name, "rb") as src, _private_file(output / FILES_DIR / name) as dst:
            size, sha256 = _copy(src, dst)
        files.append({"name": name, "size": size, "sha256": sha256})

    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"name": DATABASE_FILE, "sha256": _sha256_file(output / DATABASE_FILE)},
        "files": files,
        "master_key_ids": key_ids,
    }
    with _private_file(output / MANIFEST_FILE) as out:
        out.write(json.dumps(manifest, indent=1).encode())
    return manifest


def read_manifest(backup: Path) -> dict:
    """The backup's manifest, after checking every file in it against its SHA-256."""
    backup = Path(backup)
    try:
        manifest = json.loads((backup / MANIFEST_FILE).read_text())
    except (OSError, ValueError) as error:
        raise CommandError(f"{backup} has no readable {MANIFEST_FILE}: is it a backup?") from error
    if manifest.get("format") != FORMAT:
        raise CommandError(f"unknown backup format {manifest.get('format')!r}")
    if _sha256_file(backup / DATABASE_FILE) != manifest["database"]["sha256"]:
        raise CommandError(f"{DATABASE_FILE} does not match the manifest: the backup is damaged.")
    for entry in manifest["files"]:
        path = _backup_path(backup, entry["name"])
        if not path.is_file() or _sha256_file(path) != entry["sha256"]:
            raise CommandError(f"{entry['name']} is missing or damaged in the backup.")
    missing = set(manifest["master_key_ids"]) - {key.hex() for key in master_keys()}
    if missing:
        raise CommandError(
            "the master key that wraps these logs is not configured (key id "
            + ", ".join(sorted(missing))
            + "): set STALKLOG_MASTER_KEY or STALKLOG_OLD_MASTER_KEYS to it first."
        )
    return manifest


def _backup_path(backup: Path, name: str) -> Path:
    path = (backup / FILES_DIR / name).resolve()
    if not path.is_relative_to((backup / FILES_DIR).resolve()):
        raise CommandError(f"{name!r} is not a file name this app writes.")
    return path


def _delete_all_rows():
    """Empty every table but the ones `migrate` fills (content types, permissions).

    Plain DELETEs in one transaction rather than `flush`: foreign keys are checked at commit,
    and TRUNCATE cannot run in a transaction that has already changed rows.
    """
    keep = {ContentType._meta.db_table, Permission._meta.db_table}
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        for table in sorted(set(tables) - keep):
            # Table names come from Django's own model registry, never from input.
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


def has_data(storage) -> bool:
    return (
        get_user_model().objects.exists()
        or Log.objects.exists()
        or next(walk("", storage), None) is not None
    )


def restore_backup(backup: Path, storage, force: bool = False) -> dict:
    """Replace the database and stored files with the backup's, checked first."""
    backup = Path(backup)
    manifest = read_manifest(backup)
    if has_data(storage) and not force:
        raise CommandError(
            "this installation already has accounts, logs or files; restoring would replace "
            "them all. Run again with --force if that is what you want."
        )
    # The database in one transaction first: if it fails to load, nothing has changed.
    with transaction.atomic():
        _delete_all_rows()
        call_command("loaddata", str(backup / DATABASE_FILE), verbosity=0)
    for name in list(walk("", storage)):
        storage.delete(name)
    for entry in manifest["files"]:
        with _backup_path(backup, entry["name"]).open("rb") as src:
            saved = storage.save(entry["name"], src)
        if saved != entry["name"]:
            raise CommandError(f"{entry['name']} could not be restored under its own name.")
    return manifest
