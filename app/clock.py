"""Instants at the edges: strict parsing of ISO-8601 input, and the current time."""

from datetime import UTC, date, datetime

import pendulum

from domain.errors import InputError


def parse_instant(text: str, *, what: str = "--now") -> datetime:
    """An aware UTC datetime from ISO-8601 text that carries its offset.

    Raises:
        InputError: the text is not a datetime, or has no offset (naive input would be
            read in some unknown zone).
    """
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as err:
        raise InputError(f"{what}: {text!r} is not an ISO-8601 date-time") from err
    if value.tzinfo is None:
        raise InputError(f"{what}: {text!r} has no UTC offset (add +07:00 or Z)")
    return value.astimezone(UTC)


def parse_day(text: str, *, what: str) -> date:
    """A date from ``YYYY-MM-DD``.

    Raises:
        InputError: naming the option and the text.
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError as err:
        raise InputError(f"{what}: {text!r} is not a date (YYYY-MM-DD)") from err


def utc_now() -> datetime:
    """The current instant, aware, in UTC (edges only: the domain is given ``now``)."""
    return pendulum.now("UTC")
