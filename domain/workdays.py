"""The working-day calendar: weekends, days off and make-up working days, as data.

The calendar is built outside the domain (from the Labour Code rules, the lunar calendar and
the yearly announced breaks, see ``app/calendars.py``) and passed into every rule that counts
working days. Nothing here knows which year it is.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Break:
    """A named run of consecutive days off, e.g. the Tết break of one year."""

    name: str
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class WorkCalendar:
    """Which dates are working days.

    Args:
        days_off: dates that are not worked although they are weekdays or weekend
            (public holidays, compensatory days, announced breaks).
        working_weekend_days: Saturdays or Sundays announced as make-up working days.
        tet_breaks: the official Tết break of each lunar new year, keyed by the
            Gregorian year in which the break falls.
        weekend: ISO weekday numbers that are not worked (6 = Saturday, 7 = Sunday).
    """

    days_off: frozenset[date] = frozenset()
    working_weekend_days: frozenset[date] = frozenset()
    tet_breaks: dict[int, Break] = field(default_factory=dict)
    weekend: frozenset[int] = frozenset({6, 7})

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is worked by a government office."""
        if day in self.working_weekend_days:
            return True
        if day in self.days_off:
            return False
        return day.isoweekday() not in self.weekend

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is not counted).

        A negative ``n`` counts backwards; ``n == 0`` returns ``start`` unchanged.
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        day = start
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open range (start, end]; negative when end < start."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        lo, hi = (start, end) if sign > 0 else (end, start)
        count = sum(1 for day in _days(lo + _ONE_DAY, hi) if self.is_working_day(day))
        return sign * count

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is worked, otherwise the next working day."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def tet_break(self, year: int) -> Break | None:
        """The Tết break falling in Gregorian ``year``, when the calendar knows it."""
        return self.tet_breaks.get(year)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += _ONE_DAY


def weekends_only() -> WorkCalendar:
    """A calendar with no holidays at all: Saturdays and Sundays off."""
    return WorkCalendar()


def calendar_from_dates(
    days_off: Iterable[date] = (), working_weekend_days: Iterable[date] = ()
) -> WorkCalendar:
    """Build a calendar from plain date lists (handy in tests and data loaders)."""
    return WorkCalendar(
        days_off=frozenset(days_off),
        working_weekend_days=frozenset(working_weekend_days),
    )
