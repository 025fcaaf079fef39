import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from stalklog.accounts.models import SignedInSession
from stalklog.accounts.signins import describe_device
from tests.conftest import PASSWORD, client_for, make_victim

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def signed_in_client(username="victim", user_agent=FIREFOX_ANDROID):
    client = Client(HTTP_USER_AGENT=user_agent)
    client.post("/account/signin/", {"username": username, "password": PASSWORD})
    return client


# A page, and an export page's own progress poll, find an idle session ended alike.
@pytest.mark.parametrize("path", ["/", "/export/00000000-0000-0000-0000-000000000000/status/"])
def test_an_idle_session_is_ended_on_the_server(victim, settings, path):
    client = signed_in_client()
    key = client.cookies["sessionid"].value
    settings.STALKLOG_IDLE_TIMEOUT_SECONDS = 1
    time.sleep(1.2)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert not Session.objects.filter(session_key=key).exists()
    assert not SignedInSession.objects.filter(session_key=key).exists()


def test_a_session_in_use_stays_signed_in(victim, settings):
    client = signed_in_client()
    settings.STALKLOG_IDLE_TIMEOUT_SECONDS = 900
    assert client.get("/").status_code == 200
    assert client.get("/account/").status_code == 200


def test_the_idle_timeout_is_fifteen_minutes_by_default():
    from django.conf import settings

    assert settings.STALKLOG_IDLE_TIMEOUT_SECONDS == 900


def test_devices_are_described_in_plain_words():
    assert describe_device(FIREFOX_ANDROID) == "Firefox on Android"
    assert describe_device(SAFARI_IPHONE) == "Safari on iPhone"
    assert describe_device("") == "Unknown device"


def test_the_sessions_page_lists_every_device_and_marks_this_one(victim):
    signed_in_client(user_agent=SAFARI_IPHONE)
    here = signed_in_client()
    content = here.get("/account/sessions/").content.decode()
    assert "Safari on iPhone" in content
    assert 'Firefox on Android <strong class="tag">This device</strong>' in content


def test_sign_out_everywhere_else_ends_the_other_sessions_on_the_server(victim):
    elsewhere = signed_in_client(user_agent=SAFARI_IPHONE)
    other_key = elsewhere.cookies["sessionid"].value
    here = signed_in_client()
    response = here.post("/account/sessions/end-others/")
    assert response["Location"] == "/account/sessions/"
    assert not Session.objects.filter(session_key=other_key).exists()
    assert elsewhere.get("/").status_code == 302
    assert here.get("/").status_code == 200


def test_sign_out_everywhere_else_leaves_other_people_signed_in(victim, other_victim):
    theirs = signed_in_client("someone_else")
    signed_in_client().post("/account/sessions/end-others/")
    assert theirs.get("/").status_code == 200


def test_the_sessions_page_shows_only_my_sessions(victim, other_victim):
    signed_in_client("someone_else", user_agent=SAFARI_IPHONE)
    content = signed_in_client().get("/account/sessions/").content
    assert b"Safari on iPhone" not in content


def test_history_shows_sign_ins_and_failed_attempts_against_my_name(client, victim):
    client.post("/account/signin/", {"username": "victim", "password": "a wrong guess"})
    client.post("/account/signin/", {"username": "someone_else", "password": "a wrong guess"})
    content = signed_in_client().get("/account/history/").content.decode()
    assert "Wrong password" in content
    assert "Signed in" in content
    assert content.count("Failed:") == 1


def test_history_of_a_name_before_the_account_existed_is_not_shown(client, db):
    client.post("/account/signin/", {"username": "latecomer", "password": "a wrong guess"})
    make_victim("latecomer", initials="LC")
    content = signed_in_client("latecomer").get("/account/history/").content.decode()
    assert "Failed:" not in content


def test_history_page_makes_a_constant_number_of_queries(
    client, victim, django_assert_max_num_queries
):
    for _ in range(20):
        client.post("/account/signin/", {"username": "victim", "password": "a wrong guess"})
    mine = client_for(victim)
    with django_assert_max_num_queries(8):
        assert mine.get("/account/history/").status_code == 200


def test_changing_the_password_ends_other_sessions_on_the_server(victim):
    elsewhere = signed_in_client(user_agent=SAFARI_IPHONE)
    other_key = elsewhere.cookies["sessionid"].value
    here = signed_in_client()
    here.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase 9",
            "new_password2": "another long passphrase 9",
        },
    )
    assert not Session.objects.filter(session_key=other_key).exists()
    assert here.get("/").status_code == 200


def test_the_address_behind_our_proxy_is_the_one_it_saw(rf, settings):
    from stalklog.accounts.signins import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    settings.STALKLOG_TRUSTED_PROXY_HOPS = 1
    assert client_ip(request) == "203.0.113.9"


def test_sessions_page_makes_a_constant_number_of_queries(victim, django_assert_max_num_queries):
    for _ in range(10):
        signed_in_client()
    mine = signed_in_client()
    with django_assert_max_num_queries(8):
        assert mine.get("/account/sessions/").status_code == 200


def test_signing_in_clears_sessions_left_idle_elsewhere(victim):
    from datetime import timedelta

    from django.utils import timezone

    abandoned = signed_in_client(user_agent=SAFARI_IPHONE)
    key = abandoned.cookies["sessionid"].value
    SignedInSession.objects.filter(session_key=key).update(
        last_seen_at=timezone.now() - timedelta(hours=1)
    )
    signed_in_client()
    assert not Session.objects.filter(session_key=key).exists()
    assert not SignedInSession.objects.filter(session_key=key).exists()


def test_an_export_progress_poll_does_not_keep_the_session_alive(victim, settings):
    from stalklog.accounts.signins import LAST_ACTIVITY_KEY

    client = signed_in_client()
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - 600
    session.save()
    # Any job id: the poll is answered 404, but it must not count as the person being there.
    client.get("/export/00000000-0000-0000-0000-000000000000/status/")
    assert client.session[LAST_ACTIVITY_KEY] < time.time() - 590
    client.get("/")
    assert client.session[LAST_ACTIVITY_KEY] > time.time() - 10


def age_sign_ins(days):
    from datetime import timedelta

    from django.utils import timezone

    from stalklog.accounts.models import SignInEvent

    SignInEvent.objects.update(at=timezone.now() - timedelta(days=days))


def test_history_older_than_its_retention_is_not_shown(client, victim, settings):
    from datetime import timedelta

    settings.STALKLOG_SIGNIN_HISTORY_DAYS = 30
    type(victim).objects.filter(pk=victim.pk).update(date_joined=victim.date_joined - timedelta(90))
    client.post("/account/signin/", {"username": "victim", "password": "not it"})
    age_sign_ins(days=31)
    content = signed_in_client().get("/account/history/").content.decode()
    assert "Wrong password" not in content
    assert "Signed in" in content


def test_pruning_deletes_only_history_past_its_retention(client, victim, settings):
    from io import StringIO

    from django.core.management import call_command

    from stalklog.accounts.models import SignInEvent

    settings.STALKLOG_SIGNIN_HISTORY_DAYS = 30
    client.post("/account/signin/", {"username": "victim", "password": "not it"})
    age_sign_ins(days=31)
    signed_in_client()
    out = StringIO()
    call_command("prune_signin_history", stdout=out)
    assert "Deleted 1 sign-in records" in out.getvalue()
    assert list(SignInEvent.objects.values_list("outcome", flat=True)) == ["signed_in"]


def test_a_device_is_described_in_the_readers_language():
    """Stored in English ("Firefox on Android"), shown in hers; the names stay names."""
    from django.utils import translation

    from stalklog.accounts.signins import device_text

    with translation.override("cy"):
        assert device_text("Firefox on Android") == "Firefox ar Android"
        assert device_text("Unknown device") == "Dyfais anhysbys"
        assert device_text("Safari") == "Safari"


@pytest.mark.parametrize(
    "language,words", [("cy", "3\xa0diwrnod"), ("pl", "3\xa0dni"), ("ur", "3\xa0دن")]
)
def test_how_long_ago_a_device_was_seen_is_in_her_language(language, words):
    """Django's Welsh and Urdu catalogues lack timesince's units; ours carry them."""
    from datetime import datetime, timedelta

    from django.utils import translation
    from django.utils.timesince import timesince

    now = datetime(2026, 3, 10, 12, 0)
    with translation.override(language):
        assert timesince(now - timedelta(days=3), now) == words
