"""Text read from files for search: OCR of screenshots (in the background, sealed, shown as
possibly mistaken), text of PDFs, Word, Excel, PowerPoint and OpenDocument files, and dates,
times and phone numbers offered as suggestions, never filled in."""

import pytest
from django.urls import reverse

from evidence import sniff
from evidence.models import Evidence
from evidence.services import store_upload
from evidence.suggestions import find_dates, find_phone_numbers
from tests.conftest import searched
from tests.evidence import corpus, files
from tests.evidence.conftest import upload


def stored(victim, name, data, **fields):
    evidence = store_upload(victim.log, victim, upload(name, data), **fields)
    return Evidence.objects.select_related("log").get(pk=evidence.pk)


def test_screenshot_text_is_read_and_sealed(victim):
    evidence = stored(victim, "Screenshot.png", files.screenshot_with_text())
    assert evidence.reading == "done"
    assert "where you live" in evidence.text
    assert evidence.metadata["text_from"] == "image"
    raw = Evidence.objects.values_list("text_sealed", flat=True).get(pk=evidence.pk)
    assert b"where you live" not in bytes(raw)


def test_screenshot_text_is_not_read_in_the_upload_request(victim, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    evidence = store_upload(victim.log, victim, upload("s.png", files.screenshot_with_text()))
    assert evidence.reading == "waiting" and evidence.text == ""
    assert evidence.has_preview  # the preview is made at once; only the text waits


def test_a_picture_without_words_has_no_text(victim):
    evidence = stored(victim, "photo.jpg", files.jpeg())
    assert evidence.text == ""
    assert "suggestions" not in evidence.metadata


def test_exhibit_page_shows_the_text_with_a_warning_and_offers_suggestions(victim, victim_client):
    evidence = stored(victim, "Screenshot.png", files.screenshot_with_text())
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "Text read from the image (may contain mistakes)" in page
    assert "where you live" in page
    edit = reverse("exhibit_edit", args=[evidence.pk])
    assert f"{edit}?content_date=2024-03-02T21%3A14" in page
    assert "use 2 March 2024, 21:14 as when it was sent or taken" in page
    assert "Phone number +44 7700 900123" in page
    # Offered, not filled in.
    assert Evidence.objects.get(pk=evidence.pk).content_date is None


def test_a_suggested_date_is_only_saved_when_she_saves_it(victim, victim_client):
    evidence = stored(victim, "Screenshot.png", files.screenshot_with_text())
    edit = reverse("exhibit_edit", args=[evidence.pk])
    page = victim_client.get(edit, {"content_date": "2024-03-02T21:14"}).content.decode()
    assert 'value="2024-03-02T21:14"' in page
    assert "may be wrong. Check it, then save" in page
    assert Evidence.objects.get(pk=evidence.pk).content_date is None
    ignored = victim_client.get(edit, {"content_date": "<script>"}).content.decode()
    assert "may be wrong" not in ignored


def test_pdf_text_is_read_for_search(victim):
    evidence = stored(victim, "letter.pdf", files.pdf_with_text())
    assert "wait outside the school" in evidence.text
    assert evidence.metadata["text_from"] == "document"


def test_scanned_pdf_of_100_pages_is_kept_and_says_it_holds_no_text(victim):
    evidence = stored(victim, "scan.pdf", files.scanned_pdf(100))
    assert evidence.text == ""
    assert "Its 100 pages hold no text to read" in evidence.note_text


def test_damaged_pdf_is_kept_with_a_note(victim):
    evidence = stored(victim, "cut.pdf", files.pdf_with_text()[:120])
    assert evidence.note_text.startswith("Kept as it is, but its text was not read")


def test_word_document_text_is_read_and_its_date_suggested(victim):
    data = files.docx()
    assert sniff.detect(data[: sniff.HEAD_BYTES]) is sniff.DOCX
    evidence = stored(victim, "statement.docx", data)
    assert evidence.kind == Evidence.Kind.DOCUMENT
    assert "followed me home" in evidence.text
    assert evidence.metadata["suggestions"]["dates"][0]["value"] == "2024-03-05T18:40"


def test_evidence_list_finds_words_read_from_a_screenshot(victim, victim_client):
    stored(victim, "Screenshot.png", files.screenshot_with_text())
    stored(victim, "photo.jpg", files.jpeg())
    page = searched(victim_client, reverse("exhibit_list"), q="WHERE you")
    assert "Screenshot.png" in page and "photo.jpg" not in page
    assert "1 exhibit match" in page


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("log.xlsx", corpus.xlsx_spec, "school gates"),
        ("timeline.pptx", corpus.pptx_spec, "messages every night"),
        ("diary.odt", corpus.odt_spec, "outside"),
        ("calls.ods", corpus.ods_spec, "Withheld number"),
        ("timeline.odp", corpus.odp_spec, "home twice"),
    ],
)
def test_office_and_opendocument_text_is_found_by_the_evidence_list(
    victim, victim_client, name, make, words
):
    evidence = stored(victim, name, make())
    assert evidence.kind == Evidence.Kind.DOCUMENT
    assert evidence.metadata["text_from"] == "document"
    stored(victim, "statement.docx", files.docx())
    page = searched(victim_client, reverse("exhibit_list"), q=words)
    assert name in page and "statement.docx" not in page


def test_dates_are_read_day_first_with_the_time_on_their_line():
    found = find_dates("Sat 2 Mar 2024 21:14\n03/04/2024, 9:05 pm - Sam: hi\n31/02/2024")
    assert [date["value"] for date in found] == ["2024-03-02T21:14", "2024-04-03T21:05"]


def test_phone_numbers_are_found_in_the_forms_people_write():
    text = "ring 07700 900123, +44 7700 900999 or (020) 7946 0018; order no. 12345678"
    assert find_phone_numbers(text) == ["+44 7700 900123", "+44 7700 900999"]


def test_a_screenshot_uploaded_again_looks_the_same_as_the_first(victim, victim_client):
    from evidence.selectors import looks_like

    first = stored(victim, "Screenshot 1.png", files.screenshot_with_text())
    other = stored(victim, "other.png", files.png_screenshot())
    # The same screen saved again as JPEG (as a messaging app re-sends it): other bytes.
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.open(BytesIO(files.screenshot_with_text())).convert("RGB").save(out, "JPEG", quality=70)
    again = stored(victim, "IMG_0101.jpg", out.getvalue())
    assert again.sha256 != first.sha256
    assert again.metadata["looks_like"] == [first.exhibit_ref]
    assert "looks_like" not in other.metadata
    page = victim_client.get(reverse("exhibit_detail", args=[again.pk])).content.decode()
    assert "JS/3 looks the same as JS/1" in page
    assert looks_like(victim.log, other.perceptual_hash) == ["JS/2"]


def test_upload_page_warns_that_a_picture_looks_the_same(victim, victim_client):
    stored(victim, "Screenshot 1.png", files.screenshot_with_text())
    response = victim_client.post(
        reverse("exhibit_upload"),
        {"files": [upload("Screenshot 2.png", files.screenshot_with_text())]},
        follow=True,
    )
    assert "JS/2 looks the same as JS/1" in response.content.decode()


def test_timeline_search_finds_an_incident_by_words_in_its_screenshot(victim, victim_client):
    from tests.evidence.factories import make_incident

    shown = make_incident(victim.log, victim)
    make_incident(victim.log, victim)
    store_upload(
        victim.log,
        victim,
        upload("Screenshot.png", files.screenshot_with_text()),
        attach=shown.exhibits.add,
    )
    page = searched(victim_client, reverse("timeline"), q="where you live")
    assert "1 of 2 incidents match" in page
    assert reverse("incident_detail", args=[shown.pk]) in page
