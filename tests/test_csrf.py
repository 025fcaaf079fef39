"""CSRF is enforced on every state-changing view: a POST without a token is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.urlmap import OBJECT_URLS, url_patterns


@pytest.mark.parametrize("name", [name for name, _ in url_patterns()])
def test_post_without_a_csrf_token_is_refused(victim, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(victim)
    kwargs = OBJECT_URLS[name](victim.log, victim) if name in OBJECT_URLS else {}
    response = client.post(reverse(name, kwargs=kwargs), {"anything": "x"})
    assert response.status_code in (403, 405), f"{name} accepted a POST without a CSRF token"
