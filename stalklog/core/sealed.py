"""Sealed text attributes: plaintext on the model, AES-GCM ciphertext in the database.

Every log-scoped model has a `log` foreign key; a sealed attribute uses that log's data key,
and binds model, field and log as associated data. Declare the column and the attribute:

    description_sealed = models.BinaryField(default=b"", editable=False)
    description = SealedText()
"""

import json
from datetime import date

from django.db import models


class SealedText(property):
    """A str attribute stored sealed in the BinaryField named `<name>_sealed`.

    A property subclass, so Model(**kwargs) and setattr accept it like a field; Django sets
    fields (including `log`) before properties, so the key is known when the value arrives.
    """

    def __init__(self):
        super().__init__(self._get, self._set)

    def __set_name__(self, owner, name):
        self.name = name
        self.column = f"{name}_sealed"
        self.owner = owner

    def _context(self, obj):
        return f"{obj._meta.label}.{self.name}:{obj.log.uuid}"

    def opener(self, log):
        """A function opening this column's raw values (from values_list()) in `log`, without
        building model instances: searching thousands of rows decrypts only what it reads."""
        open_one = log.sealer.opener(f"{self.owner._meta.label}.{self.name}:{log.uuid}")
        return lambda sealed: open_one(sealed) if sealed else ""

    def _get(self, obj):
        cache = obj.__dict__.setdefault("_opened", {})
        sealed = bytes(getattr(obj, self.column) or b"")
        if self.name not in cache or cache[self.name][0] != sealed:
            value = obj.log.sealer.open(sealed, self._context(obj)) if sealed else ""
            cache[self.name] = (sealed, value)
        return cache[self.name][1]

    def _set(self, obj, value):
        value = value or ""
        sealed = obj.log.sealer.seal(value, self._context(obj)) if value else b""
        setattr(obj, self.column, sealed)
        obj.__dict__.setdefault("_opened", {})[self.name] = (sealed, value)


class SealedJSON(SealedText):
    """Like SealedText, for a JSON-serialisable value (dicts of EXIF, amendment changes)."""

    def _get(self, obj):
        text = super()._get(obj)
        return json.loads(text) if text else None

    def _set(self, obj, value):
        super()._set(obj, json.dumps(value, sort_keys=True) if value is not None else "")


class SealedDate(SealedText):
    """Like SealedText, for a date (or None): a court order's dates say when a victim went
    to court, so they are sealed like its reference. Sort and filter them in Python."""

    def _get(self, obj):
        text = super()._get(obj)
        return date.fromisoformat(text) if text else None

    def _set(self, obj, value):
        super()._set(obj, value.isoformat() if value else "")


def sealed_column():
    return models.BinaryField(default=b"", editable=False)
