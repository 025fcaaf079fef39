import pytest
from django.test import Client, override_settings
from django.urls import path

from stalklog import urls as real_urls
from tests.conftest import client_for


@pytest.fixture
def exit_response(victim_client):
    return victim_client.get("/exit/")


def test_quick_exit_redirects_to_the_neutral_site(exit_response):
    assert exit_response["Location"] == "https://www.bbc.co.uk/weather"


@override_settings(STALKLOG_EXIT_URL="https://example.org/news")
def test_quick_exit_destination_is_configurable(victim_client):
    assert victim_client.get("/exit/")["Location"] == "https://example.org/news"


def test_quick_exit_clears_everything_and_sends_no_referrer(exit_response):
    assert exit_response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in exit_response["Cache-Control"]
    assert exit_response["Referrer-Policy"] == "no-referrer"


def test_quick_exit_expires_the_session_and_csrf_cookies(victim_client):
    victim_client.get("/account/password/")  # sets a CSRF cookie
    response = victim_client.get("/exit/")
    for name in ("sessionid", "csrftoken"):
        assert response.cookies[name].value == ""
        assert response.cookies[name]["max-age"] == 0


def test_every_response_has_the_security_headers(victim_client):
    response = victim_client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


def test_signed_out_pages_are_not_cached_either(client, db):
    response = client.get("/account/signin/")
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_without_data(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def csrf_post(client, **headers):
    client.get("/account/password/")
    token = client.cookies["csrftoken"].value
    return client.post(
        "/account/password/",
        {"csrfmiddlewaretoken": token, "old_password": "x"},
        headers=headers,
    )


@pytest.fixture
def csrf_client(victim):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(victim)
    return client


def test_same_origin_post_with_null_origin_is_accepted(csrf_client):
    response = csrf_post(csrf_client, origin="null", sec_fetch_site="same-origin")
    assert response.status_code == 200  # the form, with its own errors


def test_null_origin_from_another_site_is_refused(csrf_client):
    assert csrf_post(csrf_client, origin="null", sec_fetch_site="cross-site").status_code == 403
    assert csrf_post(csrf_client, origin="null").status_code == 403


def test_post_from_another_origin_is_refused(csrf_client):
    response = csrf_post(csrf_client, origin="https://evil.example", sec_fetch_site="cross-site")
    assert response.status_code == 403


@pytest.fixture
def production_cookies(settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"


def test_quick_exit_expires_its_cookies_with_secure_in_production(production_cookies, victim):
    client = client_for(victim)
    client.get("/account/password/")  # sets a CSRF cookie
    response = client.get("/exit/")
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        assert response.cookies[name]["max-age"] == 0
        assert response.cookies[name]["secure"] is True
        assert response.cookies[name]["path"] == "/"


def test_every_cookie_set_or_expired_is_secure_in_production(production_cookies, victim):
    client = client_for(victim)
    signed_out = client.post("/account/signout/")
    assert signed_out.cookies["__Host-sessionid"]["max-age"] == 0
    signin_page = client.get("/account/signin/")
    assert "__Host-csrftoken" in signin_page.cookies
    for response in (signed_out, signin_page):
        for morsel in response.cookies.values():
            assert morsel["secure"] is True, morsel.key


def test_quick_exit_over_https_expires_its_cookies_with_secure(victim_client):
    response = victim_client.get("/exit/", secure=True)
    for name in ("sessionid", "csrftoken"):
        assert response.cookies[name]["max-age"] == 0
        assert response.cookies[name]["secure"] is True


def boom(request):
    raise RuntimeError("a view that fails")


# A page that fails, next to the real ones (pytest.mark.urls below).
urlpatterns = [path("boom/", boom), *real_urls.urlpatterns]

# What every answer carries, whatever went wrong: a stolen or shared device must not keep it,
# and no other site may frame it or make a browser sniff it into something active.
PROTECTIVE = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store, max-age=0",
}


def assert_protected(response, what):
    for header, value in PROTECTIVE.items():
        assert response.get(header) == value, f"{what}: {header} is {response.get(header)!r}"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"], what


@pytest.mark.urls(__name__)
def test_error_answers_carry_the_protective_headers(victim, settings):
    settings.DEBUG = False
    signed_in = client_for(victim)
    signed_in.raise_request_exception = False
    answers = {
        "a server error (500)": signed_in.get("/boom/"),
        "an unknown page (404)": signed_in.get("/no-such-page/"),
        "a method not allowed (405)": signed_in.put("/account/signin/"),
        "a missing CSRF token (403)": Client(enforce_csrf_checks=True).post("/account/signin/"),
        "a Host header that is not ours (400)": Client().get("/", headers={"host": "evil.example"}),
        "a signed-out page": Client().get("/account/signin/"),
    }
    assert answers["a server error (500)"].status_code == 500
    assert answers["a Host header that is not ours (400)"].status_code == 400
    for what, response in answers.items():
        assert_protected(response, what)
