"""Sharing a log with a caseworker by a one-time code, and stopping it."""

import re
from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from stalklog.casefile import sharing
from stalklog.casefile.models import AccessEvent, Share, ShareCode, ShareCodeAttempt
from tests.actors import make_caseworker, make_organisation, make_share
from tests.conftest import PASSWORD, client_for, make_victim

CODE = re.compile(rb'id="share-code">([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})<')
LONDON = ZoneInfo("Europe/London")


def new_code(caseworker):
    """A new code, as the caseworker makes it (through the question when one still works)."""
    pending = sharing.pending_code(caseworker)
    data = {"replace": str(pending.pk)} if pending else {}
    response = client_for(caseworker).post("/caseworker/code/", data)
    assert response.status_code == 200
    return CODE.search(response.content).group(1).decode()


def in_a_week():
    return (timezone.localdate() + timedelta(days=7)).isoformat()


def share_with_code(client, code, last_day=None, password=PASSWORD):
    data = {"code": code, "last_day": last_day or in_a_week()}
    client.post("/sharing/", data)
    return client.post("/sharing/confirm/", {**data, "password": password})


def test_sharing_code_is_shown_once_and_only_its_hmac_is_stored(caseworker):
    code = new_code(caseworker)
    stored = ShareCode.objects.get(caseworker=caseworker)
    assert stored.code_hash == sharing.hash_code(code)
    plain = sharing.normalise_code(code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM stalklog_sharecode")
        assert plain not in repr(cursor.fetchall())
    dashboard = client_for(caseworker).get("/")
    assert code.encode() not in dashboard.content
    assert b"Your last code works until" in dashboard.content


def test_codes_are_random_twelve_characters_from_an_unambiguous_alphabet(caseworker):
    codes = {sharing.normalise_code(sharing.issue_share_code(caseworker)) for _ in range(50)}
    assert len(codes) == 50
    assert all(len(code) == 12 and not set(code) & set("01ILOU") for code in codes)


def test_a_new_code_stops_the_previous_one(victim_client, caseworker):
    first = new_code(caseworker)
    new_code(caseworker)
    response = victim_client.post("/sharing/", {"code": first, "last_day": in_a_week()})
    assert b"That code does not work" in response.content


def test_replacing_a_live_code_asks_first_and_the_question_changes_nothing(
    victim_client, caseworker
):
    worker = client_for(caseworker)
    # No code yet: nothing to stop, so the button makes one at once.
    home = worker.get("/").content.decode()
    assert '<form method="post" action="/caseworker/code/">' in home
    assert worker.get("/caseworker/code/")["Location"] == "/"
    first = new_code(caseworker)
    pending = sharing.pending_code(caseworker)
    assert 'href="/caseworker/code/"' in worker.get("/").content.decode()
    page = worker.get("/caseworker/code/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Make a new sharing code?" in text
    assert "the earlier code stops working at once" in text
    assert f'name="replace" value="{pending.pk}"' in text
    assert sharing.pending_code(caseworker) == pending
    # A POST that did not come from the question (a page open from before) only asks.
    assert worker.post("/caseworker/code/")["Location"] == "/caseworker/code/"
    assert sharing.pending_code(caseworker) == pending
    response = worker.post("/caseworker/code/", {"replace": str(pending.pk)})
    assert response.status_code == 200 and CODE.search(response.content)
    assert sharing.pending_code(caseworker) != pending
    refused = victim_client.post("/sharing/", {"code": first, "last_day": in_a_week()})
    assert b"That code does not work" in refused.content


def test_victim_sees_who_the_code_belongs_to_before_anything_is_shared(victim_client, caseworker):
    code = new_code(caseworker)
    response = victim_client.post("/sharing/", {"code": code, "last_day": in_a_week()})
    assert response.status_code == 200
    assert b"Casey Worker" in response.content
    assert b"Safe Haven Support" in response.content
    assert not Share.objects.exists()
    assert ShareCode.objects.get().used_at is None


def test_confirming_shares_until_midnight_at_the_end_of_the_chosen_day(
    victim_client, victim, caseworker
):
    code = new_code(caseworker)
    last_day = timezone.localdate() + timedelta(days=10)
    response = share_with_code(victim_client, code, last_day.isoformat())
    assert response.status_code == 302
    share = Share.objects.get()
    assert (share.log, share.caseworker, share.organisation) == (
        victim.log,
        caseworker,
        caseworker.organisation,
    )
    assert share.expires_at == datetime.combine(last_day + timedelta(days=1), time(), LONDON)
    assert share.last_day == last_day
    event = AccessEvent.objects.filter(log=victim.log).first()
    assert (event.action, event.target) == ("shared", f"share {share.pk}")
    assert code not in event.detail


def test_expiry_is_local_midnight_in_summer_and_winter():
    utc = ZoneInfo("UTC")
    assert sharing.expiry_for(date(2026, 7, 1)) == datetime(2026, 7, 1, 23, tzinfo=utc)
    assert sharing.expiry_for(date(2026, 12, 1)) == datetime(2026, 12, 2, 0, tzinfo=utc)
    # The night the clocks go forward (29 March 2026 at 01:00 GMT).
    assert sharing.expiry_for(date(2026, 3, 28)) == datetime(2026, 3, 29, 0, tzinfo=utc)
    assert sharing.expiry_for(date(2026, 3, 29)) == datetime(2026, 3, 29, 23, tzinfo=utc)


def test_a_code_works_only_once(victim_client, caseworker, other_client):
    code = new_code(caseworker)
    share_with_code(victim_client, code)
    response = share_with_code(other_client, code)
    assert b"That code does not work" in response.content
    assert Share.objects.count() == 1


def test_a_code_stops_working_after_thirty_minutes(victim_client, caseworker):
    code = new_code(caseworker)
    later = timezone.now() + sharing.CODE_LIFETIME
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = victim_client.post("/sharing/", {"code": code, "last_day": in_a_week()})
    assert b"That code does not work" in response.content


def test_a_code_typed_in_lower_case_with_spaces_works(victim_client, caseworker):
    code = new_code(caseworker).lower().replace("-", " ")
    assert share_with_code(victim_client, code).status_code == 302
    assert Share.objects.count() == 1


def test_wrong_codes_are_throttled_even_before_a_right_one(victim_client, victim, caseworker):
    for _ in range(sharing.MAX_WRONG_CODES):
        victim_client.post("/sharing/", {"code": "2222-2222-2222", "last_day": in_a_week()})
    code = new_code(caseworker)
    response = victim_client.post("/sharing/", {"code": code, "last_day": in_a_week()})
    assert response.status_code == 429
    assert b"Wait 15 minutes" in response.content
    assert share_with_code(victim_client, code).status_code == 429
    assert not Share.objects.exists()
    rejected = AccessEvent.objects.filter(log=victim.log, action="sharing code rejected")
    assert rejected.count() == sharing.MAX_WRONG_CODES


def test_throttling_lifts_after_fifteen_minutes(victim_client, victim):
    for _ in range(sharing.MAX_WRONG_CODES):
        victim_client.post("/sharing/", {"code": "2222-2222-2222", "last_day": in_a_week()})
    assert sharing.too_many_wrong_codes(victim)
    assert not sharing.too_many_wrong_codes(victim, timezone.now() + sharing.WRONG_CODE_WINDOW)


def test_a_badly_formed_code_says_what_a_code_looks_like(victim_client):
    response = victim_client.post("/sharing/", {"code": "hello", "last_day": in_a_week()})
    assert b"A sharing code has 12 letters and numbers" in response.content
    assert b'value="hello"' in response.content


def test_a_last_day_in_the_past_or_beyond_a_year_is_refused(victim_client, caseworker):
    code = new_code(caseworker)
    for last_day in [
        timezone.localdate() - timedelta(days=1),
        timezone.localdate() + timedelta(days=366),
    ]:
        response = victim_client.post("/sharing/", {"code": code, "last_day": last_day.isoformat()})
        assert b"Choose a day from today up to one year ahead" in response.content
        assert code.encode() in response.content
    assert share_with_code(victim_client, code, timezone.localdate().isoformat()).status_code == 302


def test_a_code_from_a_closed_caseworker_account_does_not_work(victim_client, caseworker):
    code = new_code(caseworker)
    caseworker.is_active = False
    caseworker.save()
    response = victim_client.post("/sharing/", {"code": code, "last_day": in_a_week()})
    assert b"That code does not work" in response.content


def test_victim_sees_who_has_access_and_stops_it_at_once(victim_client, share):
    page = victim_client.get("/sharing/")
    assert b"Casey Worker" in page.content and b"Safe Haven Support" in page.content
    response = victim_client.post(f"/sharing/{share.pk}/stop/")
    assert response.status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None and not share.is_live()
    assert b"Only you can see your log" in victim_client.get("/sharing/").content
    event = AccessEvent.objects.filter(log=share.log).first()
    assert (event.action, event.target) == ("revoked", f"share {share.pk}")


def test_stopping_a_share_asks_first_and_the_question_changes_nothing(victim_client, share):
    sharing_page = victim_client.get("/sharing/").content.decode()
    assert f'href="/sharing/{share.pk}/stop/"' in sharing_page  # a link to the question
    response = victim_client.get(f"/sharing/{share.pk}/stop/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Stop sharing with Casey Worker?" in text
    assert "they can no longer see your log, from this moment" in text
    assert "Safe Haven Support" in text
    share.refresh_from_db()
    assert share.is_live()
    assert not AccessEvent.objects.filter(log=share.log, action="revoked").exists()


def test_a_share_already_stopped_is_not_asked_about_again(victim_client, share):
    share.revoke()
    response = victim_client.get(f"/sharing/{share.pk}/stop/")
    assert response.status_code == 302 and response["Location"] == "/sharing/"


def test_another_victims_share_cannot_be_stopped(other_client, share):
    assert other_client.get(f"/sharing/{share.pk}/stop/").status_code == 404
    assert other_client.post(f"/sharing/{share.pk}/stop/").status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None


def test_sharing_again_with_the_same_caseworker_replaces_the_share(victim_client, share):
    share_with_code(victim_client, new_code(share.caseworker))
    share.refresh_from_db()
    assert share.revoked_at is not None
    assert Share.objects.live().filter(log=share.log).count() == 1


def test_sharing_with_two_services_at_once(victim_client, victim, share):
    other = make_caseworker("other_cw", organisation=make_organisation("Elsewhere"))
    share_with_code(victim_client, new_code(other))
    assert Share.objects.live().filter(log=victim.log).count() == 2


def test_share_ends_when_the_caseworker_moves_to_another_organisation(share):
    share.caseworker.organisation = make_organisation("Elsewhere")
    share.caseworker.save()
    assert not share.is_live()
    assert not Share.objects.live().filter(pk=share.pk).exists()


def test_share_is_live_until_the_very_instant_it_expires(victim, caseworker):
    share = make_share(victim.log, caseworker)
    just_before = share.expires_at - timedelta(microseconds=1)
    assert share.is_live(just_before)
    assert Share.objects.live(just_before).filter(pk=share.pk).exists()
    assert not share.is_live(share.expires_at)
    assert not Share.objects.live(share.expires_at).filter(pk=share.pk).exists()


def test_other_victims_do_not_see_a_share(other_client, share):
    assert b"Casey Worker" not in other_client.get("/sharing/").content


def test_make_victim_is_not_shared_by_default(db):
    assert not Share.objects.filter(log=make_victim("fresh").log).exists()


def test_spent_codes_and_old_wrong_guesses_are_not_kept(victim, caseworker):
    other = make_caseworker("other_cw")
    sharing.issue_share_code(other, now=timezone.now() - sharing.CODE_LIFETIME)
    sharing.issue_share_code(caseworker)
    assert list(ShareCode.objects.values_list("caseworker", flat=True)) == [caseworker.pk]
    long_ago = timezone.now() - sharing.WRONG_CODE_WINDOW
    sharing.note_wrong_code(victim.log, victim, now=long_ago)
    sharing.note_wrong_code(victim.log, victim)
    assert ShareCodeAttempt.objects.filter(user=victim).count() == 1


def test_an_open_session_alone_cannot_share_her_log(victim_client, victim, caseworker):
    """Someone holding her unlocked phone, with a caseworker's code of their own, must not
    be able to give that caseworker a year of her log: the share asks for her password."""
    code = new_code(caseworker)
    for password in ("", "not her password at all"):
        page = share_with_code(victim_client, code, password=password)
        assert page.status_code == 200
        content = page.content.decode()
        assert "That is not your password" in content or "This field is required" in content
        assert "This code belongs to" in content  # the same question, asked again
        assert 'type="password"' in content
        if password:
            assert password not in content
    assert not Share.objects.exists()
    assert ShareCode.objects.get(caseworker=caseworker).used_at is None
    assert not ShareCodeAttempt.objects.exists()  # a wrong password is not a wrong code
    assert share_with_code(victim_client, code).status_code == 302
    assert Share.objects.live().filter(caseworker=caseworker).exists()


def test_wrong_passwords_at_sharing_count_as_failed_sign_ins(victim_client, victim, caseworker):
    code = new_code(caseworker)
    for _ in range(5):
        share_with_code(victim_client, code, password="not her password at all")
    locked = share_with_code(victim_client, code)
    assert locked.status_code == 429
    assert not Share.objects.exists()
    assert victim_client.get("/")["Location"].startswith("/account/signin/")
