"""The export entry points shared by the export page, the background task and the commands."""

import dataclasses

from incidents.export.bundle import write_bundle
from incidents.export.document import build_document
from incidents.export.language import document_language
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_html, render_pdf
from stalklog.casefile import audit

FORMATS = ("pdf", "html")


@dataclasses.dataclass
class ExportResult:
    bundle_id: str
    incident_count: int
    exhibit_count: int
    size_bytes: int


def export_timeline(log, user, options: ExportOptions, out, *, fmt="pdf", progress=None):
    """Write the timeline (PDF, or HTML for printing elsewhere) to the binary file `out`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    # In the document's language, whatever the language of the page that asked for it.
    with document_language(options.language):
        doc = build_document(log, options, user)
        data = render_pdf(doc, progress=progress) if fmt == "pdf" else render_html(doc).encode()
    out.write(data)
    _audit(log, user, doc, f"timeline {fmt}")
    return ExportResult(doc.bundle_id, len(doc.incidents), len(doc.exhibits), len(data))


def export_bundle(log, user, options: ExportOptions, out, *, progress=None):
    """Write the ZIP evidence bundle (PDF, originals, manifest, SHA256SUMS) to `out`."""
    with document_language(options.language):
        doc = build_document(log, options, user)
        size = write_bundle(doc, out, progress=progress)
    _audit(log, user, doc, "bundle zip")
    return ExportResult(doc.bundle_id, len(doc.incidents), len(doc.exhibits), size)


def _audit(log, user, doc, what):
    audit.record(
        log,
        user,
        "exported",
        f"{what} {doc.bundle_id}",
        f"profile {doc.options.profile}, {len(doc.incidents)} incidents, "
        f"{len(doc.exhibits)} exhibits",
    )
