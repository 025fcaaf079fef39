"""Exhibits (uploaded evidence files) and the messages parsed out of e-mails and chat exports.

The original file is write-once ciphertext in private storage; the row keeps what was
measured as it arrived (size, SHA-256, detected type, `uploaded_at`) and never changes them.
"""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, pgettext
from django.utils.translation import gettext_lazy as _

from stalklog.casefile.models import Log
from stalklog.core.said import say
from stalklog.core.sealed import SealedJSON, SealedText, sealed_column


def new_blob_name(log, kind: str) -> str:
    """A fresh storage name under the log's prefix, so a whole log's files share one prefix."""
    return f"logs/{log.uuid}/{kind}/{secrets.token_hex(16)}"


class Answer(models.TextChoices):
    """A quick answer she may give about a picture; blank when not given."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure")


# How every exhibit list prints each answer about a screenshot, in plain words: nothing
# is printed for a question she did not answer. English, as the police document prints them
# (marked for the catalogue: her pages translate them, Evidence.screenshot_words).
SCREENSHOT_WORDING = {
    "sender_visible": {
        Answer.YES: gettext_noop("sender's name or number visible"),
        Answer.NO: gettext_noop("sender's name or number not visible in screenshot"),
        Answer.UNSURE: gettext_noop("not sure whether the sender's name or number is visible"),
    },
    "date_visible": {
        Answer.YES: gettext_noop("date and time visible"),
        Answer.NO: gettext_noop("date and time not visible in screenshot"),
        Answer.UNSURE: gettext_noop("not sure whether the date and time are visible"),
    },
    "whole_conversation": {
        Answer.YES: gettext_noop("whole conversation, uncropped"),
        Answer.NO: gettext_noop("cropped: not the whole conversation"),
        Answer.UNSURE: gettext_noop("not sure whether it shows the whole conversation"),
    },
}
SCREENSHOT_QUESTIONS = tuple(SCREENSHOT_WORDING)


class Evidence(models.Model):
    """One exhibit: an original file, what was read from it, and its derivatives."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        SCREENSHOT = "screenshot", _("Screenshot")
        EMAIL = "email", _("E-mail")
        MESSAGES = "messages", _("Message export")
        CALLS = "calls", _("Call log")
        DOCUMENT = "document", _("Document")
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")
        OTHER = "other", _("Other")

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="exhibits")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # Top-level exhibits number from Log.take_exhibit_no(); children from the parent's
    # next_child_no. Neither is ever reused, so a reference once printed stays unique.
    number = models.PositiveIntegerField(editable=False)
    next_child_no = models.PositiveIntegerField(default=1, editable=False)
    exhibit_ref = models.CharField(max_length=40, editable=False)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title_sealed = sealed_column()
    title = SealedText()
    description_sealed = sealed_column()
    description = SealedText()
    original_name_sealed = sealed_column()
    original_name = SealedText()
    # Our words about an exhibit we made (incidents.recordings: "Voice recording, 30 November
    # 2026, 21:05" and "Recorded in the app for incident 4. About 5 seconds long, ..."), kept
    # as data, {"name": Said, "lines": [Said, ...]}, and said in each reader's language (her
    # Welsh page, the English police document). Not hers, so not in `title`/`description`,
    # which stay empty for her own words and are never translated. Sealed like her text.
    summary_sealed = sealed_column()
    summary = SealedJSON()
    content_date = models.DateTimeField(
        null=True, blank=True, help_text="When it was sent, taken or written."
    )
    captured_date = models.DateTimeField(
        null=True, blank=True, help_text="When you saved, screenshotted or exported it."
    )
    # Measured as the bytes arrived; immutable.
    detected_type = models.CharField(max_length=100, editable=False)
    size_bytes = models.BigIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    blob_name = models.CharField(max_length=200, editable=False)
    preview_blob = models.CharField(max_length=200, blank=True, editable=False)
    preview_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    thumbnail_blob = models.CharField(max_length=200, blank=True, editable=False)
    thumbnail_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    # EXIF, e-mail headers, parse notes: whatever was read from the file (sealed: it may
    # hold a location or addresses).
    metadata_sealed = sealed_column()
    metadata = SealedJSON()
    has_gps = models.BooleanField(default=False, editable=False)
    # Text read from the file for search: a document's text, or what OCR read in a picture
    # (metadata["text_from"] says which). Sealed like every other text of the log.
    text_sealed = sealed_column()
    text = SealedText()
    # pHash of a picture's pixels (evidence.duplicates): finds a picture uploaded twice.
    perceptual_hash = models.CharField(max_length=16, blank=True, editable=False)
    # What takes longer than hashing and encrypting (call logs, sound and video, text in
    # pictures and documents) is read by a background task after the upload.
    reading = models.CharField(
        max_length=8, blank=True, editable=False, choices=[("waiting", "Waiting"), ("done", "Done")]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Withdrawn (a wrong upload): the files are deleted, the row stays so the reference is
    # never reused and every export can still say what it was, with its hash.
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawal_reason_sealed = sealed_column()
    withdrawal_reason = SealedText()
    # What makes a screenshot useful (DocuSAFE's advice), as she answered when uploading a
    # picture or later on its edit page; blank until answered. Every exhibit list prints
    # the answers as she gave them ("date and time not visible in screenshot").
    sender_visible = models.CharField(
        _("sender's name or number visible?"), max_length=6, choices=Answer.choices, blank=True
    )
    date_visible = models.CharField(
        _("date and time visible?"), max_length=6, choices=Answer.choices, blank=True
    )
    whole_conversation = models.CharField(
        _("whole conversation, uncropped?"), max_length=6, choices=Answer.choices, blank=True
    )

    class Meta:
        verbose_name = "exhibit"
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["log", "exhibit_ref"], name="exhibit_ref_per_log")
        ]

    def __str__(self):
        return self.exhibit_ref

    @property
    def audit_label(self) -> str:
        return f"exhibit {self.exhibit_ref}"

    @classmethod
    def numbered(cls, log, parent=None, **fields) -> "Evidence":
        """An unsaved exhibit with the next never-reused number (top-level or child)."""
        if parent is None:
            number = log.take_exhibit_no()
            ref = f"{log.initials}/{number}"
        else:
            number = parent.take_child_no()
            ref = f"{parent.exhibit_ref}/{number}"
        return cls(log=log, parent=parent, number=number, exhibit_ref=ref, **fields)

    def take_child_no(self) -> int:
        with transaction.atomic(savepoint=False):  # as Log._take_numbers
            Evidence.objects.filter(pk=self.pk).update(next_child_no=F("next_child_no") + 1)
            return Evidence.objects.values_list("next_child_no", flat=True).get(pk=self.pk) - 1

    @property
    def display_name(self) -> str:
        """Her title; else our name for what we made, in the reader's language; else the
        file's name. Older recordings have our English name in `title` and show it."""
        return self.title or self.summary_name or self.original_name or self.exhibit_ref

    @property
    def summary_name(self) -> str:
        return say((self.summary or {}).get("name"))

    @property
    def summary_text(self) -> str:
        """Our sentences about what we made, in the active language, shown above hers."""
        return say((self.summary or {}).get("lines"))

    @property
    def has_preview(self) -> bool:
        return bool(self.preview_blob)

    @property
    def note_text(self) -> str:
        """What reading the file left unread and why, in the reader's language (stored as a
        Said, or a list of them; older notes as the text they were written in)."""
        return say((self.metadata or {}).get("note"))

    @property
    def disguised_text(self) -> str:
        """Why its name does not match its content (an attachment kept as sent), said now."""
        return say((self.metadata or {}).get("disguised"))

    @property
    def attachment_note_texts(self) -> list[str]:
        """Why attachments were not kept, in the reader's language."""
        return [say(note) for note in (self.metadata or {}).get("attachment_notes") or []]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def withdrawal_line(self) -> str:
        """How every exhibit list says it: "JS/4 withdrawn by the victim on 12 March 2026:
        uploaded by mistake"."""
        if not self.is_withdrawn:
            return ""
        by = "the victim"
        if self.withdrawn_by_id is not None and self.withdrawn_by_id != self.log.owner_id:
            user = self.withdrawn_by
            name = user.get_full_name() or user.get_username()
            by = f"{name} (caseworker) on the victim's behalf"
        day = timezone.localtime(self.withdrawn_at).strftime("%-d %B %Y")
        return f"{self.exhibit_ref} withdrawn by {by} on {day}: {self.withdrawal_reason}"

    @property
    def withdrawal_words(self) -> str:
        """The withdrawal line as her pages say it, in her language. withdrawal_line stays
        English: every exhibit list and the police document print it."""
        if not self.is_withdrawn:
            return ""
        # E: the month as a date says it (Polish "12 marca", not "12 marzec").
        day = date_format(timezone.localtime(self.withdrawn_at), "j E Y")
        words = {"ref": self.exhibit_ref, "day": day, "reason": self.withdrawal_reason}
        if self.withdrawn_by_id is not None and self.withdrawn_by_id != self.log.owner_id:
            user = self.withdrawn_by
            words["name"] = user.get_full_name() or user.get_username()
            return (
                gettext("%(ref)s withdrawn by %(name)s (caseworker) on %(day)s: %(reason)s") % words
            )
        return gettext("%(ref)s withdrawn by the victim on %(day)s: %(reason)s") % words

    @property
    def screenshot_notes(self) -> list[str]:
        """Her answers about the picture as every exhibit list prints them (unanswered
        questions print nothing)."""
        return [
            SCREENSHOT_WORDING[name][answer]
            for name in SCREENSHOT_QUESTIONS
            if (answer := getattr(self, name)) in SCREENSHOT_WORDING[name]
        ]

    @property
    def screenshot_words(self) -> list[str]:
        """screenshot_notes as her pages say them, in her language."""
        return [gettext(note) for note in self.screenshot_notes]

    @property
    def is_picture(self) -> bool:
        return self.detected_type.startswith("image/")

    # Storage names held by this row (stalklog.core.storage.referenced_names: not orphans).
    stored_file_fields = ("blob_name", "preview_blob", "thumbnail_blob")

    def blobs(self):
        """(what, storage name, expected sha256 of the plaintext) for every stored file
        (none once withdrawn: its files are deleted, its hash stays on the row)."""
        if self.is_withdrawn:
            return
        yield "original", self.blob_name, self.sha256
        if self.preview_blob:
            yield "preview", self.preview_blob, self.preview_sha256
        if self.thumbnail_blob:
            yield "thumbnail", self.thumbnail_blob, self.thumbnail_sha256


class Message(models.Model):
    """One message read from a chat export, SMS backup or e-mail."""

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="messages")
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="messages")
    order = models.PositiveIntegerField()
    sent_at = models.DateTimeField(null=True, blank=True)
    sender_sealed = sealed_column()
    sender = SealedText()
    text_sealed = sealed_column()
    text = SealedText()
    # Sent from the phone whose backup this is (her own messages, in an SMS backup): stored as
    # a fact with no sender, and said as "Me" in each reader's language when shown.
    outgoing = models.BooleanField(default=False)
    # Our notes about the message, never in her text: {"forwarded": a Said, "attached": [Saids]}
    # ("forwarded from Sam", "photo: photo_1.jpg"), said in each reader's language when shown.
    notes_sealed = sealed_column()
    notes = SealedJSON()
    # The chat a message was in, for an export of every chat (Telegram): the name as the export
    # wrote it, put with the sender's in the reader's language when shown ("Jo (in chat: Sam)").
    chat_sealed = sealed_column()
    chat = SealedText()

    class Meta:
        ordering = ["evidence", "order"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "order"], name="message_order_per_exhibit")
        ]

    def __str__(self):
        return f"Message {self.order} of {self.evidence.exhibit_ref}"

    @property
    def is_mine(self) -> bool:
        """Sent by her: an outgoing message, or an older SMS row that stored "Me" in English."""
        return self.outgoing or self.sender == OLDER_ME

    @property
    def shown_text(self) -> str:
        """Her text as the export wrote it, with our notes in the active language around it:
        "[forwarded from Sam]" above, "[photo: photo_1.jpg]" below. Older rows held the notes
        (in English) inside the text and show it as it is."""
        notes = self.notes or {}
        lines = [f"[{say(notes['forwarded'])}]"] if notes.get("forwarded") else []
        if self.text:
            lines.append(self.text)
        lines.extend(f"[{say(note)}]" for note in notes.get("attached") or [])
        return "\n".join(lines)

    @property
    def shown_sender(self) -> str:
        """Who sent it, in the active language: the name as the export wrote it (with its chat,
        in an export of every chat), else "Me"
        for her own or "Unknown sender". Older rows stored words ("Me", "Unknown") and keep
        showing them as they are."""
        if self.sender and self.chat:
            return gettext("%(sender)s (in chat: %(chat)s)") % {
                "sender": self.sender,
                "chat": self.chat,
            }
        if self.sender:
            return self.sender
        return pgettext(MINE_CONTEXT, MINE) if self.outgoing else gettext(UNKNOWN_SENDER_WORDS)


# Words for a message's sender, stored nowhere: said when shown (Message.shown_sender).
MINE_CONTEXT = "who sent a message"
# Marked for the catalogue where the messages page says it ({% translate "Me" context … %}).
MINE = "Me"
UNKNOWN_SENDER_WORDS = gettext_noop("Unknown sender")
# What SMS backups stored for her own messages before `outgoing` (in English, whoever read them).
OLDER_ME = "Me"


# A withheld caller's number, stored in English (a call log is read once, whoever reads it
# later); shown in the reader's language by shown_number.
WITHHELD_NUMBER = gettext_noop("Withheld number")


def shown_number(number: str) -> str:
    """A call's number as stored, in the page's language if it is the withheld caller."""
    return gettext(WITHHELD_NUMBER) if number == WITHHELD_NUMBER else number


class Call(models.Model):
    """One call read from a phone's call log (SMS Backup & Restore's calls backup)."""

    class Direction(models.TextChoices):
        # English msgids, translated where shown ({% translate call.get_direction_display %});
        # an incident made from calls keeps the msgid in its summary (incidents.calls), said
        # in each reader's language.
        INCOMING = "incoming", gettext_noop("Incoming")
        OUTGOING = "outgoing", gettext_noop("Outgoing")
        MISSED = "missed", gettext_noop("Missed")
        VOICEMAIL = "voicemail", gettext_noop("Voicemail")
        REJECTED = "rejected", gettext_noop("Rejected")
        BLOCKED = "blocked", gettext_noop("Blocked")

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="calls")
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="calls")
    order = models.PositiveIntegerField()
    started_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(default=0)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    number_sealed = sealed_column()
    number = SealedText()
    contact_name_sealed = sealed_column()
    contact_name = SealedText()
    # A keyed digest of the number (the log's key): calls from one number are found in SQL
    # without the number itself ever being stored in the clear.
    number_digest = models.CharField(max_length=32, db_index=True)

    class Meta:
        ordering = ["evidence", "order"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "order"], name="call_order_per_exhibit")
        ]

    def __str__(self):
        return f"Call {self.order} of {self.evidence.exhibit_ref}"

    @property
    def is_from_them(self) -> bool:
        return self.direction != self.Direction.OUTGOING

    @property
    def shown_number(self) -> str:
        return shown_number(self.number)


class ResumableUpload(models.Model):
    """A file being uploaded in parts (evidence.resumable), not yet an exhibit.

    Its chunks are kept encrypted under `uploads/<token>/`, named by their byte offset, and
    count against the account's storage quota. It becomes an exhibit only when every byte
    has arrived and the upload form is sent (store_upload joins it and deletes this row in
    the same transaction); left unfinished, `delete_abandoned_uploads` deletes it.
    """

    # Chunks have no row each: not orphans while the upload is kept (and backed up).
    stored_file_folders = ("uploads",)

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="resumable_uploads")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    name_sealed = sealed_column()
    name = SealedText()
    size_bytes = models.BigIntegerField(help_text="The whole file's size, as the page said.")
    received_bytes = models.BigIntegerField(default=0)
    # The newest chunk, to recognise it when it is sent again (its answer was lost) and to
    # let a reloaded page check that the file chosen again is the same one.
    last_chunk_offset = models.BigIntegerField(default=0)
    last_chunk_sha256 = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(default=timezone.now, editable=False)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_at", "pk"]

    def __str__(self):
        return f"Upload {self.pk} ({self.received_bytes} of {self.size_bytes} bytes)"

    @property
    def folder(self) -> str:
        return f"logs/{self.log.uuid}/uploads/{self.token}/"

    @property
    def is_complete(self) -> bool:
        return self.received_bytes == self.size_bytes

    @property
    def percent_kept(self) -> int:
        if not self.size_bytes:
            return 100
        # Rounded down: "100%" only when every byte is there.
        return self.received_bytes * 100 // self.size_bytes
