"""Her words, not stronger ones: every choice printed is worded as the form put it."""

import re

import pytest

from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf
from incidents.forms import IncidentForm
from incidents.models import Behaviour, Incident

from .conftest import add_incident, at, pdf_text

CHOICE_FIELDS = ("time_precision", "location_type", "channel", "impact_score")
TICK_FIELDS = ("fear_of_violence", "alarm_or_distress", "effect_on_daily_life")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def form_choices(name):
    return [(key, str(label)) for key, label in IncidentForm.base_fields[name].choices if key != ""]


@pytest.fixture
def every_choice_log(victim):
    """One incident per behaviour, cycling through every other choice of the form."""
    log = victim.log
    choices = {name: [key for key, _ in form_choices(name)] for name in CHOICE_FIELDS}
    for index, behaviour in enumerate(Behaviour.objects.order_by("order")):
        fields = {name: values[index % len(values)] for name, values in choices.items()}
        fields["impact_score"] = int(fields["impact_score"])
        fields.update({name: index % 2 == 0 for name in TICK_FIELDS})
        add_incident(
            log,
            victim,
            at(1 + index),
            f"Incident about {behaviour.code}.",
            behaviours=(behaviour.code,),
            location="A street",
            **fields,
        )
    return log


def test_every_choice_is_printed_with_the_forms_own_label(every_choice_log, victim):
    doc = build_document(every_choice_log, ExportOptions(), victim)
    text = flat(pdf_text(render_pdf(doc, workers=1)))
    labels = [str(b) for b in IncidentForm.base_fields["behaviours"].queryset]
    labels += [label for name in CHOICE_FIELDS for _, label in form_choices(name)]
    labels += [str(IncidentForm.base_fields[name].label) for name in TICK_FIELDS]
    missing = [label for label in labels if flat(label).lower() not in text.lower()]
    assert missing == []


def test_impact_is_never_printed_in_the_stronger_legal_words(every_choice_log, victim):
    doc = build_document(every_choice_log, ExportOptions(), victim)
    text = flat(pdf_text(render_pdf(doc, workers=1)))
    incidents = text[text.index("Incidents in full") : text.index("Exhibit list")]
    assert "It caused me alarm or distress" in incidents
    for stronger in ("serious alarm", "Substantial adverse", "Feared violence would"):
        assert stronger.lower() not in incidents.lower()
    # The appendix explains the legal terms beside her answers.
    assert "serious alarm or distress" in text[text.index("Words used in this document") :]


def test_corrections_print_uk_times_and_labels_not_stored_values(victim):
    incident = add_incident(
        victim.log,
        victim,
        at(27, hour=7, minute=2, month=11),
        "He was at the gate.",
        channel=Incident.Channel.IN_PERSON,
    )
    incident.amend(
        victim,
        "I checked my phone",
        {
            "occurred_start": at(27, hour=7, minute=22, month=11),
            "channel": Incident.Channel.TEXT,
            "alarm_or_distress": True,
            "impact_score": 2,
        },
    )
    doc = build_document(victim.log, ExportOptions(), victim)
    text = flat(pdf_text(render_pdf(doc, workers=1)))
    assert 'When it happened: was "Fri 27 Nov 2026, 07:02", now "Fri 27 Nov 2026, 07:22"' in text
    assert 'How: was "In person", now "Text or instant message"' in text
    assert 'It caused me alarm or distress: was "not ticked", now "ticked"' in text
    assert 'How bad was it for you: was "not given", now "2 a lot"' in text
    assert "+00:00" not in text and "in_person" not in text


def test_times_say_how_precisely_they_are_known_in_the_forms_words(victim):
    add_incident(
        victim.log, victim, at(2, hour=23, month=7), "Summer night", time_precision="approximate"
    )
    add_incident(victim.log, victim, at(3, month=1), "Some day", time_precision="date")
    doc = build_document(victim.log, ExportOptions(), victim)
    assert [i.when_text for i in doc.incidents] == [
        "Sat 3 Jan 2026 (date only)",
        "Fri 3 Jul 2026, 00:00 (approximate time)",  # 23:00 UTC is after midnight in BST
    ]
