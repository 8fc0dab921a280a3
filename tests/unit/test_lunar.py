from datetime import date

import pytest

from domain.errors import InputError
from domain.lunar import (
    LunarDate,
    last_day_of_lunar_month,
    leap_month,
    lunar_new_year,
    lunar_to_solar,
    solar_to_lunar,
)


@pytest.mark.parametrize(
    ("year", "tet"),
    [
        (2020, date(2020, 1, 25)),
        (2021, date(2021, 2, 12)),
        (2022, date(2022, 2, 1)),
        (2023, date(2023, 1, 22)),
        (2024, date(2024, 2, 10)),
        (2025, date(2025, 1, 29)),
        (2026, date(2026, 2, 17)),
    ],
)
def test_lunar_new_year_matches_the_official_tet(year, tet):
    assert lunar_new_year(year) == tet


@pytest.mark.parametrize(
    ("year", "tet"),
    [
        # The Chinese calendar (UTC+8) has 20 Feb 1985, 30 Jan 1968 and 18 Feb 2007.
        (1985, date(1985, 1, 21)),
        (1968, date(1968, 1, 29)),
        (2007, date(2007, 2, 17)),
    ],
)
def test_tet_is_computed_for_vietnam_time_not_china_time(year, tet):
    assert lunar_new_year(year) == tet


@pytest.mark.parametrize(
    ("year", "hung_kings_day"),
    [
        (2023, date(2023, 4, 29)),
        (2024, date(2024, 4, 18)),
        (2025, date(2025, 4, 7)),
    ],
)
def test_hung_kings_day_is_the_tenth_of_the_third_lunar_month(year, hung_kings_day):
    assert lunar_to_solar(year, 3, 10) == hung_kings_day
    assert solar_to_lunar(hung_kings_day) == LunarDate(year, 3, 10)


@pytest.mark.parametrize(
    ("year", "month"), [(2020, 4), (2023, 2), (2025, 6), (2022, None), (2024, None)]
)
def test_leap_month_of_a_year(year, month):
    assert leap_month(year) == month


def test_the_leap_second_month_of_2023_follows_the_ordinary_one():
    assert lunar_to_solar(2023, 2, 1) == date(2023, 2, 20)
    assert lunar_to_solar(2023, 2, 1, leap=True) == date(2023, 3, 22)
    assert solar_to_lunar(date(2023, 3, 22)) == LunarDate(2023, 2, 1, leap=True)
    assert solar_to_lunar(date(2023, 4, 20)) == LunarDate(2023, 3, 1)


def test_the_leap_sixth_month_of_2025():
    assert solar_to_lunar(date(2025, 7, 25)) == LunarDate(2025, 6, 1, leap=True)
    assert last_day_of_lunar_month(2025, 6, leap=True) == date(2025, 8, 22)
    assert solar_to_lunar(date(2025, 8, 23)) == LunarDate(2025, 7, 1)


def test_months_eleven_and_twelve_belong_to_the_previous_lunar_year():
    assert solar_to_lunar(date(2025, 1, 28)) == LunarDate(2024, 12, 29)
    assert solar_to_lunar(date(2025, 1, 29)) == LunarDate(2025, 1, 1)


@pytest.mark.parametrize(
    ("year", "last_day"),
    [(2024, date(2025, 1, 28)), (2025, date(2026, 2, 16))],
)
def test_last_day_of_the_twelfth_month_is_the_eve_of_the_next_tet(year, last_day):
    assert last_day_of_lunar_month(year, 12) == last_day


def test_a_thirtieth_day_in_a_29_day_month_is_refused():
    # Month 12 of lunar year 2024 has 29 days (the eve of Tết 2025 is the 29th).
    with pytest.raises(InputError, match="29 days"):
        lunar_to_solar(2024, 12, 30)


@pytest.mark.parametrize(
    ("year", "month", "day", "leap"),
    [
        (2024, 2, 1, True),
        (2024, 13, 1, False),
        (2024, 0, 1, False),
        (2024, 1, 0, False),
    ],
)
def test_impossible_lunar_dates_are_refused(year, month, day, leap):
    with pytest.raises(InputError):
        lunar_to_solar(year, month, day, leap)


def test_years_outside_the_supported_range_are_refused():
    with pytest.raises(InputError, match="supported range"):
        lunar_new_year(1700)
    with pytest.raises(InputError, match="supported range"):
        solar_to_lunar(date(2300, 1, 1))


def test_lunar_date_reads_as_vietnamese():
    assert str(LunarDate(2023, 2, 1, leap=True)) == "1/2 nhuận/2023 (âm lịch)"


def _every_supported_day() -> list[date]:
    first = date(1900, 1, 1).toordinal()
    last = date(2100, 12, 31).toordinal()
    return [date.fromordinal(n) for n in range(first, last + 1)]


def test_every_day_round_trips_through_the_lunar_calendar():
    # All 73,414 days of the supported range, not a sample: it takes a quarter second.
    for day in _every_supported_day():
        lunar = solar_to_lunar(day)
        assert 1 <= lunar.month <= 12, day
        assert 1 <= lunar.day <= 30, day
        assert lunar_to_solar(lunar.year, lunar.month, lunar.day, lunar.leap) == day


def test_consecutive_days_are_consecutive_lunar_days_or_a_new_month():
    days = _every_supported_day()
    lunar = [solar_to_lunar(day) for day in days]
    for day, today, tomorrow in zip(days, lunar, lunar[1:], strict=False):
        if tomorrow.day == 1:
            assert today.day in (29, 30), day
        else:
            assert (tomorrow.year, tomorrow.month, tomorrow.leap) == (
                today.year,
                today.month,
                today.leap,
            ), day
            assert tomorrow.day == today.day + 1, day
