"""A voice note plays in the exhibit page from the access-checked stream, and a wrong
upload is withdrawn with a reason."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import make_victim
from tests.evidence import files


def upload_through_the_page(page, name, data, mime):
    page.goto("/evidence/upload/")
    page.get_by_label("Files").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    page.get_by_role("button", name="Upload").click()


def test_a_voice_note_plays_in_the_page(phone_page, transactional_db):
    make_victim()
    page = phone_page
    sign_in(page, "victim")
    upload_through_the_page(page, "PTT-20240302-WA0001.opus", files.media("opus"), "audio/ogg")
    expect(
        page.get_by_role("heading", name="Exhibit JS/1: PTT-20240302-WA0001.opus")
    ).to_be_visible()
    expect(page.get_by_text("Plays the original file (2 s)")).to_be_visible()
    duration_once_loaded = (
        "audio => audio.readyState >= 1 ? audio.duration : new Promise(done =>"
        " audio.addEventListener('loadedmetadata', () => done(audio.duration)))"
    )
    assert abs(page.locator("audio").evaluate(duration_once_loaded) - 2.0) < 0.2
    # Seeking asks the stream for a byte range, and the player carries on from there.
    seeked = (
        "audio => new Promise(done => { audio.addEventListener('seeked', () =>"
        " done(audio.currentTime)); audio.currentTime = 1.5; })"
    )
    assert abs(page.locator("audio").evaluate(seeked) - 1.5) < 0.2


def test_a_wrong_upload_is_withdrawn_with_a_reason(page, transactional_db):
    make_victim()
    sign_in(page, "victim")
    upload_through_the_page(page, "IMG_0042.jpg", files.jpeg(), "image/jpeg")
    page.get_by_role("link", name="Withdraw this exhibit").click()
    page.get_by_label("Why are you withdrawing it?").fill("uploaded by mistake")
    page.get_by_label("I understand the file will be deleted").check()
    page.get_by_role("button", name="Withdraw and delete the file").click()
    expect(page.get_by_role("note")).to_contain_text("JS/1 withdrawn by the victim on")
    expect(page.get_by_role("link", name="Download the original")).to_have_count(0)
