"""Every script a victim in the UK writes is drawn with a real glyph, never a blank box.

Reading the text back (pdftotext) is not enough: a missing glyph still carries its Unicode
value. So the test listens for WeasyPrint's ".notdef" warning, and reads the fonts the PDF
embeds.
"""

import io
import logging

import pikepdf

from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf

from .conftest import add_incident, add_person, at, pdf_text

SAMPLES = {
    "Polish": "Zażółć gęślą jaźń",
    "Romanian": "Șoseaua și țara",
    "Welsh": "Ŵyr ŷd ŵ",
    "Greek": "Με ακολουθούσε",
    "Cyrillic": "Он шёл за мной",
    "Arabic": "كان يتبعني 24 مرة",
    "Urdu": "اس نے مجھے ۱۲ بار فون کیا",
    "Bengali": "আমি ভয় পেয়েছিলাম",
    "Gurmukhi": "ਮੈਨੂੰ ਡਰ ਲੱਗਿਆ",
    "Devanagari": "मुझे डर लगा",
    "Gujarati": "મને ડર લાગ્યો",
    "Tamil": "எனக்கு பயமாக இருந்தது",
    "Chinese": "他一直跟着我",
    "Japanese": "彼は私をつけてきた",
    "Korean": "그가 나를 따라왔다",
    "Emoji": "😡🔪📱👀",
}
# The font families print.css names for them: each must be embedded.
EXPECTED_FONTS = (
    "DejaVu",
    "Noto-Naskh-Arabic",
    "Noto-Sans-Bengali",
    "Noto-Sans-Gurmukhi",
    "Noto-Sans-Devanagari",
    "Noto-Sans-Gujarati",
    "Noto-Sans-Tamil",
    "Noto-Sans-CJK",
    "Noto-Color-Emoji",
)


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for font in page.resources.get("/Font", {}).values():
                names.add(str(font.get("/BaseFont", "")).split("+", 1)[-1])
    return names


def test_every_script_is_drawn_with_a_real_glyph(victim, caplog):
    log = victim.log
    text = "\n".join(f"{script}: {sample}" for script, sample in SAMPLES.items())
    add_incident(log, victim, at(1), text, exact_words=SAMPLES["Urdu"] + " " + SAMPLES["Tamil"])
    add_person(log, SAMPLES["Chinese"] + " " + SAMPLES["Bengali"])
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(build_document(log, ExportOptions(), victim), workers=1)
    missing = [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()]
    assert missing == []
    fonts = embedded_fonts(pdf)
    for family in EXPECTED_FONTS:
        assert any(name.startswith(family) for name in fonts), (family, fonts)
    assert "Zażółć gęślą jaźń" in pdf_text(pdf)


def test_a_missing_glyph_would_be_noticed(victim, caplog):
    # The check above relies on WeasyPrint's warning: a character no font has must raise it.
    add_incident(victim.log, victim, at(1), "A private-use character: \ue000")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(build_document(victim.log, ExportOptions(), victim), workers=1)
    assert any(".notdef" in r.getMessage() for r in caplog.records)


def test_digits_and_spaces_are_not_drawn_with_the_emoji_font(victim):
    # Noto Color Emoji has digits too; drawn with it, "2026" came out spaced like "2 0 2 6".
    add_incident(victim.log, victim, at(1), "He called 23 times on 1 March 2026 #1 *2")
    pdf = render_pdf(build_document(victim.log, ExportOptions(), victim), workers=1)
    assert not [name for name in embedded_fonts(pdf) if "Emoji" in name]
