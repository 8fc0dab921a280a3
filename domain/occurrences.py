"""Dated occurrences of recurring work, and the period keys that name them.

A directive that asks for something "hằng tuần", "hằng tháng", "hằng quý" or "hằng năm"
is tracked one occurrence at a time: each occurrence has its own due date and its own
key, and the escalation ladder restarts for each. Work that is "thường xuyên" (ongoing)
or "định kỳ" without a period has no dated occurrences; it is asked for progress instead
(see :mod:`domain.escalation`).

Due dates, decided here once:

- **weekly**: the last working day of the ISO week (Friday in an ordinary week;
  Thursday when Friday is a holiday; a make-up Saturday when one is worked). A week with
  no working day at all (the whole week of the 2025 Tết break) has no occurrence: nobody
  is at work to report.
- **monthly**: the policy's ``recurring_due_day`` of each month (the 20th by default),
  clamped to the month's last day.
- **quarterly** and **yearly**: that same day of the period's last month (20 Dec for
  quarter IV and for the year).

A monthly, quarterly or yearly due date is *not* moved when it falls on a weekend or a
holiday: it is the date an office would write, and the rest of the system already
handles a due date on a non-working day (the "due" notice goes out on the last working
day before it). A weekly report has no written day, so we pick one, and pick a working
day.

Recurring work is stored as a *parent* (no due date, no parent of its own) under which
each occurrence becomes work of its own. :func:`spawn_occurrences` is the rule the sweep
applies to a parent: which occurrences must exist by then, what each new one is and
what its history records, and when the parent is looked at again.
"""

import calendar as _monthdays
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from domain.assignment import (
    ACTIVE_STATUSES,
    AssignmentState,
    AssignmentStatus,
    EventIntent,
    EventKind,
)
from domain.assignment import DATED_RECURRENCES as DATED_RECURRENCES
from domain.assignment import RECURRENCES as RECURRENCES
from domain.policy import Policy
from domain.workdays import WorkCalendar, weekends_only

_ROMAN: Final = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence of recurring work.

    Args:
        key: the period key, e.g. ``"2023-W41"``, ``"2023-10"``, ``"2023-Q4"`` or
            ``"2023"``; unique per recurrence and stable, so it can be part of a
            ledger key.
        due_on: the date the occurrence is due.
        period_label: the period as a Vietnamese report names it, e.g.
            ``"quý IV/2023"``.
    """

    key: str
    due_on: date
    period_label: str


def occurrences(
    recurrence: str | None,
    *,
    start: date,
    until: date,
    policy: Policy,
    calendar: WorkCalendar | None = None,
) -> list[Occurrence]:
    """The occurrences of recurring work due between two dates.

    An occurrence belongs to the range when its *due date* does, so an occurrence whose
    period began before ``start`` but is due after it is included, and one already due
    before the work was assigned is not.

    Args:
        recurrence: the directive's recurrence; ``None``, ``"ongoing"`` and
            ``"periodic"`` have no dated occurrences.
        start: first date of the range (inclusive), typically the signing date.
        until: last date of the range (inclusive).
        policy: gives the monthly due day.
        calendar: working days, used for weekly occurrences only; weekends only when
            omitted.

    Returns:
        The occurrences in date order; empty when ``until`` is before ``start``.

    Raises:
        ValueError: for a recurrence that is not one of :data:`RECURRENCES`.
    """
    if recurrence is not None and recurrence not in RECURRENCES:
        known = ", ".join(sorted(RECURRENCES))
        raise ValueError(f"unknown recurrence {recurrence!r} (one of {known})")
    if recurrence not in DATED_RECURRENCES or until < start:
        return []
    if recurrence == "weekly":
        return _weekly(start, until, calendar or weekends_only())
    step = {"monthly": 1, "quarterly": 3, "yearly": 12}[recurrence]
    found = []
    # walk the period-end months; the first is the period containing start
    year, month = start.year, _period_end_month(start.month, step)
    while date(year, month, 1) <= until:
        due = _clamped(year, month, policy.recurring_due_day)
        if start <= due <= until:
            found.append(_occurrence(due, step))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return found


def week_key(day: date) -> str:
    """The ISO week key of ``day``, e.g. ``"2023-W41"``."""
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def month_key(day: date) -> str:
    """The month key of ``day``, e.g. ``"2023-10"``."""
    return f"{day.year}-{day.month:02d}"


def quarter_key(day: date) -> str:
    """The quarter key of ``day``, e.g. ``"2023-Q4"``."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def year_key(day: date) -> str:
    """The year key of ``day``, e.g. ``"2023"``."""
    return str(day.year)


def period_key(day: date, months: int) -> str:
    """The key of the period of ``months`` months (1, 3 or 12) that contains ``day``.

    Raises:
        ValueError: for any other period length.
    """
    if months == 1:
        return month_key(day)
    if months == 3:
        return quarter_key(day)
    if months == 12:
        return year_key(day)
    raise ValueError(f"no period key for {months} months")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the target month's last day.

    30 Nov + 3 months is 29 Feb in a leap year: a period never spills into the month
    after.
    """
    index = day.year * 12 + day.month - 1 + months
    return _clamped(index // 12, index % 12 + 1, day.day)


def _weekly(start: date, until: date, calendar: WorkCalendar) -> list[Occurrence]:
    found = []
    monday = start - timedelta(days=start.isoweekday() - 1)
    while monday <= until:
        due = _last_working_day_of_week(monday, calendar)
        if due is not None and start <= due <= until:
            iso = monday.isocalendar()
            found.append(
                Occurrence(week_key(monday), due, f"tuần {iso.week}/{iso.year}")
            )
        monday += timedelta(days=7)
    return found


def _last_working_day_of_week(monday: date, calendar: WorkCalendar) -> date | None:
    for back in range(6, -1, -1):
        day = monday + timedelta(days=back)
        if calendar.is_working_day(day):
            return day
    return None


def _occurrence(due: date, months: int) -> Occurrence:
    if months == 1:
        return Occurrence(month_key(due), due, f"tháng {due.month}/{due.year}")
    if months == 3:
        quarter = (due.month - 1) // 3
        return Occurrence(quarter_key(due), due, f"quý {_ROMAN[quarter]}/{due.year}")
    return Occurrence(year_key(due), due, f"năm {due.year}")


def _period_end_month(month: int, months: int) -> int:
    return ((month - 1) // months + 1) * months


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, _monthdays.monthrange(year, month)[1]))


# --- recurring parents ---------------------------------------------------------------

#: How far ahead the occurrences of recurring work are created (days), so that owners
#: see the next report coming and its reminder can fire before it.
OCCURRENCE_LEAD_DAYS: Final = 31
#: How often a recurring parent is looked at again (days).
PARENT_RECHECK_DAYS: Final = 7


def is_recurring_parent(
    recurrence: str | None, due_on: date | None, parent_id: int | None
) -> bool:
    """Whether work is a recurring parent: dated recurrence, no due date, no parent.

    A parent is never followed up itself; its occurrences are.
    """
    return recurrence in DATED_RECURRENCES and due_on is None and parent_id is None


@dataclass(frozen=True)
class RecurringParent:
    """What the spawning of occurrences reads of a recurring parent.

    Args:
        id: the parent's id.
        status: its status; only work still followed up spawns.
        owner: its owner's registry code (the occurrences' owner).
        recurrence: one of :data:`DATED_RECURRENCES`.
        summary: its summary; an occurrence's names its period after it.
        registered_on: the business date the work was registered: no occurrence due
            before it is created.
        spawned: the keys of the occurrences already created.
    """

    id: int
    status: str
    owner: str | None
    recurrence: str
    summary: str
    registered_on: date
    spawned: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NewOccurrence:
    """One occurrence to create under a parent, to be scheduled by the planner.

    ``state`` is the new work's (``id`` 0: not stored yet): open, the parent's owner,
    its own due date and period key. ``events`` open its history. It has no mail of its
    own: its ladder (reminder, due, overdue…) is what tells the owner. Role and
    recurrence are the parent's.
    """

    state: AssignmentState
    events: tuple[EventIntent, ...]
    summary: str
    due_text: str


@dataclass(frozen=True)
class Spawn:
    """What the sweep does to one recurring parent: the occurrences to create, and the
    day the parent is looked at again (``None``: never, it is no longer followed up)."""

    parent_id: int
    new: tuple[NewOccurrence, ...]
    next_check_on: date | None


def spawn_occurrences(
    parent: RecurringParent,
    *,
    today: date,
    policy: Policy,
    calendar: WorkCalendar | None = None,
) -> Spawn:
    """The occurrences of a recurring parent that must exist on ``today``.

    Those due from the day the work was registered up to :data:`OCCURRENCE_LEAD_DAYS`
    after ``today``, less those already created, in date order. Each is open, owned by
    the parent's owner, due on its own date and keyed by its period; its summary and
    written deadline name the period. The parent is looked at again
    :data:`PARENT_RECHECK_DAYS` later.

    Args:
        parent: the parent as loaded.
        today: the business date of the sweep.
        policy: the issuer's policy (the monthly due day).
        calendar: working days (the day a weekly report is due).

    Raises:
        ValueError: the parent's recurrence is not one of :data:`RECURRENCES`.
    """
    if parent.status not in ACTIVE_STATUSES:
        return Spawn(parent.id, (), None)
    horizon = today + timedelta(days=OCCURRENCE_LEAD_DAYS)
    new = tuple(
        _new_occurrence(parent, occ)
        for occ in occurrences(
            parent.recurrence,
            start=parent.registered_on,
            until=horizon,
            policy=policy,
            calendar=calendar,
        )
        if occ.key not in parent.spawned
    )
    return Spawn(parent.id, new, today + timedelta(days=PARENT_RECHECK_DAYS))


def _new_occurrence(parent: RecurringParent, occ: Occurrence) -> NewOccurrence:
    state = AssignmentState(
        id=0,
        status=AssignmentStatus.OPEN,
        owner=parent.owner,
        due_on=occ.due_on,
        original_due_on=occ.due_on,
        occurrence=occ.key,
    )
    event = EventIntent(EventKind.CREATED, {"occurrence": occ.key, "parent": parent.id})
    return NewOccurrence(
        state=state,
        events=(event,),
        summary=f"{parent.summary} ({occ.period_label})",
        due_text=occ.period_label,
    )
