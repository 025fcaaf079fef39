"""Factories for incident-log tests."""

from datetime import UTC, datetime

import pytest

from incidents.models import Behaviour, Order
from incidents.services import add_person, record_incident, record_incidents_in_bulk


def behaviours(*codes):
    return list(Behaviour.objects.filter(code__in=codes or ["following"]))


def make_incident(log, user, *, codes=("following",), people=(), **fields):
    fields.setdefault("occurred_start", datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    fields.setdefault("description", "He followed me from the station to my door.")
    return record_incident(log, user, behaviours=behaviours(*codes), people=people, **fields)


def make_many(log, user, count, **fields):
    """`count` incidents a day apart, through the bulk service (sealed, numbered)."""
    following = behaviours("following")
    rows = [
        {
            "occurred_start": datetime(2025, 1, 1, 12, tzinfo=UTC).replace(day=1)
            + (n * (datetime(2025, 1, 2, tzinfo=UTC) - datetime(2025, 1, 1, tzinfo=UTC))),
            "description": f"incident number {n}",
            "behaviours": following,
            **fields,
        }
        for n in range(count)
    ]
    return record_incidents_in_bulk(log, user, rows)


def make_person(log, user, name="Daniel Hart", **fields):
    return add_person(log, user, name=name, **fields)


def make_order(log, **fields):
    fields.setdefault("kind", Order.Kind.NON_MOLESTATION)
    order = Order(log=log, **fields)
    order.save()
    return order


@pytest.fixture
def log(victim):
    return victim.log


def minimal_post(**overrides):
    """The three required answers of the incident form, as a phone would send them."""
    data = {
        "date": "2026-03-01",
        "time": "09:30",
        "time_precision": "exact",
        "behaviours": [str(Behaviour.objects.get(code="following").pk)],
        "description": "He followed me from the station to my door.",
        "witness-TOTAL_FORMS": "2",
        "witness-INITIAL_FORMS": "0",
        "witness-MIN_NUM_FORMS": "0",
        "witness-MAX_NUM_FORMS": "20",
    }
    data.update(overrides)
    return data
