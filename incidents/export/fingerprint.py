"""A cheap name for everything the export's sections are made from, so that pressing Create
after the warm-up can find the laid-out document without rendering any section's HTML.

The section cache is keyed by the sections' HTML (cache.py), which is certain but costs a
third of a press to make: the rows are read and decrypted and eleven templates rendered.
The fingerprint is a hash of what that HTML is made from, read raw:

- every stored row of the log: the log itself and every row of every model of the incidents
  and evidence apps that belongs to it (its own `log` column, or a link table between two
  such models), each with every column as stored (sealed text as its ciphertext, which a
  new nonce changes on every save), ordered by id; the people who entered, corrected,
  uploaded or withdrew something (all but their password and last login, never printed);
  and the behaviours (shared by every log);
- the code that turns them into HTML: every Python module, template, stylesheet and
  translation of the project (hashed once per process), and the versions of Django and
  WeasyPrint;
- the export's options, its language, the time zone and the settings that shape a layout.

The models are found from the apps, not listed, so a model added later is in it without
anyone remembering to add it (tests/incidents/export/test_fingerprint.py checks that every
table the document reads is). Rows of other logs, the access log and the export jobs are not
read. Anything changed gives another fingerprint: at worst a miss, which renders the HTML as
before. The fingerprint only ever points at a pre-merge that was made, under its HTML key,
from a document read while the rows had this fingerprint (pdf.py, warm.py).
"""

import functools
import hashlib
import importlib.metadata
import json
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, models

from incidents.export import language
from stalklog.casefile.models import Log

logger = logging.getLogger(__name__)

# Bump when what goes into the fingerprint changes.
FINGERPRINT_VERSION = b"export-fingerprint-v1"
# The apps whose rows of a log the document is made from.
APPS = ("incidents", "evidence")
# Columns of a user row that no document prints (and that change on every sign-in).
USER_COLUMNS_NEVER_PRINTED = {"password", "last_login"}
# Settings that shape the HTML (how it is cut into chains is named apart: pdf.py).
SETTINGS = ("TIME_ZONE", "USE_TZ", "USE_I18N", "LANGUAGE_CODE", "STALKLOG_EXPORT_WORKERS")

ROOT = Path(__file__).resolve().parents[2]
_CODE_FOLDERS = ("stalklog", "evidence", "incidents", "templates", "static/css", "locale")
_CODE_SUFFIXES = {".py", ".html", ".txt", ".css", ".po", ".mo", ".svg", ".json"}


@functools.cache
def code_version() -> bytes:
    """A hash of the project's code, templates, stylesheets and translations, and of the
    libraries that write the HTML and lay it out: made once per process (at start-up, from
    the app's ready(), so a process keeps the hash of the code it runs)."""
    digest = hashlib.sha256(FINGERPRINT_VERSION)
    for package in ("django", "weasyprint", "pikepdf", "pydyf"):
        digest.update(f"\0{package}={_version(package)}".encode())
    for folder in _CODE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(b"\0" + str(path.relative_to(ROOT)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "none"


def log_models() -> list:
    """(model, lookup to the log) for every model whose rows of a log the document may
    read: those of APPS with a `log` foreign key, and their many-to-many link tables."""
    found = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if _has_log(model):
                found.append((model, "log"))
                for field in model._meta.local_many_to_many:
                    found.append((field.remote_field.through, f"{_source(field)}__log"))
    return found


def _has_log(model) -> bool:
    try:
        field = model._meta.get_field("log")
    except Exception:  # noqa: BLE001 (FieldDoesNotExist): no log of its own
        return False
    return isinstance(field, models.ForeignKey) and field.related_model is Log


def _source(field) -> str:
    """The link table's column to the model that declares the many-to-many field."""
    return field.m2m_field_name()


class Unmatchable(Exception):
    """A value whose text would not name it (an object's address): no fingerprint."""


def _rows(digest, queryset, columns, users=None):
    """Hash the rows' columns as the database returns them (no conversion to Python
    values: a third of the time); add to `users` the ids in their columns naming a user."""
    digest.update(f"\0{queryset.model._meta.db_table}\0{','.join(columns)}\0".encode())
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    fields = _fields(queryset.model, columns)
    naming_users = [
        position
        for position, field in enumerate(fields)
        if isinstance(field, models.ForeignKey) and field.related_model is user_model
    ]
    try:
        sql, params = queryset.order_by("pk").values_list(*columns).query.sql_with_params()
    except EmptyResultSet:  # filtered on an empty list of ids: no rows
        return
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(2000):
            # Sealed columns may come as memoryviews, whose repr is only an address.
            text = repr([tuple(map(_plain, row)) for row in batch])
            if " at 0x" in text:
                raise Unmatchable(queryset.model._meta.label)
            digest.update(text.encode())
            if users is not None:
                users.update(row[i] for row in batch for i in naming_users if row[i])


def _fields(model, columns):
    by_column = {field.attname: field for field in model._meta.concrete_fields}
    return [by_column[column] for column in columns]


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def _columns(model, leave_out=()) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in leave_out]


def fingerprint(log, options) -> str | None:
    """The fingerprint of `log`'s export with `options` in the active document language
    (None when a value cannot be named: the export is then made without one)."""
    try:
        return _fingerprint(log, options)
    except Unmatchable as error:
        logger.warning("export fingerprint: a value of %s has no stable text", error)
        return None


def _fingerprint(log, options) -> str:
    digest = hashlib.sha256(code_version())
    described = {
        "options": options.to_json(),
        "language": language.current(),
        "html_lang": language.html_lang(),
        "settings": {name: repr(getattr(settings, name, None)) for name in SETTINGS},
    }
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    _rows(digest, Log.objects.filter(pk=log.pk), _columns(Log))
    # The people a row names (who entered, corrected, uploaded or withdrew it).
    user_ids = set()
    for model, lookup in log_models():
        _rows(digest, model.objects.filter(**{lookup: log}), _columns(model), user_ids)
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    _rows(
        digest,
        user_model.objects.filter(pk__in=user_ids),
        _columns(user_model, USER_COLUMNS_NEVER_PRINTED),
    )
    behaviour = apps.get_model("incidents", "Behaviour")
    _rows(digest, behaviour.objects.all(), _columns(behaviour))
    return digest.hexdigest()
