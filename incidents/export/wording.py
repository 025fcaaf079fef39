"""Her words, not stronger ones: every choice the export prints, worded as the form put it.

She ticked "It caused me alarm or distress"; the document must not turn that into the legal
test ("serious alarm or distress"). So every label and choice printed comes from the
incident form itself, and corrections print old and new values as the rest of the
document does (UK dates and times, labels, names), never the stored values.
"""

import datetime
import functools
import zoneinfo

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from incidents.export import language as document_language
from incidents.forms import IncidentForm
from incidents.when import clock

FORM_FIELDS = IncidentForm.base_fields

# The boxes she may tick about the impact, in the form's order.
IMPACT_FLAGS = ("fear_of_violence", "alarm_or_distress", "effect_on_daily_life")

# Amended fields that are not one form field each.
AMENDED_FIELD_LABELS = {
    "occurred_start": gettext_lazy("When it happened"),
    "occurred_end": gettext_lazy("When it ended"),
    "witnesses": gettext_lazy("Witnesses"),
}
TIME_FIELDS = ("occurred_start", "occurred_end")
TICK_FIELDS = (*IMPACT_FLAGS, "reported_to_police")


def field_label(name: str) -> str:
    """The question the form asked for `name` (its label), without a trailing '?'."""
    if name in AMENDED_FIELD_LABELS:
        return str(AMENDED_FIELD_LABELS[name])
    field = FORM_FIELDS.get(name)
    if field is None or not field.label:
        return name.replace("_", " ").capitalize()
    return str(field.label).rstrip("?")


def choice_label(name: str, value) -> str:
    """The words of the choice she picked on the form for `name`."""
    if value in (None, ""):
        return ""
    # A bilingual document runs under English's language code (language.BilingualTranslation):
    # keyed by the document's language too, or it would be served English's words, or
    # English served its "Phone call / Galwad ffôn".
    key = (get_language(), document_language.current())
    return _choices(name, key).get(str(value), str(value))


@functools.lru_cache(maxsize=256)
def _choices(name: str, language: tuple) -> dict[str, str]:
    """A field's choices in `language` (the active one and the document's), worded once per
    process rather than once per incident printed (four fields of a thousand incidents: a
    tenth of a second). The form's choices are fixed in code, so only the language varies
    them."""
    return {str(key): str(label) for key, label in FORM_FIELDS[name].choices}


def impact_flags(incident) -> list[str]:
    """The impact boxes she ticked, in the form's words."""
    return [str(FORM_FIELDS[name].label) for name in IMPACT_FLAGS if getattr(incident, name)]


def local_time_text(moment: datetime.datetime, *, with_day=True) -> str:
    """UK time, naming which of the repeated autumn hour's two it was (incidents.when.clock)."""
    local = moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return f"{dateformat.format(local, 'D j M Y')}, {clock(local)}" if with_day else clock(local)


def precision_text(incident) -> str:
    return choice_label("time_precision", incident.time_precision)


def printed_value(name: str, value) -> str:
    """A value stored in an amendment, printed as the document prints it elsewhere."""
    if value in (None, "", [], ()):
        return _("not given")
    if name in TIME_FIELDS:
        try:
            return local_time_text(datetime.datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if name in TICK_FIELDS:
        return _("ticked") if value else _("not ticked")
    if name in ("time_precision", "location_type", "channel", "impact_score"):
        return choice_label(name, value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)
