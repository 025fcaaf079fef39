"""The evidence bundle: a ZIP a police officer can verify with tools they already have.

Originals are named by exhibit ref (`JS/4/1` -> `exhibits/JS_4_1.pdf`) and streamed from
encrypted storage into the archive chunk by chunk, re-hashed on the way: memory stays flat
whatever the evidence weighs, and a stored file that no longer matches its SHA-256 stops
the export instead of being handed over.
"""

import hashlib
import json
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from incidents.export.language import ENGLISH, document_language
from incidents.export.pdf import render_pdf
from incidents.export.verifier import render_verify_page
from incidents.timestamps.bundle import CA_FILE_NAME, bundle_proofs
from stalklog.core.streams import ForwardWriter

# Already-compressed formats gain nothing from deflate; store them to save time.
STORED_EXTENSIONS = {
    "jpg",
    "jpeg",
    "png",
    "heic",
    "gif",
    "webp",
    "pdf",
    "zip",
    "mp4",
    "mov",
    "m4a",
    "mp3",
    "ogg",
    "opus",
    "docx",
    "xlsx",
}


class AlteredExhibitError(Exception):
    """A stored original no longer hashes to the SHA-256 taken when it arrived."""


def _iso(moment):
    return moment.isoformat() if moment else None


def manifest(doc, pdf_name: str, pdf_sha256: str, proofs=None) -> dict:
    data = {
        "bundle_id": doc.bundle_id,
        "generated_at": _iso(doc.generated_at),
        "log": doc.log.initials,
        "prepared_by": doc.prepared_by,
        "profile": doc.options.profile,
        "left_out": doc.options.left_out,
        "filters": doc.options.to_json(),
        "time_zone": settings.TIME_ZONE,
        "timeline": {"file": pdf_name, "sha256": pdf_sha256},
        "incidents": [
            {
                "sequence_no": incident.sequence_no,
                "occurred_start": _iso(incident.occurred_start),
                "occurred_end": _iso(incident.occurred_end),
                "time_precision": incident.time_precision,
                "recorded_at": _iso(incident.recorded_at),
                "behaviours": [b.code for b in incident.export_behaviours],
                "exhibits": [exhibit.ref for exhibit in incident.export_exhibits],
                "amendments": len(incident.export_amendments),
            }
            for incident in doc.incidents
        ],
        "exhibits": [_exhibit_entry(exhibit) for exhibit in doc.exhibits],
    }
    if proofs is not None:
        _add_timestamps(data, proofs)
    return data


def _add_timestamps(data, proofs):
    """Each exhibit's and record's trusted-timestamp proof (README.txt says how to check)."""
    for entry in data["exhibits"]:
        entry["timestamp"] = proofs.exhibits.get(entry["ref"])
    for entry in data["incidents"]:
        entry["record_timestamp"] = proofs.incidents.get(entry["sequence_no"])
        entry["correction_timestamps"] = proofs.amendments.get(entry["sequence_no"], [])
    data["timestamps"] = {
        "tokens": [name for name, _ in proofs.token_files()],
        "authority_ca": CA_FILE_NAME if proofs.authority_ca() else None,
        "leaf": "SHA-256(0x00 || nonce || item_sha256)",
        "node": "SHA-256(0x01 || left || right)",
    }


def _exhibit_entry(exhibit) -> dict:
    entry = {
        "ref": exhibit.ref,
        "file": f"exhibits/{exhibit.file_name}" if exhibit.open_original else None,
        "title": exhibit.title,
        "type": exhibit.kind,
        "content_date": _iso(exhibit.content_date),
        "uploaded_at": _iso(exhibit.uploaded_at),
        "size_bytes": exhibit.size_bytes,
        "sha256": exhibit.sha256,
        "incidents": exhibit.incident_sequence_nos,
        "withdrawn": exhibit.withdrawn,
        "screenshot_answers": exhibit.screenshot_notes,
    }
    if exhibit.withheld_original:
        # The original's hash stays, so the officer can ask for it and check it.
        entry["file"] = f"exhibits/{exhibit.copy_name}" if exhibit.copy_name else None
        entry["original"] = {
            "file_name": exhibit.file_name,
            "sha256": exhibit.sha256,
            "size_bytes": exhibit.size_bytes,
            "included": False,
            "why": "it records where the photo was taken (GPS), which the victim chose not "
            "to include; the copy has the same picture and no metadata",
        }
        entry["sha256"] = exhibit.copy_sha256 or None
        entry["size_bytes"] = exhibit.copy_size_bytes or None
        entry["derivative_of_original"] = True
    return entry


def _entry(name, compress=True):
    info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _write_original(archive, exhibit) -> str:
    """Write the exhibit's file (its original, or the copy without its location)."""
    name = f"exhibits/{exhibit.bundle_name}"
    digest = hashlib.sha256()
    compress = name.rsplit(".", 1)[-1].lower() not in STORED_EXTENSIONS
    with archive.open(_entry(name, compress), "w", force_zip64=True) as member:
        for chunk in exhibit.open_bundle_file():
            digest.update(chunk)
            member.write(chunk)
    if digest.hexdigest() != exhibit.bundle_sha256.lower():
        raise AlteredExhibitError(f"exhibit {exhibit.ref} does not match its stored SHA-256")
    return name


def write_bundle(doc, out, *, progress=None) -> int:
    """Write the ZIP to the binary file `out` in one forward pass; return its size."""
    out = ForwardWriter(out)
    sums = []
    pdf = render_pdf(doc, progress=(lambda f, s: progress(f * 0.6, s)) if progress else None)
    pdf_name = f"timeline-{doc.bundle_id}.pdf"
    pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.writestr(_entry(pdf_name, compress=False), pdf)
        sums.append((pdf_sha256, pdf_name))
        del pdf
        originals = [e for e in doc.exhibits if e.open_bundle_file is not None]
        for index, exhibit in enumerate(originals, start=1):
            sums.append((exhibit.bundle_sha256.lower(), _write_original(archive, exhibit)))
            if progress:
                progress(0.6 + 0.35 * index / len(originals), "Adding the original files")
        proofs = bundle_proofs(doc)
        extras = list(proofs.token_files())
        authority_ca = proofs.authority_ca()
        if authority_ca:
            extras.append((CA_FILE_NAME, authority_ca))
        for name, body in extras:
            archive.writestr(_entry(name), body)
            sums.append((hashlib.sha256(body).hexdigest(), name))
        # Machine-read, and the README beside it not yet translated: both in English
        # whatever the PDF's language (language.py), so neither mixes two languages.
        with document_language(ENGLISH):
            manifest_data = manifest(doc, pdf_name, pdf_sha256, proofs)
        manifest_bytes = json.dumps(manifest_data, indent=2).encode()
        archive.writestr(_entry("manifest.json"), manifest_bytes)
        sums.append((hashlib.sha256(manifest_bytes).hexdigest(), "manifest.json"))
        verify_page = _verify_page(doc, sums, proofs).encode()
        archive.writestr(_entry("verify.html"), verify_page)
        sums.append((hashlib.sha256(verify_page).hexdigest(), "verify.html"))
        # Two spaces between hash and name: the format sha256sum -c and shasum -c read.
        archive.writestr(
            _entry("SHA256SUMS"), "".join(f"{digest}  {name}\n" for digest, name in sums)
        )
        with document_language(ENGLISH):
            readme = render_to_string(
                "export/bundle_readme.txt",
                {"doc": doc, "pdf_name": pdf_name, "proofs": proofs, "example": _example(proofs)},
            )
        archive.writestr(_entry("README.txt"), readme)
    return out.bytes_written


def _verify_page(doc, sums, proofs) -> str:
    refs = {f"exhibits/{exhibit.file_name}": exhibit.ref for exhibit in doc.exhibits}
    files = [
        {
            "name": name,
            "sha256": digest,
            "ref": refs.get(name),
            "proof": proofs.exhibits.get(refs.get(name)),
        }
        for digest, name in sums
    ]
    return render_verify_page(bundle_id=doc.bundle_id, files=files)


def _example(proofs):
    """One proof (an exhibit's if any), to show the openssl command with real values."""
    for proof in [*proofs.exhibits.values(), *proofs.incidents.values()]:
        return proof
    return None
