"""The screenshot questions on a phone (390x844, touch): shown once a picture is chosen,
answered with three taps, and shown back on the exhibit's page as the exhibit list prints
them."""

from playwright.sync_api import expect

from evidence.models import Evidence
from tests.browser.conftest import sign_in
from tests.conftest import make_victim
from tests.evidence import files

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_the_questions_are_asked_about_a_picture_and_kept(new_context, transactional_db, tmp_path):
    make_victim()
    page = new_context(**PHONE).new_page()
    sign_in(page, "victim")
    page.goto("/evidence/upload/")
    questions = page.get_by_role("group", name="If it is a screenshot: three quick questions")
    expect(questions).to_be_hidden()
    letter = {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}
    page.get_by_label("Files").set_input_files(letter)
    expect(questions).to_be_hidden()  # nothing to ask about a letter
    shot = {"name": "Screenshot_20261130.png", "mimeType": "image/png",
            "buffer": files.png_screenshot()}  # fmt: skip
    page.get_by_label("Files").set_input_files(shot)
    expect(questions).to_be_visible()
    expect(page.get_by_text("press the side button and volume up together")).to_be_visible()
    expect(page.get_by_text("press power and volume down together")).to_be_visible()
    for question, answer in (("Sender's name or number visible?", "Yes"),
                             ("Date and time visible?", "No"),
                             ("Whole conversation, uncropped?", "Not sure")):  # fmt: skip
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).tap()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "upload-questions-390.png"), full_page=True)
    page.get_by_role("button", name="Upload").tap()

    heading = page.get_by_role("heading", name="Exhibit JS/1: Screenshot_20261130.png")
    expect(heading).to_be_visible()
    expect(page.get_by_text("date and time not visible in screenshot")).to_be_visible()
    evidence = Evidence.objects.get()
    assert (evidence.sender_visible, evidence.date_visible, evidence.whole_conversation) == (
        "yes", "no", "unsure",
    )  # fmt: skip
