"""The access log as a person reads it: events grouped into visits, told in plain words.

The events themselves stay exactly as recorded (the hash chain covers them); this module only
reads them. A visit is one person's run of consecutive events with less than `VISIT_GAP`
between one and the next. Each event becomes a line ("Viewed incident 3"); lines that say
the same thing twice (an exhibit's page and its picture, an export's request, progress
checks and download) are folded into one, and the visit gets a one-sentence summary ("viewed
3 incidents and downloaded a PDF"). Database ids, URL names and field names never reach the
page: what cannot be said in words is left out or named generically.

Every line and every summary clause is a whole sentence from one table, `TOLD`, so that
translators can order its words as their language needs (Welsh, Polish and Urdu differ in
word order, case and plurals): nothing here glues English fragments together. Clauses are
joined by translated list patterns (`_and`), which a language may turn into a list of short
sentences.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import dateformat, timezone
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import (
    ngettext,
    npgettext,
    npgettext_lazy,
    pgettext,
    pgettext_lazy,
)

from stalklog.accounts.signins import device_text
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

# The contexts translators see (written out in each call: makemessages reads only literals):
# "access log line", a line of a visit, and "access log summary", a clause of its summary,
# which comes after who did it and is joined to the others.


@dataclass(frozen=True)
class Told:
    """How one kind of event is told. `line` is a whole sentence with named placeholders;
    `clause` is what the visit's summary says of it, joined to the others after who did it
    ("opened your log"). A counted kind has `many` too: the clause for several objects, and
    kinds with the same `group` are counted together ("viewed 3 exhibits" counts an exhibit's
    page and its picture as one). `rank` orders the summary: what was taken away or changed
    (0, 1) before what was looked at (2, 3, 4)."""

    line: Promise
    clause: Promise
    many: Promise | None = None
    group: str = ""
    rank: int = 1


def _page(line, clause, rank=4) -> Told:
    return Told(line, clause, rank=rank)


def _viewed(line, group) -> Told:
    return Told(line, TOLD_GROUPS[group][0], TOLD_GROUPS[group][1], group=group, rank=2)


# The summary's clauses for what was looked at, by what: (one object, several counted).
TOLD_GROUPS = {
    "viewed incident": (
        pgettext_lazy("access log summary", "viewed incident %(number)s"),
        npgettext_lazy(
            "access log summary", "viewed %(count)s incident", "viewed %(count)s incidents", "count"
        ),
    ),
    "viewed correction": (
        pgettext_lazy("access log summary", "viewed a correction to incident %(number)s"),
        npgettext_lazy(
            "access log summary",
            "viewed corrections to %(count)s incident",
            "viewed corrections to %(count)s incidents",
            "count",
        ),
    ),
    "viewed exhibit": (
        pgettext_lazy("access log summary", "viewed exhibit %(ref)s"),
        npgettext_lazy(
            "access log summary", "viewed %(count)s exhibit", "viewed %(count)s exhibits", "count"
        ),
    ),
    "viewed person": (
        pgettext_lazy("access log summary", "viewed a person's details"),
        npgettext_lazy(
            "access log summary",
            "viewed %(count)s person's details",
            "viewed %(count)s people's details",
            "count",
        ),
    ),
    "viewed order": (
        pgettext_lazy("access log summary", "viewed an order"),
        npgettext_lazy(
            "access log summary", "viewed %(count)s order", "viewed %(count)s orders", "count"
        ),
    ),
}


def _counted(line, one, many, group) -> Told:
    return Told(line, one, many, group=group)


# Every kind of event, by the key `_read` finds for it: its line and its summary's words.
TOLD = {
    # Looking at things (counted: "viewed 3 incidents").
    "viewed incident": _viewed(
        pgettext_lazy("access log line", "Viewed incident %(number)s"), "viewed incident"
    ),
    "voice recorder": _viewed(
        pgettext_lazy("access log line", "Opened the voice recorder for incident %(number)s"),
        "viewed incident",
    ),
    "viewed correction": _viewed(
        pgettext_lazy("access log line", "Viewed a correction to incident %(number)s"),
        "viewed correction",
    ),
    "viewed exhibit": _viewed(
        pgettext_lazy("access log line", "Viewed exhibit %(ref)s"), "viewed exhibit"
    ),
    "viewed exhibit picture": _viewed(
        pgettext_lazy("access log line", "Viewed the picture of exhibit %(ref)s"), "viewed exhibit"
    ),
    "viewed exhibit small picture": _viewed(
        pgettext_lazy("access log line", "Saw the small picture of exhibit %(ref)s"),
        "viewed exhibit",
    ),
    "opened exhibit details form": _viewed(
        pgettext_lazy(
            "access log line", "Opened the form to change the details of exhibit %(ref)s"
        ),
        "viewed exhibit",
    ),
    "opened exhibit withdraw page": _viewed(
        pgettext_lazy("access log line", "Opened the page to withdraw exhibit %(ref)s"),
        "viewed exhibit",
    ),
    "played exhibit": _viewed(
        pgettext_lazy("access log line", "Played exhibit %(ref)s"), "viewed exhibit"
    ),
    "read exhibit messages": _viewed(
        pgettext_lazy("access log line", "Read the messages in exhibit %(ref)s"), "viewed exhibit"
    ),
    "read exhibit calls": _viewed(
        pgettext_lazy("access log line", "Read the list of calls in exhibit %(ref)s"),
        "viewed exhibit",
    ),
    "opened exhibit download": _viewed(
        pgettext_lazy(
            "access log line", "Started to download the original file of exhibit %(ref)s"
        ),
        "viewed exhibit",
    ),
    "opened exhibit unlink page": _viewed(
        pgettext_lazy(
            "access log line", "Opened the page to unlink exhibit %(ref)s from incident %(number)s"
        ),
        "viewed exhibit",
    ),
    "opened position remove page": _viewed(
        pgettext_lazy(
            "access log line",
            "Opened the page to remove the position saved with incident %(number)s",
        ),
        "viewed incident",
    ),
    "viewed person": _viewed(
        pgettext_lazy("access log line", "Viewed a person's details"), "viewed person"
    ),
    "viewed order": _viewed(pgettext_lazy("access log line", "Viewed an order"), "viewed order"),
    # Adding and changing things (counted).
    "added incident": _counted(
        pgettext_lazy("access log line", "Added incident %(number)s"),
        pgettext_lazy("access log summary", "added incident %(number)s"),
        npgettext_lazy(
            "access log summary", "added %(count)s incident", "added %(count)s incidents", "count"
        ),
        "added incident",
    ),
    "uploaded exhibit": _counted(
        pgettext_lazy("access log line", "Uploaded exhibit %(ref)s"),
        pgettext_lazy("access log summary", "uploaded exhibit %(ref)s"),
        npgettext_lazy(
            "access log summary",
            "uploaded %(count)s exhibit",
            "uploaded %(count)s exhibits",
            "count",
        ),
        "uploaded exhibit",
    ),
    "added person": _counted(
        pgettext_lazy("access log line", "Added a person"),
        pgettext_lazy("access log summary", "added a person"),
        npgettext_lazy(
            "access log summary", "added %(count)s person", "added %(count)s people", "count"
        ),
        "added person",
    ),
    "added order": _counted(
        pgettext_lazy("access log line", "Added an order"),
        pgettext_lazy("access log summary", "added an order"),
        npgettext_lazy(
            "access log summary", "added %(count)s order", "added %(count)s orders", "count"
        ),
        "added order",
    ),
    "finished incident": _counted(
        pgettext_lazy("access log line", "Finished filling in incident %(number)s"),
        pgettext_lazy("access log summary", "finished filling in incident %(number)s"),
        npgettext_lazy(
            "access log summary",
            "finished filling in %(count)s incident",
            "finished filling in %(count)s incidents",
            "count",
        ),
        "finished incident",
    ),
    "corrected incident": _counted(
        pgettext_lazy("access log line", "Corrected incident %(number)s"),
        pgettext_lazy("access log summary", "corrected incident %(number)s"),
        npgettext_lazy(
            "access log summary",
            "corrected %(count)s incident",
            "corrected %(count)s incidents",
            "count",
        ),
        "corrected incident",
    ),
    "corrected incident fields": _counted(
        # %(fields)s: a list of what was changed ("when it happened, exact words").
        pgettext_lazy("access log line", "Corrected incident %(number)s: %(fields)s"),
        pgettext_lazy("access log summary", "corrected incident %(number)s"),
        npgettext_lazy(
            "access log summary",
            "corrected %(count)s incident",
            "corrected %(count)s incidents",
            "count",
        ),
        "corrected incident",
    ),
    "changed exhibit": _counted(
        pgettext_lazy("access log line", "Changed the details of exhibit %(ref)s"),
        pgettext_lazy("access log summary", "changed the details of exhibit %(ref)s"),
        npgettext_lazy(
            "access log summary",
            "changed the details of %(count)s exhibit",
            "changed the details of %(count)s exhibits",
            "count",
        ),
        "changed exhibit",
    ),
    "changed exhibit fields": _counted(
        pgettext_lazy("access log line", "Changed the details of exhibit %(ref)s: %(fields)s"),
        pgettext_lazy("access log summary", "changed the details of exhibit %(ref)s"),
        npgettext_lazy(
            "access log summary",
            "changed the details of %(count)s exhibit",
            "changed the details of %(count)s exhibits",
            "count",
        ),
        "changed exhibit",
    ),
    "changed person": _counted(
        pgettext_lazy("access log line", "Changed a person's details"),
        pgettext_lazy("access log summary", "changed a person's details"),
        npgettext_lazy(
            "access log summary",
            "changed %(count)s person's details",
            "changed %(count)s people's details",
            "count",
        ),
        "changed person",
    ),
    "changed order": _counted(
        pgettext_lazy("access log line", "Changed an order"),
        pgettext_lazy("access log summary", "changed an order"),
        npgettext_lazy(
            "access log summary", "changed %(count)s order", "changed %(count)s orders", "count"
        ),
        "changed order",
    ),
    "withdrew exhibit": _counted(
        pgettext_lazy("access log line", "Withdrew exhibit %(ref)s and deleted its files"),
        pgettext_lazy("access log summary", "withdrew exhibit %(ref)s"),
        npgettext_lazy(
            "access log summary",
            "withdrew %(count)s exhibit",
            "withdrew %(count)s exhibits",
            "count",
        ),
        "withdrew exhibit",
    ),
    "downloaded original": _counted(
        pgettext_lazy("access log line", "Downloaded the original file of exhibit %(ref)s"),
        pgettext_lazy("access log summary", "downloaded the original of exhibit %(ref)s"),
        npgettext_lazy(
            "access log summary",
            "downloaded the original of %(count)s exhibit",
            "downloaded the originals of %(count)s exhibits",
            "count",
        ),
        "downloaded exhibit",
    ),
    # Other things done (not counted).
    "added incidents": Told(
        pgettext_lazy("access log line", "Added incidents %(first)s to %(last)s"),
        pgettext_lazy("access log summary", "added incidents %(first)s to %(last)s"),
    ),
    "linked exhibit": Told(
        pgettext_lazy("access log line", "Linked exhibit %(ref)s"),
        pgettext_lazy("access log summary", "linked exhibit %(ref)s"),
    ),
    "linked exhibit to incident": Told(
        pgettext_lazy("access log line", "Linked exhibit %(ref)s to incident %(number)s"),
        pgettext_lazy("access log summary", "linked exhibit %(ref)s"),
    ),
    "unlinked exhibit": Told(
        pgettext_lazy("access log line", "Unlinked exhibit %(ref)s"),
        pgettext_lazy("access log summary", "unlinked exhibit %(ref)s"),
    ),
    "unlinked exhibit from incident": Told(
        pgettext_lazy("access log line", "Unlinked exhibit %(ref)s from incident %(number)s"),
        pgettext_lazy("access log summary", "unlinked exhibit %(ref)s"),
    ),
    "marked key": Told(
        pgettext_lazy("access log line", "Marked incident %(number)s as a key incident"),
        pgettext_lazy("access log summary", "marked incident %(number)s as a key incident"),
    ),
    "unmarked key": Told(
        pgettext_lazy("access log line", "Took the key incident mark off incident %(number)s"),
        pgettext_lazy("access log summary", "took the key incident mark off incident %(number)s"),
    ),
    "removed position": Told(
        pgettext_lazy("access log line", "Removed the position saved with incident %(number)s"),
        pgettext_lazy("access log summary", "removed the position saved with incident %(number)s"),
    ),
    "opened log": Told(
        pgettext_lazy("access log line", "Opened your log"),
        pgettext_lazy("access log summary", "opened your log"),
        rank=3,
    ),
    "shared": Told(
        pgettext_lazy("access log line", "Shared your log"),
        pgettext_lazy("access log summary", "shared your log"),
    ),
    "shared with": Told(
        pgettext_lazy(
            "access log line", "Shared your log with %(name)s (%(organisation)s) until %(day)s"
        ),
        pgettext_lazy("access log summary", "shared your log"),
    ),
    "revoked": Told(
        pgettext_lazy("access log line", "Stopped sharing your log"),
        pgettext_lazy("access log summary", "stopped sharing your log"),
    ),
    "revoked with": Told(
        pgettext_lazy("access log line", "Stopped sharing your log with %(name)s"),
        pgettext_lazy("access log summary", "stopped sharing your log"),
    ),
    "share ended": Told(
        pgettext_lazy(
            "access log line", "Sharing ended because the caseworker's account was closed"
        ),
        pgettext_lazy(
            "access log summary", "ended a share because the caseworker's account was closed"
        ),
    ),
    "sharing code rejected": Told(
        pgettext_lazy("access log line", "Typed a sharing code that did not work"),
        pgettext_lazy("access log summary", "typed a sharing code that did not work"),
    ),
    "reset code issued": Told(
        pgettext_lazy("access log line", "Made a password reset code for your account"),
        pgettext_lazy("access log summary", "made a password reset code for your account"),
    ),
    "reset code used": Told(
        pgettext_lazy("access log line", "Used a password reset code to set a new password"),
        pgettext_lazy("access log summary", "used a password reset code"),
    ),
    "asked to reset": Told(
        pgettext_lazy("access log line", "Asked to reset your password"),
        pgettext_lazy("access log summary", "asked to reset your password"),
    ),
    "asked to reset on": Told(
        # %(device)s: the browser and system, as recorded ("Firefox on Android").
        pgettext_lazy("access log line", "Asked to reset your password (%(device)s)"),
        pgettext_lazy("access log summary", "asked to reset your password"),
    ),
    "confirmed identity": Told(
        pgettext_lazy("access log line", "Confirmed your identity for a password reset"),
        pgettext_lazy("access log summary", "confirmed your identity for a password reset"),
    ),
    "approved reset": Told(
        pgettext_lazy("access log line", "Approved the password reset"),
        pgettext_lazy("access log summary", "approved the password reset"),
    ),
    "approved reset from": Told(
        pgettext_lazy(
            "access log line", "Approved the password reset: it can be completed from %(when)s"
        ),
        pgettext_lazy("access log summary", "approved the password reset"),
    ),
    "refused reset": Told(
        pgettext_lazy("access log line", "Refused the password reset"),
        pgettext_lazy("access log summary", "refused the password reset"),
    ),
    "cancelled reset": Told(
        pgettext_lazy("access log line", "Cancelled the password reset"),
        pgettext_lazy("access log summary", "cancelled the password reset"),
    ),
    "cancelled reset asked": Told(
        pgettext_lazy("access log line", "Cancelled the password reset asked for on %(when)s"),
        pgettext_lazy("access log summary", "cancelled the password reset"),
    ),
    "cancelled reset done": Told(
        pgettext_lazy(
            "access log line", "Cancelled the other password reset requests: the password was reset"
        ),
        pgettext_lazy("access log summary", "cancelled the other password reset requests"),
    ),
    "reset the password": Told(
        pgettext_lazy("access log line", "Set a new password in the browser that asked for it"),
        pgettext_lazy("access log summary", "reset the password"),
    ),
    "scheduled deletion": Told(
        pgettext_lazy("access log line", "Asked for your log to be deleted"),
        pgettext_lazy("access log summary", "asked to delete your log"),
    ),
    "scheduled deletion on": Told(
        pgettext_lazy("access log line", "Asked for your log to be deleted, to happen on %(when)s"),
        pgettext_lazy("access log summary", "asked to delete your log"),
    ),
    "cancelled deletion": Told(
        pgettext_lazy("access log line", "Kept your log: the deletion was cancelled"),
        pgettext_lazy("access log summary", "cancelled the deletion of your log"),
    ),
    "timestamped": Told(
        pgettext_lazy(
            "access log line", "Proof of the time was added (from a timestamp authority)"
        ),
        pgettext_lazy("access log summary", "added proof of the time"),
    ),
    "timestamped items": Told(
        npgettext_lazy(
            "access log line",
            "Proof of the time was added for %(count)s item (from a timestamp authority)",
            "Proof of the time was added for %(count)s items (from a timestamp authority)",
            "count",
        ),
        pgettext_lazy("access log summary", "added proof of the time"),
    ),
    # A caseworker's request the view did not describe itself (see access._recorded): said by
    # its page (`CHANGED_PAGES`, `TRIED_PAGES`) and the object its address named. Such an entry
    # is left only when the view or its service recorded nothing, which on today's pages means
    # the form changed nothing (a sentence says so); entries from before every service
    # recorded its own writes are told as the change they were. The words searched for are
    # never recorded, so never shown.
    "changed": Told(
        pgettext_lazy("access log line", "Made a change on a page this record cannot name yet"),
        pgettext_lazy("access log summary", "made a change"),
    ),
    "tried to change": Told(
        pgettext_lazy("access log line", "Tried to make a change that was not accepted"),
        pgettext_lazy("access log summary", "tried to make a change"),
    ),
    "added an incident": Told(
        pgettext_lazy("access log line", "Added an incident"),
        pgettext_lazy("access log summary", "added an incident"),
    ),
    "pressed key button": Told(
        pgettext_lazy(
            "access log line",
            "Pressed the key incident button of incident %(number)s; nothing changed",
        ),
        pgettext_lazy(
            "access log summary", "pressed the key incident button of incident %(number)s"
        ),
    ),
    "answered position question": Told(
        pgettext_lazy(
            "access log line",
            "Answered the question about the position saved with incident %(number)s; "
            "nothing was removed yet",
        ),
        pgettext_lazy(
            "access log summary",
            "answered the question about the position saved with incident %(number)s",
        ),
    ),
    "linked evidence to incident": Told(
        pgettext_lazy("access log line", "Linked evidence to incident %(number)s"),
        pgettext_lazy("access log summary", "linked evidence to incident %(number)s"),
    ),
    "link not chosen": Told(
        pgettext_lazy(
            "access log line",
            "Tried to link exhibit %(ref)s to an incident without choosing one; nothing was linked",
        ),
        pgettext_lazy("access log summary", "tried to link exhibit %(ref)s to an incident"),
    ),
    "withdrew again": Told(
        pgettext_lazy(
            "access log line", "Tried to withdraw exhibit %(ref)s, which was already withdrawn"
        ),
        pgettext_lazy("access log summary", "tried to withdraw exhibit %(ref)s"),
    ),
    "calls to incidents": Told(
        pgettext_lazy(
            "access log line",
            "Asked to turn calls in exhibit %(ref)s into incidents; no new incident was made",
        ),
        pgettext_lazy(
            "access log summary", "asked to turn calls in exhibit %(ref)s into incidents"
        ),
    ),
    "messages to incidents": Told(
        pgettext_lazy("access log line", "Turned messages in exhibit %(ref)s into incidents"),
        pgettext_lazy("access log summary", "turned messages in exhibit %(ref)s into incidents"),
    ),
    "cancelled upload": Told(
        pgettext_lazy(
            "access log line", "Cancelled a file that was being uploaded; nothing of it was kept"
        ),
        pgettext_lazy("access log summary", "cancelled an upload"),
    ),
    "tried to add incident": Told(
        pgettext_lazy("access log line", "Tried to add an incident; it was not saved"),
        pgettext_lazy("access log summary", "tried to add an incident"),
    ),
    "tried to change incident": Told(
        pgettext_lazy("access log line", "Tried to change incident %(number)s; nothing was saved"),
        pgettext_lazy("access log summary", "tried to change incident %(number)s"),
    ),
    "tried to upload": Told(
        pgettext_lazy("access log line", "Tried to upload evidence; nothing was saved"),
        pgettext_lazy("access log summary", "tried to upload evidence"),
    ),
    "tried to change exhibit": Told(
        pgettext_lazy("access log line", "Tried to change exhibit %(ref)s; nothing was saved"),
        pgettext_lazy("access log summary", "tried to change exhibit %(ref)s"),
    ),
    "tried to add person": Told(
        pgettext_lazy("access log line", "Tried to add a person; nothing was saved"),
        pgettext_lazy("access log summary", "tried to add a person"),
    ),
    "tried to change person": Told(
        # %(about)s: which person, by how they are related to her ("Ex-partner").
        pgettext_lazy(
            "access log line", "Tried to change a person's details (%(about)s); nothing was saved"
        ),
        pgettext_lazy("access log summary", "tried to change a person's details"),
    ),
    "tried to add order": Told(
        pgettext_lazy("access log line", "Tried to add an order; nothing was saved"),
        pgettext_lazy("access log summary", "tried to add an order"),
    ),
    "tried to change order": Told(
        # %(about)s: which order, by its kind and the day it was made.
        pgettext_lazy("access log line", "Tried to change an order (%(about)s); nothing was saved"),
        pgettext_lazy("access log summary", "tried to change an order"),
    ),
    "filled in export form": Told(
        pgettext_lazy("access log line", "Filled in the export form; no export was started"),
        pgettext_lazy("access log summary", "filled in the export form"),
    ),
    "not found": Told(
        pgettext_lazy("access log line", "Asked for something that is not in your log"),
        pgettext_lazy("access log summary", "asked for something not in your log"),
    ),
    "searched": Told(
        pgettext_lazy("access log line", "Searched your log"),
        pgettext_lazy("access log summary", "searched your log"),
    ),
    "searched timeline": Told(
        pgettext_lazy("access log line", "Searched the list of incidents"),
        pgettext_lazy("access log summary", "searched the list of incidents"),
    ),
    "searched evidence": Told(
        pgettext_lazy("access log line", "Searched the list of evidence"),
        pgettext_lazy("access log summary", "searched the list of evidence"),
    ),
    "searched messages": Told(
        pgettext_lazy("access log line", "Searched the messages in an exhibit"),
        pgettext_lazy("access log summary", "searched the messages in an exhibit"),
    ),
    "searched documents": Told(
        pgettext_lazy("access log line", "Searched on the court documents page"),
        pgettext_lazy("access log summary", "searched on the court documents page"),
    ),
    # Pages a caseworker's request is recorded by (the URL's name): what she would call them.
    "page": _page(
        pgettext_lazy("access log line", "Looked at another page"),
        pgettext_lazy("access log summary", "looked at another page"),
    ),
    "page home": _page(
        pgettext_lazy("access log line", "Looked at the start page"),
        pgettext_lazy("access log summary", "looked at the start page"),
    ),
    "page timeline": _page(
        pgettext_lazy("access log line", "Looked at the list of incidents"),
        pgettext_lazy("access log summary", "looked at the list of incidents"),
    ),
    "page incident_new": _page(
        pgettext_lazy("access log line", "Looked at the form to add an incident"),
        pgettext_lazy("access log summary", "looked at the form to add an incident"),
    ),
    "page log_it_now": _page(
        pgettext_lazy("access log line", "Looked at the quick form to log an incident"),
        pgettext_lazy("access log summary", "looked at the quick form to log an incident"),
    ),
    "page people": _page(
        pgettext_lazy("access log line", "Looked at the list of people"),
        pgettext_lazy("access log summary", "looked at the list of people"),
    ),
    "page person_new": _page(
        pgettext_lazy("access log line", "Looked at the form to add a person"),
        pgettext_lazy("access log summary", "looked at the form to add a person"),
    ),
    "page orders": _page(
        pgettext_lazy("access log line", "Looked at the list of orders"),
        pgettext_lazy("access log summary", "looked at the list of orders"),
    ),
    "page order_new": _page(
        pgettext_lazy("access log line", "Looked at the form to add an order"),
        pgettext_lazy("access log summary", "looked at the form to add an order"),
    ),
    "page exhibit_list": _page(
        pgettext_lazy("access log line", "Looked at the list of evidence"),
        pgettext_lazy("access log summary", "looked at the list of evidence"),
    ),
    "page exhibit_upload": _page(
        pgettext_lazy("access log line", "Looked at the upload page"),
        pgettext_lazy("access log summary", "looked at the upload page"),
    ),
    "page documents": _page(
        pgettext_lazy("access log line", "Looked at the court documents page"),
        pgettext_lazy("access log summary", "looked at the court documents page"),
    ),
    "page reset_code_issue": _page(
        pgettext_lazy("access log line", "Looked at the page for a password reset code"),
        pgettext_lazy("access log summary", "looked at the page for a password reset code"),
    ),
    "page incident_detail": _page(
        pgettext_lazy("access log line", "Looked at an incident"),
        pgettext_lazy("access log summary", "looked at an incident"),
    ),
    "page incident_amend": _page(
        pgettext_lazy("access log line", "Looked at the correction form of an incident"),
        pgettext_lazy("access log summary", "looked at the correction form of an incident"),
    ),
    "page incident_key": _page(
        pgettext_lazy("access log line", "Looked at the key incident mark of an incident"),
        pgettext_lazy("access log summary", "looked at the key incident mark of an incident"),
    ),
    "page incident_position_remove": _page(
        pgettext_lazy(
            "access log line", "Looked at the page to remove the position saved with an incident"
        ),
        pgettext_lazy(
            "access log summary", "looked at the page to remove the position saved with an incident"
        ),
    ),
    "page record_voice": _page(
        pgettext_lazy("access log line", "Looked at the voice recorder"),
        pgettext_lazy("access log summary", "looked at the voice recorder"),
    ),
    "page exhibit_detail": _page(
        pgettext_lazy("access log line", "Looked at an exhibit"),
        pgettext_lazy("access log summary", "looked at an exhibit"),
    ),
    "page exhibit_edit": _page(
        pgettext_lazy("access log line", "Looked at the details form of an exhibit"),
        pgettext_lazy("access log summary", "looked at the details form of an exhibit"),
    ),
    "page exhibit_preview": _page(
        pgettext_lazy("access log line", "Looked at the picture of an exhibit"),
        pgettext_lazy("access log summary", "looked at the picture of an exhibit"),
    ),
    "page exhibit_thumbnail": _page(
        pgettext_lazy("access log line", "Looked at the small picture of an exhibit"),
        pgettext_lazy("access log summary", "looked at the small picture of an exhibit"),
    ),
    "page exhibit_media": _page(
        pgettext_lazy("access log line", "Looked at a recording or video"),
        pgettext_lazy("access log summary", "looked at a recording or video"),
    ),
    "page exhibit_download": _page(
        pgettext_lazy("access log line", "Looked at the original file of an exhibit"),
        pgettext_lazy("access log summary", "looked at the original file of an exhibit"),
    ),
    "page exhibit_withdraw": _page(
        pgettext_lazy("access log line", "Looked at the page to withdraw an exhibit"),
        pgettext_lazy("access log summary", "looked at the page to withdraw an exhibit"),
    ),
    "page exhibit_link": _page(
        pgettext_lazy("access log line", "Looked at the page to link an exhibit"),
        pgettext_lazy("access log summary", "looked at the page to link an exhibit"),
    ),
    "page exhibit_unlink": _page(
        pgettext_lazy(
            "access log line", "Looked at the page to unlink an exhibit from an incident"
        ),
        pgettext_lazy(
            "access log summary", "looked at the page to unlink an exhibit from an incident"
        ),
    ),
    "page incident_exhibit_link": _page(
        pgettext_lazy("access log line", "Looked at the page to link evidence to an incident"),
        pgettext_lazy("access log summary", "looked at the page to link evidence to an incident"),
    ),
    "page exhibit_messages": _page(
        pgettext_lazy("access log line", "Looked at the messages in an exhibit"),
        pgettext_lazy("access log summary", "looked at the messages in an exhibit"),
    ),
    "page exhibit_calls": _page(
        pgettext_lazy("access log line", "Looked at the list of calls in an exhibit"),
        pgettext_lazy("access log summary", "looked at the list of calls in an exhibit"),
    ),
    "page person_detail": _page(
        pgettext_lazy("access log line", "Looked at a person's details"),
        pgettext_lazy("access log summary", "looked at a person's details"),
    ),
    "page person_edit": _page(
        pgettext_lazy("access log line", "Looked at the form to change a person's details"),
        pgettext_lazy("access log summary", "looked at the form to change a person's details"),
    ),
    "page order_edit": _page(
        pgettext_lazy("access log line", "Looked at the form to change an order"),
        pgettext_lazy("access log summary", "looked at the form to change an order"),
    ),
    # Exports: asked for, made, waited for and downloaded, told as one line.
    "export page": _page(
        pgettext_lazy("access log line", "Looked at the export page"),
        pgettext_lazy("access log summary", "looked at the export page"),
    ),
    "export asked": _page(
        pgettext_lazy("access log line", "Asked for an export; it was not ready during this visit"),
        pgettext_lazy("access log summary", "asked for an export"),
    ),
    "export downloaded ref": Told(
        pgettext_lazy(
            "access log line", "Downloaded an export made earlier (reference %(reference)s)"
        ),
        pgettext_lazy("access log summary", "downloaded an export"),
        rank=0,
    ),
    "export made": Told(
        pgettext_lazy("access log line", "Made an export"),
        pgettext_lazy("access log summary", "made an export"),
        rank=0,
    ),
    "export made downloaded": Told(
        pgettext_lazy("access log line", "Made an export and downloaded it"),
        pgettext_lazy("access log summary", "made an export"),
        rank=0,
    ),
    # An action this page does not know yet: said as recorded, without ids or underscores.
    "other": Told(
        pgettext_lazy(
            "access log line", "Something this page cannot describe yet, recorded as “%(recorded)s”"
        ),
        pgettext_lazy("access log summary", "did something else"),
    ),
}

# What an export made, by the export's own name for it: (made, made and downloaded) as lines,
# (made, downloaded) as the summary's words.
MADE = {
    "timeline pdf": (
        pgettext_lazy("access log line", "Made a PDF of the timeline"),
        pgettext_lazy("access log line", "Made a PDF of the timeline and downloaded it"),
        pgettext_lazy("access log summary", "made a PDF"),
        pgettext_lazy("access log summary", "downloaded a PDF"),
    ),
    "timeline html": (
        pgettext_lazy("access log line", "Made a web page of the timeline"),
        pgettext_lazy("access log line", "Made a web page of the timeline and downloaded it"),
        pgettext_lazy("access log summary", "made a web page of the timeline"),
        pgettext_lazy("access log summary", "downloaded a web page of the timeline"),
    ),
    "bundle zip": (
        pgettext_lazy("access log line", "Made a ZIP evidence bundle"),
        pgettext_lazy("access log line", "Made a ZIP evidence bundle and downloaded it"),
        pgettext_lazy("access log summary", "made a ZIP evidence bundle"),
        pgettext_lazy("access log summary", "downloaded a ZIP evidence bundle"),
    ),
    "statement docx": (
        pgettext_lazy("access log line", "Made a draft statement (Word)"),
        pgettext_lazy("access log line", "Made a draft statement (Word) and downloaded it"),
        pgettext_lazy("access log summary", "made a draft statement"),
        pgettext_lazy("access log summary", "downloaded a draft statement"),
    ),
    "statement pdf": (
        pgettext_lazy("access log line", "Made a draft statement (PDF)"),
        pgettext_lazy("access log line", "Made a draft statement (PDF) and downloaded it"),
        pgettext_lazy("access log summary", "made a draft statement"),
        pgettext_lazy("access log summary", "downloaded a draft statement"),
    ),
    "breach report pdf": (
        pgettext_lazy("access log line", "Made a breach report (PDF)"),
        pgettext_lazy("access log line", "Made a breach report (PDF) and downloaded it"),
        pgettext_lazy("access log summary", "made a breach report"),
        pgettext_lazy("access log summary", "downloaded a breach report"),
    ),
    "impact summary docx": (
        pgettext_lazy("access log line", "Made an impact summary (Word)"),
        pgettext_lazy("access log line", "Made an impact summary (Word) and downloaded it"),
        pgettext_lazy("access log summary", "made an impact summary"),
        pgettext_lazy("access log summary", "downloaded an impact summary"),
    ),
}
# The export's profile, in its details ("caseworker print, 3 incidents, 1 exhibit").
PROFILES = {
    "police": pgettext_lazy("export details", "for the police"),
    "caseworker": pgettext_lazy("export details", "caseworker print"),
    "summary": pgettext_lazy("export details", "summary"),
}
EXPORT_COUNTS = {
    "incident": npgettext_lazy(
        "export details", "%(count)s incident", "%(count)s incidents", "count"
    ),
    "exhibit": npgettext_lazy("export details", "%(count)s exhibit", "%(count)s exhibits", "count"),
    "entr": npgettext_lazy("export details", "%(count)s entry", "%(count)s entries", "count"),
}

# Words for the fields a correction can change (incidents) or an exhibit's details form, as
# the forms name them; each stands alone, as one item of a list after a colon.
FIELD_WORDS = {
    "occurred_start": pgettext_lazy("changed detail", "when it happened"),
    "occurred_end": pgettext_lazy("changed detail", "when it ended"),
    "time_precision": pgettext_lazy("changed detail", "how exact the time is"),
    "location_type": pgettext_lazy("changed detail", "kind of place"),
    "location": pgettext_lazy("changed detail", "where it happened"),
    "channel": pgettext_lazy("changed detail", "how they contacted you"),
    "behaviours": pgettext_lazy("changed detail", "what kind of thing happened"),
    "people": pgettext_lazy("changed detail", "who was involved"),
    "description": pgettext_lazy("changed detail", "what happened"),
    "exact_words": pgettext_lazy("changed detail", "exact words"),
    "fear_of_violence": pgettext_lazy("changed detail", "fear of violence"),
    "alarm_or_distress": pgettext_lazy("changed detail", "alarm or distress"),
    "effect_on_daily_life": pgettext_lazy("changed detail", "effect on daily life"),
    "impact_score": pgettext_lazy("changed detail", "how much it affected you"),
    "impact": pgettext_lazy("changed detail", "the effect on you"),
    "children_present": pgettext_lazy("changed detail", "children present"),
    "called_999": pgettext_lazy("changed detail", "called 999"),
    "police_attended": pgettext_lazy("changed detail", "police came"),
    "reported_to_police": pgettext_lazy("changed detail", "reported to the police"),
    "police_force": pgettext_lazy("changed detail", "police force"),
    "police_officer": pgettext_lazy("changed detail", "police officer"),
    "police_log_number": pgettext_lazy("changed detail", "police log number"),
    "crime_reference": pgettext_lazy("changed detail", "crime reference"),
    "order_breached": pgettext_lazy("changed detail", "order broken"),
    "series_count": pgettext_lazy("changed detail", "how many times"),
    "private_notes": pgettext_lazy("changed detail", "private notes"),
    "witnesses": pgettext_lazy("changed detail", "witnesses"),
    "title": pgettext_lazy("changed detail", "title"),
    "kind": pgettext_lazy("changed detail", "type"),
    "content_date": pgettext_lazy("changed detail", "when it was sent or taken"),
    "captured_date": pgettext_lazy("changed detail", "when it was saved"),
    "sender_visible": pgettext_lazy("changed detail", "whether the sender can be seen"),
    "date_visible": pgettext_lazy("changed detail", "whether the date and time can be seen"),
    "whole_conversation": pgettext_lazy(
        "changed detail", "whether it shows the whole conversation"
    ),
}
# An exhibit's description is its own ("what happened" is an incident's).
EXHIBIT_FIELD_WORDS = {"description": pgettext_lazy("changed detail", "description")}
OTHER_FIELD = pgettext_lazy("changed detail", "another detail")

# Who did it, as the summary and the visit name them.
ACTORS = {
    "you": pgettext_lazy("who did it", "You"),
    "system": pgettext_lazy("who did it", "Stalklog, automatically"),
    "anonymous": pgettext_lazy("who did it", "Someone who was not signed in"),
    "caseworker": pgettext_lazy("who did it", "%(name)s (caseworker, %(organisation)s)"),
    "caseworker alone": pgettext_lazy("who did it", "%(name)s (caseworker)"),
    "service_admin": pgettext_lazy("who did it", "%(name)s (service admin, %(organisation)s)"),
    "service_admin alone": pgettext_lazy("who did it", "%(name)s (service admin)"),
}

# The searched pages and the looked-at pages by the URL's name (several share their words).
_SEARCHED = {
    "timeline": "searched timeline",
    "exhibit_list": "searched evidence",
    "evidence list": "searched evidence",
    "exhibit_messages": "searched messages",
    "documents": "searched documents",
    "document_statement": "searched documents",
    "document_impact": "searched documents",
}
_PAGE_ALIASES = {
    "evidence list": "exhibit_list",
    "document_statement": "documents",
    "document_breach_report": "documents",
    "document_impact": "documents",
}
PAGES = {name.removeprefix("page ") for name in TOLD if name.startswith("page ")} | set(
    _PAGE_ALIASES
)
# Page names that belong to one kind of object (for the legacy doubles, see _SAME_REQUEST).
_URL_KINDS = {"incident": "incident", "exhibit": "exhibit", "person": "person", "order": "order"}
_EXPORT_STEPS = {"export", "export_bundle", "export_job", "export_job_status", "export_download"}
_EXHIBIT_VIEWS = {
    "": "viewed exhibit",
    "preview": "viewed exhibit picture",
    "thumbnail": "viewed exhibit small picture",
    "edit form": "opened exhibit details form",
    "withdraw form": "opened exhibit withdraw page",
    "played": "played exhibit",
    "messages": "read exhibit messages",
    "calls": "read exhibit calls",
}

# A caseworker's request the door recorded by its page's name (see access._recorded), told as
# what was done to the object its address named (`_object_of`). A page missing here, or an
# object not found, keeps the door's plainer words ("Looked at an incident", `_page_kind`).
VIEWED_PAGES = {
    "incident_detail": "viewed incident",
    "incident_amend": "viewed incident",
    # These only send a GET on to the incident's or exhibit's page.
    "incident_key": "viewed incident",
    "incident_position": "viewed incident",
    "incident_exhibit_link": "viewed incident",
    "exhibit_link": "viewed exhibit",
    "incident_position_remove": "opened position remove page",
    "record_voice": "voice recorder",
    "record_chunk": "voice recorder",
    "record_finish": "voice recorder",
    "amendment_detail": "viewed correction",
    "exhibit_detail": "viewed exhibit",
    "exhibit_edit": "opened exhibit details form",
    "exhibit_preview": "viewed exhibit picture",
    "exhibit_thumbnail": "viewed exhibit small picture",
    "exhibit_media": "played exhibit",
    "exhibit_download": "opened exhibit download",
    "exhibit_withdraw": "opened exhibit withdraw page",
    "exhibit_unlink": "opened exhibit unlink page",
    "exhibit_messages": "read exhibit messages",
    "exhibit_calls": "read exhibit calls",
    "person_detail": "viewed person",
    "person_edit": "viewed person",
    "order_edit": "viewed order",
}
# A form the page accepted (a redirect) while nothing more precise was recorded: on today's
# pages a form that changed nothing (the sentence says so); before every service recorded its
# own writes, the change itself.
CHANGED_PAGES = {
    "incident_new": "added an incident",
    "log_it_now": "added an incident",
    "incident_amend": "corrected incident",
    "incident_key": "pressed key button",
    "incident_position": "answered position question",
    "incident_position_remove": "removed position",
    "incident_exhibit_link": "linked evidence to incident",
    "exhibit_edit": "changed exhibit",
    "exhibit_link": "link not chosen",
    "exhibit_unlink": "unlinked exhibit from incident",
    "exhibit_withdraw": "withdrew again",
    "exhibit_calls": "calls to incidents",
    "exhibit_messages": "messages to incidents",
    "upload_cancel": "cancelled upload",
    "person_new": "added person",
    "person_edit": "changed person",
    "order_new": "added order",
    "order_edit": "changed order",
}
# A form the page did not accept (shown again with what to correct): nothing was saved.
TRIED_PAGES = {
    "incident_new": "tried to add incident",
    "log_it_now": "tried to add incident",
    "incident_amend": "tried to change incident",
    "incident_position": "tried to change incident",
    "incident_exhibit_link": "tried to change incident",
    "record_finish": "tried to change incident",
    "exhibit_upload": "tried to upload",
    "exhibit_edit": "tried to change exhibit",
    "exhibit_withdraw": "tried to change exhibit",
    "exhibit_messages": "tried to change exhibit",
    "exhibit_calls": "tried to change exhibit",
    "upload_cancel": "cancelled upload",  # answered in JSON (200) when the page asked: done
    "person_new": "tried to add person",
    "person_edit": "tried to change person",
    "order_new": "tried to add order",
    "order_edit": "tried to change order",
    "export": "filled in export form",  # not valid, or asked to confirm the positions first
    "export_bundle": "filled in export form",
}
_GENERIC_PAGES = {"viewed": VIEWED_PAGES, "changed": CHANGED_PAGES, "tried to change": TRIED_PAGES}
# Which kind of object a page's `pk` is, by the first word of its name.
_PK_KINDS = {
    "incident": "incident",
    "record": "incident",
    "amendment": "incident",
    "exhibit": "exhibit",
    "person": "person",
    "order": "order",
    "document": "order",  # document_breach_report
}
_IDS = re.compile(r"\b(pk|incident_pk)=(\d+)\b")

# Who names a log's objects for this page: each app that owns a kind of object ("incident",
# "exhibit", "person", "order") registers here, in its AppConfig.ready, a function
# (log, pks) -> {pk: facts} that reads them in one query, so this layer names incidents and
# exhibits without importing the apps above it. Facts: {"number"} of an incident, {"ref"} of
# an exhibit, {"relationship"} of a person, {"kind", "day"} of an order: what she may read
# here, never sealed words (a person's name, an incident's description).
NAMERS: dict[str, Callable[..., dict[int, dict]]] = {}

_INCIDENT = re.compile(r"incident (\d+)")
_AMENDMENT = re.compile(r"incident (\d+) amendment \d+")
_RANGE = re.compile(r"incidents (\d+) to (\d+)")
_EXHIBIT = re.compile(r"exhibit (\S+)")
_OBJECT_ID = re.compile(r"(person|order|share) (\d+)")
_EXPORT = re.compile(r"export (\S+)")
_MADE = re.compile(r"(" + "|".join(MADE) + r") (\S+)")
_ASKED = re.compile(r"(\w+) export")
_URL_NAME = re.compile(r"[a-z0-9_]+")
_COUNT = re.compile(r"(\d+) (incident|exhibit|entr)\w*")
_DUE = re.compile(r"due (\d{4}-\d\d-\d\d \d\d:\d\d) UTC")
_SHARED = re.compile(r"with (.+?) \((.*)\) until (\d{1,2} \w{3} \d{4})")
_WHEN = re.compile(r"(\d{1,2} \w{3} \d{4}, \d\d:\d\d)")  # recovery._when, local time
_ITEMS = re.compile(r"(\d+) items?")
# How a moment or a day is written in a line (month names in her language, as the page's).
_MOMENT_FORMAT = "j M Y, H:i"
_DAY_FORMAT = "j M Y"


@dataclass
class Line:
    """One thing done, as a row of the expanded visit: a kind of event from `TOLD` and the
    values of its placeholders."""

    at: datetime
    kind: str
    params: dict = field(default_factory=dict)
    name: str = ""  # the object the summary counts ("3", "JS/1"); "" when it counts nothing
    times: int = 1
    pictures: list[str] = field(default_factory=list)
    export: dict | None = None  # for an export: what, bundle, detail, asked, downloaded
    made: tuple | None = None  # an export's own words (a MADE entry), once it was made
    about: str = ""  # which person or order it is about ("Ex-partner"), in her language

    @property
    def told(self) -> Told:
        return TOLD[self.kind]

    def same_as(self, other) -> bool:
        return (self.kind, self.params, self.name, self.about) == (
            other.kind,
            other.params,
            other.name,
            other.about,
        ) and not self.export

    @property
    def sentence(self) -> str:
        """The line's own sentence, before pictures and repeats."""
        if self.made:
            text = str(self.made[1] if self.export.get("downloaded") else self.made[0])
            details = self.export.get("detail")
            if details:
                text = pgettext(
                    "access log line: an export and its details", "%(done)s (%(details)s)"
                ) % {
                    "done": text,
                    "details": _labels([_export_label(part) for part in details]),
                }
            if self.export.get("bundle"):
                text = pgettext(
                    "access log line: an export and its reference",
                    "%(done)s; its reference is %(reference)s",
                ) % {"done": text, "reference": self.export["bundle"]}
            return text
        text = self.told.line % self.params
        if self.about:
            text = pgettext(
                "access log line: a line and which person or order it is about",
                "%(line)s (%(about)s)",
            ) % {"line": text, "about": self.about}
        return text

    @property
    def words(self) -> str:
        text = self.sentence
        if self.pictures:
            text = ngettext(
                "%(line)s, with the picture of exhibit %(exhibits)s",
                "%(line)s, with the pictures of exhibits %(exhibits)s",
                len(self.pictures),
            ) % {"line": text, "exhibits": _and(self.pictures)}
        if self.times > 1:
            text = ngettext(
                "%(line)s (%(count)s time)", "%(line)s (%(count)s times)", self.times
            ) % {
                "line": text,
                "count": self.times,
            }
        return text

    @property
    def clause(self) -> str:
        if self.made:
            return str(self.made[3] if self.export.get("downloaded") else self.made[2])
        return self.told.clause % self.params

    @property
    def rank(self) -> int:
        return self.told.rank

    @property
    def object(self) -> str:
        """What kind of object a counted line is about ("incident"), "" for the others."""
        return self.told.group.rsplit(" ", 1)[-1] if self.told.group else ""


@dataclass
class Visit:
    actor: str  # "You", "Sam Jones (caseworker, Safe Steps)", in her language
    is_you: bool
    start: datetime
    end: datetime
    lines: list[Line]
    events: int
    # The same, its name and organisation (typed by people, in any script) isolated, so that
    # a Latin name inside an Urdu sentence, or an Urdu name in an English one, keeps its order.
    actor_html: SafeString | None = None

    def _sentence(self, who) -> tuple[str, str]:
        if self.is_you:
            pattern = pgettext(
                "access log visit summary by you; %(who)s is “You”", "%(who)s %(what)s"
            )
        else:
            pattern = pgettext("access log visit summary by someone else", "%(who)s %(what)s")
        return pattern, who

    @property
    def summary(self) -> str:
        """One sentence for the visit, who did it first: "You viewed incident 3"."""
        pattern, who = self._sentence(self.actor)
        return pattern % {"who": who, "what": _summary(self.lines)}

    @property
    def summary_html(self) -> SafeString:
        """The summary, who did it in bold."""
        who = self.actor_html or conditional_escape(self.actor)
        pattern, who = self._sentence(format_html("<strong>{}</strong>", who))
        what = conditional_escape(_summary(self.lines))
        # The translated pattern, the name and the summary are all escaped: only <strong> is ours.
        html = conditional_escape(pattern) % {"who": who, "what": what}
        return mark_safe(html)  # noqa: S308 - every part is escaped above

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
    """The newest visits in `log`'s access log (older than event `before`), in the same
    queries whatever the number of events: one for the events, with who made them, and one
    per kind of object (incidents, exhibits, people, orders) the page names by its number,
    reference or kind (`NAMERS`)."""
    events = scoped(AccessEvent, log).select_related("actor__organisation").order_by("-seq")
    if before is not None:
        events = events.filter(seq__lt=before)
    batch = list(events[: EVENTS_PER_PAGE + 1])
    has_more = len(batch) > EVENTS_PER_PAGE
    runs = _runs(batch[:EVENTS_PER_PAGE])
    if has_more and len(runs) > 1:
        # The oldest visit may go on past this page: show it whole on the next one.
        runs.pop()
    named = _named_objects(log, [event for run in runs for event in run])
    visits = [_visit(run, viewer, named) for run in runs]
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


def _visit(run, viewer, named=None) -> Visit:
    events = list(reversed(run))  # oldest first: a visit reads as a story
    lines: list[Line] = []
    for event in events:
        _add(lines, event, named or {})
    first = events[0]
    is_you = first.actor_id is not None and first.actor_id == viewer.pk
    return Visit(
        actor=str(ACTORS["you"]) if is_you else _actor_words(first),
        actor_html=None if is_you else _actor_words(first, as_html=True),
        is_you=is_you,
        start=events[0].at,
        end=events[-1].at,
        lines=lines,
        events=len(events),
    )


def _actor_words(event, *, as_html=False) -> str:
    actor = event.actor
    if event.actor_role == "system" and actor is None:
        return str(ACTORS["system"])
    if event.actor_role == "anonymous":
        return str(ACTORS["anonymous"])
    name = (actor.get_full_name() if actor else "") or event.actor_name
    organisation = actor.organisation.name if actor and actor.organisation else ""
    if as_html:
        name = format_html("<bdi>{}</bdi>", name)
        organisation = format_html("<bdi>{}</bdi>", organisation) if organisation else ""
    if event.actor_role not in ("caseworker", "service_admin"):
        return name
    words = ACTORS[event.actor_role] if organisation else ACTORS[f"{event.actor_role} alone"]
    if as_html:
        # The translated pattern escaped; the name and organisation escaped by format_html.
        html = conditional_escape(words) % {"name": name, "organisation": organisation}
        return mark_safe(html)  # noqa: S308 - every part is escaped above
    return words % {"name": name, "organisation": organisation}


# Reading one event --------------------------------------------------------------------------


def _add(lines: list[Line], event, named: dict) -> None:
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

    exhibit = _EXHIBIT.fullmatch(target)
    if action == "viewed" and exhibit and detail in ("", "preview", "thumbnail"):
        ref = exhibit.group(1)
        if previous and previous.told.group == "viewed exhibit" and previous.name == ref:
            previous.kind = "viewed exhibit"  # its page and its picture: one look
            return
        if (
            detail == "thumbnail"
            and previous
            and previous.object == "incident"
            and event.at - previous.at < _SAME_PAGE
        ):
            if ref not in previous.pictures:
                previous.pictures.append(ref)
            return

    line = _read(event, named)
    if line is None:
        return
    if (
        _is_generic(target)
        and previous
        and event.at - previous.at < _SAME_REQUEST
        and _is_double(previous, line, event)
    ):
        return  # the same request, already told precisely (events before the merge)
    if previous and previous.same_as(line):
        previous.times += 1
        return
    lines.append(line)


def _read(event, named=None) -> Line | None:
    """One event in words, or None for one that adds nothing she could read."""
    action, target, detail, at = event.action, event.target, event.detail, event.at
    named = named or {}
    exhibit = _EXHIBIT.fullmatch(target)
    incident = _INCIDENT.fullmatch(target) or _AMENDMENT.fullmatch(target)
    number = {"number": incident.group(1)} if incident else {}
    ref = {"ref": exhibit.group(1)} if exhibit else {}
    who = _OBJECT_ID.fullmatch(target)
    about = _about(who.group(1), named.get((who.group(1), int(who.group(2))))) if who else ""

    def counted(kind, params, name):
        return Line(at, kind, params, name=name, about=about)

    if target in _GENERIC_PAGES.get(action, ()):
        line = _generic(event, named)
        if line is not None:
            return line

    if action == "viewed":
        if _AMENDMENT.fullmatch(target):
            return counted("viewed correction", number, number["number"])
        if incident:
            kind = "voice recorder" if detail == "voice recorder" else "viewed incident"
            return counted(kind, number, number["number"])
        if exhibit:
            return counted(_EXHIBIT_VIEWS.get(detail, "viewed exhibit"), ref, ref["ref"])
        if target.startswith("person "):
            return counted("viewed person", {}, target)
        if target.startswith("order "):
            return counted("viewed order", {}, target)
        if target == "shared_log":
            return Line(at, "opened log")
        return Line(at, _page_kind(target))

    if action in ("created", "uploaded"):
        if incident:
            return counted("added incident", number, number["number"])
        span = _RANGE.fullmatch(target)
        if span:
            first, last = span.groups()
            return Line(at, "added incidents", {"first": first, "last": last})
        if exhibit:
            return counted("uploaded exhibit", ref, ref["ref"])
        if target.startswith("person "):
            return counted("added person", {}, target)
        if target.startswith("order "):
            return counted("added order", {}, target)
    if action == "completed" and incident:
        return counted("finished incident", number, number["number"])
    if action == "amended":
        if incident or exhibit:
            words = EXHIBIT_FIELD_WORDS if exhibit else {}
            fields = _fields(detail.removeprefix("changed: "), words)
            kind = "corrected incident" if incident else "changed exhibit"
            params = {**number, **ref}
            if fields:
                kind, params = f"{kind} fields", {**params, "fields": fields}
            return counted(kind, params, number.get("number") or ref.get("ref"))
        if target.startswith("person "):
            return counted("changed person", {}, target)
        if target.startswith("order "):
            return counted("changed order", {}, target)
    if action == "withdrew" and exhibit:
        return counted("withdrew exhibit", ref, ref["ref"])
    if action in ("linked", "unlinked") and exhibit:
        other = _INCIDENT.fullmatch(detail)
        kind = f"{action} exhibit" + (
            (" to incident" if action == "linked" else " from incident") if other else ""
        )
        return Line(at, kind, {**ref, "number": other.group(1)} if other else ref)
    if action in ("marked key", "unmarked key", "removed position") and incident:
        return Line(at, action, number)
    if action == "downloaded" and exhibit:
        return counted("downloaded original", ref, ref["ref"])

    if action == "opened" and target.startswith("share "):
        return Line(at, "opened log")
    if action == "shared":
        shared = _SHARED.search(detail)
        if shared and shared.group(2) not in ("", "None"):
            name, organisation, day = shared.groups()
            params = {"name": name, "organisation": organisation, "day": _day(day)}
            return Line(at, "shared with", params)
        return Line(at, "shared")
    if action == "revoked":
        whom = detail.removeprefix("for ")
        return Line(at, "revoked with", {"name": whom}) if whom else Line(at, "revoked")
    if action == "share ended":
        return Line(at, "share ended")
    if action == "sharing code rejected":
        return Line(at, "sharing code rejected")
    if action == "reset_code_issued":
        return Line(at, "reset code issued")
    if action == "reset_code_used":
        return Line(at, "reset code used")
    if action == "scheduled deletion":
        due = _DUE.search(detail)
        if due:
            moment = datetime.fromisoformat(due.group(1) + "+00:00")
            when = dateformat.format(timezone.localtime(moment), _MOMENT_FORMAT)
            return Line(at, "scheduled deletion on", {"when": when})
        return Line(at, "scheduled deletion")
    if action == "cancelled deletion":
        return Line(at, "cancelled deletion")
    if action == "timestamped":
        items = _ITEMS.fullmatch(target)
        if items:
            return Line(at, "timestamped items", {"count": int(items.group(1))})
        return Line(at, "timestamped")
    if target == "password reset" or action in ("asked to reset", "confirmed your identity"):
        return _recovery(at, action, detail)
    if action == "reset the password":
        return Line(at, "reset the password")

    if action == "changed":
        return Line(at, "changed")
    if action == "searched":
        return Line(at, _SEARCHED.get(target, "searched"))
    if action == "tried to change":
        return Line(at, "tried to change")
    if action == "not found":
        return Line(at, "not found")
    # An action this page does not know yet: said as recorded, without ids or underscores.
    words = _scrub(f"{action} {_describe(target)}")
    return Line(at, "other", {"recorded": words})


def _recovery(at, action, detail) -> Line:
    """A step of a password reset a caseworker and a service admin helped with (recovery.py
    records each in words; the times in its details are local, as recovery._when wrote them)."""
    when = _WHEN.search(detail)
    moment = {"when": _moment(when.group(1))} if when else {}
    if action == "asked to reset":
        return (
            Line(at, "asked to reset on", {"device": device_text(detail)})
            if detail
            else Line(at, "asked to reset")
        )
    if action == "confirmed your identity":
        return Line(at, "confirmed identity")
    if action == "approved":
        return Line(at, "approved reset from", moment) if moment else Line(at, "approved reset")
    if action == "refused":
        return Line(at, "refused reset")
    if action == "cancelled":
        if detail == "the password was reset":
            return Line(at, "cancelled reset done")
        return Line(at, "cancelled reset asked", moment) if moment else Line(at, "cancelled reset")
    return Line(at, "other", {"recorded": _scrub(f"{action} {_describe('password reset')}")})


def _moment(words) -> str:
    try:
        moment = datetime.strptime(words, "%d %b %Y, %H:%M")
    except ValueError:
        return words
    return dateformat.format(moment, _MOMENT_FORMAT)


def _day(words) -> str:
    try:
        day = datetime.strptime(words, "%d %b %Y").date()
    except ValueError:
        return words
    return dateformat.format(day, _DAY_FORMAT)


def _generic(event, named) -> Line | None:
    """A caseworker's request recorded by its page's name, told as what was done to the
    object its address named; None when that page or object cannot be told so."""
    kind = _GENERIC_PAGES[event.action].get(event.target)
    if kind is None or any(mention not in named for mention in _mentions(event)):
        return None  # its object is not in the log (any more): the page's plainer words
    params, about, name = _object_of(event, named)
    told = TOLD[kind]
    if "%(about)s" in str(told.line):  # the sentence says it itself, not after it
        params, about = {**params, "about": about} if about else params, ""
    try:
        str(told.line) % params
    except KeyError:
        return None
    if told.many is not None and not name:
        name = f"{event.target} {event.pk}"  # counted, though it names nothing: one each
    return Line(event.at, kind, params, name=name if told.many is not None else "", about=about)


def _object_of(event, named) -> tuple[dict, str, str]:
    """The object(s) a page's address named, from the ids the door recorded: the sentence's
    values ({"number", "ref"}), which person or order it is about, and its name for the
    summary's counts ("3", "JS/1", "person 4")."""
    params: dict = {}
    about, name = "", ""
    page_kind = _PK_KINDS.get(event.target.split("_")[0])
    for key, value in _IDS.findall(event.detail):
        kind = "incident" if key == "incident_pk" else page_kind
        facts = named.get((kind, int(value)))
        if facts is None:
            continue
        if kind in ("incident", "exhibit"):
            params.update(facts)
            name = name or facts.get("number") or facts.get("ref")
        else:
            about, name = _about(kind, facts), f"{kind} {value}"
    return params, about, name


def _mentions(event) -> list[tuple[str, int]]:
    """The (kind, id) of the objects an event names by their database id, which the page
    must look up to name them in words."""
    who = _OBJECT_ID.fullmatch(event.target)
    if who:
        return [(who.group(1), int(who.group(2)))] if who.group(1) != "share" else []
    if event.target not in _GENERIC_PAGES.get(event.action, ()):
        return []
    page_kind = _PK_KINDS.get(event.target.split("_")[0])
    found = []
    for key, value in _IDS.findall(event.detail):
        kind = "incident" if key == "incident_pk" else page_kind
        if kind:
            found.append((kind, int(value)))
    return found


def _named_objects(log, events) -> dict[tuple[str, int], dict]:
    """What the page says of the objects its events name by id: one query per kind."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        for kind, pk in _mentions(event):
            wanted.setdefault(kind, set()).add(pk)
    named: dict[tuple[str, int], dict] = {}
    for kind, pks in wanted.items():
        namer = NAMERS.get(kind)
        if namer is not None:
            named.update(((kind, pk), facts) for pk, facts in namer(log, pks).items())
    return named


def _about(kind, facts) -> str:
    """Which person or order a line is about, in words she may read here: a person's
    relationship to her, an order's kind and the day it was made (never a name)."""
    if not facts:
        return ""
    if kind == "person":
        return str(facts["relationship"])
    if facts.get("day"):
        return pgettext(
            "access log: which order, by its kind and the day it was made",
            "%(kind)s, made on %(day)s",
        ) % {"kind": facts["kind"], "day": dateformat.format(facts["day"], _DAY_FORMAT)}
    return str(facts["kind"])


def _is_double(previous, line, event) -> bool:
    """Is the door's generic entry `event` (read as `line`) the same request as the precise
    line just before it? Both a look or both a change, about the same object: a look at an
    incident and, a moment later, its key incident button pressed are two requests."""
    if (previous.rank >= 2) != (event.action == "viewed"):
        return False
    for key in ("number", "ref"):
        if line.params.get(key):
            return line.params[key] == previous.params.get(key)
    if line.name and line.name.split()[0] in ("person", "order"):
        return line.name == previous.name
    kind = _URL_KINDS.get(event.target.split("_")[0])
    return bool(kind) and kind == previous.object


def _is_generic(target) -> bool:
    """Is this the door's entry for a caseworker request, named by the URL's name?"""
    return bool(_URL_NAME.fullmatch(target)) and ("_" in target or target in PAGES)


def _page_kind(url_name) -> str:
    url_name = _PAGE_ALIASES.get(url_name, url_name)
    return f"page {url_name}" if f"page {url_name}" in TOLD else "page"


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


def _fields(names, words=None) -> str:
    """The changed fields in words ("when it happened, exact words"); a field this page does
    not know is "another detail", never its name."""
    said: list[str] = []
    for name in (name.strip() for name in names.split(",")):
        if not name:
            continue
        word = str((words or {}).get(name) or FIELD_WORDS.get(name) or OTHER_FIELD)
        if word not in said:
            said.append(word)
    return _labels(said)


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
        line.export.update(what="", detail=[], made=True)
    _export_words(line)
    return line


def _export_detail(detail) -> list:
    """What an export's details say she would understand: its profile and its counts, as
    (kind, value) pairs (the order's id in a breach report's details is left out)."""
    parts: list = []
    profile = re.search(r"profile (\w+)", detail)
    if profile and profile.group(1) in PROFILES:
        parts.append(("profile", profile.group(1)))
    for number, noun in _COUNT.findall(detail):
        parts.append((noun, int(number)))
    return parts


def _export_label(part) -> str:
    kind, value = part
    if kind == "profile":
        return str(PROFILES[value])
    return EXPORT_COUNTS[kind] % {"count": value}


def _export_words(line) -> None:
    """Which sentence an export line says, now that one more of its steps is known."""
    export = line.export
    what = export.get("what")
    line.made = None
    if what and what in MADE:
        line.kind, line.made = "export made", MADE[what]
    elif what or export.get("made"):
        line.kind = "export made downloaded" if export.get("downloaded") else "export made"
    elif export.get("downloaded"):  # a download is always of a bundle, by its reference
        line.kind = "export downloaded ref"
    elif export.get("asked"):
        line.kind = "export asked"
    else:
        line.kind = "export page"
    line.params = {"reference": export.get("bundle")} if line.made is None else {}


# The summary --------------------------------------------------------------------------------

SUMMARY_PHRASES = 3


def _summary(lines) -> str:
    """The visit's clauses: counted objects per kind ("viewed 3 incidents"), then the other
    things done, most telling first, at most SUMMARY_PHRASES of them, joined into one list."""
    named: dict[str, list[Line]] = {}  # group -> its lines, one per object, in order seen
    entries: list[tuple[int, int, tuple[str, str]]] = []  # (rank, first seen, what it says)
    for order, line in enumerate(lines):
        told = line.told
        if told.many is not None:
            group = told.group or line.kind
            if group not in named:
                named[group] = []
                entries.append((line.rank, order, ("group", group)))
            if line.name not in [seen.name for seen in named[group]]:
                named[group].append(line)
            continue
        said = ("clause", line.clause)
        if said not in [entry[2] for entry in entries]:
            entries.append((line.rank, order, said))
    chosen = sorted(entries)
    if any(rank < 4 for rank, _, _ in chosen):
        chosen = [entry for entry in chosen if entry[0] < 4]
    left_out = max(0, len(chosen) - SUMMARY_PHRASES)
    chosen = sorted(chosen[:SUMMARY_PHRASES], key=lambda entry: entry[1])
    clauses = [
        _counted_clause(named[value]) if said == "group" else value
        for _, _, (said, value) in chosen
    ]
    if left_out:
        clauses.append(
            npgettext(
                "access log summary", "%(count)s other thing", "%(count)s other things", left_out
            )
            % {"count": left_out}
        )
    return _and(clauses) or pgettext("access log summary", "did nothing that was recorded")


def _counted_clause(lines) -> str:
    """ "viewed incident 3" for one object, "viewed 3 incidents" for several."""
    told = lines[0].told
    if len(lines) == 1:
        return told.clause % lines[0].params
    return told.many % {"count": len(lines)}


def _and(items) -> str:
    """A list of phrases as her language joins them: "A, B and C" in English."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    text = items[0]
    for item in items[1:-1]:
        text = pgettext("list of phrases, between two", "%(first)s, %(next)s") % {
            "first": text,
            "next": item,
        }
    return pgettext("list of phrases, before the last", "%(first)s and %(last)s") % {
        "first": text,
        "last": items[-1],
    }


def _labels(items) -> str:
    """A list of labels (what was changed, an export's details): "A, B, C" in English."""
    items = [str(item) for item in items]
    text = items[0] if items else ""
    for item in items[1:]:
        text = pgettext("list of labels", "%(first)s, %(next)s") % {"first": text, "next": item}
    return text
