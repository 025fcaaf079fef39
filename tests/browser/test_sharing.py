"""The whole sharing journey, in two browsers: the caseworker's and the victim's."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.actors import make_caseworker
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD


def test_share_open_view_revoke_and_the_caseworker_is_refused(new_context, victim):
    make_caseworker(password=PASSWORD)
    worker = new_context().new_page()
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    person = new_context(**phone).new_page()

    sign_in(worker, "caseworker")
    expect(worker.get_by_role("heading", name="Logs shared with you")).to_be_visible()
    worker.get_by_role("button", name="Make a sharing code").click()
    code = worker.locator("#share-code").inner_text()

    sign_in(person, "victim")
    person.get_by_role("link", name="Sharing").click()
    person.get_by_label("Sharing code").fill(code.lower())
    last_day = timezone.localdate() + timedelta(days=14)
    person.get_by_label("Share until the end of").fill(last_day.isoformat())
    person.get_by_role("button", name="Continue").click()
    expect(
        person.get_by_text("This code belongs to Casey Worker at Safe Haven Support")
    ).to_be_visible()
    person.get_by_role("button", name="Share my log").click()
    expect(person.get_by_role("status")).to_contain_text("Your log is shared with Casey Worker")
    expect(person.locator(".share-who")).to_have_text("Casey Worker, Safe Haven Support")

    worker.reload()
    worker.get_by_role("button", name="Open victim's log").click()
    expect(worker.get_by_role("heading", name="victim's log")).to_be_visible()
    expect(worker.get_by_role("note")).to_contain_text("Working on victim's log")

    person.get_by_role("button", name="Stop sharing with Casey now").click()
    expect(person.get_by_text("Only you can see your log")).to_be_visible()

    worker.reload()
    expect(worker.get_by_text("That log is no longer shared with you")).to_be_visible()
    expect(worker.get_by_text("No one is sharing a log with you")).to_be_visible()
    worker.goto("/shared/")
    expect(worker.get_by_role("heading", name="Page not found")).to_be_visible()

    person.get_by_role("link", name="Who has seen my log").click()
    expect(person.get_by_text("This record is complete")).to_be_visible()
    rows = person.locator("tbody tr")
    expect(rows.first).to_contain_text("revoked")
    expect(person.locator("tbody")).to_contain_text("shared log")
    expect(person.locator("tbody")).to_contain_text("caseworker (caseworker)")
