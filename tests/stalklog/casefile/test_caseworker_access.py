"""What a caseworker can reach, for how long, and the record the victim keeps of it."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from incidents.models import Behaviour, Incident
from incidents.services import record_incident
from stalklog.casefile.access import OPEN_SHARE_SESSION_KEY, can_access
from stalklog.casefile.models import AccessEvent
from tests.actors import make_caseworker, make_organisation, make_service_admin, make_share
from tests.conftest import client_for, make_victim

SECRET = "He left a note on the car that said he is watching"


def add_incident(log, user, description=SECRET):
    return record_incident(
        log,
        user,
        behaviours=Behaviour.objects.all()[:2],
        occurred_start=timezone.now() - timedelta(days=1),
        description=description,
    )


def test_dashboard_lists_shared_logs_with_counts_and_no_content(victim, share, caseworker):
    add_incident(victim.log, victim)
    add_incident(victim.log, victim)
    response = client_for(caseworker).get("/")
    assert response.status_code == 200
    assert b"Logs shared with you" in response.content
    assert b"victim" in response.content and b"2 incidents, last updated" in response.content
    assert SECRET.encode() not in response.content
    assert not AccessEvent.objects.filter(log=victim.log, actor=caseworker).exists()


def test_dashboard_queries_do_not_grow_with_shares(caseworker, django_assert_max_num_queries):
    for number in range(5):
        victim = make_victim(f"victim{number}")
        make_share(victim.log, caseworker)
        add_incident(victim.log, victim)
    client = client_for(caseworker)
    with django_assert_max_num_queries(6):
        response = client.get("/")
    assert response.content.count(b"Open<span") == 5


def test_ended_shares_disappear_from_the_dashboard(victim, caseworker):
    make_share(victim.log, caseworker, days=-1)
    make_share(make_victim("revoked_one").log, caseworker).revoke()
    response = client_for(caseworker).get("/")
    assert b"No one is sharing a log with you" in response.content


def test_opening_a_shared_log_shows_it_and_is_recorded(victim, share, caseworker):
    add_incident(victim.log, victim)
    client = client_for(caseworker)
    response = client.post(f"/caseworker/open/{share.pk}/")
    assert response["Location"] == "/shared/"
    page = client.get("/shared/")
    assert page.status_code == 200
    assert b"victim's log" in page.content and b"1 incident," in page.content
    assert b"Working on <strong>victim</strong>" in page.content
    actions = list(
        AccessEvent.objects.filter(log=victim.log, actor=caseworker).values_list("action", "target")
    )
    assert actions == [("viewed", "shared_log"), ("opened", f"share {share.pk}")]


def test_a_caseworker_cannot_open_another_caseworkers_share(share):
    someone = make_caseworker("someone_else", organisation=share.organisation)
    client = client_for(someone)
    assert client.post(f"/caseworker/open/{share.pk}/").status_code == 404
    assert client.get("/shared/").status_code == 404


def test_a_session_pointing_at_someone_elses_share_gets_nothing(share):
    stranger = make_caseworker("stranger", organisation=make_organisation("Elsewhere"))
    client = client_for(stranger)
    session = client.session
    session[OPEN_SHARE_SESSION_KEY] = share.pk
    session.save()
    assert client.get("/shared/").status_code == 302
    assert client.get("/shared/").status_code == 404


def test_each_caseworker_request_records_url_name_and_ids_but_no_content(caseworker_client, share):
    caseworker_client.get("/shared/?q=secret+words")
    caseworker_client.post(f"/sharing/{share.pk}/stop/")
    events = AccessEvent.objects.filter(log=share.log, actor=share.caseworker)
    assert [(e.action, e.target) for e in events] == [("viewed", "shared_log")]
    assert all("secret" not in e.detail + e.target for e in events)
    assert events.get().actor_role == "caseworker"


@pytest.mark.urls("tests.stalklog.casefile.audit_urls")
def test_caseworker_writes_and_misses_are_recorded(caseworker_client, share):
    caseworker_client.post("/note/7/", {"text": "private words"})
    caseworker_client.post("/note/7/", {})
    caseworker_client.get("/missing/9/")
    events = AccessEvent.objects.filter(log=share.log, actor=share.caseworker).order_by("seq")
    assert [(e.action, e.target, e.detail) for e in events] == [
        ("changed", "note", "note_id=7"),
        ("tried to change", "note", "note_id=7"),
        ("not found", "missing", "note_id=9"),
    ]


@pytest.mark.urls("tests.stalklog.casefile.audit_urls")
def test_owners_own_requests_are_not_recorded_by_the_door(victim_client, victim):
    victim_client.post("/note/7/", {"text": "x"})
    assert not AccessEvent.objects.filter(log=victim.log).exists()


def test_incidents_a_caseworker_adds_are_marked_as_theirs(share):
    incident = add_incident(share.log, share.caseworker)
    assert incident.entered_by_role == Incident.EnteredBy.CASEWORKER
    assert incident.entered_by == share.caseworker


def test_caseworker_cannot_reach_owner_only_pages(caseworker_client, share):
    assert caseworker_client.get("/sharing/").status_code == 404
    assert caseworker_client.get("/sharing/activity/").status_code == 404
    assert caseworker_client.post(f"/sharing/{share.pk}/stop/").status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None


def test_revoking_ends_an_open_session_on_its_next_request(caseworker_client, share, victim_client):
    assert caseworker_client.get("/shared/").status_code == 200
    victim_client.post(f"/sharing/{share.pk}/stop/")
    response = caseworker_client.get("/shared/", follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert b"That log is no longer shared with you" in response.content
    assert b"No one is sharing a log with you" in response.content
    assert caseworker_client.get("/shared/").status_code == 404


def test_access_ends_exactly_at_expiry_in_an_open_session(caseworker_client, share):
    # A share ending in a minute, so the session itself is still fresh.
    share.expires_at = timezone.now() + timedelta(minutes=1)
    share.save()
    with mock.patch(
        "django.utils.timezone.now", return_value=share.expires_at - timedelta(microseconds=1)
    ):
        assert caseworker_client.get("/shared/").status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=share.expires_at):
        response = caseworker_client.get("/shared/")
    assert (response.status_code, response["Location"]) == (302, "/")


def test_closing_the_caseworker_account_ends_access(caseworker_client, share):
    share.caseworker.is_active = False
    share.caseworker.save()
    assert caseworker_client.get("/shared/").status_code == 302
    assert not can_access(share.caseworker, share.log)


def test_can_access_for_background_work(victim, other_victim, share):
    caseworker, log = share.caseworker, victim.log
    assert can_access(victim, log)
    assert not can_access(other_victim, log)
    assert can_access(caseworker, log)
    assert not can_access(make_service_admin(), log)
    assert not can_access(make_caseworker("not_shared"), log)
    assert not can_access(None, log)
    assert can_access(caseworker, log, now=share.expires_at - timedelta(microseconds=1))
    assert not can_access(caseworker, log, now=share.expires_at)
    share.revoke()
    assert not can_access(caseworker, log)


def test_closing_a_log_leaves_the_dashboard(caseworker_client):
    response = caseworker_client.post("/caseworker/close/")
    assert response["Location"] == "/"
    assert caseworker_client.get("/shared/").status_code == 404


def test_the_chain_verifies_after_sharing_caseworker_work_and_revoking(
    victim_client, caseworker_client, share
):
    caseworker_client.get("/shared/")
    add_incident(share.log, share.caseworker)
    victim_client.post(f"/sharing/{share.pk}/stop/")
    caseworker_client.get("/shared/")
    actions = [e.action for e in AccessEvent.objects.filter(log=share.log).order_by("seq")]
    assert actions == ["viewed", "created", "revoked"]
    assert AccessEvent.verify_chain(share.log) == []
