"""The impact summary for a Victim Personal Statement: what she wrote about how each
incident affected her, gathered by theme (daily life, work, sleep, safety measures, costs...)
with dates, and what she ticked, counted. A draft in Word that she edits.

Themes are found by words in her own text; an entry can sit under several themes, and one
that matches none is kept under "Other effects", so nothing she wrote is lost.
"""

import dataclasses
import datetime
import re

from django.utils import timezone

from incidents.export.document import new_bundle_id
from incidents.models import Incident
from stalklog.casefile.access import scoped

from .wording import clean, long_date

DRAFT_MARK = (
    "DRAFT prepared from the victim's own notes, for a Victim Personal Statement. "
    "The victim decides what it says."
)

# (heading, words that put an entry under it), matched case-insensitively as whole words;
# "*" ends a stem ("anxi*": anxious, anxiety); "|" separates words and phrases.
THEMES = [
    ("Fear for my safety", "afraid|scared|fear*|terrified|frightened|unsafe|panic*|threat*"),
    ("My daily life", "stopped going|stop going|avoid*|routine|route|shopping|gym|friends|"
     "social*|isolat*|going out|leave the house|walk*|bus|train"),
    ("Work or study", "work*|job|shift*|boss|manager|colleague*|office|sick leave|time off|"
     "college|universit*|stud*|exam*|career"),
    ("Sleep", "sleep*|slept|nightmare*|insomnia|awake|tired|exhaust*"),
    ("My health", "anxi*|depress*|doctor|gp|medicat*|counsell*|therap*|health*|eating|"
     "weight|mental*"),
    ("Safety measures I have taken", "lock*|cctv|camera*|doorbell|alarm*|changed my number|"
     "new number|block*|moved|move house|security|curtains|panic button|refuge"),
    ("Costs", "£*|cost*|paid|pay*|money|spent|spend*|bill*|fee|fees|price*|earnings|afford*"),
    ("My children and family", "child*|kids|son|daughter|family|mum|dad|parent*|sister|"
     "brother"),
]  # fmt: skip
OTHER = "Other effects"


def _pattern(words: str) -> re.Pattern:
    parts = []
    for word in words.split("|"):
        stem = word.endswith("*")
        word = re.escape(word.rstrip("*"))
        start = "" if word.startswith("£") else r"\b"
        parts.append(start + word + ("" if stem else r"\b"))
    return re.compile("|".join(parts), re.IGNORECASE)


PATTERNS = [(heading, _pattern(words)) for heading, words in THEMES]


@dataclasses.dataclass
class ImpactEntry:
    sequence_no: int
    date: str
    text: str


@dataclasses.dataclass
class ImpactSummary:
    bundle_id: str
    generated_at: datetime.datetime
    incident_count: int
    feared_violence: int
    alarm_or_distress: int
    daily_life: int
    themes: list[tuple[str, list[ImpactEntry]]]

    @property
    def title(self) -> str:
        return f"Impact summary ({self.bundle_id})"


def themes_of(text: str) -> list[str]:
    found = [heading for heading, pattern in PATTERNS if pattern.search(text)]
    return found or [OTHER]


def build_impact_summary(log, user, now=None) -> ImpactSummary:
    now = now or timezone.now()
    incidents = scoped(Incident, log).order_by("occurred_start", "sequence_no")
    gathered = {heading: [] for heading, _ in THEMES}
    gathered[OTHER] = []
    counts = {"count": 0, "fear": 0, "alarm": 0, "daily": 0}
    for incident in incidents.iterator(chunk_size=500):
        incident.log = log
        counts["count"] += 1
        counts["fear"] += incident.fear_of_violence
        counts["alarm"] += incident.alarm_or_distress
        counts["daily"] += incident.effect_on_daily_life
        text = clean(incident.impact)
        if not text:
            continue
        entry = ImpactEntry(incident.sequence_no, long_date(incident.occurred_start), text)
        for heading in themes_of(text):
            gathered[heading].append(entry)
    return ImpactSummary(
        bundle_id=new_bundle_id(log, now),
        generated_at=now,
        incident_count=counts["count"],
        feared_violence=counts["fear"],
        alarm_or_distress=counts["alarm"],
        daily_life=counts["daily"],
        themes=[(heading, entries) for heading, entries in gathered.items() if entries],
    )
