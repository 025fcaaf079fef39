"""Wall-clock times as the victim enters them (settings.TIME_ZONE, Europe/London) and the UTC
instants we store, including the hour that does not exist in spring and the one that happens
twice in autumn."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


class NonexistentTime(ValueError):
    """A local time skipped when the clocks went forward."""


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def to_utc(day: date, at: time | None, fold: int = 0) -> datetime:
    """The UTC instant of `day` at `at` (midnight when None) on local clocks.

    A time that happens twice (clocks going back) is the first one, in summer time, unless
    `fold` is 1 (the second, after the clocks went back); a time that never happened (clocks
    going forward) raises NonexistentTime.
    """
    zone = local_zone()
    local = datetime.combine(day, at or time(0)).replace(tzinfo=zone, fold=fold)
    instant = local.astimezone(ZoneInfo("UTC"))
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentTime(local)
    return instant


def is_ambiguous(day: date, at: time) -> bool:
    """True for a local time that happens twice, when the clocks go back."""
    zone = local_zone()
    first = datetime.combine(day, at).replace(tzinfo=zone, fold=0)
    if first.utcoffset() == first.replace(fold=1).utcoffset():
        return False
    # The offsets differ in the spring gap too; a time there never happened at all.
    return first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == first.replace(tzinfo=None)


def local(instant: datetime) -> datetime:
    return timezone.localtime(instant, local_zone())


def is_repeated(moment: datetime) -> bool:
    """True when the local `moment` falls in the hour that happens twice in autumn."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def clock(moment: datetime) -> str:
    """A local time as printed: "14:05", and in the hour that happens twice, which of the
    two: "the first 01:10 (BST)" or "the second 01:10 (GMT)"."""
    if is_repeated(moment):
        values = {"time": f"{moment:%H:%M}", "zone": moment.tzname()}
        if moment.fold:
            return _("the second %(time)s (%(zone)s)") % values
        return _("the first %(time)s (%(zone)s)") % values
    return f"{moment:%H:%M}"


def which_time_choices(at: time, day: date) -> list[tuple[str, str]]:
    """The two readings of a time that happened twice, in the victim's words."""
    zone = local_zone()
    first = datetime.combine(day, at).replace(tzinfo=zone, fold=0)
    second = first.replace(fold=1)
    return [
        (
            FIRST,
            _("the first %(time)s (%(zone)s), before the clocks went back")
            % {"time": f"{at:%H:%M}", "zone": first.tzname()},
        ),
        (
            SECOND,
            _("the second %(time)s (%(zone)s), after the clocks went back")
            % {"time": f"{at:%H:%M}", "zone": second.tzname()},
        ),
    ]


FIRST, SECOND = "first", "second"
FOLDS = {FIRST: 0, SECOND: 1}


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
