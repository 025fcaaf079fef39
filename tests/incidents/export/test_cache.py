"""Laid-out sections are kept between exports: encrypted, and laid out again exactly when
what they show has changed."""

import threading

import pytest
from django.core.files.storage import default_storage

from incidents.export import pdf as pdf_module
from incidents.export import sections
from incidents.export.cache import cache_prefix
from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf

from .conftest import add_incident, at, pdf_text


@pytest.fixture
def layouts(monkeypatch):
    """The HTML of every section laid out (not taken from the cache), export by export."""
    laid_out = []
    real_layout = pdf_module._layout

    def counting_layout(html, *args, **kwargs):
        laid_out.append(html)
        return real_layout(html, *args, **kwargs)

    monkeypatch.setattr(pdf_module, "_layout", counting_layout)
    return laid_out


@pytest.fixture
def small_sections(monkeypatch):
    monkeypatch.setattr(sections, "INCIDENTS_PER_SECTION", 3)
    monkeypatch.setattr(sections, "TABLE_ROWS_PER_SECTION", 5)


def export(log, user):
    return render_pdf(build_document(log, ExportOptions(), user), workers=1)


def test_an_unchanged_log_lays_out_only_the_cover_again(rich_log, victim, layouts):
    first = pdf_text(export(rich_log, victim))
    layouts.clear()
    again = pdf_text(export(rich_log, victim))
    assert len(layouts) == 1 and "Bundle" in layouts[0]  # the cover carries the bundle id
    assert again.count("He followed me home") == first.count("He followed me home") == 1


def test_an_amended_incident_is_printed_as_amended(rich_log, victim):
    export(rich_log, victim)
    incident = rich_log.incidents.get(sequence_no=3)
    incident.amend(victim, "Counted again", {"description": "Forty calls in one evening."})
    text = pdf_text(export(rich_log, victim))
    assert "Forty calls in one evening." in text


def test_an_incident_logged_late_lays_out_only_its_section_and_those_after_it(
    victim, layouts, small_sections
):
    log = victim.log
    for day in range(1, 29):
        add_incident(log, victim, at(day), f"Incident on day {day}.")
    export(log, victim)
    sections_count = len(layouts)
    layouts.clear()
    add_incident(log, victim, at(14, hour=18), "Logged a week late.")
    text = pdf_text(export(log, victim))
    assert "Logged a week late." in text
    # Cover, summary and appendix change with any new incident; in the table and the
    # incidents in full, the section it falls in and those after it (each starts where the
    # one before it ends), never those before it.
    assert len(layouts) < sections_count
    assert not [html for html in layouts if "Incident on day 2." in html]


def test_cached_sections_are_encrypted_at_rest(rich_log, victim):
    export(rich_log, victim)
    _, names = default_storage.listdir(cache_prefix(rich_log))
    assert names
    for name in names:
        with default_storage.open(cache_prefix(rich_log) + name, "rb") as blob:
            stored = blob.read()
        assert b"%PDF" not in stored
        assert b"followed me home" not in stored


def test_with_only_the_cover_to_lay_out_no_worker_process_is_started(
    rich_log, victim, small_sections, monkeypatch
):
    render_pdf(build_document(rich_log, ExportOptions(), victim), workers=2)

    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for one section")

    monkeypatch.setattr(pdf_module.concurrent.futures, "ProcessPoolExecutor", no_pool)
    again = render_pdf(build_document(rich_log, ExportOptions(), victim), workers=2)
    assert pdf_text(again).count("He followed me home") == 1


def test_a_thread_keeps_its_font_configuration_from_section_to_section():
    first = pdf_module._font_config()
    assert pdf_module._font_config() is first
    other = []
    thread = threading.Thread(target=lambda: other.append(pdf_module._font_config()))
    thread.start()
    thread.join()
    assert other[0] is not first  # Pango's font maps are not shared between threads
