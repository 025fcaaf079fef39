"""The timestamp proofs an evidence bundle carries: the authority's tokens as files, and for
each exhibit and record its hash, leaf nonce, Merkle path and root (manifest.json)."""

import dataclasses

from django.conf import settings

from stalklog.casefile.access import scoped

from .models import TimestampBatch, TimestampProof

TOKENS_FOLDER = "timestamps"
CA_FILE_NAME = f"{TOKENS_FOLDER}/authority-ca.pem"


@dataclasses.dataclass
class BundleProofs:
    exhibits: dict  # exhibit ref -> proof (JSON)
    incidents: dict  # sequence number -> proof (JSON)
    amendments: dict  # sequence number -> [proof (JSON)] in order
    batches: list  # TimestampBatch rows whose tokens go in the bundle

    def token_files(self):
        """(file name in the bundle, token bytes) for every batch used."""
        for batch in self.batches:
            yield f"{TOKENS_FOLDER}/{batch.token_name}", bytes(batch.response)

    def authority_ca(self) -> bytes | None:
        path = settings.STALKLOG_TSA_CA_FILE
        if not path or not self.batches:
            return None
        with open(path, "rb") as pem:
            return pem.read()


def _json(proof, batch) -> dict:
    return {
        "item_sha256": proof.item_sha256,
        "nonce": proof.nonce,
        "path": proof.path,
        "root": batch.root,
        "time": batch.gen_time.isoformat(),
        "token": f"{TOKENS_FOLDER}/{batch.token_name}",
    }


def bundle_proofs(doc) -> BundleProofs:
    """The proofs of what `doc` exports (one query for proofs, one for their batches)."""
    refs = {exhibit.ref for exhibit in doc.exhibits}
    numbers = {incident.sequence_no for incident in doc.incidents}
    rows = scoped(TimestampProof, doc.log).values_list(
        "kind", "batch_id", "item_sha256", "nonce", "path", "exhibit__exhibit_ref",
        "incident__sequence_no", "amendment__incident__sequence_no", "amendment__amended_at",
    ).order_by("pk")  # fmt: skip
    wanted = []
    for kind, batch_id, sha, nonce, path, ref, number, amended_number, amended_at in rows:
        if (kind == TimestampProof.Kind.EXHIBIT and ref in refs) or (
            (number or amended_number) in numbers
        ):
            wanted.append((kind, batch_id, sha, nonce, path, ref, number or amended_number,
                           amended_at))  # fmt: skip
    batches = {
        batch.pk: batch
        for batch in TimestampBatch.objects.filter(pk__in={row[1] for row in wanted})
    }
    proofs = BundleProofs({}, {}, {}, sorted(batches.values(), key=lambda b: b.pk))
    for kind, batch_id, sha, nonce, path, ref, number, _amended_at in sorted(
        wanted, key=lambda row: (row[7] is not None, row[7] or 0)
    ):
        proof = _json(TimestampProof(item_sha256=sha, nonce=nonce, path=path), batches[batch_id])
        if kind == TimestampProof.Kind.EXHIBIT:
            proofs.exhibits[ref] = proof
        elif kind == TimestampProof.Kind.INCIDENT:
            proofs.incidents[number] = proof
        else:
            proofs.amendments.setdefault(number, []).append(proof)
    return proofs
