"""Issue 21 in the incidents pages: every page in Welsh, Polish and Urdu, and the documents
for the police and the court still in English whatever language she reads the pages in."""

import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from incidents.documents.services import export_statement
from incidents.documents.statement import StatementOptions
from incidents.export.options import ExportOptions
from incidents.export.services import export_timeline
from incidents.models import Behaviour, Incident, Order, Person
from incidents.services import correct_incident, record_incident, save_order, save_person
from stalklog.accounts.languages import SESSION_KEY
from tests.conftest import client_for

from .export.conftest import pdf_text

LANGUAGES = ("cy", "pl", "ur")
WHEN = datetime.datetime(2026, 3, 7, 21, 5, tzinfo=datetime.UTC)


@pytest.fixture
def log_with_everything(victim):
    """An incident with a correction, a person with a phone number, and an order."""
    log = victim.log
    person = save_person(
        log,
        victim,
        name="Mark Smith",
        relationship=Person.Relationship.EX_PARTNER,
        is_perpetrator=True,
        identifiers=[{"kind": "phone", "value": "07700 900123", "first_seen": None}],
    )
    order = save_order(
        log, victim, kind=Order.Kind.RESTRAINING, reference="RO-77", conditions="No contact."
    )
    incident = record_incident(
        log,
        victim,
        behaviours=Behaviour.objects.filter(code__in=["following", "threats"]),
        people=[person],
        occurred_start=WHEN,
        description="He followed me home from the bus stop.",
        channel=Incident.Channel.PHONE_CALL,
        location_type=Incident.LocationType.HOME,
        alarm_or_distress=True,
        impact_score=2,
        order_breached=order,
    )
    correct_incident(
        incident,
        victim,
        reason="I remembered more",
        changes={"impact_score": 3, "people": [person]},
    )
    return {"log": log, "incident": incident, "person": person, "order": order}


def pages(data):
    """(url, English words the page must show translated) for every page of the area."""
    incident, person, order = data["incident"], data["person"], data["order"]
    amendment = incident.amendments.get()
    return [
        (
            reverse("incident_new"),
            ["Only the first three questions are needed. Add more now or later."],
        ),
        (
            reverse("log_it_now"),
            ["A few words are enough. It is saved with the time, and you can complete it later."],
        ),
        (
            reverse("incident_detail", kwargs={"pk": incident.pk}),
            [
                "History of changes",
                "Following",
                "Threats",
                "Phone call",
                "It caused me alarm or distress",
            ],
        ),
        (
            reverse("incident_amend", kwargs={"pk": incident.pk}),
            ["Why are you changing it?", "Stranger"],
        ),
        (
            reverse("amendment_detail", kwargs={"pk": incident.pk, "amendment_pk": amendment.pk}),
            ["Reason:", "Before"],
        ),
        (reverse("record_voice", kwargs={"pk": incident.pk}), ["Record a voice note"]),
        (reverse("people"), ["Add a person", "Ex-partner", "Phone number"]),
        (reverse("person_new"), ["Numbers, accounts and plates", "Vehicle registration"]),
        (reverse("person_detail", kwargs={"pk": person.pk}), ["Who they are to you", "Ex-partner"]),
        (
            reverse("person_edit", kwargs={"pk": person.pk}),
            ["Numbers, accounts and plates", "Phone number"],
        ),
        (reverse("orders"), ["Court orders and bail conditions", "Restraining order"]),
        (reverse("order_new"), ["Kind of order", "Stalking protection order"]),
        (reverse("order_edit", kwargs={"pk": order.pk}), ["What it says they must not do"]),
        (reverse("documents"), ["Draft witness statement", "Breach reports"]),
        (reverse("timeline"), ["Search and filter", "Following", "Phone call", "corrected"]),
        (reverse("home"), ["Your log", "What has happened", "Incidents per month", "Threats"]),
    ]


def shown(text, content) -> bool:
    """`text` is on the page: as written by {% translate %} (trusted, not escaped) or escaped
    (form labels, messages)."""
    return text in content or escape(text) in content


def reading_in(user, code):
    client = client_for(user)
    session = client.session
    session[SESSION_KEY] = code
    session.save()
    return client


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_incidents_page_is_in_her_language(log_with_everything, victim, code):
    client = reading_in(victim, code)
    for url, words in pages(log_with_everything):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert f'<html lang="{code}"' in content, url
        for english in words:
            with translation.override(code):
                translated = gettext(english)
            assert translated != english, (url, english)
            assert shown(translated, content), (url, code, english)
        assert "{%" not in content and "%(" not in content, url


@pytest.mark.parametrize("code", LANGUAGES)
def test_messages_after_saving_are_in_her_language(victim, code):
    client = reading_in(victim, code)
    response = client.post(
        reverse("log_it_now"), {"when": "now", "description": "He is outside."}, follow=True
    )
    with translation.override(code):
        expected = gettext(
            "Saved as incident %(number)s. When you are safe, complete it: it is listed on "
            "your home page until you do."
        ) % {"number": 1}
    assert shown(expected, response.content.decode())


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_form_error_is_in_her_language_and_keeps_what_she_typed(victim, code):
    client = reading_in(victim, code)
    response = client.post(
        reverse("incident_new"),
        {
            "date": "2026-03-07",
            "time": "21:05",
            "time_precision": "exact",
            "description": "He rang.",
        },
    )
    assert response.status_code == 200
    with translation.override(code):
        expected = gettext("Choose at least one kind of thing that happened.")
    content = response.content.decode()
    assert shown(expected, content)
    assert "He rang." in content


def test_plurals_fill_every_form_of_each_language():
    # Polish has a form for 2-4 and another for 5+; Welsh for 1, 2, 8/11 and the rest.
    with translation.override("pl"):
        assert ngettext("%(counter)s incident", "%(counter)s incidents", 3) % {"counter": 3} == (
            "3 zdarzenia"
        )
        assert ngettext("%(counter)s incident", "%(counter)s incidents", 5) % {"counter": 5} == (
            "5 zdarzeń"
        )
    for code in LANGUAGES:
        with translation.override(code):
            for n in (1, 2, 3, 8, 11, 20):
                text = ngettext("%(counter)s incident", "%(counter)s incidents", n)
                assert text and text != "%(counter)s incidents", (code, n)


# The documents stay in English (the police and the court read them)


def polish_reader(victim):
    victim.language = "pl"
    victim.save()
    return victim


def test_a_polish_readers_police_export_prints_english_choice_labels(log_with_everything, victim):
    out = io.BytesIO()
    with translation.override("pl"):  # as in her request: LanguageMiddleware chose Polish
        export_timeline(log_with_everything["log"], polish_reader(victim), ExportOptions(), out)
        polish = [
            gettext(english)
            for english in ("Following", "Phone call", "It caused me alarm or distress")
        ]
    text = " ".join(pdf_text(out.getvalue()).split())
    for english in ("Following", "Threats", "Phone call", "It caused me alarm or distress"):
        assert english in text
    for words in polish:
        assert words not in text
    assert translation.get_language() != "pl"  # the override ended with the request


def test_a_polish_readers_breach_report_and_statement_are_in_english(log_with_everything, victim):
    client = reading_in(polish_reader(victim), "pl")
    order = log_with_everything["order"]
    response = client.get(reverse("document_breach_report", kwargs={"pk": order.pk}))
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    assert "Restraining order" in text and "Possible breaches of an order" in text
    with translation.override("pl"):
        assert gettext("Restraining order") not in text
        out = io.BytesIO()
        export_statement(
            log_with_everything["log"], victim, out, fmt="pdf", options=StatementOptions()
        )
    statement = " ".join(pdf_text(out.getvalue()).split())
    assert "WITNESS STATEMENT" in statement
    assert "zdarzenie" not in statement.lower()


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_timeline_search_says_what_matched_in_her_language(log_with_everything, victim, code):
    client = reading_in(victim, code)
    response = client.post(reverse("timeline"), {"q": "bus stop"}, follow=True)
    with translation.override(code):
        expected = gettext("Matched: %(words)s") % {"words": gettext("description")}
    assert shown(expected, response.content.decode())


@pytest.mark.parametrize("code", LANGUAGES)
def test_where_i_am_nows_script_words_are_in_her_catalogue(victim, code):
    client = reading_in(victim, code)
    script = client.get(reverse("javascript_catalog")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    for english in ("Add where I am now", "Not added."):
        assert catalogue.get(english) not in (None, "", english), english
