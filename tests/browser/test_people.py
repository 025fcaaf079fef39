"""Adding the person harassing her, with a number and an e-mail address typed as she has them."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import make_victim


def test_a_mistyped_email_is_caught_and_the_number_shown_as_dialled(phone_page, transactional_db):
    make_victim()
    page = phone_page
    sign_in(page, "victim")
    page.goto("/people/new/")
    page.get_by_label("Name or description").fill("Daniel Hart")
    first, second = page.locator(".identifier-fields").all()[:2]
    first.get_by_label("Kind").select_option(label="Phone number")
    first.get_by_label("Number, address, account or registration").fill("+44 7700 900123")
    second.get_by_label("Kind").select_option(label="E-mail address")
    second.get_by_label("Number, address, account or registration").fill("dan at example")
    page.get_by_role("button", name="Save").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter an e-mail address, like name@example.com.").click()
    field = page.locator("#id_identifier-1-value")
    expect(field).to_be_focused()
    expect(field).to_have_value("dan at example")
    field.fill("dan@example.com")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Daniel Hart", exact=True)).to_be_visible()
    expect(page.get_by_text("07700 900123")).to_be_visible()
    expect(page.get_by_text("dan@example.com")).to_be_visible()
