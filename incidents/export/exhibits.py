"""The exhibits an export lists, read through the evidence app's services.

Each becomes an `ExportExhibit`: what the exhibit list prints, how its original is named in
the bundle (`JS/4/1` -> `JS_4_1.pdf`), and how to stream the original and its preview.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterator

from django.db.models import Prefetch, Q
from django.utils import timezone

from evidence import services, sniff
from evidence.models import Evidence, Message
from incidents.models import Incident
from stalklog.casefile.access import scoped


@dataclasses.dataclass
class ExportExhibit:
    ref: str
    title: str
    description: str
    kind: str
    kind_label: str
    produced_by: str
    content_date: datetime.datetime | None
    uploaded_at: datetime.datetime
    sha256: str
    size_bytes: int
    original_name: str
    extension: str
    incident_sequence_nos: list[int]
    is_photo: bool = False
    text: str = ""
    gps: str = ""
    withdrawn: str = ""  # "JS/4 withdrawn by the victim on 12 March 2026: uploaded by mistake"
    open_original: Callable[[], Iterator[bytes]] | None = None
    read_preview: Callable[[], bytes] | None = None

    @property
    def file_stem(self) -> str:
        return self.ref.replace("/", "_")

    @property
    def file_name(self) -> str:
        return self.file_stem + (f".{self.extension}" if self.extension else "")


MESSAGES_PRINTED = 200


def _ref_key(ref: str):
    return tuple(int(part) if part.isdigit() else 0 for part in ref.split("/")[1:])


def _produced_by(evidence) -> str:
    user = evidence.uploaded_by
    if user is None:
        return "Not recorded"
    name = user.get_full_name() or user.get_username()
    return f"{name} (caseworker)" if getattr(user, "is_caseworker", False) else f"{name} (victim)"


def _gps(evidence) -> str:
    gps = (evidence.metadata or {}).get("gps") if evidence.has_gps else None
    if not gps:
        return ""
    return f"{gps.get('latitude')}, {gps.get('longitude')}"


def _message_text(evidence) -> str:
    """E-mail headers and the messages of an e-mail or chat export, as plain text."""
    lines = []
    headers = ((evidence.metadata or {}).get("email") or {}).get("headers") or {}
    for name in ("From", "To", "Date", "Subject"):
        if headers.get(name):
            lines.append(f"{name}: {headers[name]}")
    messages = list(evidence.messages.all())
    if lines and messages:
        lines.append("")
    for message in messages[:MESSAGES_PRINTED]:
        message.log = evidence.log
        when = (
            timezone.localtime(message.sent_at).strftime("%d/%m/%Y %H:%M")
            if (message.sent_at)
            else "no date"
        )
        if headers:
            lines.append(message.text)
        else:
            lines.append(f"[{when}] {message.sender}: {message.text}")
    if len(messages) > MESSAGES_PRINTED:
        lines.append(
            f"... and {len(messages) - MESSAGES_PRINTED} more messages, in the original file."
        )
    return "\n".join(lines)


def to_export_exhibit(evidence) -> ExportExhibit:
    extension = sniff.by_mime(evidence.detected_type).extension
    is_text = evidence.kind in (Evidence.Kind.EMAIL, Evidence.Kind.MESSAGES)
    return ExportExhibit(
        ref=evidence.exhibit_ref,
        title=evidence.title,
        description=evidence.description,
        kind=evidence.kind,
        kind_label=evidence.get_kind_display(),
        produced_by=_produced_by(evidence),
        content_date=evidence.content_date,
        uploaded_at=evidence.uploaded_at,
        sha256=evidence.sha256,
        size_bytes=evidence.size_bytes,
        original_name=evidence.original_name,
        extension=extension,
        incident_sequence_nos=sorted(i.sequence_no for i in evidence.incidents.all()),
        is_photo=evidence.has_preview,
        text=_message_text(evidence) if is_text else "",
        gps=_gps(evidence),
        withdrawn=evidence.withdrawal_line,
        # A withdrawn exhibit's file was deleted: the list keeps its line and hash only.
        open_original=None if evidence.is_withdrawn else lambda: services.open_original(evidence),
        read_preview=(lambda: services.read_preview(evidence)) if evidence.has_preview else None,
    )


def exhibits_for(log, incidents, options) -> list[ExportExhibit]:
    """The exhibits of the exported incidents (every exhibit of the log if unfiltered),
    with the attachments of each, and every withdrawn exhibit, in exhibit-number order."""
    rows = (
        scoped(Evidence, log)
        .select_related("uploaded_by", "withdrawn_by")
        .prefetch_related(
            Prefetch("incidents", queryset=Incident.objects.only("pk", "sequence_no")),
            Prefetch("messages", queryset=Message.objects.order_by("order")),
        )
    )
    if options.is_filtered:
        linked = scoped(Evidence, log).filter(incidents__in=[i.pk for i in incidents])
        parents = set(linked.values_list("pk", flat=True))
        # Withdrawn exhibits are in every list, so no number is missing without a reason.
        rows = rows.filter(
            Q(pk__in=parents) | Q(parent__in=parents) | Q(withdrawn_at__isnull=False)
        )
    exhibits = []
    for evidence in rows:
        evidence.log = log
        exhibits.append(to_export_exhibit(evidence))
    exported = {incident.sequence_no for incident in incidents}
    for exhibit in exhibits:
        exhibit.incident_sequence_nos = [n for n in exhibit.incident_sequence_nos if n in exported]
    return sorted(exhibits, key=lambda exhibit: _ref_key(exhibit.ref))
