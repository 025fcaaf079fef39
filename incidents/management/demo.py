"""A realistic demo log: an ex-partner whose harassment escalates over a year, the people and
identifiers around it, a non-molestation order, police reports, witnesses and corrections.

Names use reserved example ranges (Ofcom 07700 900xxx drama numbers, example.com addresses).
"""

import random
from datetime import time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from evidence.demo import BASE_GPS, PHONES, SCENES, make_photo
from evidence.services import store_upload
from incidents.identifiers import clean as clean_identifier
from incidents.models import Behaviour, Identifier, Incident, Order
from incidents.services import add_person, add_witnesses, record_incidents_in_bulk
from incidents.when import local, to_utc
from stalklog.casefile.access import scoped

PEOPLE = [
    {
        "name": "Daniel Hart",
        "relationship": "ex_partner",
        "is_perpetrator": True,
        "aliases": "Dan, Danny H",
        "description": "Ex-partner. Tall, short dark hair, often wears a grey hoodie. "
        "Works shifts at a warehouse on the Riverside estate.",
        "vehicles": "Silver Vauxhall Astra",
        "identifiers": [
            ("phone", "07700 900123", 330),
            ("phone", "07700 900457", 120),
            ("email", "dan.hart84@example.com", 300),
            ("social", "instagram: @danny_h_84", 250),
            ("social", "instagram: @watching_you_x (new account)", 90),
            ("plate", "AB12 CDE", 330),
        ],
    },
    {
        "name": "Karen Hart",
        "relationship": "family",
        "is_perpetrator": True,
        "description": "Daniel's sister. Has passed on messages from him.",
        "identifiers": [("phone", "07700 900888", 200)],
    },
    {
        "name": "Man in a grey Ford Focus",
        "relationship": "stranger",
        "description": "Seen parked outside work twice; possibly a friend of Daniel's.",
        "vehicles": "Grey Ford Focus",
        "identifiers": [("plate", "XY65 ZZT", 60)],
    },
    {
        "name": "Mrs Patel (neighbour)",
        "relationship": "neighbour",
        "description": "Lives at number 16. Has seen his car in the street.",
    },
]

PLACES = [
    ("home", "Outside my house, Elm Road"),
    ("home", "My front door"),
    ("work", "Car park at work, Station Road"),
    ("public", "Tesco, High Street"),
    ("public", "Bus stop on Mill Lane"),
    ("public", "Town centre, near the library"),
    ("school", "Outside the children's school gates"),
    ("vehicle", "In my car at the lights on London Road"),
    ("online", "Instagram"),
    ("online", "Facebook"),
]

# (behaviour codes, channel, place kinds, description, exact words or "")
EVENTS = [
    (
        ["contacting"],
        "text",
        ["online"],
        "He sent {n} text messages in a row asking to talk.",
        "I just want to talk. Why are you ignoring me",
    ),
    (
        ["contacting"],
        "phone_call",
        ["home"],
        "{n} missed calls from a withheld number, then one from his usual number.",
        "",
    ),
    (
        ["contacting", "threats"],
        "text",
        ["online"],
        "He texted that I would regret leaving him.",
        "You will regret this. I know where you are",
    ),
    (
        ["following"],
        "in_person",
        ["public"],
        "I saw him behind me in the shop, then he followed "
        "me to the bus stop and stood across the road.",
        "",
    ),
    (
        ["loitering", "watching"],
        "in_person",
        ["home"],
        "His car was parked opposite my house "
        "for about an hour. He was sitting in it watching the front door.",
        "",
    ),
    (
        ["watching"],
        "in_person",
        ["work"],
        "He was waiting in the car park at work when I finished my shift.",
        "Just want to see you're OK",
    ),
    (
        ["publishing"],
        "social",
        ["online"],
        "He posted photos of me on Instagram with comments about my new relationship.",
        "",
    ),
    (
        ["impersonation"],
        "social",
        ["online"],
        "A new account using my photos messaged my friends pretending to be me.",
        "",
    ),
    (
        ["contacting_others"],
        "third_party",
        ["public"],
        "His sister messaged my mum asking where I am living now.",
        "Daniel is worried, just tell us where she is",
    ),
    (
        ["unwanted_gifts"],
        "gift",
        ["home"],
        "Flowers left on the doorstep with a card in his handwriting.",
        "I'll always be here",
    ),
    (
        ["interfering_property", "damage"],
        "in_person",
        ["home"],
        "My car tyre was slashed overnight. A neighbour saw a silver car in the street at 2am.",
        "",
    ),
    (
        ["monitoring", "tracking"],
        "email",
        ["online"],
        "I got an alert that someone logged in to "
        "my e-mail from a new device. He mentioned a place I had been that day.",
        "",
    ),
    (
        ["threats"],
        "phone_call",
        ["home"],
        "He called and said he would come round and 'sort this out'.",
        "If you won't talk to me I'll come round and sort this out",
    ),
    (
        ["following", "threats"],
        "in_person",
        ["vehicle"],
        "He drove up behind me and followed my car for three miles, flashing his lights.",
        "",
    ),
    (
        ["violence"],
        "in_person",
        ["public"],
        "He grabbed my arm outside the library and would not let go until a passer-by shouted.",
        "You're coming with me",
    ),
]


def _when(rng, today, days_back):
    """A time `days_back` days ago, weighted to evenings, in UK local time, stored UTC;
    never later than now."""
    day = today - timedelta(days=days_back)
    hour = rng.choice([7, 8, 12, 17, 18, 19, 20, 21, 22, 23])
    minute = rng.randrange(0, 60, 1)
    try:
        moment = to_utc(day, time(hour, minute))
    except ValueError:  # the skipped hour of the spring clock change
        moment = to_utc(day, time(hour + 1, minute))
    now = timezone.now()
    return moment if moment <= now else now - timedelta(minutes=rng.randint(5, 300))


def _escalating_days_back(rng, count, span_days=365):
    """Day offsets that cluster in recent months: the course of conduct escalates."""
    return sorted((int(span_days * (1 - rng.random() ** 0.45)) for _ in range(count)), reverse=True)


def create_people(log, user, today):
    people = []
    for spec in PEOPLE:
        spec = dict(spec)
        identifiers = spec.pop("identifiers", [])
        person = add_person(log, user, **spec)
        Identifier.objects.bulk_create(
            [
                _identifier(log, person, kind, value, today - timedelta(days=days))
                for kind, value, days in identifiers
            ]
        )
        people.append(person)
    return people


def _identifier(log, person, kind, value, first_seen):
    identifier = Identifier(log=log, person=person, kind=kind, first_seen=first_seen)
    identifier.value = clean_identifier(kind, value)  # stored as the person form stores it
    return identifier


def create_order(log, today):
    order = Order(
        log=log,
        kind=Order.Kind.NON_MOLESTATION,
        reference="FD26F00123",
        made_on=today - timedelta(days=150),
        expires_on=today + timedelta(days=215),
    )
    order.conditions = (
        "Daniel Hart must not contact the applicant directly or indirectly, and must not go "
        "within 100 metres of her home on Elm Road or her workplace on Station Road."
    )
    order.save()
    return order


def incident_fields(rng, when, people, order, behaviours):
    daniel, karen, stranger = people[0], people[1], people[2]
    codes, channel, kinds, text, words = rng.choice(EVENTS)
    place_type, place = rng.choice([p for p in PLACES if p[0] in kinds] or PLACES)
    involved = [daniel]
    if "contacting_others" in codes:
        involved = [karen, daniel]
    elif place_type == "work" and rng.random() < 0.3:
        involved = [stranger]
    n = rng.randint(3, 40)
    order_active = order.made_on <= local(when).date()
    breach = order_active and daniel in involved and rng.random() < 0.8
    chosen = [behaviours[c] for c in codes] + ([behaviours["order_breach"]] if breach else [])
    reported = rng.random() < 0.15
    score = rng.choice([1, 2, 2, 3, 3]) if rng.random() < 0.7 else None
    end = when + timedelta(minutes=rng.randint(5, 150)) if "{n}" in text else None
    fields = {
        "occurred_start": when,
        "occurred_end": end,
        "time_precision": rng.choice(["exact"] * 6 + ["approximate"] * 3 + ["date"]),
        "location_type": place_type,
        "location": place,
        "channel": channel,
        "description": text.format(n=n),
        "exact_words": words,
        "series_count": n if "{n}" in text else None,
        "fear_of_violence": "threats" in codes or "violence" in codes,
        "alarm_or_distress": rng.random() < 0.8,
        "effect_on_daily_life": rng.random() < 0.4,
        "impact_score": score,
        "impact": rng.choice(
            [
                "",
                "",
                "Could not sleep that night.",
                "Took a different route to work for a week.",
                "Kept the children off school the next day.",
                "Shaking for hours afterwards.",
            ]
        ),
        "reported_to_police": reported,
        "police_force": "Thames Valley Police" if reported else "",
        "police_log_number": f"{rng.randint(100, 999)} of {local(when):%d/%m/%y}"
        if reported
        else "",
        "crime_reference": f"43{rng.randint(10000000, 99999999)}"
        if reported and rng.random() < 0.5
        else "",
        "order_breached": order if breach else None,
        "private_notes": rng.choice(["", "", "", "Tell my support worker about this one."]),
        "behaviours": chosen,
        "people": involved,
    }
    if fields["time_precision"] == "date":
        fields["occurred_start"] = to_utc(local(when).date(), None)
        fields["occurred_end"] = None
    return fields


def seed_log(log, user, incidents=120, seed=2026, today=None):
    """Fill `log` with a year of incidents; returns the number created."""
    rng = random.Random(seed)
    today = today or local(timezone.now()).date()
    behaviours = {b.code: b for b in Behaviour.objects.all()}
    people = create_people(log, user, today)
    order = create_order(log, today)
    days_back = _escalating_days_back(rng, incidents)
    prepared = [
        incident_fields(rng, _when(rng, today, days), people, order, behaviours)
        for days in days_back
    ]
    created = record_incidents_in_bulk(log, user, prepared)
    _add_history(rng, log, user, people, min(20, max(1, incidents // 20)))
    return created


def _add_history(rng, log, user, people, how_many):
    """Witnesses and corrections on a few incidents, as a real log would have."""
    recent = list(Incident.objects.filter(log=log).order_by("-occurred_start")[: how_many * 3])
    for incident in rng.sample(recent, min(how_many, len(recent))):
        incident.log = log
        add_witnesses(
            incident,
            [
                {
                    "name": "Mrs Patel",
                    "contact": "16 Elm Road",
                    "account": "Saw his car outside at about the time I said, engine running.",
                }
            ],
        )
    exact = [i for i in recent if i.time_precision != Incident.Precision.DATE]
    for incident in rng.sample(exact, min(how_many, len(exact))):
        incident.log = log
        start = incident.occurred_start
        incident.amend(
            user,
            rng.choice(["I checked my phone and the time was later.", "Remembered more details."]),
            {
                "occurred_start": start + timedelta(minutes=20),
                "description": incident.description + " I called my sister straight after.",
            },
        )


def seed_photos(log, user, count: int, seed: int = 2026) -> int:
    """Store `count` photos, each linked to one of the log's incidents; return how many."""
    rng = random.Random(seed)
    incidents = list(scoped(Incident, log).order_by("occurred_start"))
    for number in range(count):
        title, kind = SCENES[number % len(SCENES)]
        incident = rng.choice(incidents) if incidents else None
        taken = timezone.localtime(incident.occurred_start if incident else timezone.now())
        gps = None
        if number % 3 == 0:
            gps = (BASE_GPS[0] + rng.uniform(-0.01, 0.01), BASE_GPS[1] + rng.uniform(-0.01, 0.01))
        data = make_photo(rng, kind, taken, PHONES[number % len(PHONES)], gps)
        store_upload(
            log,
            user,
            ContentFile(data, name=f"IMG_{4000 + number}.jpg"),
            title=title,
            captured_date=taken,
            attach=incident.exhibits.add if incident else None,
        )
    return count
