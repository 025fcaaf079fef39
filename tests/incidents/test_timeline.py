"""The timeline: newest or oldest first, filters, word search within the log, a match count,
pages, and a fixed number of queries however long the log."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents import selectors
from incidents.models import Incident
from tests.conftest import searched
from tests.incidents.conftest import make_incident, make_many, make_person


def queries_for(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("typed", "path"),
    [
        ({}, "/incidents/"),
        ({"behaviour": "following", "order": "oldest"}, "/incidents/?page=2"),
        ({"q": "number 1"}, "/incidents/"),
        ({"q": "daniel"}, "/incidents/"),
    ],
)
def test_timeline_query_count_is_the_same_for_10_and_2000_incidents(
    victim_client, victim, log, typed, path, django_assert_max_num_queries
):
    daniel = make_person(log, victim)

    make_many(log, victim, 10, people=[daniel])
    if typed:
        searched(victim_client, "/incidents/", **typed)
    small = queries_for(victim_client, path)
    make_many(log, victim, 1990, people=[daniel])
    with django_assert_max_num_queries(small):
        victim_client.get(path)
    # A search adds at most seven: people, identifiers, exhibits, messages, the incidents'
    # searched columns, and the links to people and to exhibits when something matched.
    assert small <= (18 if "q" in typed else 11)


def test_newest_first_by_default_and_oldest_first_on_request(victim_client, victim, log):
    make_incident(
        log, victim, description="the older one", occurred_start=datetime(2026, 1, 5, tzinfo=UTC)
    )
    make_incident(
        log, victim, description="the newer one", occurred_start=datetime(2026, 2, 5, tzinfo=UTC)
    )
    newest = victim_client.get("/incidents/").content.decode()
    oldest = searched(victim_client, "/incidents/", order="oldest")
    assert newest.index("the newer one") < newest.index("the older one")
    assert oldest.index("the older one") < oldest.index("the newer one")


def test_incidents_are_grouped_by_month(victim_client, victim, log):
    make_incident(log, victim, occurred_start=datetime(2026, 1, 5, tzinfo=UTC))
    make_incident(log, victim, occurred_start=datetime(2026, 2, 5, tzinfo=UTC))
    page = victim_client.get("/incidents/").content.decode()
    assert '<h2 class="month-heading">February 2026</h2>' in page
    assert '<h2 class="month-heading">January 2026</h2>' in page


def test_filter_by_date_range_uses_uk_days(victim_client, victim, log):
    # 23:30 UTC on 31 May is 00:30 on 1 June in the UK.
    make_incident(
        log,
        victim,
        description="just after midnight",
        occurred_start=datetime(2026, 5, 31, 23, 30, tzinfo=UTC),
    )
    make_incident(
        log,
        victim,
        description="late in May",
        occurred_start=datetime(2026, 5, 31, 22, 30, tzinfo=UTC),
    )
    page = searched(victim_client, "/incidents/", date_from="2026-06-01", date_to="2026-06-30")
    assert "just after midnight" in page and "late in May" not in page
    assert "1 of 2 incidents match." in page


def test_filter_by_behaviour_person_and_channel(victim_client, victim, log):
    daniel = make_person(log, victim)
    make_incident(
        log,
        victim,
        codes=["threats"],
        people=[daniel],
        channel="text",
        description="threat by text",
    )
    make_incident(
        log, victim, codes=["threats"], channel="phone_call", description="threat by phone"
    )
    make_incident(
        log, victim, codes=["following"], people=[daniel], channel="text", description="followed"
    )
    page = searched(
        victim_client, "/incidents/", behaviour="threats", person=daniel.pk, channel="text"
    )
    assert "threat by text" in page
    assert "threat by phone" not in page and "followed" not in page
    assert "1 of 3 incidents match." in page


def test_search_finds_words_in_the_description_place_and_exact_words(victim_client, victim, log):
    make_incident(log, victim, description="Flowers on the doorstep")
    make_incident(log, victim, description="Waiting", location="Tesco car park")
    make_incident(log, victim, description="Phoned", exact_words="You will REGRET this")
    make_incident(log, victim, description="Nothing to find", private_notes="flowers regret tesco")
    for words, expected in [
        ("flowers", "Flowers on"),
        ("tesco", "Waiting"),
        ("regret this", "Phoned"),
    ]:
        page = searched(victim_client, "/incidents/", q=words)
        assert expected in page, words
        assert "Nothing to find" not in page  # private notes are not searched
        assert "1 of 4 incidents match." in page


def test_search_needs_every_word(victim_client, victim, log):
    make_incident(log, victim, description="red car outside")
    make_incident(log, victim, description="red van outside")
    page = searched(victim_client, "/incidents/", q="red car")
    assert "red car outside" in page and "red van outside" not in page


def test_search_input_is_shown_back_escaped(victim_client, log):
    page = searched(victim_client, "/incidents/", q='"><script>alert(1)</script>')
    assert "<script>alert(1)</script>" not in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_hostile_description_is_rendered_inert(victim_client, victim, log):
    make_incident(log, victim, description='<img src=x onerror="alert(1)">')
    page = victim_client.get("/incidents/").content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_pages_of_25_keep_the_filters_with_only_the_page_in_the_address(victim_client, victim, log):
    make_many(log, victim, 60)
    make_incident(log, victim, codes=["threats"])
    page = searched(victim_client, "/incidents/", behaviour="following")
    assert page.count('class="card incident-card"') == 25
    assert "Page 1 of 3" in page
    assert 'href="?page=2"' in page
    last = victim_client.get("/incidents/?page=3").content.decode()
    assert last.count('class="card incident-card"') == 10


def test_nonsense_filters_are_ignored_not_an_error(victim_client, victim, log):
    make_incident(log, victim)
    page = searched(
        victim_client,
        "/incidents/",
        date_from="yesterday",
        behaviour="nope",
        person="x",
        unknown="field",
    )
    assert page.count('class="card incident-card"') == 1
    assert victim_client.get("/incidents/?page=abc").status_code == 200


def test_timeline_selector_decrypts_only_the_page(victim, log, monkeypatch):
    make_many(log, victim, 100)
    opened = []
    real_opener = type(log.sealer).opener

    def counting_opener(self, context):
        open_one = real_opener(self, context)
        return lambda sealed: opened.append(context) or open_one(sealed)

    monkeypatch.setattr(type(log.sealer), "opener", counting_opener)
    monkeypatch.setattr(type(log.sealer), "open", None)  # every value goes through opener
    result = selectors.timeline(log, {})
    assert len(result.incidents) == 25
    assert len(opened) == 25
    assert result.match_count == 100


def test_cards_never_show_an_incident_of_another_log(victim, log, other_victim):
    mine = make_incident(log, victim, description="mine")
    theirs = make_incident(other_victim.log, other_victim, description="theirs")
    both = Incident.objects.filter(pk__in=[mine.pk, theirs.pk]).order_by("-occurred_start")
    shown = selectors.cards(log, both)
    assert [card.description for card in shown] == ["mine"]


def test_every_filter_has_a_label_tied_to_its_input(victim_client, victim, log):
    make_person(log, victim, name="Dan <Hart>")
    page = searched(victim_client, "/incidents/", q="car")
    for name, label in [
        ("q", "Search words"),
        ("date_from", "From"),
        ("date_to", "To"),
        ("behaviour", "Kind of thing"),
        ("person", "Person"),
        ("channel", "How"),
        ("order", "Order"),
    ]:
        assert f'<label for="id_{name}">{label}</label>' in page
        assert f'name="{name}"' in page and f'id="id_{name}"' in page
    assert 'name="q" autocomplete="off" id="id_q" maxlength="200" value="car"' in page
    assert ">Dan &lt;Hart&gt;</option>" in page


def test_a_reversed_date_range_is_an_error_on_the_to_date(victim_client, victim, log):
    make_incident(log, victim, occurred_start=datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    page = searched(victim_client, "/incidents/", date_from="2026-04-01", date_to="2026-02-01")
    message = (
        "The &#x27;To&#x27; date is before the &#x27;From&#x27; date. Make it the same or later."
    )
    assert f'<a href="#id_date_to">{message}</a>' in page  # in the summary
    error = '<p class="error" id="id_date_to_error"><span class="visually-hidden">Error:</span>'
    assert f"{error} {message}</p>" in page
    assert 'aria-describedby="id_date_to_error"' in page
    assert '<details class="filters" open>' in page


def test_an_empty_log_says_what_to_do_next(victim_client):
    page = victim_client.get("/incidents/").content.decode()
    assert "Write down each incident as soon as you safely can" in page


def test_her_own_text_runs_in_the_direction_she_wrote_it(victim_client, victim, log):
    """An Urdu entry on an English page: the browser sets its direction from its first letter
    (dir="auto"), so it reads right to left with its full stop at its end."""
    urdu = "وہ میرے گھر کے باہر کھڑا تھا۔"
    incident = make_incident(
        log, victim, description=urdu, exact_words=urdu, impact=urdu, location="بازار"
    )
    timeline = victim_client.get("/incidents/").content.decode()
    assert f'<p class="incident-text" dir="auto">{urdu}</p>' in timeline
    detail = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    assert f'<dd class="incident-text" dir="auto">{urdu}</dd>' in detail
    assert f'<blockquote dir="auto">{urdu}</blockquote>' in detail
    assert f'<p dir="auto">{urdu}</p>' in detail
    assert "<bdi>بازار</bdi>" in detail
