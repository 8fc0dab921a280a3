from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.calendars import (
    build_calendar,
    labour_code_days_off,
    package_days_off,
    parse_calendar_data,
    shipped_calendar_data,
)
from domain.errors import PolicyError
from domain.lunar import lunar_new_year
from domain.workdays import Break

ANNOUNCED_YEARS = range(2022, 2027)
# Weekdays the Government swapped into a break against a make-up Saturday, and the
# Culture Day the holidays package adds: the Labour Code alone does not give them.
SWAPPED_WEEKDAYS = {
    date(2024, 4, 29),
    date(2025, 5, 2),
    date(2026, 1, 2),
    date(2026, 8, 31),
    date(2026, 11, 24),
}


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _weekdays(days: Iterable[date]) -> set[date]:
    return {day for day in days if day.isoweekday() < 6}


@pytest.fixture(scope="module")
def calendar():
    return build_calendar(range(2022, 2028))


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2023, 1, 20), date(2023, 1, 26)),
        (date(2024, 2, 8), date(2024, 2, 14)),
        (date(2025, 1, 25), date(2025, 2, 2)),
        (date(2026, 2, 14), date(2026, 2, 22)),
    ],
)
def test_every_day_of_an_announced_tet_break_is_a_day_off(calendar, first, last):
    assert not any(calendar.is_working_day(day) for day in _days(first, last))
    assert calendar.is_working_day(first - timedelta(days=1))
    assert calendar.is_working_day(last + timedelta(days=1))


@pytest.mark.parametrize(
    "day",
    [
        date(2023, 4, 29),
        date(2023, 5, 2),
        date(2023, 5, 3),
        date(2023, 9, 4),
        date(2024, 4, 29),
        date(2024, 9, 3),
        date(2025, 5, 2),
        date(2025, 9, 1),
        date(2025, 9, 2),
        date(2026, 1, 2),
        date(2026, 4, 27),
        date(2026, 8, 31),
    ],
)
def test_announced_holidays_and_swapped_weekdays_are_days_off(calendar, day):
    assert not calendar.is_working_day(day)


def test_the_2025_national_day_break_is_four_days_off(calendar):
    break_days = _days(date(2025, 8, 30), date(2025, 9, 2))
    assert not any(calendar.is_working_day(day) for day in break_days)
    assert calendar.is_working_day(date(2025, 9, 3))


@pytest.mark.parametrize(
    "saturday",
    [date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)],
)
def test_make_up_saturdays_are_working_days(calendar, saturday):
    assert saturday.isoweekday() == 6
    assert calendar.is_working_day(saturday)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 1, 24), 5, date(2025, 2, 7)),
        (date(2025, 1, 24), 1, date(2025, 2, 3)),
        (date(2024, 2, 7), 1, date(2024, 2, 15)),
        (date(2024, 2, 7), 5, date(2024, 2, 21)),
        (date(2026, 2, 13), 1, date(2026, 2, 23)),
        # The make-up Saturday counts: Fri 25 Apr 2025 + 1 is Sat 26 Apr.
        (date(2025, 4, 25), 1, date(2025, 4, 26)),
        (date(2025, 4, 29), 1, date(2025, 5, 5)),
    ],
)
def test_counting_working_days_skips_the_announced_breaks(calendar, start, n, expected):
    assert calendar.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("year", "first", "last"),
    [
        (2022, date(2022, 1, 29), date(2022, 2, 6)),
        (2023, date(2023, 1, 20), date(2023, 1, 26)),
        (2024, date(2024, 2, 8), date(2024, 2, 14)),
        (2025, date(2025, 1, 25), date(2025, 2, 2)),
        (2026, date(2026, 2, 14), date(2026, 2, 22)),
    ],
)
def test_the_tet_break_of_each_announced_year_comes_from_the_data(
    calendar, year, first, last
):
    tet = calendar.tet_break(year)
    assert (tet.start, tet.end) == (first, last)
    assert lunar_new_year(year) in tet


def test_a_year_without_data_gets_a_tet_break_around_the_lunar_new_year(calendar):
    tet = calendar.tet_break(2027)
    assert tet is not None
    assert lunar_new_year(2027) in tet
    assert not any(calendar.is_working_day(day) for day in _days(tet.start, tet.end))
    assert calendar.is_working_day(tet.end + timedelta(days=1))


def test_years_not_asked_for_have_weekends_only():
    calendar = build_calendar([2025])
    assert calendar.is_working_day(date(2024, 2, 12))
    assert calendar.tet_break(2024) is None


@pytest.mark.parametrize("year", ANNOUNCED_YEARS)
def test_the_holidays_package_gets_the_weekdays_of_the_tet_break_right(year):
    tet = shipped_calendar_data().years[year].tet
    assert tet is not None
    package = set(package_days_off([year]))
    assert _weekdays(_days(tet.start, tet.end)) <= package


@pytest.mark.parametrize("year", ANNOUNCED_YEARS)
def test_every_weekday_the_holidays_package_gives_off_was_announced(year):
    announced = shipped_calendar_data().years[year].all_days_off()
    package = {day for day in package_days_off([year]) if day.year == year}
    assert _weekdays(package) <= announced


@pytest.mark.parametrize("year", ANNOUNCED_YEARS)
def test_the_labour_code_rules_give_the_announced_weekdays_but_the_swaps(year):
    announced = _weekdays(shipped_calendar_data().years[year].all_days_off())
    computed = _weekdays(labour_code_days_off(year))
    assert computed == announced - SWAPPED_WEEKDAYS


@pytest.mark.parametrize(
    ("year", "other_day"),
    [
        (2021, date(2021, 9, 3)),  # Thursday: the Friday joins the weekend
        (2022, date(2022, 9, 1)),  # Friday: the Thursday
        (2024, date(2024, 9, 3)),  # Monday: the Tuesday
        (2025, date(2025, 9, 1)),  # Tuesday: the Monday
    ],
)
def test_the_labour_code_adds_a_day_next_to_national_day(year, other_day):
    days = labour_code_days_off(year)
    assert date(year, 9, 2) in days
    assert other_day in days


def test_the_labour_code_fallback_compensates_a_holiday_on_a_weekend():
    # Tết 2023 runs Fri 20 to Tue 24 Jan; its Saturday and Sunday move to 25-26 Jan.
    days = labour_code_days_off(2023)
    assert set(_days(date(2023, 1, 20), date(2023, 1, 26))) <= set(days)
    assert date(2023, 1, 27) not in days
    assert days[date(2023, 5, 2)].startswith("Nghỉ bù")


def test_the_shipped_data_is_consistent():
    data = shipped_calendar_data()
    assert set(data.years) >= set(ANNOUNCED_YEARS)
    for year, section in data.years.items():
        assert section.tet is not None
        assert lunar_new_year(year) in section.tet
        for day in section.all_working_days():
            assert day.isoweekday() == 6


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calendar.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_override_file_adds_a_day_off(tmp_path):
    path = _write(
        tmp_path,
        '[2025]\n[[2025.days_off]]\ndate = 2025-03-10\nname = "Nghỉ đột xuất"\n',
    )
    assert build_calendar([2025]).is_working_day(date(2025, 3, 10))
    calendar = build_calendar([2025], override_file=path)
    assert not calendar.is_working_day(date(2025, 3, 10))
    # The shipped data still applies underneath.
    assert not calendar.is_working_day(date(2025, 5, 2))
    assert calendar.is_working_day(date(2025, 4, 26))
    assert calendar.tet_break(2025) == Break(
        "Tết Nguyên đán Ất Tỵ", date(2025, 1, 25), date(2025, 2, 2)
    )


def test_an_override_working_day_cancels_a_shipped_day_off(tmp_path):
    path = _write(
        tmp_path,
        '[2026]\n[[2026.working_days]]\ndate = 2026-11-24\nname = "Vẫn làm việc"\n',
    )
    calendar = build_calendar([2026], override_file=path)
    assert calendar.is_working_day(date(2026, 11, 24))


def test_an_override_day_off_cancels_a_shipped_make_up_saturday(tmp_path):
    path = _write(
        tmp_path,
        '[2025]\n[[2025.days_off]]\ndate = 2025-04-26\nname = "Không làm bù"\n',
    )
    calendar = build_calendar([2025], override_file=path)
    assert not calendar.is_working_day(date(2025, 4, 26))


def test_an_override_section_with_replace_drops_the_shipped_year(tmp_path):
    path = _write(
        tmp_path,
        "[2025]\nreplace = true\n"
        '[[2025.breaks]]\nname = "Tết"\nstart = 2025-01-27\nend = 2025-02-01\n'
        "tet = true\n",
    )
    calendar = build_calendar([2025], override_file=path)
    assert calendar.tet_break(2025) == Break("Tết", date(2025, 1, 27), date(2025, 2, 1))
    assert not calendar.is_working_day(date(2025, 4, 26))  # no make-up Saturday now


def test_an_override_file_can_describe_a_new_year(tmp_path):
    path = _write(
        tmp_path,
        "[2027]\n"
        '[[2027.breaks]]\nname = "Tết Đinh Mùi"\nstart = 2027-02-04\n'
        "end = 2027-02-10\ntet = true\n"
        '[[2027.working_days]]\ndate = 2027-02-20\nname = "Làm bù"\n',
    )
    calendar = build_calendar([2027], override_file=path)
    tet = calendar.tet_break(2027)
    assert tet is not None
    assert tet.name == "Tết Đinh Mùi"
    assert calendar.is_working_day(date(2027, 2, 20))


@pytest.mark.parametrize(
    ("text", "entry", "reason"),
    [
        ("[2025\n", "", "not valid TOML"),
        ("[holidays]\n", "[holidays]", "must be years"),
        ("[2025]\ncolour = 1\n", "[2025]", "unknown field 'colour'"),
        (
            '[2025]\n[[2025.days_off]]\ndate = "2025-05-02"\nname = "Nghỉ"\n',
            "[[2025.days_off]] entry 1",
            "must be a TOML date",
        ),
        (
            '[2025]\n[[2025.days_off]]\ndate = 2025-05-02\nname = "A"\n'
            '[[2025.days_off]]\ndate = 2025-05-03T08:00:00\nname = "B"\n',
            "[[2025.days_off]] entry 2",
            "must be a TOML date",
        ),
        (
            "[2025]\n[[2025.working_days]]\ndate = 2025-04-26\n",
            "[[2025.working_days]] entry 1",
            "name is required",
        ),
        (
            '[2025]\n[[2025.breaks]]\nname = "Tết"\nstart = 2025-02-02\n'
            "end = 2025-01-25\n",
            "[[2025.breaks]] entry 1 ('Tết')",
            "is before start",
        ),
        (
            '[2025]\n[[2025.breaks]]\nname = "Tết"\nstart = 2024-02-08\n'
            "end = 2024-02-14\n",
            "[[2025.breaks]] entry 1 ('Tết')",
            "is not in 2025",
        ),
        (
            '[2025]\n[[2025.breaks]]\nname = "Hè"\nstart = 2025-06-01\n'
            "end = 2025-08-31\n",
            "[[2025.breaks]] entry 1 ('Hè')",
            "longer than 31 days",
        ),
        (
            '[2025]\n[[2025.breaks]]\nname = "Tết"\nstart = 2025-01-25\n'
            'end = 2025-02-02\ntet = "yes"\n',
            "[[2025.breaks]] entry 1 ('Tết')",
            "tet must be true or false",
        ),
        (
            '[2025]\n[[2025.days_off]]\ndate = 2025-05-02\nname = "Nghỉ"\n'
            '[[2025.working_days]]\ndate = 2025-05-02\nname = "Làm"\n',
            "[2025]",
            "both a day off and a working day",
        ),
        ('[2025]\ndays_off = "2025-05-02"\n', "[2025]", "[[YEAR.days_off]]"),
    ],
)
def test_a_malformed_override_file_is_refused_naming_file_and_entry(
    tmp_path, text, entry, reason
):
    path = _write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        build_calendar([2025], override_file=path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert entry in message
    assert reason in message


def test_a_missing_override_file_is_refused(tmp_path):
    path = tmp_path / "absent.toml"
    with pytest.raises(PolicyError, match="cannot read the calendar file"):
        build_calendar([2025], override_file=path)


def test_parsing_names_the_source_given():
    with pytest.raises(PolicyError, match=r"^admin\.toml: \[2025\]"):
        parse_calendar_data("[2025]\nreplace = 1\n", source="admin.toml")
