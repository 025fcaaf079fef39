"""A service admin closes a caseworker's account only after a page that says what follows."""

from playwright.sync_api import expect

from stalklog.accounts.models import User
from tests.actors import make_caseworker, make_service_admin
from tests.browser.conftest import follow, sign_in
from tests.browser.test_axe import violations
from tests.conftest import PASSWORD


def test_closing_a_caseworkers_account_asks_first(new_context, transactional_db):
    make_service_admin(password=PASSWORD)
    make_caseworker("casey", first_name="Casey", last_name="Worker")
    page = new_context(
        bypass_csp=True,  # to add axe-core's script
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    ).new_page()
    sign_in(page, "service_admin")
    page.goto("/staff/caseworkers/")
    follow(page.get_by_role("link", name="Close account of casey"))
    expect(page.get_by_role("heading", name="Close Casey Worker's account?")).to_be_visible()
    expect(page.get_by_text("the shares stay ended")).to_be_visible()
    assert violations(page) == []
    follow(page.get_by_role("link", name="Cancel, keep it open"))
    assert User.objects.get(username="casey").is_active

    page.get_by_role("link", name="Close account of casey").click()
    page.get_by_role("button", name="Close the account").click()
    expect(page.get_by_text("Casey Worker can no longer sign in.")).to_be_visible()
    assert not User.objects.get(username="casey").is_active
