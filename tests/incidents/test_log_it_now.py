"""'Log it now': the short form for the moment it happens, the dashboard's list of incidents
to complete, and completing one through the correction form."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from incidents.models import Behaviour, Incident
from stalklog.casefile.models import AccessEvent
from tests.incidents.conftest import make_incident, make_person, minimal_post

URL = "/incidents/now/"


def pk_of(code):
    return str(Behaviour.objects.get(code=code).pk)


def quick_post(**overrides):
    data = {"when": "now", "description": "He is outside the house again."}
    data.update(overrides)
    return data


@pytest.fixture
def frozen_now(monkeypatch):
    """Pin the form's clock (django.utils.timezone.now) to a known instant."""

    def pin(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return pin


def test_log_it_now_is_one_tap_from_every_page(victim_client):
    for url in ("/", "/incidents/", "/people/", "/account/"):
        page = victim_client.get(url).content.decode()
        assert f'href="{URL}">Log it now</a>' in page, url


def test_the_form_shows_her_people_and_behaviours_as_buttons(victim_client, victim, log):
    make_person(log, victim, name="Daniel Hart")
    page = victim_client.get(URL).content.decode()
    assert "Daniel Hart" in page
    assert page.count('class="toggle"') == 3 + 1 + Behaviour.objects.count() + 3
    assert "More kinds of thing" in page


def test_her_most_used_behaviours_come_first(victim_client, victim, log):
    make_incident(log, victim, codes=["damage"])
    make_incident(log, victim, codes=["damage", "threats"])
    page = victim_client.get(URL).content.decode()
    labels = [page.index(label) for label in ("Damage", "Threats", "Following")]
    assert labels == sorted(labels)


def test_saving_makes_a_normal_incident_marked_to_complete(victim_client, victim, log, frozen_now):
    now = frozen_now(datetime(2026, 5, 4, 21, 17, 42, tzinfo=UTC))
    daniel = make_person(log, victim, name="Daniel Hart")
    response = victim_client.post(
        URL,
        quick_post(people=[str(daniel.pk)], behaviours=[pk_of("loitering"), pk_of("threats")]),
    )
    incident = Incident.objects.get(log=log)
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{incident.pk}/"
    assert incident.to_complete is True
    assert incident.description == "He is outside the house again."
    assert incident.occurred_start == now.replace(second=0)
    assert incident.time_precision == Incident.Precision.EXACT
    assert sorted(b.code for b in incident.behaviours.all()) == ["loitering", "threats"]
    assert list(incident.people.all()) == [daniel]
    assert incident.entered_by == victim and incident.sequence_no == 1
    assert AccessEvent.objects.filter(log=log, action="created", target="incident 1").exists()
    page = victim_client.get(response["Location"]).content.decode()
    assert "Saved as incident 1" in page and "Complete it" in page


def test_a_few_minutes_ago_is_saved_as_an_approximate_time(victim_client, log, frozen_now):
    now = frozen_now(datetime(2026, 5, 4, 21, 17, tzinfo=UTC))
    victim_client.post(URL, quick_post(when="minutes_ago"))
    incident = Incident.objects.get(log=log)
    assert incident.occurred_start == now - timedelta(minutes=5)
    assert incident.time_precision == Incident.Precision.APPROXIMATE


def test_a_time_is_today_in_uk_time(victim_client, log, frozen_now):
    frozen_now(datetime(2026, 5, 4, 21, 17, tzinfo=UTC))  # 22:17 in the UK (BST)
    victim_client.post(URL, quick_post(when="at", at="20:05"))
    incident = Incident.objects.get(log=log)
    assert incident.occurred_start == datetime(2026, 5, 4, 19, 5, tzinfo=UTC)


def test_a_time_still_to_come_today_means_last_night(victim_client, log, frozen_now):
    frozen_now(datetime(2026, 5, 4, 0, 20, tzinfo=UTC))  # 01:20 in the UK
    victim_client.post(URL, quick_post(when="at", at="23:40"))
    incident = Incident.objects.get(log=log)
    assert incident.occurred_start == datetime(2026, 5, 3, 22, 40, tzinfo=UTC)


def test_typing_a_time_wins_over_now(victim_client, log, frozen_now):
    frozen_now(datetime(2026, 5, 4, 21, 17, tzinfo=UTC))
    victim_client.post(URL, quick_post(when="now", at="20:05"))
    assert Incident.objects.get(log=log).occurred_start == datetime(2026, 5, 4, 19, 5, tzinfo=UTC)


def test_at_without_a_time_asks_for_one_and_keeps_the_words(victim_client, log):
    response = victim_client.post(URL, quick_post(when="at"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the time it happened" in page
    assert "He is outside the house again." in page
    assert not Incident.objects.filter(log=log).exists()


def test_more_than_three_behaviours_is_refused_with_a_message(victim_client, log):
    codes = ["loitering", "threats", "following", "damage"]
    response = victim_client.post(URL, quick_post(behaviours=[pk_of(c) for c in codes]))
    page = response.content.decode()
    assert "Choose up to three kinds of thing" in page
    assert "He is outside the house again." in page
    assert not Incident.objects.filter(log=log).exists()


def test_what_happened_is_needed(victim_client, log):
    page = victim_client.post(URL, quick_post(description="")).content.decode()
    assert "Say what happened, even in a few words." in page
    assert not Incident.objects.filter(log=log).exists()


def test_another_victims_person_cannot_be_attached(victim_client, log, other_victim):
    theirs = make_person(other_victim.log, other_victim, name="Someone else")
    response = victim_client.post(URL, quick_post(people=[str(theirs.pk)]))
    assert response.status_code == 200  # not one of her choices: an error, nothing saved
    assert not Incident.objects.filter(log=log).exists()
    assert "Someone else" not in response.content.decode()


def test_the_dashboard_lists_incidents_to_complete(
    victim_client, victim, log, django_assert_max_num_queries
):
    make_incident(log, victim, description="Complete already")
    for n in range(3):
        make_incident(log, victim, description=f"Quick note {n}", to_complete=True)
    with django_assert_max_num_queries(30) as few:
        victim_client.get("/")
    for n in range(12):
        make_incident(log, victim, description=f"Another quick note {n}", to_complete=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = victim_client.get("/").content.decode()
    start = page.index('id="to-complete-heading"')
    section = page[start : page.index("</section>", start)]
    assert "To complete (15)" in section
    assert "The newest 10 are shown." in section
    assert "Complete already" not in section
    assert section.count("incident-card") == 10


def test_the_dashboard_has_no_list_when_nothing_is_to_complete(victim_client, victim, log):
    make_incident(log, victim)
    assert "To complete" not in victim_client.get("/").content.decode()


def test_the_timeline_marks_incidents_to_complete(victim_client, victim, log):
    make_incident(log, victim, to_complete=True)
    assert "to complete</span>" in victim_client.get("/incidents/").content.decode()


def test_completing_with_the_correction_form_clears_the_mark(victim_client, victim, log):
    incident = make_incident(log, victim, to_complete=True, description="Outside again")
    form = victim_client.get(f"/incidents/{incident.pk}/amend/").content.decode()
    assert "Complete incident 1" in form
    assert "Added the details to what I logged in the moment" in form
    data = minimal_post(
        date="2026-03-01",
        time="09:30",
        description="Outside again, by the car, for an hour",
        reason="Added the details to what I logged in the moment",
        location="Outside my house",
    )
    response = victim_client.post(f"/incidents/{incident.pk}/amend/", data)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.to_complete is False
    assert incident.description == "Outside again, by the car, for an hour"
    assert incident.amendments.count() == 1
    assert "To complete" not in victim_client.get("/").content.decode()


def test_completing_without_changes_still_clears_the_mark(victim_client, victim, log):
    incident = make_incident(log, victim, to_complete=True)
    data = minimal_post(date="2026-03-01", time="09:30", reason="Nothing to add")
    response = victim_client.post(f"/incidents/{incident.pk}/amend/", data)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.to_complete is False
    assert incident.amendments.count() == 0
    assert AccessEvent.objects.filter(log=log, action="completed", target="incident 1").exists()


def test_a_correction_without_changes_to_a_complete_incident_is_still_refused(
    victim_client, victim, log
):
    incident = make_incident(log, victim)
    data = minimal_post(date="2026-03-01", time="09:30", reason="Nothing")
    page = victim_client.post(f"/incidents/{incident.pk}/amend/", data).content.decode()
    assert "You have not changed anything" in page


# The night the clocks go back (26 October 2025), 01:00 to 01:59 happened twice.
def test_a_time_in_the_repeated_autumn_hour_asks_which_one(victim_client, log, frozen_now):
    frozen_now(datetime(2025, 10, 26, 9, 30, tzinfo=UTC))
    response = victim_client.post(URL, quick_post(when="at", at="01:10"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "01:10 happened twice on 26 October 2025: the clocks went back an hour" in page
    assert "the first 01:10 (BST), before the clocks went back" in page
    assert "the second 01:10 (GMT), after the clocks went back" in page
    assert 'type="radio" name="at_which" value="second"' in page
    assert "He is outside the house again." in page
    assert not Incident.objects.filter(log=log).exists()


def test_the_chosen_one_of_the_two_times_is_saved_and_printed(victim_client, log, frozen_now):
    frozen_now(datetime(2025, 10, 26, 9, 30, tzinfo=UTC))
    for which, utc in (("first", datetime(2025, 10, 26, 0, 10, tzinfo=UTC)),
                       ("second", datetime(2025, 10, 26, 1, 10, tzinfo=UTC))):  # fmt: skip
        response = victim_client.post(URL, quick_post(when="at", at="01:10", at_which=which))
        assert response.status_code == 302
        incident = Incident.objects.filter(log=log).latest("sequence_no")
        assert incident.occurred_start == utc
    page = victim_client.get(response["Location"]).content.decode()
    assert "the second 01:10 (GMT)" in page


def test_an_ordinary_time_on_the_night_of_the_change_is_not_asked_about(
    victim_client, log, frozen_now
):
    frozen_now(datetime(2025, 10, 26, 9, 30, tzinfo=UTC))
    response = victim_client.post(URL, quick_post(when="at", at="02:10"))
    assert response.status_code == 302
    assert Incident.objects.get(log=log).occurred_start == datetime(2025, 10, 26, 2, 10, tzinfo=UTC)


def test_a_time_the_spring_clocks_skipped_is_refused(victim_client, log, frozen_now):
    frozen_now(datetime(2026, 3, 29, 9, 30, tzinfo=UTC))
    page = victim_client.post(URL, quick_post(when="at", at="01:30")).content.decode()
    assert "01:30 did not happen in the UK on 29 March 2026" in page
    assert not Incident.objects.filter(log=log).exists()
