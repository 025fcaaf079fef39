"""What makes a screenshot useful: three quick questions asked when she uploads pictures (the
upload page, an incident's "Add evidence", and afterwards on the exhibit's edit page for a
photo taken with the camera), kept on the exhibit and printed honestly in every exhibit list."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import Evidence
from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_html, render_pdf
from stalklog.casefile.models import AccessEvent
from tests.evidence import files
from tests.evidence.factories import make_exhibit, make_incident
from tests.incidents.export.conftest import pdf_text

ANSWERS = {"sender_visible": "yes", "date_visible": "no", "whole_conversation": "unsure"}


def upload(client, *named, url=None, **fields):
    uploads = [SimpleUploadedFile(name, data) for name, data in named]
    return client.post(url or reverse("exhibit_upload"), {"files": uploads, **fields})


def test_the_upload_page_asks_the_three_questions_with_a_tip_per_phone(victim_client):
    page = victim_client.get(reverse("exhibit_upload")).content.decode()
    assert "If it is a screenshot: three quick questions" in page
    for label in ("Sender&#x27;s name or number visible?", "Date and time visible?",
                  "Whole conversation, uncropped?"):  # fmt: skip
        assert label in page
    assert page.count('value="unsure"') == 3 and "Not sure" in page
    assert "<strong>iPhone:</strong> press the side button and volume up together" in page
    assert "<strong>Android:</strong> press power and volume down together" in page
    assert "checked" not in page.split("three quick questions")[1].split("</fieldset>")[0]


def test_the_answers_are_kept_on_the_uploaded_picture(victim_client, victim):
    response = upload(victim_client, ("Screenshot_2026.png", files.png_screenshot()), **ANSWERS)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.sender_visible, evidence.date_visible, evidence.whole_conversation) == (
        "yes", "no", "unsure",
    )  # fmt: skip
    page = victim_client.get(response["Location"]).content.decode()
    assert "sender&#x27;s name or number visible; date and time not visible in screenshot" in page


def test_the_answers_go_to_each_picture_and_not_to_other_files(victim_client, victim):
    upload(
        victim_client,
        ("one.png", files.png_screenshot()),
        ("two.jpg", files.jpeg()),
        ("mail.eml", files.eml_with_attachment()),
        **ANSWERS,
    )
    for evidence in Evidence.objects.filter(parent=None):
        expected = "no" if evidence.detected_type.startswith("image/") else ""
        assert evidence.date_visible == expected, evidence.original_name


def test_unanswered_questions_are_kept_as_unanswered(victim_client, victim):
    upload(victim_client, ("shot.png", files.png_screenshot()), date_visible="no")
    evidence = Evidence.objects.get()
    assert (evidence.sender_visible, evidence.date_visible, evidence.whole_conversation) == (
        "", "no", "",
    )  # fmt: skip


def test_an_answer_that_is_not_offered_is_refused_and_nothing_saved(victim_client):
    response = upload(victim_client, ("shot.png", files.png_screenshot()), date_visible="maybe")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Evidence.objects.exists()


def test_answers_given_on_an_incidents_add_evidence_are_kept(victim_client, victim):
    incident = make_incident(victim.log, victim)
    url = reverse("exhibit_upload") + f"?incident={incident.pk}"
    page = victim_client.get(url).content.decode()
    assert "three quick questions" in page
    upload(
        victim_client, ("shot.png", files.png_screenshot()), url=url,
        incident=str(incident.pk), whole_conversation="no",
    )  # fmt: skip
    evidence = Evidence.objects.get()
    assert evidence.whole_conversation == "no"
    assert list(evidence.incidents.all()) == [incident]


def test_a_camera_photo_offers_the_questions_on_its_page(victim_client, victim):
    evidence = make_exhibit(victim.log, victim, "IMG_0001.jpg")
    page = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "Not answered." in page
    assert f'href="/evidence/{evidence.pk}/edit/#screenshot">Answer three quick questions' in page


def test_the_answers_can_be_changed_on_the_edit_page(victim_client, victim):
    evidence = make_exhibit(victim.log, victim, "shot.png", data=files.png_screenshot())
    url = reverse("exhibit_edit", args=[evidence.pk])
    page = victim_client.get(url).content.decode()
    assert "Not answered" in page and 'id="screenshot"' in page
    response = victim_client.post(
        url,
        {"title": "His messages", "kind": "screenshot", "date_visible": "yes",
         "sender_visible": "no", "whole_conversation": ""},
    )  # fmt: skip
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert (evidence.sender_visible, evidence.date_visible, evidence.whole_conversation) == (
        "no", "yes", "",
    )  # fmt: skip
    assert AccessEvent.objects.filter(action="amended", detail__contains="date_visible").exists()


def test_the_edit_page_of_an_email_does_not_ask(victim_client, victim):
    evidence = make_exhibit(victim.log, victim, "mail.eml", data=files.eml_with_attachment())
    page = victim_client.get(reverse("exhibit_edit", args=[evidence.pk])).content.decode()
    assert "three quick questions" not in page


def test_another_victims_exhibit_cannot_be_answered_for(other_client, victim):
    evidence = make_exhibit(victim.log, victim, "shot.png", data=files.png_screenshot())
    response = other_client.post(
        reverse("exhibit_edit", args=[evidence.pk]),
        {"title": "x", "kind": "screenshot", "date_visible": "yes"},
    )
    assert response.status_code == 404
    evidence.refresh_from_db()
    assert evidence.date_visible == ""


def test_the_pdf_exhibit_list_prints_the_answers_as_given(victim, settings):
    log = victim.log
    answered = make_exhibit(
        log, victim, "shot.png", data=files.png_screenshot(),
        screenshot_answers=ANSWERS, title="His messages",
    )  # fmt: skip
    make_exhibit(log, victim, "other.png", data=files.png_screenshot(), title="Not answered")
    text = " ".join(pdf_text(render_pdf(build_document(log, ExportOptions(), victim))).split())
    assert (
        "sender's name or number visible; date and time not visible in screenshot; "
        "not sure whether it shows the whole conversation"
    ) in text
    assert text.count("As the victim answered:") == 1  # none for the unanswered one
    assert answered.exhibit_ref in text


def test_the_caseworker_print_and_the_html_export_print_them_too(victim):
    make_exhibit(
        victim.log, victim, "shot.png", data=files.png_screenshot(),
        screenshot_answers={"whole_conversation": "no"},
    )  # fmt: skip
    html = render_html(build_document(victim.log, ExportOptions(profile="caseworker"), victim))
    assert "cropped: not the whole conversation" in html


def test_answers_sent_with_a_picture_sent_in_parts_are_kept(victim_client, victim):
    from tests.evidence.test_resumable import finish, send_all

    pk = send_all(victim_client, "Screenshot_weak_signal.png", files.png_screenshot())
    response = finish(victim_client, pk, date_visible="no", sender_visible="yes")
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.sender_visible, evidence.date_visible) == ("yes", "no")
