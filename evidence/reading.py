"""Reading what an exhibit holds when that takes longer than hashing and encrypting it:
call logs, and (in their own modules) sound and video, and text in pictures and documents.

The upload stores the file and marks it `reading="waiting"`; evidence.tasks then runs
`read_exhibit` in the worker, never in the upload request. Whatever a reader cannot read
is said in the exhibit's note; the file itself is kept as it is.
"""

import logging
from collections import Counter

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from evidence import documents, images, media, ocr, sniff
from evidence.blobs import decrypted, save_derivative
from evidence.models import Call, Evidence
from evidence.parsers.calls import CallLogProblem, read_calls
from evidence.parsers.calls_csv import read_csv_calls
from evidence.phones import number_digest
from evidence.selectors import looks_like
from evidence.suggestions import suggestions
from stalklog.core.said import Said

logger = logging.getLogger(__name__)
NUMBERS_LISTED = 100


def read_plaintext(evidence, limit: int) -> bytes | None:
    """The original's bytes, or None if it is larger than `limit`."""
    if evidence.size_bytes > limit:
        return None
    return b"".join(decrypted(evidence.log, evidence.blob_name))


def _summary(calls, digests) -> dict:
    """Numbers that called, most calls first, with the name the phone gave them."""
    counts, names, shown = Counter(), {}, {}
    for call, digest in zip(calls, digests, strict=True):
        if call.direction == Call.Direction.OUTGOING:
            continue
        counts[digest] += 1
        shown.setdefault(digest, call.number)
        if call.contact_name:
            names.setdefault(digest, call.contact_name)
    return {
        "count": len(calls),
        "numbers": [
            {"digest": d, "number": shown[d], "name": names.get(d, ""), "count": n}
            for d, n in counts.most_common(NUMBERS_LISTED)
        ],
    }


def read_call_log(evidence):
    data = read_plaintext(evidence, settings.STALKLOG_MAX_PARSE_BYTES)
    metadata = dict(evidence.metadata or {})
    if data is None:
        metadata["note"] = Said.gettext("Kept as it is: it is too large to read the calls here.")
        evidence.metadata = metadata
        return
    try:
        is_table = evidence.detected_type == sniff.CALLS_CSV.mime
        calls, notes = read_csv_calls(data) if is_table else read_calls(data)
    except CallLogProblem as problem:
        metadata["note"] = Said.gettext(
            "Kept as it is, but the calls were not read: %(problem)s.", problem=problem
        )
        evidence.metadata = metadata
        return
    digests = [
        number_digest(evidence.log, call.normalised) if call.normalised else "" for call in calls
    ]
    rows = []
    for order, (parsed, digest) in enumerate(zip(calls, digests, strict=True), 1):
        call = Call(
            log=evidence.log,
            evidence=evidence,
            order=order,
            started_at=parsed.started_at,
            duration_seconds=parsed.duration_seconds,
            direction=parsed.direction,
            number_digest=digest,
        )
        call.number = parsed.number
        call.contact_name = parsed.contact_name
        rows.append(call)
    with transaction.atomic():
        Call.objects.filter(evidence=evidence).delete()  # a retried task starts afresh
        Call.objects.bulk_create(rows, batch_size=1000)
    metadata["calls"] = _summary(calls, digests)
    if notes:
        metadata["note"] = notes
    evidence.metadata = metadata
    dated = [call.started_at for call in calls if call.started_at]
    if evidence.content_date is None and dated:
        evidence.content_date = dated[0]


def read_media(evidence):
    """Date, length, device and position of sound or video; a poster frame for video."""
    metadata = dict(evidence.metadata or {})
    data = read_plaintext(evidence, settings.STALKLOG_MAX_UPLOAD_BYTES)
    if data is None or not media.tools_available():
        metadata["note"] = Said.gettext(
            "Kept as it is: its date and length cannot be read on this server."
        )
        evidence.metadata = metadata
        return
    try:
        facts = media.probe(data)
    except media.MediaProblem as problem:
        metadata["note"] = Said.gettext(
            "Kept as it is, but its date and length were not read: %(problem)s.", problem=problem
        )
        evidence.metadata = metadata
        return
    metadata["media"] = facts.as_metadata()
    if facts.gps:
        metadata["gps"] = facts.gps
        evidence.has_gps = True
    if evidence.content_date is None:
        evidence.content_date = facts.recorded_at
    if not facts.has_video and evidence.kind == Evidence.Kind.VIDEO:
        evidence.kind = Evidence.Kind.AUDIO  # an .mp4 or .3gp holding sound only
    if facts.has_video:
        try:
            preview, thumbnail = media.poster_frame(data, facts.duration_seconds)
        except media.MediaProblem as problem:
            metadata["note"] = Said.gettext(
                "No still picture could be taken from the video: %(problem)s.", problem=problem
            )
        else:
            saved = []
            evidence.preview_blob, evidence.preview_sha256 = save_derivative(
                evidence.log, "previews", preview, saved
            )
            evidence.thumbnail_blob, evidence.thumbnail_sha256 = save_derivative(
                evidence.log, "thumbnails", thumbnail, saved
            )
            evidence.saved_blobs = saved
    evidence.metadata = metadata


def _found_text(evidence, metadata, text, source):
    evidence.text = text
    metadata["text_from"] = source
    found = suggestions(text) if text else {}
    if found:
        metadata["suggestions"] = found
    else:
        metadata.pop("suggestions", None)


def make_picture_preview(evidence, data: bytes, metadata: dict):
    """The preview, thumbnail and perceptual hash of a picture too large to decode in the
    upload request (evidence.images.PREVIEW_IN_REQUEST_PIXELS), and EXIF it had to decode
    to reach. Until then the exhibit page says the preview is being made."""
    metadata.pop("preview_later", None)
    try:
        facts = images.analyse_image(data)
    except images.ImageProblem as problem:
        metadata["note"] = Said.gettext(
            "Kept as it is, but no preview could be made: %(problem)s.", problem=problem
        )
        return
    if facts.exif and not metadata.get("exif"):
        metadata["exif"] = facts.exif
    if facts.gps and not evidence.has_gps:
        metadata["gps"] = facts.gps
        evidence.has_gps = True
    if evidence.content_date is None and facts.date_taken is not None:
        taken = facts.date_taken
        evidence.content_date = taken if taken.tzinfo else timezone.make_aware(taken)
    saved = evidence.saved_blobs
    evidence.preview_blob, evidence.preview_sha256 = save_derivative(
        evidence.log, "previews", facts.preview, saved
    )
    evidence.thumbnail_blob, evidence.thumbnail_sha256 = save_derivative(
        evidence.log, "thumbnails", facts.thumbnail, saved
    )
    evidence.perceptual_hash = facts.perceptual_hash
    looking_alike = [
        ref
        for ref in looks_like(evidence.log, facts.perceptual_hash)
        if ref != evidence.exhibit_ref
    ]
    if looking_alike:
        metadata["looks_like"] = looking_alike


def read_text_in_picture(evidence):
    """OCR of a photo or screenshot (after its preview, if that was left for here); an
    illegible picture simply has no text."""
    metadata = dict(evidence.metadata or {})
    data = read_plaintext(evidence, settings.STALKLOG_MAX_UPLOAD_BYTES)
    if data is not None and metadata.get("preview_later"):
        make_picture_preview(evidence, data, metadata)
    if data is None or not ocr.is_available():
        metadata["note"] = Said.gettext(
            "Kept as it is: text in pictures cannot be read on this server."
        )
        evidence.metadata = metadata
        return
    text, confidence = ocr.read_text(data)
    metadata["text_confidence"] = confidence
    _found_text(evidence, metadata, text, "image")
    evidence.metadata = metadata


TEXT_READERS = {
    sniff.DOCX.mime: documents.docx_text,
    sniff.XLSX.mime: documents.xlsx_text,
    sniff.PPTX.mime: documents.pptx_text,
    sniff.ODT.mime: documents.odf_text,
    sniff.ODS.mime: documents.odf_text,
    sniff.ODP.mime: documents.odf_text,
}


def read_document_text(evidence):
    """The text of a PDF, or of an Office or OpenDocument file, for search and suggestions."""
    metadata = dict(evidence.metadata or {})
    data = read_plaintext(evidence, settings.STALKLOG_MAX_PARSE_BYTES)
    if data is None:
        metadata["note"] = Said.gettext("Kept as it is: it is too large to read its text here.")
        evidence.metadata = metadata
        return
    reader = TEXT_READERS.get(evidence.detected_type, documents.pdf_text)
    try:
        text, notes = reader(data)
    except documents.DocumentProblem as problem:
        metadata["note"] = Said.gettext(
            "Kept as it is, but its text was not read: %(problem)s.", problem=problem
        )
        evidence.metadata = metadata
        return
    if notes:
        metadata["note"] = notes
    _found_text(evidence, metadata, text, "document")
    evidence.metadata = metadata


READERS = {
    "calls": read_call_log,
    "media": read_media,
    "ocr": read_text_in_picture,
    "text": read_document_text,
}
SAVED_FIELDS = [
    "reading", "metadata_sealed", "text_sealed", "content_date", "kind", "has_gps", "preview_blob",
    "preview_sha256", "thumbnail_blob", "thumbnail_sha256", "perceptual_hash",
]  # fmt: skip


def read_exhibit(evidence):
    """Run the reader the upload asked for; the exhibit is saved with what was read. Its
    notes ("what was not read and why") are stored as Saids (stalklog.core.said), so each
    reader sees them in their own language, whoever uploaded the file and in which."""
    reader = READERS.get((evidence.metadata or {}).get("read_later", ""))
    evidence.saved_blobs = []
    try:
        if reader is not None:
            reader(evidence)
        evidence.reading = "done"
        evidence.save(update_fields=SAVED_FIELDS)
    except Exception:
        logger.exception("reading exhibit %s failed", evidence.pk)
        for name in evidence.saved_blobs:
            default_storage.delete(name)
        fresh = Evidence.objects.select_related("log").get(pk=evidence.pk)
        fresh.metadata = {
            **(fresh.metadata or {}),
            "note": Said.gettext(
                "Kept as it is, but reading it failed part-way. The original is unchanged."
            ),
        }
        fresh.reading = "done"
        fresh.save(update_fields=["reading", "metadata_sealed"])
