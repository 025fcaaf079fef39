"""The draft witness statement (MG11 layout) in her words, built from the incidents she
chose, always in date order.

Her description and exact words are used as she wrote them; each exhibit is produced inline
by its reference; each correction she made is shown with its date, what it changed and why.
Private notes are never read. Her home address appears only if she asks for it.
"""

import dataclasses
import datetime

from django.utils import timezone

from incidents.export.document import NEVER_EXPORTED, build_document
from incidents.export.options import CASEWORKER, POLICE, ExportOptions

from .wording import (
    RELATIONSHIPS,
    clean,
    field_label,
    long_date,
    opening,
    printable_value,
    quoted,
)

DRAFT_MARK = (
    "DRAFT prepared from the victim's own notes. Not a witness statement until taken by "
    "a police officer."
)
DECLARATION = (
    "This statement (consisting of ____ page(s) each signed by me) is true to the best of "
    "my knowledge and belief and I make it knowing that, if it is tendered in evidence, I "
    "shall be liable to prosecution if I have wilfully stated in it anything which I know "
    "to be false, or do not believe to be true."
)
LEGAL_BASIS = (
    "Criminal Procedure Rules, r. 16.2; Criminal Justice Act 1967, s. 9; Magistrates' "
    "Courts Act 1980, s. 5B"
)


@dataclasses.dataclass(frozen=True)
class StatementOptions:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    leave_out: frozenset[int] = frozenset()  # sequence numbers she chose to leave out
    shows_address: bool = False


@dataclasses.dataclass
class StatementEntry:
    sequence_no: int
    opening: str
    description: str
    sentences: list[str]
    exhibit_refs: list[str]
    corrections: list[str]


@dataclasses.dataclass
class Statement:
    bundle_id: str
    generated_at: datetime.datetime
    prepared_by: str
    statement_of: str
    introduction: list[str]
    entries: list[StatementEntry]
    left_out_count: int
    left_out: list[str]

    @property
    def title(self) -> str:
        return f"Draft witness statement ({self.bundle_id})"

    @property
    def about(self) -> str:
        """The note for the officer at the top of the draft (not part of the statement)."""
        # English, as the whole draft is (an officer's document, written under
        # in_print_language), in words that never guess the witness's gender.
        text = (
            f"{_incidents(len(self.entries))} from the witness's log, in date order "
            f"(prepared {self.generated_at:%d/%m/%Y}, reference {self.bundle_id}). "
        )
        if self.left_out_count:
            text += f"The witness chose to leave out {_incidents(self.left_out_count)}. "
        return text + "Not included: " + ", ".join(self.left_out) + "."


def _incidents(count: int) -> str:
    return f"{count} incident" if count == 1 else f"{count} incidents"


def _sentences(incident) -> list[str]:
    sentences = []
    if clean(incident.exact_words):
        sentences.append(f"The exact words were: {quoted(incident.exact_words)}.")
    if incident.series_count and incident.series_count > 1:
        sentences.append(f"In all there were {incident.series_count} of these at this time.")
    if incident.children_present:
        sentences.append("My children were there.")
    if incident.called_999:
        sentences.append("I called 999.")
    if incident.police_attended:
        sentences.append("The police came.")
    names = [clean(w.name) for w in incident.export_witnesses if clean(w.name)]
    if names:
        sentences.append(f"{_join(names)} saw or heard what happened.")
    if incident.reported_to_police:
        details = [
            clean(incident.police_force),
            f"officer {clean(incident.police_officer)}" if incident.police_officer else "",
            f"log number {clean(incident.police_log_number)}" if incident.police_log_number else "",
            f"crime reference {clean(incident.crime_reference)}"
            if incident.crime_reference
            else "",
        ]
        details = [d for d in details if d]
        sentences.append(
            "I reported this to the police" + (f" ({'; '.join(details)})" if details else "") + "."
        )
    for exhibit in incident.export_exhibits:
        what = f"the {exhibit.kind_label.lower()}"
        if clean(exhibit.title):
            what += f" {quoted(exhibit.title)}"
        sentences.append(f"I produce {what} as exhibit {exhibit.ref}.")
    return sentences


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _corrections(incident) -> list[str]:
    """Each correction as she made it: when, what each changed field was and became, why.
    Private notes never appear; a home address only where the statement shows it."""
    hidden = set(NEVER_EXPORTED)
    if not incident.show_location:
        hidden.add("location")
    lines = []
    for amendment in incident.amendment_rows:
        changes = "; ".join(
            f"{field_label(name)} was {quoted(printable_value(name, pair[0]))}, "
            f"changed to {quoted(printable_value(name, pair[1]))}"
            for name, pair in sorted((amendment.changes or {}).items())
            if name not in hidden and isinstance(pair, list | tuple) and len(pair) == 2
        )
        if not changes:
            continue
        line = f"On {long_date(amendment.amended_at)} I corrected this entry: {changes}."
        reason = clean(amendment.reason)
        if reason:
            # Her own sentence keeps its own full stop (not "details..").
            line += f" My reason: {reason}" + ("" if reason.endswith((".", "!", "?")) else ".")
        lines.append(line)
    return lines


def _introduction(doc, entries) -> list[str]:
    text = ["I am the person named above."]
    for person in doc.people:
        if not person.is_perpetrator or not clean(person.name):
            continue
        relation = RELATIONSHIPS.get(person.relationship)
        if relation:
            text.append(f"{clean(person.name)} is {relation}.")
    if entries:
        first = doc.incidents[0].occurred_start
        last = doc.incidents[-1].occurred_start
        span = (
            f"on {long_date(first)}"
            if long_date(first) == long_date(last)
            else f"between {long_date(first)} and {long_date(last)}"
        )
        text.append(
            f"This statement is about what happened to me {span}. I wrote each incident "
            "down in a dated log at the time or soon after; when I first wrote it down is "
            "given after each one."
        )
    return [" ".join(text)]


def build_statement(log, user, options: StatementOptions, now=None) -> Statement:
    export_options = ExportOptions(
        profile=POLICE if options.shows_address else CASEWORKER,
        date_from=options.date_from,
        date_to=options.date_to,
    )
    doc = build_document(log, export_options, user, now=now)
    total = len(doc.incidents)
    doc.incidents = [i for i in doc.incidents if i.sequence_no not in options.leave_out]
    entries = []
    for incident in doc.incidents:
        recorded = f"(I first wrote this down on {long_date(incident.recorded_at)}"
        recorded += f" at {timezone.localtime(incident.recorded_at):%H:%M}"
        if incident.entered_by_role == "caseworker":
            recorded += ", through my caseworker"
        entries.append(
            StatementEntry(
                sequence_no=incident.sequence_no,
                opening=opening(incident, shows_address=options.shows_address),
                description=clean(incident.what_happened),
                sentences=[*_sentences(incident), recorded + ".)"],
                exhibit_refs=[exhibit.ref for exhibit in incident.export_exhibits],
                corrections=_corrections(incident),
            )
        )
    left_out = ["the witness's private notes", "witnesses' contact details"]
    if not options.shows_address:
        left_out.insert(1, "the witness's home address")
    owner = log.owner
    return Statement(
        bundle_id=doc.bundle_id,
        generated_at=doc.generated_at,
        prepared_by=doc.prepared_by,
        statement_of=clean(owner.get_full_name()) if owner else "",
        introduction=_introduction(doc, entries),
        entries=entries,
        left_out_count=total - len(entries),
        left_out=left_out,
    )
