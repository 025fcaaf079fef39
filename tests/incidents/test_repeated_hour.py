"""The night the clocks go back, 01:00 to 01:59 happens twice. Such a time is asked about in
plain words (which of the two), stored as the one she chose, and printed as such."""

from datetime import UTC, datetime

from incidents.export.document import when_text
from incidents.models import Amendment, Incident
from tests.incidents.conftest import make_incident, minimal_post

NIGHT = "2025-10-26"  # clocks went back at 02:00 BST, to 01:00 GMT


def test_a_repeated_time_is_asked_about_in_plain_words(victim_client, log):
    response = victim_client.post("/incidents/new/", minimal_post(date=NIGHT, time="01:10"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "01:10 happened twice on 26 October 2025: the clocks went back an hour" in page
    assert "the first 01:10 (BST), before the clocks went back" in page
    assert "the second 01:10 (GMT), after the clocks went back" in page
    assert 'type="radio" name="time_which" value="second"' in page
    assert not Incident.objects.exists()


def test_the_chosen_one_of_the_two_times_is_stored(victim_client, log):
    for which, utc in (("first", datetime(2025, 10, 26, 0, 10, tzinfo=UTC)),
                       ("second", datetime(2025, 10, 26, 1, 10, tzinfo=UTC))):  # fmt: skip
        response = victim_client.post(
            "/incidents/new/", minimal_post(date=NIGHT, time="01:10", time_which=which)
        )
        assert response.status_code == 302
        assert Incident.objects.filter(log=log).latest("sequence_no").occurred_start == utc


def test_an_incident_that_ends_in_the_second_pass_of_the_hour_can_be_entered(victim_client, log):
    response = victim_client.post(
        "/incidents/new/",
        minimal_post(
            date=NIGHT,
            time="01:50",
            time_which="first",
            end_date=NIGHT,
            end_time="01:10",
            end_time_which="second",
        ),
    )

    assert response.status_code == 302
    incident = Incident.objects.get(log=log)
    assert incident.occurred_start == datetime(2025, 10, 26, 0, 50, tzinfo=UTC)
    assert incident.occurred_end == datetime(2025, 10, 26, 1, 10, tzinfo=UTC)
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Sun 26 Oct 2025, the first 01:50 (BST) to the second 01:10 (GMT)" in page
    assert when_text(incident) == (
        "Sun 26 Oct 2025, the first 01:50 (BST) to the second 01:10 (GMT)"
    )


def test_an_ordinary_time_is_printed_without_a_note(victim, log):
    incident = make_incident(log, victim, occurred_start=datetime(2025, 10, 26, 9, 5, tzinfo=UTC))

    assert when_text(incident) == "Sun 26 Oct 2025, 09:05"


def test_correcting_keeps_which_of_the_two_times_it_was(victim_client, victim, log):
    incident = make_incident(
        log, victim, occurred_start=datetime(2025, 10, 26, 1, 10, tzinfo=UTC)
    )  # the second 01:10

    form = victim_client.get(f"/incidents/{incident.pk}/amend/").content.decode()
    assert 'name="time_which" value="second" id="id_time_which_1" checked' in form

    response = victim_client.post(
        f"/incidents/{incident.pk}/amend/",
        minimal_post(
            date=NIGHT, time="01:10", time_which="first", reason="It was before the change"
        ),
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get(incident=incident)
    amendment.log = log
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "the first 01:10 (BST)" in page
    history = victim_client.get(
        f"/incidents/{incident.pk}/amendments/{amendment.pk}/"
    ).content.decode()
    assert "Sun 26 Oct 2025, the second 01:10 (GMT)" in history
    assert "Sun 26 Oct 2025, the first 01:10 (BST)" in history


def test_a_corrected_time_prints_in_the_export_as_which_of_the_two(victim, log):
    from incidents.export.document import amendment_for_print

    incident = make_incident(log, victim, occurred_start=datetime(2025, 10, 26, 1, 10, tzinfo=UTC))
    amendment = incident.amend(
        victim,
        "It was before the change",
        {"occurred_start": datetime(2025, 10, 26, 0, 10, tzinfo=UTC)},
    )

    incident.show_location = False  # as the export's document sets it
    [change] = amendment_for_print(amendment, incident)["changes"]
    assert change["before"] == "Sun 26 Oct 2025, the second 01:10 (GMT)"
    assert change["after"] == "Sun 26 Oct 2025, the first 01:10 (BST)"
