"""Every URL of tests/urlmap.py with every HTTP method an attacker might send.

Another victim holding the owner's ids, or a caseworker or service admin of another service
holding their ids, gets a 404 whatever the method (never a 403 that confirms the object
exists, never a 500). Whoever may use a page sending HEAD, OPTIONS, PUT, PATCH or DELETE
gets an answer that is not a server error, and nothing changes: only GET and POST (with a
CSRF token) may act.
"""

import uuid

import pytest
from django.apps import apps
from django.urls import reverse

from tests.actors import (
    make_caseworker,
    make_organisation,
    make_service_admin,
    make_share,
    opened_client,
)
from tests.conftest import client_for, make_victim
from tests.urlmap import OBJECT_URLS, SKIPPED_URLS, access_rules, url_patterns

UNUSUAL_METHODS = ["head", "options", "put", "patch", "delete"]
# Rows that a request may add without changing her log: the record of who looked, sessions.
BOOKKEEPING = {"accessevent", "session", "signinevent", "accessattempt", "accessfailurelog"}


def state():
    """A fingerprint of every row of every model but the bookkeeping ones."""
    rows = {}
    for model in apps.get_models():
        if model._meta.model_name in BOOKKEEPING or model._meta.proxy:
            continue
        rows[model._meta.label] = sorted(
            map(
                repr,
                model.objects.order_by().values_list(
                    *[f.attname for f in model._meta.concrete_fields]
                ),
            )
        )
    return rows


def kwargs_for(name, log, user):
    return OBJECT_URLS[name](log, user) if name in OBJECT_URLS else {}


def ids_of_nothing(kwargs):
    """The same URL arguments pointing at nothing that exists."""
    return {
        key: uuid.uuid4() if isinstance(value, uuid.UUID) else 10**9 + index
        for index, (key, value) in enumerate(kwargs.items())
    }


LOG_URLS = [
    name
    for name, route in url_patterns()
    if "<" in route and access_rules()[name] in ("log", "owner")
]


SERVICE_URLS = [
    name
    for name, route in url_patterns()
    if "<" in route and access_rules()[name] in ("caseworker", "staff")
]


def assert_not_found_whatever_the_method(intruder, name, kwargs):
    url, nowhere = reverse(name, kwargs=kwargs), reverse(name, kwargs=ids_of_nothing(kwargs))
    for method in ["get", "post", *UNUSUAL_METHODS]:
        status = getattr(intruder, method)(url).status_code
        # A method the page never takes may be refused (405) before any lookup, for any id
        # alike; anything else is a 404, the same as for an id that never existed.
        assert status in (404, 405), f"{method.upper()} {name}: {status}"
        assert status == getattr(intruder, method)(nowhere).status_code, f"{method} {name}"


@pytest.mark.parametrize("name", LOG_URLS)
def test_another_victims_ids_are_not_found_whatever_the_method(db, name):
    owner = make_victim("owner_m")
    intruder = client_for(make_victim("intruder_m", initials="AB"))
    assert_not_found_whatever_the_method(intruder, name, kwargs_for(name, owner.log, owner))


@pytest.mark.parametrize("name", SERVICE_URLS)
def test_another_services_ids_are_not_found_whatever_the_method(db, name):
    """Shares, caseworker accounts and reset requests of one service, reached for by a
    caseworker or a service admin of another (with a shared log of their own open)."""
    owner = make_victim("owner_m")
    kwargs = kwargs_for(name, owner.log, owner)
    elsewhere = make_organisation("Elsewhere Advocacy")
    if access_rules()[name] == "caseworker":
        theirs = make_victim("their_victim", initials="TV").log
        intruder = opened_client(
            make_share(theirs, make_caseworker("elsewhere_cw", organisation=elsewhere))
        )
    else:
        intruder = client_for(make_service_admin("elsewhere_admin", organisation=elsewhere))
    assert_not_found_whatever_the_method(intruder, name, kwargs)


def user_for(rule, owner):
    """A client of someone who may open a page of `rule`, for the owner's log."""
    if rule == "caseworker":
        return opened_client(make_share(owner.log, make_caseworker("own_cw")))
    if rule == "staff":
        return client_for(make_service_admin("own_admin"))
    return client_for(owner)


@pytest.mark.parametrize("name", [name for name, _ in url_patterns() if name not in SKIPPED_URLS])
def test_unusual_methods_never_fail_and_never_change_anything(db, name):
    owner = make_victim("owner_m")
    client = user_for(access_rules()[name], owner)
    url = reverse(name, kwargs=kwargs_for(name, owner.log, owner))
    before = state()
    for method in UNUSUAL_METHODS:
        response = getattr(client, method)(url)
        assert response.status_code < 500, f"{method.upper()} {name}: {response.status_code}"
        assert state() == before, f"{method.upper()} {name} changed something"
