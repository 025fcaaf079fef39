"""An installation made before the case file had its own app (Log and AccessEvent in
incidents, Share in stalklog, the exhibit link on Evidence, Message.incident) migrates
forward with every row, link and hash intact."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("incidents", "0005_incident_is_amended"),
    ("evidence", "0001_exhibits_and_messages"),
    ("stalklog", "0003_shares_and_sharing_codes"),
]


def _state_at(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_old_database_migrates_forward_with_its_rows():
    old = _state_at(BEFORE)
    User = old.get_model("stalklog", "User")
    Organisation = old.get_model("stalklog", "Organisation")
    Log = old.get_model("incidents", "Log")
    Incident = old.get_model("incidents", "Incident")
    AccessEvent = old.get_model("incidents", "AccessEvent")
    Share = old.get_model("stalklog", "Share")
    Evidence = old.get_model("evidence", "Evidence")
    Message = old.get_model("evidence", "Message")

    victim = User.objects.create(username="victim", role="victim")
    organisation = Organisation.objects.create(name="Safe Steps")
    caseworker = User.objects.create(username="sam", role="caseworker", organisation=organisation)
    log = Log.objects.create(owner=victim, initials="JS", wrapped_key=b"k" * 60)
    incident = Incident.objects.create(
        log=log, sequence_no=1, occurred_start="2026-03-02T21:00:00Z"
    )
    event = AccessEvent.objects.create(
        log=log, seq=1, at="2026-03-02T21:00:00Z", actor=victim, actor_name="victim",
        actor_role="victim", action="created", target="incident 1", prev_hash="0" * 64,
        hash="a" * 64,
    )  # fmt: skip
    share = Share.objects.create(
        log=log, caseworker=caseworker, organisation=organisation,
        expires_at="2027-01-01T00:00:00Z",
    )  # fmt: skip
    exhibit = Evidence.objects.create(
        log=log, number=1, exhibit_ref="JS/1", detected_type="image/jpeg", size_bytes=3,
        sha256="b" * 64, blob_name="logs/x/originals/y",
    )  # fmt: skip
    exhibit.incidents.add(incident)
    said = Message.objects.create(log=log, evidence=exhibit, order=1, incident=incident)
    unsaid = Message.objects.create(log=log, evidence=exhibit, order=2)

    call_command("migrate", verbosity=0)

    from evidence.models import Evidence as NewEvidence
    from incidents.models import Incident as NewIncident
    from stalklog.casefile.models import AccessEvent as NewAccessEvent
    from stalklog.casefile.models import Log as NewLog
    from stalklog.casefile.models import Share as NewShare

    moved = NewLog.objects.get(pk=log.pk)
    assert moved.owner_id == victim.pk and moved.initials == "JS"
    assert NewAccessEvent.objects.get(pk=event.pk).hash == "a" * 64
    assert NewShare.objects.get(pk=share.pk).log_id == log.pk
    new_incident = NewIncident.objects.get(pk=incident.pk)
    assert list(new_incident.exhibits.values_list("pk", flat=True)) == [exhibit.pk]
    assert list(new_incident.messages.values_list("pk", flat=True)) == [said.pk]
    assert NewEvidence.objects.get(pk=exhibit.pk).incidents.get() == new_incident
    assert not NewIncident.messages.through.objects.filter(message_id=unsaid.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_old_reset_codes_are_dropped_and_requests_arrive():
    """Issue 17: a caseworker's reset code left in the database can never be redeemed; the
    table goes with its rows, and going back recreates it empty."""
    old = _state_at([("stalklog", "0007_two_step_offer_dismissed_db_default")])
    User = old.get_model("stalklog", "User")
    ResetCode = old.get_model("stalklog", "ResetCode")
    victim = User.objects.create(username="victim", role="victim")
    caseworker = User.objects.create(username="sam", role="caseworker")
    ResetCode.objects.create(
        victim=victim, code_hash="c" * 64, issued_by=caseworker,
        expires_at="2030-01-01T00:00:00Z",
    )  # fmt: skip

    call_command("migrate", verbosity=0)

    tables = connection.introspection.table_names()
    assert "stalklog_resetcode" not in tables
    assert "casefile_recoveryrequest" in tables
    from stalklog.accounts.models import User as NewUser

    assert NewUser.objects.get(pk=victim.pk).recovery_pending is False

    call_command("migrate", "casefile", "0002", verbosity=0)
    call_command("migrate", "stalklog", "0007", verbosity=0)
    assert "stalklog_resetcode" in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
