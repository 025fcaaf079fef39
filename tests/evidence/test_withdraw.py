"""Withdrawing a wrong upload: the file is deleted, the reference is never reused, the row
keeps its hash and reason, and the access log records it."""

from datetime import UTC, datetime
from unittest import mock

import pytest
from django.urls import reverse

from evidence.models import Evidence
from evidence.services import WithdrawalRefused, store_upload, withdraw_exhibit
from incidents.export.exhibits import _withdrawal_line
from stalklog.casefile.models import AccessEvent
from tests.actors import make_caseworker, make_share
from tests.evidence import files
from tests.evidence.conftest import upload

WHEN = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)


def stored_files(root):
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_withdrawing_deletes_the_files_and_keeps_the_row(
    victim, private_storage, django_capture_on_commit_callbacks
):
    keep = store_upload(victim.log, victim, upload("keep.jpg", files.jpeg()))
    kept_files = stored_files(private_storage)
    wrong = store_upload(victim.log, victim, upload("wrong.jpg", files.jpeg(colour=(1, 2, 3))))
    sha256 = wrong.sha256
    with (
        mock.patch("django.utils.timezone.now", return_value=WHEN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        withdraw_exhibit(wrong, victim, reason="uploaded by  mistake")
    wrong = Evidence.objects.get(pk=wrong.pk)
    wrong.log = victim.log
    assert wrong.is_withdrawn and wrong.sha256 == sha256
    assert (
        wrong.withdrawal_line
        == "JS/2 withdrawn by the victim on 12 March 2026: uploaded by mistake"
    )
    assert not wrong.has_preview and not wrong.has_gps and list(wrong.blobs()) == []
    assert stored_files(private_storage) == kept_files  # only the wrong one's files went
    assert keep.exhibit_ref == "JS/1"


def test_a_caseworkers_withdrawal_says_it_was_on_the_victims_behalf(
    victim, private_storage, django_capture_on_commit_callbacks
):
    caseworker = make_caseworker()
    make_share(victim.log, caseworker)
    wrong = store_upload(victim.log, victim, upload("wrong.jpg", files.jpeg()))
    with (
        mock.patch("django.utils.timezone.now", return_value=WHEN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        withdraw_exhibit(wrong, caseworker, reason="uploaded by mistake")
    wrong = Evidence.objects.get(pk=wrong.pk)
    said = "JS/1 withdrawn by Casey Worker (caseworker) on the victim's behalf on 12 March 2026:"
    assert wrong.withdrawal_line == f"{said} uploaded by mistake"
    assert _withdrawal_line(wrong) == f"{said} uploaded by mistake"


def test_a_withdrawn_number_is_never_reused(victim):
    wrong = store_upload(victim.log, victim, upload("wrong.exe", b"MZ\x90\x00 not a photo"))
    withdraw_exhibit(wrong, victim, reason="a stray file")
    after = store_upload(victim.log, victim, upload("right.jpg", files.jpeg()))
    assert after.exhibit_ref == "JS/2"


def test_withdrawing_takes_its_attachments_and_what_was_read(
    victim, private_storage, django_capture_on_commit_callbacks
):
    email = store_upload(victim.log, victim, upload("m.eml", files.eml_with_attachment()))
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_exhibit(email, victim, reason="wrong e-mail")
    [child] = Evidence.objects.filter(parent=email)
    assert child.is_withdrawn and child.withdrawal_reason == "withdrawn with JS/1"
    assert not email.messages.exists()
    assert stored_files(private_storage) == []


def test_withdrawal_is_in_the_access_log_without_the_reason(victim):
    wrong = store_upload(victim.log, victim, upload("wrong.jpg", files.jpeg()))
    withdraw_exhibit(wrong, victim, reason="my sister's address is in it")
    event = AccessEvent.objects.filter(log=victim.log, action="withdrew").get()
    assert event.target == "exhibit JS/1"
    assert wrong.sha256 in event.detail and "sister" not in event.detail


def test_withdrawing_twice_or_without_a_reason_is_refused(victim):
    wrong = store_upload(victim.log, victim, upload("wrong.jpg", files.jpeg()))
    with pytest.raises(WithdrawalRefused, match="Say why"):
        withdraw_exhibit(wrong, victim, reason="   ")
    withdraw_exhibit(wrong, victim, reason="mistake")
    with pytest.raises(WithdrawalRefused, match="already withdrawn"):
        withdraw_exhibit(wrong, victim, reason="again")


def test_withdraw_page_asks_for_a_reason_and_a_confirmation(victim, victim_client):
    wrong = store_upload(victim.log, victim, upload("wrong.jpg", files.jpeg()))
    url = reverse("exhibit_withdraw", args=[wrong.pk])
    assert "deleted for good" in victim_client.get(url).content.decode()
    refused = victim_client.post(url, {"reason": "uploaded by mistake"})
    assert refused.status_code == 400
    assert "Tick the box" in refused.content.decode()
    done = victim_client.post(url, {"reason": "uploaded by mistake", "understood": "on"})
    assert done.status_code == 302
    page = victim_client.get(done["Location"]).content.decode()
    assert "JS/1 withdrawn by the victim on" in page and ": uploaded by mistake." in page
    assert "Download the original" not in page
    assert victim_client.get(reverse("exhibit_download", args=[wrong.pk])).status_code == 404
    assert victim_client.get(reverse("exhibit_preview", args=[wrong.pk])).status_code == 404
    listing = victim_client.get(reverse("exhibit_list")).content.decode()
    assert "withdrawn</span>" in listing


def test_another_victim_cannot_withdraw(victim, other_client):
    wrong = store_upload(victim.log, victim, upload("wrong.jpg", files.jpeg()))
    url = reverse("exhibit_withdraw", args=[wrong.pk])
    response = other_client.post(url, {"reason": "x", "understood": "on"})
    assert response.status_code == 404
    assert not Evidence.objects.get(pk=wrong.pk).is_withdrawn


def test_a_withdrawn_exhibit_is_not_offered_for_linking(victim, victim_client):
    from tests.evidence.factories import make_incident

    incident = make_incident(victim.log, victim)
    wrong = store_upload(victim.log, victim, upload("wrong.jpg", files.jpeg()))
    store_upload(victim.log, victim, upload("right.jpg", files.jpeg(colour=(9, 9, 9))))
    withdraw_exhibit(wrong, victim, reason="mistake")
    page = victim_client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
    assert "JS/2: right.jpg" in page and "JS/1: wrong.jpg" not in page
