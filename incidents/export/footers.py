"""Stamp "Bundle <id>" and "Page x of y" onto merged pages without laying anything out.

Sections are laid out (and cached) without footers, since page numbers are only known once
they are merged. Each page then gets a few bytes of content stream drawing the footer in
Helvetica, wrapped so nothing the page left in its graphics state can move or hide it.
Only for the plain PDF: PDF/A, which must embed every font, is laid out in one pass.
"""

import pikepdf
from django.utils.translation import gettext as _
from pikepdf import Dictionary, Name

FONT = Name("/SLFooter")
FONT_SIZE = 8
MM = 72 / 25.4
MARGIN_X = 16 * MM
BASELINE_Y = 10 * MM

# Helvetica advance widths (1/1000 em) for the characters footers use.
_WIDTHS = {" ": 278, "-": 333, "P": 667, "a": 556, "g": 556, "e": 556, "o": 556, "f": 278}
_WIDTHS.update({str(digit): 556 for digit in range(10)})


def _text_width(text: str) -> float:
    return sum(_WIDTHS.get(char, 667) for char in text) * FONT_SIZE / 1000


def _escape(text: str) -> str:
    ascii_text = text.encode("ascii", "replace").decode()
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _footer(left: str, right: str, page_width: float) -> bytes:
    x_right = page_width - MARGIN_X - _text_width(right)
    # Marked as a pagination artifact: screen readers skip it, and tagged PDF requires
    # every piece of content to be either structure or artifact.
    return (
        f"Q\nq /Artifact <</Type /Pagination /Subtype /Footer>> BDC 0 g "
        f"BT {FONT} {FONT_SIZE} Tf 1 0 0 1 {MARGIN_X:.2f} {BASELINE_Y:.2f} Tm "
        f"({_escape(left)}) Tj ET\n"
        f"BT {FONT} {FONT_SIZE} Tf 1 0 0 1 {x_right:.2f} {BASELINE_Y:.2f} Tm "
        f"({_escape(right)}) Tj ET EMC Q\n"
    ).encode()


def page_width(page) -> float:
    left, _, right, _ = (float(value) for value in page.mediabox)
    return right - left


def stamp_footers(pdf: pikepdf.Pdf, bundle_id: str):
    """Add the footer to every page of the pikepdf Pdf `pdf`, in the active language (the
    document's: language.document_language). Helvetica here has only Latin-1's letters,
    which English and Welsh footers keep to."""
    total = len(pdf.pages)
    font = pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type1,
            BaseFont=Name.Helvetica,
            Encoding=Name.WinAnsiEncoding,
        )
    )
    save_state = pdf.make_stream(b"q\n")
    left = _("Bundle %(bundle_id)s") % {"bundle_id": bundle_id}
    for number, page in enumerate(pdf.pages, start=1):
        page.contents_add(save_state, prepend=True)
        right = _("Page %(number)s of %(total)s") % {"number": number, "total": total}
        footer = _footer(left, right, page_width(page))
        page.contents_add(pdf.make_stream(footer))
        page.add_resource(font, Name.Font, FONT)
