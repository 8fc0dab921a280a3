"""The figures of a compliance report, computed from plain rows (no I/O).

Statuses come from :mod:`domain.status` (one definition of each); this module decides
which work a period's report covers and adds up what a Standing Committee reads:

- **Scope.** A report over ``[start, end]`` covers work whose notice was signed on or
  before ``end`` and that was still live at ``start``: work accepted as done before the
  period started was reported in an earlier period and is left out. Each item is judged
  as of ``end`` (work accepted after ``end`` is not done in this report; an extension
  granted after ``end`` is not yet in force). Cancelled work is counted on its own.
- **Per unit, rolled up.** Every owner organisation has its own figures and the figures
  of its subtree in the registry (a district board's include its sub-units'). Work with
  no owner is a line of its own.
- **Rates.** On-time rate: see :class:`~domain.status.Tally`. Overdue rate = overdue /
  the four-way total (share of the dated work that is overdue now).
- **Ageing.** Overdue work by working days past the date in force: 1–5, 6–20, 21–60,
  over 60 (work whose date passed on a day off counts in the first bucket).
- **Discipline.** *Update rate*: share of the open work with an owner that has a progress
  note in the 7 days ending on ``end``. *Entry timeliness*: share of the work registered
  in the period that was registered within 2 working days of its notice's signing date.
- **Change.** The same figures over the period of the same length just before.
"""

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Final

from domain.escalation import working_days_overdue
from domain.periods import Period
from domain.status import SPLIT, ReportStatus, StatusInput, Tally, categories
from domain.workdays import WorkCalendar

#: Days a progress note counts for the update rate (the note's day included).
UPDATE_WINDOW_DAYS: Final = 7
#: Working days after signing within which registering the work is on time.
ENTRY_WORKING_DAYS: Final = 2
#: Ageing buckets of overdue work: (label, last working day of the bucket or None).
AGEING: Final[tuple[tuple[str, int | None], ...]] = (
    ("1-5", 5),
    ("6-20", 20),
    ("21-60", 60),
    (">60", None),
)


@dataclass(frozen=True)
class Unit:
    """An organisation of the registry tree.

    Args:
        code: its registry code.
        name: its name.
        parent: its parent's code, or ``None`` at the top.
    """

    code: str
    name: str
    parent: str | None = None


@dataclass(frozen=True)
class ReportRow:
    """One tracked assignment as the report reads it.

    Args:
        item: what status classification needs; ``item.due_on`` is the date in force
            now and ``item.original_due_on`` the first one; ``item.owner`` the owner code.
        notice: the notice's number ("629-TB/HU").
        signed_on: the notice's signing date.
        ref: the directive's reference in the notice ("1", "II.3").
        summary: what the work is.
        registered_on: the local date the work was registered.
        extensions: (date granted, new due date) of each extension, in order.
        returned_on: the dates the office returned a completion report.
        progress_on: the dates of the owner's progress notes.
    """

    item: StatusInput
    notice: str
    signed_on: date
    ref: str = ""
    summary: str = ""
    registered_on: date | None = None
    extensions: tuple[tuple[date, date], ...] = ()
    returned_on: tuple[date, ...] = ()
    progress_on: tuple[date, ...] = ()


@dataclass(frozen=True)
class Ratio:
    """``hits`` out of ``of``; :attr:`rate` is ``None`` when there is nothing to count."""

    hits: int = 0
    of: int = 0

    @property
    def rate(self) -> float | None:
        """hits / of, or ``None`` when ``of`` is 0."""
        return self.hits / self.of if self.of else None

    def __add__(self, other: "Ratio") -> "Ratio":
        return Ratio(self.hits + other.hits, self.of + other.of)


@dataclass(frozen=True)
class Figures:
    """The figures of one group of work (a unit, a notice, the whole report).

    Args:
        tally: counts per status and category (:mod:`domain.status`).
        update: open work with a recent progress note, out of open work with an owner.
        entry: work registered on time, out of work registered in the period.
    """

    tally: Tally
    update: Ratio = Ratio()
    entry: Ratio = Ratio()

    def count(self, status: ReportStatus) -> int:
        """Items counted under ``status``."""
        return self.tally.counts[status]

    @property
    def total(self) -> int:
        """Items counted (cancelled ones excluded)."""
        return self.tally.total

    @property
    def four_way_total(self) -> int:
        """Items in the four-way split (dated or done)."""
        return sum(self.tally.counts[s] for s in SPLIT)

    @property
    def on_time_rate(self) -> float | None:
        """See :attr:`domain.status.Tally.on_time_rate`."""
        return self.tally.on_time_rate

    @property
    def overdue_rate(self) -> float | None:
        """Overdue / the four-way total; ``None`` when that is 0."""
        total = self.four_way_total
        return self.count(ReportStatus.OVERDUE) / total if total else None

    def __add__(self, other: "Figures") -> "Figures":
        mine, theirs = self.tally.counts, other.tally.counts
        counts = {s: mine[s] + theirs[s] for s in _STATUSES}
        return Figures(
            Tally(counts=counts, total=self.total + other.total),
            self.update + other.update,
            self.entry + other.entry,
        )


EMPTY: Final = Figures(Tally(counts=dict.fromkeys(ReportStatus, 0), total=0))


@dataclass(frozen=True)
class UnitLine:
    """A unit's line: its own work and its subtree's, with its depth in the tree.

    Args:
        code: the unit's code (``None``: work with no owner yet).
        name: the unit's name.
        depth: 0 for a top unit, 1 for its sub-units…
        own: the unit's own work.
        rolled: the unit's work and its sub-units'.
        previous_overdue: its own overdue items in the previous period, if compared.
        previous_rolled_overdue: its subtree's overdue items in the previous period.
    """

    code: str | None
    name: str
    depth: int
    own: Figures
    rolled: Figures
    previous_overdue: int | None = None
    previous_rolled_overdue: int | None = None

    @property
    def rolled_overdue_change(self) -> int | None:
        """Overdue items of the unit and its sub-units now minus in the previous period."""
        if self.previous_rolled_overdue is None:
            return None
        return self.rolled.count(ReportStatus.OVERDUE) - self.previous_rolled_overdue

    @property
    def overdue_change(self) -> int | None:
        """Own overdue items now minus in the previous period."""
        if self.previous_overdue is None:
            return None
        return self.own.count(ReportStatus.OVERDUE) - self.previous_overdue


@dataclass(frozen=True)
class NoticeLine:
    """The figures of the work of one notice."""

    notice: str
    signed_on: date
    figures: Figures


@dataclass(frozen=True)
class OverdueLine:
    """One overdue item.

    Args:
        days_overdue: working days from the date in force to the report's end.
        bucket: its ageing bucket's label (see :data:`AGEING`).
    """

    notice: str
    signed_on: date
    ref: str
    summary: str
    owner: str | None
    due_on: date
    original_due_on: date | None
    days_overdue: int
    bucket: str


@dataclass(frozen=True)
class Change:
    """The report's figures against the previous period's.

    Args:
        counts: the change of every status and category count.
        on_time_rate: the change of the on-time rate (a fraction), if both are known.
        overdue_rate: the change of the overdue rate, if both are known.
    """

    counts: Mapping[ReportStatus, int]
    on_time_rate: float | None
    overdue_rate: float | None


@dataclass(frozen=True)
class ComplianceFigures:
    """Every figure of one compliance report.

    Args:
        period: the period reported on.
        overall: the figures over all the work in scope.
        units: one line per unit that has work, depth-first through the registry
            tree (a unit before its sub-units, siblings by name); work without an
            owner last.
        notices: one line per notice, by signing date then number.
        overdue: the overdue work, most overdue first.
        ageing: overdue items per ageing bucket, every bucket present.
        ranking: units with overdue work of their own, most first.
        cancelled: cancelled work in scope (left out of every other figure).
        previous: the period compared with, if any.
        previous_overall: the figures of that period.
    """

    period: Period
    overall: Figures
    units: tuple[UnitLine, ...]
    notices: tuple[NoticeLine, ...]
    overdue: tuple[OverdueLine, ...]
    ageing: Mapping[str, int]
    ranking: tuple[UnitLine, ...]
    cancelled: int = 0
    previous: Period | None = None
    previous_overall: Figures | None = None
    change: Change | None = field(default=None)


def item_as_of(row: ReportRow, day: date) -> StatusInput:
    """The row's status input as it stood on ``day``.

    Extensions granted after ``day`` are not in force yet; returns after ``day`` have
    not happened yet.
    """
    item = row.item
    if not row.extensions and not row.returned_on:
        return item
    due, extended = item.due_on, item.extended
    if row.extensions:
        granted = [new for when, new in row.extensions if when <= day]
        extended = bool(granted)
        due = granted[-1] if granted else (item.original_due_on or item.due_on)
    returned = any(d <= day for d in row.returned_on) if row.returned_on else None
    return replace(
        item,
        due_on=due,
        extended=extended,
        returned=item.returned if returned is None else returned,
    )


def in_scope(row: ReportRow, period: Period) -> bool:
    """Whether the report over ``period`` covers the row (see the module notes)."""
    if row.signed_on > period.end:
        return False
    accepted = row.item.accepted_on
    return not (
        row.item.status == "done"
        and accepted is not None
        and period.start is not None
        and accepted < period.start
    )


def ageing_bucket(days_overdue: int) -> str:
    """The ageing bucket of an item ``days_overdue`` working days overdue."""
    for label, last in AGEING:
        if last is None or days_overdue <= last:
            return label
    return AGEING[-1][0]


def compute(
    rows: Iterable[ReportRow],
    *,
    period: Period,
    units: Sequence[Unit],
    calendar: WorkCalendar,
    compare: bool = True,
    fold: Iterable[str] = (),
) -> ComplianceFigures:
    """The figures of the report over ``period``.

    Args:
        rows: the work of one issuer (any superset of the scope: it is filtered here).
        period: the period reported on.
        units: the registry (every unit, its name and its parent).
        calendar: working days, for ageing and entry timeliness.
        compare: also compute the previous period of the same length.
        fold: units not shown as a line of their own when they own no work (the
            issuing committee and its superiors: their line would repeat the total);
            their sub-units move up a level.

    Returns:
        The figures; see the module notes for the rules.

    Raises:
        ValueError: for an unknown status or a done item without an acceptance date.
    """
    rows = list(rows)
    prev_period = period.previous() if compare else None
    previous = _group(rows, prev_period, calendar) if prev_period else None
    current = _group(rows, period, calendar)
    tree = _tree(units, current.by_owner, frozenset(fold))
    prev_overdue = previous.by_owner if previous else None
    rolled_now = _Roller(tree.children, current.by_owner)
    rolled_before = (
        _Roller(tree.children, prev_overdue) if prev_overdue is not None else None
    )
    lines = [
        UnitLine(
            code=code,
            name=name,
            depth=depth,
            own=current.by_owner.get(code, EMPTY),
            rolled=rolled_now(code),
            previous_overdue=(
                prev_overdue.get(code, EMPTY).count(ReportStatus.OVERDUE)
                if prev_overdue is not None
                else None
            ),
            previous_rolled_overdue=(
                rolled_before(code).count(ReportStatus.OVERDUE)
                if rolled_before is not None
                else None
            ),
        )
        for code, name, depth in tree.order
    ]
    ranking = sorted(
        (line for line in lines if line.own.count(ReportStatus.OVERDUE)),
        key=lambda line: (-line.own.count(ReportStatus.OVERDUE), name_key(line.name)),
    )
    ageing = Counter(line.bucket for line in current.overdue)
    prev_overall = previous.overall if previous else None
    return ComplianceFigures(
        period=period,
        overall=current.overall,
        units=tuple(lines),
        notices=tuple(
            NoticeLine(notice, signed, figures)
            for (signed, notice), figures in sorted(current.by_notice.items())
        ),
        overdue=tuple(
            sorted(
                current.overdue,
                key=lambda o: (
                    -o.days_overdue,
                    o.notice,
                    _ref_key(o.ref),
                    o.owner or "",
                ),
            )
        ),
        ageing={label: ageing[label] for label, _ in AGEING},
        ranking=tuple(ranking),
        cancelled=current.cancelled,
        previous=prev_period,
        previous_overall=prev_overall,
        change=_change(current.overall, prev_overall) if prev_overall else None,
    )


# --- internals -------------------------------------------------------------------------


@dataclass
class _Groups:
    overall: Figures
    by_owner: dict[str | None, Figures]
    by_notice: dict[tuple[date, str], Figures]
    overdue: list[OverdueLine]
    cancelled: int


#: Every status and category, in order (iterating the enum itself is slow).
_STATUSES: Final = tuple(ReportStatus)
#: How a row counts: its categories, open, updated, entry counted, entry on time.
_Sig = tuple[frozenset[ReportStatus], bool, bool, bool, bool]


@dataclass
class _Acc:
    counts: Counter[ReportStatus] = field(default_factory=Counter)
    total: int = 0
    update_hits: int = 0
    update_of: int = 0
    entry_hits: int = 0
    entry_of: int = 0

    def add(self, sig: "_Sig", n: int) -> None:
        found, is_open, update, entry_counted, entry_hit = sig
        for status in found:
            self.counts[status] += n
        self.total += n
        self.update_of += is_open * n
        self.update_hits += update * n
        self.entry_of += entry_counted * n
        self.entry_hits += entry_hit * n

    def figures(self) -> Figures:
        return Figures(
            Tally(counts={s: self.counts[s] for s in _STATUSES}, total=self.total),
            Ratio(self.update_hits, self.update_of),
            Ratio(self.entry_hits, self.entry_of),
        )


_OPEN: Final = frozenset(
    {
        ReportStatus.OPEN_IN_TERM,
        ReportStatus.OVERDUE,
        ReportStatus.ONGOING,
        ReportStatus.NO_DEADLINE,
    }
)


def _group(rows: list[ReportRow], period: Period, calendar: WorkCalendar) -> _Groups:
    end = period.end
    window_start = end - timedelta(days=UPDATE_WINDOW_DAYS - 1)
    # Rows are classified one by one, but counted per *signature* (categories and the
    # discipline flags): owners and notices add up a few distinct signatures each
    # instead of updating counters per row.
    by_owner: dict[tuple[str | None, _Sig], int] = {}
    by_notice: dict[tuple[tuple[date, str], _Sig], int] = {}
    overdue: list[OverdueLine] = []
    cancelled = 0
    entry_deadlines: dict[date, date] = {}
    ageing_days: dict[date, int] = {}  # per due date: counting days is the slow part
    primaries: dict[frozenset[ReportStatus], ReportStatus] = {}
    for row in rows:
        if not in_scope(row, period):
            continue
        if row.item.status == "cancelled":
            cancelled += 1
            continue
        item = item_as_of(row, end)
        found = categories(item, as_of=end)
        primary = primaries.get(found)
        if primary is None:
            # the four-way status when there is one (work done without a deadline
            # is done on time, not open), else ongoing or no deadline
            primary = next(s for s in _PRIMARY if s in found)
            primaries[found] = primary
        is_open = (
            primary in _OPEN and item.owner_resolved and item.status != "needs_owner"
        )
        update = is_open and any(window_start <= d <= end for d in row.progress_on)
        registered = row.registered_on
        entry_counted = registered is not None and period.contains(registered)
        entry_hit = False
        if entry_counted and registered is not None:
            deadline = entry_deadlines.get(row.signed_on)
            if deadline is None:
                deadline = calendar.add_working_days(row.signed_on, ENTRY_WORKING_DAYS)
                entry_deadlines[row.signed_on] = deadline
            entry_hit = registered <= deadline
        sig = (found, is_open, update, entry_counted, entry_hit)
        key = (item.owner, sig)
        by_owner[key] = by_owner.get(key, 0) + 1
        nkey = ((row.signed_on, row.notice), sig)
        by_notice[nkey] = by_notice.get(nkey, 0) + 1
        if primary is ReportStatus.OVERDUE and item.due_on is not None:
            days = ageing_days.get(item.due_on)
            if days is None:
                days = working_days_overdue(item.due_on, end, calendar)
                ageing_days[item.due_on] = days
            overdue.append(
                OverdueLine(
                    notice=row.notice,
                    signed_on=row.signed_on,
                    ref=row.ref,
                    summary=row.summary,
                    owner=item.owner,
                    due_on=item.due_on,
                    original_due_on=item.original_due_on,
                    days_overdue=days,
                    bucket=ageing_bucket(days),
                )
            )
    overall = _Acc()
    owners: dict[str | None, _Acc] = {}
    for (owner, sig), n in by_owner.items():
        owners.setdefault(owner, _Acc()).add(sig, n)
        overall.add(sig, n)
    notices: dict[tuple[date, str], _Acc] = {}
    for (notice, sig), n in by_notice.items():
        notices.setdefault(notice, _Acc()).add(sig, n)
    return _Groups(
        overall=overall.figures(),
        by_owner={k: v.figures() for k, v in owners.items()},
        by_notice={k: v.figures() for k, v in notices.items()},
        overdue=overdue,
        cancelled=cancelled,
    )


#: The primary statuses, the four-way split first (see :func:`domain.status.classify`).
_PRIMARY: Final = (*SPLIT, ReportStatus.ONGOING, ReportStatus.NO_DEADLINE)


@dataclass
class _Tree:
    order: list[tuple[str | None, str, int]]
    children: dict[str | None, list[str]]


def _tree(
    units: Sequence[Unit],
    by_owner: Mapping[str | None, Figures],
    fold: frozenset[str],
) -> _Tree:
    """Depth-first order of the units that have work in their subtree."""
    known = {u.code: u for u in units}
    children: dict[str | None, list[str]] = {}
    for u in units:
        parent = u.parent if u.parent in known else None
        children.setdefault(parent, []).append(u.code)
    # an owner code missing from the registry is shown at the top level
    for code in by_owner:
        if code is not None and code not in known:
            known[code] = Unit(code, code)
            children.setdefault(None, []).append(code)
    has_work: dict[str, bool] = {}

    def busy(code: str) -> bool:
        if code not in has_work:
            has_work[code] = False  # guards a cycle in a bad registry
            has_work[code] = code in by_owner or any(
                busy(c) for c in children.get(code, ())
            )
        return has_work[code]

    order: list[tuple[str | None, str, int]] = []
    seen: set[str] = set()

    def walk(code: str, depth: int) -> None:
        if code in seen or not busy(code):
            return
        seen.add(code)
        shown = code not in fold or code in by_owner
        if shown:
            order.append((code, known[code].name, depth))
        for child in sorted(
            children.get(code, ()), key=lambda c: name_key(known[c].name)
        ):
            walk(child, depth + 1 if shown else depth)

    for top in sorted(children.get(None, ()), key=lambda c: name_key(known[c].name)):
        walk(top, 0)
    if None in by_owner:
        order.append((None, "", 0))
    return _Tree(order, children)


class _Roller:
    """Subtree figures per unit, each unit's computed once from its children's."""

    def __init__(
        self,
        children: Mapping[str | None, list[str]],
        by_owner: Mapping[str | None, Figures],
    ) -> None:
        self.children = children
        self.by_owner = by_owner
        self.done: dict[str | None, Figures] = {}

    def __call__(self, code: str | None) -> Figures:
        found = self.done.get(code)
        if found is None:
            try:
                found = self._roll(code, set())
            except _Cycle:  # a bad registry: walk this subtree counting each unit once
                found = _rolled(code, self.children, self.by_owner)
            self.done[code] = found
        return found

    def _roll(self, code: str | None, path: set[str]) -> Figures:
        total = self.by_owner.get(code, EMPTY)
        if code is None:
            return total
        path.add(code)
        for child in self.children.get(code, ()):
            if child in path:
                raise _Cycle
            sub = self.done.get(child)
            if sub is None:
                sub = self.done[child] = self._roll(child, path)
            total = total + sub
        path.discard(code)
        return total


class _Cycle(Exception):
    """The registry's parent links loop."""


def _rolled(
    code: str | None,
    children: Mapping[str | None, list[str]],
    by_owner: Mapping[str | None, Figures],
) -> Figures:
    total = by_owner.get(code, EMPTY)
    if code is None:
        return total
    stack = list(children.get(code, ()))
    seen = {code}
    while stack:
        child = stack.pop()
        if child in seen:
            continue
        seen.add(child)
        total = total + by_owner.get(child, EMPTY)
        stack.extend(children.get(child, ()))
    return total


def name_key(name: str) -> tuple[str, str]:
    """Sort key of a Vietnamese name: letters without their marks first ("Đảng" sorts
    with "Dang", before "Sở"), then the name itself."""
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return ("".join(c for c in plain if not unicodedata.combining(c)).casefold(), name)


def _change(now: Figures, before: Figures) -> Change:
    return Change(
        counts={s: now.count(s) - before.count(s) for s in ReportStatus},
        on_time_rate=_delta(now.on_time_rate, before.on_time_rate),
        overdue_rate=_delta(now.overdue_rate, before.overdue_rate),
    )


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _ref_key(ref: str) -> tuple[tuple[int, str], ...]:
    return tuple(
        (int(part), "") if part.isdigit() else (0, part)
        for part in ref.replace(".", " ").split()
    )
