"""Trusted timestamps against a real openssl TSA on loopback: what leaves the server, the
proofs kept, and verify_timestamps catching altered exhibits, records and tokens."""

import pytest
from asn1crypto import tsp
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from incidents.models import Incident
from incidents.timestamps import services
from incidents.timestamps.models import TimestampBatch, TimestampProof
from incidents.timestamps.services import timestamp_logs
from stalklog.casefile.models import AccessEvent
from tests.incidents.export.conftest import add_incident, at


def verify(capsys):
    call_command("verify_timestamps", username="victim")
    return capsys.readouterr().out


def test_nothing_leaves_the_server_without_an_authority(
    evidence_log, settings, monkeypatch, capsys
):
    settings.STALKLOG_TSA_URL = ""

    def no_network(*args, **kwargs):
        raise AssertionError("nothing may be sent")

    monkeypatch.setattr(services, "post_request", no_network)
    call_command("timestamp_logs")
    assert "STALKLOG_TSA_URL is not set" in capsys.readouterr().out
    assert not TimestampBatch.objects.exists()


def test_only_the_merkle_root_is_sent(evidence_log, authority):
    log, exhibits = evidence_log
    run = timestamp_logs()
    (query,) = authority.queries
    request = tsp.TimeStampReq.load(query)
    assert request["message_imprint"]["hashed_message"].native.hex() == run.batch.root
    assert len(query) < 100
    for exhibit in exhibits.values():
        assert bytes.fromhex(exhibit.sha256) not in query


def test_every_exhibit_incident_and_correction_gets_a_proof(evidence_log, authority, capsys):
    log, exhibits = evidence_log
    call_command("timestamp_logs")
    assert "Timestamped" in capsys.readouterr().out
    proofs = TimestampProof.objects.filter(log=log)
    kinds = sorted(proofs.values_list("kind", flat=True))
    exhibit_count = log.exhibits.count()
    assert kinds.count("exhibit") == exhibit_count >= 3
    assert kinds.count("incident") == 3
    assert kinds.count("amendment") == 1
    exhibit_proof = proofs.get(exhibit=exhibits["photo"])
    assert exhibit_proof.item_sha256 == exhibits["photo"].sha256
    assert AccessEvent.objects.filter(log=log, action="timestamped").count() == 1
    assert "OK: " in verify(capsys)


def test_a_second_run_timestamps_only_what_is_new(evidence_log, authority, victim, capsys):
    log, _ = evidence_log
    timestamp_logs()
    assert timestamp_logs().batch is None
    add_incident(log, victim, at(25, month=4), "He left flowers on the car.")
    run = timestamp_logs()
    assert run.items == 1
    assert TimestampBatch.objects.count() == 2
    assert "2 batches" in verify(capsys)


def test_a_correction_after_the_timestamp_keeps_the_proof_valid(
    evidence_log, authority, victim, capsys
):
    log, _ = evidence_log
    timestamp_logs()
    incident = Incident.objects.get(log=log, sequence_no=3)
    incident.amend(victim, "It was more calls", {"series_count": 35})
    out = verify(capsys)
    assert "1 not yet timestamped" in out


def test_an_altered_exhibit_fails(evidence_log, authority, capsys):
    log, exhibits = evidence_log
    timestamp_logs()
    photo = exhibits["photo"]
    # Someone holding the keys re-encrypts different bytes under the same name.
    encryptor = log.sealer.file_encryptor(photo.blob_name)
    default_storage.delete(photo.blob_name)
    default_storage.save(
        photo.blob_name, ContentFile(encryptor.update(b"not the photo") + encryptor.finalize())
    )
    with pytest.raises(CommandError, match="problem"):
        verify(capsys)
    assert f"exhibit {photo.exhibit_ref} has changed since it was timestamped" in (
        capsys.readouterr().err
    )


def test_an_exhibit_whose_recorded_hash_was_rewritten_fails(evidence_log, authority, capsys):
    log, exhibits = evidence_log
    timestamp_logs()
    letter = exhibits["letter"]
    type(letter).objects.filter(pk=letter.pk).update(sha256="0" * 64)
    with pytest.raises(CommandError):
        verify(capsys)
    assert "recorded SHA-256 was changed" in capsys.readouterr().err


def test_a_record_changed_without_a_correction_fails(evidence_log, authority, capsys):
    log, _ = evidence_log
    timestamp_logs()
    incident = Incident.objects.get(log=log, sequence_no=2)
    incident.exact_words = "I never said that"
    incident.save(update_fields=["exact_words_sealed"])
    with pytest.raises(CommandError):
        verify(capsys)
    assert "incident 2 has changed since it was timestamped" in capsys.readouterr().err


def test_an_altered_correction_fails(evidence_log, authority, capsys):
    log, _ = evidence_log
    timestamp_logs()
    amendment = log.amendments.get()
    amendment.reason = "A different reason"
    amendment.save()
    with pytest.raises(CommandError):
        verify(capsys)
    assert f"correction {amendment.pk} to incident" in capsys.readouterr().err


def test_an_altered_token_fails(evidence_log, authority, capsys):
    timestamp_logs()
    batch = TimestampBatch.objects.get()
    response = bytearray(batch.response)
    response[-10] ^= 0x01
    TimestampBatch.objects.filter(pk=batch.pk).update(response=bytes(response))
    with pytest.raises(CommandError):
        verify(capsys)
    assert "signature does not match" in capsys.readouterr().err


def test_a_token_from_an_untrusted_authority_fails(
    evidence_log, authority, stranger_ca, settings, capsys
):
    timestamp_logs()
    settings.STALKLOG_TSA_CA_FILE = str(stranger_ca)
    with pytest.raises(CommandError):
        verify(capsys)
    assert "not signed by a trusted authority" in capsys.readouterr().err


def test_a_refusing_authority_saves_nothing(evidence_log, authority, monkeypatch):
    monkeypatch.setattr(services, "post_request", lambda *a, **k: b"\x30\x03\x02\x01\x02")
    with pytest.raises(CommandError, match="Nothing was saved"):
        call_command("timestamp_logs")
    assert not TimestampProof.objects.exists()
