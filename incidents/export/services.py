"""The export entry points shared by the export page, the background task and the commands."""

import dataclasses

from incidents.export.bundle import write_bundle
from incidents.export.document import build_document
from incidents.export.language import document_language
from incidents.export.options import ExportOptions
from incidents.export.pdf import press_pdf, render_html, render_pdf
from stalklog.casefile import audit

FORMATS = ("pdf", "html")


@dataclasses.dataclass
class ExportResult:
    bundle_id: str
    incident_count: int
    exhibit_count: int
    size_bytes: int


def export_timeline(
    log, user, options: ExportOptions, out, *, fmt="pdf", progress=None, rows_fingerprint=None
):
    """Write the timeline (PDF, or HTML for printing elsewhere) to the binary file `out`;
    `rows_fingerprint`: see pdf.press_pdf."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    # In the document's language, whatever the language of the page that asked for it.
    with document_language(options.language):
        # After the warm-up, the rows' fingerprint finds the document laid out: only its
        # cover is made, from the facts kept with it, and nothing else is read.
        pressed = (
            press_pdf(log, options, user, progress=progress, rows_fingerprint=rows_fingerprint)
            if fmt == "pdf"
            else None
        )
        if pressed is not None:
            data, doc = pressed
        else:
            doc = build_document(log, options, user)
            data = render_pdf(doc, progress=progress) if fmt == "pdf" else render_html(doc).encode()
    out.write(data)
    _audit(log, user, doc, f"timeline {fmt}")
    return ExportResult(doc.bundle_id, doc.incident_count, doc.exhibit_count, len(data))


def export_bundle(log, user, options: ExportOptions, out, *, progress=None):
    """Write the ZIP evidence bundle (PDF, originals, manifest, SHA256SUMS) to `out`."""
    with document_language(options.language):
        doc = build_document(log, options, user)
        size = write_bundle(doc, out, progress=progress)
    _audit(log, user, doc, "bundle zip")
    return ExportResult(doc.bundle_id, doc.incident_count, doc.exhibit_count, size)


def _audit(log, user, doc, what):
    audit.record(
        log,
        user,
        "exported",
        f"{what} {doc.bundle_id}",
        f"profile {doc.options.profile}, {doc.incident_count} incidents, "
        f"{doc.exhibit_count} exhibits",
    )
