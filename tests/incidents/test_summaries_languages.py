"""Incidents made from a burst of calls (incidents.calls) or a day's messages
(incidents.conversations) in several languages (issue 21): the summary ("7 calls from
+44 7700 900123 (Sam) between 21:02 and 23:40") is ours, kept as data and said in the
reader's language: her Welsh pages, the English police document. Her own description stays
hers, empty until she writes it."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from evidence.models import Evidence
from evidence.services import store_upload
from incidents.calls import calls_to_incidents
from incidents.export.models import ExportJob
from incidents.models import Behaviour, Incident
from incidents.services import record_incident
from tests.conftest import client_for, searched
from tests.evidence import files
from tests.evidence.conftest import upload
from tests.incidents.conftest import minimal_post
from tests.incidents.export.conftest import pdf_text

ENGLISH = "7 calls from +44 7700 900123 (Sam) between 21:02 and 23:40 (exhibit JS/1)."
WELSH = "7 galwad gan +44 7700 900123 (Sam) rhwng 21:02 a 23:40 (arddangosyn JS/1)."
POLISH = "7 połączeń od +44 7700 900123 (Sam) między 21:02 a 23:40 (dowód JS/1)."


def speaking(user, code):
    user.language = code
    user.save(update_fields=["language"])
    return client_for(user)


def made_in_welsh(victim):
    """The call log uploaded and its calls from Sam made into incidents, all in Welsh."""
    client = speaking(victim, "cy")
    with translation.override("cy"):
        evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    sam = Evidence.objects.get(pk=evidence.pk).metadata["calls"]["numbers"][0]["digest"]
    contacting = Behaviour.objects.get(code="contacting")
    url = reverse("exhibit_calls", args=[evidence.pk])
    response = client.post(url, {"number": [sam], "behaviours": [contacting.pk]})
    assert response.status_code == 302
    return client, Incident.objects.get(log=victim.log, sequence_no=1)


def police_pdf(client, log, **data):
    response = client.post(reverse("export"), {"profile": "police", "kind": "timeline", **data})
    assert response.status_code == 302
    job = ExportJob.objects.filter(log=log).latest("created_at")
    assert job.status == ExportJob.Status.READY
    response = client.get(reverse("export_download", args=[job.pk]))
    return " ".join(pdf_text(b"".join(response.streaming_content)).split())


def page(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_incidents_made_in_welsh_read_in_welsh_and_the_police_document_in_english(victim):
    client, incident = made_in_welsh(victim)
    assert incident.description == ""  # nothing of ours stored as her text
    detail = page(client, "incident_detail", incident.pk)
    assert WELSH in detail
    assert "21:02 Wedi'i cholli" in detail  # each call, its kind in Welsh
    assert "calls from" not in detail and "Missed" not in detail
    assert WELSH in page(client, "timeline")
    pdf = police_pdf(client, victim.log)
    assert ENGLISH in pdf
    assert "21:02 Missed 21:07 Missed" in pdf
    assert "galwad" not in pdf and "arddangosyn" not in pdf
    # The same incidents read in Polish for her once she changes language, and in Welsh in
    # the Welsh document.
    assert POLISH in page(speaking(victim, "pl"), "incident_detail", incident.pk)
    assert WELSH in police_pdf(client, victim.log, language="cy")


def test_her_own_description_is_added_after_the_summary_and_never_translated(victim):
    client, incident = made_in_welsh(victim)
    url = reverse("incident_amend", args=[incident.pk])
    form = page(client, "incident_amend", incident.pk)
    assert WELSH in form  # shown above her own words, which are optional here
    data = minimal_post(reason="Adding what it was like", date="2024-03-02", time="21:02")
    response = client.post(url, {**data, "description": ""})
    assert response.status_code == 302  # no description needed: the summary says what it was
    response = client.post(url, {**data, "description": "I turned my phone off in the end."})
    assert response.status_code == 302
    detail = page(client, "incident_detail", incident.pk)
    assert detail.index(WELSH) < detail.index("I turned my phone off in the end.")
    pdf = police_pdf(client, victim.log)
    assert pdf.index(ENGLISH) < pdf.index("I turned my phone off in the end.")


def test_a_burst_over_midnight_names_both_days_in_the_readers_language(victim):
    start = 1709422200000  # 2 March 2024 23:30 GMT
    calls = [("+447700900123", "Sam", start + minute * 60_000, 40, 1) for minute in (0, 50)]
    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml(calls)))
    sam = Evidence.objects.get(pk=evidence.pk).metadata["calls"]["numbers"][0]["digest"]
    contacting = Behaviour.objects.filter(code="contacting")
    (incident,) = calls_to_incidents(victim.log, victim, evidence, [sam], contacting).created
    said = {}
    for code in ("en-gb", "cy", "pl", "ur"):
        with translation.override(code):
            said[code] = Incident.objects.get(pk=incident.pk).summary_text
    assert said["en-gb"] == (
        "2 calls from +44 7700 900123 (Sam) between 23:30 on 2 March 2024 and 00:20 on "
        "3 March 2024 (exhibit JS/1).\n\n23:30 Incoming (40 s)\n00:20 Incoming (40 s)"
    )
    assert "2 Mawrth 2024" in said["cy"] and "(40 eiliad)" in said["cy"]
    assert "2 marca 2024" in said["pl"] and "3 marca 2024" in said["pl"]
    assert "کالیں" in said["ur"] and "(40 سیکنڈ)" in said["ur"]
    for text in said.values():
        assert "%(" not in text


def test_a_withheld_callers_burst_is_named_in_the_readers_language(victim):
    start = 1709413320000
    calls = [("-2", "", start + minute * 60_000, 0, 3) for minute in (0, 1)]
    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml(calls)))
    withheld = Evidence.objects.get(pk=evidence.pk).metadata["calls"]["numbers"][0]["digest"]
    contacting = Behaviour.objects.filter(code="contacting")
    (incident,) = calls_to_incidents(victim.log, victim, evidence, [withheld], contacting).created
    with translation.override("pl"):
        assert "2 połączenia od " in incident.summary_text
        assert "Withheld" not in incident.summary_text


@pytest.mark.parametrize("code", ["cy", "pl", "ur", "en-gb"])
def test_an_incident_made_before_keeps_its_english_description_as_it_was(victim, code):
    """Existing data: incidents made from calls before the summary existed have the words
    in their description, and show them unchanged (they may have been edited since)."""
    old = "23 calls from +44 7700 900123 between 21:02 and 23:40 (23 missed; exhibit JS/1)."
    contacting = Behaviour.objects.filter(code="contacting")
    with translation.override("en-gb"):
        incident = record_incident(
            victim.log,
            victim,
            behaviours=contacting,
            occurred_start=Incident._meta.get_field("recorded_at").default(),
            description=old,
        )
    client = speaking(victim, code)
    assert incident.summary is None
    assert old in page(client, "incident_detail", incident.pk)
    assert old in page(client, "timeline")
    if code == "cy":
        assert old in police_pdf(client, victim.log)


def test_searching_for_the_callers_number_finds_the_incident(victim):
    client, _ = made_in_welsh(victim)
    assert WELSH in html.unescape(searched(client, reverse("timeline"), q="900123"))


def test_incidents_made_from_messages_read_in_each_readers_language(victim):
    """The same for a day's messages (incidents.conversations): the sentence is ours, the
    messages are quoted as written, and a message with no sender reads "Unknown sender" in
    the reader's language."""
    from tests.evidence.test_languages import telegram_with_a_nameless_message

    client = speaking(victim, "cy")
    evidence = store_upload(
        victim.log, victim, upload("result.json", telegram_with_a_nameless_message())
    )
    contacting = Behaviour.objects.get(code="contacting")
    ticked = [m.pk for m in evidence.messages.all()]
    url = reverse("exhibit_messages", args=[evidence.pk])
    response = client.post(url, {"message": ticked, "behaviours": [contacting.pk]})
    assert response.status_code == 302
    incident = Incident.objects.get(log=victim.log)
    assert incident.description == ""
    assert incident.exact_words == "[21:14] Sam: Answer me\n[21:14] Nobody signed this"
    welsh = "2 neges gan Sam, Anfonwr anhysbys am 21:14 (arddangosyn JS/1)."
    assert welsh in page(client, "incident_detail", incident.pk)
    pdf = police_pdf(client, victim.log)
    assert "2 messages from Sam, Unknown sender at 21:14 (exhibit JS/1)." in pdf
    assert "Anfonwr" not in pdf
    polish = "2 wiadomości od Sam, Nieznany nadawca o 21:14 (dowód JS/1)."
    assert polish in page(speaking(victim, "pl"), "timeline")
