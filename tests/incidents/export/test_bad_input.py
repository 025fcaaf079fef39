"""Bad input still gives a readable document: nothing lost, nothing off the page."""

import logging
import re
import subprocess
import tempfile

from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_html, render_pdf
from incidents.models import Incident

from .conftest import add_incident, add_person, at, pdf_pages, pdf_text

MM = 72 / 25.4
SIDE_MARGIN = 16 * MM


def words_off_the_page(pdf: bytes) -> list[str]:
    """Words (pdftotext -bbox) that cross the left or right page margin."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        html = subprocess.run(
            ["pdftotext", "-bbox", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    off = []
    for page in re.finditer(r'<page width="([\d.]+)".*?</page>', html, re.S):
        width = float(page.group(1))
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            page.group(0),
        ):
            if float(x_min) < SIDE_MARGIN - 1 or float(x_max) > width - SIDE_MARGIN + 1:
                off.append(word)
    return off


def export(log, user):
    return render_pdf(build_document(log, ExportOptions(), user), workers=1)


def test_a_log_with_no_incidents_gives_a_short_readable_document(victim):
    pdf = export(victim.log, victim)
    pages = pdf_pages(pdf)
    assert len(pages) <= 6
    text = pdf_text(pdf)
    assert "No incidents" in text
    assert "What this document leaves out" in text


def test_a_20000_character_incident_is_printed_in_full_within_the_page(victim):
    description = " ".join(f"w{n:05d}" for n in range(2858))[:20_000]
    assert len(description) == 20_000
    add_incident(victim.log, victim, at(1), description)
    pdf = export(victim.log, victim)
    text = pdf_text(pdf).replace("\n", " ")
    assert "w00000" in text and "w02856" in text
    assert words_off_the_page(pdf) == []


def test_a_300_character_word_wraps_inside_the_page(victim):
    word = "x" * 150 + "y" * 150
    person = add_person(victim.log, "z" * 300)
    incident = add_incident(
        victim.log, victim, at(1), word, exact_words=word, location_type="public", location=word
    )
    incident.people.add(person)
    pdf = export(victim.log, victim)
    assert words_off_the_page(pdf) == []
    assert pdf_text(pdf).replace("\n", "").count(word) >= 2


def test_right_to_left_text_with_numbers_runs_right_to_left_with_real_glyphs(victim, caplog):
    arabic = "اتصل بي 23 مرة بين 21:02 و 23:40"
    add_incident(victim.log, victim, at(1), f"{arabic}\n\nThen he said 12 words in English.")
    doc = build_document(victim.log, ExportOptions(), victim)
    html = render_html(doc)
    assert f'<p dir="rtl">{arabic}</p>' in html
    assert "<p>Then he said 12 words in English.</p>" in html
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf(doc, workers=1)
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    text = pdf_text(pdf)
    for number in ("23", "21:02", "23:40"):
        assert number in text
    assert words_off_the_page(pdf) == []


def test_every_kind_of_place_and_time_still_reads_when_nothing_optional_is_given(victim):
    add_incident(victim.log, victim, at(1), "x", time_precision=Incident.Precision.DATE)
    text = pdf_text(export(victim.log, victim))
    assert "(date only)" in text
