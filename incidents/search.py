"""Word search of the incident log: an incident is found when every search word starts a
word somewhere in it or in what is linked to it, and each card says in plain words which
of those matched.

Searched, per incident: its description, place, exact words and police references; the
names, aliases, vehicles and identifiers of the people in it; the exhibits that show it
(title, description, file name, text read from a document or by OCR); and the messages and
e-mails linked to it, directly or through those exhibits, with the names our notes about
them hold and their chat's (evidence.search.message_reader). Private notes are not searched.

Why decrypt-and-match, not a blind index. Nearly all of this text is sealed with the log's
key, so the database cannot match it. The alternative is a keyed index (an HMAC of every
word and word start, per log, in a table). Measured on this 2-core machine while shared
(tests/incidents/test_search.py::test_time_to_search_3000_incidents_and_their_messages),
searching 3,000 incidents with 3,000 linked messages takes 0.15-0.26 s in the selector:
AES-GCM opens a short value in microseconds, and most incidents have only three sealed
fields filled. That is within the 0.5 s a page may take, so the index's speed is not
needed, and it would cost what decryption does not: equal words give equal tokens, so a
stolen database shows how often each word recurs and which incidents share words (prefix
tokens multiply that), and every write, correction, upload and shred would have to keep it
in step. So: decrypt within one log, read only the searched columns without building
models, in a fixed number of queries. Revisit if logs grow to tens of thousands of
messages (bench/timeline.py prints search_rps).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evidence.models import Evidence, Message
from evidence.search import MESSAGE_COLUMNS, message_reader
from incidents.identifiers import searched_forms
from incidents.models import Identifier, Incident, Person, summary_text
from stalklog.casefile.access import scoped
from stalklog.core.words import Terms

# The incident's own searched columns, with the words a card uses for them (the form's), in
# the page's language (made plain strings once per search: search_incidents).
INCIDENT_FIELDS = (
    ("description", gettext_lazy("description")),
    ("location", gettext_lazy("place")),
    ("exact_words", gettext_lazy("exact words")),
    ("police_force", gettext_lazy("police force")),
    ("police_officer", gettext_lazy("police officer")),
    ("police_log_number", gettext_lazy("incident log number")),
    ("crime_reference", gettext_lazy("crime reference")),
)


@dataclass
class Found:
    """Incidents holding every word, in the order searched, and what matched in each."""

    pks: list = field(default_factory=list)
    matched: dict = field(default_factory=dict)  # pk -> ["place", "person Sam Jones", ...]


def _people(log, terms) -> dict[int, tuple[int, str]]:
    """{person pk: (mask, label)} for the log's people whose name, aliases, vehicles or
    identifiers hold a search word."""
    openers = [getattr(Person, name).opener(log) for name in ("name", "aliases", "vehicles")]
    columns = [getattr(Person, name).column for name in ("name", "aliases", "vehicles")]
    people = {}
    for pk, *sealed in scoped(Person, log).values_list("pk", *columns):
        name, *others = (opener(value) for opener, value in zip(openers, sealed, strict=True))
        people[pk] = [terms.mask(" ".join([name, *others])), name]
    open_value = Identifier.value.opener(log)
    rows = scoped(Identifier, log).values_list("person_id", "kind", Identifier.value.column)
    for person_id, kind, sealed in rows:
        if person_id in people:
            people[person_id][0] |= terms.mask(searched_forms(kind, open_value(sealed)))
    return {
        pk: (mask, _("person %(name)s") % {"name": name} if name else _("a person"))
        for pk, (mask, name) in people.items()
        if mask
    }


def _exhibits(log, terms) -> dict[int, list[tuple[int, str]]]:
    """{exhibit pk: [(mask, label)]} for the log's exhibits whose words hold a search word."""
    names = ("title", "description", "original_name", "text")
    openers = [getattr(Evidence, name).opener(log) for name in names]
    columns = [getattr(Evidence, name).column for name in names]
    found = {}
    for pk, ref, *sealed in scoped(Evidence, log).values_list("pk", "exhibit_ref", *columns):
        title, description, original_name, text = (
            opener(value) for opener, value in zip(openers, sealed, strict=True)
        )
        about = terms.mask(f"{title} {description} {original_name}")
        read = terms.mask(text)
        matched = []
        if about:
            matched.append((about, _("exhibit %(ref)s") % {"ref": ref}))
        if read:
            matched.append((read, _("text read from exhibit %(ref)s") % {"ref": ref}))
        if matched:
            found[pk] = matched
    return found


def _messages(log, terms, messages) -> dict[int, tuple[int, list[tuple[int, str]]]]:
    """{message pk: (exhibit pk, [(mask, label)])} for `messages` (a queryset of the log's)
    holding a search word, named as a message or an e-mail."""
    read = message_reader(log)
    rows = messages.values_list("pk", "evidence_id", "evidence__kind", *MESSAGE_COLUMNS)
    found = {}
    # (text, sender) labels, for an e-mail and for any other message.
    email_labels = (_("e-mail text"), _("e-mail sender"))
    message_labels = (_("message text"), _("message sender"))
    for pk, evidence_id, kind, *sealed in rows.iterator(chunk_size=2000):
        text_label, sender_label = email_labels if kind == Evidence.Kind.EMAIL else message_labels
        text, sender = read(*sealed)  # with our notes and the chat's name, as shown
        matched = []
        text_mask = terms.mask(text)
        if text_mask:
            matched.append((text_mask, text_label))
        sender_mask = terms.mask(sender)
        if sender_mask:
            matched.append((sender_mask, sender_label))
        if matched:
            found[pk] = (evidence_id, matched)
    return found


def _linked(log, terms) -> dict[int, list[tuple[int, str]]]:
    """{incident pk: [(mask, label)]} from what is linked to the log's incidents: people,
    exhibits, and messages (linked themselves, or read from a linked exhibit)."""
    linked = defaultdict(list)
    people = _people(log, terms)
    if people:
        links = Incident.people.through.objects.filter(incident__log=log, person__log=log)
        for incident_id, person_id in links.values_list("incident_id", "person_id"):
            if person_id in people:
                linked[incident_id].append(people[person_id])
    exhibit_links = Incident.exhibits.through.objects.filter(incident__log=log, evidence__log=log)
    message_links = Incident.messages.through.objects.filter(incident__log=log, message__log=log)
    exhibits = _exhibits(log, terms)
    messages = _messages(
        log,
        terms,
        scoped(Message, log).filter(
            Q(pk__in=message_links.values("message_id"))
            | Q(evidence__in=exhibit_links.values("evidence_id"))
        ),
    )
    by_exhibit = defaultdict(list)  # exhibit pk -> what matched in its messages
    for evidence_id, matched in messages.values():
        by_exhibit[evidence_id].extend(matched)
    if exhibits or by_exhibit:
        for incident_id, evidence_id in exhibit_links.values_list("incident_id", "evidence_id"):
            linked[incident_id].extend(exhibits.get(evidence_id, ()))
            linked[incident_id].extend(by_exhibit.get(evidence_id, ()))
    if messages:
        for incident_id, message_id in message_links.values_list("incident_id", "message_id"):
            if message_id in messages:
                linked[incident_id].extend(messages[message_id][1])
    return linked


def search_incidents(log, incidents, terms: Terms) -> Found:
    """The incidents of `incidents` (a scoped, filtered, ordered queryset of `log`) holding
    every term of `terms`, in its order, with what matched in each.

    A fixed number of queries whatever the size of the log (at most nine); each sealed
    value is opened once, without building models.
    """
    found = Found()
    if not terms:
        return found
    linked = _linked(log, terms)
    columns = [getattr(Incident, name) for name, _label in INCIDENT_FIELDS]
    openers = [column.opener(log) for column in columns]
    labels = [str(label) for _name, label in INCIDENT_FIELDS]
    # The summary of what an incident was made from (a burst of calls) is searched as the
    # page says it, in her language: she may look for the caller's number.
    open_summary = Incident.summary.opener(log)
    rows = incidents.values_list(
        "pk", "log_id", *(column.column for column in columns), Incident.summary.column
    )
    for pk, log_id, *sealed, summary in rows.iterator(chunk_size=2000):
        if log_id != log.pk:  # a queryset that was not scoped finds nothing of another log
            continue
        mask, matched = 0, []
        if summary:
            mask = terms.mask(summary_text(json.loads(open_summary(summary))))
            matched = [labels[0]] if mask else []
        for opener, value, label in zip(openers, sealed, labels, strict=True):
            if value:
                field_mask = terms.mask(opener(value))
                if field_mask:
                    mask |= field_mask
                    if label not in matched:
                        matched.append(label)
        for field_mask, label in linked.get(pk, ()):
            mask |= field_mask
            if label not in matched:
                matched.append(label)
        if mask == terms.every:
            found.pks.append(pk)
            found.matched[pk] = matched
    return found
