"""Wall-clock times as the victim enters them (settings.TIME_ZONE, Europe/London) and the UTC
instants we store, including the hour that does not exist in spring and the one that happens
twice in autumn."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


class NonexistentTime(ValueError):
    """A local time skipped when the clocks went forward."""


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def to_utc(day: date, at: time | None) -> datetime:
    """The UTC instant of `day` at `at` (midnight when None) on local clocks.

    A time that happens twice (clocks going back) is taken as the first one, in summer time;
    a time that never happened (clocks going forward) raises NonexistentTime.
    """
    zone = local_zone()
    local = datetime.combine(day, at or time(0)).replace(tzinfo=zone, fold=0)
    instant = local.astimezone(ZoneInfo("UTC"))
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentTime(local)
    return instant


def is_ambiguous(day: date, at: time) -> bool:
    """True for a local time that happens twice, when the clocks go back."""
    zone = local_zone()
    local = datetime.combine(day, at)
    return local.replace(tzinfo=zone, fold=0).utcoffset() != (
        local.replace(tzinfo=zone, fold=1).utcoffset()
    )


def local(instant: datetime) -> datetime:
    return timezone.localtime(instant, local_zone())


def month_start(instant: datetime) -> date:
    return local(instant).date().replace(day=1)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    return min(
        day.replace(year=year, month=month, day=1) + timedelta(days=day.day - 1),
        next_month - timedelta(days=1),
    )
