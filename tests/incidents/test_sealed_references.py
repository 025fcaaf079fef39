"""Police and court references are sealed like other sensitive text (issue 17): a leaked
database must not link an account name to a police force, a crime reference or a court."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from incidents.models import Incident, Order
from stalklog.core.crypto import new_data_key, wrap_key
from tests.incidents.conftest import minimal_post

MARKERS = {
    "police_force": "Marker Valley Constabulary",
    "police_officer": "PC Markerson 4471",
    "police_log_number": "LOGMARK-0917",
    "crime_reference": "CRIMEMARK-55190",
}
ORDER_MARKERS = {"reference": "ORDERMARK-ZZ81", "made_on": "2011-03-07", "expires_on": "2031-08-19"}


def _database_text():
    """Every value of every table, as bytes (ciphertext stays bytes, so text markers in it
    would still show)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the database)
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value))
                    else:
                        chunks.append(str(value).encode())
    return b"\n".join(chunks)


def _markers_in(text):
    markers = [*MARKERS.values(), *ORDER_MARKERS.values(), "20110307", "20310819"]
    return [m for m in markers if m.encode() in text]


def test_police_and_court_references_are_nowhere_in_the_database(victim_client, log):
    response = victim_client.post("/orders/new/", {"kind": "restraining", **ORDER_MARKERS})
    assert response.status_code == 302
    order = Order.objects.get(log=log)
    response = victim_client.post(
        "/incidents/new/",
        minimal_post(reported_to_police="on", order_breached=str(order.pk), **MARKERS),
    )
    assert response.status_code == 302

    assert _markers_in(_database_text()) == []
    incident = Incident.objects.get(log=log)
    page = victim_client.get(f"/incidents/{incident.pk}/").content.decode()
    for value in MARKERS.values():
        assert value in page
    orders_page = victim_client.get("/orders/").content.decode()
    assert "ORDERMARK-ZZ81" in orders_page and "7 Mar 2011" in orders_page


def test_orders_are_listed_newest_first_with_undated_ones_last(victim_client, log):
    for made_on in ("2020-01-01", "", "2024-05-05"):
        victim_client.post("/orders/new/", {"kind": "bail", "made_on": made_on})
    from incidents.selectors import orders

    assert [o.made_on for o in orders(log)] == [date(2024, 5, 5), date(2020, 1, 1), None]


BEFORE = [("incidents", "0008_incident_quick_flags")]


def _apps_at(targets):
    """Every other app at its latest migration, the given ones where they say (so models
    of other apps match their tables, whatever they have gained since)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    apps_given = {app for app, _ in targets}
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in apps_given]
    executor.migrate(targets)
    return executor.loader.project_state([*leaves, *targets]).apps


@pytest.mark.django_db(transaction=True)
def test_existing_references_are_sealed_by_the_migration_and_opened_by_its_reverse():
    try:
        old = _apps_at(BEFORE)
        User = old.get_model("stalklog", "User")
        Log = old.get_model("casefile", "Log")
        OldIncident = old.get_model("incidents", "Incident")
        OldOrder = old.get_model("incidents", "Order")
        victim = User.objects.create(username="victim", role="victim")
        log = Log(owner=victim, initials="JS")
        log.wrapped_key = wrap_key(new_data_key(), str(log.uuid))
        log.save()
        order = OldOrder.objects.create(
            log=log, kind="restraining", reference=ORDER_MARKERS["reference"],
            made_on=date(2011, 3, 7), expires_on=date(2031, 8, 19),
        )  # fmt: skip
        undated = OldOrder.objects.create(log=log, kind="bail")
        incident = OldIncident.objects.create(
            log=log, sequence_no=1, occurred_start="2026-03-02T21:00:00Z",
            reported_to_police=True, order_breached=order, **MARKERS,
        )  # fmt: skip
        plain = OldIncident.objects.create(
            log=log, sequence_no=2, occurred_start="2026-03-03T21:00:00Z"
        )
        assert _markers_in(_database_text())

        call_command("migrate", "incidents", verbosity=0)

        assert _markers_in(_database_text()) == []
        sealed = Incident.objects.select_related("log").get(pk=incident.pk)
        for name, value in MARKERS.items():
            assert getattr(sealed, name) == value
        assert Incident.objects.select_related("log").get(pk=plain.pk).crime_reference == ""
        sealed_order = Order.objects.select_related("log").get(pk=order.pk)
        assert sealed_order.reference == ORDER_MARKERS["reference"]
        assert (sealed_order.made_on, sealed_order.expires_on) == (
            date(2011, 3, 7),
            date(2031, 8, 19),
        )
        assert Order.objects.select_related("log").get(pk=undated.pk).made_on is None

        reopened = _apps_at(BEFORE)
        back = reopened.get_model("incidents", "Incident").objects.get(pk=incident.pk)
        assert back.crime_reference == MARKERS["crime_reference"]
        back_order = reopened.get_model("incidents", "Order").objects.get(pk=order.pk)
        assert back_order.made_on == date(2011, 3, 7)
    finally:
        call_command("migrate", verbosity=0)
