"""The Vietnamese working-day calendar, built from three sources.

1. The statutory public holidays: the ``holidays`` package (named days and the
   compensatory days it knows), plus, for a year no data file describes, the Labour
   Code rules computed here with the lunar calendar (:func:`labour_code_days_off`).
2. The shipped data file ``app/data/calendar-vn.toml``: the breaks, swapped days and
   make-up Saturdays the Government announced for each year (its header documents the
   format).
3. An optional administrator's file in the same format, which wins over the shipped
   one, so a new announcement or a correction needs no release.
"""

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import holidays

from domain.errors import PolicyError
from domain.lunar import last_day_of_lunar_month, lunar_new_year, lunar_to_solar
from domain.workdays import Break, WorkCalendar

SHIPPED_FILE = "calendar-vn.toml"
# Breaks are announced per holiday; a month-long run is a typo in an end date.
_MAX_BREAK_DAYS = 31
_ONE_DAY = timedelta(days=1)
_SATURDAY = 6
_SECTION_KEYS = frozenset({"source", "replace", "breaks", "days_off", "working_days"})
_BREAK_KEYS = frozenset({"name", "start", "end", "tet"})
_DAY_KEYS = frozenset({"date", "name"})


@dataclass(frozen=True)
class YearData:
    """What one file says about one Gregorian year.

    Args:
        year: the Gregorian year of the section.
        breaks: the announced runs of days off, weekends included.
        tet: the one of ``breaks`` that is the Tết break, when there is one.
        days_off: single days off (compensatory or swapped days), with their names.
        working_days: days worked although they would not be (make-up Saturdays).
        replace: in an administrator's file, drop the shipped section of this year.
    """

    year: int
    breaks: tuple[Break, ...] = ()
    tet: Break | None = None
    days_off: Mapping[date, str] = field(default_factory=dict)
    working_days: Mapping[date, str] = field(default_factory=dict)
    replace: bool = False

    def all_days_off(self) -> set[date]:
        """Every date the section declares not worked."""
        days = set(self.days_off)
        for run in self.breaks:
            days.update(_days(run.start, run.end))
        return days

    def all_working_days(self) -> set[date]:
        """Every date the section declares worked."""
        return set(self.working_days)


@dataclass(frozen=True)
class CalendarData:
    """One calendar data file, read and checked."""

    source: str
    years: Mapping[int, YearData]


def build_calendar(
    years: range | Iterable[int], *, override_file: Path | None = None
) -> WorkCalendar:
    """The working-day calendar of ``years``.

    Args:
        years: the Gregorian years the calendar must know; days outside them are
            weekdays and weekends only.
        override_file: an administrator's calendar file (``DIRECTIVES_CALENDAR_FILE``)
            that extends and overrides the shipped data.

    Returns:
        A calendar with the days off, make-up working days and Tết breaks of those
        years.

    Raises:
        PolicyError: a data file is missing or malformed; the message names the file
            and the entry.
        InputError: a year outside 1800–2199, where the lunar calendar is not
            computed.
    """
    wanted = sorted(set(years))
    layers = [shipped_calendar_data()]
    if override_file is not None:
        layers.append(read_calendar_file(override_file))
    statutory = package_days_off(wanted)

    days_off: set[date] = set()
    working: set[date] = set()
    tet_breaks: dict[int, Break] = {}
    for year in wanted:
        sections = _sections_for(year, layers)
        year_off = {day for day in statutory if day.year == year}
        if not sections:
            year_off |= set(labour_code_days_off(year))
        year_working: set[date] = set()
        for section in sections:
            section_off = section.all_days_off()
            section_working = section.all_working_days()
            year_off = (year_off - section_working) | section_off
            year_working = (year_working - section_off) | section_working
            if section.tet is not None:
                tet_breaks[year] = section.tet
        days_off |= year_off
        working |= year_working

    calendar = WorkCalendar(
        days_off=frozenset(days_off - working),
        working_weekend_days=frozenset(working),
        tet_breaks=tet_breaks,
    )
    derived = {
        year: _derived_tet_break(calendar, year)
        for year in wanted
        if year not in tet_breaks
    }
    return WorkCalendar(
        days_off=calendar.days_off,
        working_weekend_days=calendar.working_weekend_days,
        tet_breaks={**derived, **tet_breaks},
    )


def _sections_for(year: int, layers: list[CalendarData]) -> list[YearData]:
    sections: list[YearData] = []
    for layer in layers:
        section = layer.years.get(year)
        if section is None:
            continue
        if section.replace:
            sections.clear()
        sections.append(section)
    return sections


def _derived_tet_break(calendar: WorkCalendar, year: int) -> Break:
    """The run of days off around mùng 1 Tết, for a year with no announced break."""
    first = lunar_new_year(year)
    start = end = first
    while not calendar.is_working_day(start - _ONE_DAY):
        start -= _ONE_DAY
    while not calendar.is_working_day(end + _ONE_DAY):
        end += _ONE_DAY
    return Break(f"Tết Nguyên đán {year} (tính theo Bộ luật Lao động)", start, end)


def package_days_off(years: Iterable[int]) -> dict[date, str]:
    """Vietnam's public holidays and compensatory days from the ``holidays`` package.

    It is right about the statutory days and the usual compensatory days, and knows
    some announced swaps, but not the weekend days inside a break, the make-up
    Saturdays or swaps announced after its release: the data files supply those.
    """
    wanted = list(years)
    if not wanted:
        return {}
    found = holidays.country_holidays("VN", years=wanted)
    return {day: str(name) for day, name in found.items()}


def labour_code_days_off(year: int) -> dict[date, str]:
    """The public holidays of ``year`` by the Labour Code rules alone, with names.

    This is the fallback for a year no announcement describes. It follows the Labour
    Code 2019 (art. 112) from 2021 and the 2012 Code before, with what offices do in
    practice where the Code leaves a choice:

    * 1 January;
    * Tết: five days, the day before the lunar new year's eve to mùng 3 (four days,
      the eve to mùng 3, before 2013);
    * the Hùng Kings day, 10/3 lunar (from 2007);
    * 30 April and 1 May;
    * 2 September, and from 2021 one day next to it: the one that joins a weekend,
      the day before when both or neither would;
    * a holiday falling on a Saturday or Sunday gives a compensatory day on the next
      working day (art. 111(3)).

    Raises:
        InputError: the year is outside the range the lunar calendar supports.
    """
    named: dict[date, str] = {date(year, 1, 1): "Tết Dương lịch"}
    eve = last_day_of_lunar_month(year - 1, 12)
    first_tet_day = eve - _ONE_DAY if year >= 2013 else eve
    for day in _days(first_tet_day, lunar_new_year(year) + 2 * _ONE_DAY):
        named[day] = "Tết Nguyên đán"
    if year >= 2007:
        named[lunar_to_solar(year, 3, 10)] = "Giỗ Tổ Hùng Vương"
    named[date(year, 4, 30)] = "Ngày Chiến thắng"
    named[date(year, 5, 1)] = "Ngày Quốc tế Lao động"
    national_day = date(year, 9, 2)
    named[national_day] = "Quốc khánh"
    if year >= 2021:
        # Monday, Thursday, Sunday: the day after reaches the weekend (or a weekday).
        after = national_day.isoweekday() in (1, 4, 7)
        named[national_day + (_ONE_DAY if after else -_ONE_DAY)] = "Quốc khánh"

    compensatory: dict[date, str] = {}
    for day in sorted(named):
        if day.isoweekday() < _SATURDAY:
            continue
        substitute = day + _ONE_DAY
        while (
            substitute.isoweekday() >= _SATURDAY
            or substitute in named
            or substitute in compensatory
        ):
            substitute += _ONE_DAY
        compensatory[substitute] = f"Nghỉ bù {named[day]}"
    return {**named, **compensatory}


def shipped_calendar_data() -> CalendarData:
    """The announced days off that ship with the application.

    Raises:
        PolicyError: the shipped file is malformed (a packaging error).
    """
    resource = resources.files("app").joinpath("data", SHIPPED_FILE)
    return parse_calendar_data(
        resource.read_text(encoding="utf-8"), source=f"app/data/{SHIPPED_FILE}"
    )


def read_calendar_file(path: Path) -> CalendarData:
    """Read an administrator's calendar file.

    Raises:
        PolicyError: the file cannot be read or is malformed; the message names the
            file and the entry.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PolicyError(
            f"{path}: cannot read the calendar file: {err}",
            vi=f"{path}: không đọc được tệp lịch làm việc: {err}",
        ) from err
    return parse_calendar_data(text, source=str(path))


@dataclass(frozen=True)
class _Where:
    """Where in a calendar file a problem is, in both languages."""

    en: str
    vi: str

    def refuse(self, en: str, vi: str) -> PolicyError:
        return PolicyError(f"{self.en}: {en}", vi=f"{self.vi}: {vi}")

    def named(self, name: str) -> "_Where":
        return _Where(f"{self.en} ({name!r})", f"{self.vi} ({name!r})")


def _entry_at(source: str, table: str, index: int) -> _Where:
    return _Where(
        f"{source}: [[{table}]] entry {index}", f"{source}: [[{table}]] mục {index}"
    )


def parse_calendar_data(text: str, *, source: str) -> CalendarData:
    """Check and convert the text of a calendar file.

    Args:
        text: the TOML text.
        source: the file name, used in messages.

    Raises:
        PolicyError: not TOML, or an entry is malformed; the message names ``source``
            and the entry.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise PolicyError(
            f"{source}: not valid TOML: {err}", vi=f"{source}: TOML sai cú pháp: {err}"
        ) from err
    years: dict[int, YearData] = {}
    for key, section in raw.items():
        if not key.isdigit() or len(key) != 4:
            raise PolicyError(
                f"{source}: [{key}]: top-level tables must be years such as [2025]",
                vi=f"{source}: [{key}]: bảng ngoài cùng phải là năm, ví dụ [2025]",
            )
        if not isinstance(section, dict):
            raise PolicyError(
                f"{source}: {key}: must be a table [{key}]",
                vi=f"{source}: {key}: phải là bảng [{key}]",
            )
        years[int(key)] = _parse_year(int(key), section, source)
    return CalendarData(source=source, years=years)


def _parse_year(year: int, section: dict[str, Any], source: str) -> YearData:
    where = _Where(f"{source}: [{year}]", f"{source}: [{year}]")
    _check_keys(section, _SECTION_KEYS, where)
    replace = section.get("replace", False)
    if not isinstance(replace, bool):
        raise where.refuse(
            "replace must be true or false", "replace phải là true hoặc false"
        )
    if not isinstance(section.get("source", ""), str):
        raise where.refuse("source must be a string", "source phải là một chuỗi")

    breaks: list[Break] = []
    tet: Break | None = None
    for index, entry in enumerate(_entries(section, "breaks", where), start=1):
        label = _entry_at(source, f"{year}.breaks", index)
        _check_keys(entry, _BREAK_KEYS, label)
        name = _name(entry, label)
        label = label.named(name)
        start = _date(entry, "start", year, label)
        end = _date(entry, "end", None, label)
        if end < start:
            raise label.refuse(
                f"end {end} is before start {start}",
                f"ngày kết thúc {end} trước ngày bắt đầu {start}",
            )
        if (end - start).days >= _MAX_BREAK_DAYS:
            raise label.refuse(
                f"{start} to {end} is longer than {_MAX_BREAK_DAYS} days",
                f"từ {start} đến {end} dài hơn {_MAX_BREAK_DAYS} ngày",
            )
        run = Break(name, start, end)
        is_tet = entry.get("tet", False)
        if not isinstance(is_tet, bool):
            raise label.refuse(
                "tet must be true or false", "tet phải là true hoặc false"
            )
        if is_tet:
            if tet is not None:
                raise label.refuse(
                    f"a second Tết break in {year}",
                    f"năm {year} có đợt nghỉ Tết thứ hai",
                )
            tet = run
        breaks.append(run)

    days_off = _single_days(section, "days_off", year, source)
    working_days = _single_days(section, "working_days", year, source)
    result = YearData(year, tuple(breaks), tet, days_off, working_days, replace)
    clash = sorted(result.all_days_off() & result.all_working_days())
    if clash:
        named = working_days[clash[0]]
        raise where.refuse(
            f"{clash[0]} is both a day off and a working day ({named!r})",
            f"{clash[0]} vừa là ngày nghỉ vừa là ngày làm việc ({named!r})",
        )
    return result


def _single_days(
    section: dict[str, Any], key: str, year: int, source: str
) -> dict[date, str]:
    days: dict[date, str] = {}
    where = _Where(f"{source}: [{year}]", f"{source}: [{year}]")
    for index, entry in enumerate(_entries(section, key, where), 1):
        label = _entry_at(source, f"{year}.{key}", index)
        _check_keys(entry, _DAY_KEYS, label)
        name = _name(entry, label)
        label = label.named(name)
        day = _date(entry, "date", year, label)
        if day in days:
            raise label.refuse(f"{day} is listed twice", f"{day} được ghi hai lần")
        days[day] = name
    return days


def _entries(section: dict[str, Any], key: str, where: _Where) -> list[dict[str, Any]]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        raise where.refuse(
            f"{key} must be written as [[YEAR.{key}]] tables",
            f"{key} phải được viết thành các bảng [[NĂM.{key}]]",
        )
    return value


def _check_keys(entry: dict[str, Any], allowed: frozenset[str], label: _Where) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed))
        raise label.refuse(
            f"unknown field {unknown[0]!r} (allowed: {known})",
            f"trường {unknown[0]!r} không hợp lệ (được dùng: {known})",
        )


def _name(entry: dict[str, Any], label: _Where) -> str:
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise label.refuse("name is required", "cần có name (tên)")
    return name.strip()


def _date(entry: dict[str, Any], key: str, year: int | None, label: _Where) -> date:
    value = entry.get(key)
    # tomllib gives datetimes for values with a time; those are not dates here.
    if not isinstance(value, date) or type(value) is not date:
        shown = "missing" if value is None else repr(value)
        shown_vi = "để trống" if value is None else repr(value)
        raise label.refuse(
            f"{key} must be a TOML date such as 2025-01-25, not {shown}",
            f"{key} phải là ngày TOML, ví dụ 2025-01-25, không phải {shown_vi}",
        )
    if year is not None and value.year != year:
        raise label.refuse(
            f"{key} {value} is not in {year}", f"{key} {value} không thuộc năm {year}"
        )
    return value


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += _ONE_DAY
