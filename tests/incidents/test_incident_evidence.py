"""An incident's evidence: its page and its timeline card show the exhibits that show it,
with a way to upload more onto it or link one already uploaded."""

import pytest
from django.urls import reverse

from evidence.models import Evidence
from stalklog.casefile.models import AccessEvent
from tests.evidence import files
from tests.evidence.factories import make_exhibit
from tests.incidents.conftest import make_incident


def detail(client, incident):
    return client.get(reverse("incident_detail", kwargs={"pk": incident.pk}))


def link(client, incident, exhibit_pk):
    url = reverse("incident_exhibit_link", kwargs={"pk": incident.pk})
    return client.post(url, {"exhibit": "" if exhibit_pk is None else str(exhibit_pk)})


def test_incident_page_shows_linked_exhibits_with_thumbnail_ref_and_kind(
    victim_client, victim, log
):
    incident = make_incident(log, victim)
    photo = make_exhibit(log, victim, "car.jpg", incidents=[incident], title="His car")
    make_exhibit(log, victim, "other.jpg")  # not linked: not shown as evidence
    page = detail(victim_client, incident).content.decode()
    section = page[page.index('id="evidence"') :]
    assert reverse("exhibit_detail", args=[photo.pk]) in section
    assert f'src="{reverse("exhibit_thumbnail", args=[photo.pk])}"' in section
    assert "JS/1" in section and "Photo" in section and "His car" in section
    assert "JS/2</span>" not in section


def test_incident_page_offers_an_upload_straight_onto_the_incident(victim_client, victim, log):
    incident = make_incident(log, victim)
    page = detail(victim_client, incident).content.decode()
    assert "No evidence is linked to this incident yet." in page
    upload_url = f"{reverse('exhibit_upload')}?incident={incident.pk}"
    assert f'href="{upload_url}">Add evidence</a>' in page
    upload = victim_client.get(upload_url).content.decode()
    assert f'<option value="{incident.pk}" selected>' in upload


def test_thumbnail_is_a_small_inline_jpeg_and_its_view_is_logged(victim_client, victim, log):
    photo = make_exhibit(log, victim, "car.jpg")
    response = victim_client.get(reverse("exhibit_thumbnail", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"\xff\xd8")
    assert AccessEvent.objects.filter(
        log=log, action="viewed", target=f"exhibit {photo.exhibit_ref}", detail="thumbnail"
    ).exists()


def test_an_exhibit_without_a_thumbnail_has_none_to_show(victim_client, victim, log):
    chat = make_exhibit(log, victim, "chat.txt", files.whatsapp_txt())
    response = victim_client.get(reverse("exhibit_thumbnail", args=[chat.pk]))
    assert response.status_code == 404


def test_linking_an_uploaded_exhibit_from_the_incident_page(victim_client, victim, log):
    incident = make_incident(log, victim)
    photo = make_exhibit(log, victim, "car.jpg")
    page = detail(victim_client, incident).content.decode()
    assert f'<option value="{photo.pk}">JS/1: car.jpg (Photo)</option>' in page
    response = link(victim_client, incident, photo.pk)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/incidents/{incident.pk}/#evidence")
    assert list(incident.exhibits.all()) == [photo]
    assert AccessEvent.objects.filter(
        log=log, action="linked", target="exhibit JS/1", detail=f"incident {incident.sequence_no}"
    ).exists()
    page = detail(victim_client, incident).content.decode()
    assert "is linked to incident" in page
    assert f'<option value="{photo.pk}">' not in page  # already linked: not offered again


def test_linking_without_choosing_says_what_to_do_on_the_same_page(victim_client, victim, log):
    incident = make_incident(log, victim)
    make_exhibit(log, victim, "car.jpg")
    response = link(victim_client, incident, None)
    assert response.status_code == 400
    assert "Choose the exhibit that shows this incident." in response.content.decode()
    assert not incident.exhibits.exists()


def test_another_logs_exhibit_cannot_be_linked(victim_client, victim, log, other_victim):
    incident = make_incident(log, victim)
    make_exhibit(log, victim, "mine.jpg")
    theirs = make_exhibit(other_victim.log, other_victim, "theirs.jpg")
    response = link(victim_client, incident, theirs.pk)
    assert response.status_code == 400
    assert not incident.exhibits.exists()
    assert not theirs.incidents.exists()


def test_linking_onto_another_victims_incident_is_404(other_client, victim, log, other_victim):
    incident = make_incident(log, victim)
    theirs = make_exhibit(other_victim.log, other_victim, "theirs.jpg")
    assert link(other_client, incident, theirs.pk).status_code == 404
    assert not Evidence.objects.filter(incidents=incident).exists()


def test_timeline_card_names_the_incidents_exhibits(victim_client, victim, log):
    incident = make_incident(log, victim)
    photo = make_exhibit(log, victim, "car.jpg", incidents=[incident])
    chat = make_exhibit(log, victim, "chat.txt", files.whatsapp_txt(), incidents=[incident])
    page = victim_client.get(reverse("timeline")).content.decode()
    assert (
        f'Evidence: <a href="/evidence/{photo.pk}/">JS/1</a> (photo), '
        f'<a href="/evidence/{chat.pk}/">JS/2</a> (message export)'
    ) in page


def test_incident_page_query_count_does_not_grow_with_its_exhibits(
    victim_client, victim, log, django_assert_max_num_queries
):
    incident = make_incident(log, victim)
    make_exhibit(log, victim, "a.jpg", incidents=[incident])
    make_exhibit(log, victim, "b.jpg")
    with django_assert_max_num_queries(100) as captured:
        detail(victim_client, incident)
    few = len(captured.captured_queries)
    for n in range(6):
        make_exhibit(log, victim, f"linked{n}.jpg", incidents=[incident])
        make_exhibit(log, victim, f"unlinked{n}.jpg")
    with django_assert_max_num_queries(few):
        page = detail(victim_client, incident).content.decode()
    assert page.count('class="exhibit-ref"') == 7


def test_timeline_query_count_does_not_grow_with_exhibits(
    victim_client, victim, log, django_assert_max_num_queries
):
    incidents = [make_incident(log, victim) for _ in range(3)]
    make_exhibit(log, victim, "a.jpg", incidents=incidents[:1])
    with django_assert_max_num_queries(100) as captured:
        victim_client.get(reverse("timeline"))
    few = len(captured.captured_queries)
    for n in range(4):
        make_exhibit(log, victim, f"{n}.jpg", incidents=incidents)
    with django_assert_max_num_queries(few):
        page = victim_client.get(reverse("timeline")).content.decode()
    assert page.count("Evidence: ") == 3


def test_a_withdrawn_exhibit_leaves_its_incidents_and_the_access_log_says_so(
    victim_client, victim, log
):
    first, second = make_incident(log, victim), make_incident(log, victim)
    photo = make_exhibit(log, victim, "wrong.jpg", incidents=[first, second])
    kept = make_exhibit(log, victim, "right.jpg", incidents=[first])

    response = victim_client.post(
        reverse("exhibit_withdraw", args=[photo.pk]),
        {"reason": "the wrong photo", "understood": "on"},
    )

    assert response.status_code == 302
    assert list(first.exhibits.all()) == [kept] and not second.exhibits.exists()
    section = detail(victim_client, first).content.decode()
    section = section[section.index('id="evidence"') :]
    assert reverse("exhibit_detail", args=[kept.pk]) in section
    assert reverse("exhibit_detail", args=[photo.pk]) not in section
    unlinked = AccessEvent.objects.filter(log=log, action="unlinked").order_by("seq")
    assert [(e.target, e.detail) for e in unlinked] == [
        ("exhibit JS/1", f"incident {first.sequence_no}"),
        ("exhibit JS/1", f"incident {second.sequence_no}"),
    ]


def test_a_withdrawn_exhibit_keeps_its_line_in_a_filtered_export(victim, log):
    import datetime

    from evidence.services import withdraw_exhibit
    from incidents.export.exhibits import exhibits_for
    from incidents.export.options import ExportOptions
    from incidents.models import Incident

    incident = make_incident(log, victim)
    photo = make_exhibit(log, victim, "wrong.jpg", incidents=[incident])
    withdraw_exhibit(photo, victim, reason="uploaded by mistake")

    options = ExportOptions(date_from=datetime.date(2000, 1, 1))
    [line] = exhibits_for(log, Incident.objects.filter(log=log), options)
    assert line.ref == "JS/1" and line.sha256 == photo.sha256
    assert "withdrawn by the victim" in line.withdrawn and line.incident_sequence_nos == []


def test_withdrawing_and_unlinking_happen_together_or_not_at_all(victim, log, monkeypatch):
    from evidence import services

    incident = make_incident(log, victim)
    photo = make_exhibit(log, victim, "wrong.jpg", incidents=[incident])

    def fail(*args):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_unlink_incidents", fail)
    with pytest.raises(RuntimeError):
        services.withdraw_exhibit(photo, victim, reason="mistake")

    assert list(incident.exhibits.all()) == [photo]
    assert not Evidence.objects.get(pk=photo.pk).is_withdrawn
