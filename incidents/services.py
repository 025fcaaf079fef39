"""Writes that span several models: recording and correcting incidents (shared by the forms,
seed_demo and turning messages into incidents), people with their identifiers, orders, and
the links between incidents and exhibits. Each records its write in the access log."""

from django.db import transaction

from evidence.services import store_uploads
from incidents.models import Identifier, Incident, Order, Person, Witness
from stalklog.casefile import audit
from stalklog.casefile.access import scoped
from stalklog.casefile.models import Log


def entered_by_role(user) -> str:
    if getattr(user, "is_caseworker", False):
        return Incident.EnteredBy.CASEWORKER
    return Incident.EnteredBy.VICTIM


@transaction.atomic
def record_incident(
    log, user, *, behaviours, people=(), new_person=None, witnesses=(), **fields
) -> Incident:
    """Save a new incident with the next sequence number and write its access event.

    `fields` are Incident attributes, sealed ones included (description, exact_words...).
    `new_person` ({"name", "relationship"}) is someone named for the first time on the form,
    added to the log and to the incident; `witnesses` are dicts of name, contact, account.
    """
    people = _with_new_person(log, user, people, new_person)
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
    add_witnesses(incident, witnesses)
    audit.record(log, user, "created", incident)
    log.touch()
    return incident


@transaction.atomic
def correct_incident(incident, user, *, reason, changes, new_person=None, witnesses=()):
    """Record a correction (Incident.amend); None when nothing changed.

    An incident logged in the moment ("to complete") is complete once corrected, even when
    nothing needed changing: she has looked at it again.
    """
    changes = dict(changes)
    changes["people"] = _with_new_person(incident.log, user, changes["people"], new_person)
    amendment = incident.amend(user, reason, changes, witnesses)
    if incident.to_complete:
        incident.to_complete = False
        incident.save(update_fields=["to_complete"])
        if amendment is None:
            audit.record(incident.log, user, "completed", incident)
    return amendment


# The reason a correction is saved with when she puts a saved position into words.
POSITION_DESCRIBED_REASON = "Described in words where I was, from the position saved with it"


@transaction.atomic
def describe_position(incident, user, *, words: str):
    """Put the saved position into words (a correction of where it happened, kept in the
    history like any other), then drop the coordinates: she keeps what she chose to say."""
    incident.amend(user, POSITION_DESCRIBED_REASON, {"location": words})
    remove_position(incident, user)


@transaction.atomic
def remove_position(incident, user):
    """Forget the position saved with an incident (overwritten in the row, not hidden)."""
    if incident.position is None:
        return
    incident.position = None
    incident.save(update_fields=["position_sealed"])
    audit.record(incident.log, user, "removed position", incident)


def _with_new_person(log, user, people, new_person) -> list:
    people = list(people)
    if new_person and new_person.get("name"):
        relationship = new_person.get("relationship") or Person.Relationship.UNKNOWN
        people.append(add_person(log, user, name=new_person["name"], relationship=relationship))
    return people


@transaction.atomic
def add_person(log, user, *, name, relationship=Person.Relationship.UNKNOWN, **fields) -> Person:
    """Add someone to the log (from the people page, or named while recording an incident)."""
    person = Person(log=log, relationship=relationship, **fields)
    person.name = name
    person.save()
    audit.record(log, user, "created", person)
    return person


@transaction.atomic
def save_person(log, user, person=None, *, identifiers=(), **fields) -> Person:
    """Add someone (person=None) or change what the log says about them, with their
    identifiers: dicts of identifier_id, kind, value, first_seen and remove."""
    if person is None:
        person = add_person(log, user, **fields)
    else:
        for name, value in fields.items():
            setattr(person, name, value)
        person.save()
        audit.record(log, user, "amended", person)
    _save_identifiers(log, person, identifiers)
    return person


def _save_identifiers(log, person, identifiers):
    existing = {i.pk: i for i in scoped(Identifier, log).filter(person=person)}
    for data in identifiers:
        identifier = existing.get(data.get("identifier_id"))
        if identifier and (data.get("remove") or not data.get("value")):
            identifier.delete()
            continue
        if not data.get("value") or data.get("remove"):
            continue
        identifier = identifier or Identifier(log=log, person=person)
        identifier.kind, identifier.first_seen = data["kind"], data.get("first_seen")
        identifier.value = data["value"]
        identifier.save()


@transaction.atomic
def save_order(log, user, order=None, **fields) -> Order:
    """Record a court order or bail conditions (order=None), or change one."""
    action = "created" if order is None else "amended"
    order = order or Order(log=log)
    for name, value in fields.items():
        setattr(order, name, value)
    order.save()
    audit.record(log, user, action, order)
    return order


def add_evidence(log, user, uploads, *, incident=None, **details):
    """Store uploaded files as exhibits (evidence.services.store_uploads), each linked to
    `incident` in the transaction that stores it. Returns (saved, refused messages)."""
    attach = incident.exhibits.add if incident is not None else None
    outcome = store_uploads(log, user, uploads, attach=attach, **details)
    return outcome.saved, outcome.refused


def mark_key_incident(log, user, incident, *, is_key: bool):
    """Mark an incident as key (printed in the short summary export), or unmark it."""
    if incident.is_key == is_key:
        return
    incident.is_key = is_key
    incident.save(update_fields=["is_key"])
    audit.record(log, user, "marked key" if is_key else "unmarked key", incident)


def link_exhibit(log, user, incident, evidence):
    """Say that an exhibit shows an incident (recorded on the exhibit)."""
    incident.exhibits.add(evidence)
    audit.record(log, user, "linked", evidence, incident.audit_label)


def unlink_exhibit(log, user, incident, evidence):
    incident.exhibits.remove(evidence)
    audit.record(log, user, "unlinked", evidence, incident.audit_label)


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
    audit.record(log, user, "created", f"incidents {first_no} to {last_no}")
    log.touch()
    return len(rows)
