"""Exhibits for tests and for tests/urlmap.py: stored through the real store_upload."""

from datetime import UTC, datetime

from django.core.files.base import ContentFile

from evidence.services import store_upload
from incidents.models import Behaviour
from incidents.services import record_incident
from tests.evidence import files


def make_exhibit(log, user, name="photo.jpg", data=None, incidents=(), **meta):
    if incidents:
        meta["attach"] = lambda evidence: evidence.incidents.add(*incidents)
    return store_upload(
        log, user, ContentFile(files.jpeg() if data is None else data, name), **meta
    )


def make_incident(log, user, when=datetime(2024, 3, 2, 21, 0, tzinfo=UTC)):
    contacting = Behaviour.objects.filter(code="contacting")
    return record_incident(log, user, behaviours=contacting, occurred_start=when)


def make_chat_exhibit(log, user):
    return make_exhibit(log, user, "WhatsApp Chat with Sam.txt", files.whatsapp_txt())


def exhibit_kwargs(log, user):
    return {"pk": make_exhibit(log, user).pk}


def chat_kwargs(log, user):
    return {"pk": make_chat_exhibit(log, user).pk}


def linked_kwargs(log, user):
    incident = make_incident(log, user)
    evidence = make_exhibit(log, user, incidents=[incident])
    return {"pk": evidence.pk, "incident_pk": incident.pk}


def media_kwargs(log, user):
    return {"pk": make_exhibit(log, user, "voice.m4a", files.media("m4a")).pk}


def calls_kwargs(log, user):
    return {"pk": make_exhibit(log, user, "calls.xml", files.calls_xml()).pk}
