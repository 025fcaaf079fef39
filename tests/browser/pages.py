"""Which pages each kind of person can reach, read from the URL map (tests/urlmap.py), so
a page added later is opened by the browser tests too (axe, sideways scrolling, languages)."""

from datetime import UTC, datetime

from django.urls import reverse

from incidents.models import Behaviour
from incidents.services import record_incident
from tests.conftest import make_victim
from tests.evidence.factories import make_exhibit
from tests.urlmap import DOWNLOAD_URLS, OBJECT_URLS, SKIPPED_URLS, access_rules, url_patterns

# Patterns that answer a POST only, or stream bytes, or are not for people: nothing for axe
# to read.
NOT_PAGES = {
    "record_chunk",
    "record_finish",
    "export_job_status",
    "exhibit_media",
    "exhibit_preview",
    "exhibit_thumbnail",
    "share_open",
    "share_close",
    "two_step_not_now",
    "staff_caseworker_reactivate",
    "incident_key",
    "recovery_cancel",
    "upload_start",
    "upload_chunk",
    "upload_cancel",
    "sharing_confirm",
    "healthz",
    "javascript_catalog",
    *DOWNLOAD_URLS,
    *SKIPPED_URLS,
}
PUBLIC_RULES = {"public"}
VICTIM_RULES = {"account", "log", "owner"}
CASEWORKER_RULES = {"account", "log", "shared", "caseworker"}
STAFF_RULES = {"account", "staff"}


def reachable(rules, log, user, objects=None):
    """Every page path of the app a person with these access rules may open; the objects
    the paths point at are `objects[name]` (kwargs) where given, else made in `log` (by
    `user`) as the URL map says."""
    objects = objects or {}
    paths = []
    for name, route in url_patterns():
        if access_rules()[name] not in rules or name in NOT_PAGES:
            continue
        if "<" not in route:
            kwargs = {}
        elif name in objects:
            kwargs = objects[name]
        else:
            kwargs = OBJECT_URLS[name](log, user)
        paths.append(reverse(name, kwargs=kwargs))
    return paths


def a_log_with_a_photo(language=None, **incident_fields):
    """A victim whose log holds one incident with a photo linked to it: enough for every page
    to show something (cards, thumbnails, the exhibit list). Returns (victim, incident, photo)."""
    victim = make_victim()
    if language:
        victim.language = language
        victim.save()
    incident = record_incident(
        victim.log,
        victim,
        behaviours=Behaviour.objects.filter(code__in=["following", "threats"]),
        occurred_start=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        description="He was parked outside the school.",
        **incident_fields,
    )
    photo = make_exhibit(victim.log, victim, "car.jpg", incidents=[incident], title="His car")
    return victim, incident, photo
