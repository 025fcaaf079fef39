"""Hostile input in every form of every page, as an attacker (or a stalker's copied text)
would send it: NUL bytes, invalid UTF-8, right-to-left overrides and zero-width characters,
markup, spreadsheet formulas, numbers and dates out of range, path traversal and fields far
longer than any input allows.

Each page of tests/urlmap.py that shows a form is opened as whoever may use it, the form's
fields are read from the page, and each hostile value is posted in every text field (the
other fields filled as a browser would). No answer may be a server error; a form that
accepts the value must show it escaped (tests/test_stored_xss.py checks pages and the HTML
export in depth).
"""

from html.parser import HTMLParser
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.test import Client
from django.urls import reverse

from tests.actors import make_caseworker, make_service_admin, make_share, opened_client
from tests.conftest import client_for, make_victim
from tests.urlmap import OBJECT_URLS, SKIPPED_URLS, access_rules, url_patterns

HOSTILE = {
    "a NUL byte": "before\x00after",
    "300,000 characters": "A" * 300_000,
    "bidi overrides and zero-width characters": "\u202egpj.exe\u202c \u200b\u2066x\u2069\ufeff",
    "markup": '<script>alert(1)</script>"><img src=x onerror=alert(2)>',
    "a spreadsheet formula": "=cmd|' /C calc'!A0",
    "a huge number": "9" * 40,
    "a negative number": "-1",
    "an overflowing float": "1e309",
    "the last minute of 9999": "9999-12-31T23:59",
    "the 30th of February": "2026-02-30",
    "path traversal": "../../../../etc/passwd",
}
# Bytes that are not UTF-8 at all (a lone surrogate's encoding, 0xFF), sent raw.
INVALID_UTF8 = b"\xff\xfe\xed\xa0\x80"
# Forms that end the session or change who is signed in: posted last, or not at all.
LEAVES = ("/exit/", "/account/signout/", "/language/")
NOT_FORMS = {"exhibit_download", "export_download", "account_delete", "sessions_end_others"}


class Forms(HTMLParser):
    """Every POST form of a page: its action and fields (name, type, first value)."""

    def __init__(self, html):
        super().__init__()
        self.forms, self._form, self._select = [], None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action"), "fields": []}
            self.forms.append(self._form)
        elif self._form is None or not name and tag != "option":
            return
        elif tag in ("input", "textarea"):
            kind = attrs.get("type", "text") if tag == "input" else "textarea"
            self._form["fields"].append([name, kind, attrs.get("value")])
        elif tag == "select":
            self._select = [name, "select", None]
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select and self._select[2] is None:
            self._select[2] = attrs.get("value") or None

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def filled(fields, hostile):
    """The form as a browser would send it, with `hostile` in every field one types in."""
    data = {}
    for name, kind, value in fields:
        if kind in ("submit", "file", "button") or name == "csrfmiddlewaretoken":
            continue
        if kind in ("checkbox", "radio", "select", "hidden"):
            if value is not None and not (kind == "radio" and name in data):
                data.setdefault(name, []).append(value)
        else:
            data.setdefault(name, []).append(hostile)
    return data


def post_raw(client, url, fields, raw: bytes):
    """Post the form with bytes that are not UTF-8 in every field one types in."""
    marker = "\x00raw"
    pairs = [(name, value) for name, values in filled(fields, marker).items() for value in values]
    body = "&".join(
        f"{quote_from_bytes(name.encode())}={quote_from_bytes(raw)}"
        if value == marker
        else urlencode([(name, value)])
        for name, value in pairs
    )
    return client.generic("POST", url, body, content_type="application/x-www-form-urlencoded")


def clients():
    """Who opens each kind of page: the owner, her caseworker, a service admin, anyone."""
    owner = make_victim("hostile_owner")
    share = make_share(owner.log, make_caseworker("hostile_cw"))
    by_rule = {
        "log": client_for(owner),
        "owner": client_for(owner),
        "account": client_for(owner),
        "caseworker": opened_client(share),
        "staff": client_for(make_service_admin("hostile_admin")),
        "public": Client(),
    }
    return owner, by_rule


PAGES = [name for name, _ in url_patterns() if name not in {*SKIPPED_URLS, *NOT_FORMS}]


@pytest.mark.parametrize("name", PAGES)
def test_hostile_input_in_every_form_is_never_a_server_error(db, name):
    owner, by_rule = clients()
    client = by_rule[access_rules()[name]]
    client.raise_request_exception = False
    kwargs = OBJECT_URLS[name](owner.log, owner) if name in OBJECT_URLS else {}
    url = reverse(name, kwargs=kwargs)
    page = client.get(url)
    assert page.status_code < 500, f"GET {url}: {page.status_code}"  # never hidden by the skip
    if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
        pytest.skip(f"{name} shows no page to fill in")
    failures = []
    for form in Forms(page.content.decode()).forms:
        action = form["action"] or url
        if action.startswith(LEAVES):
            continue
        for what, hostile in HOSTILE.items():
            response = client.post(action, filled(form["fields"], hostile))
            if response.status_code >= 500:
                failures.append(f"{action} with {what}: {response.status_code}")
            elif b"<script>alert(1)" in response.content:
                failures.append(f"{action} shows {what} live")
        response = post_raw(client, action, form["fields"], INVALID_UTF8)
        if response.status_code >= 500:
            failures.append(f"{action} with invalid UTF-8: {response.status_code}")
    assert not failures, failures
