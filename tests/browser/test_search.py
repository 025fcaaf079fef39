"""Search in a real browser: the words typed never reach an address, so never the history."""

from datetime import UTC, datetime
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from incidents.services import save_person
from tests.browser.conftest import follow, sign_in
from tests.browser.test_axe import SIZES, violations
from tests.incidents.conftest import make_incident

WORDS = ("jones", "carlisle", "2026-05-01", "following")


@pytest.fixture(autouse=True)
def behaviours(transactional_db):
    """Live-server tests flush the database after each test, data migrations included."""
    import_module("incidents.migrations.0003_seed_behaviours").seed(apps, None)


@pytest.fixture
def incidents(victim):
    log = victim.log
    sam = save_person(
        log,
        victim,
        name="Sam Jones",
        identifiers=[{"kind": "phone", "value": "+447700900123"}],
    )
    make_incident(
        log,
        victim,
        people=[sam],
        description="Waiting outside the house",
        occurred_start=datetime(2026, 3, 2, 20, tzinfo=UTC),
    )
    make_incident(
        log,
        victim,
        description="Drove past in Carlisle",
        occurred_start=datetime(2026, 3, 4, 20, tzinfo=UTC),
    )
    make_incident(
        log,
        victim,
        description="I was scared all evening",
        occurred_start=datetime(2026, 3, 6, 20, tzinfo=UTC),
    )


def visited(page) -> list[str]:
    """Every address the tab went to (what its history holds)."""
    urls = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and urls.append(frame.url))
    return urls


def assert_no_words(urls):
    for url in urls:
        assert "?" not in url.replace("?page=", ""), url
        assert not any(word in url.casefold() for word in WORDS), url


def test_searching_the_timeline_keeps_the_words_out_of_the_address(page, victim, incidents):
    urls = visited(page)
    sign_in(page, "victim")
    page.goto("/incidents/")
    page.get_by_text("Search and filter").click()
    page.get_by_label("Search words").fill("Jones")
    page.get_by_role("button", name="Show incidents").click()
    expect(page.locator(".match-count")).to_have_text("1 of 3 incidents match.")
    expect(page.locator(".card-matched")).to_have_text("Matched: person Sam Jones")
    assert page.url.endswith("/incidents/")
    page.get_by_label("Search words").fill("car")
    page.get_by_role("button", name="Show incidents").click()
    expect(page.locator(".match-count")).to_have_text("1 of 3 incidents match.")
    expect(page.get_by_text("Drove past in Carlisle")).to_be_visible()
    expect(page.get_by_text("I was scared all evening")).to_have_count(0)
    assert page.url.endswith("/incidents/")
    page.get_by_label("Search words").fill("")
    page.get_by_label("From").fill("2026-05-01")
    page.get_by_label("To").fill("2026-03-01")
    page.get_by_label("Kind of thing").select_option(label="Following")
    page.get_by_role("button", name="Show incidents").click()
    expect(
        page.get_by_role("link", name="The 'To' date is before the 'From' date.")
    ).to_be_visible()
    expect(page.get_by_label("From")).to_have_value("2026-05-01")
    expect(page.get_by_label("To")).to_have_value("2026-03-01")
    assert page.url.endswith("/incidents/")
    # The page with the date error may count 3 incidents too: wait for the new one before
    # walking back through the history.
    follow(page.get_by_role("button", name="Clear search"))
    expect(page.locator(".match-count")).to_have_text("3 incidents.")
    # Back through the tab's history: every entry is a plain address.
    while page.evaluate("history.length") > 1 and "/incidents/" in page.url:
        before = page.url
        page.go_back()
        if page.url == before:
            break
    assert_no_words(urls)
    assert any(url.endswith("/incidents/") for url in urls)


def test_searching_evidence_on_a_phone_keeps_the_words_out_of_the_address(
    phone_page, victim, incidents
):
    page = phone_page
    urls = visited(page)
    sign_in(page, "victim")
    page.goto("/evidence/")
    page.get_by_label("Search words").fill("carlisle")
    follow(page.get_by_role("button", name="Search"))
    expect(page.get_by_role("status")).to_contain_text("0 exhibits match")
    assert page.url.endswith("/evidence/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Clear search").click()
    expect(page.get_by_role("button", name="Clear search")).to_have_count(0)
    assert_no_words(urls)


def test_the_timeline_search_on_a_phone_fits_the_screen(phone_page, victim, incidents):
    page = phone_page
    sign_in(page, "victim")
    page.goto("/incidents/")
    page.get_by_text("Search and filter").click()
    page.get_by_label("Search words").fill("07700 900123")
    follow(page.get_by_role("button", name="Show incidents"))
    expect(page.locator(".card-matched")).to_have_text("Matched: person Sam Jones")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.usefixtures("axe_installed")
@pytest.mark.parametrize("size", SIZES)
def test_searched_pages_have_no_accessibility_faults(new_context, victim, incidents, size):
    # bypass_csp lets Playwright add axe's script; the pages' own scripts are unchanged.
    page = new_context(bypass_csp=True, **SIZES[size]).new_page()
    sign_in(page, "victim")
    page.goto("/incidents/")
    page.get_by_text("Search and filter").click()
    page.get_by_label("Search words").fill("jones")
    page.get_by_label("From").fill("2026-05-01")
    page.get_by_label("To").fill("2026-03-01")
    follow(page.get_by_role("button", name="Show incidents"))
    expect(page.locator(".card-matched")).to_have_count(1)
    faults = [("/incidents/", *v) for v in violations(page)]
    page.goto("/evidence/")
    page.get_by_label("Search words").fill("jones")
    follow(page.get_by_role("button", name="Search"))
    faults += [("/evidence/", *v) for v in violations(page)]
    page.goto("/")
    faults += [("/", *v) for v in violations(page)]
    assert faults == []
