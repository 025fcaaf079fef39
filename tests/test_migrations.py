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
