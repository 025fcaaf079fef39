"""Text a computer read in an exhibit (OCR of a screenshot, a PDF's or .docx's text) is
printed in the exhibit list, labelled as machine-read and cut short; read back from the PDF."""

import pytest
from django.core.files.base import ContentFile

from evidence.models import Evidence
from evidence.services import store_upload
from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf
from tests.evidence.files import png_screenshot

from .conftest import pdf_text

IMAGE_LABEL = "Text read from the image by a computer (may contain mistakes)"
DOCUMENT_LABEL = "Text read from the document by a computer (may contain mistakes)"


def exhibit_with_text(log, user, text, *, source="image", name="Screenshot.png"):
    data = png_screenshot() if source == "image" else b"%PDF-1.4\n% a letter\n%%EOF\n"
    evidence = store_upload(log, user, ContentFile(data, name=name))
    evidence = Evidence.objects.select_related("log").get(pk=evidence.pk)
    # What the worker would have read (evidence.reading), set here so the test needs no OCR.
    evidence.text = text
    evidence.metadata = {**evidence.metadata, "text_from": source}
    evidence.save()
    return evidence


def printed(log, user, **options) -> str:
    pdf = render_pdf(build_document(log, ExportOptions(**options), user), workers=1)
    return " ".join(pdf_text(pdf).split())


def test_text_read_from_a_screenshot_is_printed_with_its_label(victim):
    exhibit_with_text(victim.log, victim, "You can't hide from me. Saw you at the station 21:40")
    text = printed(victim.log, victim)
    assert IMAGE_LABEL in text
    assert "You can't hide from me. Saw you at the station 21:40" in text


def test_a_documents_text_has_its_own_label(victim):
    exhibit_with_text(
        victim.log, victim, "Notice to quit the flat", source="document", name="letter.pdf"
    )
    text = printed(victim.log, victim, profile="caseworker")
    assert DOCUMENT_LABEL in text and "Notice to quit the flat" in text


def test_long_text_is_cut_short_and_says_how_long_it_is(victim):
    words = " ".join(f"word{n:04d}" for n in range(1000))  # 8,999 characters
    exhibit_with_text(victim.log, victim, words)
    text = printed(victim.log, victim)
    assert "word0100" in text and "word0300" not in text
    assert "… continues, 8,999 characters in total." in text


@pytest.mark.parametrize("profile", ["summary"])
def test_profiles_without_exhibit_detail_do_not_print_it(victim, profile):
    from tests.incidents.export.conftest import add_incident, at

    add_incident(victim.log, victim, at(2), "He followed me home.")
    exhibit_with_text(victim.log, victim, "secret words in the screenshot")
    text = printed(victim.log, victim, profile=profile)
    assert IMAGE_LABEL not in text and "secret words" not in text
