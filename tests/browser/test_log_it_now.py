"""'Log it now' on a phone: from the dashboard to a saved incident in at most five taps."""

import time
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from incidents.models import Incident
from tests.browser.conftest import follow, open_menu, sign_in
from tests.incidents.conftest import make_person

# A first-time user, on a phone, in a hurry: the target.
MOST_INTERACTIONS = 5
MOST_SECONDS = 30


@pytest.fixture(autouse=True)
def behaviours(transactional_db):
    """Live-server tests flush the database after each test, data migrations included."""
    import_module("incidents.migrations.0003_seed_behaviours").seed(apps, None)


def test_log_it_now_from_the_dashboard_in_five_taps_on_a_phone(phone_page, victim):
    make_person(victim.log, victim, name="Daniel Hart")
    page = phone_page
    sign_in(page, "victim")
    expect(page.get_by_role("heading", name="Your log")).to_be_visible()
    interactions = 0

    def step(action):
        nonlocal interactions
        interactions += 1
        action()

    started = time.monotonic()
    step(lambda: follow(page.get_by_role("link", name="Log it now"), tap=True))
    expect(page.get_by_role("heading", name="Log it now")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    # Typed at a realistic pace on a phone keyboard (about 4 characters a second).
    step(
        lambda: page.get_by_label("What happened").press_sequentially(
            "He is outside the house again", delay=250
        )
    )
    step(lambda: page.get_by_label("Daniel Hart").tap())
    step(lambda: page.get_by_label("Loitering").tap())
    step(lambda: page.get_by_role("button", name="Save it now").tap())
    expect(page.get_by_role("heading", name="Incident 1")).to_be_visible()
    elapsed = time.monotonic() - started

    assert interactions <= MOST_INTERACTIONS
    assert elapsed < MOST_SECONDS, f"took {elapsed:.1f} s"
    print(f"log it now: {interactions} interactions, {elapsed:.1f} s")
    expect(page.get_by_text("Saved as incident 1")).to_be_visible()
    incident = Incident.objects.get(log=victim.log)
    assert incident.to_complete
    assert incident.description == "He is outside the house again"
    assert [b.code for b in incident.behaviours.all()] == ["loitering"]
    assert [p.name for p in incident.people.all()] == ["Daniel Hart"]

    open_menu(page)
    page.get_by_role("link", name="Home").tap()
    expect(page.get_by_role("heading", name="To complete (1)")).to_be_visible()


def test_only_three_kinds_of_thing_can_be_chosen(phone_page, victim):
    page = phone_page
    sign_in(page, "victim")
    page.goto("/incidents/now/")
    for label in ("Following", "Loitering", "Monitoring your phone, e-mail or internet use"):
        page.get_by_label(label, exact=True).tap()
    contacting = page.get_by_label("Contacting or trying to contact you", exact=True)
    expect(contacting).to_be_disabled()
    page.get_by_label("Loitering", exact=True).tap()
    expect(contacting).to_be_enabled()


def test_typing_a_time_chooses_at(phone_page, victim):
    page = phone_page
    sign_in(page, "victim")
    page.goto("/incidents/now/")
    page.get_by_label("At what time").fill("07:15")
    expect(page.get_by_label("At", exact=True)).to_be_checked()


def test_take_a_photo_after_logging_it_now_on_a_phone(phone_page, victim):
    from evidence.models import Evidence
    from tests.evidence import files

    page = phone_page
    sign_in(page, "victim")
    page.get_by_role("link", name="Log it now").tap()
    page.get_by_label("What happened").fill("He is taking photos of my car")
    # The incident page's camera script must be running before the photo comes back: it is
    # what sends it.
    follow(page.get_by_role("button", name="Save it now"), tap=True)
    expect(
        page.get_by_text("This app writes nothing to your phone's photo gallery.")
    ).to_be_visible()
    # The camera hands back a file through the file chooser; it is sent at once.
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Take a photo or video").tap()
    assert chooser.value.element.get_attribute("capture") == "environment"
    chooser.value.set_files({"name": "image.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg()})
    expect(page.get_by_text("Saved as exhibit JS/1.")).to_be_visible()
    exhibit = Evidence.objects.get(log=victim.log)
    incident = Incident.objects.get(log=victim.log)
    assert list(exhibit.incidents.all()) == [incident]
