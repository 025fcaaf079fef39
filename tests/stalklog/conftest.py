import pytest

from tests.actors import make_caseworker, make_organisation, make_share, opened_client


@pytest.fixture
def organisation(db):
    return make_organisation()


@pytest.fixture
def caseworker(organisation):
    return make_caseworker(organisation=organisation)


@pytest.fixture
def share(victim, caseworker):
    return make_share(victim.log, caseworker)


@pytest.fixture
def caseworker_client(share):
    """The caseworker, signed in, with the victim's shared log opened."""
    return opened_client(share)
