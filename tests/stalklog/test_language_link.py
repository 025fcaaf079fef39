"""The language link on a page that only answers a form.

Some addresses take a form's post and nothing else (the sharing confirmation, reached by
posting a caseworker's code): a plain visit to them is refused (405). The language link on
such a page must not send her there after she has chosen, or she lands on an error page in
a hurry. The language view goes back only to a path on this site that a plain visit opens.
"""

import html
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stalklog.accounts.languages import SESSION_KEY
from stalklog.views import _accepts_get
from tests.actors import make_caseworker
from tests.conftest import client_for, make_victim
from tests.stalklog.casefile.test_sharing import in_a_week, new_code

LINK = re.compile(r'<a class="language-link" href="([^"]+)"')
NEXT = re.compile(r'<input type="hidden" name="next" value="([^"]*)">')
HTML_LANG = re.compile(r'<html lang="([^"]+)"')

# Every address a plain visit cannot open. A new one must be added here, and the language
# link on any page it shows must still bring her somewhere that opens (tests below).
POST_ONLY = {
    "recovery_cancel",
    "sharing_confirm",
    "share_open",
    "share_close",
    "staff_caseworker_reactivate",
    "sessions_end_others",
    "two_step_not_now",
    "signout",
}


def url_patterns(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry)
        elif isinstance(entry, URLPattern):
            yield entry


def post_only_paths():
    paths = []
    for pattern in url_patterns():
        if pattern.name in POST_ONLY:
            kwargs = {name: 1 for name in pattern.pattern.converters}
            paths.append(reverse(pattern.name, kwargs=kwargs))
    return paths


def language_link(response):
    return html.unescape(LINK.search(response.content.decode()).group(1))


def choose_from_link(client, page, code):
    """Follow the page's language link, choose `code` there, and follow the redirects."""
    chooser = client.get(language_link(page))
    assert chooser.status_code == 200
    back = html.unescape(NEXT.search(chooser.content.decode()).group(1))
    return client.post(reverse("language"), {"language": code, "next": back}, follow=True)


def test_the_post_only_addresses_are_the_ones_we_know():
    found = {pattern.name for pattern in url_patterns() if not _accepts_get(pattern.callback)}
    assert found == POST_ONLY


def test_a_plain_visit_to_the_confirmation_is_refused_as_the_check_says(db):
    # The check reads the decorators; this holds it to what the server really does.
    client = client_for(make_victim())
    assert client.get(reverse("sharing_confirm")).status_code == 405
    assert client.get(reverse("sharing")).status_code == 200


@pytest.mark.parametrize("code", ["cy", "pl", "ur"])
def test_choosing_a_language_on_the_sharing_confirmation_lands_on_the_sharing_page(db, code):
    victim = make_victim()
    client = client_for(victim)
    share_code = new_code(make_caseworker())
    typed = {"code": share_code, "last_day": in_a_week()}
    assert client.post(reverse("sharing"), typed).status_code == 200
    # A wrong password shows the confirmation again, at the address that takes posts only.
    page = client.post(reverse("sharing_confirm"), {**typed, "password": "not-it-at-all"})
    assert page.status_code == 200
    assert page.request["PATH_INFO"] == reverse("sharing_confirm")
    link = language_link(page)
    # Nothing she typed goes into the address (it would sit in the browser's history).
    assert share_code not in link and share_code.replace("-", "") not in link
    assert "not-it-at-all" not in link and "password" not in link
    assert link == reverse("language") + "?next=" + reverse("sharing")

    landed = choose_from_link(client, page, code)
    assert landed.status_code == 200
    assert landed.redirect_chain[-1][0] == reverse("sharing")
    assert HTML_LANG.search(landed.content.decode()).group(1) == code
    assert client.session[SESSION_KEY] == code


@pytest.mark.parametrize("path", post_only_paths())
def test_a_post_only_address_as_next_goes_home_in_the_new_language(db, path):
    client = client_for(make_victim())
    chooser = client.get(reverse("language"), {"next": path})
    # Even "Go back without changing" does not lead to the refused address.
    assert f'href="{path}"' not in chooser.content.decode()
    assert 'name="next" value="/"' in chooser.content.decode()
    landed = client.post(reverse("language"), {"language": "cy", "next": path}, follow=True)
    assert landed.redirect_chain == [("/", 302)]
    assert landed.status_code == 200
    assert HTML_LANG.search(landed.content.decode()).group(1) == "cy"


def test_the_not_found_page_of_a_post_only_address_leads_home(db):
    # A caseworker opening a share that is not hers gets the not-found page at a POST-only
    # address; its language link must still bring her to a page that opens.
    client = client_for(make_caseworker())
    page = client.post(reverse("share_open", kwargs={"share_id": 999999}))
    assert page.status_code == 404
    landed = choose_from_link(client, page, "pl")
    assert landed.status_code == 200
    assert landed.redirect_chain == [("/", 302)]
    assert HTML_LANG.search(landed.content.decode()).group(1) == "pl"


def test_the_language_page_itself_comes_back_to_itself(client, db):
    page = client.get(reverse("language"), {"next": "/safety/"})
    assert language_link(page) == "/language/?next=/language/"
    landed = choose_from_link(client, page, "ur")
    assert landed.status_code == 200
    assert landed.redirect_chain == [("/language/", 302)]
    assert HTML_LANG.search(landed.content.decode()).group(1) == "ur"


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "///evil.example/",
        "/%2F%2Fevil.example/",
        "javascript:alert(1)",
        "/safety/?code=ABCD-EFGH-JKLM",
        "/no-such-page/",
        "/cy/safety/",
    ],
)
def test_a_hostile_or_unknown_next_still_goes_home(client, db, hostile):
    landed = client.post(reverse("language"), {"language": "cy", "next": hostile}, follow=True)
    # Home, which sends someone signed out on to signing in.
    assert landed.redirect_chain[0] == ("/", 302)
    assert landed.status_code == 200
    assert HTML_LANG.search(landed.content.decode()).group(1) == "cy"
    chooser = client.get(reverse("language"), {"next": hostile})
    assert 'name="next" value="/"' in chooser.content.decode()
