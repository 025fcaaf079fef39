"""Her own words in another script than the page's run in their own direction (dir=auto):
Urdu she wrote reads right to left on an English page, so its full stop and its order of
words come out as she typed them."""

from datetime import UTC, datetime

from incidents.models import Behaviour, Person
from incidents.services import record_incident, save_person
from tests.browser.conftest import sign_in
from tests.conftest import make_victim
from tests.evidence.factories import make_exhibit

URDU = "وہ پھر گھر کے باہر کھڑا تھا۔"
RIGHT_TO_LEFT = "el => el.matches(':dir(rtl)')"


def test_her_urdu_reads_right_to_left_on_an_english_page(page, transactional_db):
    victim = make_victim()
    log = victim.log
    person = save_person(
        log, victim, name="Sam", relationship=Person.Relationship.UNKNOWN, description=URDU
    )
    incident = record_incident(
        log,
        victim,
        behaviours=Behaviour.objects.filter(code="following"),
        occurred_start=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        description="Outside again.",
        private_notes=URDU,
        witnesses=[{"name": "Ali", "contact": "", "account": URDU}],
    )
    photo = make_exhibit(log, victim, "car.jpg", title="His car", description=URDU)
    sign_in(page, "victim")
    shown = []
    for path in [f"/incidents/{incident.pk}/", f"/people/{person.pk}/", f"/evidence/{photo.pk}/"]:
        page.goto(path)
        words = page.locator("main").get_by_text(URDU)
        shown += [(path, words.nth(i).evaluate(RIGHT_TO_LEFT)) for i in range(words.count())]
    assert len(shown) == 4
    assert all(rtl for _path, rtl in shown), shown


def test_what_she_types_in_urdu_runs_right_to_left_on_an_english_page(page, transactional_db):
    make_victim()
    sign_in(page, "victim")
    page.goto("/incidents/now/")
    what = page.get_by_label("What happened")
    what.fill(URDU)
    assert what.evaluate(RIGHT_TO_LEFT)
    page.goto("/evidence/upload/")
    description = page.get_by_label("Description")
    description.fill(URDU)
    assert description.evaluate(RIGHT_TO_LEFT)
