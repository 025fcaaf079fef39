import io

import pytest
from pypdf import PdfReader

from evidence.models import Evidence
from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf

from .conftest import pdf_text


def export(log, user, **options):
    return render_pdf(build_document(log, ExportOptions(**options), user), workers=1)


def test_exhibit_refs_and_hashes_match_the_stored_ones(evidence_log, victim):
    log, _ = evidence_log
    text = pdf_text(export(log, victim)).replace("\n", "")
    stored = list(Evidence.objects.filter(log=log))
    assert len(stored) == 4  # the e-mail's attachment is JS/2/1
    for exhibit in stored:
        assert exhibit.exhibit_ref in text
        assert exhibit.sha256 in text


def test_incidents_name_their_exhibits(evidence_log, victim):
    log, exhibits = evidence_log
    text = pdf_text(export(log, victim))
    assert f"Exhibits: {exhibits['photo'].exhibit_ref}" in text


def test_photo_preview_is_printed_inline(evidence_log, victim):
    log, _ = evidence_log
    reader = PdfReader(io.BytesIO(export(log, victim)))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) >= 2  # the photo and the e-mail's attached photo


def test_email_is_printed_as_text(evidence_log, victim):
    log, _ = evidence_log
    text = pdf_text(export(log, victim))
    assert "Subject: I know where you were last night" in text
    assert "You were at the pub on the high street" in text
    assert "alert('x')" not in text  # the HTML part is never rendered


def test_gps_is_printed_only_when_she_chooses_it(evidence_log, victim):
    log, _ = evidence_log
    assert "51.5007" in pdf_text(export(log, victim, include_gps=True))


@pytest.mark.parametrize("profile", ["police", "caseworker"])
def test_every_profile_leaves_out_gps_by_default_and_says_so(evidence_log, victim, profile):
    log, _ = evidence_log
    text = pdf_text(export(log, victim, profile=profile))
    assert "51.5007" not in text
    assert "GPS locations found in photos" in text.replace("\n", " ")


def test_filtered_export_lists_only_the_exhibits_of_its_incidents(evidence_log, victim):
    log, exhibits = evidence_log
    text = pdf_text(export(log, victim, behaviour_codes=("contacting",)))
    assert exhibits["email"].sha256 in text.replace("\n", "")
    assert exhibits["photo"].sha256 not in text.replace("\n", "")
