"""Factories for the people around a log: organisations, caseworkers, service admins, shares.

Users made here have no usable password unless one is given (hashing with Argon2 is slow,
and most tests sign in with `force_login`).
"""

from datetime import timedelta

from django.utils import timezone

from stalklog.accounts.models import Organisation, User
from stalklog.casefile.access import OPEN_SHARE_SESSION_KEY
from stalklog.casefile.models import Share
from tests.conftest import client_for

DEFAULT_ORGANISATION = "Safe Haven Support"


def make_organisation(name=DEFAULT_ORGANISATION):
    return Organisation.objects.get_or_create(name=name)[0]


def make_caseworker(username="caseworker", organisation=None, password=None, **fields):
    fields.setdefault("first_name", "Casey")
    fields.setdefault("last_name", "Worker")
    return User.objects.create_user(
        username=username,
        password=password,
        role=User.Role.CASEWORKER,
        organisation=organisation or make_organisation(),
        **fields,
    )


def make_service_admin(username="service_admin", organisation=None, password=None):
    return User.objects.create_user(
        username=username,
        password=password,
        role=User.Role.SERVICE_ADMIN,
        organisation=organisation or make_organisation(),
        first_name="Sam",
        last_name="Admin",
    )


def make_share(log, caseworker, *, days=28, now=None, **fields):
    now = now or timezone.now()
    return Share.objects.create(
        log=log,
        caseworker=caseworker,
        organisation=caseworker.organisation,
        created_at=now,
        expires_at=now + timedelta(days=days),
        **fields,
    )


def opened_client(share):
    """A client signed in as the share's caseworker, with the shared log opened."""
    client = client_for(share.caseworker)
    session = client.session
    session[OPEN_SHARE_SESSION_KEY] = share.pk
    session.save()
    return client
