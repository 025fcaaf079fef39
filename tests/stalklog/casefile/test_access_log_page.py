"""The victim's page "Who has seen my log"."""

from stalklog.casefile.models import AccessEvent
from stalklog.casefile.views import ACCESS_EVENTS_PER_PAGE


def test_victim_reads_caseworker_actions_and_their_own_newest_first(
    victim_client, caseworker_client, share
):
    caseworker_client.get("/shared/")
    AccessEvent.record(share.log, share.log.owner, "exported", "timeline pdf")
    response = victim_client.get("/sharing/activity/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("exported") < content.index("shared log")
    assert "caseworker (caseworker)" in content
    assert "<td>You</td>" in content
    assert "This record is complete" in content


def test_the_page_is_paginated_with_constant_queries(
    victim_client, victim, django_assert_max_num_queries
):
    for number in range(ACCESS_EVENTS_PER_PAGE + 5):
        AccessEvent.record(victim.log, victim, "viewed", f"incident {number}")
    with django_assert_max_num_queries(8):
        first = victim_client.get("/sharing/activity/")
    assert first.content.count(b"<tr>") == ACCESS_EVENTS_PER_PAGE + 1
    assert b"Page 1 of 2" in first.content
    second = victim_client.get("/sharing/activity/?page=2")
    assert b"incident 0<" in second.content and b"incident 54<" not in second.content


def test_the_page_says_when_the_record_was_tampered_with(victim_client, victim):
    for number in range(3):
        AccessEvent.record(victim.log, victim, "viewed", f"incident {number}")
    AccessEvent.objects.filter(log=victim.log, seq=2).update(target="something else")
    response = victim_client.get("/sharing/activity/")
    assert b"This record has been tampered with" in response.content
    assert b"event 2 was altered" in response.content


def test_another_victim_sees_only_their_own_record(victim, other_client):
    AccessEvent.record(victim.log, victim, "viewed", "incident 1")
    response = other_client.get("/sharing/activity/")
    assert b"incident 1" not in response.content
    assert b"Nothing has been recorded yet" in response.content
