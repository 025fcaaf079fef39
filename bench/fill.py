"""Bulk-fill the database in DATABASE_URL with sealed logs for benchmarks (PostgreSQL only).

Each log belongs to its own victim account `<prefix><n>` (password `bench password 123`) and
gets three people and `--incidents` incidents with sealed description, location and exact
words (each log's own key, as the app seals them), a behaviour or two and the perpetrator
linked. Rows go in with COPY, so the issue's 1,000 logs x 1,000 incidents takes minutes:
    DATABASE_URL=postgres://... .venv/bin/python bench/fill.py --logs 1000 --incidents 1000
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHRASES = [
    "He was waiting in the car park at work when I came out and followed me to the bus stop.",
    "Twelve missed calls from a withheld number between 11pm and 2am.",
    "A bunch of flowers left on my doorstep with a card saying I will always be watching.",
    "He posted a photo of my front door on Instagram with the caption 'nice night in?'.",
    "His sister messaged me to say he just wants to talk and I am being unreasonable.",
    "Saw his silver Astra parked across the road from my house for about an hour.",
    "He turned up at my gym and stood by the window while I was on the treadmill.",
    "A text saying 'you can't hide from me, I know where your mum lives'.",
]
PLACES = ["Outside my house, Elm Road", "Car park at work", "Bus stop on Mill Lane", "Online"]
WORDS = ["You can't hide from me.", "I'll be waiting.", "Answer your phone.", ""]


def copy_rows(cursor, table, columns, rows):
    names = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def default_row(model, connection):
    """{column: database value} of a model's defaults, computed once and reused per row."""
    row = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        value = field.get_default() if field.has_default() or not field.null else None
        row[field.column] = field.get_db_prep_save(value, connection)
    return row


def fill_log(log, user, incidents, rng, cursor, connection, behaviours):
    from incidents.models import Incident, Person

    people = []
    for name, is_perpetrator in (("Daniel Hart", True), ("Karen Hart", True), ("Mrs Patel", False)):
        person = Person(log=log, is_perpetrator=is_perpetrator)
        person.name = name
        people.append(person)
    Person.objects.bulk_create(people)

    template = Incident(log=log)
    base = default_row(Incident, connection)
    columns = list(base)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = []
    for number in range(1, incidents + 1):
        template.description = rng.choice(PHRASES) + f" ({number})"
        template.location = rng.choice(PLACES)
        template.exact_words = rng.choice(WORDS)
        row = dict(base)
        row.update(
            log_id=log.pk,
            sequence_no=number,
            occurred_start=start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
            channel=rng.choice(["in_person", "text", "phone_call", "social"]),
            entered_by_id=user.pk,
            description_sealed=template.description_sealed,
            location_sealed=template.location_sealed,
            exact_words_sealed=template.exact_words_sealed,
        )
        rows.append([row[column] for column in columns])
    copy_rows(cursor, Incident._meta.db_table, columns, rows)

    ids = list(Incident.objects.filter(log=log).values_list("pk", flat=True))
    links = Incident.behaviours.through
    copy_rows(
        cursor,
        links._meta.db_table,
        ["incident_id", "behaviour_id"],
        ((pk, b) for pk in ids for b in rng.sample(behaviours, rng.choice([1, 1, 2]))),
    )
    links = Incident.people.through
    copy_rows(
        cursor,
        links._meta.db_table,
        ["incident_id", "person_id"],
        ((pk, people[0].pk) for pk in ids),
    )
    log.__class__.objects.filter(pk=log.pk).update(next_sequence_no=incidents + 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=100)
    parser.add_argument("--incidents", type=int, default=1000, help="per log")
    parser.add_argument("--prefix", default="victim", help="usernames are <prefix><n>")
    parser.add_argument("--password", default="bench password 123")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stalklog.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from incidents.models import Behaviour
    from stalklog.accounts.models import User
    from stalklog.casefile.models import Log

    if connection.vendor != "postgresql":
        sys.exit("bench/fill.py writes with COPY: give DATABASE_URL=postgres://...")
    rng = random.Random(args.seed)
    behaviours = list(Behaviour.objects.values_list("pk", flat=True))
    password = make_password(args.password)  # hashed once: Argon2 per account would take minutes
    started = time.perf_counter()
    for n in range(args.logs):
        with transaction.atomic(), connection.cursor() as cursor:
            user = User.objects.create(username=f"{args.prefix}{n}", password=password)
            log = Log.create_for(user, "BE")
            fill_log(log, user, args.incidents, rng, cursor.cursor, connection, behaviours)
        if (n + 1) % 100 == 0:
            print(f"  {n + 1} logs in {time.perf_counter() - started:.0f}s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"filled {args.logs} logs x {args.incidents} incidents "
        f"in {time.perf_counter() - started:.1f}s",
        flush=True,
    )


if __name__ == "__main__":
    main()
