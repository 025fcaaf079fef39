"""The documents page and its downloads, for her and for her caseworker, through the door."""

import pytest
from django.urls import reverse

from incidents.documents import forms
from stalklog.casefile.models import AccessEvent
from tests.actors import make_caseworker, make_share, opened_client
from tests.conftest import client_for, searched
from tests.incidents.export.conftest import add_incident, at

from .conftest import docx_text, pdftotext

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_export_page_links_to_the_documents(rich_log, victim_client):
    page = victim_client.get(reverse("export")).content.decode()
    assert reverse("documents") in page


def test_documents_page_lists_incidents_to_leave_out_and_orders(
    evidence_log, orders, victim_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        page = victim_client.get(reverse("documents")).content.decode()
    assert page.count('name="leave_out"') == 3
    assert "He waited outside the gym." in page
    assert "FD26F00123: 2 incidents marked as possible breaches" in page
    assert reverse("document_breach_report", args=[orders[0].pk]) in page


def test_documents_page_query_count_does_not_grow_with_incidents(
    evidence_log, orders, victim, victim_client, django_assert_max_num_queries
):
    for day in range(1, 28):
        add_incident(evidence_log[0], victim, at(day, month=6), f"More {day}")
    with django_assert_max_num_queries(12):
        page = victim_client.get(reverse("documents")).content.decode()
    assert page.count('name="leave_out"') == 30


def test_too_many_incidents_to_tick_asks_for_shorter_dates(
    evidence_log, victim_client, monkeypatch
):
    monkeypatch.setattr(forms, "LEAVE_OUT_LIST_MAX", 2)
    page = victim_client.get(reverse("documents")).content.decode()
    assert 'name="leave_out"' not in page
    assert "There are 3 incidents in these dates" in page
    page = searched(victim_client, reverse("documents"), date_from="2026-03-05")
    assert page.count('name="leave_out"') == 2


def test_she_downloads_a_word_statement_leaving_one_out(evidence_log, victim_client):
    response = victim_client.post(
        reverse("document_statement"), {"format": "docx", "leave_out": ["1"]}, follow=True
    )
    assert response.status_code == 200
    assert response["Content-Type"] == WORD
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('attachment; filename="statement-draft-JS-')
    body = docx_text(response.content)["body"]
    assert "He waited outside the gym." not in body
    assert "Thirty calls in one evening." in body


def test_dates_the_wrong_way_round_say_what_to_do(evidence_log, victim_client):
    response = victim_client.post(
        reverse("document_statement"),
        {"format": "pdf", "date_from": "2026-04-01", "date_to": "2026-03-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The &#x27;To&#x27; date is before the &#x27;From&#x27; date" in page
    assert 'value="2026-04-01"' in page


def test_the_statement_choice_stays_out_of_the_address_and_makes_the_document(
    evidence_log, victim_client
):
    """Dates and left-out incidents in a query string stay in the browser history."""
    chosen = {"format": "docx", "date_from": "2026-03-05", "leave_out": ["1"]}
    page = victim_client.get(reverse("documents")).content.decode()
    assert 'method="post" action="/export/documents/statement/"' in page
    response = victim_client.post(reverse("document_statement"), chosen)
    assert response.status_code == 302
    assert response["Location"] == reverse("document_statement")  # no query string
    download = victim_client.get(response["Location"])
    assert download["Content-Type"] == WORD
    body = docx_text(download.content)["body"]
    assert "He followed me home from the station." not in body  # before the chosen dates
    assert "He waited outside the gym." not in body  # left out
    assert "Thirty calls in one evening." in body
    page = victim_client.get(reverse("documents")).content.decode()
    assert 'value="2026-03-05"' in page  # the page shows the choice kept


def test_the_statement_choice_is_per_session_and_sealed(evidence_log, victim, victim_client):
    victim_client.post(reverse("documents"), {"date_from": "2026-03-05", "leave_out": ["1"]})
    session = victim_client.session
    stored = [value for key, value in session.items() if key.startswith("stalklog_search:")]
    assert stored and "2026-03-05" not in str(stored)
    fresh = client_for(victim).get(reverse("documents")).content.decode()
    assert 'value="2026-03-05"' not in fresh


def test_a_caseworkers_choice_is_recorded_as_a_search(evidence_log):
    share = make_share(evidence_log[0], make_caseworker())
    client = opened_client(share)
    client.post(reverse("documents"), {"date_from": "2026-03-05"})
    events = AccessEvent.objects.filter(log=share.log, actor=share.caseworker)
    assert events.filter(action="searched", target="documents").exists()
    assert not events.filter(action="changed").exists()


def test_caseworker_makes_a_breach_report_and_she_can_see_it(evidence_log, orders):
    log, _ = evidence_log
    share = make_share(log, make_caseworker())
    client = opened_client(share)
    response = client.get(reverse("document_breach_report", args=[orders[0].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "He waited outside the gym." in " ".join(pdftotext(response.content).split())
    events = AccessEvent.objects.filter(log=log, actor=share.caseworker)
    # One entry for the one request: the precise one, not also the door's generic one.
    assert [event.action for event in events] == ["exported"]
    assert events.get().target.startswith("breach report pdf")


def test_caseworker_downloads_the_impact_summary(evidence_log):
    share = make_share(evidence_log[0], make_caseworker())
    response = opened_client(share).get(reverse("document_impact"))
    assert response.status_code == 200
    assert response["Content-Type"] == WORD


@pytest.mark.parametrize("include", [False, True])
def test_breach_report_address_only_when_ticked(evidence_log, orders, victim_client, include):
    log, _ = evidence_log
    log.incidents.filter(sequence_no=2).update(order_breached=orders[0])
    params = {"include_address": "on"} if include else {}
    response = victim_client.get(reverse("document_breach_report", args=[orders[0].pk]), params)
    assert ("14 Acacia Avenue" in " ".join(pdftotext(response.content).split())) is include


def test_another_victims_order_is_404(evidence_log, orders, other_client):
    response = other_client.get(reverse("document_breach_report", args=[orders[0].pk]))
    assert response.status_code == 404
