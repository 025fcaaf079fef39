"""The documents page in a real browser: she picks what goes in her draft statement and
downloads it, and makes a breach report for her order, on a phone and on a desktop."""

import subprocess

from docx import Document
from playwright.sync_api import expect

from incidents.models import Order
from tests.browser.conftest import sign_in
from tests.conftest import make_victim
from tests.incidents.export.conftest import add_incident, at


def _storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }


def test_she_leaves_one_out_and_downloads_her_draft_statement(
    page, settings, tmp_path, transactional_db
):
    _storage(settings, tmp_path)
    user = make_victim("drafter")
    add_incident(user.log, user, at(3), "He was outside the school gates.")
    add_incident(user.log, user, at(9), "He sent flowers to my office.")
    add_incident(user.log, user, at(12), "He phoned my mum.")
    sign_in(page, "drafter")
    page.goto("/export/")
    page.get_by_role("link", name="a draft witness statement").click()
    expect(page.get_by_role("heading", name="Draft witness statement")).to_be_visible()
    page.get_by_label("He sent flowers to my office.").check()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(tmp_path / "documents-1280.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("button", name="Make the draft statement").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / "statement.docx"
    download.save_as(path)
    body = "\n".join(p.text for p in Document(path).paragraphs)
    assert "He was outside the school gates." in body
    assert "He phoned my mum." in body
    assert "He sent flowers to my office." not in body


def test_she_makes_a_breach_report_on_her_phone(phone_page, settings, tmp_path, transactional_db):
    _storage(settings, tmp_path)
    user = make_victim("ordered")
    order = Order(log=user.log, kind=Order.Kind.RESTRAINING, reference="RO-77")
    order.conditions = "No contact of any kind."
    order.save()
    breach = add_incident(user.log, user, at(5), "He messaged me on a new account.")
    breach.order_breached = order
    breach.save(update_fields=["order_breached"])
    sign_in(phone_page, "ordered")
    phone_page.goto("/export/documents/")
    expect(phone_page.get_by_text("RO-77: 1 incident marked as possible breach")).to_be_visible()
    phone_page.screenshot(path=str(tmp_path / "documents-390.png"), full_page=True)
    with phone_page.expect_download() as info:
        phone_page.get_by_role("button", name="Make the breach report (PDF)").click()
    path = tmp_path / "breaches.pdf"
    info.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "He messaged me on a new account." in text
    assert "No contact of any kind." in text
