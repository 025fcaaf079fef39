"""The access log: an append-only, hash-chained record of who did what in a log."""

import hashlib
import json

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .logs import Log


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
    def record(cls, log, actor, action, target="", detail=""):
        """Append an event; never include sensitive content in target or detail."""
        with transaction.atomic():
            # Lock the log row so concurrent events cannot fork the chain.
            Log.objects.select_for_update().filter(pk=log.pk).exists()
            last = cls.objects.filter(log=log).order_by("-seq").only("seq", "hash").first()
            event = cls(
                log=log,
                seq=last.seq + 1 if last else 1,
                at=timezone.now(),
                actor=actor,
                actor_name=actor.get_username() if actor else "system",
                actor_role=getattr(actor, "role", "system") if actor else "system",
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
