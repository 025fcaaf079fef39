"""Stored XSS: hostile text in every kind of field renders inert on every page and in the
HTML export (the PDF is rendered from the same HTML, with a closed url_fetcher)."""

from django.core.management import call_command
from django.urls import reverse

from incidents.models import Behaviour, Order
from incidents.services import add_person, add_witnesses, record_incident
from tests.conftest import PASSWORD, make_victim
from tests.evidence.factories import make_exhibit
from tests.urlmap import SKIPPED_URLS, patterns_without_args

HOSTILE = (
    '<script>alert("xss")</script>'
    '"><img src=x onerror=alert(1)>'
    '<a href="javascript:alert(2)">link</a>'
    "<style>body{display:none}</style>"
    "{{ request.user }}{% debug %}"
)
# Escaped text may still hold "onerror=" or "javascript:" as words; what must never appear is
# the markup that would make them live.
LIVE_MARKUP = [b"<script>alert", b"<img src=x", b'href="javascript:', b"<style>body"]


def fill_log_with_hostile_text(victim):
    log = victim.log
    person = add_person(
        log, victim, name=HOSTILE, aliases=HOSTILE, description=HOSTILE, vehicles=HOSTILE
    )
    order = Order(log=log, kind=Order.Kind.RESTRAINING, reference=HOSTILE[:100])
    order.conditions = HOSTILE
    order.save()
    incident = record_incident(
        log,
        victim,
        behaviours=Behaviour.objects.filter(code__in=["threats", "following"]),
        people=[person],
        occurred_start="2026-05-01T21:00:00Z",
        description=HOSTILE,
        location=HOSTILE,
        exact_words=HOSTILE,
        impact=HOSTILE,
        private_notes=HOSTILE,
        police_force=HOSTILE[:100],
        crime_reference=HOSTILE[:50],
        order_breached=order,
    )
    add_witnesses(incident, [{"name": HOSTILE, "contact": HOSTILE, "account": HOSTILE}])
    incident.amend(victim, HOSTILE, {"description": HOSTILE + " (corrected)"})
    exhibit = make_exhibit(log, victim, name="photo.jpg", title=HOSTILE, description=HOSTILE)
    return {"incident": incident, "person": person, "order": order, "exhibit": exhibit}


def assert_inert(content: bytes, where: str):
    for markup in LIVE_MARKUP:
        assert markup not in content, f"{where} renders {markup!r} live"


def test_hostile_text_is_inert_on_every_page(client, db):
    victim = make_victim()
    objects = fill_log_with_hostile_text(victim)
    client.post("/account/signin/", {"username": victim.username, "password": PASSWORD})
    pages = [reverse(name) for name, _ in patterns_without_args() if name not in SKIPPED_URLS]
    pages += [
        reverse("incident_detail", kwargs={"pk": objects["incident"].pk}),
        reverse("person_detail", kwargs={"pk": objects["person"].pk}),
        reverse("exhibit_detail", kwargs={"pk": objects["exhibit"].pk}),
    ]
    # Searches are kept in the session: the timeline and evidence list show their results.
    client.post(reverse("timeline"), {"q": "alert"})
    client.post(reverse("exhibit_list"), {"q": "alert"})
    seen = 0
    for url in pages:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert_inert(response.content, url)
            seen += 1
    assert seen >= 10
    detail = client.get(reverse("incident_detail", kwargs={"pk": objects["incident"].pk}))
    assert b"&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in detail.content


def test_hostile_text_is_inert_in_the_html_export(db, tmp_path):
    victim = make_victim()
    fill_log_with_hostile_text(victim)
    out = tmp_path / "timeline.html"
    call_command(
        "export_timeline", "--username", victim.username, "--output", str(out), "--format", "html"
    )
    html = out.read_bytes()
    assert_inert(html, "the HTML export")
    assert b"&lt;script&gt;" in html
