"""Call logs (SMS Backup & Restore) become calls, read in the background, and bursts of
calls from one number become one incident each with the count."""

from datetime import UTC, datetime

import pytest

from evidence import sniff
from evidence.models import Call, Evidence
from evidence.parsers.calls import read_calls
from evidence.phones import format_number, normalise_number
from evidence.services import store_upload
from incidents.calls import calls_to_incidents
from incidents.models import Behaviour, CallBurst, Incident
from tests.evidence import files
from tests.evidence.conftest import upload


def test_call_log_is_detected_from_content():
    assert sniff.detect(files.calls_xml()[: sniff.HEAD_BYTES]) is sniff.CALLS_XML


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("+447700900123", "+44 7700 900123"),
        ("07700 900123", "+44 7700 900123"),
        ("0044 7700-900123", "+44 7700 900123"),
        ("020 7946 0018", "+44 20 7946 0018"),
        ("-2", "Withheld number"),
        ("", "Withheld number"),
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("0161 496 0123", "+44 161 496 0123"),  # Manchester: a three-digit area code
        ("0800 123 4567", "+44 800 123 4567"),
        ("901", "901"),  # voicemail's short code, kept as it is
    ],
)
def test_numbers_are_shown_as_people_write_them(written, shown):
    assert format_number(written) == shown


def test_calls_are_read_with_number_name_time_duration_and_direction():
    calls, notes = read_calls(files.calls_xml())
    assert notes == []
    first = calls[0]
    assert (first.number, first.contact_name, first.direction) == (
        "+44 7700 900123",
        "Sam",
        "missed",
    )
    assert first.started_at == datetime(2024, 3, 2, 21, 2, tzinfo=UTC)
    assert {c.direction for c in calls} == {"missed", "incoming", "rejected", "outgoing"}
    assert [c.duration_seconds for c in calls if c.contact_name == "Mum"] == [300]
    withheld = [c for c in calls if c.number == "Withheld number"]
    assert len(withheld) == 1 and withheld[0].normalised == ""
    assert normalise_number("07700 900123") == calls[0].normalised


def test_call_log_upload_is_read_in_the_background_into_calls(victim):
    evidence = store_upload(victim.log, victim, upload("calls-20240303.xml", files.calls_xml()))
    evidence = Evidence.objects.get(pk=evidence.pk)  # as the task left it
    assert evidence.kind == Evidence.Kind.CALLS
    assert evidence.reading == "done"
    assert evidence.calls.count() == 11
    assert evidence.content_date == datetime(2024, 3, 2, 21, 2, tzinfo=UTC)
    summary = evidence.metadata["calls"]
    assert summary["count"] == 11
    top = summary["numbers"][0]
    assert (top["number"], top["name"], top["count"]) == ("+44 7700 900123", "Sam", 8)
    # The number is sealed in the database, like every detail of her log.
    raw = Call.objects.values_list("number_sealed", flat=True).first()
    assert b"7700" not in bytes(raw)


def test_call_log_upload_does_not_read_calls_in_the_request(victim, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    assert evidence.reading == "waiting"
    assert not evidence.calls.exists()


def test_call_log_cut_short_keeps_the_calls_before_the_cut(victim):
    data = files.calls_xml()
    cut = data[: data.index(b"<call", data.index(b"<call", 200) + 10)]
    evidence = store_upload(victim.log, victim, upload("calls.xml", cut))
    evidence = Evidence.objects.get(pk=evidence.pk)
    assert evidence.calls.count() >= 1
    assert "cut short after" in evidence.note_text


def test_call_log_damaged_before_any_call_is_kept_with_a_note(victim):
    evidence = store_upload(
        victim.log, victim, upload("calls.xml", b"<?xml version='1.0'?><calls><ca")
    )
    evidence = Evidence.objects.get(pk=evidence.pk)
    assert not evidence.calls.exists()
    assert evidence.note_text.startswith("Kept as it is, but the calls were not read")


def test_a_burst_of_calls_becomes_one_incident_with_the_count(victim):
    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    sam = Evidence.objects.get(pk=evidence.pk).metadata["calls"]["numbers"][0]["digest"]
    contacting = Behaviour.objects.filter(code="contacting")
    evening, next_day = calls_to_incidents(victim.log, victim, evidence, [sam], contacting).created
    assert evening.series_count == 7
    assert evening.description == ""  # hers to write: the words below are ours
    assert evening.summary_text.startswith(
        "7 calls from +44 7700 900123 (Sam) between 21:02 and 23:40 (exhibit JS/1).\n\n"
        "21:02 Missed\n"
    )
    assert evening.occurred_start == datetime(2024, 3, 2, 21, 2, tzinfo=UTC)
    assert evening.occurred_end == datetime(2024, 3, 2, 23, 40, tzinfo=UTC)
    assert list(evening.exhibits.all()) == [evidence]
    assert next_day.series_count is None
    assert next_day.summary_text.startswith("1 call from +44 7700 900123 (Sam) at 21:02")


def test_calls_she_made_are_not_turned_into_incidents(victim):
    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    from evidence.phones import number_digest

    mum = number_digest(victim.log, "+447700900555")
    contacting = Behaviour.objects.filter(code="contacting")
    made = calls_to_incidents(victim.log, victim, evidence, [mum], contacting)
    assert made.created == [] and made.already == []


def test_a_log_of_100000_calls_is_read(victim):
    start = 1709413320000
    calls = [("+447700900123", "Sam", start + n * 61_000, 0, 3) for n in range(100_000)]
    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml(calls)))
    assert Evidence.objects.get(pk=evidence.pk).calls.count() == 100_000


def test_calls_page_lists_calls_and_records_bursts_as_incidents(
    victim, victim_client, django_assert_max_num_queries
):
    from django.urls import reverse

    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    url = reverse("exhibit_calls", args=[evidence.pk])
    with django_assert_max_num_queries(15):
        page = victim_client.get(url).content.decode()
    assert "+44 7700 900123 (Sam): 8 calls" in page
    assert "Withheld number" in page and "Missed" in page
    sam = Evidence.objects.get(pk=evidence.pk).metadata["calls"]["numbers"][0]["digest"]
    contacting = Behaviour.objects.get(code="contacting")
    response = victim_client.post(url, {"number": [sam], "behaviours": [contacting.pk]})
    assert response.status_code == 302
    followed = victim_client.get(response["Location"]).content.decode()
    assert "Created incidents 1, 2." in followed
    detail = victim_client.get(reverse("exhibit_detail", args=[evidence.pk])).content.decode()
    assert "See the 11 calls" in detail


def test_calls_page_asks_for_a_number(victim, victim_client):
    from django.urls import reverse

    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    contacting = Behaviour.objects.get(code="contacting")
    url = reverse("exhibit_calls", args=[evidence.pk])
    response = victim_client.post(url, {"behaviours": [contacting.pk]})
    assert response.status_code == 400
    assert "Tick at least one number." in response.content.decode()


def _sam_and_withheld(evidence):
    numbers = Evidence.objects.get(pk=evidence.pk).metadata["calls"]["numbers"]
    return [entry["digest"] for entry in numbers]


def test_turning_the_same_calls_into_incidents_twice_makes_them_once(victim):
    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    sam = _sam_and_withheld(evidence)[0]
    contacting = Behaviour.objects.filter(code="contacting")
    first = calls_to_incidents(victim.log, victim, evidence, [sam], contacting)
    again = calls_to_incidents(victim.log, victim, evidence, [sam], contacting)
    assert again.created == [] and again.already == first.created
    assert Incident.objects.filter(log=victim.log).count() == 2


def test_only_the_bursts_not_yet_made_are_made(victim):
    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    digests = _sam_and_withheld(evidence)
    contacting = Behaviour.objects.filter(code="contacting")
    sam_only = calls_to_incidents(victim.log, victim, evidence, digests[:1], contacting)
    everyone = calls_to_incidents(victim.log, victim, evidence, digests, contacting)
    assert everyone.already == sam_only.created and everyone.created
    assert Incident.objects.filter(log=victim.log).count() == len(sam_only.created) + len(
        everyone.created
    )


def test_a_burst_made_by_a_request_at_the_same_moment_is_not_made_again(victim, monkeypatch):
    """The other request committed after this one looked for bursts already made (this one
    saw none): the unique constraint refuses this one's rows, and it answers with the other
    request's incidents instead of making them twice."""
    from incidents import calls

    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    sam = _sam_and_withheld(evidence)[0]
    contacting = Behaviour.objects.filter(code="contacting")
    other_request = calls_to_incidents(victim.log, victim, evidence, [sam], contacting)
    real_lookup, looks = calls._made_before, []

    def stale_first_lookup(*args):
        looks.append(True)
        return {} if len(looks) == 1 else real_lookup(*args)

    monkeypatch.setattr(calls, "_made_before", stale_first_lookup)
    outcome = calls_to_incidents(victim.log, victim, evidence, [sam], contacting)
    assert outcome.created == [] and outcome.already == other_request.created
    assert Incident.objects.filter(log=victim.log).count() == 2
    assert CallBurst.objects.filter(evidence=evidence).count() == 2


def test_calls_page_says_when_the_calls_were_already_turned_into_incidents(victim, victim_client):
    from django.urls import reverse

    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    sam = _sam_and_withheld(evidence)[0]
    contacting = Behaviour.objects.get(code="contacting")
    url = reverse("exhibit_calls", args=[evidence.pk])
    victim_client.post(url, {"number": [sam], "behaviours": [contacting.pk]})
    response = victim_client.post(url, {"number": [sam], "behaviours": [contacting.pk]})
    followed = victim_client.get(response["Location"]).content.decode()
    assert "These calls were already turned into incidents (incidents 1, 2)" in followed
    assert Incident.objects.filter(log=victim.log).count() == 2


def test_a_withheld_caller_is_named_in_the_readers_language(victim, victim_client):
    """The number is stored once, in English; the page says it in hers (issue 21)."""
    from django.urls import reverse

    evidence = store_upload(victim.log, victim, upload("calls.xml", files.calls_xml()))
    victim.language = "pl"
    victim.save()
    page = victim_client.get(reverse("exhibit_calls", args=[evidence.pk])).content.decode()
    assert "Numer zastrzeżony" in page and "Withheld number" not in page
