"""Every URL pattern against every kind of user: each gets exactly what it should.

The patterns come from tests/urlmap.py, so a view added anywhere is checked here without
touching this file. Objects in URLs always belong to the owner's log, and that log holds
a canary phrase that must never reach anyone but the owner and the caseworker it is shared
with. Every HTML page anyone can open must also keep the quick exit and the CSP rules.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incidents.models import Behaviour
from incidents.services import record_incident
from stalklog.accounts.models import User
from stalklog.casefile.models import Log
from tests.actors import (
    make_caseworker,
    make_organisation,
    make_service_admin,
    make_share,
    opened_client,
)
from tests.conftest import client_for
from tests.urlmap import OBJECT_URLS, SKIPPED_URLS, access_rules, url_patterns

CANARY = "Canary 7f3e: he waited outside the school gates"
# Caseworkers see the victim's username; nobody else should.
OWNER_NAME = "canary_owner_7f3e"
ACTORS = [
    "owner",
    "caseworker",
    "expired_caseworker",
    "revoked_caseworker",
    "other_organisation_caseworker",
    "other_victim",
    "anonymous",
    "service_admin",
]
ALLOWED, NOT_FOUND, SIGN_IN, ENDED = "allowed", "not found", "sign in", "share ended"

# What each actor should get, by the view's access rule (see tests/urlmap.py). OWN: the actor
# has a log (or dashboard) of their own, so a page without ids works and shows them theirs,
# while the owner's ids are not found.
OWN = "own"
EXPECTED = {
    "owner": {
        "owner": ALLOWED,
        "log": ALLOWED,
        "caseworker": NOT_FOUND,
        "staff": NOT_FOUND,
    },
    "caseworker": {
        "owner": NOT_FOUND,
        "log": ALLOWED,
        "caseworker": ALLOWED,
        "staff": NOT_FOUND,
    },
    "expired_caseworker": {
        "owner": ENDED,
        "log": ENDED,
        "caseworker": OWN,
        "staff": NOT_FOUND,
    },
    "revoked_caseworker": {
        "owner": ENDED,
        "log": ENDED,
        "caseworker": OWN,
        "staff": NOT_FOUND,
    },
    "other_organisation_caseworker": {
        "owner": NOT_FOUND,
        "log": OWN,
        "caseworker": OWN,
        "staff": NOT_FOUND,
    },
    "other_victim": {
        "owner": OWN,
        "log": OWN,
        "caseworker": NOT_FOUND,
        "staff": NOT_FOUND,
    },
    "service_admin": {
        "owner": NOT_FOUND,
        "log": NOT_FOUND,
        "caseworker": NOT_FOUND,
        "staff": ALLOWED,
    },
}


def make_user(username, **fields):
    return User.objects.create_user(username=username, password=None, **fields)


def build_world():
    """The owner's log with a canary incident, and a client for every actor."""
    owner = make_user(OWNER_NAME)
    log = Log.create_for(owner, "JS")
    record_incident(
        log,
        owner,
        behaviours=Behaviour.objects.all()[:2],
        occurred_start=timezone.now(),
        description=CANARY,
        private_notes=CANARY,
    )
    make_organisation()
    elsewhere = make_organisation("Elsewhere Advocacy")
    other_victim = make_user("other_victim")
    other_log = Log.create_for(other_victim, "AB")
    expired = make_share(log, make_caseworker("expired_cw"), days=-1)
    revoked = make_share(log, make_caseworker("revoked_cw"))
    revoked.revoke()
    # The live share is made last so OBJECT_URLS factories find it.
    live = make_share(log, make_caseworker("live_cw"))
    stranger = make_share(other_log, make_caseworker("stranger_cw", organisation=elsewhere))
    clients = {
        "owner": client_for(owner),
        "caseworker": opened_client(live),
        "expired_caseworker": opened_client(expired),
        "revoked_caseworker": opened_client(revoked),
        "other_organisation_caseworker": opened_client(stranger),
        "other_victim": client_for(other_victim),
        "anonymous": Client(),
        "service_admin": client_for(make_service_admin()),
    }
    return owner, log, clients, live.caseworker


def expected_outcome(actor, rule, has_args):
    if rule == "public":
        # Anyone may open them; a step of signing in may send you back to its start.
        return f"{ALLOWED} or {SIGN_IN}"
    if actor == "anonymous":
        return SIGN_IN
    if rule == "account":
        return ALLOWED
    outcome = EXPECTED[actor][rule]
    if outcome == OWN:
        return NOT_FOUND if has_args else ALLOWED
    return outcome


def outcome_of(response):
    status, location = response.status_code, response.get("Location", "")
    if status == 404:
        return NOT_FOUND
    if status == 302 and location.startswith(reverse("signin")):
        return SIGN_IN
    if status == 302 and location == reverse("home"):
        return f"{ENDED} or {ALLOWED}"
    if status in (200, 302):
        return ALLOWED
    return f"status {status}"


def request(client, url):
    """GET, or POST (empty) when the view takes only POST."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


CASES = [
    (actor, name) for actor in ACTORS for name, _ in url_patterns() if name not in SKIPPED_URLS
]


@pytest.mark.parametrize("actor,name", CASES)
def test_access_matrix(db, actor, name):
    owner, log, clients, caseworker = build_world()
    rules = access_rules()
    # Objects are always in the owner's log; the caseworker it is shared with makes their own
    # (some things, like export jobs, belong to whoever asked for them).
    maker = caseworker if actor == "caseworker" else owner
    kwargs = OBJECT_URLS[name](log, maker) if name in OBJECT_URLS else {}
    response = request(clients[actor], reverse(name, kwargs=kwargs))

    expected = expected_outcome(actor, rules[name], bool(kwargs))
    got = outcome_of(response)
    acceptable = set(expected.split(" or ")) & set(got.split(" or "))
    assert acceptable, f"{actor} on {name} ({rules[name]}): expected {expected}, got {got}"
    if actor not in ("owner", "caseworker"):
        for canary in (CANARY, OWNER_NAME):
            assert canary.encode() not in response.content, f"{actor} saw the owner's log on {name}"
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert_page_keeps_the_rules(response, name)


# The voice recorder alone may ask for the microphone, and the two pages that record a new
# incident alone for the position ("Add where I am now"); no page may use the camera (taking
# a photo goes through the phone's own camera app).
MICROPHONE_PAGES = {"record_voice"}
GEOLOCATION_PAGES = {"log_it_now", "incident_new"}


def assert_page_keeps_the_rules(response, name):
    content = response.content
    assert b'class="exit-button" rel="nofollow noreferrer"' in content, name
    assert re.search(rb"<title>\s*Notes\s*</title>", content), name
    assert not re.search(rb"<script(?![^>]*\bsrc=)", content), name
    assert b" style=" not in content and b"<style" not in content, name
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy, name
    microphone = "microphone=(self)" if name in MICROPHONE_PAGES else "microphone=()"
    assert microphone in policy, name
    geolocation = "geolocation=(self)" if name in GEOLOCATION_PAGES else "geolocation=()"
    assert geolocation in policy, name


def test_the_matrix_covers_every_rule():
    rules = set(access_rules().values())
    assert {"public", "account", "log", "owner", "caseworker", "staff"} <= rules


def test_the_canaries_are_visible_to_those_allowed(db):
    """So that their absence elsewhere means something."""
    _, _, clients, _ = build_world()
    response = clients["caseworker"].get(reverse("shared_log"))
    assert OWNER_NAME.encode() in response.content
    assert clients["caseworker"].get(reverse("home")).content.count(OWNER_NAME.encode()) >= 1
