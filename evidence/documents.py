"""Text from documents for search: PDFs (pypdf), and the zipped XML of Word, Excel and
PowerPoint files (.docx, .xlsx, .pptx) and of LibreOffice's OpenDocument files (.odt, .ods,
.odp), read with defusedxml (no DTD, so no entity bombs) from inside the zip under the
archive limits (no zip bombs). Read in the background worker.

A scanned PDF holds pictures of pages, not text: that is said, not guessed at.
"""

import io
import re

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext_noop

from evidence.parsers.archive import read_zip
from evidence.parsers.base import ParseProblem
from stalklog.core.said import Said

MAX_PAGES = 500
MAX_TEXT_CHARS = 1_000_000
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PRESENTATION = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_RELATION = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


class DocumentProblem(Exception):
    """The document's text cannot be read; the message says why."""


def pdf_text(data: bytes) -> tuple[str, list[str]]:
    """(text, notes) of a PDF's pages."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    notes = []
    try:
        reader = PdfReader(io.BytesIO(data))
        # Many PDFs (bank statements, letters from a solicitor) are encrypted only against
        # printing or copying, with an empty password to open them: those read as usual.
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentProblem(
                Said.gettext(
                    "it is protected with a password. If you know it, open the file, save "
                    "or print a copy without the password, and upload that too (this one "
                    "stays as it is)"
                )
            )
        pages = reader.pages
        count = len(pages)
        parts, total = [], 0
        for number in range(min(count, MAX_PAGES)):
            text = pages[number].extract_text() or ""
            parts.append(text.strip())
            total += len(text)
            if total > MAX_TEXT_CHARS:
                notes.append(
                    Said.ngettext(
                        "Only the text of the first page was read.",
                        "Only the text of the first %(count)s pages was read.",
                        number + 1,
                        count=number + 1,
                    )
                )
                break
    except DocumentProblem:
        raise
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
    ) as error:
        raise DocumentProblem(Said.gettext("it is damaged or incomplete")) from error
    if count > MAX_PAGES:
        notes.append(
            Said.gettext(
                "Only the first %(most)s of its %(count)s pages were read.",
                most=MAX_PAGES,
                count=count,
            )
        )
    text = "\n\n".join(part for part in parts if part)[:MAX_TEXT_CHARS]
    if not text.strip():
        notes.append(
            Said.ngettext(
                "Its %(count)s page holds no text to read (it is a picture of a page, as in "
                "a scan), so nothing from it can be searched.",
                "Its %(count)s pages hold no text to read (they are pictures of pages, as in "
                "a scan), so nothing from it can be searched.",
                count,
                count=count,
            )
        )
    return text, notes


def _members(data: bytes) -> dict:
    try:
        return dict(read_zip(data))
    except ParseProblem as problem:
        raise DocumentProblem(str(problem)) from problem


def _xml(body: bytes):
    try:
        return fromstring(body, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise DocumentProblem(Said.gettext("the document inside is damaged")) from error


def _finish(text: str) -> tuple[str, list]:
    return re.sub(r"\n{3,}", "\n\n", text).strip()[:MAX_TEXT_CHARS], []


def docx_text(data: bytes) -> tuple[str, list[str]]:
    """(text, notes) of a Word document: its paragraphs, tabs and line breaks."""
    members = _members(data)
    body = members.get("word/document.xml")
    if body is None:
        raise DocumentProblem(Said.gettext("it is a zip archive, but not a Word document"))
    root = _xml(body)
    paragraphs = []
    for paragraph in root.iter(f"{_WORD}p"):
        pieces = []
        for node in paragraph.iter():
            if node.tag == f"{_WORD}t":
                pieces.append(node.text or "")
            elif node.tag == f"{_WORD}tab":
                pieces.append("\t")
            elif node.tag in (f"{_WORD}br", f"{_WORD}cr"):
                pieces.append("\n")
        paragraphs.append("".join(pieces))
    return _finish("\n".join(paragraphs))


_NO_MAIN_PART = gettext_noop("it is a zip archive, but the document's main part is missing")


class _Lines(list):
    """Lines of text that stop growing (raise Full) past MAX_TEXT_CHARS."""

    class Full(Exception):
        pass

    size = 0

    def add(self, size: int) -> None:
        self.size += size
        if self.size > MAX_TEXT_CHARS:
            raise self.Full

    def append(self, line: str) -> None:
        self.add(len(line) + 1)
        super().append(line)


def _parts_in_order(members: dict, main: str, tag: str) -> list[tuple[str, bytes]]:
    """(name, xml) of the parts a workbook's or presentation's main part lists (its sheets,
    its slides), in its order, through its relationships; names that lead outside are
    skipped."""
    folder = main.rsplit("/", 1)[0]
    rels = members.get(f"{folder}/_rels/{main.rsplit('/', 1)[1]}.rels")
    if rels is None:
        return []
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in _xml(rels).iter(f"{_PACKAGE_RELATION}Relationship")
    }
    found = []
    for entry in _xml(members[main]).iter(tag):
        target = targets.get(entry.get(f"{_RELATION}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
        if path in members:
            found.append((entry.get("name") or "", members[path]))
    return found


def _cell_text(cell, shared: list) -> str:
    kind, value = cell.get("t"), cell.find(f"{_SHEET}v")
    if kind == "inlineStr":
        return "".join(node.text or "" for node in cell.iter(f"{_SHEET}t"))
    if value is None or value.text is None:
        return ""
    if kind == "s":
        try:
            return shared[int(value.text)]
        except (ValueError, IndexError):
            return ""
    return value.text  # a number as stored (a date is a day count: it is not guessed at)


def xlsx_text(data: bytes) -> tuple[str, list[str]]:
    """(text, notes) of an Excel workbook: each sheet's name, then its rows, cells by tabs."""
    members = _members(data)
    if "xl/workbook.xml" not in members:
        raise DocumentProblem(Said(_NO_MAIN_PART))
    shared = []
    if "xl/sharedStrings.xml" in members:
        shared = [
            "".join(node.text or "" for node in item.iter(f"{_SHEET}t"))
            for item in _xml(members["xl/sharedStrings.xml"]).iter(f"{_SHEET}si")
        ]
    # A cell may name a long shared string, and a million cells the same one: the text is
    # counted cell by cell and stops at MAX_TEXT_CHARS.
    lines = _Lines()
    try:
        for name, body in _parts_in_order(members, "xl/workbook.xml", f"{_SHEET}sheet"):
            lines.append("\n" + name)
            for row in _xml(body).iter(f"{_SHEET}row"):
                cells = []
                for cell in row.iter(f"{_SHEET}c"):
                    cells.append(_cell_text(cell, shared))
                    lines.add(len(cells[-1]) + 1)
                line = "\t".join(cells).rstrip("\t")
                if line.strip():
                    lines.append(line)
    except _Lines.Full:
        pass
    return _finish("\n".join(lines))


def pptx_text(data: bytes) -> tuple[str, list[str]]:
    """(text, notes) of a PowerPoint presentation: each slide's paragraphs, in its order."""
    members = _members(data)
    if "ppt/presentation.xml" not in members:
        raise DocumentProblem(Said(_NO_MAIN_PART))
    slides = []
    for _, body in _parts_in_order(members, "ppt/presentation.xml", f"{_PRESENTATION}sldId"):
        paragraphs = [
            "".join(node.text or "" for node in paragraph.iter(f"{_DRAWING}t"))
            for paragraph in _xml(body).iter(f"{_DRAWING}p")
        ]
        slides.append("\n".join(line for line in paragraphs if line.strip()))
    return _finish("\n\n".join(slides))


def _odf_paragraph(node) -> str:
    """The text of an OpenDocument paragraph: its spans and links, its spaces (text:s,
    counted), tabs and line breaks."""
    pieces = [node.text or ""]
    for child in node:
        if child.tag == f"{_TEXT}s":
            try:
                pieces.append(" " * min(int(child.get(f"{_TEXT}c", "1")), 10))
            except ValueError:
                pieces.append(" ")
        elif child.tag == f"{_TEXT}tab":
            pieces.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            pieces.append("\n")
        elif child.tag != f"{_OFFICE}annotation":
            pieces.append(_odf_paragraph(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _odf_lines(node, out: list) -> None:
    """Paragraphs and headings in document order; a table's row as one line, its cells by
    tabs. A row or cell "repeated" a million times (how an empty sheet ends) is read once."""
    if node.tag in (f"{_TEXT}p", f"{_TEXT}h"):
        out.append(_odf_paragraph(node))
    elif node.tag == f"{_TABLE}table-row":
        cells = [
            "\n".join(_odf_paragraph(p) for p in cell.iter() if p.tag in (f"{_TEXT}p", f"{_TEXT}h"))
            for cell in node
            if cell.tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
        ]
        line = "\t".join(cells).rstrip("\t")
        if line.strip():
            out.append(line)
    else:
        if node.tag in (f"{_DRAW}page", f"{_TABLE}table"):
            out.append("\n" + (node.get(f"{_DRAW}name") or node.get(f"{_TABLE}name") or ""))
        for child in node:
            _odf_lines(child, out)


def odf_text(data: bytes) -> tuple[str, list[str]]:
    """(text, notes) of an OpenDocument file (.odt, .ods, .odp: LibreOffice, Google Docs'
    download): the text of its content.xml."""
    members = _members(data)
    body = members.get("content.xml")
    if body is None:
        raise DocumentProblem(Said(_NO_MAIN_PART))
    lines = _Lines()
    try:
        _odf_lines(_xml(body), lines)
    except _Lines.Full:
        pass
    except RecursionError as error:  # nested thousands deep: no document is
        raise DocumentProblem(Said.gettext("the document inside is damaged")) from error
    return _finish("\n".join(lines))
