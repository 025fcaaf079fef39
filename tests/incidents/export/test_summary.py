"""The summary profile: at most five pages for a first read, with the key incidents."""

import pytest
from django.urls import reverse

from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf
from incidents.models import Incident, Order
from stalklog.casefile.models import AccessEvent

from .conftest import add_incident, at, pdf_pages, pdf_text


def summary(log, user):
    return render_pdf(build_document(log, ExportOptions(profile="summary"), user), workers=1)


def test_summary_prints_key_incidents_orders_and_their_exhibits(evidence_log, victim):
    log, exhibits = evidence_log
    order = Order(log=log, kind=Order.Kind.NON_MOLESTATION, reference="FD26F00123")
    order.save()
    key = Incident.objects.get(log=log, sequence_no=2)  # has the photo
    key.is_key = True
    key.order_breached = order
    key.save()
    text = " ".join(pdf_text(summary(log, victim)).split())
    assert "He followed me home from the station." in text
    assert "Thirty calls in one evening." not in text  # not marked key
    assert exhibits["photo"].exhibit_ref in text
    assert (
        "Non-molestation order FD26F00123" in text and "Possibly breached in 1 incident: 2" in text
    )
    assert "Pattern summary" in text and "Mark Example" in text
    assert "Chronological table" not in text and "Exhibit list" not in text


def test_summary_stays_within_five_pages_however_much_is_marked_key(victim):
    for day in range(1, 29):
        incident = add_incident(victim.log, victim, at(day), f"Day {day} " + "words " * 3000)
        incident.is_key = True
        incident.save()
    pages = pdf_pages(summary(victim.log, victim))
    assert len(pages) <= 5
    assert "20 more key incidents are in the full document" in " ".join(" ".join(pages).split())


def test_summary_says_when_nothing_is_marked_key(rich_log, victim):
    text = " ".join(pdf_text(summary(rich_log, victim)).split())
    assert "No incident is marked as key" in text
    assert "This is a short summary" in text and "see the integrity appendix" not in text


@pytest.mark.parametrize("is_key", [True, False])
def test_marking_an_incident_key_from_its_page(rich_log, victim, victim_client, is_key):
    incident = Incident.objects.get(log=rich_log, sequence_no=1)
    incident.is_key = not is_key
    incident.save()
    page = victim_client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
    assert ("Mark as a key incident" in page) is is_key
    data = {"is_key": "on"} if is_key else {}
    response = victim_client.post(reverse("incident_key", args=[incident.pk]), data)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.is_key is is_key
    assert AccessEvent.objects.filter(
        log=rich_log, action="marked key" if is_key else "unmarked key"
    ).exists()


def test_another_victims_incident_cannot_be_marked_key(rich_log, other_client):
    incident = Incident.objects.get(log=rich_log, sequence_no=1)
    response = other_client.post(reverse("incident_key", args=[incident.pk]), {"is_key": "on"})
    assert response.status_code == 404
    incident.refresh_from_db()
    assert not incident.is_key
