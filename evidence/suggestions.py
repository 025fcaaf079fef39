"""Dates, times and phone numbers found in text read from a file, offered to the victim as
suggestions on the exhibit page (she decides; nothing is filled in for her).

Screenshots of chats and call lists show times as the phone shows them: "21:14",
"9:14 pm", "Sat 2 Mar 2024", "02/03/2024", day first as in the UK.
"""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.formats import date_format

from evidence.phones import format_number, normalise_number

MAX_SUGGESTIONS = 10
_MONTHS = {
    name[:3]: number
    for number, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"], 1,
    )
}  # fmt: skip
_MONTH = r"(?P<month_name>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_WORDS = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.I
)
_DATE_NUMBERS = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{2}|\d{4})\b")
_TIME = re.compile(
    r"\b(?P<hour>\d{1,2})[:.](?P<minute>[0-5]\d)(?:\s?(?P<ampm>[ap])\.?m\.?)?\b", re.I
)
_PHONE = re.compile(
    r"(?<![\d+])(?:\+44\s?7\d{3}|\(?07\d{3}\)?)\s?\d{3}\s?\d{3}(?!\d)|(?<![\d+])(?:\+44\s?|0)(?:20|1\d{2,3}|3\d{2})\s?\d{3,4}\s?\d{4}(?!\d)"
)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _dates(line: str):
    for match in _DATE_WORDS.finditer(line):
        month = _MONTHS[match["month_name"][:3].lower()]
        yield (_year(match["year"]), month, int(match["day"]))
    for match in _DATE_NUMBERS.finditer(line):
        yield (_year(match["year"]), int(match["month"]), int(match["day"]))


def _time(line: str):
    match = _TIME.search(line)
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    if match["ampm"]:
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    return (hour, minute) if hour < 24 else None


def find_dates(text: str) -> list[dict]:
    """{"value": "2024-03-02T21:14", "text": what was read} for each date in the text, with
    the time on its line if there is one; day first, as UK phones write it."""
    found, seen = [], set()
    for line in text.splitlines():
        clock = _time(line)
        for year, month, day in _dates(line):
            hour, minute = clock or (0, 0)
            try:
                moment = datetime(year, month, day, hour, minute)
            except ValueError:
                continue
            if not 1990 <= year <= 2100:
                continue
            value = moment.strftime("%Y-%m-%dT%H:%M") if clock else moment.strftime("%Y-%m-%d")
            if value not in seen:
                seen.add(value)
                found.append({"value": value, "text": line.strip()[:120]})
    return found[:MAX_SUGGESTIONS]


def find_phone_numbers(text: str) -> list[str]:
    found = []
    for match in _PHONE.finditer(text):
        number = format_number(match[0])
        if normalise_number(match[0]) and number not in found:
            found.append(number)
    return found[:MAX_SUGGESTIONS]


def suggestions(text: str) -> dict:
    found = {"dates": find_dates(text), "phone_numbers": find_phone_numbers(text)}
    return {key: value for key, value in found.items() if value}


OFFERED_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")


def offered_dates(metadata) -> list[tuple[str, str, str]]:
    """The dates found in an exhibit's text as the page offers them: (value for the edit
    form, how it reads, the line it was found on)."""
    offered = []
    for date in (metadata.get("suggestions") or {}).get("dates", []):
        value = str(date.get("value", ""))
        if not OFFERED_VALUE.match(value):
            continue
        moment = datetime.fromisoformat(value)
        # Month names in her language (the value the form takes stays ISO).
        label = date_format(moment, "j E Y" + (", H:i" if "T" in value else ""))
        offered.append((value, label, date.get("text", "")))
    return offered


# The time a phone or computer names a screenshot, recording or saved picture after:
# Android "Screenshot_20240302-211405", "IMG_20240302_211405", "VID_20240302_211405";
# WhatsApp "IMG-20240302-WA0001" (a day only); WhatsApp Desktop "WhatsApp Image 2024-03-02
# at 21.14.05"; macOS "Screenshot 2024-03-02 at 21.14.05" (older: "Screen Shot ... at
# 9.14.05 PM"); Windows "Screenshot 2024-03-02 211405". Google's Pixel camera names its
# files in UTC ("PXL_20240302_211405123"); the others use the device's clock.
_NAMED_MOMENT = re.compile(
    r"(?<!\d)(?P<year>20\d{2})-?(?P<month>[01]\d)-?(?P<day>[0-3]\d)"
    r"(?:(?:[ _T-]|\s+at\s+)(?P<hour>[0-2]?\d)[.:_-]?(?P<minute>[0-5]\d)[.:_-]?"
    r"(?P<second>[0-5]\d)(?:\d{3})?(?:\s?(?P<ampm>[AaPp][Mm]))?)?(?!\d)",
)
_UTC_NAMES = re.compile(r"^PXL_", re.I)


def date_from_name(name: str) -> dict | None:
    """{"value": "2024-03-02T21:14", "text": name} when the file's name says when it was
    made, else None. Offered, never filled in: a name can be changed by anyone."""
    found = _NAMED_MOMENT.search(name or "")
    if not found:
        return None
    try:
        day = datetime(int(found["year"]), int(found["month"]), int(found["day"]))
        if found["hour"] is None:
            return {"value": day.strftime("%Y-%m-%d"), "text": name[:120]}
        hour = int(found["hour"])
        if found["ampm"]:
            hour = hour % 12 + (12 if found["ampm"].lower() == "pm" else 0)
        moment = day.replace(hour=hour, minute=int(found["minute"]), second=int(found["second"]))
    except ValueError:
        return None
    if _UTC_NAMES.match(name):
        moment = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(settings.TIME_ZONE))
    return {"value": moment.strftime("%Y-%m-%dT%H:%M"), "text": name[:120]}


def offered_name_date(evidence) -> tuple[str, str, str] | None:
    """The date the file's name gives, as the page offers it, when the exhibit has no date
    of its own yet (a screenshot has no EXIF; its name is often all that says when)."""
    if evidence.content_date is not None:
        return None
    found = (evidence.metadata or {}).get("name_date")
    if not found:
        return None
    offered = offered_dates({"suggestions": {"dates": [found]}})
    return offered[0] if offered else None
