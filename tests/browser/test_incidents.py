"""The incident log in a real browser: record on a phone, correct, filter and search."""

from datetime import UTC, datetime
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from incidents.models import Amendment, Incident
from tests.browser.conftest import follow, sign_in
from tests.incidents.conftest import make_incident, make_person


@pytest.fixture(autouse=True)
def behaviours(transactional_db):
    """Live-server tests flush the database after each test, data migrations included."""
    import_module("incidents.migrations.0003_seed_behaviours").seed(apps, None)


def test_record_an_incident_on_a_phone_with_only_the_required_answers(phone_page, victim):
    page = phone_page
    sign_in(page, "victim")
    follow(page.get_by_role("link", name="Record an incident"))
    # Date and time are already filled in with now; only what happened and what kind remain.
    page.get_by_label("What happened").fill("He was waiting at the bus stop outside work.")
    page.get_by_label("Loitering").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.get_by_role("button", name="Save incident").click()
    expect(page.get_by_role("heading", name="Incident 1")).to_be_visible()
    expect(page.get_by_text("He was waiting at the bus stop outside work.")).to_be_visible()
    incident = Incident.objects.get(log=victim.log)
    assert [b.code for b in incident.behaviours.all()] == ["loitering"]


def test_a_mistake_keeps_what_was_typed_on_a_phone(phone_page, victim):
    page = phone_page
    sign_in(page, "victim")
    page.goto("/incidents/new/")
    page.get_by_label("What happened").fill("Twenty calls from a withheld number")
    page.get_by_role("button", name="Save incident").click()
    expect(page.locator("#id_behaviours_error")).to_have_text(
        "Error: Choose at least one kind of thing that happened."
    )
    expect(page.get_by_label("What happened")).to_have_value("Twenty calls from a withheld number")


def test_correct_an_incident_and_see_both_versions(page, victim):
    incident = make_incident(victim.log, victim, description="He rang 5 times.")
    sign_in(page, "victim")
    page.goto(f"/incidents/{incident.pk}/")
    page.get_by_role("link", name="Correct or add details").click()
    page.get_by_label("What happened").fill("He rang 15 times.")
    page.get_by_label("Why are you changing it?").fill("I counted the call log again")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("heading", name="Incident 1")).to_be_visible()
    details = page.locator(".details-list").first
    expect(details).to_contain_text("He rang 15 times.")
    expect(page.locator("#history")).to_contain_text("I counted the call log again")
    expect(page.locator("#original")).to_contain_text("He rang 5 times.")
    assert Amendment.objects.filter(incident=incident).count() == 1


def test_filter_and_search_the_timeline(page, victim):
    log = victim.log
    daniel = make_person(log, victim)
    make_incident(
        log,
        victim,
        codes=["threats"],
        people=[daniel],
        description="Threatening text about the car",
        occurred_start=datetime(2026, 2, 3, 20, tzinfo=UTC),
    )
    make_incident(
        log,
        victim,
        codes=["following"],
        description="Followed me home from the gym",
        occurred_start=datetime(2026, 2, 10, 18, tzinfo=UTC),
    )
    make_incident(
        log,
        victim,
        codes=["following"],
        description="Sat in his car outside",
        occurred_start=datetime(2026, 3, 1, 7, tzinfo=UTC),
    )
    sign_in(page, "victim")
    page.get_by_role("link", name="Incidents").first.click()
    expect(page.locator(".match-count")).to_have_text("3 incidents.")
    page.get_by_text("Search and filter").click()
    page.get_by_label("Search words").fill("car")
    page.get_by_role("button", name="Show incidents").click()
    expect(page.locator(".match-count")).to_have_text("2 of 3 incidents match.")
    expect(page.get_by_text("Followed me home from the gym")).to_have_count(0)
    page.get_by_label("Kind of thing").select_option(label="Following")
    page.get_by_role("button", name="Show incidents").click()
    expect(page.locator(".match-count")).to_have_text("1 of 3 incidents match.")
    expect(page.get_by_text("Sat in his car outside")).to_be_visible()
    page.get_by_role("button", name="Clear search").click()
    expect(page.locator(".match-count")).to_have_text("3 incidents.")
    page.get_by_text("Search and filter").click()
    page.get_by_label("Person").select_option(label="Daniel Hart")
    page.get_by_label("Order").select_option(label="Oldest first")
    page.get_by_role("button", name="Show incidents").click()
    expect(page.locator(".match-count")).to_have_text("1 of 3 incidents match.")
    expect(page.get_by_text("Threatening text about the car")).to_be_visible()
