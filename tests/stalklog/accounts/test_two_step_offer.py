"""The dashboard offers two-step sign-in; "Not now" shrinks the offer to one line, for good."""

from django.urls import reverse

from stalklog.accounts.models import User
from tests.conftest import client_for, make_victim


def test_the_offer_can_be_put_off_and_becomes_a_line_with_a_link(victim_client, victim):
    home = victim_client.get("/").content.decode()
    assert "Protect your account" in home
    assert f'action="{reverse("two_step_not_now")}"' in home
    response = victim_client.post(reverse("two_step_not_now"))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert User.objects.get(pk=victim.pk).two_step_offer_dismissed
    home = victim_client.get("/").content.decode()
    assert "Protect your account" not in home
    assert "Your account has no two-step sign-in." in home
    assert f'<a href="{reverse("two_step_setup")}">Set up two-step sign-in</a>' in home


def test_not_now_is_remembered_per_account(victim_client, victim, db):
    victim_client.post(reverse("two_step_not_now"))
    other = make_victim(username="someone_else")
    assert "Protect your account" in client_for(other).get("/").content.decode()
    again = client_for(victim)  # another device, same account
    assert "Protect your account" not in again.get("/").content.decode()


def test_not_now_is_a_post_from_a_signed_in_account(client, victim_client, db):
    assert victim_client.get(reverse("two_step_not_now")).status_code == 405
    response = client.post(reverse("two_step_not_now"))
    assert response["Location"].startswith(reverse("signin"))
