"""Stamp "Bundle <id>" and "Page x of y" onto merged pages without laying anything out.

Sections are laid out (and cached) without footers, since page numbers are only known once
they are merged. Each page then gets a few bytes of content stream drawing the footer in
Helvetica, wrapped so nothing the page left in its graphics state can move or hide it.
Only for the plain PDF: PDF/A, which must embed every font, is laid out in one pass.
"""

from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

FONT = "/SLFooter"
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


def _stream(writer, data: bytes):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _font(writer):
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )


def stamp_footers(writer, bundle_id: str):
    """Add the footer to every page of the pypdf PdfWriter `writer`."""
    pages = writer.pages
    total = len(pages)
    font = _font(writer)
    save_state = _stream(writer, b"q\n")
    left = f"Bundle {bundle_id}"
    for number, page in enumerate(pages, start=1):
        right = f"Page {number} of {total}"
        width = float(page.mediabox.width)
        x_right = width - MARGIN_X - _text_width(right)
        footer = (
            f"Q\nq 0 g BT {FONT} {FONT_SIZE} Tf 1 0 0 1 {MARGIN_X:.2f} {BASELINE_Y:.2f} Tm "
            f"({_escape(left)}) Tj ET\n"
            f"BT {FONT} {FONT_SIZE} Tf 1 0 0 1 {x_right:.2f} {BASELINE_Y:.2f} Tm "
            f"({_escape(right)}) Tj ET Q\n"
        ).encode()
        contents = page.get("/Contents")
        existing = contents.get_object() if contents is not None else None
        if isinstance(existing, ArrayObject):
            parts = list(existing)
        elif contents is not None:
            parts = [contents]
        else:
            parts = []
        page[NameObject("/Contents")] = ArrayObject([save_state, *parts, _stream(writer, footer)])
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        page[NameObject("/Resources")] = resources
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else DictionaryObject()
        if not isinstance(resources.get("/Font"), DictionaryObject) or FONT not in fonts:
            fonts = DictionaryObject(fonts)
            fonts[NameObject(FONT)] = font
            resources[NameObject("/Font")] = fonts
