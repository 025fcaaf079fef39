"""Storing an upload as an exhibit, and reading it back decrypted.

`store_upload` is the one way a file becomes an exhibit (upload page, e-mail attachments,
chat media, seed_demo): measure, check, analyse, then write the ciphertext and the row
together, so a failure at any step leaves neither a blob nor a row.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence import sniff
from evidence.blobs import decrypted, decrypted_range, save_blob, save_derivative
from evidence.chunks import chunk_names, discard_chunks, join_chunks
from evidence.images import HEIC_SUPPORTED, ImageProblem, analyse_image, measure_large
from evidence.ingest import IngestedFile, ingest
from evidence.models import SCREENSHOT_QUESTIONS, Call, Evidence, Message, ResumableUpload
from evidence.parsers import parse_eml, parse_sms_xml, parse_whatsapp_txt
from evidence.parsers.base import Analysis, ParseProblem, max_parse_bytes
from evidence.parsers.chat_zip import parse_chat_zip
from evidence.parsers.eml import parse_emlx, parse_mbox
from evidence.parsers.msg import parse_msg
from evidence.parsers.telegram import parse_telegram_json
from evidence.parsers.telegram_html import parse_telegram_html
from evidence.parsers.tnef import parse_tnef
from evidence.selectors import looks_like
from evidence.suggestions import date_from_name
from evidence.tasks import read_exhibit_later
from stalklog.casefile import audit
from stalklog.casefile.models import Log
from stalklog.core.plain import plain_size
from stalklog.core.said import Said
from stalklog.core.storage import is_disk_full

logger = logging.getLogger(__name__)


class UploadRejected(Exception):
    """A file was not stored. str() names the file, says why and what to do."""

    def __init__(self, name: str, reason):
        self.name, self.reason = name, reason
        # A Said: an attachment's refusal is kept as a note read later, in any language.
        super().__init__(
            Said.gettext("%(name)s was not saved: %(reason)s.", name=name, reason=reason)
        )

    @property
    def said(self) -> Said:
        return self.args[0]


# Enough of a picture for its header (PNG keeps its size in the first 33 bytes; colour
# profiles and text chunks before the pixels rarely pass a few KB).
PICTURE_HEAD_BYTES = 256 * 1024

# File types read by a background task after the upload (evidence.reading), not in it.
READ_LATER = {
    sniff.CALLS_XML: "calls",
    sniff.CALLS_CSV: "calls",
    sniff.PDF: "text",
    sniff.DOCX: "text",
    sniff.XLSX: "text",
    sniff.PPTX: "text",
    sniff.ODT: "text",
    sniff.ODS: "text",
    sniff.ODP: "text",
} | {found: "media" for found in sniff.ALL_TYPES if found.is_media}


def _aware(moment):
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _depth(parent) -> int:
    depth = 0
    while parent is not None:
        depth, parent = depth + 1, parent.parent
    return depth


def analyse(received: IngestedFile, found: sniff.FileType, depth: int = 0) -> Analysis:
    """What can be read from the file: EXIF and previews, e-mail headers, messages.

    Containers nest (a zip in a zip, an e-mail forwarded as an attachment), and a crafted
    one can nest without end; so archives are opened only at the top level and e-mails
    only at the top level or as a direct attachment. Deeper files are kept, not opened.
    """
    analysis = Analysis(kind=found.kind, metadata={"type": found.label})
    parsers = {
        sniff.EML: parse_eml,
        sniff.EMLX: parse_emlx,
        sniff.MBOX: parse_mbox,
        sniff.TNEF: parse_tnef,
        sniff.TELEGRAM_JSON: parse_telegram_json,
        # Only a Telegram export's page is read (its messages); any other HTML is left be.
        sniff.HTML: parse_telegram_html,
        sniff.WHATSAPP_TXT: parse_whatsapp_txt,
        sniff.SMS_XML: parse_sms_xml,
        sniff.ZIP: parse_chat_zip,
        sniff.OUTLOOK_MSG: parse_msg,
        sniff.OLE2: parse_msg,
    }
    if found is sniff.ZIP and depth > 0 or found in parsers and depth > 1:
        analysis.metadata["note"] = Said.gettext(
            "Kept as it is: it sits inside another file, so it was not opened."
        )
        return analysis
    if found in READ_LATER:
        analysis.kind = found.kind
        analysis.metadata["read_later"] = READ_LATER[found]
        return analysis
    if not found.is_raster_image and found not in parsers:
        return analysis
    if found.is_raster_image:
        # A large picture that cannot be decoded at a reduced scale is only measured here,
        # from its first bytes; its preview is made in the worker (evidence.reading).
        later = measure_large(received.first_plaintext(PICTURE_HEAD_BYTES))
        if later is not None:
            _picture_facts(analysis, later, found)
            analysis.metadata["preview_later"] = True
            return analysis
    if received.size > max_parse_bytes():
        analysis.metadata["note"] = Said.gettext(
            "Kept as it is: at %(size)s it is too large to read here.",
            size=plain_size(received.size),
        )
        return analysis
    data = received.read_plaintext(max_parse_bytes())
    if found.is_raster_image:
        _picture_facts(analysis, analyse_image(data), found)
        return analysis
    parsers[found](data, analysis)
    return analysis


def _picture_facts(analysis: Analysis, facts, found: sniff.FileType):
    analysis.metadata["image"] = {"width": facts.width, "height": facts.height}
    analysis.metadata["exif"] = facts.exif
    if facts.gps:
        analysis.metadata["gps"] = facts.gps
        analysis.has_gps = True
    analysis.content_date = _aware(facts.date_taken)
    analysis.preview, analysis.thumbnail = facts.preview, facts.thumbnail
    analysis.perceptual_hash = facts.perceptual_hash
    if found in (sniff.PNG, sniff.BMP) and not facts.is_camera_photo:
        analysis.kind = Evidence.Kind.SCREENSHOT
    elif found not in (sniff.PNG, sniff.BMP):
        analysis.kind = Evidence.Kind.PHOTO
    analysis.metadata["read_later"] = "ocr"  # its text, in the worker (evidence.ocr)


def _check(received: IngestedFile, is_attachment: bool) -> tuple[sniff.FileType, Said | None]:
    name = received.name
    if received.is_too_large:
        raise UploadRejected(
            name,
            _(
                "it is larger than the %(limit)s limit. Split it, or export a smaller part "
                "(for a chat: without media) and upload that"
            )
            % {"limit": plain_size(received.max_bytes)},
        )
    if received.size == 0:
        raise UploadRejected(
            name, _("the file is empty (0 bytes). Check that it copied fully, then try again")
        )
    found = sniff.detect(received.head)
    if found is sniff.HEIC and not HEIC_SUPPORTED:
        raise UploadRejected(name, _("HEIC photos cannot be read here. Save it as JPEG first"))
    problem = sniff.mismatch(name, found)
    if problem and not is_attachment:
        raise UploadRejected(name, problem)
    # An attachment is kept as it was sent, disguise and all: that is evidence too.
    return found, problem


def stored_bytes(log) -> int:
    """The bytes of every exhibit of `log` (originals, attachments and chat media), and of
    its uploads in parts not yet finished (they take room as they arrive)."""
    # Both sums in one query: this runs in every upload request.
    exhibits = Evidence.objects.filter(log=log).values("log").annotate(total=Sum("size_bytes"))
    unfinished = (
        ResumableUpload.objects.filter(log=log).values("log").annotate(total=Sum("received_bytes"))
    )
    used = Coalesce(Subquery(exhibits.values("total")), 0) + Coalesce(
        Subquery(unfinished.values("total")), 0
    )
    return Log.objects.filter(pk=log.pk).annotate(used=used).values_list("used", flat=True).get()


def check_room(
    log, name: str, needed_bytes: int, *, counted_bytes: int = 0, used: int | None = None
):
    """Refuse `needed_bytes` more that would take the account past
    STALKLOG_STORAGE_QUOTA_BYTES (0: no limit); `counted_bytes` of them are already counted
    (an upload in parts being made an exhibit). Raises UploadRejected naming the file.
    `used`: the bytes already stored, when the caller knows (store_uploads counts once)."""
    quota = settings.STALKLOG_STORAGE_QUOTA_BYTES
    if not quota:
        return
    used = (stored_bytes(log) if used is None else used) - counted_bytes
    if used + needed_bytes > quota:
        left = max(quota - used, 0)
        raise UploadRejected(
            name,
            _(
                "your evidence already uses %(used)s of the %(quota)s kept for each account, "
                "and this file needs %(needed)s (there is room for %(left)s). Nothing you "
                "saved before is affected. Keep this file safe somewhere else, and ask the "
                "service that runs this site for more room"
            )
            % {
                "used": plain_size(used),
                "quota": plain_size(quota),
                "needed": plain_size(needed_bytes),
                "left": plain_size(left),
            },
        )


def store_upload(
    log,
    user,
    uploaded_file,
    *,
    title="",
    description="",
    kind="",
    content_date=None,
    captured_date=None,
    parent=None,
    attach=None,
    resumable=None,
    screenshot_answers=None,
    stored_before: int | None = None,
    summary=None,
) -> Evidence:
    """Store one file as an exhibit (or a child of `parent`); raise UploadRejected if not.

    `uploaded_file` is an IngestedFile from the streaming upload handler, a complete
    ResumableUpload (its chunks joined here; its row deleted with the exhibit's creation, and
    it is deleted too if the file is refused), or any Django File / binary file object with
    a name, which is ingested here the same way. `screenshot_answers` ({question: answer},
    evidence.models.SCREENSHOT_QUESTIONS) are kept only if the file is a picture: they say
    nothing about an e-mail or a recording. `attach`
    (a callable taking the new exhibit) runs in the same transaction: the layers above use
    it to link the exhibit to what it shows, so the link and the exhibit exist together.
    `stored_before`: the log's stored bytes if the caller has counted them already.
    `summary` ({"name": Said, "lines": [Said, ...]}, Evidence.summary): our words about a file
    we made (a recording), said in each reader's language; its title is then left empty.
    """
    if isinstance(uploaded_file, ResumableUpload):
        details = {"title": title, "description": description, "kind": kind}
        details |= {"content_date": content_date, "captured_date": captured_date}
        details["screenshot_answers"] = screenshot_answers
        return _store_resumable(log, user, uploaded_file, attach=attach, **details)
    if isinstance(uploaded_file, IngestedFile):
        received = uploaded_file
    else:
        name = getattr(uploaded_file, "name", "") or _("unnamed file")
        received = ingest(log, uploaded_file, name)
    saved = []
    try:
        found, disguise = _check(received, is_attachment=parent is not None)
        if parent is None:
            counted = resumable.received_bytes if resumable is not None else 0
            check_room(log, received.name, received.size, counted_bytes=counted, used=stored_before)
        try:
            analysis = analyse(received, found, depth=_depth(parent))
        except (ImageProblem, ParseProblem) as problem:
            if parent is None:
                raise UploadRejected(received.name, problem) from problem
            # An attachment is kept as sent even if it cannot be read: it is evidence too.
            analysis = Analysis(kind=found.kind, metadata={"type": found.label})
            analysis.metadata["note"] = Said.gettext("Not readable: %(problem)s.", problem=problem)
        if disguise:
            analysis.metadata["disguised"] = Said.gettext(
                "Its name does not match its content: %(problem)s.", problem=disguise
            )
        with transaction.atomic():
            evidence = _create(
                log, user, received, found, analysis, parent, saved,
                title=title, description=description, kind=kind,
                content_date=content_date, captured_date=captured_date,
                screenshot_answers=screenshot_answers or {}, summary=summary,
            )  # fmt: skip
            if attach is not None:
                attach(evidence)
            if resumable is not None:
                # Its bytes now count as the exhibit's: the row goes with the exhibit's
                # creation, the chunks once that has committed.
                folder = resumable.folder
                resumable.delete()
                transaction.on_commit(lambda: discard_chunks(folder))
            _store_attachments(log, user, evidence, analysis.attachments)
            if evidence.reading == "waiting":
                # In the database queue, the task row commits with the exhibit's.
                read_exhibit_later.enqueue(evidence.pk)
        return evidence
    except BaseException as error:
        for name in saved:
            default_storage.delete(name)
        if is_disk_full(error):
            logger.error("storing %s failed: the file storage is full", received.blob_name)
            raise UploadRejected(
                received.name,
                _(
                    "the service has run out of space to store files. Nothing of it was kept; "
                    "try again later, and if it keeps happening tell the service that runs "
                    "this site"
                ),
            ) from error
        raise
    finally:
        received.close()


def _store_resumable(log, user, upload: ResumableUpload, **details) -> Evidence:
    """A complete upload in parts, joined and stored like a one-shot upload of its bytes. A
    refused file is deleted (nothing of it can be kept); one that failed to store for another
    reason stays, so sending the form again can finish it."""
    upload.log = log
    if not upload.is_complete:
        raise UploadRejected(
            upload.name,
            _(
                "only %(percent)s%% of it arrived. Choose it again and press Upload: it "
                "continues from there"
            )
            % {"percent": upload.percent_kept},
        )
    pk, folder = upload.pk, upload.folder
    received = join_chunks(log, chunk_names(folder), upload.name)
    try:
        return store_upload(log, user, received, resumable=upload, **details)
    except UploadRejected:
        discard_chunks(folder)
        ResumableUpload.objects.filter(pk=pk).delete()
        raise


@dataclass
class UploadOutcome:
    saved: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # one message a file, naming it


def store_uploads(log, user, uploads, *, title="", attach=None, **details) -> UploadOutcome:
    """Store each uploaded file as its own exhibit; one bad file never loses the others.

    `title` is used only for a single file (several files keep their own names); `details`
    (description, kind, content_date, captured_date, screenshot_answers) apply to every file
    (the answers to every picture).
    """
    outcome = UploadOutcome()
    # Counted once for the request, then kept up to date from the sizes stored (an e-mail's
    # attachments are counted by the next request, so a last e-mail may go a little over).
    stored = stored_bytes(log) if settings.STALKLOG_STORAGE_QUOTA_BYTES else None
    for uploaded in uploads:
        try:
            evidence = store_upload(
                log,
                user,
                uploaded,
                title=title if len(uploads) == 1 else "",
                attach=attach,
                stored_before=stored,
                **details,
            )
            outcome.saved.append(evidence)
            if stored is not None:
                stored += evidence.size_bytes
        except UploadRejected as rejected:
            outcome.refused.append(str(rejected))
        except Exception:
            # store_upload has removed whatever it wrote; say so and keep going.
            logger.exception("storing an upload failed")
            outcome.refused.append(
                _(
                    "%(name)s was not saved: storing it failed part-way, and nothing of it "
                    "was kept. Try it again later."
                )
                % {"name": getattr(uploaded, "name", "") or _("A file")}
            )
    return outcome


def _store_attachments(log, user, evidence, attachments):
    """Each attachment or archived media file becomes a child exhibit (JS/4/1, JS/4/2...)."""
    notes = []
    for name, data in attachments:
        try:
            store_upload(log, user, ContentFile(data, name=name), parent=evidence)
        except UploadRejected as rejected:
            notes.append(rejected.said)
    if notes:
        # After any the parser left (attachments kept inside the original), not instead.
        earlier = evidence.metadata.get("attachment_notes") or []
        evidence.metadata = {**evidence.metadata, "attachment_notes": [*earlier, *notes]}
        evidence.save(update_fields=["metadata_sealed"])


def _create(log, user, received, found, analysis, parent, saved, **fields) -> Evidence:
    """Write the blobs and the row (inside the caller's transaction)."""
    save_blob(received.blob_name, File(received.ciphertext), saved)
    evidence = Evidence.numbered(
        log,
        parent=parent,
        kind=fields["kind"] or analysis.kind,
        content_date=fields["content_date"] or analysis.content_date,
        captured_date=fields["captured_date"],
        detected_type=(analysis.detected or found).mime,
        size_bytes=received.size,
        sha256=received.sha256,
        blob_name=received.blob_name,
        has_gps=analysis.has_gps,
        uploaded_by=user,
        reading="waiting" if analysis.metadata.get("read_later") else "",
    )
    # A file we made is named by its summary, in the reader's language, not by its file name.
    evidence.summary = fields.get("summary") or None
    evidence.title = fields["title"] or ("" if evidence.summary else received.name)
    evidence.description = fields["description"]
    if evidence.is_picture:
        for name in SCREENSHOT_QUESTIONS:
            setattr(evidence, name, fields["screenshot_answers"].get(name) or "")
    evidence.original_name = received.name
    evidence.perceptual_hash = analysis.perceptual_hash
    looking_alike = looks_like(log, analysis.perceptual_hash)
    if looking_alike:
        analysis.metadata["looks_like"] = looking_alike
    if evidence.content_date is None and (named := date_from_name(received.name)):
        analysis.metadata["name_date"] = named
    evidence.metadata = analysis.metadata
    if analysis.preview:
        evidence.preview_blob, evidence.preview_sha256 = save_derivative(
            log, "previews", analysis.preview, saved
        )
        evidence.thumbnail_blob, evidence.thumbnail_sha256 = save_derivative(
            log, "thumbnails", analysis.thumbnail, saved
        )
    evidence.save()
    if analysis.messages:
        rows = []
        for order, parsed in enumerate(analysis.messages, 1):
            message = Message(
                log=log,
                evidence=evidence,
                order=order,
                sent_at=parsed.sent_at,
                outgoing=parsed.outgoing,
            )
            message.sender = parsed.sender
            message.text = parsed.text
            message.notes = parsed.notes()
            message.chat = parsed.chat
            rows.append(message)
        Message.objects.bulk_create(rows, batch_size=500)
    audit.record(log, user, "uploaded", evidence, found.mime)
    return evidence


def update_details(evidence, user, details: dict, *, changed=()) -> Evidence:
    """Change what the victim says about an exhibit; the measured facts never change."""
    for name, value in details.items():
        setattr(evidence, name, value)
    evidence.save()
    audit.record(evidence.log, user, "amended", evidence, ", ".join(changed))
    return evidence


def open_original(evidence):
    """The original file's plaintext, chunk by chunk (verified as it is decrypted)."""
    return decrypted(evidence.log, evidence.blob_name)


class WithdrawalRefused(Exception):
    """The exhibit cannot be withdrawn; the message says why."""


def withdraw_exhibit(evidence, user, *, reason: str) -> Evidence:
    """Withdraw a wrong upload (and its attachments): its files are deleted for good, what
    was read from it (messages, calls, text, details) is dropped, and the row stays with its
    reference (never reused), SHA-256 and the reason, so every exhibit list can say what
    happened to that number."""
    reason = " ".join(reason.split())
    if evidence.is_withdrawn:
        raise WithdrawalRefused(_("%(ref)s was already withdrawn.") % {"ref": evidence.exhibit_ref})
    if not reason:
        raise WithdrawalRefused(_("Say why it is being withdrawn."))
    log, names = evidence.log, []
    now = timezone.now()
    with transaction.atomic():
        family = [evidence, *_descendants(evidence)]
        for exhibit in family:
            exhibit.log = log
            names.extend(name for _what, name, _sha in exhibit.blobs())
            exhibit.withdrawn_at, exhibit.withdrawn_by = now, user
            exhibit.withdrawal_reason = (
                reason if exhibit is evidence else f"withdrawn with {evidence.exhibit_ref}"
            )
            exhibit.metadata = {"type": (exhibit.metadata or {}).get("type", "")}
            exhibit.text = ""
            exhibit.has_gps = False
            exhibit.perceptual_hash = ""
            exhibit.preview_blob = exhibit.preview_sha256 = ""
            exhibit.thumbnail_blob = exhibit.thumbnail_sha256 = ""
            exhibit.reading = ""
            exhibit.save()
            Message.objects.filter(evidence=exhibit).delete()
            Call.objects.filter(evidence=exhibit).delete()
            audit.record(log, user, "withdrew", exhibit, f"files deleted; SHA-256 {exhibit.sha256}")
            _unlink_incidents(log, user, exhibit)
        # Only once the rows say "withdrawn" for good are the files deleted.
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    return evidence


def _unlink_incidents(log, user, exhibit):
    """A withdrawn exhibit no longer shows any incident: an incident page or a printed
    incident must not cite a file that is gone. (The exhibit lists keep its withdrawal line.)
    `exhibit.incidents` is the reverse side of incidents' link, so this layer names no model
    above it; each link removed is recorded as unlinking by hand is."""
    for incident in exhibit.incidents.order_by("sequence_no"):
        audit.record(log, user, "unlinked", exhibit, incident.audit_label)
    exhibit.incidents.clear()


def _descendants(evidence) -> list[Evidence]:
    found, parents = [], [evidence.pk]
    while parents:
        children = list(Evidence.objects.filter(parent__in=parents, withdrawn_at__isnull=True))
        found.extend(children)
        parents = [child.pk for child in children]
    return found


def read_original_range(evidence, start: int, end: int):
    """Bytes start..end (inclusive) of the original, for a player seeking in it."""
    return decrypted_range(evidence.log, evidence.blob_name, evidence.size_bytes, start, end)


def read_preview(evidence) -> bytes:
    """The stripped preview JPEG, or b"" if the exhibit has none."""
    if not evidence.preview_blob:
        return b""
    return b"".join(decrypted(evidence.log, evidence.preview_blob))


def read_thumbnail(evidence) -> bytes:
    if not evidence.thumbnail_blob:
        return b""
    return b"".join(decrypted(evidence.log, evidence.thumbnail_blob))


def rehash(evidence) -> list[str]:
    """Problems found re-reading every stored file of the exhibit; empty when all match."""
    from stalklog.core.crypto import DecryptionError

    problems = []
    for what, name, expected in evidence.blobs():
        digest = hashlib.sha256()
        try:
            for chunk in decrypted(evidence.log, name):
                digest.update(chunk)
        except FileNotFoundError:
            problems.append(f"{evidence.exhibit_ref} {what}: the stored file is missing")
            continue
        except DecryptionError as error:
            problems.append(f"{evidence.exhibit_ref} {what}: {error} (altered or damaged)")
            continue
        if digest.hexdigest() != expected:
            problems.append(
                f"{evidence.exhibit_ref} {what}: SHA-256 is {digest.hexdigest()}, "
                f"expected {expected}"
            )
    return problems
