"""Text from documents for search: PDFs (pypdf) and Word .docx files (their XML, read with
defusedxml from inside the zip under the archive limits). Read in the background worker.

A scanned PDF holds pictures of pages, not text: that is said, not guessed at.
"""

import io
import re

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from evidence.parsers.archive import read_zip
from evidence.parsers.base import ParseProblem
from stalklog.core.said import Said

MAX_PAGES = 500
MAX_TEXT_CHARS = 1_000_000
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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


def docx_text(data: bytes) -> tuple[str, list[str]]:
    """(text, notes) of a Word document: its paragraphs, tabs and line breaks."""
    try:
        members = dict(read_zip(data))
    except ParseProblem as problem:
        raise DocumentProblem(str(problem)) from problem
    body = members.get("word/document.xml")
    if body is None:
        raise DocumentProblem(Said.gettext("it is a zip archive, but not a Word document"))
    try:
        root = fromstring(body, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise DocumentProblem(Said.gettext("the document inside is damaged")) from error
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
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(paragraphs)).strip()
    return text[:MAX_TEXT_CHARS], []
