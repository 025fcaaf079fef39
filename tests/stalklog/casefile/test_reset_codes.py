from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from stalklog.accounts.models import ResetCode, User
from stalklog.casefile.models import AccessEvent
from stalklog.casefile.recovery import issue_reset_code
from tests.conftest import PASSWORD, client_for, enrol_two_step

NEW_PASSWORD = "a brand new passphrase 7"


@pytest.fixture
def caseworker(db):
    return User.objects.create_user(
        username="caseworker", password=PASSWORD, role=User.Role.CASEWORKER
    )


def redeem(client, code, username="victim", password=NEW_PASSWORD, again=None):
    return client.post(
        "/account/reset-code/",
        {
            "username": username,
            "code": code,
            "new_password1": password,
            "new_password2": again or password,
        },
    )


def test_a_reset_code_sets_a_new_password_and_signs_in(client, victim, caseworker):
    code = issue_reset_code(victim, caseworker)
    response = redeem(client, code)
    assert response["Location"] == "/account/two-step/"
    victim.refresh_from_db()
    assert victim.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200


def test_a_reset_code_works_once(client, victim, caseworker):
    code = issue_reset_code(victim, caseworker)
    redeem(client, code)
    second = Client()
    response = redeem(second, code, password="yet another passphrase 8")
    assert b"That username and code do not match" in response.content
    victim.refresh_from_db()
    assert victim.check_password(NEW_PASSWORD)


def test_an_expired_reset_code_does_not_work(client, victim, caseworker):
    code = issue_reset_code(victim, caseworker)
    ResetCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = redeem(client, code)
    assert b"That username and code do not match" in response.content
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)


def test_a_reset_code_expires_after_the_configured_hours(victim, caseworker, settings):
    settings.STALKLOG_RESET_CODE_HOURS = 2
    issue_reset_code(victim, caseworker)
    left = ResetCode.objects.get().expires_at - timezone.now()
    assert timedelta(hours=1, minutes=59) < left <= timedelta(hours=2)


def test_a_new_reset_code_cancels_the_old_one(client, victim, caseworker):
    old = issue_reset_code(victim, caseworker)
    issue_reset_code(victim, caseworker)
    assert b"do not match" in redeem(client, old).content


def test_a_reset_code_is_for_that_victim_only(client, victim, other_victim, caseworker):
    code = issue_reset_code(victim, caseworker)
    response = redeem(client, code, username="someone_else")
    assert b"do not match" in response.content


def test_a_weak_new_password_is_refused_and_the_code_kept(client, victim, caseworker):
    code = issue_reset_code(victim, caseworker)
    response = redeem(client, code, password="password")
    assert b"This password is too common" in response.content
    assert b'value="victim"' in response.content
    assert redeem(client, code).status_code == 302


def test_mismatched_new_passwords_say_so(client, victim, caseworker):
    code = issue_reset_code(victim, caseworker)
    response = redeem(client, code, again="not the same passphrase 1")
    assert b"The two passwords are different" in response.content


def test_redeeming_ends_other_sessions_and_two_step(client, victim, caseworker):
    enrol_two_step(victim)
    elsewhere = client_for(victim)
    redeem(client, issue_reset_code(victim, caseworker))
    assert elsewhere.get("/").status_code == 302
    assert not TOTPDevice.objects.filter(user=victim).exists()


def test_only_a_hash_of_the_reset_code_is_stored(victim, caseworker):
    code = issue_reset_code(victim, caseworker)
    stored = ResetCode.objects.get()
    assert code.replace("-", "") not in stored.code_hash
    assert stored.issued_by == caseworker


def test_issuing_and_redeeming_are_in_the_victims_access_log(client, victim, caseworker):
    redeem(client, issue_reset_code(victim, caseworker))
    actions = list(AccessEvent.objects.filter(log=victim.log).values_list("action", "actor"))
    assert ("reset_code_issued", caseworker.pk) in actions
    assert ("reset_code_used", victim.pk) in actions


def test_reset_codes_are_only_for_victims(caseworker):
    with pytest.raises(ValueError):
        issue_reset_code(caseworker, caseworker)
