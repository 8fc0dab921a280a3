"""Report status of tracked work, after Vietnamese task-tracking practice.

Government and Party offices report tracked work in a four-way split, with a few extra
categories alongside. The rules, decided here once:

- **The four-way split** applies to every item with a due date: *hoàn thành đúng hạn*
  (done, reported on or before the due date), *hoàn thành quá hạn* (reported after it),
  *đang thực hiện trong hạn* (not done, due date today or later) and *quá hạn chưa hoàn
  thành* (not done, due date passed). The due date is the one **in force**: an extended
  item is judged by its new date.
- **Done means accepted; lateness is the owner's report date.** Work is done once the
  office accepts the owner's completion report, and its completion date is the date the
  owner *reported* it (the report the office accepted): the office's delay in accepting
  never makes the owner late. Returned work counts from the next report. Work accepted
  after ``as_of`` is not done yet when a report looks back; while a report made in time
  waits for the office (reported on or before the due date and by ``as_of``), the
  item is *in term*, not overdue.
- **Work without a due date** is never given a made-up one. While not done it is
  *thường xuyên* (ongoing: it has a recurrence) or *không thời hạn* (a one-off given no
  deadline) instead of one of the four; once accepted it counts as done on time, since
  no deadline was missed, and keeps its ongoing / no-deadline category.
- **Extra categories** are counted alongside the primary status, not instead of it:
  *gia hạn* (extended), *bị trả lại* (returned by the office and not done since: it
  counts as not done) and *chưa có đơn vị* (no owner yet). An extended overdue item is
  counted under both "overdue" and "extended".
- **Cancelled** work is left out of every count (and counted on its own).
- **On-time rate** = done on time / (done on time + done late + overdue): the share of
  work whose outcome is known that was done in time. Work still in term is not counted
  either way; it has not had its chance.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.assignment import STATUSES


class ReportStatus(StrEnum):
    """A status or category of a compliance report; ``label`` is its Vietnamese name."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OPEN_IN_TERM = "open_in_term"
    OVERDUE = "overdue"
    ONGOING = "ongoing"
    NO_DEADLINE = "no_deadline"
    EXTENDED = "extended"
    RETURNED = "returned"
    NEEDS_OWNER = "needs_owner"

    @property
    def label(self) -> str:
        """The name Vietnamese reports use."""
        return _LABELS[self]

    @property
    def in_split(self) -> bool:
        """Whether this is one of the four-way split."""
        return self in SPLIT


_LABELS: dict[ReportStatus, str] = {
    ReportStatus.DONE_ON_TIME: "hoàn thành đúng hạn",
    ReportStatus.DONE_LATE: "hoàn thành quá hạn",
    ReportStatus.OPEN_IN_TERM: "đang thực hiện trong hạn",
    ReportStatus.OVERDUE: "quá hạn chưa hoàn thành",
    ReportStatus.ONGOING: "thường xuyên",
    ReportStatus.NO_DEADLINE: "không thời hạn",
    ReportStatus.EXTENDED: "gia hạn",
    ReportStatus.RETURNED: "bị trả lại",
    ReportStatus.NEEDS_OWNER: "chưa có đơn vị",
}

#: The four-way split, in report order.
SPLIT = (
    ReportStatus.DONE_ON_TIME,
    ReportStatus.DONE_LATE,
    ReportStatus.OPEN_IN_TERM,
    ReportStatus.OVERDUE,
)

#: Every status and category in report order: the split, then the others.
REPORT_ORDER: tuple[ReportStatus, ...] = tuple(ReportStatus)

_STATUSES = STATUSES


@dataclass(frozen=True)
class StatusInput:
    """What classification needs to know of one assignment.

    Args:
        due_on: the due date in force (after extensions), or ``None``.
        original_due_on: the first due date, kept for the report to show.
        status: the assignment status (``open``, ``returned``, ``reported``, ``done``,
            ``cancelled``, ``needs_owner``).
        accepted_on: the date the office accepted the work as done.
        reported_on: the date the owner reported the work done: for done work, the
            report the office accepted (a returned report does not count); for
            reported work, the report awaiting the office. ``None`` when unknown (then
            the acceptance date stands in for it).
        recurrence: the directive's recurrence, or ``None`` for one-off work.
        extended: the due date was extended at least once.
        returned: the office returned a completion report at least once.
        owner_resolved: the work has an owner organisation.
        owner: the owner's org code, for the per-owner counts.
    """

    due_on: date | None
    original_due_on: date | None
    status: str
    accepted_on: date | None = None
    reported_on: date | None = None
    recurrence: str | None = None
    extended: bool = False
    returned: bool = False
    owner_resolved: bool = True
    owner: str | None = None


def classify(item: StatusInput, *, as_of: date) -> ReportStatus:
    """The primary status of ``item`` on ``as_of``.

    Returns one of the four-way split for work with a due date or accepted as done, and
    ``ONGOING`` or ``NO_DEADLINE`` for undated work not done; see the module notes.

    Raises:
        ValueError: for a cancelled item (reports leave it out), an unknown status, or
            a done item without an acceptance date.
    """
    _check(item)
    if _done(item, as_of):
        finished = item.reported_on or item.accepted_on
        if item.due_on is None or (finished is not None and finished <= item.due_on):
            return ReportStatus.DONE_ON_TIME
        return ReportStatus.DONE_LATE
    if item.due_on is None:
        return ReportStatus.ONGOING if item.recurrence else ReportStatus.NO_DEADLINE
    if as_of <= item.due_on or _reported_in_time(item, as_of):
        return ReportStatus.OPEN_IN_TERM
    return ReportStatus.OVERDUE


def categories(item: StatusInput, *, as_of: date) -> frozenset[ReportStatus]:
    """Every category ``item`` is counted under on ``as_of``.

    That is the primary status of :func:`classify` and the extra categories: ongoing or
    no deadline for undated work (done or not), extended, returned, needs owner.

    Raises:
        ValueError: as :func:`classify`.
    """
    found = {classify(item, as_of=as_of)}
    if item.due_on is None:
        found.add(ReportStatus.ONGOING if item.recurrence else ReportStatus.NO_DEADLINE)
    if item.extended:
        found.add(ReportStatus.EXTENDED)
    if not _done(item, as_of) and (item.returned or item.status == "returned"):
        found.add(ReportStatus.RETURNED)
    if item.status == "needs_owner" or not item.owner_resolved:
        found.add(ReportStatus.NEEDS_OWNER)
    return frozenset(found)


def same_between(item: StatusInput, first: date, last: date) -> bool:
    """Whether :func:`categories` is sure to give ``item`` the same categories on
    ``first`` and on ``last`` (``first`` <= ``last``), so that one classification
    serves both days.

    The rules above read the day only by comparing it with the item's due date, report
    date and acceptance date. When none of those falls from ``first`` to ``last``
    (both included), every comparison comes out the same on both days.
    """
    due, reported, accepted = item.due_on, item.reported_on, item.accepted_on
    return (
        (due is None or not first <= due <= last)
        and (reported is None or not first <= reported <= last)
        and (accepted is None or not first <= accepted <= last)
    )


@dataclass(frozen=True)
class Tally:
    """Counts of one group of items.

    Args:
        counts: items per category, every category present (zero included); an item
            falls in one primary status and any number of extra categories.
        total: items counted (cancelled ones excluded).
    """

    counts: Mapping[ReportStatus, int]
    total: int

    @property
    def on_time_rate(self) -> float | None:
        """Done on time / (done on time + done late + overdue); ``None`` if no such."""
        on_time = self.counts[ReportStatus.DONE_ON_TIME]
        known = on_time + self.counts[ReportStatus.DONE_LATE]
        known += self.counts[ReportStatus.OVERDUE]
        return on_time / known if known else None


@dataclass(frozen=True)
class ComplianceSummary:
    """A compliance report's figures.

    Args:
        as_of: the date the report is made for.
        overall: counts over every item.
        by_owner: counts per owner org code (``None``: items with no owner code).
        cancelled: cancelled items, left out of every other count.
    """

    as_of: date
    overall: Tally
    by_owner: Mapping[str | None, Tally]
    cancelled: int

    @property
    def on_time_rate(self) -> float | None:
        """The overall on-time rate."""
        return self.overall.on_time_rate


def summarise(rows: Iterable[StatusInput], as_of: date) -> ComplianceSummary:
    """Count ``rows`` per category, overall and per owner, as of a date.

    Args:
        rows: the items to report on.
        as_of: the report date; work accepted after it counts as not done.

    Returns:
        The figures; see the module notes for the rules.

    Raises:
        ValueError: for an unknown status or a done item without an acceptance date.
    """
    overall: Counter[ReportStatus] = Counter()
    owners: dict[str | None, Counter[ReportStatus]] = {}
    totals: Counter[str | None] = Counter()
    cancelled = 0
    count = 0
    for row in rows:
        if row.status == "cancelled":
            cancelled += 1
            continue
        found = categories(row, as_of=as_of)
        overall.update(found)
        owners.setdefault(row.owner, Counter()).update(found)
        totals[row.owner] += 1
        count += 1
    return ComplianceSummary(
        as_of=as_of,
        overall=_tally(overall, count),
        by_owner={owner: _tally(c, totals[owner]) for owner, c in owners.items()},
        cancelled=cancelled,
    )


def _tally(counter: Counter[ReportStatus], total: int) -> Tally:
    return Tally(counts={s: counter[s] for s in ReportStatus}, total=total)


def _done(item: StatusInput, as_of: date) -> bool:
    return (
        item.status == "done"
        and item.accepted_on is not None
        and item.accepted_on <= as_of
    )


def _reported_in_time(item: StatusInput, as_of: date) -> bool:
    """A report made by the due date that waits for the office on ``as_of``."""
    reported = item.reported_on
    return (
        item.status in ("reported", "done")
        and reported is not None
        and item.due_on is not None
        and reported <= item.due_on
        and reported <= as_of
    )


def _check(item: StatusInput) -> None:
    if item.status not in _STATUSES:
        raise ValueError(f"unknown status {item.status!r}")
    if item.status == "cancelled":
        raise ValueError("cancelled work is left out of reports, not classified")
    if item.status == "done" and item.accepted_on is None:
        raise ValueError("done work without an acceptance date cannot be classified")
