from datetime import UTC, datetime

from incidents.models import Behaviour, Incident
from incidents.services import record_incident
from stalklog.casefile.models import AccessEvent


def test_recorded_incidents_are_numbered_in_order_and_audited(victim):
    log = victim.log
    following = Behaviour.objects.filter(code="following")
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    first = record_incident(log, victim, behaviours=following, occurred_start=when, description="a")
    second = record_incident(
        log, victim, behaviours=following, occurred_start=when, description="b"
    )
    assert (first.sequence_no, second.sequence_no) == (1, 2)
    assert second.entered_by_role == Incident.EnteredBy.VICTIM
    assert [e.target for e in AccessEvent.objects.filter(log=log).order_by("seq")] == [
        "incident 1",
        "incident 2",
    ]
    assert AccessEvent.verify_chain(log) == []


def test_description_is_not_stored_in_plaintext(victim):
    log = victim.log
    record_incident(
        log,
        victim,
        behaviours=Behaviour.objects.filter(code="watching"),
        occurred_start=datetime(2026, 3, 1, tzinfo=UTC),
        description="parked outside 14 Elm Road again",
    )
    raw = Incident.objects.values_list("description_sealed", flat=True).get()
    assert b"Elm Road" not in bytes(raw)
    assert Incident.objects.get().description == "parked outside 14 Elm Road again"


def test_an_altered_access_event_breaks_the_chain(victim):
    log = victim.log
    for target in ("a", "b", "c"):
        AccessEvent.record(log, victim, "viewed", target)
    AccessEvent.objects.filter(log=log, seq=2).update(target="something else")
    assert AccessEvent.verify_chain(log) == ["event 2 was altered"]


def test_a_removed_access_event_breaks_the_chain(victim):
    log = victim.log
    for target in ("a", "b", "c"):
        AccessEvent.record(log, victim, "viewed", target)
    AccessEvent.objects.filter(log=log, seq=2).delete()
    assert AccessEvent.verify_chain(log) == [
        "event 2 is missing (found 3)",
        "event 3 does not follow the one before it",
    ]
