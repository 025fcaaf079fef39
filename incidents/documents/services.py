"""Entry points for the drafted documents, shared by the export page and the commands.
Each writes one file and records the export in the log's access log."""

import dataclasses
import io

from incidents.export.document import in_print_language
from stalklog.casefile import audit

from .breaches import build_breach_report
from .impact import build_impact_summary
from .pdf import render_document_pdf
from .statement import DECLARATION, DRAFT_MARK, LEGAL_BASIS, StatementOptions, build_statement
from .word import write_impact_docx, write_statement_docx

STATEMENT_FORMATS = ("docx", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclasses.dataclass
class DocumentResult:
    bundle_id: str
    incident_count: int
    size_bytes: int
    file_name: str


@in_print_language
def export_statement(log, user, out, *, fmt: str, options: StatementOptions) -> DocumentResult:
    """Write the draft witness statement (.docx or .pdf) to the binary file `out`."""
    if fmt not in STATEMENT_FORMATS:
        raise ValueError(f"unknown statement format {fmt!r}")
    statement = build_statement(log, user, options)
    if fmt == "docx":
        buffer = io.BytesIO()
        write_statement_docx(statement, buffer)
        data = buffer.getvalue()
    else:
        data = render_document_pdf(
            "documents/statement.html",
            {
                "statement": statement,
                "mark": DRAFT_MARK,
                "declaration": DECLARATION,
                "legal_basis": LEGAL_BASIS,
                "about": statement.about,
            },
            title=statement.title,
        )
    out.write(data)
    count = len(statement.entries)
    _audit(log, user, f"statement {fmt} {statement.bundle_id}", f"{count} incidents")
    return DocumentResult(
        statement.bundle_id, count, len(data), f"statement-draft-{statement.bundle_id}.{fmt}"
    )


@in_print_language
def export_breach_report(log, user, order, out, *, shows_address=False) -> DocumentResult:
    """Write the breach report (PDF) for `order`, one of `log`'s orders, to `out`."""
    report = build_breach_report(log, user, order, shows_address=shows_address)
    data = render_document_pdf(
        "documents/breach_report.html",
        {"report": report, "shows_address": shows_address},
        title=report.title,
    )
    out.write(data)
    count = len(report.breaches)
    _audit(
        log, user, f"breach report pdf {report.bundle_id}", f"order {order.pk}, {count} incidents"
    )
    return DocumentResult(report.bundle_id, count, len(data), f"breaches-{report.bundle_id}.pdf")


@in_print_language
def export_impact(log, user, out) -> DocumentResult:
    """Write the impact summary (.docx) to `out`."""
    summary = build_impact_summary(log, user)
    buffer = io.BytesIO()
    write_impact_docx(summary, buffer)
    data = buffer.getvalue()
    out.write(data)
    entries = sum(len(entries) for _, entries in summary.themes)
    _audit(log, user, f"impact summary docx {summary.bundle_id}", f"{entries} entries by theme")
    return DocumentResult(
        summary.bundle_id, summary.incident_count, len(data), f"impact-{summary.bundle_id}.docx"
    )


def _audit(log, user, what, detail):
    audit.record(log, user, "exported", what, detail)
