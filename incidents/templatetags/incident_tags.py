"""Showing incident times and amendment changes the way the victim entered them."""

from datetime import datetime
from html import escape

from django import template
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evidence.models import Evidence
from incidents.forms import IncidentForm
from incidents.models import Incident
from incidents.when import clock, local

register = template.Library()

LABELS = {
    "occurred_start": gettext_lazy("When it started"),
    "occurred_end": gettext_lazy("When it ended"),
    "behaviours": gettext_lazy("What kind of thing happened"),
    "people": gettext_lazy("People involved"),
    "order_breached": gettext_lazy("Order or conditions broken"),
    "witnesses": gettext_lazy("Witnesses"),
    **{name: field.label for name, field in IncidentForm.base_fields.items()},
}
# The kinds' labels are lazy (the page's language): lower-cased on each use, never here, or
# the language of whichever request first imported this module would stick.
KINDS = dict(Evidence.Kind.choices)
CHOICES = {
    "time_precision": dict(Incident.Precision.choices),
    "location_type": dict(Incident.LocationType.choices),
    "channel": dict(Incident.Channel.choices),
}


def _day(moment):
    # Django's day and month names: in the page's language ('Sat 28 Mar 2026' in English).
    return format_date(moment, "D j M Y")


@register.filter
def when(incident, start=None):
    """'Sat 28 Mar 2026, 14:05' (or 'about 14:05', or the date only), in UK time. `start`:
    the incident's start in UK time, when the caller has it already."""
    start = start or local(incident.occurred_start)
    if incident.time_precision == Incident.Precision.DATE:
        text = _day(start)
    elif incident.time_precision == Incident.Precision.APPROXIMATE:
        text = _("%(day)s, about %(time)s") % {"day": _day(start), "time": clock(start)}
    else:
        text = f"{_day(start)}, {clock(start)}"
    if incident.occurred_end:
        end = local(incident.occurred_end)
        until = clock(end) if end.date() == start.date() else f"{_day(end)}, {clock(end)}"
        text = _("%(start)s to %(end)s") % {"start": text, "end": until}
    return text


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Her text runs in the direction she wrote it (dir="auto"): an Urdu entry on an English page
# reads right to left, its full stops at its end.
CARD = (
    '<article class="card incident-card">'
    '<p class="incident-when"><a href="{url}">{when}</a> <span class="muted">#{number}</span>'
    "{amended}</p><p>{tags}</p>"
    '<p class="incident-text" dir="auto">{text}</p>{people}{exhibits}{matched}'
    "</article>"
)


@register.simple_tag
def incident_cards(cards, by_month=True):
    """The cards of a timeline page, with a heading at each new month.

    Built in Python rather than by including a template per card: a page of 25 cards is the
    timeline's main cost, and this keeps it a small part of the request. Every value passes
    through html.escape (they are plain str, never SafeString); `cards` are
    selectors.Card.
    """
    detail_url = reverse("incident_detail", kwargs={"pk": 0})[:-2]
    exhibit_url = reverse("exhibit_detail", kwargs={"pk": 0})[:-2]
    channels = CHOICES["channel"]
    # Each card's words, looked up once per page in the page's language.
    with_people, evidence = escape(_("With: %(names)s")), escape(_("Evidence:"))
    matched_words = escape(_("Matched: %(words)s"))
    corrected = ' <span class="tag">' + escape(_("corrected")) + "</span>"
    to_complete = ' <span class="tag tag-to-complete">' + escape(_("to complete")) + "</span>"
    parts, month = [], None
    for incident in cards:
        start = local(incident.occurred_start)
        if by_month and (start.year, start.month) != month:
            month = (start.year, start.month)
            parts.append(f'<h2 class="month-heading">{escape(format_date(start, "F Y"))}</h2>')
        tags = "".join(
            f'<span class="tag">{escape(b.display_label)}</span>' for b in incident.behaviour_list
        )
        if incident.channel:
            channel = escape(str(channels[incident.channel]))
            tags += f'<span class="tag tag-channel">{channel}</span>'
        people = ""
        if incident.people_list:
            names = escape(", ".join(name for _pk, name in incident.people_list))
            people = f'<p class="muted">{with_people % {"names": names}}</p>'
        exhibits = ""
        if incident.exhibit_list:
            exhibits = (
                f'<p class="card-exhibits">{evidence} '
                + ", ".join(
                    f'<a href="{exhibit_url}{int(pk)}/">{escape(ref)}</a> '
                    f"({escape(str(KINDS[kind]).lower())})"
                    for pk, ref, kind in incident.exhibit_list
                )
                + "</p>"
            )
        matched = ""
        if incident.matched:
            words = escape(", ".join(incident.matched))
            matched = f'<p class="card-matched">{matched_words % {"words": words}}</p>'
        amended = corrected if incident.is_amended else ""
        if incident.to_complete:
            amended += to_complete

        parts.append(
            CARD.format(
                url=f"{detail_url}{int(incident.pk)}/",
                when=escape(when(incident, start)),
                number=int(incident.sequence_no),
                amended=amended,
                tags=tags,
                text=escape(_shorten(incident.description, 240)),
                people=people,
                exhibits=exhibits,
                matched=matched,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated value is escaped above


@register.simple_tag
def filter_fields(form):
    """The timeline filter form's fields, each a label and its widget: the same markup as a
    template loop over the form, at a fraction of its cost on every timeline request."""
    return mark_safe(  # noqa: S308 - labels and errors are escaped here, widgets their values
        "".join(
            f'<div class="field{" field-error" if field.errors else ""}">'
            f'<label for="{escape(field.id_for_label)}">{escape(str(field.label))}</label>'
            f"{_field_error(field)}{field}</div>\n"
            for field in form
        )
    )


def _field_error(field) -> str:
    """The field's error, with the id its widget's aria-describedby names (Django adds it)."""
    if not field.errors:
        return ""
    text = escape(" ".join(str(error) for error in field.errors))
    return (
        f'<p class="error" id="{escape(field.auto_id)}_error">'
        f'<span class="visually-hidden">{escape(_("Error:"))}</span> {text}</p>'
    )


def display_value(field, value):
    if value in (None, "", []):
        return _("(blank)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field in ("occurred_start", "occurred_end"):
        moment = local(datetime.fromisoformat(value))
        return f"{format_date(moment, 'D j M Y')}, {clock(moment)}"
    if field in CHOICES:
        return CHOICES[field].get(value, value)
    return str(value)


@register.filter
def field_label(field):
    return LABELS.get(field, field.replace("_", " ").capitalize())


@register.filter
def change_rows(amendment):
    """[(label, before, after)] for an amendment, in the form's order."""
    changes = amendment.changes or {}
    return [
        (field_label(field), display_value(field, before), display_value(field, after))
        for field in (*Incident.AMENDABLE_FIELDS, "witnesses")
        if field in changes
        for before, after in [changes[field]]
    ]


@register.filter
def original_rows(original):
    return [
        (field_label(field), display_value(field, value))
        for field in (*Incident.AMENDABLE_FIELDS, "witnesses")
        if field in original
        for value in [original[field]]
    ]
