"""A 300-letter word (a pasted link, a keyboard mash in a message), a very long name and a
long file name never widen a page on a phone: the lists, the choices on the export and
documents forms, and the people page wrap them instead of scrolling sideways."""

from datetime import UTC, datetime

from django.core.files.base import ContentFile

from evidence.services import store_upload
from incidents.models import Behaviour
from incidents.services import add_person, record_incident
from tests.browser.conftest import sign_in
from tests.conftest import make_victim
from tests.evidence import files

WORD = "Ab" * 150


def test_long_unbroken_words_do_not_widen_any_page_on_a_phone(phone_page, transactional_db):
    victim = make_victim()
    person = add_person(victim.log, victim, name="Maximilian " + WORD[:60])
    incident = record_incident(
        victim.log,
        victim,
        behaviours=Behaviour.objects.filter(code="contacting"),
        people=[person],
        occurred_start=datetime(2026, 10, 9, 8, 5, tzinfo=UTC),
        description="He sent this: " + WORD,
        exact_words=WORD,
    )
    store_upload(
        victim.log,
        victim,
        ContentFile(files.png_screenshot(), f"screenshot {WORD[:100]}.png"),
        attach=lambda evidence: evidence.incidents.add(incident),
    )
    sign_in(phone_page, victim.username)
    wide = {}
    for path in [
        "/incidents/",
        f"/incidents/{incident.pk}/",
        "/incidents/now/",
        "/people/",
        "/evidence/",
        "/export/",
        "/export/documents/",
    ]:
        phone_page.goto(path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    assert not wide, wide


# Cells narrower than one of their ordinary words (a word broken in two, "Exhi-bit"): making
# room for a long word must not squeeze the other columns.
BROKEN_WORDS = """() => {
  const context = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('th, td')].filter(cell => {
    const style = getComputedStyle(cell);
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const words = cell.innerText.split(/\\s+/).filter(word => word && word.length < 30);
    const longest = Math.max(0, ...words.map(word => context.measureText(word).width));
    const inner = cell.clientWidth - parseFloat(style.paddingInlineStart)
      - parseFloat(style.paddingInlineEnd);
    return longest > inner + 1;
  }).map(cell => cell.innerText);
}"""


def test_a_long_file_name_does_not_break_the_other_columns_words(page, transactional_db):
    victim = make_victim()
    store_upload(victim.log, victim, ContentFile(files.calls_xml(), "calls.xml"))
    store_upload(
        victim.log, victim, ContentFile(files.png_screenshot(), f"screenshot {WORD[:100]}.png")
    )
    sign_in(page, victim.username)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/evidence/")
    assert page.evaluate(BROKEN_WORDS) == []
