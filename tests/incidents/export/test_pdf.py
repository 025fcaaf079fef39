import io
import re

import pytest
from pypdf import PdfReader

from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf
from incidents.models import Incident

from .conftest import add_incident, at, pdf_pages, pdf_text


def export(log, user, workers=1, **options):
    return render_pdf(build_document(log, ExportOptions(**options), user), workers=workers)


def incident_headings(text):
    return [int(n) for n in re.findall(r"Incident (\d+): ", text)]


def test_every_incident_appears_once_in_chronological_order(rich_log, victim):
    text = pdf_text(export(rich_log, victim))
    # Entered 1 (10 Mar), 2 (2 Mar), 3 (20 Apr): printed by when they happened.
    assert incident_headings(text) == [2, 1, 3]
    for description in ("He followed me home", "He waited outside", "Thirty calls"):
        assert text.count(description) == 1


def test_a_thousand_words_of_description_are_printed_in_full(victim):
    words = " ".join(f"word{n}" for n in range(1000))
    add_incident(victim.log, victim, at(1), words)
    text = pdf_text(export(victim.log, victim)).replace("\n", " ")
    assert "word0 " in text and "word999" in text


def test_parallel_layout_prints_the_same_incidents(rich_log, victim, settings):
    from incidents.export import sections

    settings.STALKLOG_EXPORT_CACHE = False
    original = sections.INCIDENTS_PER_SECTION
    sections.INCIDENTS_PER_SECTION = 1
    try:
        text = pdf_text(export(rich_log, victim, workers=2))
    finally:
        sections.INCIDENTS_PER_SECTION = original
    assert incident_headings(text) == [2, 1, 3]


def test_every_page_says_page_x_of_y_and_the_bundle_id(rich_log, victim):
    doc = build_document(rich_log, ExportOptions(), victim)
    pages = pdf_pages(render_pdf(doc, workers=1))
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert f"Bundle {doc.bundle_id}" in text


def test_document_metadata_names_title_author_and_creation(rich_log, victim):
    doc = build_document(rich_log, ExportOptions(), victim)
    info = PdfReader(io.BytesIO(render_pdf(doc, workers=1))).metadata
    assert info.title == doc.title
    assert info.author == "victim"
    assert info.creation_date.date() == doc.generated_at.date()


def test_cover_gives_counts_range_and_bundle_id(rich_log, victim):
    doc = build_document(rich_log, ExportOptions(), victim)
    cover = pdf_pages(render_pdf(doc, workers=1))[0]
    assert "2 March 2026 to 20 April 2026" in cover
    assert re.search(r"Incidents\s+3", cover)
    assert doc.bundle_id in cover


def test_police_profile_leaves_out_private_notes_and_says_so(rich_log, victim):
    text = pdf_text(
        export(
            rich_log, victim, profile="police", include_address=True, include_witness_contacts=True
        )
    )
    assert "my sister told him" not in text
    assert "private notes" in text
    assert "14 Acacia Avenue" in text
    assert "07700 900999" in text
    for statement in ("home address", "witness contact details"):
        assert statement not in text.lower()


@pytest.mark.parametrize("profile", ["police", "caseworker"])
def test_every_profile_leaves_out_address_and_witness_contacts_by_default(
    rich_log, victim, profile
):
    text = pdf_text(export(rich_log, victim, profile=profile))
    assert "Acacia" not in text and "07700 900999" not in text
    assert "Dee Neighbour" in text
    flat = " ".join(text.split()).lower()
    for statement in ("home address", "witness contact details", "gps locations"):
        assert flat.count(statement) >= 2  # on the cover and in the appendix


def test_caseworker_profile_leaves_out_address_witness_contacts_and_notes(rich_log, victim):
    text = pdf_text(export(rich_log, victim, profile="caseworker"))
    assert "my sister told him" not in text
    assert "Acacia" not in text
    assert "07700 900999" not in text
    assert "Dee Neighbour" in text
    assert "Leisure centre car park" in text  # not the victim's home
    for statement in ("home address", "witness contact details", "gps locations"):
        assert statement in text.lower()


def test_amendment_is_marked_with_the_original_and_the_correction(rich_log, victim):
    text = pdf_text(export(rich_log, victim)).replace("\n", " ")
    assert "AMENDMENTS" in text.upper()
    assert 'was "Gym"' in text
    assert 'now "Leisure centre car park"' in text
    assert "I remembered the place" in text


def test_amended_private_notes_never_appear(rich_log, victim):
    from incidents.models import Amendment

    incident = Incident.objects.get(log=rich_log, sequence_no=2)
    amendment = Amendment(log=rich_log, incident=incident, amended_by=victim)
    amendment.changes = {"private_notes": ["secret before", "secret after"]}
    amendment.save()
    text = pdf_text(export(rich_log, victim))
    assert "secret before" not in text and "secret after" not in text
    assert "1 changed field left out" in text


def test_date_range_filter_keeps_only_incidents_on_those_days(rich_log, victim):
    import datetime

    text = pdf_text(
        export(
            rich_log,
            victim,
            date_from=datetime.date(2026, 3, 5),
            date_to=datetime.date(2026, 3, 31),
        )
    )
    assert incident_headings(text) == [1]
    assert "Only incidents matching these filters" in text


def test_behaviour_filter_keeps_only_those_behaviours(rich_log, victim):
    text = pdf_text(export(rich_log, victim, behaviour_codes=("contacting",)))
    assert incident_headings(text) == [3]


def test_person_filter_keeps_only_their_incidents(rich_log, victim):
    from .conftest import add_person

    stranger = add_person(rich_log, "Someone Else")
    add_incident(rich_log, victim, at(5), "A stranger stared.").people.add(stranger)
    text = pdf_text(export(rich_log, victim, person_ids=(stranger.pk,)))
    assert incident_headings(text) == [4]
    assert "involving Someone Else" in text


def test_summary_counts_behaviours_and_names_people_with_identifiers(rich_log, victim):
    summary = pdf_pages(export(rich_log, victim))[1]
    assert "Pattern summary" in summary
    assert re.search(r"Loitering\s+1", summary)
    assert "Mark Example (perpetrator)" in summary
    assert "07700 900123" in summary
    assert "First: 2 March 2026" in summary


def test_another_logs_incidents_never_appear(rich_log, victim, other_victim):
    add_incident(other_victim.log, other_victim, at(3), "Not this log's incident")
    assert "Not this log" not in pdf_text(export(rich_log, victim))


def test_exporting_leaves_pillow_refusing_truncated_images(rich_log, victim):
    # WeasyPrint flips this process-wide on import; the evidence checks need it off.
    from PIL import ImageFile

    export(rich_log, victim)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_chronological_table_starts_each_month_with_its_name(rich_log, victim):
    text = pdf_text(export(rich_log, victim))
    table = text[text.index("Chronological table") : text.index("Incidents in full")]
    assert table.index("March 2026") < table.index("April 2026")
    assert table.count("March 2026") == 1


def test_sections_are_laid_out_with_the_cycle_collector_paused(rich_log, victim, monkeypatch):
    """WeasyPrint's objects live until a section is written: collections during its layout
    walked them for nothing (15% of its CPU). Paused for each section, never left off."""
    import gc

    from weasyprint.document import Document

    from incidents.export.weasy import ExportHTML

    seen = []
    render, write = ExportHTML.render, Document.write_pdf

    def spy_render(self, *args, **kwargs):
        seen.append(("render", gc.isenabled()))
        return render(self, *args, **kwargs)

    def spy_write(self, *args, **kwargs):
        seen.append(("write", gc.isenabled()))
        return write(self, *args, **kwargs)

    monkeypatch.setattr(ExportHTML, "render", spy_render)
    monkeypatch.setattr(Document, "write_pdf", spy_write)
    assert gc.isenabled()
    render_pdf(build_document(rich_log, ExportOptions(), victim), workers=1)
    assert gc.isenabled()
    assert {"render", "write"} == {step for step, _ in seen}
    assert not any(enabled for _, enabled in seen)
