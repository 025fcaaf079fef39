import re

import pytest

from tests.urlmap import OBJECT_URLS, SKIPPED_URLS, url_patterns

EXIT_BUTTON = re.compile(rb'<a href="/exit/" class="exit-button" rel="nofollow noreferrer"')
SKIP_EXIT = re.compile(rb'<a href="/exit/" class="skip-link skip-exit" rel="nofollow noreferrer"')


def reachable_pages(client, user):
    """GET every pattern as `user`, with arguments filled from OBJECT_URLS."""
    from django.urls import reverse

    for name, _route in url_patterns():
        if name in SKIPPED_URLS:
            continue
        kwargs = OBJECT_URLS[name](user.log, user) if name in OBJECT_URLS else {}
        response = client.get(reverse(name, kwargs=kwargs))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            yield name, response


def test_every_page_has_the_quick_exit_and_a_neutral_title(victim_client, victim):
    seen = 0
    for name, response in reachable_pages(victim_client, victim):
        seen += 1
        assert EXIT_BUTTON.search(response.content), name
        assert SKIP_EXIT.search(response.content), name
        assert b'<span class="visually-hidden">Emergency</span>' in response.content, name
        title = re.search(rb"<title>(.*?)</title>", response.content, re.S).group(1)
        assert title.strip() == b"Notes", name
    assert seen >= 4


@pytest.mark.parametrize("path", ["/account/signin/", "/account/signup/", "/safety/", "/help/"])
def test_signed_out_pages_have_the_quick_exit(client, db, path):
    response = client.get(path)
    assert EXIT_BUTTON.search(response.content)
    assert b"stalk" not in re.search(rb"<title>(.*?)</title>", response.content).group(1).lower()


def test_help_page_lists_the_national_stalking_helpline(client, db):
    response = client.get("/help/")
    assert b"National Stalking Helpline" in response.content
    assert b'href="tel:08088020300"' in response.content


def test_no_page_has_inline_script_or_style(victim_client, victim):
    for name, response in reachable_pages(victim_client, victim):
        assert not re.search(rb"<script(?![^>]*\bsrc=)", response.content), name
        assert b" style=" not in response.content, name
        assert b"<style" not in response.content, name
