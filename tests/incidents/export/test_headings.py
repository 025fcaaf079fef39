"""Table headings are printed whole in every document language (issue 21): a heading word cut
in two ("Arddang / osion") in a column sized for its English word reads as two words."""

import io
import re
import subprocess
import tempfile
from html import unescape

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from incidents.export import language
from incidents.export.options import ExportOptions
from incidents.export.services import export_timeline
from incidents.models import Incident

from .conftest import add_incident, add_person, at

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)
LANGUAGES = [language.ENGLISH, language.WELSH, language.BILINGUAL]


def pages_of_words(pdf: bytes) -> list[tuple[float, list[tuple[float, float, float, str]]]]:
    """Each page's width and words (pdftotext -bbox) as (x_min, y_min, x_max, text), in
    reading order."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        xml = subprocess.run(
            ["pdftotext", "-bbox", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return [
        (
            float(width),
            [
                (float(x0), float(y0), float(x1), unescape(text))
                for x0, y0, x1, text in WORD.findall(page)
            ],
        )
        for width, page in re.findall(r'<page width="([\d.]+)".*?>(.*?)</page>', xml, re.S)
    ]


def header_rows(pdf: bytes, heading: str, first_word: str, *, x_max_share: float = 1.0):
    """The words of each header row of the table under `heading`, on every page that prints
    one: from the line of the header's first word down to the first line with a number in
    it (a month row, a count, an incident number), within the table's columns."""
    rows = []
    for page_width, page in pages_of_words(pdf):
        # The table's first page, and the pages it runs on to (each opens with its header).
        starts_with_header = bool(rows) and bool(page) and page[0][3] == first_word
        if heading not in " ".join(word[3] for word in page) and not starts_with_header:
            continue
        starts = [word for word in page if word[3] == first_word]
        if not starts:
            continue
        left, top = starts[0][0], starts[0][1]
        in_table = [
            word
            for word in page
            if word[1] >= top - 1 and left - 2 <= word[0] and word[2] <= page_width * x_max_share
        ]
        bottom = min((word[1] for word in in_table if re.search(r"\d", word[3])), default=1e9)
        rows.append([word[3] for word in in_table if word[1] < bottom - 1])
    return rows


def expected_words(*headings) -> list[str]:
    return sorted(word for heading in headings for word in str(heading).split())


@pytest.fixture
def long_names_log(rich_log, victim):
    """rich_log plus an incident with every long Welsh label: behaviours, a channel, a
    person with a long name, at a place with a long name."""
    person = add_person(
        rich_log, "Gruffydd ap Llywelyn Fychan-Rhys Cadwaladr-Williams", relationship="ex_partner"
    )
    incident = add_incident(
        rich_log,
        victim,
        at(3, month=5),
        "Outside Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch station.",
        behaviours=("contacting_others", "monitoring", "interfering_property", "tracking"),
        channel=Incident.Channel.SOCIAL,
        location="Heol y Frenhines, Aberystwyth",
        location_type=Incident.LocationType.PUBLIC,
    )
    incident.people.add(person)
    return rich_log


def exported(log, user, code, profile="police") -> bytes:
    out = io.BytesIO()
    export_timeline(log, user, ExportOptions(language=code, profile=profile), out)
    return out.getvalue()


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_chronological_table_heading_word_is_printed_whole(long_names_log, victim, code):
    with language.document_language(code):
        heading = _("Chronological table")
        headings = [pgettext("number", "No."), _("When"), _("Behaviours"), _("Channel")]
        headings += [_("People"), _("Exhibits")]
    rows = header_rows(exported(long_names_log, victim, code), heading, headings[0].split()[0])
    assert rows, "no chronological table found"
    for row in rows:
        assert sorted(row) == expected_words(*headings)
    if code != language.ENGLISH:
        assert "Arddangosion" in rows[0]


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_summary_tables_headings_are_printed_whole(long_names_log, victim, code):
    pdf = exported(long_names_log, victim, code, profile="summary")
    with language.document_language(code):
        heading = _("Pattern summary")
        counts = [_("Behaviour"), _("Incidents")]
        months = [_("Month"), pgettext("number", "No.")] * 6
    # The behaviour counts fill the left half of the page, beside the first incident's date.
    (row,) = header_rows(pdf, heading, counts[0].split()[0], x_max_share=0.5)
    assert sorted(row) == expected_words(*counts)
    (row,) = header_rows(pdf, heading, months[0].split()[0])
    assert sorted(row) == expected_words(*months)


def test_an_english_document_after_a_bilingual_one_prints_english_choices_only(
    long_names_log, victim
):
    """The form's choices are worded once per language and kept (wording._choices): a
    bilingual document runs under English's language code, and must neither take nor leave
    English's words."""
    bilingual = exported(long_names_log, victim, language.BILINGUAL)
    english = exported(long_names_log, victim, language.ENGLISH)
    bilingual_words = " ".join(
        word[3] for _width, page in pages_of_words(bilingual) for word in page
    )
    english_words = " ".join(word[3] for _width, page in pages_of_words(english) for word in page)
    assert "Cyfryngau" in bilingual_words  # "Social media / Cyfryngau cymdeithasol"
    assert "Cyfryngau" not in english_words and "Social media" in english_words
