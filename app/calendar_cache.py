"""The built working-day calendar, kept in a file between runs.

Building it asks the ``holidays`` package about every year the calendar covers, which
costs about a second per process; every command that counts working days would pay it.
The built calendar is plain data, so it is stored as JSON under DIRECTIVES_CACHE_DIR,
named by a digest of everything it is built from (the years, the shipped and the
administrator's calendar files, the code that builds it and the ``holidays`` version):
any change to those builds it afresh. A cache file that cannot be read or written only
costs the rebuild.
"""

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from datetime import date
from importlib import metadata
from pathlib import Path

from domain.workdays import Break, WorkCalendar

_FIELDS = {"days_off", "working_weekend_days", "tet_breaks", "weekend"}
_SOURCES = (
    Path(__file__).parent / "calendars.py",
    Path(__file__).parent / "data" / "calendar-vn.toml",
    Path(__file__).parent.parent / "domain" / "lunar.py",
    Path(__file__).parent.parent / "domain" / "workdays.py",
)


def cache_key(years: range, override: Path | None) -> str:
    """A digest of everything the calendar of ``years`` is built from."""
    digest = hashlib.sha256()
    digest.update(f"{years.start}-{years.stop}".encode())
    try:
        digest.update(metadata.version("holidays").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"no holidays package")
    for path in (*_SOURCES, *([override] if override is not None else [])):
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError as err:
            digest.update(f"unreadable {err.errno}".encode())
    return digest.hexdigest()[:24]


def cached_calendar(
    folder: Path, key: str, build: Callable[[], WorkCalendar]
) -> WorkCalendar:
    """The calendar stored under ``key`` in ``folder``, else ``build()``, then stored."""
    path = folder / f"calendar-{key}.json"
    try:
        return _load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no usable copy: build it below
    calendar = build()
    if {f.name for f in dataclasses.fields(WorkCalendar)} == _FIELDS:
        _store(path, _dump(calendar))
    return calendar


def _dump(calendar: WorkCalendar) -> str:
    return json.dumps(
        {
            "days_off": sorted(d.isoformat() for d in calendar.days_off),
            "working_weekend_days": sorted(
                d.isoformat() for d in calendar.working_weekend_days
            ),
            "tet_breaks": {
                str(year): [b.name, b.start.isoformat(), b.end.isoformat()]
                for year, b in calendar.tet_breaks.items()
            },
            "weekend": sorted(calendar.weekend),
        }
    )


def _load(text: str) -> WorkCalendar:
    data = json.loads(text)
    return WorkCalendar(
        days_off=frozenset(date.fromisoformat(d) for d in data["days_off"]),
        working_weekend_days=frozenset(
            date.fromisoformat(d) for d in data["working_weekend_days"]
        ),
        tet_breaks={
            int(year): Break(
                name=name,
                start=date.fromisoformat(start),
                end=date.fromisoformat(end),
            )
            for year, (name, start, end) in data["tet_breaks"].items()
        },
        weekend=frozenset(int(d) for d in data["weekend"]),
    )


def _store(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except OSError:
        # a read-only or full disk makes the next run rebuild; it is not an error
        return
