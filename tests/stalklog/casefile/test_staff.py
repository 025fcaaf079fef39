"""Service admins manage their organisation's caseworkers, and never see a log."""

import re

import pytest
from django.contrib import admin
from django.utils import timezone

from incidents.models import Behaviour
from incidents.services import record_incident
from stalklog.accounts.models import SignedInSession, User
from stalklog.casefile.models import Share
from tests.actors import make_caseworker, make_organisation, make_service_admin, make_share
from tests.conftest import client_for, make_victim

SECRET = "The sealed words that only the victim and their caseworker may read"
PASSWORD_SHOWN = re.compile(rb'id="initial-password">([a-z0-9-]+)<')


@pytest.fixture
def admin_client_(organisation):
    return client_for(make_service_admin(organisation=organisation))


def add_caseworker(client, username="jo"):
    data = {"username": username, "first_name": "Jo", "last_name": "Bloggs"}
    return client.post("/staff/caseworkers/", data)


def test_service_admin_adds_a_caseworker_with_a_one_time_password(admin_client_, organisation):
    response = add_caseworker(admin_client_)
    password = PASSWORD_SHOWN.search(response.content).group(1).decode()
    user = User.objects.get(username="jo")
    assert (user.role, user.organisation) == (User.Role.CASEWORKER, organisation)
    assert user.check_password(password) and len(password) == 24
    assert user.password.startswith("argon2")
    again = admin_client_.get("/staff/caseworkers/")
    assert password.encode() not in again.content
    assert b"Jo Bloggs" in again.content


def test_adding_a_caseworker_keeps_what_was_typed_on_error(admin_client_):
    response = admin_client_.post("/staff/caseworkers/", {"username": "jo", "first_name": "Jo"})
    assert b"This field is required" in response.content
    assert b'value="jo"' in response.content
    assert not User.objects.filter(username="jo").exists()


def test_a_victims_username_is_refused_in_the_words_any_refused_name_gets(admin_client_):
    """Django's own check said "A user with that username already exists": a service admin
    (or whoever has their account) could test the names victims sign in with."""
    make_victim("jane.doe")
    for taken in ("jane.doe", "JANE.DOE"):
        page = add_caseworker(admin_client_, taken).content.decode()
        assert "That username can&#x27;t be used. Choose another one." in page
        assert "already exists" not in page
        assert f'value="{taken}"' in page
    assert not User.objects.filter(role=User.Role.CASEWORKER).exists()
    assert PASSWORD_SHOWN.search(add_caseworker(admin_client_, "jo").content)


def test_too_many_taken_names_stop_the_form_looking_for_an_hour(admin_client_):
    for number in range(10):
        make_victim(f"name{number}")
        assert add_caseworker(admin_client_, f"name{number}").status_code == 200
    held = add_caseworker(admin_client_, "a-free-name")
    assert held.status_code == 429
    assert "Too many usernames could not be used" in held.content.decode()
    assert 'value="a-free-name"' in held.content.decode()
    assert not User.objects.filter(username="a-free-name").exists()


def test_service_admin_sees_only_their_own_organisations_caseworkers(admin_client_):
    elsewhere = make_caseworker("elsewhere_cw", organisation=make_organisation("Elsewhere"))
    assert b"elsewhere_cw" not in admin_client_.get("/staff/caseworkers/").content
    response = admin_client_.post(f"/staff/caseworkers/{elsewhere.pk}/deactivate/")
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_active


def test_closing_an_account_signs_them_out_and_ends_their_shares_for_good(
    admin_client_, caseworker_client, share
):
    caseworker = share.caseworker
    admin_client_.post(f"/staff/caseworkers/{caseworker.pk}/deactivate/")
    assert caseworker_client.get("/shared/")["Location"].startswith("/account/signin/")
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert share.log.access_events.first().action == "share ended"
    admin_client_.post(f"/staff/caseworkers/{caseworker.pk}/reactivate/")
    caseworker.refresh_from_db()
    assert caseworker.is_active
    assert not Share.objects.live().filter(caseworker=caseworker).exists()


def test_reopening_a_closed_account_brings_back_none_of_its_sessions(admin_client_, share):
    """Django only ignores an inactive user's sessions: a session open when the account was
    closed (perhaps a thief's) came back to life when it was reopened."""
    caseworker = share.caseworker
    open_then = client_for(caseworker)
    assert open_then.get("/").status_code == 200
    admin_client_.post(f"/staff/caseworkers/{caseworker.pk}/deactivate/")
    admin_client_.post(f"/staff/caseworkers/{caseworker.pk}/reactivate/")
    assert open_then.get("/")["Location"].startswith("/account/signin/")
    assert not SignedInSession.objects.filter(user=caseworker).exists()


def test_service_admin_cannot_reach_a_log(admin_client_, share):
    for url in ["/shared/", "/sharing/", "/sharing/activity/"]:
        assert admin_client_.get(url).status_code == 404
    assert admin_client_.post(f"/caseworker/open/{share.pk}/").status_code == 404
    assert admin_client_.get("/")["Location"] == "/staff/caseworkers/"


def test_caseworkers_and_victims_cannot_manage_accounts(caseworker, victim_client):
    target = make_caseworker("target")
    for client in (client_for(caseworker), victim_client):
        assert client.get("/staff/caseworkers/").status_code == 404
        assert client.post(f"/staff/caseworkers/{target.pk}/deactivate/").status_code == 404


def test_django_admin_shows_no_sealed_content(db, admin_client, victim, caseworker):
    """Whatever is registered, no admin list or page shows sealed text."""
    make_share(victim.log, caseworker)
    record_incident(
        victim.log,
        victim,
        behaviours=Behaviour.objects.all()[:1],
        occurred_start=timezone.now(),
        description=SECRET,
        private_notes=SECRET,
    )
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        sealed = {f.name for f in meta.get_fields() if f.name.endswith("_sealed")}
        sealed |= {name.removesuffix("_sealed") for name in sealed}
        assert not sealed & set(model_admin.get_list_display(None)), model
        assert not sealed & set(model_admin.search_fields), model
        pages = [f"/admin/{meta.app_label}/{meta.model_name}/"]
        pages += [f"{pages[0]}{obj.pk}/change/" for obj in model.objects.all()[:3]]
        for page in pages:
            response = admin_client.get(page)
            assert response.status_code == 200, page
            assert SECRET.encode() not in response.content, page
    share_page = admin_client.get(f"/admin/casefile/share/{Share.objects.get().pk}/change/")
    assert str(victim.log.uuid).encode() in share_page.content


def test_close_account_asks_first_and_names_what_will_happen(admin_client_, share):
    caseworker = share.caseworker
    listing = admin_client_.get("/staff/caseworkers/").content.decode()
    url = f"/staff/caseworkers/{caseworker.pk}/deactivate/"
    assert f'<a href="{url}">Close account' in listing
    page = admin_client_.get(url).content.decode()
    assert "Close" in page and caseworker.get_username() in page
    assert "signed out at once" in page and "stops being shared now" in page
    assert "the shares stay ended" in page
    caseworker.refresh_from_db()
    assert caseworker.is_active  # asking closes nothing
    share.refresh_from_db()
    assert share.revoked_at is None
    assert admin_client_.post(url).status_code == 302
    caseworker.refresh_from_db()
    assert not caseworker.is_active


def test_the_confirmation_page_of_a_closed_account_goes_back_to_the_list(admin_client_, share):
    caseworker = share.caseworker
    url = f"/staff/caseworkers/{caseworker.pk}/deactivate/"
    admin_client_.post(url)
    assert admin_client_.get(url)["Location"] == "/staff/caseworkers/"


def test_another_organisations_confirmation_page_is_404(admin_client_):
    elsewhere = make_caseworker("elsewhere_cw", organisation=make_organisation("Elsewhere"))
    assert admin_client_.get(f"/staff/caseworkers/{elsewhere.pk}/deactivate/").status_code == 404


def test_closing_an_account_in_djangos_admin_ends_its_shares_and_sessions(admin_client, share):
    caseworker = share.caseworker
    open_then = client_for(caseworker)
    assert open_then.get("/").status_code == 200
    url = f"/admin/stalklog/user/{caseworker.pk}/change/"
    assert admin_client.get(url).status_code == 200
    data = {
        "username": caseworker.username,
        "first_name": caseworker.first_name,
        "last_name": caseworker.last_name,
        "email": "",
        "role": caseworker.role,
        "organisation": caseworker.organisation_id,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }  # "is_active" left out: unticked
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    caseworker.refresh_from_db()
    assert not caseworker.is_active
    share.refresh_from_db()
    assert share.revoked_at is not None
    caseworker.is_active = True
    caseworker.save()
    assert open_then.get("/")["Location"].startswith("/account/signin/")
