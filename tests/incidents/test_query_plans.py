"""The timeline and access-log queries are served by indexes (PostgreSQL's EXPLAIN).

The planner picks a sequential scan for a tiny table, so each test first fills a realistic
spread: many logs, hundreds of rows each, analysed. Skipped on SQLite.
"""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from incidents.models import Incident
from stalklog.accounts.models import User
from stalklog.casefile.access import scoped
from stalklog.casefile.models import AccessEvent, Log

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"
)
LOGS, ROWS_PER_LOG = 20, 1000


def fill(model, make_row):
    """LOGS logs of ROWS_PER_LOG rows each; returns one from the middle.

    One log's rows go in through the ORM, the others are copied from them in SQL: the
    planner only needs the spread, and this keeps the test fast.
    """
    logs = [Log.create_for(User.objects.create(username=f"plan{n}"), "PL") for n in range(LOGS)]
    model.objects.bulk_create([make_row(logs[0], i) for i in range(ROWS_PER_LOG)])
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [f.column for f in model._meta.concrete_fields if f.column not in ("id", "log_id")]
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        for log in logs[1:]:
            cursor.execute(
                f"INSERT INTO {table} (log_id, {names}) "  # noqa: S608 (names from the model)
                f"SELECT %s, {names} FROM {table} WHERE log_id = %s",
                [log.pk, logs[0].pk],
            )
        cursor.execute(f"ANALYZE {table}")
    return logs[LOGS // 2]


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return json.dumps(cursor.fetchone()[0])


def incident(log, i):
    start = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=7 * i)
    return Incident(log=log, sequence_no=i + 1, occurred_start=start)


def event(log, i):
    return AccessEvent(
        log=log, seq=i + 1, at=timezone.now(), actor_name="x", actor_role="victim",
        action="viewed", prev_hash="0" * 64, hash="0" * 64,
    )  # fmt: skip


@pytest.mark.django_db
def test_the_timeline_newest_first_reads_one_logs_rows_through_its_index():
    log = fill(Incident, incident)
    page = scoped(Incident, log).order_by("-occurred_start", "-sequence_no")[25:50]

    explained = plan(page)

    assert '"Index Name": "incident_log_when"' in explained
    assert "Seq Scan" not in explained


@pytest.mark.django_db
def test_the_timeline_oldest_first_in_a_date_range_uses_the_same_index():
    log = fill(Incident, incident)
    page = (
        scoped(Incident, log)
        .filter(occurred_start__gte=datetime(2025, 2, 1, tzinfo=UTC))
        .order_by("occurred_start", "sequence_no")[:25]
    )

    explained = plan(page)

    assert '"Index Name": "incident_log_when"' in explained
    assert "Seq Scan" not in explained


@pytest.mark.django_db
def test_the_access_log_newest_first_is_read_through_its_sequence_index():
    log = fill(AccessEvent, event)
    page = scoped(AccessEvent, log).order_by("-seq")[:50]

    explained = plan(page)

    assert '"Index Name": "event_seq_per_log"' in explained
    assert "Seq Scan" not in explained and '"Node Type": "Sort"' not in explained
