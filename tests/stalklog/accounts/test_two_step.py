import re
import time

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from stalklog.accounts.models import RecoveryCode, User
from stalklog.core.codes import tidy_code
from tests.conftest import PASSWORD, client_for, enrol_two_step, totp_code

NEW_PASSWORD = "a different long passphrase 42"


def secret_from_page(content: bytes) -> bytes:
    import base64

    text = re.search(rb'<p class="secret-key" id="secret-key">([A-Z2-7 ]+)</p>', content).group(1)
    secret = text.replace(b" ", b"").decode()
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def sign_in_with_password(client, username="victim", password=PASSWORD):
    return client.post("/account/signin/", {"username": username, "password": password})


def test_setting_up_two_step_shows_a_qr_code_and_then_ten_recovery_codes(victim_client, victim):
    page = victim_client.get("/account/two-step/")
    assert b'<svg class="qr-code" role="img"' in page.content
    key = secret_from_page(page.content)
    response = victim_client.post(
        "/account/two-step/", {"password": PASSWORD, "code": f"{totp(key):06d}"}
    )
    assert response.status_code == 200
    codes = re.findall(rb'<span class="hash">([a-z2-9-]{19})</span>', response.content)
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=victim).confirmed
    # Only hashes are stored.
    stored = set(RecoveryCode.objects.filter(user=victim).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & {tidy_code(c.decode()) for c in codes}


def test_a_wrong_setup_code_keeps_two_step_off_and_says_what_to_do(victim_client, victim):
    victim_client.get("/account/two-step/")
    response = victim_client.post("/account/two-step/", {"password": PASSWORD, "code": "000000"})
    assert b"That code did not match" in response.content
    assert not TOTPDevice.objects.filter(user=victim, confirmed=True).exists()


def test_setting_up_two_step_needs_the_password_again(victim_client, victim):
    key = secret_from_page(victim_client.get("/account/two-step/").content)
    response = victim_client.post(
        "/account/two-step/", {"password": "not my password", "code": f"{totp(key):06d}"}
    )
    assert b"That is not your password" in response.content
    assert not TOTPDevice.objects.filter(user=victim, confirmed=True).exists()


def test_the_qr_code_has_no_inline_style(victim_client):
    content = victim_client.get("/account/two-step/").content
    svg = re.search(rb"<svg.*?</svg>", content, re.S).group(0)
    assert b"style" not in svg and b"<script" not in svg


def test_with_two_step_the_password_alone_does_not_sign_in(client, victim):
    enrol_two_step(victim)
    response = sign_in_with_password(client)
    assert response["Location"] == "/account/signin/code/"
    assert client.get("/").status_code == 302


def test_the_password_then_the_code_signs_in(client, victim):
    device = enrol_two_step(victim)
    sign_in_with_password(client)
    response = client.post("/account/signin/code/", {"code": totp_code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_code_does_not_sign_in_and_is_in_the_history(client, victim):
    enrol_two_step(victim)
    sign_in_with_password(client)
    response = client.post("/account/signin/code/", {"code": "123456"})
    assert b"That code did not work" in response.content
    assert client.get("/").status_code == 302
    assert victim.sign_in_events.count() == 0  # failures are kept by name, not by user
    history = client_for(victim).get("/account/history/")
    assert b"Wrong two-step code" in history.content


def test_the_code_step_runs_out(client, victim, settings):
    device = enrol_two_step(victim)
    sign_in_with_password(client)
    settings.STALKLOG_SIGNIN_CODE_SECONDS = 0
    time.sleep(0.01)
    response = client.post("/account/signin/code/", {"code": totp_code(device)})
    assert response["Location"] == "/account/signin/"
    assert client.get("/").status_code == 302


def test_the_code_step_cannot_be_reached_without_the_password(client, victim):
    enrol_two_step(victim)
    assert client.get("/account/signin/code/")["Location"] == "/account/signin/"


def test_victims_without_two_step_are_offered_it_on_their_home_page(victim_client):
    assert b"Set up two-step sign-in" in victim_client.get("/").content


def test_victims_who_signed_in_with_two_step_are_not_nagged(client, victim):
    device = enrol_two_step(victim)
    sign_in_with_password(client)
    client.post("/account/signin/code/", {"code": totp_code(device)})
    assert b"Protect your account" not in client.get("/").content


@pytest.mark.parametrize("role", [User.Role.CASEWORKER, User.Role.SERVICE_ADMIN])
def test_staff_without_two_step_can_only_set_it_up(client, db, role):
    User.objects.create_user(username="worker", password=PASSWORD, role=role)
    sign_in_with_password(client, "worker")
    for path in ["/", "/account/", "/account/sessions/"]:
        assert client.get(path)["Location"] == "/account/two-step/", path
    assert client.get("/account/two-step/").status_code == 200
    assert client.get("/help/").status_code == 200


def test_a_superuser_without_two_step_cannot_open_the_admin(client, db):
    User.objects.create_superuser(username="root", password=PASSWORD)
    sign_in_with_password(client, "root")
    for path in ["/admin/", "/admin/stalklog/user/", "/"]:
        assert client.get(path)["Location"] == "/account/two-step/", path


def test_staff_who_used_two_step_get_in(client, db):
    worker = User.objects.create_user(
        username="worker", password=PASSWORD, role=User.Role.CASEWORKER
    )
    device = enrol_two_step(worker)
    sign_in_with_password(client, "worker")
    client.post("/account/signin/code/", {"code": totp_code(device)})
    assert client.get("/account/").status_code == 200


def test_staff_cannot_turn_two_step_off(db):
    worker = User.objects.create_user(
        username="worker", password=PASSWORD, role=User.Role.CASEWORKER
    )
    client = client_for(worker)
    assert client.get("/account/two-step/remove/")["Location"] == "/account/"


def test_the_admin_login_form_is_not_a_way_around_the_second_step(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/account/signin/?next=/admin/"


def issue_codes(victim):
    from stalklog.accounts.twostep import issue_recovery_codes

    enrol_two_step(victim)
    return issue_recovery_codes(victim)


def test_a_recovery_code_signs_in_and_a_new_password_comes_first(client, victim):
    codes = issue_codes(victim)
    response = client.post(
        "/account/recover/", {"username": "victim", "recovery_code": codes[3].upper()}
    )
    assert response["Location"] == "/account/password/new/"
    assert client.get("/")["Location"] == "/account/password/new/"
    response = client.post(
        "/account/password/new/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == "/account/two-step/"
    assert client.get("/").status_code == 200
    victim.refresh_from_db()
    assert victim.check_password(NEW_PASSWORD)


def test_after_a_recovery_code_the_old_password_no_longer_works(client, victim):
    codes = issue_codes(victim)
    client.post("/account/recover/", {"username": "victim", "recovery_code": codes[0]})
    victim.refresh_from_db()
    assert not victim.check_password(PASSWORD)
    response = sign_in_with_password(Client(), "victim")
    assert response.status_code == 200


def test_an_abandoned_recovery_can_be_started_again_with_another_code(client, victim):
    codes = issue_codes(victim)
    client.post("/account/recover/", {"username": "victim", "recovery_code": codes[0]})
    client.post("/account/signout/")
    response = client.post("/account/recover/", {"username": "victim", "recovery_code": codes[1]})
    assert response["Location"] == "/account/password/new/"


def test_the_new_password_removes_the_old_app_and_codes(client, victim):
    codes = issue_codes(victim)
    client.post("/account/recover/", {"username": "victim", "recovery_code": codes[0]})
    client.post(
        "/account/password/new/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert not TOTPDevice.objects.filter(user=victim).exists()
    assert not RecoveryCode.objects.filter(user=victim).exists()


def test_a_recovery_code_works_once(client, victim):
    codes = issue_codes(victim)
    client.post("/account/recover/", {"username": "victim", "recovery_code": codes[0]})
    other = client_for(victim)
    other.post("/account/signout/")
    again = other.post("/account/recover/", {"username": "victim", "recovery_code": codes[0]})
    assert b"That username and code do not match" in again.content


def test_a_wrong_recovery_code_and_an_unknown_name_get_the_same_answer(client, victim):
    issue_codes(victim)
    wrong = client.post("/account/recover/", {"username": "victim", "recovery_code": "abcd"})
    unknown = client.post("/account/recover/", {"username": "nobody", "recovery_code": "abcd"})
    assert wrong.status_code == unknown.status_code == 200
    assert b"That username and code do not match" in wrong.content
    assert b"That username and code do not match" in unknown.content


def test_recovering_signs_out_every_other_device(client, victim):
    codes = issue_codes(victim)
    elsewhere = client_for(victim)
    client.post("/account/recover/", {"username": "victim", "recovery_code": codes[0]})
    assert elsewhere.get("/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(victim_client, victim):
    old = issue_codes(victim)
    device = TOTPDevice.objects.get(user=victim)
    response = victim_client.post(
        "/account/two-step/recovery-codes/", {"password": PASSWORD, "code": totp_code(device)}
    )
    new = re.findall(rb'<span class="hash">([a-z2-9-]{19})</span>', response.content)
    assert len(new) == 10
    client = Client()
    response = client.post("/account/recover/", {"username": "victim", "recovery_code": old[0]})
    assert b"do not match" in response.content


def test_a_setup_code_for_an_abandoned_secret_asks_to_scan_again(victim_client, victim):
    key = secret_from_page(victim_client.get("/account/two-step/").content)
    TOTPDevice.objects.filter(user=victim).delete()
    response = victim_client.post(
        "/account/two-step/", {"password": PASSWORD, "code": f"{totp(key):06d}"}
    )
    assert b"That setup had expired" in response.content
    assert not TOTPDevice.objects.filter(user=victim, confirmed=True).exists()


def test_the_tests_code_helper_is_accepted_every_time_and_across_half_minutes(victim, monkeypatch):
    """tests.conftest.totp_code, which every two-step test types: four codes in one
    half-minute step (django-otp then sets the device's drift 3 steps ahead), each accepted;
    then, minutes later, another; and one made just before a half-minute boundary and
    checked just after it."""
    device = enrol_two_step(victim)
    start = (int(time.time()) // 30 + 1) * 30  # the start of a step: all four fall in it
    monkeypatch.setattr(time, "time", lambda: start + 1)
    for _ in range(4):
        assert device.verify_token(totp_code(device))
    assert device.drift == 3  # what made a code for the current step fail afterwards
    monkeypatch.setattr(time, "time", lambda: start + 301)
    assert device.verify_token(totp_code(device))
    monkeypatch.setattr(time, "time", lambda: start + 329.9)
    code = totp_code(device)
    monkeypatch.setattr(time, "time", lambda: start + 330.1)
    assert device.verify_token(code)
