"""Ready when asked: saves and opening the export page lay the export out in advance."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from incidents.export import pdf as pdf_module
from incidents.export import warm
from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf

from .conftest import add_incident, at


@pytest.fixture
def warm_up_on(settings):
    settings.STALKLOG_EXPORT_WARM_UP = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def layouts(monkeypatch):
    laid_out = []
    real_layout = pdf_module._layout

    def counting_layout(html, *args, **kwargs):
        laid_out.append(html)
        return real_layout(html, *args, **kwargs)

    monkeypatch.setattr(pdf_module, "_layout", counting_layout)
    return laid_out


def test_saving_an_incident_lays_out_the_export_in_the_background(
    victim, warm_up_on, layouts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_incident(victim.log, victim, at(1), "He was at the gate.")
    assert layouts, "the warm-up laid nothing out"
    layouts.clear()
    render_pdf(build_document(victim.log, ExportOptions(), victim), workers=1)
    assert len(layouts) == 1 and "Bundle" in layouts[0]  # only the cover is left to do


def test_a_burst_of_saves_gives_one_warm_up(
    victim, warm_up_on, monkeypatch, django_capture_on_commit_callbacks
):
    warmed = []
    monkeypatch.setattr(warm, "warm_up", lambda log: warmed.append(log.pk))
    with django_capture_on_commit_callbacks(execute=True):
        for day in (1, 2, 3):
            add_incident(victim.log, victim, at(day), f"Day {day}.")
    assert warmed == [victim.log.pk]


def test_opening_the_export_page_starts_a_warm_up(victim, victim_client, warm_up_on, layouts):
    add_incident(victim.log, victim, at(1), "He was at the gate.")
    victim_client.get(reverse("export"))
    assert layouts


def test_no_warm_up_when_switched_off(victim, victim_client, layouts, settings):
    settings.STALKLOG_EXPORT_WARM_UP = False
    victim_client.get(reverse("export"))
    assert layouts == []


def test_photos_are_scaled_for_print_once_and_kept(evidence_log, victim, monkeypatch):
    from incidents.export import images
    from incidents.export.cache import SectionCache

    log, _ = evidence_log
    scaled = []
    real_scale = images.scale_for_print
    monkeypatch.setattr(
        images, "scale_for_print", lambda data: scaled.append(1) or real_scale(data)
    )
    doc = build_document(log, ExportOptions(), victim)
    names = {e.file_stem for e in doc.exhibits if e.read_preview}
    cache = SectionCache(log, b"")
    first = images.prepare_images(doc.exhibits, names, cache)
    assert len(scaled) == len(names) >= 1
    again = images.prepare_images(doc.exhibits, names, SectionCache(log, b""))
    assert len(scaled) == len(names)  # nothing scaled the second time
    assert again == first


def test_an_upload_is_scaled_for_print_by_the_warm_up(
    victim, warm_up_on, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from evidence.services import store_upload
    from incidents.export import images
    from tests.evidence.files import jpeg

    incident = add_incident(victim.log, victim, at(1), "He was at the gate.")
    with django_capture_on_commit_callbacks(execute=True):
        store_upload(
            victim.log,
            victim,
            ContentFile(jpeg(gps=None), name="gate.jpg"),
            attach=incident.exhibits.add,
        )
    monkeypatch.setattr(images, "scale_for_print", lambda data: pytest.fail("scaled again"))
    render_pdf(build_document(victim.log, ExportOptions(), victim), workers=1)
