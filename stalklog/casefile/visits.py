"""The access log as a person reads it: events grouped into visits, told in plain words.

The events themselves stay exactly as recorded (the hash chain covers them); this module only
reads them. A visit is one person's run of consecutive events with less than `VISIT_GAP`
between one and the next. Each event becomes a line ("Viewed incident 3"); lines that say
the same thing twice (an exhibit's page and its picture, an export's request, progress
checks and download) are folded into one, and the visit gets a one-sentence summary ("viewed
3 incidents and downloaded a PDF"). Database ids, URL names and field names never reach the
page: what cannot be said in words is left out or named generically.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from stalklog.casefile.access import scoped
from stalklog.casefile.models import AccessEvent

VISIT_GAP = timedelta(minutes=30)
EVENTS_PER_PAGE = 400

# The door's generic entry for a caseworker request comes right after the view's own precise
# one in events recorded before both were merged (see access._recorded): within this time of
# the line before, about the same kind of thing, it says nothing new.
_SAME_REQUEST = timedelta(seconds=5)
# The small pictures on an incident's page load just after the page.
_SAME_PAGE = timedelta(seconds=60)

# Words for the fields a correction can change (incidents) or an exhibit's details form.
FIELD_WORDS = {
    "occurred_start": "when it happened",
    "occurred_end": "when it ended",
    "time_precision": "how exact the time is",
    "location_type": "kind of place",
    "location": "where it happened",
    "channel": "how he made contact",
    "behaviours": "what he did",
    "people": "who was involved",
    "description": "what happened",
    "exact_words": "exact words",
    "fear_of_violence": "fear of violence",
    "alarm_or_distress": "alarm or distress",
    "effect_on_daily_life": "effect on daily life",
    "impact_score": "how much it affected you",
    "impact": "the effect on you",
    "children_present": "children present",
    "called_999": "called 999",
    "police_attended": "police came",
    "reported_to_police": "reported to the police",
    "police_force": "police force",
    "police_officer": "police officer",
    "police_log_number": "police log number",
    "crime_reference": "crime reference",
    "order_breached": "order broken",
    "series_count": "how many times",
    "private_notes": "private notes",
    "witnesses": "witnesses",
    "title": "title",
    "kind": "type",
    "content_date": "when it was sent or taken",
    "captured_date": "when it was saved",
}

# What was made, by the export's own name for it: (the line's words, the summary's words).
MADE = {
    "timeline pdf": ("a PDF of the timeline", "a PDF"),
    "timeline html": ("a web page of the timeline", "a web page of the timeline"),
    "bundle zip": ("a ZIP evidence bundle", "a ZIP evidence bundle"),
    "statement docx": ("a draft statement (Word)", "a draft statement"),
    "statement pdf": ("a draft statement (PDF)", "a draft statement"),
    "breach report pdf": ("a breach report (PDF)", "a breach report"),
    "impact summary docx": ("an impact summary (Word)", "an impact summary"),
}
PROFILES = {"police": "for the police", "caseworker": "caseworker print", "summary": "summary"}

# Pages a caseworker's request is recorded by (the URL's name): what she would call them.
PAGES = {
    "home": "the start page",
    "shared_log": "your log",
    "timeline": "the list of incidents",
    "incident_new": "the form to add an incident",
    "log_it_now": "the quick form to log an incident",
    "people": "the list of people",
    "person_new": "the form to add a person",
    "orders": "the list of orders",
    "order_new": "the form to add an order",
    "exhibit_list": "the list of evidence",
    "evidence list": "the list of evidence",
    "exhibit_upload": "the upload page",
    "documents": "the court documents page",
    "document_statement": "the court documents page",
    "document_breach_report": "the court documents page",
    "document_impact": "the court documents page",
    "reset_code_issue": "the page for a password reset code",
    "incident_detail": "an incident",
    "incident_amend": "the correction form of an incident",
    "incident_key": "the key incident mark of an incident",
    "record_voice": "the voice recorder",
    "exhibit_detail": "an exhibit",
    "exhibit_edit": "the details form of an exhibit",
    "exhibit_preview": "the picture of an exhibit",
    "exhibit_thumbnail": "the small picture of an exhibit",
    "exhibit_media": "a recording or video",
    "exhibit_download": "the original file of an exhibit",
    "exhibit_withdraw": "the page to withdraw an exhibit",
    "exhibit_link": "the page to link an exhibit",
    "exhibit_unlink": "the page to unlink an exhibit from an incident",
    "incident_exhibit_link": "the page to link evidence to an incident",
    "exhibit_messages": "the messages in an exhibit",
    "exhibit_calls": "the list of calls in an exhibit",
    "person_detail": "a person's details",
    "person_edit": "the form to change a person's details",
    "order_edit": "the form to change an order",
}
# Page names that belong to one kind of object (for the legacy doubles, see _SAME_REQUEST).
_URL_KINDS = {"incident": "incident", "exhibit": "exhibit", "person": "person", "order": "order"}
_EXPORT_STEPS = {"export", "export_bundle", "export_job", "export_job_status", "export_download"}

_INCIDENT = re.compile(r"incident (\d+)")
_AMENDMENT = re.compile(r"incident (\d+) amendment \d+")
_RANGE = re.compile(r"incidents (\d+) to (\d+)")
_EXHIBIT = re.compile(r"exhibit (\S+)")
_OBJECT_ID = re.compile(r"(person|order|share) \d+")
_EXPORT = re.compile(r"export (\S+)")
_MADE = re.compile(r"(" + "|".join(MADE) + r") (\S+)")
_ASKED = re.compile(r"(\w+) export")
_URL_NAME = re.compile(r"[a-z0-9_]+")
_COUNT = re.compile(r"(\d+) (incident|exhibit|entr)\w*")
_DUE = re.compile(r"due (\d{4}-\d\d-\d\d \d\d:\d\d) UTC")


@dataclass
class Line:
    """One thing done, as a row of the expanded visit."""

    at: datetime
    text: str
    verb: str = ""  # with `kind`, how the summary counts it ("viewed", "incident")
    kind: str = ""
    name: str = ""  # the object, when it has a name she knows ("incident 3", "exhibit JS/1")
    phrase: str = ""  # the summary's words, for a line that is not counted
    times: int = 1
    pictures: list[str] = field(default_factory=list)
    export: dict | None = None  # for an export: what, bundle, detail, asked, downloaded

    def same_as(self, other) -> bool:
        return (self.text, self.verb, self.kind, self.name) == (
            other.text,
            other.verb,
            other.kind,
            other.name,
        ) and not self.export

    @property
    def words(self) -> str:
        text = self.text
        if self.pictures:
            text += ", with the picture" + ("s" if len(self.pictures) > 1 else "")
            text += " of exhibit" + ("s " if len(self.pictures) > 1 else " ")
            text += _and(self.pictures)
        if self.times > 1:
            text += f" ({self.times} times)"
        return text


@dataclass
class Visit:
    actor: str  # "You", "Sam Jones (caseworker, Safe Steps)"
    is_you: bool
    start: datetime
    end: datetime
    lines: list[Line]
    events: int

    @property
    def summary(self) -> str:
        return _summary(self.lines)

    @property
    def is_one_moment(self) -> bool:
        return self.start.replace(second=0, microsecond=0) == self.end.replace(
            second=0, microsecond=0
        )

    @property
    def is_one_day(self) -> bool:
        return timezone.localdate(self.start) == timezone.localdate(self.end)


@dataclass
class VisitPage:
    visits: list[Visit]
    older_than: int | None  # the `before` of the next (older) page, if there is one
    is_first: bool


def visits_page(log, viewer, before: int | None = None) -> VisitPage:
    """The newest visits in `log`'s access log (older than event `before`), in two queries'
    worth of work whatever the number of events: one for the events, with who made them."""
    events = scoped(AccessEvent, log).select_related("actor__organisation").order_by("-seq")
    if before is not None:
        events = events.filter(seq__lt=before)
    batch = list(events[: EVENTS_PER_PAGE + 1])
    has_more = len(batch) > EVENTS_PER_PAGE
    runs = _runs(batch[:EVENTS_PER_PAGE])
    if has_more and len(runs) > 1:
        # The oldest visit may go on past this page: show it whole on the next one.
        runs.pop()
    visits = [_visit(run, viewer) for run in runs]
    older_than = runs[-1][-1].seq if has_more and runs else None
    return VisitPage(visits=visits, older_than=older_than, is_first=before is None)


def _runs(events_newest_first) -> list[list[AccessEvent]]:
    runs: list[list[AccessEvent]] = []
    for event in events_newest_first:
        run = runs[-1] if runs else None
        if run and _who(run[-1]) == _who(event) and run[-1].at - event.at < VISIT_GAP:
            run.append(event)
        else:
            runs.append([event])
    return runs


def _who(event):
    return (event.actor_id, event.actor_name, event.actor_role)


def _visit(run, viewer) -> Visit:
    events = list(reversed(run))  # oldest first: a visit reads as a story
    lines: list[Line] = []
    for event in events:
        _add(lines, event)
    first = events[0]
    is_you = first.actor_id is not None and first.actor_id == viewer.pk
    return Visit(
        actor="You" if is_you else _actor_words(first),
        is_you=is_you,
        start=events[0].at,
        end=events[-1].at,
        lines=lines,
        events=len(events),
    )


def _actor_words(event) -> str:
    actor = event.actor
    if event.actor_role == "system" and actor is None:
        return "Stalklog, automatically"
    if event.actor_role == "anonymous":
        return "Someone who was not signed in"
    name = (actor.get_full_name() if actor else "") or event.actor_name
    if event.actor_role in ("caseworker", "service_admin"):
        role = "caseworker" if event.actor_role == "caseworker" else "service admin"
        organisation = actor.organisation.name if actor and actor.organisation else ""
        return f"{name} ({role}, {organisation})" if organisation else f"{name} ({role})"
    return name


# Reading one event --------------------------------------------------------------------------


def _add(lines: list[Line], event) -> None:
    """Read `event` into `lines`, folding it into a line that already says it."""
    action, target, detail = event.action, event.target, event.detail
    previous = lines[-1] if lines else None

    if _is_export_step(action, target):
        _export_step(lines, event)
        return
    if action == "downloaded" and _EXPORT.fullmatch(target):
        bundle = _EXPORT.fullmatch(target).group(1)
        for line in reversed(lines):
            if line.export and line.export.get("bundle") in (bundle, None):
                line.export.update(bundle=bundle, downloaded=True)
                _export_words(line)
                return
        line = Line(event.at, "", export={"bundle": bundle, "downloaded": True})
        _export_words(line)
        lines.append(line)
        return

    if action == "exported":
        current = next((line for line in reversed(lines) if line.export is not None), None)
        if current is None or current.export.get("what") is not None:
            current = Line(event.at, "", export={})
            lines.append(current)
        _export_line(current, target, detail)
        return

    if _is_generic(target) and previous and event.at - previous.at < _SAME_REQUEST:
        kind = _URL_KINDS.get(target.split("_")[0])
        if kind and kind == previous.kind:
            return  # the same request, already told precisely (events before the merge)

    exhibit = _EXHIBIT.fullmatch(target)
    if action == "viewed" and exhibit and detail in ("", "preview", "thumbnail"):
        name = f"exhibit {exhibit.group(1)}"
        if previous and previous.verb == "viewed" and previous.name == name:
            previous.text = f"Viewed {name}"  # its page and its picture: one look
            return
        if (
            detail == "thumbnail"
            and previous
            and previous.kind == "incident"
            and event.at - previous.at < _SAME_PAGE
        ):
            if exhibit.group(1) not in previous.pictures:
                previous.pictures.append(exhibit.group(1))
            return

    line = _read(event)
    if line is None:
        return
    if previous and previous.same_as(line):
        previous.times += 1
        return
    lines.append(line)


def _read(event) -> Line | None:
    """One event in words, or None for one that adds nothing she could read."""
    action, target, detail, at = event.action, event.target, event.detail, event.at
    exhibit = _EXHIBIT.fullmatch(target)
    incident = _INCIDENT.fullmatch(target)
    amendment = _AMENDMENT.fullmatch(target)

    if action == "viewed":
        if incident:
            name = f"incident {incident.group(1)}"
            if detail == "voice recorder":
                return Line(at, f"Opened the voice recorder for {name}", "viewed", "incident", name)
            return Line(at, f"Viewed {name}", "viewed", "incident", name)
        if amendment:
            name = f"incident {amendment.group(1)}"
            return Line(at, f"Viewed a correction to {name}", "viewed", "correction", name)
        if exhibit:
            name = f"exhibit {exhibit.group(1)}"
            text = {
                "": f"Viewed {name}",
                "preview": f"Viewed the picture of {name}",
                "thumbnail": f"Saw the small picture of {name}",
                "edit form": f"Opened the form to change the details of {name}",
                "withdraw form": f"Opened the page to withdraw {name}",
                "played": f"Played {name}",
                "messages": f"Read the messages in {name}",
                "calls": f"Read the list of calls in {name}",
            }.get(detail, f"Viewed {name}")
            return Line(at, text, "viewed", "exhibit", name)
        if target.startswith("person "):
            return Line(at, "Viewed a person's details", "viewed", "person", target)
        if target.startswith("order "):
            return Line(at, "Viewed an order", "viewed", "order", target)
        if target in PAGES:
            page = PAGES[target]
            if target == "shared_log":
                return Line(at, "Opened your log", phrase="opened your log")
            return Line(at, f"Looked at {page}", phrase=f"looked at {page}")
        return Line(
            at, f"Looked at {_page_words(target)}", phrase=f"looked at {_page_words(target)}"
        )

    if action in ("created", "uploaded"):
        if incident:
            name = f"incident {incident.group(1)}"
            return Line(at, f"Added {name}", "added", "incident", name)
        span = _RANGE.fullmatch(target)
        if span:
            first, last = span.groups()
            return Line(at, f"Added incidents {first} to {last}", phrase="added incidents")
        if exhibit:
            name = f"exhibit {exhibit.group(1)}"
            return Line(at, f"Uploaded {name}", "uploaded", "exhibit", name)
        if target.startswith("person "):
            return Line(at, "Added a person", "added", "person", target)
        if target.startswith("order "):
            return Line(at, "Added an order", "added", "order", target)
    if action == "completed" and incident:
        name = f"incident {incident.group(1)}"
        return Line(at, f"Finished filling in {name}", "finished filling in", "incident", name)
    if action == "amended":
        changed = _fields(detail.removeprefix("changed: "))
        if incident:
            name = f"incident {incident.group(1)}"
            text = f"Corrected {name}" + (f": {changed}" if changed else "")
            return Line(at, text, "corrected", "incident", name)
        if exhibit:
            name = f"exhibit {exhibit.group(1)}"
            text = f"Changed the details of {name}" + (f": {changed}" if changed else "")
            return Line(at, text, "changed the details of", "exhibit", name)
        if target.startswith("person "):
            return Line(at, "Changed a person's details", "changed", "person", target)
        if target.startswith("order "):
            return Line(at, "Changed an order", "changed", "order", target)
    if action == "withdrew" and exhibit:
        name = f"exhibit {exhibit.group(1)}"
        return Line(at, f"Withdrew {name} and deleted its files", "withdrew", "exhibit", name)
    if action in ("linked", "unlinked") and exhibit:
        other = _INCIDENT.fullmatch(detail)
        onto = (
            f" {'to' if action == 'linked' else 'from'} incident {other.group(1)}" if other else ""
        )
        verb = "Linked" if action == "linked" else "Unlinked"
        text = f"{verb} exhibit {exhibit.group(1)}{onto}"
        return Line(at, text, phrase=f"{verb.lower()} exhibit {exhibit.group(1)}")
    if action in ("marked key", "unmarked key") and incident:
        name = f"incident {incident.group(1)}"
        text = f"Marked {name} as a key incident"
        if action == "unmarked key":
            text = f"Took the key incident mark off {name}"
        return Line(at, text, phrase=text[0].lower() + text[1:])
    if action == "downloaded" and exhibit:
        name = f"exhibit {exhibit.group(1)}"
        text = f"Downloaded the original file of {name}"
        return Line(at, text, "downloaded the original of", "exhibit", name)

    if action == "opened" and target.startswith("share "):
        return Line(at, "Opened your log", phrase="opened your log")
    if action == "shared":
        text = "Shared your log" + (f" {detail}" if detail else "")
        return Line(at, text, phrase="shared your log")
    if action == "revoked":
        whom = detail.removeprefix("for ")
        text = "Stopped sharing your log" + (f" with {whom}" if whom else "")
        return Line(at, text, phrase="stopped sharing your log")
    if action == "share ended":
        text = "Sharing ended because the caseworker's account was closed"
        return Line(at, text, phrase="ended a share (the caseworker's account was closed)")
    if action == "sharing code rejected":
        text = "Typed a sharing code that did not work"
        return Line(at, text, phrase="typed a sharing code that did not work")
    if action == "reset_code_issued":
        text = "Made a password reset code for your account"
        return Line(at, text, phrase="made a password reset code for your account")
    if action == "reset_code_used":
        text = "Used a password reset code to set a new password"
        return Line(at, text, phrase="used a password reset code")
    if action == "scheduled deletion":
        due = _DUE.search(detail)
        when = ""
        if due:
            moment = datetime.fromisoformat(due.group(1) + "+00:00")
            when = f", to happen on {timezone.localtime(moment):%-d %b %Y at %H:%M}"
        return Line(
            at, f"Asked for your log to be deleted{when}", phrase="asked to delete your log"
        )
    if action == "cancelled deletion":
        text = "Kept your log: the deletion was cancelled"
        return Line(at, text, phrase="cancelled the deletion of your log")
    if action == "timestamped":
        count = target if re.fullmatch(r"\d+ items?", target) else "items"
        text = f"Proof of the time was added for {count} (from a timestamp authority)"
        return Line(at, text, phrase="added proof of the time")

    page = _page_words(target) if _is_generic(target) else ""
    if action == "changed":
        text = "Made a change" + (f" on {page}" if page else "")
        return Line(at, text, phrase="made a change")
    if action == "searched":
        # The words searched for are never recorded, so never shown.
        text = "Searched" + (f" {page}" if page else "")
        return Line(at, text, phrase="searched" + (f" {page}" if page else ""))
    if action == "tried to change":
        text = "Tried to make a change that was not accepted" + (f" ({page})" if page else "")
        return Line(at, text, phrase="tried to make a change")
    if action == "not found":
        text = "Asked for something that is not in your log" + (f" ({page})" if page else "")
        return Line(at, text, phrase="asked for something not in your log")
    if action == "removed position" and incident:
        name = f"incident {incident.group(1)}"
        text = f"Removed the position saved with {name}"
        return Line(at, text, phrase=f"removed the position saved with {name}")
    if action == "reset the password":
        return Line(at, "Set a new password in the browser that asked for it", phrase=action)
    # Recorded in words already (the password reset's steps: "asked to reset your password",
    # "approved password reset"), or an action this page does not know yet: said as
    # recorded, without ids or underscores.
    words = _scrub(f"{action} {_describe(target)}")
    details = _scrub(detail)
    text = words[:1].upper() + words[1:] + (f" ({details})" if details else "")
    return Line(at, text, phrase=words)


def _is_generic(target) -> bool:
    """Is this the door's entry for a caseworker request, named by the URL's name?"""
    return bool(_URL_NAME.fullmatch(target)) and ("_" in target or target in PAGES)


def _page_words(url_name) -> str:
    if url_name in PAGES:
        return PAGES[url_name]
    return "a page (" + url_name.replace("_", " ") + ")"


def _describe(target) -> str:
    if target == "password reset":
        return "the password reset"
    if _OBJECT_ID.fullmatch(target):
        return {"person": "a person", "order": "an order", "share": "a share"}[target.split()[0]]
    return target


def _scrub(text) -> str:
    """No ids or field names: `name=value` pairs, underscores and bare numbers go."""
    text = re.sub(r"\b\w+=\S+", "", text)
    text = re.sub(r"\b(person|order|share|batch|amendment) \d+\b", r"\1", text)
    return re.sub(r"\s+", " ", text.replace("_", " ")).strip()


def _fields(names) -> str:
    words = [
        FIELD_WORDS.get(name.strip(), name.strip().replace("_", " ")) for name in names.split(",")
    ]
    return ", ".join(word for word in words if word)


# Exports: asked for, made, waited for and downloaded, told as one line -----------------------


def _is_export_step(action, target) -> bool:
    if action == "export requested":
        return True
    return target in _EXPORT_STEPS and action in ("viewed", "changed")


def _export_step(lines, event) -> None:
    """The export page, the request, the waiting and the download link: part of the export
    line they belong to (the one going on, or a new one)."""
    current = next((line for line in reversed(lines) if line.export is not None), None)
    asked = event.action == "export requested"
    if current is None or (asked and current.export.get("asked")):
        current = Line(event.at, "", export={})
        lines.append(current)
    if asked:
        kind = _ASKED.fullmatch(event.target)
        current.export["asked"] = kind.group(1) if kind else "export"
    _export_words(current)


def _export_line(line, target, detail) -> Line:
    made = _MADE.fullmatch(target)
    if made:
        line.export.update(what=made.group(1), bundle=made.group(2), detail=_export_detail(detail))
    else:
        line.export.update(what="", detail="", made=True)
    _export_words(line)
    return line


def _export_detail(detail) -> str:
    parts = []
    profile = re.search(r"profile (\w+)", detail)
    if profile:
        parts.append(PROFILES.get(profile.group(1), profile.group(1)))
    for number, noun in _COUNT.findall(detail):
        word = {"incident": "incident", "exhibit": "exhibit", "entr": "entr"}[noun]
        plural = {"incident": "incidents", "exhibit": "exhibits", "entr": "entries"}[noun]
        single = "entry" if noun == "entr" else word
        parts.append(f"{number} {single if number == '1' else plural}")
    return ", ".join(parts)


def _export_words(line) -> None:
    export = line.export
    what = export.get("what")
    if what:
        words, short = MADE.get(what, ("an export", "an export"))
        text = f"Made {words}"
        if export.get("detail"):
            text += f" ({export['detail']})"
        if export.get("downloaded"):
            text += " and downloaded it"
            line.phrase = f"downloaded {short}"
        else:
            line.phrase = f"made {short}"
        if export.get("bundle"):
            text += f"; its reference is {export['bundle']}"
    elif export.get("made"):
        text = "Made an export" + (" and downloaded it" if export.get("downloaded") else "")
        line.phrase = "made an export"
    elif export.get("downloaded"):
        text = "Downloaded an export made earlier"
        if export.get("bundle"):
            text += f" (reference {export['bundle']})"
        line.phrase = "downloaded an export"
    elif export.get("asked"):
        text = "Asked for an export; it was not ready during this visit"
        line.phrase = "asked for an export"
    else:
        text = "Looked at the export page"
        line.phrase = "looked at the export page"
    line.text = text


# The summary --------------------------------------------------------------------------------

_NOUNS = {
    "incident": ("incident", "incidents"),
    "exhibit": ("exhibit", "exhibits"),
    "person": ("a person's details", "people's details"),
    "order": ("an order", "orders"),
    "correction": ("a correction", "corrections"),
}
SUMMARY_PHRASES = 3


def _rank(line) -> int:
    """What the summary names first: what was taken away or changed, then what was looked at."""
    if line.export is not None:
        return 0 if line.export.get("what") or line.export.get("downloaded") else 4
    if line.verb == "viewed":
        return 2
    if line.phrase == "opened your log":
        return 3
    if line.phrase.startswith("looked at"):
        return 4
    return 1


def _summary(lines) -> str:
    """One sentence for the visit: counted objects per verb ("viewed 3 incidents and exhibit
    JS/1"), then the other things done, most telling first, at most SUMMARY_PHRASES of them."""
    named: dict[str, dict[str, list[str]]] = {}  # verb -> kind -> names, in order seen
    entries: list[tuple[int, int, str]] = []  # (rank, first seen, verb or phrase)
    for order, line in enumerate(lines):
        if line.verb and line.kind in _NOUNS:
            if line.verb not in named:
                named[line.verb] = {}
                entries.append((_rank(line), order, line.verb))
            names = named[line.verb].setdefault(line.kind, [])
            if line.name not in names:
                names.append(line.name)
        elif line.phrase and line.phrase not in [entry[2] for entry in entries]:
            entries.append((_rank(line), order, line.phrase))
    chosen = sorted(entries)
    if any(rank < 4 for rank, _, _ in chosen):
        chosen = [entry for entry in chosen if entry[0] < 4]
    left_out = max(0, len(chosen) - SUMMARY_PHRASES)
    chosen = sorted(chosen[:SUMMARY_PHRASES], key=lambda entry: entry[1])
    words = [
        _objects(phrase, named[phrase]) if phrase in named else phrase for _, _, phrase in chosen
    ]
    if left_out:
        words.append(f"{left_out} other thing{'s' if left_out > 1 else ''}")
    return _and(words) or "did nothing that was recorded"


def _objects(verb, kinds) -> str:
    """ "viewed 3 incidents and exhibit JS/1", "downloaded the original of exhibit JS/1"."""
    parts = []
    for kind, names in kinds.items():
        single, plural = _NOUNS[kind]
        if len(names) > 1:
            parts.append(f"{len(names)} {plural}")
        elif kind in ("incident", "exhibit"):
            parts.append(names[0])
        else:
            parts.append(single)
    return f"{verb} {_and(parts)}"


def _and(words) -> str:
    if len(words) <= 1:
        return "".join(words)
    # "opened your log, viewed incident 1 and exhibit JS/1, and downloaded a PDF"
    last = ", and " if any(" and " in word for word in words) else " and "
    return ", ".join(words[:-1]) + last + words[-1]
