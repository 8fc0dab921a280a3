"""Reporting periods: parsing ``2023-Q4``, ``2023-10``, ``2023-W42``, ``2023-H2``,
``2023`` or ``2023-10-01..2023-12-31``, naming them, and the period before.

A period is a closed range of dates ``[start, end]``. A report "as of a date" is the
period ending that day and starting with the record (``start`` is ``None``); it has no
previous period to compare with.

Monthly reports may use a data cut-off instead of the calendar month: with a cut-off day
of 15, the report of month M covers the 15th of month M-1 to the 14th of month M (the
rule of the state's periodic reporting). A cut-off of 1 is the calendar month.
"""

import calendar as _monthdays
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from domain.errors import InputError

PeriodKind = Literal["week", "month", "quarter", "half", "year", "range", "as_of"]

#: The period lengths a scheduled report can name, and the kind each gives.
SCHEDULE_KINDS: Final[dict[str, PeriodKind]] = {
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "half-yearly": "half",
    "yearly": "year",
}

_ROMAN: Final = ("I", "II", "III", "IV")
_FORMS: Final = "2023-Q4, 2023-10, 2023-W42, 2023-H2, 2023 or 2023-10-01..2023-12-31"
_QUARTER = re.compile(r"(\d{4})-Q([1-4])\Z", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})\Z")
_WEEK = re.compile(r"(\d{4})-W(\d{1,2})\Z", re.IGNORECASE)
_HALF = re.compile(r"(\d{4})-H([12])\Z", re.IGNORECASE)
_YEAR = re.compile(r"(\d{4})\Z")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})\Z")


class PeriodError(InputError):
    """A period that cannot be read or makes no sense."""


@dataclass(frozen=True)
class Period:
    """A reporting period.

    Args:
        kind: what sort of period it is.
        start: first day, or ``None`` for a report as of ``end`` over the whole record.
        end: last day.
        key: the canonical text (``"2023-Q4"``, ``"2023-10"``…), also the ledger's
            occurrence of a report mail.
        month_cutoff: for a month, the first day of its data (1 = calendar month).
    """

    kind: PeriodKind
    start: date | None
    end: date
    key: str
    month_cutoff: int = 1

    @property
    def days(self) -> int | None:
        """How many days the period covers (``None`` for an as-of report)."""
        return None if self.start is None else (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in the period."""
        return (self.start is None or self.start <= day) and day <= self.end

    def previous(self) -> "Period | None":
        """The period of the same length just before this one (``None`` for as-of).

        Calendar periods step back one unit (2023-Q4 → 2023-Q3, 2023-10 → 2023-09, with
        the same cut-off); a date range steps back by its own number of days.
        """
        if self.start is None:
            return None
        before = self.start - timedelta(days=1)
        if self.kind == "range":
            days = self.days or 1
            start = self.start - timedelta(days=days)
            return date_range(start, before)
        if self.kind == "month":
            return month_period(before, month_cutoff=self.month_cutoff)
        return period_containing(before, self.kind)

    def ending(self, day: date) -> "Period":
        """This period cut short at ``day`` (a period-to-date report); unchanged when
        ``day`` is on or after its end.

        Raises:
            PeriodError: ``day`` is before the period starts.
        """
        if day >= self.end:
            return self
        if self.start is not None and day < self.start:
            raise PeriodError(
                f"{day.isoformat()} is before the period {self.key} starts",
                vi=f"ngày {day:%d/%m/%Y} trước ngày bắt đầu của kỳ {self.key}",
            )
        return Period(self.kind, self.start, day, self.key, self.month_cutoff)

    def label(self, locale: str = "vi") -> str:
        """The period as a report names it: ``"quý IV/2023"`` or ``"Q4 2023"``."""
        vi = locale == "vi"
        year = self.key[:4]
        if self.kind == "quarter":
            q = int(self.key[-1])
            return f"quý {_ROMAN[q - 1]}/{year}" if vi else f"Q{q} {year}"
        if self.kind == "month":
            month = int(self.key[5:7])
            return f"tháng {month}/{year}" if vi else f"{month:02d}/{year}"
        if self.kind == "week":
            week = int(self.key[6:])
            return f"tuần {week}/{year}" if vi else f"week {week} of {year}"
        if self.kind == "half":
            first = self.key.endswith("1")
            if vi:
                return f"6 tháng {'đầu' if first else 'cuối'} năm {year}"
            return f"{'first' if first else 'second'} half of {year}"
        if self.kind == "year":
            return f"năm {year}" if vi else year
        end = _dmy(self.end)
        if self.start is None:
            return f"đến ngày {end}" if vi else f"up to {end}"
        start = _dmy(self.start)
        return f"từ {start} đến {end}" if vi else f"{start} to {end}"


def parse_period(text: str, *, month_cutoff: int = 1) -> Period:
    """Read a period written as ``2023-Q4``, ``2023-10``, ``2023-W42``, ``2023-H2``,
    ``2023`` or ``2023-10-01..2023-12-31``.

    Args:
        text: the period as written.
        month_cutoff: first day of a month's data (1 = calendar month, 15 = from the
            15th of the month before to the 14th).

    Returns:
        The period.

    Raises:
        PeriodError: the text is none of these forms, or names no real period.
    """
    value = text.strip()
    _check_cutoff(month_cutoff)
    try:
        if m := _QUARTER.match(value):
            year, q = int(m[1]), int(m[2])
            return _quarter(year, q)
        if m := _HALF.match(value):
            year, h = int(m[1]), int(m[2])
            start = date(year, 1 if h == 1 else 7, 1)
            end = date(year, 6, 30) if h == 1 else date(year, 12, 31)
            return Period("half", start, end, f"{year}-H{h}")
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return _week(monday)
        if m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise PeriodError(
                    f"period {text!r}: no month {month}",
                    vi=f"kỳ {text!r}: không có tháng {month}",
                )
            return _month(year, month, month_cutoff)
        if m := _YEAR.match(value):
            year = int(m[1])
            return Period("year", date(year, 1, 1), date(year, 12, 31), str(year))
        if m := _RANGE.match(value):
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if end < start:
                raise PeriodError(
                    f"period {text!r}: the range ends before it starts",
                    vi=f"kỳ {text!r}: ngày kết thúc trước ngày bắt đầu",
                )
            return date_range(start, end)
    except PeriodError:
        raise
    except ValueError as err:
        # the calendar refused a week, month or day that does not exist
        raise PeriodError(
            f"period {text!r}: {err}",
            vi=f"kỳ {text!r}: không có ngày, tuần hay tháng như vậy trong lịch",
        ) from err
    raise PeriodError(
        f"period {text!r}: not a period (write {_FORMS})",
        vi=f"kỳ {text!r}: không phải là một kỳ (viết {_FORMS})",
    )


def period_containing(day: date, kind: str, *, month_cutoff: int = 1) -> Period:
    """The calendar period of ``kind`` (week, month, quarter, half, year, or a
    schedule name such as ``monthly``) that contains ``day``.

    Raises:
        PeriodError: an unknown kind.
    """
    kind = SCHEDULE_KINDS.get(kind, kind)
    if kind == "week":
        return _week(day - timedelta(days=day.isoweekday() - 1))
    if kind == "month":
        return month_period(day, month_cutoff=month_cutoff)
    if kind == "quarter":
        return _quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "half":
        return parse_period(f"{day.year}-H{1 if day.month <= 6 else 2}")
    if kind == "year":
        return parse_period(str(day.year))
    raise PeriodError(
        f"period kind {kind!r}: not one of {', '.join(SCHEDULE_KINDS)}",
        vi=f"loại kỳ {kind!r}: không phải là một trong {', '.join(SCHEDULE_KINDS)}",
    )


def month_period(day: date, *, month_cutoff: int = 1) -> Period:
    """The reporting month whose data include ``day``, under ``month_cutoff``."""
    _check_cutoff(month_cutoff)
    year, month = day.year, day.month
    if month_cutoff > 1 and day.day >= month_cutoff:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _month(year, month, month_cutoff)


def as_of(day: date) -> Period:
    """The report as of ``day``: the whole record up to that day."""
    return Period("as_of", None, day, f"..{day.isoformat()}")


def date_range(start: date, end: date) -> Period:
    """An explicit range of dates."""
    return Period("range", start, end, f"{start.isoformat()}..{end.isoformat()}")


def _check_cutoff(day: int) -> None:
    if not 1 <= day <= 28:
        raise PeriodError(
            f"monthly cut-off day {day}: must be 1 to 28",
            vi=f"ngày chốt số liệu hằng tháng {day}: phải từ 1 đến 28",
        )


def _week(monday: date) -> Period:
    iso = monday.isocalendar()
    return Period(
        "week", monday, monday + timedelta(days=6), f"{iso.year}-W{iso.week:02d}"
    )


def _quarter(year: int, q: int) -> Period:
    first = 3 * q - 2
    last = 3 * q
    end = date(year, last, _monthdays.monthrange(year, last)[1])
    return Period("quarter", date(year, first, 1), end, f"{year}-Q{q}")


def _month(year: int, month: int, cutoff: int) -> Period:
    key = f"{year}-{month:02d}"
    if cutoff == 1:
        end = date(year, month, _monthdays.monthrange(year, month)[1])
        return Period("month", date(year, month, 1), end, key)
    prev_year, prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    return Period(
        "month",
        date(prev_year, prev_month, cutoff),
        date(year, month, cutoff - 1),
        key,
        cutoff,
    )


def _dmy(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
