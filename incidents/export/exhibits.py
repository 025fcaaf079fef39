"""The exhibits an export lists, read through the evidence app's services.

Each becomes an `ExportExhibit`: what the exhibit list prints, how its original is named in
the bundle (`JS/4/1` -> `JS_4_1.pdf`), and how to stream the original and its preview.
"""

import dataclasses
import datetime
import hashlib
import logging
from collections.abc import Callable, Iterator

from django.db.models import Prefetch, Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from evidence import services, sniff
from evidence.locationless import NotAnImage, strip_location
from evidence.models import Evidence, Message
from incidents.models import Incident
from stalklog.casefile.access import scoped
from stalklog.core.said import say


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
    read_text: str = ""  # what a computer read in it (OCR, a PDF's or .docx's text), cut short
    read_text_label: str = ""
    read_text_chars: int = 0  # the whole text's length, when read_text was cut short
    gps: str = ""
    # Her answers about a screenshot, as printed ("date and time not visible in screenshot").
    screenshot_notes: list[str] = dataclasses.field(default_factory=list)
    withdrawn: str = ""  # "JS/4 withdrawn by the victim on 12 March 2026: uploaded by mistake"
    open_original: Callable[[], Iterator[bytes]] | None = None
    read_preview: Callable[[], bytes] | None = None
    has_gps: bool = False
    preview_sha256: str = ""
    # Set when the original records a position the victim did not choose to include: the
    # bundle and the PDF/A then carry a metadata-free copy instead (evidence.locationless).
    withheld_original: bool = False
    copy_name: str = ""
    copy_sha256: str = ""
    copy_size_bytes: int = 0
    open_copy: Callable[[], Iterator[bytes]] | None = None
    # Our words about a file we made (Evidence.summary), kept as data until printed so they
    # are said in the document's language (rendering runs under its override), not the page's.
    summary: dict | None = None

    @property
    def heading(self) -> str:
        return self.title or say((self.summary or {}).get("name"))

    @property
    def summary_text(self) -> str:
        return say((self.summary or {}).get("lines"))

    @property
    def read_text_total(self) -> str:
        return f"{self.read_text_chars:,}"

    @property
    def file_stem(self) -> str:
        return self.ref.replace("/", "_")

    @property
    def file_name(self) -> str:
        return self.file_stem + (f".{self.extension}" if self.extension else "")

    @property
    def bundle_name(self) -> str:
        """The name of the file that stands for this exhibit in the bundle and the PDF/A."""
        return self.copy_name if self.withheld_original else self.file_name

    @property
    def bundle_sha256(self) -> str:
        return self.copy_sha256 if self.withheld_original else self.sha256

    @property
    def open_bundle_file(self) -> Callable[[], Iterator[bytes]] | None:
        return self.open_copy if self.withheld_original else self.open_original

    def withhold_position(self, detected_type: str):
        """Stand a copy without metadata in for the original (which records a position)."""
        self.withheld_original = True
        try:
            copy, extension = _copy_without_location(self, detected_type)
        except (NotAnImage, OSError, ValueError):
            logger.warning("exhibit %s: no copy without its location could be made", self.ref)
            return
        self.copy_name = f"{self.file_stem}-without-location.{extension}"
        self.copy_sha256 = hashlib.sha256(copy).hexdigest()
        self.copy_size_bytes = len(copy)
        # Made again when written rather than kept: a hundred photos would fill memory.
        self.open_copy = lambda: iter([_copy_without_location(self, detected_type)[0]])


def _copy_without_location(exhibit, detected_type) -> tuple[bytes, str]:
    original = b"".join(exhibit.open_original())
    return strip_location(original, detected_type)


logger = logging.getLogger(__name__)

MESSAGES_PRINTED = 200
# Text read by a computer is for finding things, not the evidence itself (the original is):
# the first part shows the reader what is in it without a scanned report running to pages.
READ_TEXT_PRINTED_CHARS = 2000
READ_TEXT_LABELS = {
    "image": gettext_lazy("Text read from the image by a computer (may contain mistakes)"),
    "document": gettext_lazy("Text read from the document by a computer (may contain mistakes)"),
}


def _ref_key(ref: str):
    return tuple(int(part) if part.isdigit() else 0 for part in ref.split("/")[1:])


def _produced_by(evidence) -> str:
    user = evidence.uploaded_by
    if user is None:
        return _("Not recorded")
    name = user.get_full_name() or user.get_username()
    role = _("caseworker") if getattr(user, "is_caseworker", False) else _("victim")
    return f"{name} ({role})"


def _withdrawal_line(evidence) -> str:
    """Evidence.withdrawal_line in the document's language; her reason once, as written."""
    if not evidence.is_withdrawn:
        return ""
    day = dateformat.format(timezone.localtime(evidence.withdrawn_at), "j F Y")
    values = {"ref": evidence.exhibit_ref, "day": day}
    if evidence.withdrawn_by_id is not None and evidence.withdrawn_by_id != evidence.log.owner_id:
        user = evidence.withdrawn_by
        values["name"] = user.get_full_name() or user.get_username()
        said = (
            _("%(ref)s withdrawn by %(name)s (caseworker) on the victim's behalf on %(day)s:")
            % values
        )
    else:
        said = _("%(ref)s withdrawn by the victim on %(day)s:") % values
    return f"{said} {evidence.withdrawal_reason}"


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
            else _("no date")
        )
        if headers:
            lines.append(message.shown_text)
        else:
            lines.append(f"[{when}] {message.shown_sender}: {message.shown_text}")
    if len(messages) > MESSAGES_PRINTED:
        more = len(messages) - MESSAGES_PRINTED
        lines.append(
            ngettext(
                "... and %(count)s more message, in the original file.",
                "... and %(count)s more messages, in the original file.",
                more,
            )
            % {"count": more}
        )
    return "\n".join(lines)


def _read_text(evidence) -> tuple[str, str, int]:
    """(the text, cut short at a word, its label, the whole length if it was cut) of what
    a computer read in a picture or document; ("", "", 0) if nothing was read."""
    label = READ_TEXT_LABELS.get((evidence.metadata or {}).get("text_from", ""))
    text = (evidence.text or "").strip() if label and not evidence.is_withdrawn else ""
    if not text:
        return "", "", 0
    if len(text) <= READ_TEXT_PRINTED_CHARS:
        return text, str(label), 0
    cut = text[:READ_TEXT_PRINTED_CHARS]
    at_space = cut.rfind(" ", READ_TEXT_PRINTED_CHARS - 100)
    return (cut[:at_space] if at_space > 0 else cut).rstrip(), str(label), len(text)


def to_export_exhibit(evidence) -> ExportExhibit:
    # As on download: active content (an HTML page, an SVG) is named .bin in the bundle and
    # the PDF/A, so a double-click on the officer's computer cannot open it in a browser.
    extension = sniff.download_extension(evidence.detected_type)
    is_text = evidence.kind in (Evidence.Kind.EMAIL, Evidence.Kind.MESSAGES)
    read_text, read_text_label, read_text_chars = _read_text(evidence)
    return ExportExhibit(
        ref=evidence.exhibit_ref,
        title=evidence.title,
        description=evidence.description,
        summary=evidence.summary,
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
        read_text=read_text,
        read_text_label=read_text_label,
        read_text_chars=read_text_chars,
        gps=_gps(evidence),
        screenshot_notes=evidence.screenshot_notes,
        withdrawn=_withdrawal_line(evidence),
        has_gps=evidence.has_gps,
        preview_sha256=evidence.preview_sha256,
        # A withdrawn exhibit's file was deleted: the list keeps its line and hash only.
        open_original=None if evidence.is_withdrawn else lambda: services.open_original(evidence),
        read_preview=(lambda: services.read_preview(evidence)) if evidence.has_preview else None,
    )


def _of_incidents(rows, log, incident_ids, *, with_withdrawn=False):
    """`rows` narrowed to the exhibits linked to these incidents, and their attachments."""
    linked = scoped(Evidence, log).filter(incidents__in=incident_ids)
    parents = set(linked.values_list("pk", flat=True))
    wanted = Q(pk__in=parents) | Q(parent__in=parents)
    if with_withdrawn:
        # Withdrawn exhibits are in every list, so no number is missing without a reason.
        wanted |= Q(withdrawn_at__isnull=False)
    return rows.filter(wanted)


def exhibits_with_position(log, incidents, options) -> list[Evidence]:
    """The exhibits an export would include whose original records a position (GPS), for
    the warning shown before she chooses to include them. `incidents` is a queryset."""
    rows = scoped(Evidence, log).filter(has_gps=True)
    if options.is_filtered:
        rows = _of_incidents(rows, log, incidents.values("pk"))
    rows = list(rows)
    for evidence in rows:
        evidence.log = log
    return sorted(rows, key=lambda evidence: _ref_key(evidence.exhibit_ref))


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
        rows = _of_incidents(rows, log, [i.pk for i in incidents], with_withdrawn=True)
    exhibits = []
    for evidence in rows:
        evidence.log = log
        exhibit = to_export_exhibit(evidence)
        if evidence.has_gps and not options.include_gps and exhibit.open_original:
            exhibit.withhold_position(evidence.detected_type)
        exhibits.append(exhibit)
    exported = {incident.sequence_no for incident in incidents}
    for exhibit in exhibits:
        exhibit.incident_sequence_nos = [n for n in exhibit.incident_sequence_nos if n in exported]
    return sorted(exhibits, key=lambda exhibit: _ref_key(exhibit.ref))
