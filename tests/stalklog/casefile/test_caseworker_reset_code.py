"""A caseworker issues a password reset code for the victim whose log is shared with them."""

import re

from django.test import Client

from stalklog.accounts.models import ResetCode
from stalklog.casefile.models import AccessEvent

CODE = re.compile(rb'id="reset-code">([a-z0-9-]+)<')
NEW_PASSWORD = "a brand new passphrase 7"


def test_caseworker_must_confirm_identity_in_person_first(caseworker_client, victim):
    page = caseworker_client.get("/shared/reset-code/")
    assert b"checked in person" in page.content
    response = caseworker_client.post("/shared/reset-code/", {})
    assert b"Check who you are talking to in person first" in response.content
    assert not ResetCode.objects.exists()


def test_the_code_is_shown_once_resets_the_password_and_is_recorded(caseworker_client, victim):
    response = caseworker_client.post("/shared/reset-code/", {"identity_checked": "on"})
    code = CODE.search(response.content).group(1).decode()
    assert code.encode() not in caseworker_client.get("/shared/reset-code/").content
    issued = AccessEvent.objects.filter(log=victim.log, action="reset_code_issued").get()
    assert issued.actor.is_caseworker and code not in issued.detail + issued.target
    redeemed = Client().post(
        "/account/reset-code/",
        {
            "username": "victim",
            "code": code,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert redeemed.status_code == 302
    victim.refresh_from_db()
    assert victim.check_password(NEW_PASSWORD)


def test_the_victim_cannot_issue_a_reset_code_for_themselves(victim_client):
    assert victim_client.get("/shared/reset-code/").status_code == 404
    assert victim_client.post("/shared/reset-code/", {"identity_checked": "on"}).status_code == 404


def test_no_reset_code_once_the_share_is_revoked(caseworker_client, share):
    share.revoke()
    response = caseworker_client.post("/shared/reset-code/", {"identity_checked": "on"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not ResetCode.objects.exists()
