"""A timestamp authority's token over one Merkle root, and each item's path up to it."""

from django.db import models
from django.utils import timezone

from evidence.models import Evidence
from incidents.models import Amendment, Incident
from stalklog.casefile.models import Log


class TimestampBatch(models.Model):
    """One request to the authority: the root of a Merkle tree over new items of every log.

    Holds no log data: the root is a hash of salted hashes, and the response is kept byte
    for byte so `openssl ts -verify` can check it years later.
    """

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    root = models.CharField(max_length=64, editable=False)
    authority_url = models.CharField(max_length=300, editable=False)
    response = models.BinaryField(editable=False)
    gen_time = models.DateTimeField(editable=False)
    serial_number = models.CharField(max_length=60, editable=False)
    authority = models.CharField(max_length=300, blank=True, editable=False)
    leaf_count = models.PositiveIntegerField(editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "timestamp batches"

    def __str__(self):
        return f"Timestamp batch {self.pk} ({self.gen_time:%Y-%m-%d %H:%M} UTC)"

    @property
    def token_name(self) -> str:
        """Its file name in an evidence bundle."""
        return f"timestamp-{self.pk}.tsr"


class TimestampProof(models.Model):
    """Where one exhibit or record sits under a timestamped root: its hash then, its leaf's
    nonce and the sibling hashes up to the root."""

    class Kind(models.TextChoices):
        EXHIBIT = "exhibit", "Exhibit"
        INCIDENT = "incident", "Incident"
        AMENDMENT = "amendment", "Correction"

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="timestamp_proofs")
    batch = models.ForeignKey(TimestampBatch, on_delete=models.PROTECT, related_name="proofs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    exhibit = models.OneToOneField(
        Evidence, null=True, blank=True, on_delete=models.CASCADE, related_name="timestamp_proof"
    )
    incident = models.OneToOneField(
        Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="timestamp_proof"
    )
    amendment = models.OneToOneField(
        Amendment, null=True, blank=True, on_delete=models.CASCADE, related_name="timestamp_proof"
    )
    item_sha256 = models.CharField(max_length=64, editable=False)
    nonce = models.CharField(max_length=32, editable=False)
    path = models.JSONField(default=list, editable=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="timestamp_proof_one_item",
                condition=(
                    models.Q(kind="exhibit", exhibit__isnull=False, incident__isnull=True,
                             amendment__isnull=True)
                    | models.Q(kind="incident", incident__isnull=False, exhibit__isnull=True,
                               amendment__isnull=True)
                    | models.Q(kind="amendment", amendment__isnull=False, exhibit__isnull=True,
                               incident__isnull=True)
                ),
            )
        ]  # fmt: skip

    def __str__(self):
        return f"Timestamp proof of {self.kind} {self.item_id}"

    @property
    def item_id(self):
        return self.exhibit_id or self.incident_id or self.amendment_id
