"""Instants and dates at the edges: strict parsing of user input, and the current time.

Users write dates as dd/mm/yyyy or ISO-8601; an instant without an offset is read in
the business time zone. Anything outside the years the working-day calendar covers is
refused, naming the option.
"""

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from domain.errors import InputError

#: Instants and dates accepted from users: the years the working-day calendar covers.
FIRST_YEAR = 2015
LAST_YEAR = 2040
_DMY = re.compile(
    r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)


def _in_range(value: date, text: str, what: str) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InputError(
            f"{what}: {text!r} is outside {FIRST_YEAR}–{LAST_YEAR}",
            vi=f"{what}: {text!r} nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}",
        )


def parse_instant(
    text: str, *, what: str = "--now", zone: str | None = None
) -> datetime:
    """An aware UTC datetime from ISO-8601 or ``dd/mm/yyyy [HH:MM]`` text.

    Args:
        text: what the user wrote.
        what: the option's name, for the error line.
        zone: the business time zone that text without an offset is read in; when
            None, text without an offset is refused.

    Raises:
        InputError: the text is not a date-time, has no offset and no zone is given,
            or lies outside the years the calendar covers.
    """
    stripped = text.strip()
    found = _DMY.match(stripped)
    try:
        if found:
            value = datetime(
                int(found["y"]),
                int(found["m"]),
                int(found["d"]),
                int(found["H"] or 0),
                int(found["M"] or 0),
                int(found["S"] or 0),
            )
        else:
            value = datetime.fromisoformat(stripped)
    except ValueError as err:
        raise InputError(
            f"{what}: {text!r} is not a date-time (ISO-8601 or dd/mm/yyyy HH:MM)",
            vi=f"{what}: {text!r} không phải là thời điểm "
            "(ISO-8601 hoặc dd/mm/yyyy HH:MM)",
        ) from err
    if value.tzinfo is None:
        if zone is None:
            raise InputError(
                f"{what}: {text!r} has no UTC offset (add +07:00 or Z)",
                vi=f"{what}: {text!r} thiếu độ lệch múi giờ (thêm +07:00 hoặc Z)",
            )
        value = value.replace(tzinfo=ZoneInfo(zone))
    _in_range(value.date(), text, what)
    return value.astimezone(UTC)


def parse_day(text: str, *, what: str) -> date:
    """A date from ``dd/mm/yyyy`` or ``YYYY-MM-DD``.

    Raises:
        InputError: naming the option and the text.
    """
    stripped = text.strip()
    found = _DMY.match(stripped)
    try:
        if found and found["H"] is None:
            value = date(int(found["y"]), int(found["m"]), int(found["d"]))
        else:
            value = date.fromisoformat(stripped)
    except ValueError as err:
        raise InputError(
            f"{what}: {text!r} is not a date (dd/mm/yyyy or YYYY-MM-DD)",
            vi=f"{what}: {text!r} không phải là ngày (dd/mm/yyyy hoặc YYYY-MM-DD)",
        ) from err

    _in_range(value, text, what)
    return value


def utc_now() -> datetime:
    """The current instant, aware, in UTC (edges only: the domain is given ``now``).

    The standard library's clock: importing pendulum for it would cost every command.
    """
    return datetime.now(UTC)
