"""Issue 21: every page a victim, a caseworker and a service admin can reach (and the public
pages), in Welsh, Polish and Urdu, on a touch phone (390x844) and at desktop size (1280x800):
axe-core finds no fault, nothing scrolls sideways, `<html lang>` names the language and Urdu
runs right to left.

The pages come from the URL map (tests/browser/pages.py), so a page added later is walked
too. Kept lean for CI: one browser context per (language, size, role), signed in once.
"""

import time
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tests.actors import make_caseworker, make_service_admin, make_share
from tests.browser.conftest import sign_in
from tests.browser.pages import (
    CASEWORKER_RULES,
    PUBLIC_RULES,
    STAFF_RULES,
    VICTIM_RULES,
    a_log_with_a_photo,
    reachable,
)
from tests.browser.test_axe import AXE, SIZES, violations
from tests.conftest import PASSWORD

if not AXE.exists():
    pytestmark = pytest.mark.skip(reason="axe-core is not installed: run `make axe`")

LANGUAGES = ["cy", "pl", "ur"]
TIMINGS = []


def a_victims_log(language):
    victim, _incident, _photo = a_log_with_a_photo(language)
    return victim


def in_language(page, path, language):
    """axe, sideways scrolling, and the page's language (lang and dir on <html>). A path
    that lands on a page already checked in this context (a GET that redirects to the
    incident, say) is not checked twice."""
    seen = page.context.checked = getattr(page.context, "checked", set())
    page.goto(path)
    if page.url in seen:
        return []
    seen.add(page.url)
    page.wait_for_load_state()
    started = time.monotonic()
    faults = [(path, *v) for v in violations(page)]
    TIMINGS.append(time.monotonic() - started)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.viewport_size["width"]:
        faults.append((path, "sideways", f"{width}px wide", []))
    html = page.locator("html")
    lang, direction = html.get_attribute("lang"), html.get_attribute("dir") or "ltr"
    if lang != language:
        faults.append((path, "lang", lang, []))
    if direction != ("rtl" if language == "ur" else "ltr"):
        faults.append((path, "dir", direction, []))
    return faults


def walk_as_victim(page, language):
    victim = a_victims_log(language)
    # The public pages first, in the language chosen on /language/ (no account yet) ...
    public = reachable(PUBLIC_RULES, victim.log, victim)
    page.goto("/language/")
    page.locator(f"button[name=language][value={language}]").click()
    page.wait_for_load_state()
    faults = [f for path in public for f in in_language(page, path, language)]
    # ... then signed in, in her account's language.
    page.context.clear_cookies()
    sign_in(page, victim.username)
    paths = reachable(VICTIM_RULES, victim.log, victim)
    return public + paths, faults + [f for p in paths for f in in_language(page, p, language)]


def walk_as_caseworker(page, language):
    victim = a_victims_log(language)
    caseworker = make_caseworker(password=PASSWORD, language=language)
    share = make_share(victim.log, caseworker)
    sign_in(page, caseworker.username)
    faults = in_language(page, "/", language)
    page.locator(f"form[action$='/caseworker/open/{share.pk}/'] button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    paths = reachable(CASEWORKER_RULES, victim.log, victim)
    return paths, faults + [f for p in paths for f in in_language(page, p, language)]


def walk_as_service_admin(page, language):
    admin = make_service_admin(password=PASSWORD)
    admin.language = language
    admin.save()
    make_caseworker(last_login=datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    sign_in(page, admin.username)
    paths = reachable(STAFF_RULES, None, admin)
    return paths, [f for p in paths for f in in_language(page, p, language)]


ROLES = {
    "victim": walk_as_victim,
    "caseworker": walk_as_caseworker,
    "service_admin": walk_as_service_admin,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_in_each_language_has_no_accessibility_fault(
    new_context, transactional_db, language, size, role
):
    # bypass_csp lets Playwright add axe's script; the pages' own scripts are unchanged.
    context = new_context(bypass_csp=True, **SIZES[size])
    context.add_init_script(path=str(AXE))  # once per context, not parsed again per page
    page = context.new_page()
    TIMINGS.clear()
    started = time.monotonic()
    paths, faults = ROLES[role](page, language)
    print(f"{len(paths)} paths in {time.monotonic() - started:.1f}s, axe {sum(TIMINGS):.1f}s")
    assert len(paths) > 5, paths
    assert not faults, "\n".join(map(str, faults))
