import hashlib

from playwright.sync_api import expect

from tests.browser.conftest import follow, open_menu, sign_in
from tests.conftest import make_victim
from tests.evidence import files


def photo_file(name="IMG_0042.jpg"):
    data = files.jpeg()
    return data, {"name": name, "mimeType": "image/jpeg", "buffer": data}


def test_victim_uploads_a_photo_and_sees_its_hash(phone_page, transactional_db):
    make_victim()
    page = phone_page
    sign_in(page, "victim")
    open_menu(page)
    follow(page.get_by_role("link", name="Evidence"))
    # The upload page's script must be running before a file is chosen (it lists the file).
    follow(page.get_by_role("link", name="Upload evidence"))
    data, upload = photo_file()
    page.get_by_label("Files").set_input_files(upload)
    expect(page.get_by_text("IMG_0042.jpg (")).to_be_visible()
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Exhibit JS/1: IMG_0042.jpg")).to_be_visible()
    expect(page.locator("[data-sha256]")).to_have_text(hashlib.sha256(data).hexdigest())
    expect(page.get_by_text("This file reveals a location")).to_be_visible()
    expect(page.get_by_text("Saved as exhibit JS/1.")).to_be_visible()
    preview = page.get_by_role("img", name="Preview of exhibit JS/1")
    expect(preview).to_be_visible()
    width_once_loaded = (
        "img => img.complete ? img.naturalWidth"
        " : new Promise(done => img.addEventListener('load', () => done(img.naturalWidth)))"
    )
    assert preview.evaluate(width_once_loaded) == 640


def test_upload_works_without_javascript(new_context, transactional_db):
    make_victim()
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "victim")
    page.goto("/evidence/upload/")
    data, upload = photo_file()
    page.get_by_label("Files").set_input_files([upload, {**upload, "name": "second.jpg"}])
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Evidence")).to_be_visible()
    expect(page.get_by_role("link", name="JS/2")).to_be_visible()


def test_refused_file_is_named_and_the_others_saved_after_a_script_upload(page, transactional_db):
    make_victim()
    sign_in(page, "victim")
    page.goto("/evidence/upload/")
    _, upload = photo_file()
    fake = {"name": "holiday.jpg", "mimeType": "image/jpeg", "buffer": files.HTML_PAGE}
    page.get_by_label("Files").set_input_files([upload, fake])
    page.get_by_role("button", name="Upload").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("holiday.jpg was not saved: its name ends in .jpg")
    expect(page.get_by_role("link", name="JS/1")).to_be_visible()


def test_files_can_be_dropped_onto_the_upload_box(page, transactional_db):
    make_victim()
    sign_in(page, "victim")
    page.goto("/evidence/upload/")
    expect(page.get_by_text("You can also drag files onto this box.")).to_be_visible()
    page.evaluate(
        """() => {
          const transfer = new DataTransfer();
          transfer.items.add(new File(["just a note"], "note.txt", {type: "text/plain"}));
          const zone = document.querySelector("[data-drop-zone]");
          zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }"""
    )
    expect(page.get_by_text("note.txt (")).to_be_visible()
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Exhibit JS/1: note.txt")).to_be_visible()


def test_screenshot_named_with_its_time_is_offered_that_time_and_she_uses_it(
    phone_page, transactional_db
):
    # Android names a screenshot after the phone's clock; the PNG itself holds no date.
    make_victim()
    page = phone_page
    sign_in(page, "victim")
    page.goto("/evidence/upload/")
    name = "Screenshot_20240302-211405_WhatsApp.png"
    shot = {"name": name, "mimeType": "image/png", "buffer": files.png_screenshot()}
    page.get_by_label("Files").set_input_files(shot)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="When its name says it was made")).to_be_visible()
    page.screenshot(path="/tmp/stalklog-name-date-390.png", full_page=True)
    page.get_by_role("link", name="use 2 March 2024, 21:14 as when it was sent or taken").click()
    expect(page.get_by_label("When it was sent or taken")).to_have_value("2024-03-02T21:14")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="When its name says it was made")).to_have_count(0)
    expect(page.get_by_text("2 Mar 2024, 21:14")).to_be_visible()
