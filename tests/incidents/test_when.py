from datetime import UTC, date, datetime, time

import pytest

from incidents.when import NonexistentTime, add_months, is_ambiguous, to_utc


def test_the_autumn_hour_that_happens_twice_is_taken_as_summer_time():
    assert is_ambiguous(date(2026, 10, 25), time(1, 30))
    assert to_utc(date(2026, 10, 25), time(1, 30)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_the_spring_hour_that_never_happened_is_refused():
    with pytest.raises(NonexistentTime):
        to_utc(date(2026, 3, 29), time(1, 0))
    assert to_utc(date(2026, 3, 29), time(2, 0)) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), -2) == date(2025, 11, 15)


def test_the_spring_hour_that_never_happened_is_not_ambiguous():
    assert not is_ambiguous(date(2026, 3, 29), time(1, 30))
    assert not is_ambiguous(date(2026, 10, 25), time(2, 30))


def test_the_second_of_the_two_autumn_times_is_in_gmt():
    assert to_utc(date(2026, 10, 25), time(1, 30), fold=1) == datetime(
        2026, 10, 25, 1, 30, tzinfo=UTC
    )
