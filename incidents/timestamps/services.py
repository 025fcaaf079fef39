"""Timestamp everything new, once a day (`manage.py timestamp_logs` from cron).

Every exhibit, incident and correction without a proof yet becomes one salted leaf; the
Merkle root over all of them, of every log, goes to the timestamp authority in one request
(only that 32-byte hash leaves the server); the token and each item's path are saved
together, or nothing is.
"""

import dataclasses
import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch

from evidence.models import Evidence
from incidents.models import Amendment, Incident
from stalklog.casefile import audit
from stalklog.casefile.models import Log
from stalklog.core import merkle, timestamping

from .models import TimestampBatch, TimestampProof
from .records import amendment_sha256, incident_sha256

# Seams tests may replace: what talks to the authority.
post_request = timestamping.post_request


class NotConfigured(Exception):
    """STALKLOG_TSA_URL is not set: nothing is sent anywhere."""


@dataclasses.dataclass
class _Item:
    log: Log
    kind: str
    row: object
    sha256: str
    nonce: bytes = dataclasses.field(default_factory=merkle.new_nonce)

    @property
    def leaf(self) -> bytes:
        return merkle.leaf_hash(bytes.fromhex(self.sha256), self.nonce)


@dataclasses.dataclass
class TimestampRun:
    batch: TimestampBatch | None
    items: int
    logs: int


def _new_items(log) -> list[_Item]:
    items = []
    for exhibit in Evidence.objects.filter(log=log, timestamp_proof__isnull=True).order_by("pk"):
        items.append(_Item(log, TimestampProof.Kind.EXHIBIT, exhibit, exhibit.sha256.lower()))
    incidents = (
        Incident.objects.filter(log=log)
        .filter(timestamp_proof__isnull=True)
        .prefetch_related(Prefetch("amendments", to_attr="record_amendments"))
        .prefetch_related("behaviours")
        .order_by("pk")
    )
    for incident in incidents:
        incident.log = log
        for amendment in incident.record_amendments:
            amendment.log = log
        items.append(
            _Item(
                log,
                TimestampProof.Kind.INCIDENT,
                incident,
                incident_sha256(incident, incident.record_amendments),
            )
        )
    amendments = (
        Amendment.objects.filter(log=log, timestamp_proof__isnull=True)
        .select_related("incident")
        .order_by("pk")
    )
    for amendment in amendments:
        amendment.log = amendment.incident.log = log
        items.append(
            _Item(
                log,
                TimestampProof.Kind.AMENDMENT,
                amendment,
                amendment_sha256(amendment, amendment.incident),
            )
        )
    return items


def timestamp_logs(*, url: str | None = None) -> TimestampRun:
    """Have everything new timestamped by the authority at `url` (STALKLOG_TSA_URL)."""
    url = url if url is not None else settings.STALKLOG_TSA_URL
    if not url:
        raise NotConfigured("STALKLOG_TSA_URL is not set: nothing was sent")
    items = []
    for log in Log.objects.order_by("pk").iterator():
        items.extend(_new_items(log))
    if not items:
        return TimestampRun(batch=None, items=0, logs=0)
    tree = merkle.build_tree([item.leaf for item in items])
    nonce = timestamping.new_nonce()
    answer = post_request(
        url,
        timestamping.build_request(tree.root, nonce),
        timeout_seconds=settings.STALKLOG_TSA_TIMEOUT_SECONDS,
    )
    token = timestamping.parse_response(answer, tree.root, nonce)
    logs = {}
    with transaction.atomic():
        batch = TimestampBatch.objects.create(
            root=tree.root.hex(),
            authority_url=url[:300],
            response=token.response,
            gen_time=token.gen_time,
            serial_number=str(token.serial_number),
            authority=token.authority[:300],
            leaf_count=len(items),
        )
        proofs = []
        for item, path in zip(items, tree.paths, strict=True):
            proofs.append(
                TimestampProof(
                    log=item.log,
                    batch=batch,
                    kind=item.kind,
                    **{item.kind: item.row},
                    item_sha256=item.sha256,
                    nonce=item.nonce.hex(),
                    path=merkle.path_to_json(path),
                )
            )
            logs[item.log.pk] = (item.log, logs.get(item.log.pk, (None, 0))[1] + 1)
        TimestampProof.objects.bulk_create(proofs, batch_size=1000)
        for log, count in logs.values():
            audit.record(
                log,
                None,
                "timestamped",
                f"{count} item{'s' if count != 1 else ''}",
                f"batch {batch.pk}, authority time {token.gen_time:%Y-%m-%d %H:%M:%S} UTC",
            )
    return TimestampRun(batch=batch, items=len(items), logs=len(logs))


def leaf_of(proof) -> bytes:
    return merkle.leaf_hash(bytes.fromhex(proof.item_sha256), bytes.fromhex(proof.nonce))


def file_sha256(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()
