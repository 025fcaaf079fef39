"""The Log: one victim's case, the data key that seals everything in it, and its counters."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import cached_property

from stalklog.crypto import Sealer, new_data_key, unwrap_key, wrap_key


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

    def __str__(self):
        return f"Log {self.initials} ({self.uuid})"

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
        with transaction.atomic():
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
