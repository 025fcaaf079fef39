"""Sentences of ours kept to be said later: a message and its values, stored as data and put
into words in the reader's language when shown.

A note written when a file is read ("Kept as it is, but its text was not read: it is protected
with a password.") is read later, by her in the language she has then, by a caseworker in
theirs. Stored as text it would stay in the language of the moment it was written (the
uploader's, in a worker with no request); stored as a Said it is said again for each reader.

    problem = Said.gettext("it is protected with a password")
    note = Said.gettext("Not read: %(problem)s.", problem=problem)  # a dict, for JSON
    say(note)  # in the active language

Said.gettext, Said.ngettext and Said.pgettext take the message as gettext, ngettext and
pgettext do, so makemessages finds it (xgettext reads any call with those names); its values
may be Saids themselves, or exceptions raised with one, or dates (said as "2 March 2024" with
the month's name in the reader's language).
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

KEY = "said"
DATE = "date"


class Said(dict):
    """A message of ours (an English msgid) and its values, as a dict that JSON stores as it
    is; str() says it in the active language. An exception raised with a Said says it in the
    language of whoever prints it."""

    # Positional only: a message's values are often named count.
    def __init__(
        self, message: str, plural: str | None = None, number: int | None = None, /, **values
    ):
        super().__init__(
            {KEY: str(message), "values": {k: _storable(v) for k, v in values.items()}}
        )
        if plural is not None:
            self.update(plural=str(plural), number=number)

    @classmethod
    def gettext(cls, message: str, /, **values) -> "Said":
        return cls(message, **values)

    @classmethod
    def pgettext(cls, context: str, message: str, /, **values) -> "Said":
        """A message whose English word means more than one thing ("Me", who sent a message)."""
        said = cls(message, **values)
        said["context"] = str(context)
        return said

    @classmethod
    def ngettext(cls, singular: str, plural: str, number: int, /, **values) -> "Said":
        return cls(singular, plural, number, **values)

    def __str__(self):
        return say(self)

    def __repr__(self):
        return f"Said({self[KEY]!r})"


def _storable(value):
    """A value as stored: a Said (or an exception raised with one) as its data, a date as
    {"date": ISO}, a number as it is, anything else (a file name, a size already written
    out) as text."""
    if isinstance(value, BaseException) and value.args and isinstance(value.args[0], Said):
        value = value.args[0]
    if isinstance(value, Said):
        return value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return {DATE: value.isoformat()}
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return value


def say(stored) -> str:
    """A stored note in the active language: a Said's data is translated now; a list is said
    item by item, joined by spaces; text (older notes, or words that are not ours) as it is."""
    if not stored:
        return ""
    if isinstance(stored, list):
        return " ".join(text for text in (say(item) for item in stored) if text)
    if isinstance(stored, dict) and set(stored) == {DATE}:
        # "j E Y": the month as a date names it (Polish "2 marca 2024", not "marzec").
        return date_format(datetime.date.fromisoformat(stored[DATE]), "j E Y")
    if not isinstance(stored, dict) or KEY not in stored:
        return str(stored)
    if stored.get("plural") is not None:
        text = ngettext(stored[KEY], stored["plural"], stored.get("number") or 0)
    elif stored.get("context"):
        text = pgettext(stored["context"], stored[KEY])
    else:
        text = gettext(stored[KEY])
    values = {
        name: say(value) if isinstance(value, dict | list) else value
        for name, value in (stored.get("values") or {}).items()
    }
    return text % values if values else text
