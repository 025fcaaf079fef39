"""WCAG 1.4.10 reflow: no page scrolls sideways on a 320 px wide screen (the smallest WCAG
asks for; outside checks open the pages at phone size). Every page a victim, a caseworker and a
service admin can reach, and the public pages, from the URL map, in English, Polish (the
longest words) and Urdu (right to left), with the header's menu open as well as closed.

Lean for CI: no axe here (test_every_page_languages.py runs it on every page at 390 and 1280
px), one browser context per language, each person signed in once."""

import pytest
from playwright.sync_api import expect

from tests.actors import make_caseworker, make_service_admin, make_share
from tests.browser.conftest import follow, open_menu, sign_in
from tests.browser.pages import CASEWORKER_RULES, PUBLIC_RULES, STAFF_RULES, VICTIM_RULES, reachable
from tests.browser.test_every_page_languages import a_full_log
from tests.conftest import PASSWORD

NARROW = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
WIDTH = "document.documentElement.scrollWidth"


def too_wide(page, paths):
    found = []
    for path in paths:
        page.goto(path)
        if (width := page.evaluate(WIDTH)) > NARROW["viewport"]["width"]:
            found.append((path, width))
    return found


def with_the_menu_open(page):
    open_menu(page)
    width = page.evaluate(WIDTH)
    return [(f"{page.url} (menu open)", width)] if width > NARROW["viewport"]["width"] else []


@pytest.mark.parametrize("language", ["en-gb", "pl", "ur"])
def test_no_page_scrolls_sideways_at_320_px(new_context, transactional_db, language):
    victim, objects, extra = a_full_log(language)
    caseworker = make_caseworker(password=PASSWORD, language=language)
    share = make_share(victim.log, caseworker)
    admin = make_service_admin(password=PASSWORD)
    admin.language = language
    admin.save()
    page = new_context(**NARROW).new_page()

    page.goto("/language/")
    follow(page.locator(f"button[name=language][value={language}]"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    public = reachable(PUBLIC_RULES, victim.log, victim)
    found = too_wide(page, public) + with_the_menu_open(page)

    page.context.clear_cookies()  # sign_in reads the English sign-in page
    sign_in(page, victim.username)
    mine = reachable(VICTIM_RULES, victim.log, victim, objects) + extra
    found += too_wide(page, mine) + with_the_menu_open(page)

    page.context.clear_cookies()
    sign_in(page, caseworker.username)
    page.goto("/")
    # The dashboard is in the same language, so the expect below passes before the shared
    # log has loaded: a goto then could cancel opening it.
    follow(page.locator(f"form[action$='/caseworker/open/{share.pk}/'] button"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    shared = reachable(CASEWORKER_RULES, victim.log, victim, objects) + extra
    found += too_wide(page, shared) + with_the_menu_open(page)

    page.context.clear_cookies()
    sign_in(page, admin.username)
    staff = reachable(STAFF_RULES, None, admin)
    found += too_wide(page, staff) + with_the_menu_open(page)

    assert len(public + mine + shared + staff) > 60
    assert not found, "\n".join(map(str, found))
