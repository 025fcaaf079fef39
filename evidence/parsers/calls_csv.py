"""Call logs saved as CSV by phone export apps (iMazing and other iPhone tools, Android call
log exporters) and by spreadsheets: a header row naming the columns, one call a row.

No two apps name the columns alike, so a column is known by words in its name (a number,
a date or time, a length, a type, a name), and dates are read in the order the whole file
implies (a day above 12 settles it; else day first, as in the UK), in settings.TIME_ZONE
unless they carry a zone. Excel in much of Europe writes `;` between columns.
"""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from evidence.parsers.base import date_order
from evidence.parsers.calls import MAX_CALLS, CallLogProblem, ParsedCall, in_time_order
from evidence.phones import format_number, normalise_number
from evidence.sniff import column_roles
from stalklog.core.said import Said

_EMPTY = {"", "null", "(unknown)", "unknown", "-"}
_DATE = re.compile(
    r"^(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{1,4})[,T ]+"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?$"
)
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
_UNITS = re.compile(r"(\d+)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b", re.I)
# A call's direction by words the apps use, most particular first ("Missed incoming"
# is missed; "outgoing" holds "in", so out is asked before in).
_DIRECTION_WORDS = (
    ("missed", "missed"),
    ("reject", "rejected"),
    ("declin", "rejected"),
    ("block", "blocked"),
    ("voicemail", "voicemail"),
    ("out", "outgoing"),
    ("dial", "outgoing"),
    ("made", "outgoing"),
    ("in", "incoming"),
    ("receiv", "incoming"),
    ("answer", "incoming"),
)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows


def _duration(text: str) -> int:
    text = (text or "").strip()
    if text.isdigit():
        return int(text)
    clock = _CLOCK.match(text)
    if clock:
        return int(clock[1] or 0) * 3600 + int(clock[2]) * 60 + int(clock[3])
    seconds = 0
    for amount, unit in _UNITS.findall(text):
        unit = unit.lower()
        seconds += int(amount) * (3600 if unit.startswith("h") else 60 if unit[0] == "m" else 1)
    return seconds


def _direction(text: str) -> str:
    words = (text or "").strip().lower()
    for word, direction in _DIRECTION_WORDS:
        if word in words:
            return direction
    return "incoming"


class _Moments:
    """Reads the date column once the whole file's date order is known."""

    def __init__(self, texts: list[str]):
        self.zone = ZoneInfo(settings.TIME_ZONE)
        found = [_DATE.match(text.strip()) for text in texts]
        self.order = date_order(
            [(int(m["a"]), int(m["b"]), int(m["c"])) for m in found if m is not None]
        )

    def read(self, text: str) -> datetime | None:
        text = (text or "").strip()
        if re.fullmatch(r"\d{12,13}", text):
            return datetime.fromtimestamp(int(text) / 1000, tz=UTC)  # Android's milliseconds
        if re.fullmatch(r"\d{9,10}", text):
            return datetime.fromtimestamp(int(text), tz=UTC)
        try:
            moment = datetime.fromisoformat(text)
            return moment if moment.tzinfo else moment.replace(tzinfo=self.zone)
        except ValueError:
            pass
        found = _DATE.match(text)
        if found is None:
            return None
        a, b, c = int(found["a"]), int(found["b"]), int(found["c"])
        year, month, day = {
            "ymd": (a, b, c),
            "mdy": (c, a, b),
            "dmy": (c, b, a),
        }[self.order]
        year += 2000 if year < 100 else 0
        hour = int(found["hour"])
        if found["ampm"]:
            hour = hour % 12 + (12 if found["ampm"].lower().startswith("p") else 0)
        try:
            return datetime(year, month, day, tzinfo=self.zone) + timedelta(
                hours=hour, minutes=int(found["minute"]), seconds=int(found["second"] or 0)
            )
        except ValueError:
            return None


def read_csv_calls(data: bytes) -> tuple[list[ParsedCall], list[str]]:
    """The calls of a CSV call log, in time order, and notes on what was not read."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(rows)
        roles = column_roles(header)
        if "number" not in roles or "date" not in roles:
            raise CallLogProblem(
                Said.gettext(
                    "it is a table, but no column is named for the number and the date of "
                    "each call. Export the call log again from the app, with its header row"
                )
            )
        table = []
        for row in rows:
            if len(table) >= MAX_CALLS:
                break
            if any(cell.strip() for cell in row):
                table.append(row)
    except csv.Error as error:
        raise CallLogProblem(
            Said.gettext("the table is damaged: %(problem)s", problem=error)
        ) from None

    def cell(row, role):
        index = roles.get(role)
        return row[index] if index is not None and index < len(row) else ""

    def when(row):
        return f"{cell(row, 'date')} {cell(row, 'time')}".strip()

    moments = _Moments([when(row) for row in table])
    calls, undated = [], 0
    for row in table:
        started_at = moments.read(when(row))
        undated += started_at is None
        name = cell(row, "name").strip()
        calls.append(
            ParsedCall(
                number=format_number(cell(row, "number").strip()),
                normalised=normalise_number(cell(row, "number").strip()),
                contact_name="" if name.lower() in _EMPTY else name[:200],
                started_at=started_at,
                duration_seconds=_duration(cell(row, "duration")),
                direction=_direction(cell(row, "type")),
            )
        )
    notes = []
    if undated:
        notes.append(
            Said.ngettext(
                "The time of %(count)s call could not be read; it is listed without one.",
                "The times of %(count)s calls could not be read; they are listed without one.",
                undated,
                count=undated,
            )
        )
    if len(table) >= MAX_CALLS:
        notes.append(Said.gettext("Only the first %(most)s calls were read.", most=MAX_CALLS))
    calls.sort(key=in_time_order)
    return calls, notes
