"""Sign-up answers the same whether or not a name exists, suggests a name, and is throttled."""

import re

import pytest

from stalklog.accounts.models import User
from tests.conftest import PASSWORD, make_victim

TAKEN = "Jane.Smith84"


def _form(username, password=PASSWORD, initials="JS"):
    return {
        "username": username,
        "password1": password,
        "password2": password,
        "initials": initials,
    }


def _shape(response, username):
    """The page with what varies per request (tokens, suggested names, the typed name)
    taken out: two answers of the same shape are then identical."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", text)
    text = re.sub(r"[a-z]+-[a-z]+-\d{4}", "SUGGESTED", text)
    return response.status_code, text.replace(username, "TYPED")


@pytest.fixture
def taken(db):
    return make_victim(username=TAKEN.lower())


def test_probing_a_taken_and_a_free_name_with_a_weak_password_gives_the_same_page(client, taken):
    for weak in ("password", "x", ""):
        on_taken = client.post("/account/signup/", _form(TAKEN, weak))
        on_free = client.post("/account/signup/", _form("Jane.Smith85", weak))
        assert _shape(on_taken, TAKEN) == _shape(on_free, "Jane.Smith85")


def test_probing_with_bad_initials_gives_the_same_page(client, taken):
    on_taken = client.post("/account/signup/", _form(TAKEN, initials="12345"))
    on_free = client.post("/account/signup/", _form("Jane.Smith85", initials="12345"))
    assert _shape(on_taken, TAKEN) == _shape(on_free, "Jane.Smith85")


def test_a_taken_name_is_refused_without_saying_it_exists(client, taken):
    response = client.post("/account/signup/", _form(TAKEN))
    assert response.status_code == 200
    page = response.content.decode()
    assert "can&#x27;t be used" in page
    for oracle in ("exists", "already", "taken", "in use"):
        assert oracle not in page.lower()
    # A fresh suggestion replaces the refused name.
    assert f'value="{TAKEN}"' not in page
    assert re.search(r'name="username" value="[a-z]+-[a-z]+-\d{4}"', page)
    assert User.objects.filter(username__iexact=TAKEN).count() == 1


def test_the_page_suggests_a_random_name_and_says_why(client, db):
    first = client.get("/account/signup/").content.decode()
    second = client.get("/account/signup/").content.decode()
    name = re.search(r'name="username" value="([a-z]+-[a-z]+-\d{4})"', first).group(1)
    assert name not in second
    assert "says nothing about you" in first


def test_the_suggested_name_can_be_kept(client, db):
    page = client.get("/account/signup/").content.decode()
    name = re.search(r'name="username" value="([^"]+)"', page).group(1)
    response = client.post("/account/signup/", _form(name))
    assert response.status_code == 302
    assert User.objects.get(username=name).log.initials == "JS"


def test_sign_up_is_throttled_per_address(client, db, settings):
    settings.STALKLOG_SIGNUP_ATTEMPTS_PER_HOUR = 10
    for n in range(10):
        response = client.post("/account/signup/", _form(f"probe{n}", "weak"))
        assert response.status_code == 200
    blocked = client.post("/account/signup/", _form("probe-eleven"))
    assert blocked.status_code == 429
    assert b"Wait an hour" in blocked.content
    assert not User.objects.filter(username="probe-eleven").exists()
    # Another address is answered as usual.
    other = client.post("/account/signup/", _form("elsewhere"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_the_throttle_keeps_no_address(client, db):
    from stalklog.accounts.models import SignUpAttempt

    client.post("/account/signup/", _form("someone", "weak"), REMOTE_ADDR="198.51.100.23")
    (attempt,) = SignUpAttempt.objects.all()
    assert "198.51.100.23" not in attempt.address_hash
