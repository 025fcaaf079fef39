""" "Add where I am now" on a phone (390x844, touch): the position is asked for only on a
press, shown, and saved sealed with the incident; a refusal or a browser without
geolocation says so and saves none; pages without the button cannot ask at all."""

from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from incidents.models import Incident
from tests.browser.conftest import sign_in
from tests.incidents.conftest import make_incident

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
WESTMINSTER = {"latitude": 51.501364, "longitude": -0.14189, "accuracy": 18}


@pytest.fixture(autouse=True)
def behaviours(transactional_db):
    """Live-server tests flush the database after each test, data migrations included."""
    import_module("incidents.migrations.0003_seed_behaviours").seed(apps, None)


def test_where_i_am_now_is_added_when_she_allows_it(new_context, live_server, victim, tmp_path):
    context = new_context(**PHONE)
    context.grant_permissions(["geolocation"], origin=live_server.url)
    context.set_geolocation(WESTMINSTER)
    page = context.new_page()
    sign_in(page, "victim")
    page.goto("/incidents/now/")
    page.get_by_label("What happened").fill("He is outside the house again")
    page.get_by_role("button", name="Add where I am now").tap()
    expect(page.get_by_text("Added: 51.50136, -0.14189 (to within 18 m)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "log-it-now-position-390.png"), full_page=True)
    page.get_by_role("button", name="Save it now").tap()
    expect(page.get_by_role("heading", name="Incident 1")).to_be_visible()
    expect(page.get_by_text("51.50136, -0.14189 (to within 18 m)")).to_be_visible()
    incident = Incident.objects.get(log=victim.log)
    assert incident.position == {"latitude": 51.501364, "longitude": -0.14189, "accuracy_m": 18}
    page.screenshot(path=str(tmp_path / "incident-position-390.png"), full_page=True)

    # Put into words on the incident page: the coordinates are gone.
    page.get_by_label("Where you were, in words").fill("Outside the Co-op on Mill Road")
    page.get_by_role("button", name="Save it in words instead").tap()
    expect(page.get_by_text("Where you were is now in words")).to_be_visible()
    expect(page.get_by_text("Outside the Co-op on Mill Road").first).to_be_visible()
    expect(page.get_by_text("51.50136")).to_have_count(0)


def test_a_refused_position_is_explained_and_nothing_is_saved(new_context, victim):
    context = new_context(**PHONE)  # no permission granted: Chromium refuses
    page = context.new_page()
    sign_in(page, "victim")
    page.goto("/incidents/now/")
    page.get_by_label("What happened").fill("He is outside the house again")
    page.get_by_role("button", name="Add where I am now").tap()
    expect(page.get_by_text("Your position was not shared, so nothing was added")).to_be_visible()
    page.get_by_role("button", name="Save it now").tap()
    expect(page.get_by_role("heading", name="Incident 1")).to_be_visible()
    assert Incident.objects.get(log=victim.log).position is None


def test_a_browser_without_geolocation_is_told_so(new_context, victim):
    context = new_context(**PHONE)
    context.add_init_script("delete Navigator.prototype.geolocation;")
    page = context.new_page()
    sign_in(page, "victim")
    page.goto("/incidents/new/")
    page.get_by_role("button", name="Add where I am now").tap()
    expect(page.get_by_text("This browser cannot give your position")).to_be_visible()


def test_pages_without_the_button_cannot_ask_even_when_allowed(new_context, live_server, victim):
    incident = make_incident(victim.log, victim)
    context = new_context(**PHONE)
    context.grant_permissions(["geolocation"], origin=live_server.url)
    context.set_geolocation(WESTMINSTER)
    page = context.new_page()
    sign_in(page, "victim")
    ask = """() => new Promise(done => navigator.geolocation.getCurrentPosition(
        () => done("given"), problem => done("refused " + problem.code), {timeout: 5000}))"""
    page.goto("/incidents/now/")
    assert page.evaluate(ask) == "given"
    page.goto(f"/incidents/{incident.pk}/")
    assert page.evaluate(ask) == "refused 1"


def test_where_i_am_speaks_her_language(new_context, live_server, victim):
    """The script's words come from the JavaScript catalogue: Urdu, with its own digits for
    the metres only (the coordinates stay as a map reads them)."""
    victim.language = "ur"
    victim.save()
    context = new_context(**PHONE)
    context.grant_permissions(["geolocation"], origin=live_server.url)
    context.set_geolocation(WESTMINSTER)
    page = context.new_page()
    sign_in(page, "victim")
    page.goto("/incidents/now/")
    page.get_by_role("button", name="میں ابھی جہاں ہوں وہ شامل کریں").tap()
    expect(page.get_by_text("شامل کر دیا گیا: 51.50136, -0.14189")).to_be_visible()
    expect(page.get_by_role("button", name="میں ابھی جہاں ہوں وہ اپ ڈیٹ کریں")).to_be_visible()
