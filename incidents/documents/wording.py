"""How facts from the log read in her first-person draft: dates, places, corrections."""

import datetime
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField
from django.utils import dateformat, timezone

from incidents.export import wording as export_wording
from incidents.models import Incident, Person

PLACES = {
    Incident.LocationType.HOME: "at my home",
    Incident.LocationType.WORK: "at my work",
    Incident.LocationType.SCHOOL: "at my school or college",
    Incident.LocationType.PUBLIC: "in a public place",
    Incident.LocationType.ONLINE: "online",
    Incident.LocationType.VEHICLE: "in a vehicle",
}
CHANNELS = {
    Incident.Channel.IN_PERSON: "in person",
    Incident.Channel.PHONE_CALL: "by phone",
    Incident.Channel.TEXT: "by text or instant message",
    Incident.Channel.EMAIL: "by e-mail",
    Incident.Channel.SOCIAL: "on social media",
    Incident.Channel.LETTER: "by letter or post",
    Incident.Channel.GIFT: "by leaving me a gift or item",
    Incident.Channel.THIRD_PARTY: "through someone else",
}
# Family is left out: whose family (hers or his) the log does not say.
RELATIONSHIPS = {
    Person.Relationship.EX_PARTNER: "my ex-partner",
    Person.Relationship.PARTNER: "my partner",
    Person.Relationship.ACQUAINTANCE: "someone I know",
    Person.Relationship.COLLEAGUE: "a colleague of mine",
    Person.Relationship.NEIGHBOUR: "a neighbour of mine",
    Person.Relationship.STRANGER: "a stranger to me",
}
PREPOSITIONS = {"at", "in", "on", "near", "outside", "inside", "by", "behind", "opposite",
                "across", "along", "around", "beside", "between", "from", "into", "off", "over",
                "under", "via", "within"}  # fmt: skip
# Characters Word and XML refuse (a hostile message may carry them): dropped from drafts.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text) -> str:
    return _NOT_XML.sub("", str(text or "")).strip()


def local(moment) -> datetime.datetime:
    return timezone.localtime(moment, zoneinfo.ZoneInfo(settings.TIME_ZONE))


def long_date(moment) -> str:
    return dateformat.format(local(moment), "l j F Y")


def short_moment(moment) -> str:
    return dateformat.format(local(moment), "j F Y, H:i")


def when_phrase(incident) -> str:
    """'On Monday 2 March 2026 at about 21:00', honest about how precisely it is known."""
    start = local(incident.occurred_start)
    text = "On " + long_date(start)
    if incident.time_precision == Incident.Precision.DATE:
        return text
    about = "about " if incident.time_precision == Incident.Precision.APPROXIMATE else ""
    if incident.occurred_end and incident.occurred_end > incident.occurred_start:
        end = local(incident.occurred_end)
        if end.date() == start.date():
            return f"{text} between {about}{start:%H:%M} and {end:%H:%M}"
        return f"{text} from {about}{start:%H:%M} until {long_date(end)} at {end:%H:%M}"
    return f"{text} at {about}{start:%H:%M}"


def place_phrase(incident, *, shows_address: bool) -> str:
    location = clean(incident.location)
    is_home = incident.location_type == Incident.LocationType.HOME
    if is_home:
        return f"at my home ({location})" if location and shows_address else "at my home"
    if location:
        first, _, rest = location.partition(" ")
        if first.lower() in PREPOSITIONS:  # "In my car at the lights": her own words
            return f"{first.lower()} {rest}"
        online = incident.location_type == Incident.LocationType.ONLINE
        return f"{'on' if online else 'at'} {location}"
    return PLACES.get(incident.location_type, "")


def opening(incident, *, shows_address: bool) -> str:
    parts = [when_phrase(incident)]
    place = place_phrase(incident, shows_address=shows_address)
    if place:
        parts.append(place)
    if incident.channel in CHANNELS:
        parts.append(CHANNELS[incident.channel])
    return ", ".join(parts) + "."


# What each corrected field is called in her first-person correction note ("I corrected
# this entry: the date and time was ..."): never a stored field name such as "occurred
# start". Tick boxes are named by the words she ticked (tick_label).
CORRECTED_FIELDS = {
    "occurred_start": "the date and time",
    "occurred_end": "the end time",
    "time_precision": "how sure I was of the time",
    "location_type": "the kind of place",
    "location": "the location",
    "channel": "how it reached me",
    "behaviours": "what kind of thing happened",
    "people": "the people involved",
    "description": "the description",
    "exact_words": "the exact words",
    "impact_score": "how bad it was for me",
    "impact": "how it affected me",
    "police_force": "the police force",
    "police_officer": "the officer's name or number",
    "police_log_number": "the police incident log number",
    "crime_reference": "the crime reference number",
    "order_breached": "the order or conditions broken",
    "series_count": "how many times it happened",
    "witnesses": "the witnesses",
}


def _is_tick_box(name: str) -> bool:
    try:
        return isinstance(Incident._meta.get_field(name), BooleanField)
    except FieldDoesNotExist:
        return False


def field_label(name: str) -> str:
    """'occurred_start' -> 'the date and time'; a tick box -> 'the box “I feared violence”'."""
    if name in CORRECTED_FIELDS:
        return CORRECTED_FIELDS[name]
    label = export_wording.field_label(name)
    if _is_tick_box(name):
        return f"the box {quoted(label)}"
    return "the " + label[:1].lower() + label[1:]


def printable_value(name: str, value) -> str:
    """A value an amendment stored for `name`, as the rest of the draft prints it: UK dates
    and times, the words of the choice she picked, ticked or not, never a stored key."""
    if _is_tick_box(name):
        return "ticked" if value else "not ticked"
    if value in (None, "", [], ()):
        return "nothing"
    return clean(export_wording.printed_value(name, value))


def quoted(text: str) -> str:
    return f"\u201c{clean(text)}\u201d"
