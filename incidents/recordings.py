"""Voice recordings made in the browser (MediaRecorder), kept as they are made.

The page sends a chunk every few seconds; each is encrypted with the log's key as it arrives
(evidence.chunks, shared with uploads sent in parts) and kept under
`logs/<uuid>/recordings/<incident>-<token>/`. Stopping joins the chunks, in order, into one
exhibit on the incident (hashed and encrypted like every upload), and deletes them. A closed
tab or a lost signal loses only the chunks that had not arrived: what did arrive is stored
the next time the recording page opens (`store_abandoned_recordings`), or by
`manage.py finish_recordings` from cron (`finish_abandoned_recordings`) if it never does.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.chunks import chunk_names, discard_chunks, has_chunk, join_chunks, save_chunk
from incidents.models import Incident
from incidents.services import add_evidence
from incidents.when import local
from stalklog.casefile.access import scoped
from stalklog.casefile.models import Log
from stalklog.core.said import Said
from stalklog.core.storage import log_prefix

CHUNK_SECONDS = 2  # how often the page sends what it has recorded
MIN_SECONDS = 1  # shorter is a slip of the finger, not a recording
MAX_SECONDS = 60 * 60  # the page stops there and says so; she can start another
# Two seconds of browser audio is 10 to 70 KB; the bounds keep a recording that never stops
# (or a script posting chunks) from filling the store before Stop's quota check.
MAX_CHUNK_BYTES = 512 * 1024
MAX_CHUNKS = MAX_SECONDS // CHUNK_SECONDS + 100
# A recording whose newest chunk is older than this was left (tab closed, signal lost).
ABANDONED_AFTER = timedelta(minutes=2)
TOKEN = re.compile(r"^[0-9a-f]{32}$")


class RecordingProblem(Exception):
    """Said to her as it is: what happened to the recording and what to do."""


def _folder(log, incident_pk: int, token: str) -> str:
    return f"{log_prefix(log)}recordings/{int(incident_pk)}-{token}/"


def _lock(log, incident_pk: int) -> None:
    """Lock the incident's row while its recording's chunks are added or joined. Without it a
    chunk arriving while the chunks are joined is deleted with them without being joined,
    and two finishes at once (Stop, the recorder page, finish_recordings) make two exhibits."""
    list(scoped(Incident, log).select_for_update().filter(pk=incident_pk).values_list("pk"))


def _check_token(token: str) -> str:
    if not TOKEN.match(token or ""):
        raise RecordingProblem(_("This recording is not recognised. Start a new one."))
    return token


def save_recording_chunk(log, incident, token: str, index: int, data: bytes) -> None:
    """Keep one chunk of a recording, encrypted. A chunk sent twice (a retry after a lost
    answer) is kept once."""
    _check_token(token)
    if not 0 <= index < MAX_CHUNKS:
        raise RecordingProblem(_("This part of the recording is out of order."))
    if not data or len(data) > MAX_CHUNK_BYTES:
        raise RecordingProblem(_("This part of the recording is empty or too large."))
    folder = _folder(log, incident.pk, token)
    with transaction.atomic():
        _lock(log, incident.pk)
        if has_chunk(folder, index):
            return
        # The page sends chunks one at a time, in order: without the first, this recording was
        # already saved (a chunk late after the page's last-moment save, or after
        # finish_recordings), and alone it is unplayable.
        if index and not has_chunk(folder, 0):
            raise RecordingProblem(_("This recording is already saved. Start a new one."))
        save_chunk(log, folder, index, data)


def finish_recording(log, user, incident, token: str, *, seconds=None, is_abandoned=False):
    """Join a recording's chunks into one exhibit linked to `incident`; return it.

    `seconds` is how long the page says it recorded; under MIN_SECONDS nothing is kept.
    Raises RecordingProblem with a message for her when there is nothing to keep.
    `user` is None when no one pressed Stop or opened the page (finish_recordings).
    """
    _check_token(token)
    with transaction.atomic():
        _lock(log, incident.pk)
        return _finish(log, user, incident, token, seconds=seconds, is_abandoned=is_abandoned)


def _finish(log, user, incident, token, *, seconds, is_abandoned):
    folder = _folder(log, incident.pk, token)
    names = chunk_names(folder)
    if seconds is not None and seconds < MIN_SECONDS:
        discard_chunks(folder)
        raise RecordingProblem(
            _(
                "That recording was too short to keep (under a second), so nothing was saved. "
                "Press Record, and Stop when you have what you need."
            )
        )
    if not names:
        raise RecordingProblem(
            _(
                "Nothing of this recording reached your log, so nothing was saved. "
                "Check your signal and record again."
            )
        )
    now = local(timezone.now())
    # A plain ASCII name, the same in every language: downloads and the police bundle name
    # the file by its exhibit ref (JS_4.webm) anyway; this is only the "File name" shown.
    received = join_chunks(log, names, f"recording-{now:%Y-%m-%d-%H%M}")
    saved, refused = add_evidence(
        log,
        user,
        [received],
        incident=incident,
        # Title and description are hers to write; ours are said in each reader's language.
        summary=recording_summary(incident, now, seconds=seconds, is_abandoned=is_abandoned),
        kind="audio",
    )
    if refused:
        raise RecordingProblem(f"{refused[0]} " + _("The recording is still kept; try Stop again."))
    discard_chunks(folder)
    return saved[0]


def recording_summary(incident, when, *, seconds=None, is_abandoned=False) -> dict:
    """Our words about a recording, as data (Evidence.summary): its name, "Voice recording,
    30 November 2026, 21:05", and what we know of how it was made."""
    name = Said.gettext(
        "Voice recording, %(date)s, %(time)s", date=when.date(), time=f"{when:%H:%M}"
    )
    lines = [
        Said.gettext("Recorded in the app for incident %(number)s.", number=incident.sequence_no)
    ]
    if is_abandoned:
        lines.append(
            Said.gettext(
                "The recording page was closed or lost its connection before Stop; this is "
                "everything that had reached the log."
            )
        )
    elif seconds is not None:
        lines.append(_duration(seconds))
    return {"name": name, "lines": lines}


def _duration(seconds: int) -> Said:
    minutes, seconds = divmod(int(seconds), 60)
    if not minutes:
        return Said.ngettext(
            "About %(count)s second long, timed by the browser while recording.",
            "About %(count)s seconds long, timed by the browser while recording.",
            seconds,
            count=seconds,
        )
    # Abbreviated units do not change with the number in any of our languages ("4 min 02 s").
    return Said.gettext(
        "About %(minutes)s min %(seconds)s s long, timed by the browser while recording.",
        minutes=minutes,
        seconds=f"{seconds:02d}",
    )


def store_abandoned_recordings(log, user, *, older_than=ABANDONED_AFTER, now=None) -> list:
    """Store, as exhibits, the recordings of `log` left without a Stop (the newest chunk
    older than `older_than`). Returns the exhibits made."""
    root = f"{log_prefix(log)}recordings/"
    try:
        folders, _files = default_storage.listdir(root)
    except FileNotFoundError:
        return []
    cutoff = (now or timezone.now()) - older_than
    stored = []
    for folder in folders:
        incident_pk, _, token = folder.partition("-")
        with transaction.atomic():
            # Looked at under the incident's lock (see _lock): a chunk arriving now waits,
            # and a recording another run is saving is gone when this one gets the lock.
            incident = None
            if incident_pk.isdigit():
                incident = scoped(Incident, log).select_for_update().filter(pk=incident_pk).first()
            names = chunk_names(root + folder + "/")
            if not names or default_storage.get_modified_time(names[-1]) > cutoff:
                continue
            if incident is None or not TOKEN.match(token):  # its incident is gone
                discard_chunks(root + folder + "/")
                continue
            try:
                stored.append(finish_recording(log, user, incident, token, is_abandoned=True))
            except RecordingProblem:
                continue
    return stored


def unfinished_recording_age() -> timedelta:
    """How long after its newest chunk finish_recordings saves a recording
    (STALKLOG_UNFINISHED_RECORDING_MINUTES)."""
    return timedelta(minutes=settings.STALKLOG_UNFINISHED_RECORDING_MINUTES)


def finish_abandoned_recordings(*, older_than: timedelta | None = None, now=None) -> list:
    """Store the recordings of every log left without a Stop whose recorder page was never
    opened again (the phone died): the newest chunk older than `older_than` (by default
    STALKLOG_UNFINISHED_RECORDING_MINUTES). No one pressed Stop, so no one is named as
    having saved them. A log waiting to be deleted is left alone: it is locked, and its
    files go with it. Returns the exhibits made."""
    older_than = older_than or unfinished_recording_age()
    stored = []
    for log in Log.objects.filter(deletion_due_at__isnull=True).iterator():
        stored += store_abandoned_recordings(log, None, older_than=older_than, now=now)
    return stored
