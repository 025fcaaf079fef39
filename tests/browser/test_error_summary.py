"""A form sent with mistakes opens on a summary of them, read out first, and each entry
takes her to the question."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import make_victim


def test_incident_errors_are_summarised_focused_and_linked(phone_page, transactional_db):
    make_victim()
    page = phone_page
    sign_in(page, "victim")
    page.goto("/incidents/new/")
    page.get_by_role("button", name="Save incident").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()

    summary.get_by_role("link", name="Describe what happened").click()
    expect(page.locator("#id_description")).to_be_focused()
    expect(page.get_by_text("What happened", exact=True)).to_be_in_viewport()

    summary.get_by_role("link", name="Choose at least one kind of thing").click()
    expect(page.locator("#id_behaviours_0")).to_be_focused()
    expect(page.get_by_text("What kind of thing happened?")).to_be_in_viewport()
    group = page.get_by_role("group", name="What kind of thing happened?")
    expect(group).to_have_accessible_description(
        "Choose all that fit. Error: Choose at least one kind of thing that happened."
    )


def test_sign_up_errors_are_summarised_and_focused(page, transactional_db):
    page.goto("/account/signup/")
    page.get_by_label("Username").fill("")
    page.get_by_role("button", name="Create account").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    username = page.get_by_label("Username")
    expect(username).to_be_focused()
    expect(username).to_have_attribute("aria-invalid", "true")
    description = page.locator("#id_username_error").inner_text()
    assert description.startswith("Error:")
