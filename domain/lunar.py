"""The Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.

The rules are the traditional ones, applied to astronomical events seen from Vietnam:

* a lunar month starts on the local (UTC+7) day of a new moon;
* the month that contains the winter solstice is month 11;
* a span from one month 11 to the next with 13 months gets a leap month: the first
  month after month 11 that contains no principal solar term (no multiple of 30° of
  the Sun's longitude is crossed) repeats the number of the month before it.

Days are counted in local civil days, so an event is placed on the day it happens in
Hà Nội. That is why Vietnam and China sometimes disagree (Tết 1985 is 21 Jan here and
20 Feb in China): a new moon or solar term close to midnight falls on different days
at UTC+7 and UTC+8.

New moons follow Meeus, *Astronomical Algorithms*, ch. 49 (accurate to well under a
minute); the Sun's apparent longitude follows ch. 25 (about 0.01°). Results are
meant for 1800–2199; outside that range the time-scale correction (ΔT) is a guess, so
the public functions refuse it.
"""

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from domain.errors import InputError

MIN_YEAR = 1800
MAX_YEAR = 2199

_UTC_OFFSET_DAYS = 7 / 24
# date.toordinal() of a day + this = its Julian Day Number (the JD at that day's noon).
_ORDINAL_TO_JDN = 1_721_425
_SYNODIC_MONTH = 29.530588861
_NEW_MOON_EPOCH_JDE = 2_451_550.09766  # k = 0: the new moon of 6 Jan 2000
_J2000 = 2_451_545.0


@dataclass(frozen=True, order=True)
class LunarDate:
    """A date of the Vietnamese lunar calendar.

    ``year`` is the lunar year, numbered by the Gregorian year in which its month 1
    (Tết) falls; months 11 and 12 therefore often fall in the next Gregorian year.
    """

    year: int
    month: int
    day: int
    leap: bool = False

    def __str__(self) -> str:
        leap = " nhuận" if self.leap else ""
        return f"{self.day}/{self.month}{leap}/{self.year} (âm lịch)"


@dataclass(frozen=True)
class _Month:
    year: int
    month: int
    leap: bool
    start: int  # Julian Day Number of day 1
    length: int  # 29 or 30


def solar_to_lunar(d: date) -> LunarDate:
    """The lunar date of a Gregorian date, as observed in Vietnam.

    Args:
        d: a Gregorian date between 1800 and 2199.

    Returns:
        The lunar year, month, day and whether the month is a leap month.

    Raises:
        InputError: ``d`` is outside the supported years.
    """
    _check_year(d.year, "date")
    jdn = d.toordinal() + _ORDINAL_TO_JDN
    # The span from the month 11 around December of year g - 1 to the next one.
    span = d.year + 1 if jdn >= _month_11_start(d.year) else d.year
    for month in _span(span):
        if month.start <= jdn < month.start + month.length:
            return LunarDate(month.year, month.month, jdn - month.start + 1, month.leap)
    raise AssertionError(f"{d} is in no lunar month")  # pragma: no cover


def lunar_to_solar(
    lunar_year: int, lunar_month: int, lunar_day: int, leap: bool = False
) -> date:
    """The Gregorian date of a lunar date.

    Args:
        lunar_year: the lunar year (the Gregorian year of its Tết).
        lunar_month: 1 to 12.
        lunar_day: 1 to 29 or 30, depending on the month.
        leap: whether the leap month of that number is meant.

    Returns:
        The Gregorian date.

    Raises:
        InputError: the month has no such day, the year has no such leap month, or the
            year is outside the supported range.
    """
    month = _find_month(lunar_year, lunar_month, leap)
    if not 1 <= lunar_day <= month.length:
        raise InputError(
            f"lunar month {_month_label(lunar_month, leap)}/{lunar_year} has "
            f"{month.length} days, not day {lunar_day}",
            vi=f"tháng {_month_label(lunar_month, leap)}/{lunar_year} âm lịch có "
            f"{month.length} ngày, không có ngày {lunar_day}",
        )
    return _jdn_to_date(month.start + lunar_day - 1)


def lunar_new_year(gregorian_year: int) -> date:
    """Mùng 1 Tết: the first day of lunar month 1 falling in ``gregorian_year``.

    Raises:
        InputError: the year is outside the supported range.
    """
    return lunar_to_solar(gregorian_year, 1, 1)


def last_day_of_lunar_month(
    lunar_year: int, lunar_month: int, leap: bool = False
) -> date:
    """The Gregorian date of the last day (29th or 30th) of a lunar month.

    Raises:
        InputError: no such month, or the year is outside the supported range.
    """
    month = _find_month(lunar_year, lunar_month, leap)
    return _jdn_to_date(month.start + month.length - 1)


def leap_month(lunar_year: int) -> int | None:
    """The number of the leap month of ``lunar_year``, or None when it has none.

    Raises:
        InputError: the year is outside the supported range.
    """
    _check_year(lunar_year, "lunar year")
    for month in _year_months(lunar_year):
        if month.leap:
            return month.month
    return None


def _find_month(lunar_year: int, lunar_month: int, leap: bool) -> _Month:
    _check_year(lunar_year, "lunar year")
    if not 1 <= lunar_month <= 12:
        raise InputError(
            f"lunar month must be 1 to 12, not {lunar_month}",
            vi=f"tháng âm lịch phải từ 1 đến 12, không phải {lunar_month}",
        )
    for month in _year_months(lunar_year):
        if month.month == lunar_month and month.leap == leap:
            return month
    raise InputError(
        f"lunar year {lunar_year} has no leap month {lunar_month}"
        f" (its leap month: {leap_month(lunar_year) or 'none'})",
        vi=f"năm âm lịch {lunar_year} không có tháng {lunar_month} nhuận"
        f" (tháng nhuận của năm: {leap_month(lunar_year) or 'không có'})",
    )


_YEAR_VI = {"date": "năm dương lịch", "lunar year": "năm âm lịch"}


def _check_year(year: int, what: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InputError(
            f"{what} year {year} is outside the supported range {MIN_YEAR}–{MAX_YEAR}",
            vi=f"{_YEAR_VI.get(what, what)} {year} nằm ngoài khoảng hỗ trợ "
            f"{MIN_YEAR}–{MAX_YEAR}",
        )


def _month_label(month: int, leap: bool) -> str:
    return f"{month} nhuận" if leap else str(month)


def _jdn_to_date(jdn: int) -> date:
    return date.fromordinal(jdn - _ORDINAL_TO_JDN)


@lru_cache(maxsize=512)
def _year_months(lunar_year: int) -> tuple[_Month, ...]:
    """Months 1 to 12 (and a leap month) of one lunar year, in order."""
    months = [m for m in _span(lunar_year) if m.year == lunar_year]
    months += [m for m in _span(lunar_year + 1) if m.year == lunar_year]
    return tuple(months)


@lru_cache(maxsize=512)
def _span(gregorian_year: int) -> tuple[_Month, ...]:
    """The months from the month 11 of Dec ``gregorian_year - 1`` to the next month 11.

    Months 11 and 12 at its start belong to the previous lunar year; the rest (1 to 10)
    to lunar year ``gregorian_year``.
    """
    first = _month_11_start(gregorian_year - 1)
    last = _month_11_start(gregorian_year)
    k = _lunation_at(first)
    starts = [first]
    while starts[-1] < last:
        k += 1
        starts.append(_new_moon_day(k))
    if starts[-1] != last:  # pragma: no cover - would mean a lunation was skipped
        raise AssertionError(f"lunations around {gregorian_year} do not line up")
    count = len(starts) - 1
    leap_index = _leap_index(starts) if count == 13 else None

    months: list[_Month] = []
    number, year = 10, gregorian_year - 1
    for i in range(count):
        is_leap = i == leap_index
        if not is_leap:
            number = number % 12 + 1
            if number == 1:
                year = gregorian_year
        months.append(
            _Month(year, number, is_leap, starts[i], starts[i + 1] - starts[i])
        )
    return tuple(months)


def _leap_index(starts: list[int]) -> int:
    """The first month after month 11 in which the Sun crosses no multiple of 30°."""
    for i in range(1, len(starts) - 1):
        if _sun_sector(starts[i]) == _sun_sector(starts[i + 1]):
            return i
    # Twelve crossings among thirteen months leave at least one month without one.
    raise AssertionError("13 months, each with a solar term")  # pragma: no cover


def _month_11_start(gregorian_year: int) -> int:
    """Day 1 of the lunar month containing the winter solstice of ``gregorian_year``."""
    dec_31 = date(gregorian_year, 12, 31).toordinal() + _ORDINAL_TO_JDN
    k = _lunation_at(dec_31)
    start = _new_moon_day(k)
    # A month that starts after the solstice (the Sun already past 270°) is month 12.
    if _sun_sector(start) >= 9:
        start = _new_moon_day(k - 1)
    return start


def _lunation_at(jdn: int) -> int:
    """The lunation number k whose new moon day is the last one on or before ``jdn``."""
    k = math.floor((jdn - _NEW_MOON_EPOCH_JDE) / _SYNODIC_MONTH)
    while _new_moon_day(k + 1) <= jdn:
        k += 1
    while _new_moon_day(k) > jdn:
        k -= 1
    return k


@lru_cache(maxsize=8192)
def _new_moon_day(k: int) -> int:
    """The local (UTC+7) Julian Day Number of the day of new moon number ``k``."""
    jd_ut = _new_moon_jde(k) - _delta_t_days(k)
    return math.floor(jd_ut + 0.5 + _UTC_OFFSET_DAYS)


def _sun_sector(jdn: int) -> int:
    """Which 30° sector the Sun is in at local midnight starting day ``jdn`` (0–11)."""
    jd_ut = jdn - 0.5 - _UTC_OFFSET_DAYS
    return math.floor(_sun_apparent_longitude(jd_ut) / 30)


def _new_moon_jde(k: int) -> float:
    """Meeus ch. 49: the instant (JDE, Terrestrial Time) of true new moon ``k``."""
    t = k / 1236.85
    t2, t3, t4 = t * t, t**3, t**4
    jde = (
        _NEW_MOON_EPOCH_JDE
        + _SYNODIC_MONTH * k
        + 0.00015437 * t2
        - 0.000000150 * t3
        + 0.00000000073 * t4
    )
    e = 1 - 0.002516 * t - 0.0000074 * t2
    m = math.radians(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3)
    mp = math.radians(
        201.5643
        + 385.81693528 * k
        + 0.0107582 * t2
        + 0.00001238 * t3
        - 0.000000058 * t4
    )
    f = math.radians(
        160.7108
        + 390.67050284 * k
        - 0.0016118 * t2
        - 0.00000227 * t3
        + 0.000000011 * t4
    )
    om = math.radians(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3)
    sin = math.sin
    correction = (
        -0.40720 * sin(mp)
        + 0.17241 * e * sin(m)
        + 0.01608 * sin(2 * mp)
        + 0.01039 * sin(2 * f)
        + 0.00739 * e * sin(mp - m)
        - 0.00514 * e * sin(mp + m)
        + 0.00208 * e * e * sin(2 * m)
        - 0.00111 * sin(mp - 2 * f)
        - 0.00057 * sin(mp + 2 * f)
        + 0.00056 * e * sin(2 * mp + m)
        - 0.00042 * sin(3 * mp)
        + 0.00042 * e * sin(m + 2 * f)
        + 0.00038 * e * sin(m - 2 * f)
        - 0.00024 * e * sin(2 * mp - m)
        - 0.00017 * sin(om)
        - 0.00007 * sin(mp + 2 * m)
        + 0.00004 * sin(2 * mp - 2 * f)
        + 0.00004 * sin(3 * m)
        + 0.00003 * sin(mp + m - 2 * f)
        + 0.00003 * sin(2 * mp + 2 * f)
        - 0.00003 * sin(mp + m + 2 * f)
        + 0.00003 * sin(mp - m + 2 * f)
        - 0.00002 * sin(mp - m - 2 * f)
        - 0.00002 * sin(3 * mp + m)
        + 0.00002 * sin(4 * mp)
    )
    planetary = sum(
        coefficient * sin(math.radians(base + rate * k + quadratic * t2))
        for coefficient, base, rate, quadratic in _PLANETARY_TERMS
    )
    return jde + correction + planetary


# Meeus table 49.B: (coefficient, A at k = 0, A per lunation, T² term) of A1–A14.
_PLANETARY_TERMS: tuple[tuple[float, float, float, float], ...] = (
    (0.000325, 299.77, 0.107408, -0.009173),
    (0.000165, 251.88, 0.016321, 0.0),
    (0.000164, 251.83, 26.651886, 0.0),
    (0.000126, 349.42, 36.412478, 0.0),
    (0.000110, 84.66, 18.206239, 0.0),
    (0.000062, 141.74, 53.303771, 0.0),
    (0.000060, 207.14, 2.453732, 0.0),
    (0.000056, 154.84, 7.306860, 0.0),
    (0.000047, 34.52, 27.261239, 0.0),
    (0.000042, 207.19, 0.121824, 0.0),
    (0.000040, 291.34, 1.844379, 0.0),
    (0.000037, 161.72, 24.198154, 0.0),
    (0.000035, 239.56, 25.513099, 0.0),
    (0.000023, 331.55, 3.592518, 0.0),
)


def _sun_apparent_longitude(jd_ut: float) -> float:
    """Meeus ch. 25 (low accuracy): the Sun's apparent longitude in degrees, 0–360."""
    # ΔT (minutes at most in 1800–2199) is below this formula's error: UT serves as TT.
    t = (jd_ut - _J2000) / 36525
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    m = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    centre = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(m)
        + (0.019993 - 0.000101 * t) * math.sin(2 * m)
        + 0.000289 * math.sin(3 * m)
    )
    omega = math.radians(125.04 - 1934.136 * t)
    return (l0 + centre - 0.00569 - 0.00478 * math.sin(omega)) % 360


def _delta_t_days(k: int) -> float:
    """TT − UT in days around lunation ``k`` (Espenak & Meeus polynomials)."""
    y = 2000 + (k + 0.5) * _SYNODIC_MONTH / 365.2425
    if y < 1860:
        t = y - 1800
        seconds = (
            13.72
            - 0.332447 * t
            + 0.0068612 * t**2
            + 0.0041116 * t**3
            - 0.00037436 * t**4
            + 0.0000121272 * t**5
            - 0.0000001699 * t**6
            + 0.000000000875 * t**7
        )
    elif y < 1900:
        t = y - 1860
        seconds = (
            7.62
            + 0.5737 * t
            - 0.251754 * t**2
            + 0.01680668 * t**3
            - 0.0004473624 * t**4
            + t**5 / 233174
        )
    elif y < 1920:
        t = y - 1900
        seconds = (
            -2.79 + 1.494119 * t - 0.0598939 * t**2 + 0.0061966 * t**3 - 0.000197 * t**4
        )
    elif y < 1941:
        t = y - 1920
        seconds = 21.20 + 0.84493 * t - 0.076100 * t**2 + 0.0020936 * t**3
    elif y < 1961:
        t = y - 1950
        seconds = 29.07 + 0.407 * t - t**2 / 233 + t**3 / 2547
    elif y < 1986:
        t = y - 1975
        seconds = 45.45 + 1.067 * t - t**2 / 260 - t**3 / 718
    elif y < 2005:
        t = y - 2000
        seconds = (
            63.86
            + 0.3345 * t
            - 0.060374 * t**2
            + 0.0017275 * t**3
            + 0.000651814 * t**4
            + 0.00002373599 * t**5
        )
    elif y < 2050:
        t = y - 2000
        seconds = 62.92 + 0.32217 * t + 0.005589 * t**2
    else:
        u = (y - 1820) / 100
        seconds = -20 + 32 * u * u - 0.5628 * max(0.0, 2150 - y)
    return seconds / 86400
