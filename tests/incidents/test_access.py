"""Every URL that names an object 404s for another user's object, and needs a signed-in user."""

import pytest
from django.urls import reverse

from tests.conftest import searched
from tests.urlmap import OBJECT_URLS, url_patterns

INCIDENT_URLS = [
    name
    for name, route in url_patterns()
    if name in OBJECT_URLS and route.startswith(("incidents/", "people/", "orders/"))
]


def test_the_incident_log_urls_are_all_mapped():
    assert set(INCIDENT_URLS) >= {
        "incident_detail",
        "incident_amend",
        "amendment_detail",
        "person_detail",
        "person_edit",
        "order_edit",
    }


@pytest.mark.parametrize("name", INCIDENT_URLS)
def test_another_users_object_is_404_on_get(name, victim_client, other_victim):
    kwargs = OBJECT_URLS[name](other_victim.log, other_victim)
    assert victim_client.get(reverse(name, kwargs=kwargs)).status_code == 404


@pytest.mark.parametrize("name", INCIDENT_URLS)
def test_another_users_object_is_404_on_post(name, victim_client, other_victim):
    kwargs = OBJECT_URLS[name](other_victim.log, other_victim)
    response = victim_client.post(reverse(name, kwargs=kwargs), {"reason": "x", "name": "x"})
    assert response.status_code in (404, 405)


@pytest.mark.parametrize("name", INCIDENT_URLS)
def test_own_object_opens(name, victim_client, victim):
    """It opens, or (a form's target reached by GET) sends her on to the page it belongs to."""
    kwargs = OBJECT_URLS[name](victim.log, victim)
    response = victim_client.get(reverse(name, kwargs=kwargs), follow=True)
    assert response.status_code == 200
    assert all(not url.startswith("/account/") for url, _status in response.redirect_chain)


def test_an_amendment_of_another_incident_in_the_same_log_is_404(victim_client, victim):
    first = OBJECT_URLS["amendment_detail"](victim.log, victim)
    second = OBJECT_URLS["amendment_detail"](victim.log, victim)
    url = reverse(
        "amendment_detail", kwargs={"pk": first["pk"], "amendment_pk": second["amendment_pk"]}
    )
    assert victim_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/incidents/", "/incidents/new/", "/people/", "/people/new/", "/orders/", "/orders/new/"],
)
def test_signed_out_visitors_are_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/signin/")


def test_another_users_incident_is_not_in_my_timeline_or_search(victim_client, other_victim):
    from tests.incidents.conftest import make_incident

    make_incident(other_victim.log, other_victim, description="secret of someone else")
    page = searched(victim_client, "/incidents/", q="secret")
    assert "secret of someone else" not in page
    assert "0 of 0 incidents match" in page


def test_filtering_by_another_users_person_shows_nothing(victim_client, victim, other_victim):
    from tests.incidents.conftest import make_incident, make_person

    theirs = make_person(other_victim.log, other_victim)
    make_incident(other_victim.log, other_victim, people=[theirs], description="their incident")
    make_incident(victim.log, victim, description="my incident")
    page = searched(victim_client, "/incidents/", person=theirs.pk)
    assert "their incident" not in page
    assert "my incident" in page  # an unknown person is ignored, not an error
