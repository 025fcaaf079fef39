"""The case file: a victim's Log, who may see it (Share), and the record of who did (AccessEvent).

Log holds the data key that seals everything in it and the counters that number its incidents
and exhibits. Its table keeps the name it had when it lived in incidents (`incidents_log`), as
AccessEvent's does; Share and its codes keep theirs (`stalklog_share`...).
"""

import hashlib
import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import cached_property

from stalklog.accounts.models import Organisation, User
from stalklog.core.crypto import Sealer, new_data_key, unwrap_key, wrap_key


class Log(models.Model):
    """One victim's case: the key that seals it and the counters that number it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="log"
    )
    initials = models.CharField(
        max_length=4,
        validators=[RegexValidator(r"^[A-Z]{1,4}$", "Use 1 to 4 capital letters, like JS.")],
        help_text="Used in exhibit references, like JS/1.",
    )
    wrapped_key = models.BinaryField(editable=False)
    next_sequence_no = models.PositiveIntegerField(default=1, editable=False)
    next_exhibit_no = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when deletion is asked for: until then the log is locked and hidden, and shredded
    # by `shred_due_logs` once this time has passed (stalklog/casefile/shredding.py).
    deletion_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "incidents_log"

    def __str__(self):
        return f"Log {self.initials} ({self.uuid})"

    @property
    def is_deletion_scheduled(self) -> bool:
        return self.deletion_due_at is not None

    @classmethod
    def create_for(cls, owner, initials):
        log = cls(owner=owner, initials=initials.upper())
        log.wrapped_key = wrap_key(new_data_key(), str(log.uuid))
        log.save()
        return log

    @cached_property
    def sealer(self) -> Sealer:
        return Sealer(unwrap_key(self.wrapped_key, str(self.uuid)))

    def rewrap_key(self, master_key: bytes):
        """Wrap this log's data key under another master key (key rotation)."""
        self.wrapped_key = wrap_key(self.sealer.data_key, str(self.uuid), master_key)
        self.save(update_fields=["wrapped_key"])

    def _take_number(self, counter: str) -> int:
        return self._take_numbers(counter, 1)

    def _take_numbers(self, counter: str, how_many: int) -> int:
        """Reserve `how_many` consecutive numbers; returns the first."""
        # No savepoint inside a caller's transaction (an upload, an incident): a failure
        # here fails the whole of it anyway, and the savepoint would be two more statements.
        with transaction.atomic(savepoint=False):
            Log.objects.filter(pk=self.pk).update(**{counter: F(counter) + how_many})
            taken = Log.objects.values_list(counter, flat=True).get(pk=self.pk)
            setattr(self, counter, taken)
            return taken - how_many

    @property
    def incident_count(self) -> int:
        """How many incidents the log holds, without counting them.

        Every incident takes the next sequence number in the transaction that saves it, and
        incidents are never deleted (a contemporaneous record is corrected by amendment, and
        only deleting the whole account removes it), so the numbers taken are the incidents.
        """
        return self.next_sequence_no - 1

    def take_sequence_no(self) -> int:
        return self._take_number("next_sequence_no")

    def take_exhibit_no(self) -> int:
        """The next exhibit number; numbers are never reused, even after a failed upload."""
        return self._take_number("next_exhibit_no")

    def touch(self):
        Log.objects.filter(pk=self.pk).update(updated_at=timezone.now())


class AccessEvent(models.Model):
    """Append-only, hash-chained record of who did what to which part of a log.

    Each event's hash covers its own fields and the previous event's hash, so removing,
    reordering or editing any event breaks every hash after it (`verify_log` checks).
    """

    GENESIS = "0" * 64

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="access_events")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=20)
    action = models.CharField(max_length=30)
    target = models.CharField(max_length=100, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        db_table = "incidents_accessevent"
        constraints = [models.UniqueConstraint(fields=["log", "seq"], name="event_seq_per_log")]
        ordering = ["-seq"]

    def __str__(self):
        return f"{self.seq}: {self.actor_name} {self.action} {self.target}"

    def compute_hash(self) -> str:
        body = {
            "log": str(self.log.uuid),
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor_name,
            "role": self.actor_role,
            "action": self.action,
            "target": self.target,
            "detail": self.detail,
            "prev": self.prev_hash,
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()

    @classmethod
    def record(cls, log, actor, action, target="", detail="", *, anonymous_as=""):
        """Append an event; never include sensitive content in target or detail.

        Without an `actor`, `anonymous_as` names who acted ("someone" on a public page);
        with neither, the system did."""
        # No savepoint inside a caller's transaction: the event stands or falls with the
        # write it records.
        with transaction.atomic(savepoint=False):
            # Lock the log row so concurrent events cannot fork the chain.
            Log.objects.select_for_update().filter(pk=log.pk).exists()
            last = cls.objects.filter(log=log).order_by("-seq").only("seq", "hash").first()
            event = cls(
                log=log,
                seq=last.seq + 1 if last else 1,
                at=timezone.now(),
                actor=actor,
                actor_name=actor.get_username() if actor else anonymous_as or "system",
                actor_role=(
                    getattr(actor, "role", "system")
                    if actor
                    else "anonymous"
                    if anonymous_as
                    else "system"
                ),
                action=action,
                target=str(target)[:100],
                detail=str(detail)[:200],
                prev_hash=last.hash if last else cls.GENESIS,
            )
            event.hash = event.compute_hash()
            event.save()
            return event

    @classmethod
    def verify_chain(cls, log) -> list[str]:
        """Problems found in the log's chain, oldest first; an empty list means intact."""
        problems, prev_hash, expected_seq = [], cls.GENESIS, 1
        for event in cls.objects.filter(log=log).order_by("seq").iterator():
            event.log = log
            if event.seq != expected_seq:
                problems.append(f"event {expected_seq} is missing (found {event.seq})")
            if event.prev_hash != prev_hash:
                problems.append(f"event {event.seq} does not follow the one before it")
            if event.compute_hash() != event.hash:
                problems.append(f"event {event.seq} was altered")
            prev_hash, expected_seq = event.hash, event.seq + 1
        return problems


class ShareQuerySet(models.QuerySet):
    def consented(self, now=None):
        """Shares she agreed to that hold at `now`: not expired, not revoked, and the
        caseworker still an active caseworker of the organisation the victim shared with.
        A request to reset her password needs one, even while her log waits to be deleted."""
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
            caseworker__is_active=True,
            caseworker__role=User.Role.CASEWORKER,
            caseworker__organisation=models.F("organisation"),
        )

    def live(self, now=None):
        """Shares that give access at `now`: consented, and the log not waiting to be deleted
        (such a log is hidden from every caseworker)."""
        return self.consented(now).filter(log__deletion_due_at__isnull=True)


class Share(models.Model):
    """A victim's consent for one caseworker to work on their log until `expires_at`."""

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="shares")
    caseworker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="shares")
    # The organisation the victim agreed to; a caseworker who moves on loses the share.
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        db_table = "stalklog_share"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["caseworker", "expires_at"], name="share_caseworker_expiry")
        ]

    def __str__(self):
        return f"Share of log {self.log_id} with {self.caseworker}"

    @property
    def audit_label(self) -> str:
        return f"share {self.pk}"

    @property
    def last_day(self):
        """The local date the share runs to the end of (it ends at the next midnight)."""
        return timezone.localtime(self.expires_at - timedelta(microseconds=1)).date()

    def is_live(self, now=None) -> bool:
        caseworker = self.caseworker
        return (
            self.revoked_at is None
            and (now or timezone.now()) < self.expires_at
            and caseworker.is_active
            and caseworker.is_caseworker
            and caseworker.organisation_id == self.organisation_id
        )

    def revoke(self, now=None):
        """End the share at once; later requests, open sessions and exports all re-check."""
        if self.revoked_at is None:
            self.revoked_at = now or timezone.now()
            Share.objects.filter(pk=self.pk, revoked_at__isnull=True).update(
                revoked_at=self.revoked_at
            )


class ShareCode(models.Model):
    """A one-time code a caseworker gives a victim in person, so the victim can share with them.

    Only an HMAC of the code is stored: a leaked database or backup gives no usable code.
    """

    caseworker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="share_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "stalklog_sharecode"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Sharing code of {self.caseworker} made {self.created_at:%Y-%m-%d %H:%M}"


class ShareCodeAttempt(models.Model):
    """A wrong sharing code typed by a victim, counted to slow down guessing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "stalklog_sharecodeattempt"

    def __str__(self):
        return f"Wrong sharing code from {self.user} at {self.at:%Y-%m-%d %H:%M}"


class RecoveryRequest(models.Model):
    """A request to reset a victim's password, which no single person can complete.

    It starts in her browser (sign-in page, "Can't sign in?"), which gets a short request
    code to read to her caseworker and keeps a random secret in a cookie; only a hash of
    each is stored. A caseworker she shares with confirms who she is (`checked`), a service
    admin of the same service approves, and after STALKLOG_RECOVERY_WAIT_HOURS only the
    browser holding the secret can set the new password (stalklog/casefile/recovery.py).
    """

    class State(models.TextChoices):
        ASKED = "asked", "Waiting for a caseworker to confirm who you are"
        CHECKED = "checked", "Waiting for approval"
        APPROVED = "approved", "Approved: waiting"
        CANCELLED = "cancelled", "Cancelled"
        REFUSED = "refused", "Refused"
        COMPLETED = "completed", "Password reset"

    OPEN_STATES = (State.ASKED, State.CHECKED, State.APPROVED)
    # A request nobody has finished in this time (after asking, or after the wait) lapses.
    LIFETIME = timedelta(days=7)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_requests")
    code_hash = models.CharField(max_length=64, unique=True)
    secret_hash = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ASKED)
    asked_at = models.DateTimeField()
    device = models.CharField(max_length=100, blank=True)
    checked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    # The service whose caseworker checked: only its admins may approve.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]

    def __str__(self):
        return f"Recovery request {self.pk} for {self.user}: {self.state}"

    @property
    def ready_at(self):
        """When the new password may be set (None before approval)."""
        if self.approved_at is None:
            return None
        return self.approved_at + timedelta(hours=settings.STALKLOG_RECOVERY_WAIT_HOURS)

    @property
    def lapses_at(self):
        return (self.ready_at or self.asked_at) + self.LIFETIME

    def is_open(self, now=None) -> bool:
        return self.state in self.OPEN_STATES and (now or timezone.now()) < self.lapses_at

    def is_ready(self, now=None) -> bool:
        now = now or timezone.now()
        return self.state == self.State.APPROVED and self.ready_at <= now < self.lapses_at
