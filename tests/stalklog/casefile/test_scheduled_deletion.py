"""Deletion an intruder can't make final (issue 17, item 2): asking to delete locks and
hides the log at once, it is shredded only after the waiting time, and two-step sign-in or
a recovery (not the password alone) can cancel it."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from incidents.models import Incident
from stalklog.accounts.models import User
from stalklog.accounts.twostep import issue_recovery_codes
from stalklog.casefile.access import can_access
from stalklog.casefile.models import AccessEvent, Log
from stalklog.casefile.shredding import shred_due_logs
from tests.conftest import PASSWORD, client_for, enrol_two_step, totp_code
from tests.incidents.conftest import make_incident


@pytest.fixture(autouse=True)
def a_week(settings):
    settings.STALKLOG_DELETION_GRACE_DAYS = 7


def ask_to_delete(client, **fields):
    data = {"password": PASSWORD, "confirmation": "delete my account", **fields}
    return client.post("/account/delete/", data)


def sign_in_with_password(username="victim"):
    client = Client()
    client.post("/account/signin/", {"username": username, "password": PASSWORD})
    return client


def sign_in_with_two_step(device, username="victim"):
    client = Client()
    client.post("/account/signin/", {"username": username, "password": PASSWORD})
    client.post("/account/signin/code/", {"code": totp_code(device)})
    return client


def test_someone_with_her_password_only_schedules_the_deletion(victim, victim_client):
    incident = make_incident(victim.log, victim)
    elsewhere = client_for(victim)
    response = ask_to_delete(victim_client)

    assert response.status_code == 200
    assert b"Your account will be deleted" in response.content
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    log = Log.objects.get(pk=victim.log.pk)
    assert timedelta(days=6, hours=23) < log.deletion_due_at - timezone.now() <= timedelta(days=7)
    assert Incident.objects.filter(pk=incident.pk).exists()
    assert AccessEvent.objects.filter(log=log, action="scheduled deletion").exists()
    # Every session ended, this one and the others.
    assert elsewhere.get("/").status_code == 302
    assert victim_client.get("/").status_code == 302


def test_a_scheduled_log_is_locked_for_a_password_sign_in(victim, victim_client):
    incident = make_incident(victim.log, victim)
    ask_to_delete(victim_client)
    intruder = sign_in_with_password()
    home = intruder.get("/")
    assert home.status_code == 302 and home["Location"] == "/account/deletion/"
    assert intruder.get(f"/incidents/{incident.pk}/").status_code == 302
    page = intruder.get("/account/deletion/")
    assert b"waiting to be deleted" in page.content
    assert b"Keep my account" not in page.content
    assert intruder.post("/account/deletion/").status_code == 403
    assert Log.objects.get(pk=victim.log.pk).deletion_due_at is not None


def test_a_scheduled_log_is_hidden_from_a_caseworker_with_a_live_share(
    victim, share, caseworker_client
):
    assert caseworker_client.get("/incidents/").status_code == 200
    ask_to_delete(client_for(victim))
    log = Log.objects.get(pk=victim.log.pk)
    assert caseworker_client.get("/incidents/").status_code in (302, 404)
    assert not can_access(share.caseworker, log)
    assert not can_access(User.objects.get(pk=victim.pk), log)


def test_signing_in_with_two_step_can_keep_the_account(victim, victim_client):
    device = enrol_two_step(victim)
    ask_to_delete(victim_client, code=totp_code(device))
    assert Log.objects.get(pk=victim.log.pk).deletion_due_at is not None

    her = sign_in_with_two_step(device)
    page = her.get("/account/deletion/")
    assert b"Keep my account" in page.content
    response = her.post("/account/deletion/")
    assert response.status_code == 302
    assert Log.objects.get(pk=victim.log.pk).deletion_due_at is None
    assert her.get("/").status_code == 200
    assert AccessEvent.objects.filter(log=victim.log, action="cancelled deletion").exists()


def test_a_recovery_code_can_keep_the_account(victim, victim_client):
    device = enrol_two_step(victim)
    code = issue_recovery_codes(victim)[0]
    ask_to_delete(victim_client, code=totp_code(device))

    her = Client()
    her.post("/account/recover/", {"username": "victim", "recovery_code": code})
    new = "a brand new passphrase for me"
    her.post("/account/password/new/", {"new_password1": new, "new_password2": new})
    assert b"Keep my account" in her.get("/account/deletion/").content
    her.post("/account/deletion/")
    assert Log.objects.get(pk=victim.log.pk).deletion_due_at is None


def test_delete_now_is_offered_only_with_two_step_and_needs_the_code(
    victim, victim_client, other_victim
):
    page = victim_client.get("/account/delete/").content
    assert b"delete_now" not in page
    assert b"you cannot keep it by signing in" in page
    ask_to_delete(victim_client, delete_now="on")  # ignored without two-step
    assert Log.objects.get(pk=victim.log.pk).deletion_due_at is not None

    device = enrol_two_step(other_victim)
    theirs = client_for(other_victim)
    assert b"delete_now" in theirs.get("/account/delete/").content
    wrong = ask_to_delete(theirs, code="000000", delete_now="on")
    assert b"That code did not work" in wrong.content
    device.refresh_from_db()
    device.throttle_reset()  # django-otp holds the device back a moment after a wrong code
    response = ask_to_delete(theirs, code=totp_code(device), delete_now="on")
    assert b"Your account is deleted" in response.content
    assert not User.objects.filter(pk=other_victim.pk).exists()


def test_a_due_deletion_is_shredded_and_a_later_one_waits(victim, other_victim):
    now = timezone.now()
    Log.objects.filter(pk=victim.log.pk).update(deletion_due_at=now - timedelta(minutes=1))
    Log.objects.filter(pk=other_victim.log.pk).update(deletion_due_at=now + timedelta(days=1))
    call_command("shred_due_logs", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not User.objects.filter(pk=victim.pk).exists()
    assert not Log.objects.filter(owner_id=victim.pk).exists()
    assert User.objects.filter(pk=other_victim.pk).exists()
    assert shred_due_logs(now=now + timedelta(days=2)) == 1
    assert not User.objects.filter(pk=other_victim.pk).exists()


def test_the_operators_can_keep_an_account_without_two_step(victim, victim_client):
    ask_to_delete(victim_client)
    call_command("cancel_deletion", username="victim", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Log.objects.get(pk=victim.log.pk).deletion_due_at is None
    with pytest.raises(CommandError):
        call_command("cancel_deletion", username="victim")


def test_a_waiting_time_of_zero_deletes_at_once(victim, victim_client, settings):
    settings.STALKLOG_DELETION_GRACE_DAYS = 0
    response = ask_to_delete(victim_client)
    assert b"Your account is deleted" in response.content
    assert not User.objects.filter(pk=victim.pk).exists()


def test_the_pending_page_sends_an_account_with_nothing_waiting_to_the_account_page(
    victim_client,
):
    assert victim_client.get("/account/deletion/")["Location"] == "/account/"
