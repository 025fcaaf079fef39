"""Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from stalklog.accounts.models import User
from stalklog.accounts.signins import requires_two_step
from tests.conftest import PASSWORD, enrol_two_step, needs, totp_code

# Playwright's sync API runs an event loop in this thread; the ORM calls our fixtures make
# from it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# CI runs on 2 shared cores: give assertions the same patience as actions.
expect.set_options(timeout=20_000)

CHROMIUM = os.environ.get("STALKLOG_CHROMIUM", "/usr/bin/chromium")
# axe-core, installed by `make axe` (npm ci in tests/browser/axe).
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright per test process: a second sync_playwright() in the same thread fails,
    so every browser a test needs is launched from this one."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def axe_installed():
    """For modules that run axe-core: `pytestmark = pytest.mark.usefixtures("axe_installed")`.
    Skipped without it on a developer's machine, failed under CI."""
    needs(AXE.exists(), "axe-core is not installed: run `make axe`")
    return AXE


@pytest.fixture(scope="session")
def browser(playwright_driver):
    if not os.path.exists(CHROMIUM):
        # Not a skip, even off CI: `make test` installs it (make system-deps).
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make system-deps`", pytrace=False)
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def neutral_site(live_server, settings):
    """The quick exit's destination: another origin (127.0.0.1, not localhost) on this machine,
    since tests cannot reach the real neutral site."""
    url = live_server.url.replace("localhost", "127.0.0.1") + "/help/?neutral"
    settings.STALKLOG_EXIT_URL = url
    return url


def _new_context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(20_000)
    return context


@pytest.fixture
def new_context(browser, live_server):
    contexts = []

    def make(**options):
        context = _new_context(browser, live_server, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def phone_page(new_context):
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    return new_context(**phone).new_page()


def wait_until(condition, what, seconds=20):
    """Wait for something outside the page (a row the live server writes, a back-off that
    lapses) by asking again every 50 ms: no fixed sleep, and a failure that says what never
    happened. On the page itself use Playwright's expect (wait_for_function evaluates its
    predicate with eval, which the pages' Content-Security-Policy forbids)."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {seconds} s")
        time.sleep(0.05)
    return found


def follow(locator, tap=False):
    """Click (or on a touch phone tap) a button or link that loads another page, and return
    once that page has loaded. Playwright's click returns once a navigation has started at
    most, and an `expect` on the new page passes as soon as the parser reaches what it looks
    for: a check run straight after can meet the old document being torn down, or the new one
    before its <head> exists (axe's script tag then has nowhere to go), before its stylesheet
    (widths, colour contrast) or before its deferred scripts (a file chosen then is never
    sent). Only for a press that always loads a page: one handled by the page's script alone
    would time out here."""
    with locator.page.expect_navigation():
        if tap:
            locator.tap()
        else:
            locator.click()


def open_menu(page):
    """On a phone the header's links are in a menu (templates/includes/nav.html): open it as
    a person would, with its Menu button. At desktop size the links are always shown."""
    button = page.locator(".menu-button")
    if button.is_visible() and page.locator(".menu[open]").count() == 0:
        button.click()
        expect(page.locator(".menu-panel")).to_be_visible()


def sign_in(page, username, password=PASSWORD):
    """Sign in through the real pages; for a user with two-step sign-in (caseworkers and
    service admins always get it), type the code their app would show."""
    user = User.objects.filter(username=username).first()
    if user is not None and requires_two_step(user):
        enrol_two_step(user)
    page.goto("/account/signin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.endswith("/account/signin/"))
    if "/account/signin/code/" in page.url:
        device = user.totpdevice_set.get(confirmed=True)
        page.get_by_label("Code from your authenticator app").fill(totp_code(device))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/account/signin/" not in url)
