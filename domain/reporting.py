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
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final, Generic, NamedTuple, TypeVar

from domain.escalation import working_days_overdue
from domain.periods import Period
from domain.status import (
    SPLIT,
    ReportStatus,
    StatusInput,
    Tally,
    categories,
    same_between,
)
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


class History(NamedTuple):
    """What happened to a row over time (the same fields as :class:`ReportRow`'s).

    A plain tuple (see :class:`Records`).

    Args:
        extensions: (date granted, new due date) of each extension, in order.
        returned_on: the dates the office returned a completion report.
        progress_on: the dates of the owner's progress notes.
    """

    extensions: tuple[tuple[date, date], ...] = ()
    returned_on: tuple[date, ...] = ()
    progress_on: tuple[date, ...] = ()


class Source(NamedTuple):
    """Where a row's work was given: the notice and the directive's reference."""

    notice: str
    signed_on: date
    ref: str = ""


#: What classification reads of a row: the fields of
#: :class:`~domain.status.StatusInput` in their order, without the owner (the owner
#: names the group a row is counted in; it is not an input of its status):
#: due_on, original_due_on, status, accepted_on, reported_on, recurrence, extended,
#: returned, owner_resolved.
Facts = tuple[
    date | None,
    date | None,
    str,
    date | None,
    date | None,
    str | None,
    bool,
    bool,
    bool,
]


@dataclass
class Records:
    """Rows in the compact form :func:`compute_records` reads: one list per field, the
    i-th item of each list describing the i-th row (no object per row).

    Args:
        facts: what classification reads (:data:`Facts`); rows may share one tuple.
        owners: the owner's code.
        sources: the key of the row's :class:`Source`.
        histories: what happened to the row, or ``None`` when nothing did.
        registered: the local date the row was registered.
        keys: the key naming the row to the caller (the assignment id in the app).
    """

    facts: list[Facts] = field(default_factory=list)
    owners: list[str | None] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    histories: list[History | None] = field(default_factory=list)
    registered: list[date | None] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)

    def add(
        self,
        facts: Facts,
        owner: str | None,
        source: int,
        history: History | None,
        registered: date | None,
        key: int,
    ) -> None:
        """Append one row."""
        self.facts.append(facts)
        self.owners.append(owner)
        self.sources.append(source)
        self.histories.append(history)
        self.registered.append(registered)
        self.keys.append(key)


def facts_of(item: StatusInput) -> Facts:
    """The classification inputs of ``item`` as a tuple (see :data:`Facts`)."""
    return (
        item.due_on,
        item.original_due_on,
        item.status,
        item.accepted_on,
        item.reported_on,
        item.recurrence,
        item.extended,
        item.returned,
        item.owner_resolved,
    )


def status_input(facts: Facts, owner: str | None = None) -> StatusInput:
    """The :class:`~domain.status.StatusInput` of ``facts`` (the inverse of
    :func:`facts_of`)."""
    # positional: Facts follows StatusInput's field order (a unit test holds them to it)
    return StatusInput(*facts, owner)


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
        key: the row's key (see :class:`Records`; the assignment id in the app).
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
    key: int | None = None


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
    if not row.extensions and not row.returned_on:
        return row.item
    history = History(row.extensions, row.returned_on)
    return status_input(_facts_as_of(facts_of(row.item), history, day), row.item.owner)


def _facts_as_of(facts: Facts, history: History, day: date) -> Facts:
    """``facts`` as they stood on ``day`` (see :func:`item_as_of`)."""
    due, original, status, accepted, reported, recurrence, extended, returned, ok = (
        facts
    )
    if history.extensions:
        granted = [new for when, new in history.extensions if when <= day]
        extended = bool(granted)
        due = granted[-1] if granted else (original or due)
    if history.returned_on:
        returned = any(d <= day for d in history.returned_on)
    return (
        due,
        original,
        status,
        accepted,
        reported,
        recurrence,
        extended,
        returned,
        ok,
    )


def in_scope(row: ReportRow, period: Period) -> bool:
    """Whether the report over ``period`` covers the row (see the module notes)."""
    return row.signed_on <= period.end and not _closed_before(
        row.item.status, row.item.accepted_on, period
    )


def _closed_before(status: str, accepted: date | None, period: Period) -> bool:
    """Accepted as done before the period started: reported in an earlier period."""
    return (
        status == "done"
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
    keys: dict[Source, int] = {}
    records = Records()
    for i, row in enumerate(rows):
        source = keys.setdefault(Source(row.notice, row.signed_on, row.ref), len(keys))
        history = (
            History(row.extensions, row.returned_on, row.progress_on)
            if row.extensions or row.returned_on or row.progress_on
            else None
        )
        records.add(
            facts_of(row.item), row.item.owner, source, history, row.registered_on, i
        )
    return compute_records(
        records,
        sources={key: source for source, key in keys.items()},
        period=period,
        units=units,
        calendar=calendar,
        compare=compare,
        fold=fold,
        summaries=lambda wanted: {i: rows[i].summary for i in wanted},
    )


def compute_records(
    records: Records,
    *,
    sources: Mapping[int, Source],
    period: Period,
    units: Sequence[Unit],
    calendar: WorkCalendar,
    compare: bool = True,
    fold: Iterable[str] = (),
    summaries: Callable[[Collection[int]], Mapping[int, str]] | None = None,
) -> ComplianceFigures:
    """The figures of the report over ``period``, from rows in their compact form.

    The same figures as :func:`compute`, which calls it; a caller that reads many rows
    builds plain lists (:class:`Records`) instead of objects, and reads the text of
    only the overdue rows.

    Args:
        records: the work of one issuer (any superset of the scope).
        sources: every record's :class:`Source` by its source key.
        period: the period reported on.
        units: the registry (every unit, its name and its parent).
        calendar: working days, for ageing and entry timeliness.
        compare: also compute the previous period of the same length.
        fold: as :func:`compute`.
        summaries: gives the summary of the rows of these keys (called once, with
            the keys of the overdue list); without it summaries are empty.

    Returns:
        The figures; see the module notes for the rules.

    Raises:
        ValueError: for an unknown status or a done item without an acceptance date.
        KeyError: a record's source key is not in ``sources``, or ``summaries``
            left out a key it was asked for.
    """
    prev_period = period.previous() if compare else None
    if prev_period is not None:
        previous, current = _count(records, sources, (prev_period, period), calendar)
    else:
        previous, (current,) = None, _count(records, sources, (period,), calendar)
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
    overdue = _overdue_lines(current.overdue, sources, period, calendar, summaries)
    ageing = Counter(line.bucket for line in overdue)
    prev_overall = previous.overall if previous else None
    return ComplianceFigures(
        period=period,
        overall=current.overall,
        units=tuple(lines),
        notices=tuple(
            NoticeLine(notice, signed, figures)
            for (signed, notice), figures in sorted(current.by_notice.items())
        ),
        overdue=tuple(overdue),
        ageing={label: ageing[label] for label, _ in AGEING},
        ranking=tuple(ranking),
        cancelled=current.cancelled,
        previous=prev_period,
        previous_overall=prev_overall,
        change=_change(current.overall, prev_overall) if prev_overall else None,
    )


# --- internals -------------------------------------------------------------------------

#: An overdue row: (key, source key, owner, due date in force, first due date).
_Late = tuple[int, int, str | None, date, date | None]


@dataclass
class _Groups:
    overall: Figures
    by_owner: dict[str | None, Figures]
    by_notice: dict[tuple[date, str], Figures]
    overdue: list[_Late]
    cancelled: int


_T = TypeVar("_T")

#: Every status and category, in order (iterating the enum itself is slow).
_STATUSES: Final = tuple(ReportStatus)
#: How a row counts: its categories (as indexes into ``_STATUSES``), open, updated,
#: entry counted, entry on time.
_Sig = tuple[tuple[int, ...], bool, bool, bool, bool]


@dataclass
class _Acc:
    counts: list[int] = field(default_factory=lambda: [0] * len(_STATUSES))
    total: int = 0
    update_hits: int = 0
    update_of: int = 0
    entry_hits: int = 0
    entry_of: int = 0

    def add(self, sig: "_Sig", n: int) -> None:
        slots, is_open, update, entry_counted, entry_hit = sig
        counts = self.counts
        for slot in slots:
            counts[slot] += n
        self.total += n
        self.update_of += is_open * n
        self.update_hits += update * n
        self.entry_of += entry_counted * n
        self.entry_hits += entry_hit * n

    def figures(self) -> Figures:
        return Figures(
            Tally(
                counts=dict(zip(_STATUSES, self.counts, strict=True)), total=self.total
            ),
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

#: What a row's facts decide on a period's end: out of scope, cancelled, or counted
#: with its categories (as in :data:`_Sig`), whether it is overdue (for the list) and
#: whether it is open (for the update rate).
_Verdict = tuple[int, tuple[int, ...], bool, bool]
_COUNTED: Final = 0
_CANCELLED: Final = 1
_OUT: Final = 2
_OUT_VERDICT: Final[_Verdict] = (_OUT, (), False, False)
_CANCELLED_VERDICT: Final[_Verdict] = (_CANCELLED, (), False, False)
#: A row's entry in one period: (signed by the period's end, registration counted,
#: registered on time).
_Entry = tuple[bool, bool, bool]


class _Judge:
    """Verdicts of facts on each period's end, by the rules of :mod:`domain.status`.

    Each distinct set of facts is classified once per period (most rows share their
    facts with others), and once for all the periods when
    :func:`~domain.status.same_between` shows that its categories cannot differ.
    """

    def __init__(self, periods: Sequence[Period]) -> None:
        self.periods = periods
        self.memo: list[dict[Facts, _Verdict]] = [{} for _ in periods]
        self.kinds: dict[frozenset[ReportStatus], tuple[tuple[int, ...], bool, bool]]
        self.kinds = {}

    def one(self, index: int, facts: Facts) -> _Verdict:
        """The verdict of ``facts`` on period ``index``'s end."""
        memo = self.memo[index]
        found = memo.get(facts)
        if found is None:
            found = memo[facts] = self._verdicts(status_input(facts), [index])[0]
        return found

    def every(self, facts: Facts) -> list[_Verdict]:
        """The verdicts of ``facts`` on every period's end."""
        item = status_input(facts)
        found = self._verdicts(item, range(len(self.periods)))
        for memo, verdict in zip(self.memo, found, strict=True):
            memo[facts] = verdict
        return found

    def _verdicts(self, item: StatusInput, indexes: Iterable[int]) -> list[_Verdict]:
        out: list[_Verdict] = []
        found: frozenset[ReportStatus] | None = None
        since = None
        for index in indexes:
            period = self.periods[index]
            if _closed_before(item.status, item.accepted_on, period):
                out.append(_OUT_VERDICT)
                continue
            if item.status == "cancelled":
                out.append(_CANCELLED_VERDICT)
                continue
            if (
                found is None
                or since is None
                or not same_between(item, since, period.end)
            ):
                found = categories(item, as_of=period.end)
            since = period.end
            kind = self.kinds.get(found)
            if kind is None:
                # the four-way status when there is one (work done without a deadline
                # is done on time, not open), else ongoing or no deadline
                primary = next(s for s in _PRIMARY if s in found)
                kind = self.kinds[found] = (
                    tuple(i for i, s in enumerate(_STATUSES) if s in found),
                    primary is ReportStatus.OVERDUE,
                    primary in _OPEN,
                )
            slots, late, open_status = kind
            is_open = (
                open_status and item.owner_resolved and item.status != "needs_owner"
            )
            out.append((_COUNTED, slots, late, is_open))
        return out


class _Interned(Generic[_T]):
    """Distinct values numbered in order of arrival (a small int stands for each)."""

    def __init__(self) -> None:
        self.codes: dict[_T, int] = {}
        self.values: list[_T] = []

    def code(self, value: _T) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found


def _count(
    records: Records,
    sources: Mapping[int, Source],
    periods: Sequence[Period],
    calendar: WorkCalendar,
) -> list[_Groups]:
    """Count the records in scope of each period, in one pass over the records.

    The last period is the one reported on: only it gets the per-notice figures and
    the overdue rows.
    """
    last = periods[-1].end
    signed = {key: source.signed_on for key, source in sources.items()}
    windows = [(p.end - timedelta(days=UPDATE_WINDOW_DAYS - 1), p.end) for p in periods]
    # A row's status depends only on its facts and the period (see _Judge). A row's
    # standing in every period is one small int (``states``), its entry timeliness
    # another (``entries``); rows are counted per owner and per notice under these two
    # ints and turned into figures once per distinct pair, instead of once per row.
    judge = _Judge(periods)
    verdicts: _Interned[tuple[_Verdict, ...]] = _Interned()  # in every period
    states: _Interned[tuple[int, int]] = _Interned()  # (verdicts, update mask)
    entries: _Interned[tuple[_Entry, ...]] = _Interned()
    by_facts: dict[Facts, int] = {}  # facts -> their verdicts' code
    plain: dict[Facts, int] = {}  # facts of a row without history -> its state's code
    entry_of: dict[tuple[date | None, date], int] = {}
    late: list[bool] = []  # per state's code: overdue in the last period
    open_in: list[int] = []  # per verdicts' code: bit i set when open in period i
    noted: dict[
        tuple[date, ...], int
    ] = {}  # progress dates -> bit i: a note in window i
    first_end = periods[0].end
    by_owner: dict[tuple[str | None, int, int], int] = {}
    by_source: dict[tuple[int, int, int], int] = {}
    overdue: list[_Late] = []

    def verdicts_of(facts: Facts) -> int:
        code = by_facts.get(facts)
        if code is None:
            code = by_facts[facts] = intern(tuple(judge.every(facts)))
        return code

    def intern(found: tuple[_Verdict, ...]) -> int:
        code = verdicts.code(found)
        if code == len(open_in):
            open_in.append(sum(1 << i for i, v in enumerate(found) if v[3]))
        return code

    def state(found: int, mask: int) -> int:
        code = states.code((found, mask))
        if code == len(late):
            late.append(verdicts.values[found][-1][2])
        return code

    for facts, owner, source, history, registered, key in zip(
        records.facts,
        records.owners,
        records.sources,
        records.histories,
        records.registered,
        records.keys,
        strict=True,
    ):
        signed_on = signed[source]
        if signed_on > last:
            continue
        due_on = facts[0]
        if history is None:
            code = plain.get(facts)
            if code is None:
                code = plain[facts] = state(verdicts_of(facts), 0)
        else:
            if not (history.extensions or history.returned_on):
                vcode = verdicts_of(facts)
            elif _settled(history, first_end):
                # every extension and return came by the first period's end: the
                # facts stood the same on every period's end
                as_of = _facts_as_of(facts, history, first_end)
                due_on = as_of[0]
                vcode = verdicts_of(as_of)
            else:
                found = []
                for i, period in enumerate(periods):
                    as_of = _facts_as_of(facts, history, period.end)
                    found.append(judge.one(i, as_of))
                due_on = as_of[0]  # in force at the last period's end
                vcode = intern(tuple(found))
            mask = 0  # bit i: open with a recent progress note in period i
            if history.progress_on:
                hits = noted.get(history.progress_on)
                if hits is None:
                    hits = noted[history.progress_on] = sum(
                        1 << i
                        for i, (since, end) in enumerate(windows)
                        if any(since <= d <= end for d in history.progress_on)
                    )
                mask = hits & open_in[vcode]
            code = state(vcode, mask)
        entry = entry_of.get((registered, signed_on))
        if entry is None:
            entry = entry_of[registered, signed_on] = entries.code(
                tuple(_entry(registered, signed_on, p, calendar) for p in periods)
            )
        owner_key = (owner, code, entry)
        by_owner[owner_key] = by_owner.get(owner_key, 0) + 1
        source_key = (source, code, entry)
        by_source[source_key] = by_source.get(source_key, 0) + 1
        if late[code] and due_on is not None:
            overdue.append((key, source, owner, due_on, facts[1]))

    def _sig(index: int, code: int, entry: int) -> _Sig | None:
        found, mask = states.values[code]
        return _signature(
            verdicts.values[found][index],
            bool(mask >> index & 1),
            entries.values[entry][index],
        )

    out = []
    for index in range(len(periods)):
        overall = _Acc()
        owners: dict[str | None, _Acc] = {}
        cancelled = 0
        for (owner, code, entry), n in by_owner.items():
            sig = _sig(index, code, entry)
            if sig is None:
                continue
            if sig is _CANCELLED_SIG:
                cancelled += n
                continue
            owners.setdefault(owner, _Acc()).add(sig, n)
            overall.add(sig, n)
        notices: dict[tuple[date, str], _Acc] = {}
        if index == len(periods) - 1:
            for (source, code, entry), n in by_source.items():
                sig = _sig(index, code, entry)
                if sig is None or sig is _CANCELLED_SIG:
                    continue
                where = sources[source]
                notices.setdefault((where.signed_on, where.notice), _Acc()).add(sig, n)
        out.append(
            _Groups(
                overall=overall.figures(),
                by_owner={k: v.figures() for k, v in owners.items()},
                by_notice={k: v.figures() for k, v in notices.items()},
                overdue=overdue if index == len(periods) - 1 else [],
                cancelled=cancelled,
            )
        )
    return out


#: The signature standing for a cancelled row (counted apart).
_CANCELLED_SIG: Final[_Sig] = ((), False, False, False, False)


def _signature(verdict: _Verdict, update: bool, entry: _Entry) -> _Sig | None:
    """How a row counts in a period, from its verdict, note and entry there; ``None``
    when the period does not cover it."""
    kind, slots, _, is_open = verdict
    in_time, counted, hit = entry
    if not in_time or kind == _OUT:
        return None
    if kind == _CANCELLED:
        return _CANCELLED_SIG
    return (slots, is_open, update, counted, hit)


def _settled(history: History, day: date) -> bool:
    """Whether every extension and return of ``history`` came on or before ``day``."""
    return all(when <= day for when, _ in history.extensions) and all(
        when <= day for when in history.returned_on
    )


def _entry(
    registered: date | None, signed_on: date, period: Period, calendar: WorkCalendar
) -> _Entry:
    """A row's entry in a period: signed by its end, registration counted in it,
    registered on time."""
    if signed_on > period.end:
        return (False, False, False)
    if registered is None or not period.contains(registered):
        return (True, False, False)
    deadline = calendar.add_working_days(signed_on, ENTRY_WORKING_DAYS)
    return (True, True, registered <= deadline)


def _overdue_lines(
    late: Sequence[_Late],
    sources: Mapping[int, Source],
    period: Period,
    calendar: WorkCalendar,
    summaries: Callable[[Collection[int]], Mapping[int, str]] | None,
) -> list[OverdueLine]:
    """The overdue list, most overdue first (then by notice, reference and owner)."""
    # notices (then references) and owners in the list's order, as ranks: the list
    # sorts on plain ints, the row's position last (ties keep the rows' order)
    places = {
        source: (sources[source].notice, _ref_key(sources[source].ref))
        for source in {row[1] for row in late}
    }
    ranks = {place: rank for rank, place in enumerate(sorted(set(places.values())))}
    place_rank = {source: ranks[place] for source, place in places.items()}
    owners = sorted({row[2] or "" for row in late})
    owner_rank = {owner: rank for rank, owner in enumerate(owners)}
    ageing_days: dict[date, int] = {}  # per due date: counting days is the slow part
    buckets: dict[int, str] = {}
    ordered = []
    for position, (_, source, owner, due_on, _) in enumerate(late):
        days = ageing_days.get(due_on)
        if days is None:
            days = ageing_days[due_on] = working_days_overdue(
                due_on, period.end, calendar
            )
            buckets[days] = ageing_bucket(days)
        ordered.append((-days, place_rank[source], owner_rank[owner or ""], position))
    ordered.sort()
    texts = summaries([row[0] for row in late]) if summaries and late else {}
    lines = []
    for minus_days, _, _, position in ordered:
        key, source, owner, due_on, original_due_on = late[position]
        where = sources[source]
        lines.append(
            OverdueLine(
                where.notice,
                where.signed_on,
                where.ref,
                texts[key] if summaries else "",
                owner,
                due_on,
                original_due_on,
                -minus_days,
                buckets[-minus_days],
                key,
            )
        )
    return lines


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
