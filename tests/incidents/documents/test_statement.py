"""The draft witness statement, read back from Word and from the PDF as an officer would."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from incidents.documents.services import export_statement
from incidents.documents.statement import StatementOptions
from stalklog.casefile.models import AccessEvent
from tests.incidents.export.conftest import add_incident, at

from .conftest import ADDRESS, PRIVATE, docx_text, incident, pdftotext

# Incident descriptions in rich_log, in date order (sequence numbers 2, 1, 3).
IN_DATE_ORDER = [
    "He followed me home from the station.",
    "He waited outside the gym.",
    "Thirty calls in one evening.",
]


def statement(log, user, fmt="docx", **options) -> bytes:
    out = io.BytesIO()
    export_statement(log, user, out, fmt=fmt, options=StatementOptions(**options))
    return out.getvalue()


def positions(text, phrases):
    return [text.index(phrase) for phrase in phrases]


def test_word_statement_has_every_incident_once_in_date_order(evidence_log, victim):
    log, _ = evidence_log
    body = docx_text(statement(log, victim))["body"]
    for phrase in IN_DATE_ORDER:
        assert body.count(phrase) == 1
    assert positions(body, IN_DATE_ORDER) == sorted(positions(body, IN_DATE_ORDER))


def test_word_statement_produces_each_exhibit_with_its_incident(evidence_log, victim):
    log, exhibits = evidence_log
    paragraphs = docx_text(statement(log, victim))["paragraphs"]
    for evidence in exhibits.values():
        linked = {i.description for i in evidence.incidents.all()}
        cited = [p for p in paragraphs if f"as exhibit {evidence.exhibit_ref}." in p]
        assert len(cited) == 1
        assert [d for d in linked if d in cited[0]] == list(linked)
    refs = set(re.findall(r"as exhibit ([A-Z]+/[\d/]+)\.", "\n".join(paragraphs)))
    linked_refs = {e.exhibit_ref for e in log.exhibits.all() if e.incidents.exists()}
    assert refs == linked_refs


def test_word_statement_leaves_out_private_notes_and_her_address(evidence_log, victim):
    log, _ = evidence_log
    text = docx_text(statement(log, victim))
    everything = " ".join([text["body"], text["header"], text["footer_xml"], text["properties"]])
    assert PRIVATE not in everything
    assert ADDRESS not in everything
    assert "at my home" in text["body"]
    assert "the witness's private notes, the witness's home address" in text["body"]


def test_her_address_is_in_only_when_she_asks(evidence_log, victim):
    log, _ = evidence_log
    assert ADDRESS in docx_text(statement(log, victim, shows_address=True))["body"]


def test_word_statement_shows_her_corrections(evidence_log, victim):
    log, _ = evidence_log
    body = docx_text(statement(log, victim))["body"]
    assert (
        "I corrected this entry: the location was \u201cGym\u201d, changed to "
        "\u201cLeisure centre car park\u201d. My reason: I remembered the place." in body
    )


def test_a_correction_to_private_notes_is_not_shown(evidence_log, victim):
    log, _ = evidence_log
    incident(log, 3).amend(victim, "more detail", {"private_notes": "Secret worry"})
    body = docx_text(statement(log, victim))["body"]
    assert "Secret worry" not in body
    assert "more detail" not in body


def test_word_statement_has_the_mg11_fields_and_draft_mark(evidence_log, victim):
    log, _ = evidence_log
    text = docx_text(statement(log, victim))
    assert "DRAFT prepared from the victim's own notes" in text["header"]
    assert "Not a witness statement until taken by a police officer" in text["header"]
    for label in ("WITNESS STATEMENT", "URN:", "Statement of:", "Age if under 18: Over 18",
                  "Occupation:", "Signature:", "Signature witnessed by:"):  # fmt: skip
        assert label in text["body"]
    assert "NUMPAGES" in text["footer_xml"]
    assert "The exact words were: \u201cI will always find you\u201d." in text["body"]
    assert "Dee Neighbour saw or heard what happened." in text["body"]
    assert "07700 900999" not in text["body"]
    assert "In all there were 30 of these at this time." in text["body"]
    assert victim.username not in text["properties"]


def test_incidents_she_leaves_out_are_not_in_it(evidence_log, victim):
    log, _ = evidence_log
    body = docx_text(statement(log, victim, leave_out=frozenset({1})))["body"]
    assert "He waited outside the gym." not in body
    assert "Gym" not in body
    assert "The witness chose to leave out 1 incident." in body
    assert IN_DATE_ORDER[0] in body and IN_DATE_ORDER[2] in body


def test_pdf_statement_reads_back_in_date_order_with_refs(evidence_log, victim):
    log, exhibits = evidence_log
    text = pdftotext(statement(log, victim, fmt="pdf"))
    flat = " ".join(text.split())
    for phrase in IN_DATE_ORDER:
        assert flat.count(phrase) == 1
    assert positions(flat, IN_DATE_ORDER) == sorted(positions(flat, IN_DATE_ORDER))
    for evidence in exhibits.values():
        assert flat.count(f"as exhibit {evidence.exhibit_ref}.") == 1
    assert PRIVATE not in flat and ADDRESS not in flat
    assert "changed to \u201cLeisure centre car park\u201d" in flat


def test_every_pdf_page_is_marked_draft(evidence_log, victim):
    log, _ = evidence_log
    for number in range(40):  # enough for several pages
        add_incident(log, victim, at(1 + number % 27, month=5), "Another long day. " * 30)
    pages = pdftotext(statement(log, victim, fmt="pdf")).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        assert "DRAFT prepared from the victim's own notes" in page
        assert f"Page {number} of {len(pages)}" in page


def test_hostile_text_is_printed_never_fetched_or_run(evidence_log, victim):
    log, _ = evidence_log
    incident(log, 3).amend(
        victim,
        "added",
        {"description": 'Bell\x07 <img src="file:///etc/passwd"> <b>bold</b>'},
    )
    body = docx_text(statement(log, victim))["body"]
    assert 'Bell <img src="file:///etc/passwd"> <b>bold</b>' in body
    flat = " ".join(pdftotext(statement(log, victim, fmt="pdf")).split())
    assert '<img src="file:///etc/passwd">' in flat


def test_making_a_statement_is_in_the_access_log(evidence_log, victim):
    log, _ = evidence_log
    statement(log, victim)
    event = AccessEvent.objects.filter(log=log, action="exported").latest("seq")
    assert event.target.startswith("statement docx ")
    assert event.detail == "3 incidents"


def test_command_writes_word_or_pdf_by_extension(evidence_log, victim, tmp_path, capsys):
    call_command("export_statement", username="victim", output=str(tmp_path / "s.docx"))
    call_command("export_statement", username="victim", output=str(tmp_path / "s.pdf"))
    assert (tmp_path / "s.docx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "s.pdf").read_bytes()[:5] == b"%PDF-"
    assert "3 incidents" in capsys.readouterr().out


def test_command_refuses_other_extensions(evidence_log, tmp_path):
    with pytest.raises(CommandError, match=r"\.docx"):
        call_command("export_statement", username="victim", output=str(tmp_path / "s.txt"))
    assert not list(tmp_path.glob("s.*"))


def test_her_quick_flags_are_said_in_the_first_person(evidence_log, victim):
    log, _ = evidence_log
    incident(log, 3).amend(
        victim, "added", {"children_present": True, "called_999": True, "police_attended": True}
    )
    paragraph = next(
        p for p in docx_text(statement(log, victim))["paragraphs"] if IN_DATE_ORDER[2] in p
    )
    assert "My children were there. I called 999. The police came." in paragraph


def test_corrections_name_what_changed_in_words_never_stored_field_names(evidence_log, victim):
    log, _ = evidence_log
    entry = incident(log, 3)
    start = entry.occurred_start
    entry.amend(
        victim,
        "I checked my phone.",
        {
            "occurred_start": start.replace(hour=20, minute=5),
            "time_precision": "approximate",
            "channel": "letter",
            "fear_of_violence": True,
        },
    )
    for body in (
        docx_text(statement(log, victim))["body"],
        pdftotext(statement(log, victim, fmt="pdf")),
    ):
        flat = " ".join(body.split())
        assert "the date and time was" in flat
        assert "how sure I was of the time was" in flat and "\u201cApproximate" in flat
        assert "how it reached me was" in flat and "\u201cLetter or post\u201d" in flat
        ticked = "\u201cnot ticked\u201d, changed to \u201cticked\u201d"
        assert f"the box \u201cI feared violence\u201d was {ticked}" in flat
        assert "My reason: I checked my phone. " in flat + " "
        assert "phone." + "." not in flat
        for stored in (
            "occurred",
            "time precision",
            "letter\u201d",
            "approximate\u201d",
            "True",
            "T20:05",
        ):
            assert stored not in flat


def test_a_long_unbroken_word_wraps_inside_the_pdf_page(evidence_log, victim):
    log, _ = evidence_log
    word = "Ab" * 150
    add_incident(log, victim, at(3, month=5), f"He sent this: {word}")
    flat = "".join(pdftotext(statement(log, victim, fmt="pdf")).split())
    assert word in flat  # every letter on the page, none run off its edge


def test_every_statement_page_has_the_mg11_signature_lines(evidence_log, victim):
    log, _ = evidence_log
    for number in range(40):
        add_incident(log, victim, at(1 + number % 27, month=5), "Another long day. " * 30)
    pages = [p for p in pdftotext(statement(log, victim, fmt="pdf")).split("\f") if p.strip()]
    assert len(pages) > 2
    for page in pages:
        assert "Signature witnessed by:" in page
    footer = docx_text(statement(log, victim))["footer_xml"]
    assert "Signature witnessed by:" in footer


def test_the_note_for_the_officer_counts_in_words_and_never_guesses_a_gender():
    from datetime import UTC, datetime

    from incidents.documents.statement import Statement

    def about(entries, left_out_count):
        return Statement(
            bundle_id="B",
            generated_at=datetime(2026, 3, 2, tzinfo=UTC),
            prepared_by="",
            statement_of="",
            introduction=[],
            entries=[None] * entries,
            left_out_count=left_out_count,
            left_out=["the witness's private notes"],
        ).about

    assert about(1, 0).startswith("1 incident from the witness's log, in date order")
    assert about(2, 3).startswith("2 incidents from the witness's log")
    assert "The witness chose to leave out 3 incidents." in about(2, 3)
    assert "chose to leave out 1 incident." in about(2, 1)
