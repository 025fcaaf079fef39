"""Voice recordings in several languages (issue 21): the name and the sentences about a
recording ("Voice recording, 1 March 2026, 09:30", "Recorded in the app for incident 1. About
5 seconds long ...") are ours, kept as data (Evidence.summary) and said in the reader's
language: her Welsh page, the English police document. The title and description stay hers,
empty until she writes them; recordings made before keep the English they stored."""

import html
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from evidence.models import Evidence
from incidents.recordings import recording_summary
from stalklog.core.said import say
from tests.evidence.factories import make_exhibit
from tests.incidents.conftest import make_incident
from tests.incidents.test_recordings import parts, send, stop
from tests.incidents.test_summaries_languages import page, police_pdf, speaking

NAME = {
    "en-gb": "Voice recording, 1 March 2026, 09:30",
    "cy": "Recordiad llais, 1 Mawrth 2026, 09:30",
    "pl": "Nagranie głosowe, 1 marca 2026, 09:30",
}
SENTENCES = {
    "en-gb": "Recorded in the app for incident 1. About 5 seconds long, timed by the browser "
    "while recording.",
    "cy": "Wedi'i recordio yn yr ap ar gyfer digwyddiad 1. Tua 5 eiliad o hyd, wedi'i amseru "
    "gan y porwr wrth recordio.",
}
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def incident(victim, log):
    return make_incident(log, victim)


def recorded_in_polish(victim, incident, seconds="5"):
    client = speaking(victim, "pl")
    send(client, incident, 0, b"".join(parts()))
    response = stop(client, incident, seconds=seconds)
    assert response.status_code == 200
    return Evidence.objects.get(log=victim.log, kind=Evidence.Kind.AUDIO)


def test_a_recording_made_in_polish_is_read_in_welsh_and_english(victim, incident):
    exhibit = recorded_in_polish(victim, incident)
    assert exhibit.title == "" and exhibit.description == ""  # hers to write
    assert exhibit.original_name.startswith("recording-")  # the same in every language
    assert exhibit.original_name.isascii()
    # Said in the language of whoever reads it, not the Polish it was recorded in.
    with translation.override("pl"):
        assert exhibit.display_name.startswith("Nagranie głosowe, ")
        assert "Nagrane w aplikacji do zdarzenia 1." in exhibit.summary_text
    welsh = page(speaking(victim, "cy"), "exhibit_detail", exhibit.pk)
    assert "Recordiad llais, " in welsh
    assert "Wedi'i recordio yn yr ap ar gyfer digwyddiad 1. Tua 5 eiliad o hyd" in welsh
    assert "Nagran" not in welsh and "Voice recording" not in welsh
    english = page(speaking(victim, "en-gb"), "exhibit_detail", exhibit.pk)
    assert "Voice recording, " in english
    assert "Recorded in the app for incident 1. About 5 seconds long" in english
    assert "Nagran" not in english
    # Her own words, once she writes them, follow ours and are never translated.
    exhibit.description = "Nagrałam to pod drzwiami."
    exhibit.save()
    welsh = page(speaking(victim, "cy"), "exhibit_detail", exhibit.pk)
    assert welsh.index("Tua 5 eiliad") < welsh.index("Nagrałam to pod drzwiami.")


def test_the_police_document_says_it_in_its_own_language(victim, incident):
    exhibit = recorded_in_polish(victim, incident)
    exhibit.summary = recording_summary(incident, WHEN, seconds=5)
    exhibit.save()
    client = speaking(victim, "pl")
    english = police_pdf(client, victim.log)
    assert NAME["en-gb"] in english and SENTENCES["en-gb"] in english
    assert "Nagran" not in english
    welsh = police_pdf(client, victim.log, language="cy")
    assert NAME["cy"] in welsh and SENTENCES["cy"] in welsh


@pytest.mark.parametrize(
    ("seconds", "code", "words"),
    [
        (1, "en-gb", "About 1 second long"),
        (2, "cy", "Tua 2 eiliad o hyd"),
        (8, "cy", "Tua 8 eiliad o hyd"),
        (1, "pl", "Trwa około 1 sekundy"),
        (3, "pl", "Trwa około 3 sekund"),
        (25, "pl", "Trwa około 25 sekund"),
        (242, "en-gb", "About 4 min 02 s long"),
        (242, "pl", "Trwa około 4 min 02 s"),
        (1, "ur", "تقریباً 1 سیکنڈ لمبی"),
    ],
)
def test_the_length_is_counted_in_each_language(incident, seconds, code, words):
    summary = recording_summary(incident, WHEN, seconds=seconds)
    with translation.override(code):
        assert words in say(summary["lines"])
        if code in NAME:
            assert say(summary["name"]) == NAME[code]


def test_a_recording_left_before_stop_says_so_in_the_readers_language(incident):
    summary = recording_summary(incident, WHEN, is_abandoned=True)
    with translation.override("cy"):
        assert "cyn pwyso Stopio" in say(summary["lines"])


def test_recordings_made_before_show_what_they_stored(victim, log):
    old = make_exhibit(log, victim, "Voice recording 2026-03-01 09.30", b"old")
    old.title = "Voice recording 2026-03-01 09.30"
    old.description = "Recorded in the app for incident 1. About 5 seconds long."
    old.save()
    old = Evidence.objects.get(pk=old.pk)
    assert old.summary is None
    welsh = page(speaking(victim, "cy"), "exhibit_detail", old.pk)
    assert "Voice recording 2026-03-01 09.30" in welsh
    assert "Recorded in the app for incident 1. About 5 seconds long." in welsh
    assert "Recordiad llais" not in welsh


def test_the_exhibit_list_names_recordings_without_more_queries(victim, incident):
    for number in range(3):
        make_exhibit(victim.log, victim, f"{number}.txt", b"note %d" % number)
    client = speaking(victim, "cy")
    with CaptureQueriesContext(connection) as before:
        assert client.get(reverse("exhibit_list")).status_code == 200
    recorded_in_polish(victim, incident)
    client = speaking(victim, "cy")
    with CaptureQueriesContext(connection) as after:
        listed = html.unescape(client.get(reverse("exhibit_list")).content.decode())
    assert "Recordiad llais, " in listed and "Nagranie" not in listed
    assert len(after.captured_queries) == len(before.captured_queries)


def test_her_description_is_saved_without_making_her_give_a_title(victim, incident):
    exhibit = recorded_in_polish(victim, incident)
    client = speaking(victim, "cy")
    url = reverse("exhibit_edit", args=[exhibit.pk])
    form = page(client, "exhibit_edit", exhibit.pk)
    assert "Dewisol. Heb deitl, ei enw yw “Recordiad llais, " in form
    data = {"title": "", "description": "Nagrałam to pod drzwiami.", "kind": "audio"}
    assert client.post(url, data).status_code == 302
    exhibit = Evidence.objects.get(pk=exhibit.pk)
    assert exhibit.title == "" and exhibit.description == "Nagrałam to pod drzwiami."
    assert exhibit.summary  # ours stays, said above hers
