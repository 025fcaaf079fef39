"""Word (.docx) drafts with python-docx: A4, the DRAFT mark in every page's header, "Page x
of y" in the footer, nothing about her in the file's properties."""

import datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .impact import DRAFT_MARK as IMPACT_MARK
from .statement import DECLARATION, DRAFT_MARK, LEGAL_BASIS


def _field(paragraph, instruction: str):
    """A Word field (PAGE, NUMPAGES) that Word fills in as it lays out the pages."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def new_document(title: str, mark: str, generated_at: datetime.datetime):
    document = Document()
    # The template's own properties name its author and a 2013 date; an abuser who finds
    # the file should learn nothing about who made it or with what.
    properties = document.core_properties
    properties.author = properties.last_modified_by = ""
    properties.title, properties.subject, properties.comments = title, "", ""
    properties.keywords, properties.category = "", ""
    properties.created = properties.modified = generated_at.replace(tzinfo=None)
    properties.revision = 1
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run(mark)
    run.bold = True
    run.font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    return document


def _labelled(document, label: str, value: str = "", blank: str = "_" * 30):
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value or blank)
    return paragraph


def write_statement_docx(statement, out):
    document = new_document(statement.title, DRAFT_MARK, statement.generated_at)
    # The MG11 is signed on every page ("consisting of __ pages each signed by me"): the
    # signature lines are in the footer, so each page Word lays out has them.
    signatures = document.sections[0].footer.paragraphs[0].insert_paragraph_before()
    signatures.add_run("Signature: " + "_" * 24 + "    Signature witnessed by: " + "_" * 24)
    signatures.runs[0].font.size = Pt(8)
    top = document.add_paragraph()
    # "MG 11" at the right margin, as on the form (a bare tab stops 12.7 mm in).
    top.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    top.add_run("RESTRICTED (when complete)").bold = True
    top.add_run("\tMG 11")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("WITNESS STATEMENT")
    run.bold = True
    run.font.size = Pt(14)
    basis = document.add_paragraph(LEGAL_BASIS)
    basis.alignment = WD_ALIGN_PARAGRAPH.CENTER
    basis.runs[0].font.size = Pt(8)
    _labelled(document, "URN")
    _labelled(document, "Statement of", statement.statement_of)
    _labelled(document, "Age if under 18", "Over 18")
    _labelled(document, "Occupation")
    document.add_paragraph(DECLARATION)
    _labelled(document, "Signature")
    _labelled(document, "Date")
    note = document.add_paragraph()
    note.add_run("About this draft: ").bold = True
    note.add_run(statement.about)
    note.runs[-1].italic = True
    for text in statement.introduction:
        document.add_paragraph(text)
    for entry in statement.entries:
        paragraph = document.add_paragraph()
        paragraph.add_run(entry.opening + " ")
        paragraph.add_run(entry.description)
        if entry.sentences:
            paragraph.add_run(" " + " ".join(entry.sentences))
        for correction in entry.corrections:
            line = document.add_paragraph()
            line.paragraph_format.left_indent = Mm(8)
            line.add_run(correction).italic = True
    document.add_paragraph()
    _labelled(document, "Signature")
    _labelled(document, "Signature witnessed by")
    document.save(out)


def write_impact_docx(summary, out):
    document = new_document(summary.title, IMPACT_MARK, summary.generated_at)
    document.add_heading("How this has affected me", level=1)
    intro = document.add_paragraph()
    intro.add_run(
        "A draft for my Victim Personal Statement, gathered from what I wrote in my log "
        "about how each incident affected me. I can change, add or remove anything: it "
        "says what I want the court to know."
    ).italic = True
    counts = document.add_paragraph(
        # The boxes she ticked, in the form's words ("It caused me alarm or distress"),
        # never turned into the legal tests ("serious alarm or distress", "substantial
        # adverse effect"): whether those are met is for the police and the court.
        f"Of the {summary.incident_count} incidents in my log, I recorded that "
        f"{summary.feared_violence} made me fear violence, "
        f"{summary.alarm_or_distress} caused me alarm or distress and "
        f"{summary.daily_life} changed my daily life."
    )
    counts.paragraph_format.space_after = Pt(12)
    if not summary.themes:
        document.add_paragraph("I have not yet written about the effects in my log.")
    for heading, entries in summary.themes:
        document.add_heading(heading, level=2)
        for entry in entries:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{entry.date} (incident {entry.sequence_no}): ").bold = True
            paragraph.add_run(entry.text)
    document.add_heading("What I want the court to know", level=2)
    for _ in range(4):
        document.add_paragraph("_" * 70)
    note = document.add_paragraph()
    note.add_run(
        f"Prepared {summary.generated_at:%d/%m/%Y}, reference {summary.bundle_id}. An entry "
        "can appear under more than one heading. Private notes are not included."
    ).italic = True
    document.save(out)
