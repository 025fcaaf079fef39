"""Check every timestamp proof of one log (`manage.py verify_timestamps --username U`).

For each exhibit and record: its hash now (the stored file re-read, the record rebuilt)
must equal the hash that was timestamped, its salted leaf and path must lead to the batch's
root, and the authority's token must name that root and carry a valid signature (chaining
to STALKLOG_TSA_CA_FILE when it is set).
"""

import dataclasses
import functools

from django.conf import settings
from django.db.models import Prefetch

from evidence import services as evidence_services
from evidence.models import Evidence
from incidents.models import Amendment, Incident
from stalklog.casefile.access import scoped
from stalklog.core import merkle, timestamping
from stalklog.core.crypto import DecryptionError

from .models import TimestampProof
from .records import amendment_sha256, incident_sha256
from .services import file_sha256, leaf_of


@dataclasses.dataclass
class TimestampReport:
    checked: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)
    not_yet: int = 0
    authority_checked: bool = False
    batches: list = dataclasses.field(default_factory=list)


def trusted_certificates():
    """The authority's CA certificates (STALKLOG_TSA_CA_FILE), or None when not set."""
    path = settings.STALKLOG_TSA_CA_FILE
    if not path:
        return None
    with open(path, "rb") as pem:
        return timestamping.load_certificates(pem.read())


def _name(proof) -> str:
    if proof.kind == TimestampProof.Kind.EXHIBIT:
        return f"exhibit {proof.exhibit.exhibit_ref}"
    if proof.kind == TimestampProof.Kind.INCIDENT:
        return f"incident {proof.incident.sequence_no}"
    return f"correction {proof.amendment.pk} to incident {proof.amendment.incident.sequence_no}"


def _current_sha256(proof, log) -> str:
    if proof.kind == TimestampProof.Kind.EXHIBIT:
        exhibit = proof.exhibit
        exhibit.log = log
        try:
            return file_sha256(evidence_services.open_original(exhibit))
        except (DecryptionError, OSError):
            return "unreadable"
    if proof.kind == TimestampProof.Kind.INCIDENT:
        incident = proof.incident
        incident.log = log
        for amendment in incident.record_amendments:
            amendment.log = log
        return incident_sha256(incident, incident.record_amendments)
    amendment = proof.amendment
    amendment.log = amendment.incident.log = log
    return amendment_sha256(amendment, amendment.incident)


def verify_log_timestamps(log, trusted=None) -> TimestampReport:
    report = TimestampReport(authority_checked=trusted is not None)
    proofs = (
        scoped(TimestampProof, log)
        .select_related("batch", "exhibit", "amendment__incident")
        .prefetch_related(
            Prefetch(
                "incident",
                Incident.objects.prefetch_related(
                    "behaviours", Prefetch("amendments", to_attr="record_amendments")
                ),
            )
        )
        .order_by("pk")
    )

    @functools.cache
    def token_problem(batch):
        try:
            timestamping.verify_token(bytes(batch.response), bytes.fromhex(batch.root), trusted)
        except timestamping.TimestampError as error:
            return str(error)
        return None

    for proof in proofs:
        report.checked += 1
        name = _name(proof)
        current = _current_sha256(proof, log)
        if proof.kind == TimestampProof.Kind.EXHIBIT and proof.exhibit.sha256 != proof.item_sha256:
            report.problems.append(f"{name}: its recorded SHA-256 was changed after timestamping")
        if current != proof.item_sha256:
            report.problems.append(f"{name} has changed since it was timestamped")
        try:
            root = merkle.root_from_path(leaf_of(proof), merkle.path_from_json(proof.path))
        except (ValueError, TypeError):
            root = b""
        if root.hex() != proof.batch.root:
            report.problems.append(f"{name}: its Merkle path does not lead to the timestamped root")
        problem = token_problem(proof.batch)
        if problem:
            report.problems.append(f"{name}: timestamp token of batch {proof.batch.pk}: {problem}")
        if proof.batch not in report.batches:
            report.batches.append(proof.batch)
    report.not_yet = (
        scoped(Evidence, log).filter(timestamp_proof__isnull=True).count()
        + scoped(Incident, log).filter(timestamp_proof__isnull=True).count()
        + scoped(Amendment, log).filter(timestamp_proof__isnull=True).count()
    )
    return report
