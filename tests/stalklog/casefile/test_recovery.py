"""Recovery no single insider can complete (issue 17, item 1).

The attack the assessment found: a caseworker with a live share issued a reset code for the
victim and redeemed it himself in another browser. Each test drives the views with separate
test Clients, one per browser: hers, the caseworker's, the service admin's.
"""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.db.models import F
from django.test import Client

from stalklog.accounts.models import User
from stalklog.accounts.twostep import has_two_step, issue_recovery_codes
from stalklog.casefile import recovery
from stalklog.casefile.models import AccessEvent, Log, RecoveryRequest
from stalklog.casefile.shredding import schedule_deletion
from tests.actors import make_caseworker, make_organisation, make_service_admin, make_share
from tests.conftest import PASSWORD, client_for, enrol_two_step

NEW_PASSWORD = "lantern orchard quietly 58 moss"
CODE = re.compile(rb'id="request-code">([a-z0-9-]+)<')
BANNER = b"Someone asked to reset your account"


@pytest.fixture
def service_admin(organisation):
    return make_service_admin(organisation=organisation)


def ask(username="victim", browser=None, **extra):
    """Her browser (or anyone's) asks for a new password; returns (browser, request code)."""
    browser = browser or Client()
    response = browser.post("/account/new-password/", {"username": username}, **extra)
    assert response.status_code == 302, response.content
    page = browser.get("/account/new-password/status/")
    return browser, CODE.search(page.content).group(1).decode()


def check(caseworker_browser, code):
    caseworker_browser.post("/caseworker/recovery/", {"code": code})
    return caseworker_browser.post(
        "/caseworker/recovery/",
        {"code": code, "identity_checked": "on", "identity_checked_step": "1"},
    )


def approve(admin_browser, req, decision="approve"):
    return admin_browser.post(f"/staff/recovery/{req.pk}/{decision}/")


def pass_the_wait(hours=None):
    hours = hours or recovery.wait_hours()
    RecoveryRequest.objects.filter(approved_at__isnull=False).update(
        approved_at=F("approved_at") - timedelta(hours=hours, minutes=1)
    )


def set_password(browser, password=NEW_PASSWORD):
    return browser.post(
        "/account/new-password/status/",
        {"new_password1": password, "new_password2": password},
    )


def password_is(user, password):
    return User.objects.get(pk=user.pk).check_password(password)


def actions(log):
    return list(
        AccessEvent.objects.filter(log=log).order_by("seq").values_list("action", flat=True)
    )


def test_the_whole_flow_sets_her_password_in_the_browser_that_asked(
    victim, share, caseworker, service_admin
):
    enrol_two_step(victim)
    issue_recovery_codes(victim)
    elsewhere = client_for(victim)
    her, code = ask()
    check(client_for(caseworker), code)
    req = RecoveryRequest.objects.get()
    assert req.state == "checked" and req.checked_by == caseworker
    approve(client_for(service_admin), req)
    req.refresh_from_db()
    assert req.state == "approved" and req.approved_by == service_admin

    pass_the_wait()
    page = her.get("/account/new-password/status/")
    assert b"Choose a new password" in page.content
    response = set_password(her)

    assert response.status_code == 302 and response["Location"] == "/account/two-step/"
    victim.refresh_from_db()
    assert password_is(victim, NEW_PASSWORD) and not password_is(victim, PASSWORD)
    assert not has_two_step(victim) and not victim.recovery_codes.exists()
    assert elsewhere.get("/").status_code == 302  # her other sessions ended
    assert her.get("/account/two-step/").status_code == 200  # signed in here
    assert RecoveryRequest.objects.get().state == "completed"
    steps = {"asked to reset", "confirmed your identity", "approved", "reset the password"}
    assert [a for a in actions(victim.log) if a in steps] == [
        "asked to reset",
        "confirmed your identity",
        "approved",
        "reset the password",
    ]
    asked = AccessEvent.objects.get(log=victim.log, action="asked to reset")
    assert (asked.actor_id, asked.actor_role) == (None, "anonymous")
    assert AccessEvent.objects.get(action="approved").actor == service_admin
    assert AccessEvent.verify_chain(victim.log) == []
    # The finished request cannot be used again, and the cookie is gone.
    assert set_password(her, "another long passphrase 91 oak").status_code in (200, 403)
    assert password_is(victim, NEW_PASSWORD)


def test_the_access_log_words_each_step(victim, share, caseworker, service_admin):
    her, code = ask()
    check(client_for(caseworker), code)
    approve(client_for(service_admin), RecoveryRequest.objects.get())
    page = client_for(victim).get("/sharing/activity/").content.decode()
    assert "Someone who was not signed in</strong> asked to reset your password" in page
    assert "(caseworker, <bdi>Safe Haven Support</bdi>)</strong> confirmed your identity" in page
    assert (
        "(service admin, <bdi>Safe Haven Support</bdi>)</strong> approved the password reset"
        in page
    )
    assert "tried to change" not in page


# The attack, and the ways round it that must fail -----------------------------------------


def test_a_caseworker_alone_cannot_reset_her_password(victim, share, caseworker, settings):
    """He starts a request for her name in his own second browser and checks it himself."""
    his_other_browser, code = ask()
    his_browser = client_for(caseworker)
    check(his_browser, code)
    req = RecoveryRequest.objects.get()
    assert req.state == "checked"

    # He cannot approve it: the approval page is a service admin's.
    assert approve(his_browser, req).status_code == 404
    assert his_browser.get("/staff/recovery/").status_code == 404
    with pytest.raises(recovery.RecoveryRefused):
        recovery.decide(req, caseworker, approve=True)
    # Waiting does not help: the request was never approved.
    RecoveryRequest.objects.update(asked_at=F("asked_at") - timedelta(days=1))
    response = set_password(his_other_browser)
    assert response.status_code == 403
    victim.refresh_from_db()
    assert password_is(victim, PASSWORD)
    assert not password_is(victim, NEW_PASSWORD)
    # The old caseworker reset-code path is gone.
    assert his_browser.get("/shared/reset-code/").status_code == 404
    assert his_browser.post("/shared/reset-code/", {"identity_checked": "on"}).status_code == 404
    assert Client().get("/account/reset-code/").status_code == 404


def test_a_caseworker_can_never_approve_their_own_check(victim, share, caseworker, organisation):
    _, code = ask()
    check(client_for(caseworker), code)
    req = RecoveryRequest.objects.get()
    # Even a service admin account that did the check itself may not approve it.
    admin = make_service_admin("double_hat", organisation=organisation)
    RecoveryRequest.objects.filter(pk=req.pk).update(checked_by=admin)
    # Not in their list, so the question is not asked: back to the list.
    assert approve(client_for(admin), req)["Location"] == "/staff/recovery/"
    with pytest.raises(recovery.RecoveryRefused, match="Someone other than"):
        recovery.decide(req, admin, approve=True)
    assert RecoveryRequest.objects.get().state == "checked"


def test_only_the_browser_that_asked_can_finish(victim, share, caseworker, service_admin):
    her, code = ask()
    check(client_for(caseworker), code)
    approve(client_for(service_admin), RecoveryRequest.objects.get())
    pass_the_wait()

    # A browser without her cookie: the caseworker's, knowing the request code.
    other = client_for(caseworker)
    assert b"This browser has not asked" in other.get("/account/new-password/status/").content
    assert set_password(other).status_code == 200
    # A cookie of his own making, or hers with the signature altered, is not hers.
    forged = Client()
    name = "recovery"
    value = her.cookies[name].value
    forged.cookies[name] = value[:-3] + ("abc" if not value.endswith("abc") else "xyz")
    assert b"This browser has not asked" in forged.get("/account/new-password/status/").content
    set_password(forged)
    # His own request (his secret) is a different request, never checked or approved.
    his, _ = ask(browser=Client())
    assert set_password(his).status_code == 403
    victim.refresh_from_db()
    assert password_is(victim, PASSWORD)
    with pytest.raises(recovery.RecoveryRefused):
        recovery.complete_recovery(
            RecoveryRequest.objects.get(state="approved"), "not-the-secret", NEW_PASSWORD
        )
    # Hers still works.
    assert set_password(her).status_code == 302


def test_nothing_can_be_finished_before_the_wait(victim, share, caseworker, service_admin):
    her, code = ask()
    check(client_for(caseworker), code)
    approve(client_for(service_admin), RecoveryRequest.objects.get())
    pass_the_wait(hours=recovery.wait_hours() - 1)

    page = her.get("/account/new-password/status/")
    assert b"Your request was approved" in page.content and b'id="ready-at"' in page.content
    assert set_password(her).status_code == 403
    victim.refresh_from_db()
    assert password_is(victim, PASSWORD)


def test_the_wait_is_a_setting(victim, share, caseworker, service_admin, settings):
    settings.STALKLOG_RECOVERY_WAIT_HOURS = 2
    her, code = ask()
    check(client_for(caseworker), code)
    approve(client_for(service_admin), RecoveryRequest.objects.get())
    pass_the_wait(hours=1)
    assert set_password(her).status_code == 403
    pass_the_wait(hours=1)
    assert set_password(her).status_code == 302


def test_her_signed_in_session_shows_the_request_and_cancels_it(
    victim, share, caseworker, service_admin
):
    her_phone = client_for(victim)
    intruder, code = ask()
    assert BANNER not in her_phone.get("/").content  # asked only: nobody has acted on it
    check(client_for(caseworker), code)
    assert BANNER in her_phone.get("/").content
    approve(client_for(service_admin), RecoveryRequest.objects.get())
    page = her_phone.get("/incidents/").content
    assert BANNER in page and b'action="/account/new-password/cancel/"' in page

    response = her_phone.post("/account/new-password/cancel/")
    assert response.status_code == 302
    assert RecoveryRequest.objects.get().state == "cancelled"
    cancelled = AccessEvent.objects.get(log=victim.log, action="cancelled")
    assert cancelled.actor == victim
    assert BANNER not in her_phone.get("/").content
    pass_the_wait()
    assert set_password(intruder).status_code == 403
    assert b"it was cancelled" in intruder.get("/account/new-password/status/").content
    victim.refresh_from_db()
    assert password_is(victim, PASSWORD)


def test_cancel_is_a_post(victim_client):
    assert victim_client.get("/account/new-password/cancel/").status_code == 405


def test_the_banner_costs_no_query_without_a_request(victim, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert recovery.banner_for(victim) == []


def test_a_lapsed_request_clears_the_banner(victim, share, caseworker):
    _, code = ask()
    check(client_for(caseworker), code)
    RecoveryRequest.objects.update(asked_at=F("asked_at") - timedelta(days=8))
    assert BANNER not in client_for(victim).get("/").content
    assert not User.objects.get(pk=victim.pk).recovery_pending


# Asking: the same answer for every name, and throttled ------------------------------------


def test_the_answer_is_the_same_whether_or_not_the_account_exists(victim):
    real, real_code = ask("victim")
    fake, fake_code = ask("no_such_person")

    real_page = real.get("/account/new-password/status/").content.replace(real_code.encode(), b"X")
    fake_page = fake.get("/account/new-password/status/").content.replace(fake_code.encode(), b"X")
    assert real_page == fake_page
    assert len(real.cookies["recovery"].value) == len(fake.cookies["recovery"].value)
    assert RecoveryRequest.objects.count() == 1  # only the real account has a request
    # A caseworker or service account name gets no request either.
    make_caseworker("casey_staff")
    ask("casey_staff")
    assert RecoveryRequest.objects.count() == 1


def test_asking_is_throttled_per_address(victim, settings):
    settings.STALKLOG_RECOVERY_REQUESTS_PER_HOUR = 2
    ask(REMOTE_ADDR="10.0.0.7")
    ask("no_such_person", REMOTE_ADDR="10.0.0.7")
    for name in ("victim", "no_such_person"):
        response = Client().post(
            "/account/new-password/", {"username": name}, REMOTE_ADDR="10.0.0.7"
        )
        assert response.status_code == 429
        assert b"Too many requests came from this connection" in response.content
        assert "recovery" not in response.cookies
    assert RecoveryRequest.objects.count() == 1
    ask(REMOTE_ADDR="10.0.0.8")  # another address is not held back


# The caseworker's check and the admin's approval -------------------------------------------


def test_a_caseworker_finds_only_requests_of_people_who_share_with_them(victim, other_victim):
    _, code = ask("someone_else")
    stranger = make_caseworker("stranger_cw")
    make_share(victim.log, stranger)
    response = client_for(stranger).post("/caseworker/recovery/", {"code": code})
    assert response.status_code == 404
    assert b"No request with that code" in response.content
    assert b"someone_else" not in response.content
    check(client_for(stranger), code)
    assert RecoveryRequest.objects.get().state == "asked"


def test_the_caseworker_sees_whose_request_it_is_before_confirming(victim, share, caseworker):
    _, code = ask()
    page = client_for(caseworker).post("/caseworker/recovery/", {"code": code.upper()})
    assert b'id="request-account">victim<' in page.content
    assert b"Confirm who they are" in page.content
    assert RecoveryRequest.objects.get().state == "asked"
    unticked = client_for(caseworker).post(
        "/caseworker/recovery/", {"code": code, "identity_checked_step": "1"}
    )
    assert b"Check who you are talking to first" in unticked.content
    assert RecoveryRequest.objects.get().state == "asked"


def test_a_service_without_another_admin_cannot_approve_and_says_so(victim, share, caseworker):
    _, code = ask()
    page = check(client_for(caseworker), code)
    assert b'id="no-approver"' in page.content
    assert b"Nobody can approve this request" in page.content


def test_the_caseworker_is_told_who_can_approve(victim, share, caseworker, service_admin):
    _, code = ask()
    page = check(client_for(caseworker), code)
    assert b"Sam Admin" in page.content and b"no-approver" not in page.content


def test_an_admin_of_another_service_cannot_approve(victim, share, caseworker):
    _, code = ask()
    check(client_for(caseworker), code)
    req = RecoveryRequest.objects.get()
    elsewhere = make_service_admin("other_admin", organisation=make_organisation("Elsewhere"))
    assert approve(client_for(elsewhere), req).status_code == 404
    assert b"No requests are waiting" in client_for(elsewhere).get("/staff/recovery/").content
    assert RecoveryRequest.objects.get().state == "checked"


def test_the_admin_does_not_see_whose_account_it_is(victim, share, caseworker, service_admin):
    _, code = ask()
    check(client_for(caseworker), code)
    page = client_for(service_admin).get("/staff/recovery/")
    assert b"Casey Worker" in page.content
    assert b"victim" not in page.content.replace(b"victims", b"")


def test_the_admin_can_refuse(victim, share, caseworker, service_admin):
    her, code = ask()
    check(client_for(caseworker), code)
    approve(client_for(service_admin), RecoveryRequest.objects.get(), decision="refuse")
    assert RecoveryRequest.objects.get().state == "refused"
    assert "refused" in actions(victim.log)
    assert b"did not approve" in her.get("/account/new-password/status/").content
    assert not User.objects.get(pk=victim.pk).recovery_pending


@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_deciding_asks_first_and_the_question_changes_nothing(
    victim, share, caseworker, service_admin, decision
):
    her, code = ask()
    check(client_for(caseworker), code)
    req = RecoveryRequest.objects.get()
    admin = client_for(service_admin)
    url = f"/staff/recovery/{req.pk}/{decision}/"
    assert f'href="{url}"' in admin.get("/staff/recovery/").content.decode()  # links, no form
    page = admin.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    if decision == "approve":
        assert f"Approve request {req.pk}?" in text
        assert "the person who asked can set a new password" in text
        assert "their two-step sign-in is removed and every other session of theirs ends" in text
        assert "with a button to cancel it" in text
    else:
        assert f"Refuse request {req.pk}?" in text
        assert "they will need to ask again" in text
    assert f'<form method="post" action="{url}">' in text
    assert RecoveryRequest.objects.get().state == "checked"
    assert not {"approved", "refused"} & set(actions(victim.log))
    admin.post(url)
    assert RecoveryRequest.objects.get().state == (
        "approved" if decision == "approve" else "refused"
    )
    # Decided: asking again leads back to the list rather than to a stale question.
    again = admin.get(url)
    assert again.status_code == 302 and again["Location"] == "/staff/recovery/"


def test_no_approval_once_she_stops_sharing(victim, share, caseworker, service_admin):
    _, code = ask()
    check(client_for(caseworker), code)
    share.revoke()
    approve(client_for(service_admin), RecoveryRequest.objects.get())
    assert RecoveryRequest.objects.get().state == "checked"


# Scheduled deletion -----------------------------------------------------------------------


def test_a_recovery_keeps_an_account_waiting_to_be_deleted(
    victim, share, caseworker, service_admin, settings
):
    """Someone with her password asked to delete; she has no two-step sign-in."""
    settings.STALKLOG_DELETION_GRACE_DAYS = 7
    schedule_deletion(victim)
    her, code = ask()
    check(client_for(caseworker), code)
    approve(client_for(service_admin), RecoveryRequest.objects.get())
    pass_the_wait()
    assert set_password(her).status_code == 302
    assert Log.objects.get(owner=victim).deletion_due_at is None
    assert "cancelled deletion" in actions(victim.log)


def test_the_browser_secret_is_a_host_only_strict_cookie_and_exit_clears_it(victim, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    browser = Client()
    response = browser.post("/account/new-password/", {"username": "victim"}, secure=True)
    morsel = response.cookies["__Host-recovery"]
    assert morsel["secure"] is True and morsel["httponly"] is True
    assert (morsel["samesite"], morsel["path"]) == ("Strict", "/")
    assert int(morsel["max-age"]) > recovery.wait_hours() * 3600
    # Only hashes are stored: neither the code nor the secret is in the database.
    held = signing.loads(morsel.value, salt="stalklog.recovery")
    req = RecoveryRequest.objects.get()
    assert held["s"] not in (req.secret_hash, req.code_hash)
    assert held["c"] not in (req.secret_hash, req.code_hash)

    exited = browser.get("/exit/", secure=True)
    assert exited.cookies["__Host-recovery"]["max-age"] == 0
    assert exited.cookies["__Host-recovery"]["secure"] is True


def test_cancelling_leaves_an_unchecked_request_of_someone_else_saying_nothing(
    victim, share, caseworker
):
    """Her cancel must not tell whoever asked in her name that the account exists."""
    stranger, _ = ask()
    her, code = ask()
    check(client_for(caseworker), code)
    client_for(victim).post("/account/new-password/cancel/")
    assert RecoveryRequest.objects.filter(state="cancelled").count() == 1
    fake, fake_code = ask("no_such_person")
    stranger_page = stranger.get("/account/new-password/status/")
    assert b"Read this request code" in stranger_page.content
    assert b"ended" not in stranger_page.content


def test_wrong_codes_are_throttled_per_caseworker_account(victim, share, caseworker, settings):
    settings.STALKLOG_RECOVERY_CODE_GUESSES_PER_HOUR = 3
    _, code = ask()
    browser = client_for(caseworker)
    for _ in range(3):
        assert browser.post("/caseworker/recovery/", {"code": code}).status_code == 200
        wrong = browser.post("/caseworker/recovery/", {"code": "aaaa-bbbb-cccc"})
        assert wrong.status_code == 404
    held_back = browser.post("/caseworker/recovery/", {"code": code})  # even the right one
    assert held_back.status_code == 429
    page = held_back.content.decode()
    assert "Too many wrong codes were typed from your account in the last hour" in page
    assert code in page  # what was typed is kept
    assert 'id="request-account"' not in page
    other = make_caseworker("other_cw", organisation=caseworker.organisation)
    make_share(victim.log, other)
    assert client_for(other).post("/caseworker/recovery/", {"code": code}).status_code == 200
