import pytest
from django.contrib.sessions.models import Session

from stalklog.accounts.models import User
from stalklog.casefile.models import Log
from tests.conftest import PASSWORD, client_for
from tests.urlmap import PUBLIC_URLS, SKIPPED_URLS, patterns_without_args

NEW_PASSWORD = "a different long passphrase 42"


def test_sign_up_creates_a_victim_with_a_log(client, db):
    response = client.post(
        "/account/signup/",
        {"username": "willow", "password1": PASSWORD, "password2": PASSWORD, "initials": "wb"},
    )
    assert response.status_code == 302
    user = User.objects.get(username="willow")
    assert user.role == User.Role.VICTIM
    assert Log.objects.get(owner=user).initials == "WB"
    assert user.password.startswith("argon2")


def test_sign_up_with_a_weak_password_keeps_what_was_typed(client, db):
    response = client.post(
        "/account/signup/",
        {"username": "willow", "password1": "password", "password2": "password", "initials": "WB"},
    )
    assert response.status_code == 200
    assert b"This password is too common" in response.content
    assert b'value="willow"' in response.content
    assert not User.objects.filter(username="willow").exists()


def test_sign_in_and_out(client, victim):
    response = client.post("/account/signin/", {"username": "victim", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/account/signout/")
    assert client.get("/").status_code == 302


def test_wrong_password_does_not_say_whether_the_account_exists(client, victim):
    wrong = client.post("/account/signin/", {"username": "victim", "password": "nope nope nope"})
    unknown = client.post("/account/signin/", {"username": "nobody", "password": "nope nope nope"})
    assert wrong.status_code == unknown.status_code == 200
    assert b"Please enter a correct username and password" in wrong.content
    assert b"Please enter a correct username and password" in unknown.content


def test_signing_out_needs_a_post(victim_client):
    assert victim_client.get("/account/signout/").status_code == 405


def test_change_password_signs_out_other_devices(victim):
    here, elsewhere = client_for(victim), client_for(victim)
    response = here.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302


@pytest.mark.parametrize(
    "name,route",
    [(n, r) for n, r in patterns_without_args() if n not in PUBLIC_URLS | set(SKIPPED_URLS)],
)
def test_pages_need_sign_in(client, db, name, route):
    response = client.get("/" + route)
    assert response.status_code in (302, 404, 405), name
    if response.status_code == 302:
        assert response["Location"].startswith("/account/signin/")


def test_quick_exit_ends_the_session_on_the_server(victim_client):
    victim_client.get("/")
    session_key = victim_client.cookies["sessionid"].value
    response = victim_client.get("/exit/")
    assert not Session.objects.filter(session_key=session_key).exists()
    assert victim_client.get("/").status_code == 302
    assert response.status_code == 302
