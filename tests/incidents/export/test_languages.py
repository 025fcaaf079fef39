"""The export in several languages (issue 21): the pages in hers, the police document in
English unless she chooses Welsh or both, and her own words never translated."""

import io
import logging

import pikepdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents.export import language
from incidents.export.cache import SectionCache
from incidents.export.document import build_document
from incidents.export.models import ExportJob
from incidents.export.options import ExportOptions
from incidents.export.services import export_timeline
from tests.conftest import client_for

from .conftest import pdf_pages, pdf_text

PAGE_WORDS = {
    "cy": "Iaith y ddogfen",
    "pl": "Język dokumentu",
    "ur": "دستاویز کی زبان",
}
HER_WORDS = "He followed me home from the station."
ENGLISH_HEADING = "What this document leaves out"
WELSH_HEADING = "Beth mae’r ddogfen hon yn ei adael allan"


def speaking(user, code):
    user.language = code
    user.save(update_fields=["language"])
    return client_for(user)


def made_pdf(client, log, **data):
    response = client.post(reverse("export"), {"profile": "police", "kind": "timeline", **data})
    assert response.status_code == 302
    job = ExportJob.objects.filter(log=log).latest("created_at")
    assert job.status == ExportJob.Status.READY
    response = client.get(reverse("export_download", args=[job.pk]))
    return b"".join(response.streaming_content), job


def no_leftovers(page):
    assert "{%" not in page and "%(" not in page


@pytest.mark.parametrize("code", ["cy", "pl", "ur"])
def test_export_page_and_job_page_are_in_her_language(rich_log, victim, code):
    client = speaking(victim, code)
    page = client.get(reverse("export")).content.decode()
    assert PAGE_WORDS[code] in page
    no_leftovers(page)
    _, job = made_pdf(client, rich_log)
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert {"cy": "Lawrlwytho", "pl": "Pobierz", "ur": "ڈاؤن لوڈ کریں"}[code] in page
    no_leftovers(page)


@pytest.mark.parametrize("code", ["cy", "pl", "ur"])
def test_positions_warning_is_in_her_language(evidence_log, victim, code):
    client = speaking(victim, code)
    response = client.post(reverse("export"), {"profile": "police", "include_gps": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert {"cy": "Meddyliwch cyn eu cynnwys.", "pl": "Zastanów się", "ur": "سوچ لیں"}[code] in page
    no_leftovers(page)


def test_a_running_jobs_stage_and_a_failure_are_shown_in_her_language(victim):
    client = speaking(victim, "cy")
    job = ExportJob.objects.create(
        log=victim.log, requested_by=victim, kind="timeline", stage="Laying out the pages"
    )
    assert (
        "Yn gosod y tudalennau" in client.get(reverse("export_job", args=[job.pk])).content.decode()
    )
    status = client.get(reverse("export_job_status", args=[job.pk])).json()
    assert status["stage"] == "Yn gosod y tudalennau"
    job.status, job.error = ExportJob.Status.FAILED, "You no longer have access to this log."
    job.save()
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "Does gennych chi ddim mynediad i’r cofnod hwn mwyach." in page
    assert job.error == "You no longer have access to this log."  # stored in English


def test_the_default_document_is_english_for_a_polish_speaker(rich_log, victim):
    pdf, job = made_pdf(speaking(victim, "pl"), rich_log)
    text = pdf_text(pdf)
    assert ENGLISH_HEADING in text
    assert "Course of conduct" in text
    assert "Czego ten dokument" not in text and "Zdarzenie" not in text
    assert "Page 1 of" in text
    assert HER_WORDS in text
    assert job.export_options.language == "en"


def test_a_welsh_document_prints_welsh_headings_and_her_words_unchanged(rich_log, victim, caplog):
    client = speaking(victim, "pl")  # the page's language does not choose the document's
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf, _ = made_pdf(client, rich_log, language="cy")
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    text = pdf_text(pdf)
    for welsh in (WELSH_HEADING, "Cwrs ymddygiad", "Rhestr arddangosion", "Tudalen 1 o", "Bwndel"):
        assert welsh in text, welsh
    assert ENGLISH_HEADING not in text and "Page 1 of" not in text
    assert HER_WORDS in text
    assert "I will always find you" in text
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "cy"


def test_a_bilingual_document_prints_both_and_her_words_once(rich_log, victim):
    pdf, _ = made_pdf(speaking(victim, "cy"), rich_log, language="bilingual")
    text = pdf_text(pdf)
    assert f"{ENGLISH_HEADING} / {WELSH_HEADING}" in text
    assert "Course of conduct / Cwrs ymddygiad" in text
    assert "Page 1 of" in text and "Tudalen 1 o" in text
    assert text.count(HER_WORDS) == 1
    assert text.count("Dee Neighbour") == 1  # a witness's name, as she typed it
    assert "by / gan victim" in text  # a word with a context (pgettext) is printed twice too
    assert text.count("I remembered the place") == 1  # her reason for an amendment


def test_the_command_takes_a_language_and_keeps_english_by_default(rich_log, victim, tmp_path):
    for code, heading in (("en", ENGLISH_HEADING), ("cy", WELSH_HEADING), (None, ENGLISH_HEADING)):
        out = tmp_path / f"{code}.pdf"
        extra = ["--language", code] if code else []
        call_command("export_timeline", "--username", victim.username, "--output", str(out), *extra)
        assert heading in pdf_text(out.read_bytes())


def test_a_form_posted_without_the_choice_makes_an_english_document(rich_log, victim):
    pdf, _ = made_pdf(speaking(victim, "cy"), rich_log)
    assert ENGLISH_HEADING in pdf_pages(pdf)[0]


def test_an_unknown_language_is_refused(rich_log, victim_client):
    response = victim_client.post(reverse("export"), {"profile": "police", "language": "fr"})
    assert response.status_code == 200
    assert not ExportJob.objects.exists()
    with pytest.raises(ValueError):
        ExportOptions(language="fr")


def test_the_section_cache_key_differs_by_language(rich_log, victim):
    cache = SectionCache(rich_log, b"")
    keys = set()
    for code in ("en", "cy", "bilingual"):
        with language.document_language(code):
            keys.add(cache.key("<p>same html</p>"))
    assert len(keys) == 3


def test_a_welsh_layout_never_serves_an_english_request(rich_log, victim, settings):
    settings.STALKLOG_EXPORT_CACHE = True
    for code, heading in (("cy", WELSH_HEADING), ("en", ENGLISH_HEADING), ("cy", WELSH_HEADING)):
        out = io.BytesIO()
        export_timeline(rich_log, victim, ExportOptions(language=code), out)
        assert heading in pdf_text(out.getvalue())


def test_rendering_leaves_the_pages_language_as_it_was(rich_log, victim):
    from django.utils import translation

    with translation.override("pl"):
        with language.document_language("bilingual"):
            build_document(rich_log, ExportOptions(language="bilingual"), victim)
        assert translation.get_language() == "pl"
        with language.document_language("cy"):
            assert translation.get_language() == "cy"
        assert translation.get_language() == "pl"


def test_a_welsh_export_after_the_english_warm_up_uses_no_english_pre_merge(
    rich_log, victim, settings, monkeypatch
):
    from incidents.export import pdf as pdf_module
    from incidents.export import warm

    settings.STALKLOG_EXPORT_CACHE = True
    warm.warm_up(rich_log)  # the default document: English, laid out and pre-merged
    prepends = []
    real = pdf_module.prepend_section
    monkeypatch.setattr(
        pdf_module, "prepend_section", lambda *a, **k: prepends.append(1) or real(*a, **k)
    )
    out = io.BytesIO()
    export_timeline(rich_log, victim, ExportOptions(language="cy"), out)
    pages = pdf_pages(out.getvalue())
    assert prepends == []
    assert all("Tudalen" in page and "Page " not in page for page in pages)
    assert not any(ENGLISH_HEADING in page for page in pages)
    out = io.BytesIO()
    export_timeline(rich_log, victim, ExportOptions(), out)  # English: the pre-merge serves
    assert prepends == [1]
    assert ENGLISH_HEADING in pdf_text(out.getvalue())


def test_a_welsh_bundle_has_a_welsh_pdf_and_an_english_readme_and_manifest(rich_log, victim):
    import json
    import zipfile

    from incidents.export.services import export_bundle

    out = io.BytesIO()
    result = export_bundle(rich_log, victim, ExportOptions(language="cy"), out)
    with zipfile.ZipFile(out) as archive:
        pdf = archive.read(f"timeline-{result.bundle_id}.pdf")
        readme = archive.read("README.txt").decode()
        manifest = json.loads(archive.read("manifest.json"))
    assert WELSH_HEADING in pdf_text(pdf)
    assert "What this export leaves out: the victim's private notes" in readme
    assert "nodiadau preifat" not in readme
    assert manifest["left_out"][0] == "the victim's private notes"


def choice_labels():
    """Every choice the police document may print, as stored (English) labels: behaviours,
    how and where it happened, how precise the time is, how bad it was, relationships,
    kinds of identifier and of exhibit."""
    from evidence.models import Evidence
    from incidents.export.wording import FORM_FIELDS
    from incidents.models import Behaviour, Identifier, Person

    labels = [b.label for b in Behaviour.objects.all()]
    for name in ("channel", "location_type", "time_precision", "impact_score"):
        labels += [label for key, label in FORM_FIELDS[name].choices if key != ""]
    for choices in (Person.Relationship, Identifier.Kind, Evidence.Kind):
        labels += list(choices.labels)
    return labels


# Her words in rich_log, which are printed as she wrote them.
HER_TEXTS = (
    HER_WORDS,
    "He waited outside the gym.",
    "Leisure centre car park",
    "Gym",
    "Dee Neighbour",
    "Saw him by the gate.",
    "Thirty calls in one evening.",
    "I will always find you",
    "I remembered the place",
    "Mark Example",
)


def flat(text):
    for hers in HER_TEXTS:
        text = text.replace(hers, " ")
    return " ".join(text.split()).casefold()


def test_a_welsh_document_prints_every_choice_in_welsh(rich_log, victim):
    """Behaviours, the channel, where, the time's precision, the relationship and the kinds
    of identifier: each choice the English document prints is printed in Welsh instead."""
    from django.utils import translation

    english = flat(pdf_text(made_pdf(speaking(victim, "cy"), rich_log)[0]))
    welsh = flat(pdf_text(made_pdf(speaking(victim, "cy"), rich_log, language="cy")[0]))
    printed = []
    for label in choice_labels():
        with translation.override("cy"):
            in_welsh = str(translation.gettext(str(label)))
        if flat(str(label)) not in english or flat(in_welsh) == flat(str(label)):
            continue
        printed.append(str(label))
        assert flat(in_welsh) in welsh, (label, in_welsh)
        assert flat(str(label)) not in welsh, label
    # The log prints behaviours, a channel, places, a relationship and an identifier.
    assert {"Following", "Loitering", "Phone call", "Phone number"} <= set(printed), printed


def test_a_message_with_no_sender_reads_unknown_sender_in_the_documents_language(rich_log, victim):
    from evidence.services import store_upload
    from incidents.models import Incident
    from tests.evidence.conftest import upload
    from tests.evidence.test_languages import telegram_with_a_nameless_message

    incident = Incident.objects.get(log=rich_log, sequence_no=1)
    data = telegram_with_a_nameless_message()
    store_upload(rich_log, victim, upload("result.json", data), attach=incident.exhibits.add)
    client = speaking(victim, "cy")
    text = " ".join(pdf_text(made_pdf(client, rich_log)[0]).split())
    assert "Unknown sender: Nobody signed this" in text
    assert "Anfonwr anhysbys" not in text
    text = " ".join(pdf_text(made_pdf(client, rich_log, language="cy")[0]).split())
    assert "Anfonwr anhysbys: Nobody signed this" in text
