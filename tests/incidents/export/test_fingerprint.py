"""Pressing Create finds the pre-merge by the rows' fingerprint, without rendering a section;
and no change to anything a section prints can be served from the old pre-merge."""

import dataclasses
import io
import re

import pytest
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from evidence.services import withdraw_exhibit
from incidents import services as incident_services
from incidents.export import fingerprint as fingerprint_module
from incidents.export import pdf as pdf_module
from incidents.export import warm
from incidents.export.document import build_document
from incidents.export.language import document_language
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf
from incidents.export.sections import build_sections
from incidents.export.services import export_timeline
from incidents.models import Incident, Order, Person
from stalklog.casefile.models import Log

from .conftest import pdf_pages, pdf_text


@pytest.fixture
def fast(monkeypatch, settings):
    """Whether each export was made from the pre-merge its fingerprint points at (exports
    made with the cache switched off, to compare, are not counted)."""
    made = []
    real = pdf_module._pointed

    def recording(*args, **kwargs):
        result = real(*args, **kwargs)
        if settings.STALKLOG_EXPORT_CACHE:
            made.append(result is not None)
        return result

    monkeypatch.setattr(pdf_module, "_pointed", recording)
    return made


@pytest.fixture
def rendered():
    """The names of the templates rendered."""
    names = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def press(log, user, options=None):
    """What the export job does when she presses Create: the document and its PDF."""
    options = options or ExportOptions()
    with document_language(options.language):
        doc = build_document(log, options, user)
        return doc, render_pdf(doc)


def words(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def same_as_made_without_the_cache(doc, pdf, settings):
    """The pages (but the cover's bundle id and time, the same doc's) of a document made
    with no cache at all."""
    settings.STALKLOG_EXPORT_CACHE = False
    with document_language(doc.options.language):
        cold = render_pdf(doc)
    settings.STALKLOG_EXPORT_CACHE = True
    assert pdf_pages(pdf) == pdf_pages(cold)


def test_a_press_after_the_warm_up_renders_only_the_cover(evidence_log, victim, fast, rendered):
    log, _ = evidence_log
    warm.warm_up(log)
    rendered.clear()
    with CaptureQueriesContext(connection) as queries:
        doc, pdf = press(log, victim)
    assert fast == [True]
    sections = [name for name in rendered if name.startswith("export/")]
    assert sections == ["export/sections/cover.html", "export/document.html"], sections
    assert "He followed me home from the station." in words(pdf)
    # The document's reads (build_document) and two fingerprints: before and after.
    assert len(queries) <= 12 + 2 * 18, len(queries)


def test_a_press_that_found_the_pre_merge_by_its_html_leaves_the_pointer(
    evidence_log, victim, fast, settings
):
    """A warm-up made the pre-merge but its pointer is gone (or it was made under another
    fingerprint version): the press finds the pre-merge by the sections' HTML, as before,
    and points the fingerprint at it for the next press."""
    from django.core.files.storage import default_storage

    log, _ = evidence_log
    warm.warm_up(log)
    with document_language("en"):
        doc = build_document(log, ExportOptions(), victim)
    cache = pdf_module.SectionCache(log, pdf_module.print_stylesheet())
    default_storage.delete(cache._name(pdf_module._fingerprint_key(cache, doc, 1)))
    press(log, victim)
    assert fast == [False]
    doc, pdf = press(log, victim)
    assert fast == [False, True]
    same_as_made_without_the_cache(doc, pdf, settings)


def _amend_incident(log, victim, things):
    incident = Incident.objects.get(log=log, sequence_no=2)
    incident.log = log
    incident.amend(victim, "Remembered more", {"description": "He waited by the bins."})
    return "He waited by the bins.", None  # the old words stay, as the amendment's "was"


def _correct_with_a_reason(log, victim, things):
    incident = Incident.objects.get(log=log, sequence_no=3)
    incident.log = log
    incident.amend(victim, "The count was wrong", {"series_count": 31})
    return "The count was wrong", None


def _rename_a_person(log, victim, things):
    person = Person.objects.get(log=log)
    person.log = log
    incident_services.save_person(log, victim, person, name="Marcus Example")
    return "Marcus Example", "Mark Example"


def _change_an_order(log, victim, things):
    order = Order.objects.get(log=log)
    order.log = log
    incident_services.save_order(log, victim, order, reference="ZX/999")
    return "ZX/999", "AB/123"


def _withdraw_an_exhibit(log, victim, things):
    withdraw_exhibit(things["letter"], victim, reason="Uploaded by mistake")
    return "Uploaded by mistake", None


def _link_an_exhibit(log, victim, things):
    incident = Incident.objects.get(log=log, sequence_no=3)
    incident.log = log
    incident_services.link_exhibit(log, victim, incident, things["letter"])
    return None, None  # the incident lists one more ref: compared with a cold export


def _unlink_an_exhibit(log, victim, things):
    incident = Incident.objects.get(log=log, sequence_no=2)
    incident.log = log
    incident_services.unlink_exhibit(log, victim, incident, things["photo"])
    return None, None


def _rename_whoever_corrected(log, victim, things):
    victim.first_name, victim.last_name = "Jo", "Corrected"
    victim.save(update_fields=["first_name", "last_name"])
    return "Jo Corrected", None


def _change_a_row_behind_the_models_back(log, victim, things):
    """No save(), no signal, no updated-at: a bulk update still changes the fingerprint."""
    Incident.objects.filter(log=log, sequence_no=3).update(series_count=44)
    return "44 times in this series", "30 times in this series"


CHANGES = {
    "edit an incident": _amend_incident,
    "add a correction": _correct_with_a_reason,
    "rename a person": _rename_a_person,
    "change an order": _change_an_order,
    "withdraw an exhibit": _withdraw_an_exhibit,
    "link an exhibit": _link_an_exhibit,
    "unlink an exhibit": _unlink_an_exhibit,
    "rename who corrected": _rename_whoever_corrected,
    "bulk update": _change_a_row_behind_the_models_back,
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_is_never_printed_from_the_old_pre_merge(
    change, evidence_log, victim, fast, settings
):
    log, things = evidence_log
    order = Order(log=log, kind=Order.Kind.RESTRAINING)
    order.reference = "AB/123"
    order.save()
    Incident.objects.filter(log=log, sequence_no=1).update(order_breached=order)
    warm.warm_up(log)
    before, pdf = press(log, victim)
    assert fast == [True]

    printed, gone = CHANGES[change](log, victim, things)
    doc, pdf = press(log, victim)
    assert doc.fingerprint != before.fingerprint
    assert fast == [True, False], "served from the pre-merge of the rows before the change"
    if printed:
        assert printed in words(pdf)
    if gone:
        assert gone not in " ".join(words(pdf).split(printed or "\0"))
    same_as_made_without_the_cache(doc, pdf, settings)

    warm.warm_up(log)  # as the save's warm-up does, about 30 s later
    doc, pdf = press(log, victim)
    assert fast == [True, False, True]
    if printed:
        assert printed in words(pdf)
    same_as_made_without_the_cache(doc, pdf, settings)


def test_other_options_or_another_language_never_get_the_warm_up_s_pre_merge(
    evidence_log, victim, fast, settings
):
    log, _ = evidence_log
    warm.warm_up(log)
    default, _ = press(log, victim)
    assert fast == [True]
    witnesses, pdf = press(log, victim, ExportOptions(include_witness_contacts=True))
    assert "07700 900999" in words(pdf)
    welsh, pdf = press(log, victim, ExportOptions(language="cy"))
    assert "Digwyddiadau’n llawn" in words(pdf)
    assert fast == [True, False, False]
    assert len({default.fingerprint, witnesses.fingerprint, welsh.fingerprint}) == 3


def test_a_welsh_pre_merge_is_never_pointed_at_by_an_english_press(
    evidence_log, victim, fast, settings
):
    log, _ = evidence_log
    options = ExportOptions(language="cy")
    with document_language("cy"):
        doc = build_document(log, options, victim)
        pdf_module.premerge(doc, pdf_module.lay_out_sections(doc))
    welsh, pdf = press(log, victim, options)
    assert fast == [True]
    assert "Digwyddiadau’n llawn" in words(pdf)
    english, pdf = press(log, victim)
    assert fast == [True, False]
    assert "Incidents in full" in words(pdf)
    assert "Digwyddiadau’n llawn" not in words(pdf)


def test_a_save_while_the_document_is_read_leaves_no_pointer(
    evidence_log, victim, fast, monkeypatch
):
    """The warm-up took the fingerprint, then a save changed a row before the rows were
    read, and was undone later (the row is as it was): its pre-merge shows the row in
    between, so the fingerprint it took must not point at it."""
    from incidents.export import document as document_module

    log, _ = evidence_log
    real = document_module.load_incidents

    def saved_meanwhile(*args, **kwargs):
        Incident.objects.filter(log=log, sequence_no=3).update(series_count=7)
        return real(*args, **kwargs)

    monkeypatch.setattr(document_module, "load_incidents", saved_meanwhile)
    warm.warm_up(log)
    monkeypatch.setattr(document_module, "load_incidents", real)
    Incident.objects.filter(log=log, sequence_no=3).update(series_count=30)
    doc, pdf = press(log, victim)
    assert fast == [False]
    assert "30 times in this series" in words(pdf)
    assert "7 times in this series" not in words(pdf)


def test_the_fingerprint_changes_with_the_code(evidence_log, victim, monkeypatch):
    log, _ = evidence_log
    with document_language("en"):
        first = fingerprint_module.fingerprint(log, ExportOptions())
        monkeypatch.setattr(fingerprint_module, "code_version", lambda: b"other code")
        assert fingerprint_module.fingerprint(log, ExportOptions()) != first


def test_the_code_version_covers_templates_stylesheet_and_translations():
    files = []
    real = fingerprint_module.Path.read_bytes

    def reading(path):
        files.append(str(path.relative_to(fingerprint_module.ROOT)))
        return real(path)

    fingerprint_module.code_version.cache_clear()
    try:
        fingerprint_module.Path.read_bytes = reading
        fingerprint_module.code_version()
    finally:
        fingerprint_module.Path.read_bytes = real
    for needed in (
        "templates/export/incident.html",
        "templates/export/sections/incidents.html",
        "templates/export/document.html",
        "static/css/print.css",
        "incidents/export/user_agent.css",
        "incidents/export/wording.py",
        "incidents/forms.py",
        "locale/cy/LC_MESSAGES/django.mo",
    ):
        assert needed in files, needed


def test_every_table_the_document_reads_is_in_the_fingerprint(evidence_log, victim):
    """The sections are made from what build_document reads: each of its tables is hashed."""
    log, _ = evidence_log
    with CaptureQueriesContext(connection) as queries:
        for options in (ExportOptions(), ExportOptions(profile="summary", include_gps=True)):
            doc = build_document(log, options, victim)
            build_sections(doc)
    read = set()
    for query in queries:
        read.update(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    hashed = {model._meta.db_table for model, _ in fingerprint_module.log_models()}
    hashed |= {Log._meta.db_table, "stalklog_user", "incidents_behaviour"}
    assert read, "no queries seen"
    assert read <= hashed, read - hashed


def test_a_press_through_the_job_reads_no_row_and_renders_only_the_cover(
    evidence_log, victim, fast, rendered, settings
):
    """The export job after the warm-up: the fingerprint's queries, the cover from the facts
    kept with the pre-merge, the same pages as a document made with no cache at all."""
    log, _ = evidence_log
    warm.warm_up(log)
    rendered.clear()
    out = io.BytesIO()
    with CaptureQueriesContext(connection) as queries:
        result = export_timeline(log, victim, ExportOptions(), out)
    assert fast == [True]
    assert [name for name in rendered if name.startswith("export/")] == [
        "export/sections/cover.html",
        "export/document.html",
    ]
    tables = {t for q in queries for t in re.findall(r'(?:FROM|JOIN) "(\w+)"', q["sql"])}
    assert "incidents_incident" in tables  # the fingerprint reads the rows, raw
    hashing = len([q for q in queries if "ORDER BY" in q["sql"]])
    assert len(queries) <= hashing + 6, [q["sql"][:80] for q in queries]
    assert (result.incident_count, result.exhibit_count) == (3, 4)
    pdf = out.getvalue()
    with document_language("en"):
        doc = build_document(log, ExportOptions(), victim)
    settings.STALKLOG_EXPORT_CACHE = False
    cold = render_pdf(doc)
    ours, theirs = pdf_pages(pdf), pdf_pages(cold)
    assert len(ours) == len(theirs)
    bundle = re.compile(r"JS-\d{8}-[0-9A-F]{8}")
    stamp = re.compile(r"Generated at.*\n")
    for page, other in zip(ours, theirs, strict=True):
        page, other = bundle.sub("ID", page), bundle.sub("ID", other)
        assert stamp.sub("", page) == stamp.sub("", other)


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(),
        ExportOptions(include_address=True, include_gps=True, behaviour_codes=("following",)),
        ExportOptions(profile="summary", language="cy"),
        ExportOptions(profile="caseworker", language="bilingual"),
    ],
    ids=str,
)
def test_the_cover_from_kept_facts_is_the_cover_from_the_rows(evidence_log, victim, options):
    import datetime
    import json

    from incidents.export.document import CoverDocument, cover_facts
    from incidents.export.sections import build_cover

    log, _ = evidence_log
    person = Person.objects.get(log=log)
    options = (
        dataclasses.replace(options, person_ids=(person.pk,), date_from=datetime.date(2026, 3, 1))
        if options.behaviour_codes
        else options
    )
    now = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)
    with document_language(options.language):
        doc = build_document(log, options, victim, now=now)
        facts = json.loads(json.dumps(cover_facts(doc, pdf_module.link_labels(doc))))
        cover = CoverDocument.from_facts(log, options, victim, facts, doc.fingerprint, now=now)
        cover.bundle_id = doc.bundle_id
        assert build_cover(cover).html == build_cover(doc).html
        assert pdf_module.link_labels(cover) == pdf_module.link_labels(doc)
        assert cover.title == doc.title


def test_a_press_after_the_warm_up_is_made_in_the_request_not_queued(
    rich_log, victim, victim_client, monkeypatch, settings
):
    """A large log's export waits for a worker to take it (a second or so, then the job
    page asks again), unless the warm-up laid it out: then it is ready when the page is."""
    from django.urls import reverse
    from django_tasks import default_task_backend

    from incidents.export import tasks
    from incidents.export.models import ExportJob

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(tasks, "INLINE_MAX_INCIDENTS", 1)
    victim_client.post(reverse("export"), {"profile": "police"})
    assert len(default_task_backend.results) == 1, "not laid out yet: queued"

    warm.warm_up(rich_log)
    response = victim_client.post(reverse("export"), {"profile": "police"})
    job = ExportJob.objects.filter(log=rich_log).order_by("-created_at").first()
    assert job.status == ExportJob.Status.READY
    assert len(default_task_backend.results) == 1, "queued although laid out"
    page = victim_client.get(response["Location"]).content.decode()
    assert reverse("export_download", args=[job.pk]) in page

    # Another choice than the warm-up's is not laid out: it waits for the worker.
    victim_client.post(reverse("export"), {"profile": "police", "include_witness_contacts": "on"})
    assert len(default_task_backend.results) == 2
