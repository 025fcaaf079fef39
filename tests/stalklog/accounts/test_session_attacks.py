"""Attacks on signing in and on sessions, from the outside: a session id planted before
sign-in, a copied cookie replayed after signing out or the quick exit, pages browsed to
between the password and the code, a password changed without the old one, and sign-in
links that try to send her to another site afterwards."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from stalklog.accounts.models import SignedInSession
from tests.conftest import PASSWORD, enrol_two_step, totp_code
from tests.urlmap import PUBLIC_URLS, SKIPPED_URLS, patterns_without_args

NEW_PASSWORD = "seven quiet lanterns drift over marshland"


def planted(client):
    """Give the browser a session id before it signs in (as someone who had it could)."""
    client.get(reverse("signin"))
    session = client.session
    session["planted"] = True
    session.save()
    return session.session_key


def test_signing_in_gives_a_new_session_id(client, victim):
    before = planted(client)
    client.post(reverse("signin"), {"username": victim.username, "password": PASSWORD})
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_each_step_of_two_step_sign_in_gives_a_new_session_id(client, victim):
    device = enrol_two_step(victim)
    before = planted(client)
    client.post(reverse("signin"), {"username": victim.username, "password": PASSWORD})
    between = client.cookies["sessionid"].value
    client.post(reverse("signin_code"), {"code": totp_code(device)})
    after = client.cookies["sessionid"].value
    assert len({before, between, after}) == 3
    assert client.get(reverse("timeline")).status_code == 200


@pytest.mark.parametrize("leave", ["signout", "quick_exit"])
def test_a_copied_session_cookie_is_dead_after_leaving(client, victim, leave):
    client.post(reverse("signin"), {"username": victim.username, "password": PASSWORD})
    copied = client.cookies["sessionid"].value
    assert client.get(reverse("timeline")).status_code == 200
    if leave == "signout":
        client.post(reverse("signout"))
    else:
        client.get(reverse("quick_exit"))
    replay = Client()
    replay.cookies["sessionid"] = copied
    response = replay.get(reverse("timeline"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signin"))


def test_no_page_opens_between_the_password_and_the_code(client, victim):
    enrol_two_step(victim)
    client.post(reverse("signin"), {"username": victim.username, "password": PASSWORD})
    pages = [
        name
        for name, _ in patterns_without_args()
        if name not in PUBLIC_URLS and name not in SKIPPED_URLS
    ]
    assert len(pages) > 30
    for name in pages:
        response = client.get(reverse(name))
        assert response.status_code in (302, 405), name
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("signin")), name


@pytest.mark.parametrize("old", ["", "not my password at all"])
def test_the_password_changes_only_with_the_old_one(victim_client, victim, old):
    response = victim_client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)
    assert not victim.check_password(NEW_PASSWORD)


ELSEWHERE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    " //evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://testserver@evil.example/",
    "//testserver.evil.example/",
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_signing_in_never_sends_her_to_another_site(client, victim, target):
    response = client.post(
        reverse("signin"), {"username": victim.username, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_second_step_never_sends_her_to_another_site(client, victim, target):
    device = enrol_two_step(victim)
    client.post(
        reverse("signin") + "?next=" + target,
        {"username": victim.username, "password": PASSWORD},
    )
    response = client.post(reverse("signin_code"), {"code": totp_code(device)})
    assert response["Location"] == reverse("home")


def test_signing_in_does_go_back_to_our_own_page(client, victim):
    response = client.post(
        reverse("signin"), {"username": victim.username, "password": PASSWORD, "next": "/people/"}
    )
    assert response["Location"] == "/people/"


def test_a_hostile_next_is_never_live_in_the_sign_in_page(client, db):
    page = client.get(reverse("signin"), {"next": '"><script>alert(1)</script>'})
    assert b"<script>alert(1)" not in page.content


def test_a_name_longer_than_any_accounts_is_refused_before_it_is_tried(client, db):
    """Django's sign-in form draws a maxlength but checks none: a crafted long name reached
    django-axes' failure record (255 characters), a server error on PostgreSQL."""
    from axes.models import AccessAttempt

    for name in ("a" * 151, "a" * 300_000):
        response = client.post(reverse("signin"), {"username": name, "password": "guess"})
        assert response.status_code == 200
        assert b"error-summary" in response.content
    assert not AccessAttempt.objects.exists()
    assert client.post(reverse("signin"), {"username": "a" * 150, "password": "guess"})
    assert AccessAttempt.objects.get().username == "a" * 150


def test_signing_out_tells_the_browser_to_drop_what_it_kept(victim_client):
    response = victim_client.post(reverse("signout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "no-store" in response["Cache-Control"]


def signed_in(victim):
    client = Client()
    client.post(reverse("signin"), {"username": victim.username, "password": PASSWORD})
    return client


def listed_sessions(victim):
    return set(SignedInSession.objects.filter(user=victim).values_list("session_key", flat=True))


def test_after_a_password_change_this_session_is_listed_and_can_be_ended(victim):
    """Changing the password gives the session a new id. Its row in the sessions list stayed
    under the old one: whoever knew her password could "change" it to itself and keep a
    session she could neither see nor end with "sign out everywhere else"."""
    his = signed_in(victim)
    his.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert listed_sessions(victim) == {his.cookies["sessionid"].value}
    hers = signed_in(victim)
    hers.post(reverse("sessions_end_others"))
    assert his.get(reverse("timeline"))["Location"].startswith(reverse("signin"))
    assert hers.get(reverse("timeline")).status_code == 200


def test_turning_on_two_step_signs_out_the_others_and_renews_this_session(victim):
    """She turns it on because someone else may know the password: whoever got in with the
    password alone is signed out, and her session, now verified, gets a new id."""
    his, hers = signed_in(victim), signed_in(victim)
    before = hers.cookies["sessionid"].value
    hers.get(reverse("two_step_setup"))
    device = TOTPDevice.objects.get(user=victim, confirmed=False)
    page = hers.post(reverse("two_step_setup"), {"password": PASSWORD, "code": totp_code(device)})
    assert b"Every other device is signed out." in page.content
    after = hers.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert listed_sessions(victim) == {after}
    assert his.get(reverse("timeline"))["Location"].startswith(reverse("signin"))
    assert hers.get(reverse("timeline")).status_code == 200
