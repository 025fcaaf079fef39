"""Writes that span several models: recording incidents (shared by forms, seed_demo and the
evidence parsers that turn messages into incidents)."""

from django.db import transaction

from .models import AccessEvent, Incident, Log, Person, Witness


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


@transaction.atomic
def add_person(log, user, *, name, relationship=Person.Relationship.UNKNOWN, **fields) -> Person:
    """Add someone to the log (from the people page, or named while recording an incident)."""
    person = Person(log=log, relationship=relationship, **fields)
    person.name = name
    person.save()
    AccessEvent.record(log, user, "created", f"person {person.pk}")
    return person


def add_witnesses(incident, witnesses) -> list[Witness]:
    """Witness records for an incident; `witnesses` are dicts of name, contact, account."""
    rows = []
    for details in witnesses:
        if not details.get("name"):
            continue
        witness = Witness(log=incident.log, incident=incident)
        for name in ("name", "contact", "account"):
            setattr(witness, name, details.get(name, ""))
        rows.append(witness)
    return Witness.objects.bulk_create(rows)


@transaction.atomic
def record_incidents_in_bulk(log, user, incidents, *, batch_size=1000) -> int:
    """Save many prepared incidents at once (demo data, imports): sealed and numbered like
    record_incident, with one access event for the batch instead of one each.

    `incidents` are dicts of Incident attributes plus `behaviours` and `people` (objects).
    """
    incidents = list(incidents)
    if not incidents:
        return 0
    Log.objects.select_for_update().filter(pk=log.pk).exists()
    first_no = log._take_numbers("next_sequence_no", len(incidents))
    role = entered_by_role(user)
    rows, links = [], []
    for offset, fields in enumerate(incidents):
        fields = dict(fields)
        behaviours, people = fields.pop("behaviours"), fields.pop("people", ())
        incident = Incident(
            log=log,
            sequence_no=first_no + offset,
            entered_by=user,
            entered_by_role=role,
            **fields,
        )
        rows.append(incident)
        links.append((behaviours, people))
    Incident.objects.bulk_create(rows, batch_size=batch_size)
    if not all(row.pk for row in rows):  # backends that cannot return ids from bulk inserts
        by_no = dict(
            Incident.objects.filter(log=log, sequence_no__gte=first_no).values_list(
                "sequence_no", "pk"
            )
        )
        for row in rows:
            row.pk = row.id = by_no[row.sequence_no]
    BehaviourLink = Incident.behaviours.through
    PersonLink = Incident.people.through
    BehaviourLink.objects.bulk_create(
        [
            BehaviourLink(incident_id=row.pk, behaviour_id=behaviour.pk)
            for row, (behaviours, _) in zip(rows, links, strict=True)
            for behaviour in behaviours
        ],
        batch_size=batch_size,
    )
    PersonLink.objects.bulk_create(
        [
            PersonLink(incident_id=row.pk, person_id=person.pk)
            for row, (_, people) in zip(rows, links, strict=True)
            for person in people
        ],
        batch_size=batch_size,
    )
    last_no = first_no + len(rows) - 1
    AccessEvent.record(log, user, "created", f"incidents {first_no} to {last_no}")
    log.touch()
    return len(rows)
