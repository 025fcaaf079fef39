import pytest
from axes.models import AccessAttempt

from stalklog.accounts.models import SignInEvent
from tests.conftest import PASSWORD, enrol_two_step, make_victim

LOCKED = b"Signing in is paused after too many attempts"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.AXES_FAILURE_LIMIT = 3


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        response = client.post(
            "/account/signin/",
            {"username": username, "password": "wrong guess here"},
            REMOTE_ADDR=address,
        )
    return response


def test_an_account_locks_after_the_limit(client, victim):
    assert fail(client, "victim", 2).status_code == 200
    response = fail(client, "victim", 1)
    assert response.status_code == 429
    assert LOCKED in response.content


def test_the_right_password_is_refused_while_locked(client, victim):
    fail(client, "victim", 3)
    response = client.post(
        "/account/signin/", {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429
    assert client.get("/").status_code == 302


def test_a_locked_unknown_name_looks_the_same_as_a_locked_account(client, victim):
    known = fail(client, "victim", 3, address="10.0.0.1")
    unknown = fail(client, "nobody", 3, address="10.0.0.2")
    assert known.status_code == unknown.status_code == 429
    assert known.content.replace(b"victim", b"X") == unknown.content.replace(b"nobody", b"X")


def test_an_address_locks_after_the_limit_across_names(client, victim):
    for name in ["amy", "bob", "cat"]:
        fail(client, name, 1, address="10.0.0.7")
    response = client.post(
        "/account/signin/", {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 429


def test_another_account_is_not_locked_by_someone_elses_failures(client, victim, other_victim):
    fail(client, "victim", 3, address="10.0.0.1")
    response = client.post(
        "/account/signin/",
        {"username": "someone_else", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, victim, settings):
    from datetime import timedelta

    from django.db.models import F

    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    fail(client, "victim", 3)
    assert fail(client, "victim", 1).status_code == 429
    # Half an hour passes (moving the attempts back, as the clock cannot be).
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=31))
    response = client.post(
        "/account/signin/", {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 302


def test_wrong_codes_count_towards_the_lock(client, victim):
    enrol_two_step(victim)
    client.post("/account/signin/", {"username": "victim", "password": PASSWORD})
    for _ in range(3):
        response = client.post("/account/signin/code/", {"code": "000000"})
    assert response.status_code == 429


def test_nothing_typed_into_a_secret_field_is_stored(client, victim):
    make_victim("second", initials="SE")
    client.post("/account/signin/", {"username": "victim", "password": "my secret guess 1"})
    client.post("/account/recover/", {"username": "second", "recovery_code": "zzzz-secret-code"})
    stored = " ".join(
        f"{a.username} {a.get_data} {a.post_data}" for a in AccessAttempt.objects.all()
    ) + " ".join(str(e.__dict__) for e in SignInEvent.objects.all())
    assert "my secret guess" not in stored
    assert "zzzz" not in stored
    assert "victim" in stored


def test_guessing_the_password_from_an_open_session_signs_it_out(victim_client, victim):
    for _ in range(3):
        victim_client.post(
            "/account/delete/", {"password": "a guess", "confirmation": "delete my account"}
        )
    response = victim_client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "x" * 12, "new_password2": "x" * 12},
    )
    assert response.status_code == 429
    assert victim_client.get("/").status_code == 302
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)
