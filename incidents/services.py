"""Writes that span several models: recording incidents (shared by forms, seed_demo and the
evidence parsers that turn messages into incidents)."""

from django.db import transaction

from .models import AccessEvent, Incident


def entered_by_role(user) -> str:
    if getattr(user, "is_caseworker", False):
        return Incident.EnteredBy.CASEWORKER
    return Incident.EnteredBy.VICTIM


@transaction.atomic
def record_incident(log, user, *, behaviours, people=(), **fields) -> Incident:
    """Save a new incident with the next sequence number and write its access event.

    `fields` are Incident attributes, sealed ones included (description, exact_words...).
    """
    incident = Incident(
        log=log,
        sequence_no=log.take_sequence_no(),
        entered_by=user,
        entered_by_role=entered_by_role(user),
        **fields,
    )
    incident.save()
    incident.behaviours.set(behaviours)
    if people:
        incident.people.set(people)
    AccessEvent.record(log, user, "created", f"incident {incident.sequence_no}")
    log.touch()
    return incident
