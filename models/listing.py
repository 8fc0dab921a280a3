"""Scoped, filtered, paged reads of assignments for the workspace pages.

The report categories of :mod:`domain.status` are expressed here as SQL conditions so
that a page over a hundred thousand assignments counts and pages in the database instead
of loading every row. ``tests/integration/test_listing.py`` pins that these conditions
count exactly what :func:`domain.status.summarise` counts, on both back-ends.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, not_, or_
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from domain.occurrences import DATED_RECURRENCES
from domain.status import ReportStatus
from models.tables import Assignment, Directive, Event, Notice, Organization

#: Raw life-cycle statuses a list can also be filtered by.
RAW_STATUSES = ("open", "needs_owner", "reported", "returned", "done", "cancelled")
_CATEGORIES = frozenset(c.value for c in ReportStatus)
SORTS = ("due", "status", "owner", "notice", "updated")


@dataclass(frozen=True)
class Scope:
    """What one user may see: the notices of some issuers, or the work of some owners.

    ``None`` for a field means "no limit by it"; an empty set means "nothing".
    """

    issuer_ids: frozenset[int] | None = None
    owner_ids: frozenset[int] | None = None


@dataclass(frozen=True)
class Filters:
    """The list page's filters; every field is optional."""

    category: str | None = None
    owner_ids: frozenset[int] | None = None
    notice: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    text: str | None = None


@dataclass(frozen=True)
class ListedRow:
    """One line of the assignments list."""

    id: int
    notice_id: int
    notice: str
    ref: str
    owner_code: str | None
    owner_name: str | None
    owner_text: str
    role: str
    status: str
    due_on: date | None
    original_due_on: date | None
    accepted_on: date | None
    completed_on: date | None
    recurrence: str | None
    summary: str


def _returned_ids() -> Any:
    return select(Event.assignment_id).where(Event.kind == "returned")


def _done(as_of: date) -> ColumnElement[bool]:
    return and_(
        col(Assignment.status) == "done",
        col(Assignment.accepted_on).is_not(None),
        col(Assignment.accepted_on) <= as_of,
    )


def category_condition(category: ReportStatus, as_of: date) -> ColumnElement[bool]:
    """The SQL condition of one report category on ``as_of`` (cancelled work excluded).

    Args:
        category: a category of :class:`domain.status.ReportStatus`.
        as_of: the date the figures are for.

    Returns:
        A condition over :class:`Assignment` (and the event table for ``returned``).
    """
    done = _done(as_of)
    due = col(Assignment.due_on)
    reported = col(Assignment.completed_on)
    # lateness is judged by the owner's report, the acceptance date standing in for it
    finished = func.coalesce(reported, col(Assignment.accepted_on))
    # a report made by the due date that waits for the office keeps the work in term
    reported_in_time = and_(
        col(Assignment.status).in_(("reported", "done")),
        reported.is_not(None),
        due.is_not(None),
        reported <= due,
        reported <= as_of,
    )
    if category is ReportStatus.DONE_ON_TIME:
        return and_(done, or_(due.is_(None), finished <= due))
    if category is ReportStatus.DONE_LATE:
        return and_(done, due.is_not(None), finished > due)
    if category is ReportStatus.OPEN_IN_TERM:
        return and_(not_(done), due.is_not(None), or_(due >= as_of, reported_in_time))
    if category is ReportStatus.OVERDUE:
        return and_(not_(done), due.is_not(None), due < as_of, not_(reported_in_time))
    if category is ReportStatus.ONGOING:
        return and_(due.is_(None), col(Assignment.recurrence).is_not(None))
    if category is ReportStatus.NO_DEADLINE:
        return and_(due.is_(None), col(Assignment.recurrence).is_(None))
    if category is ReportStatus.EXTENDED:
        return _extended()
    if category is ReportStatus.RETURNED:
        return and_(
            not_(done),
            or_(
                col(Assignment.status) == "returned",
                col(Assignment.id).in_(_returned_ids()),
            ),
        )
    if category is ReportStatus.NEEDS_OWNER:
        return or_(
            col(Assignment.status) == "needs_owner", col(Assignment.owner_id).is_(None)
        )
    raise ValueError(f"unknown category {category!r}")


def _extended() -> ColumnElement[bool]:
    due = col(Assignment.due_on)
    original = col(Assignment.original_due_on)
    # the reports count "due != original" (None-aware), as domain.status's callers do
    return or_(
        and_(due.is_not(None), original.is_not(None), due != original),
        and_(due.is_(None), original.is_not(None)),
        and_(due.is_not(None), original.is_(None)),
    )


def _counted() -> ColumnElement[bool]:
    """Work the reports count: not cancelled, not an undated recurring duty itself."""
    return and_(
        col(Assignment.status) != "cancelled",
        not_(
            and_(
                # coalesce: NULL IN (…) is NULL, and NOT NULL would drop the row
                func.coalesce(col(Assignment.recurrence), "").in_(
                    sorted(DATED_RECURRENCES)
                ),
                col(Assignment.due_on).is_(None),
                col(Assignment.parent_id).is_(None),
            )
        ),
    )


def _scoped(query: Any, scope: Scope) -> Any:
    if scope.owner_ids is not None:
        query = query.where(col(Assignment.owner_id).in_(sorted(scope.owner_ids)))
    if scope.issuer_ids is not None:
        # the issuer is copied onto the assignment: no join through the notice
        query = query.where(col(Assignment.issuer_id).in_(sorted(scope.issuer_ids)))
    return query


def assignments_of_owners(
    *, session: Session, scope: Scope, owner_ids: Iterable[int]
) -> Sequence[Assignment]:
    """The assignments of some owners that ``scope`` lets its user see, by id."""
    query = select(Assignment).where(col(Assignment.owner_id).in_(sorted(owner_ids)))
    found: Sequence[Assignment] = session.exec(
        _scoped(query, scope).order_by(col(Assignment.id))
    ).all()
    return found


def count_categories(
    *, session: Session, scope: Scope, as_of: date
) -> tuple[dict[ReportStatus, int], int]:
    """Counts per report category and the total, in one statement.

    Returns:
        (counts per category, every category present; total counted).
    """
    columns = [
        func.coalesce(
            func.sum(case((category_condition(c, as_of), 1), else_=0)), 0
        ).label(c.value)
        for c in ReportStatus
    ]
    query = _scoped(
        select(func.count().label("total"), *columns)
        .select_from(Assignment)
        .where(_counted()),
        scope,
    )
    row = session.exec(query).one()
    counts = {c: int(row[i + 1]) for i, c in enumerate(ReportStatus)}
    return counts, int(row[0])


def _rows_query(scope: Scope) -> tuple[Any, Any]:
    owner = aliased(Organization)
    query = (
        select(  # type: ignore[call-overload]
            Assignment,
            col(Directive.ref),
            col(Notice.number),
            col(Notice.id),
            owner.code,
            owner.name,
        )
        .join(Directive, col(Directive.id) == col(Assignment.directive_id))
        .join(Notice, col(Notice.id) == col(Directive.notice_id))
        .outerjoin(owner, col(owner.id) == col(Assignment.owner_id))
    )
    return _scoped(query, scope), owner


def _filtered(query: Any, owner: Any, filters: Filters, as_of: date) -> Any:
    if filters.category:
        # a report category wins over the life-cycle status of the same name
        # ("returned", "needs_owner"): the overview's cards link to the categories
        if filters.category in _CATEGORIES:
            query = query.where(
                _counted(), category_condition(ReportStatus(filters.category), as_of)
            )
        else:
            query = query.where(col(Assignment.status) == filters.category)
    if filters.owner_ids is not None:
        query = query.where(col(Assignment.owner_id).in_(sorted(filters.owner_ids)))
    if filters.notice:
        query = query.where(col(Notice.number) == filters.notice.strip().upper())
    if filters.due_from:
        query = query.where(col(Assignment.due_on) >= filters.due_from)
    if filters.due_to:
        query = query.where(col(Assignment.due_on) <= filters.due_to)
    if filters.text:
        pattern = f"%{_escape_like(filters.text.strip().lower())}%"
        query = query.where(
            or_(
                func.lower(col(Assignment.summary)).like(pattern, escape="\\"),
                func.lower(col(Assignment.owner_text)).like(pattern, escape="\\"),
                func.lower(owner.name).like(pattern, escape="\\"),
            )
        )
    return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ordered(query: Any, owner: Any, sort: str, descending: bool) -> Any:
    by_sort: dict[str, list[Any]] = {
        "due": [col(Assignment.due_on)],
        "status": [col(Assignment.status), col(Assignment.due_on)],
        "owner": [owner.code, col(Assignment.due_on)],
        "notice": [col(Notice.issued_on), col(Directive.position)],
        "updated": [col(Assignment.updated_at)],
    }
    keys = by_sort[sort if sort in SORTS else "due"]
    keys.append(col(Assignment.id))
    ordered = [k.desc() if descending else k.asc() for k in keys]
    # undated work sorts last either way
    nulls = case((col(Assignment.due_on).is_(None), 1), else_=0)
    return query.order_by(nulls, *ordered)


def list_rows(
    *,
    session: Session,
    scope: Scope,
    filters: Filters,
    as_of: date,
    sort: str = "due",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = 50,
) -> list[ListedRow]:
    """One page of the filtered, sorted list (``limit=None``: every row)."""
    query, owner = _rows_query(scope)
    query = _ordered(_filtered(query, owner, filters, as_of), owner, sort, descending)
    if limit is not None:
        query = query.offset(offset).limit(limit)
    return [_listed(*r) for r in session.exec(query).all()]


def count_rows(*, session: Session, scope: Scope, filters: Filters, as_of: date) -> int:
    """How many rows the filters select (joining only what the filters need)."""
    owner = aliased(Organization)
    query = _scoped(select(func.count()).select_from(Assignment), scope)
    if filters.notice:
        query = query.join(
            Directive, col(Directive.id) == col(Assignment.directive_id)
        ).join(Notice, col(Notice.id) == col(Directive.notice_id))
    if filters.text:
        query = query.outerjoin(owner, col(owner.id) == col(Assignment.owner_id))
    query = _filtered(query, owner, filters, as_of)
    return int(session.exec(query).one())


def _listed(
    a: Assignment,
    ref: str,
    number: str,
    notice_id: int,
    owner_code: str | None,
    owner_name: str | None,
) -> ListedRow:
    return ListedRow(
        id=a.id or 0,
        notice_id=notice_id,
        notice=number,
        ref=ref,
        owner_code=owner_code,
        owner_name=owner_name,
        owner_text=a.owner_text,
        role=a.role,
        status=a.status,
        due_on=a.due_on,
        original_due_on=a.original_due_on,
        accepted_on=a.accepted_on,
        completed_on=a.completed_on,
        recurrence=a.recurrence,
        summary=a.summary,
    )


def recent_events(
    *, session: Session, scope: Scope, limit: int = 10
) -> Sequence[tuple[Event, int]]:
    """The latest events of the work in scope, newest first, with the assignment id."""
    query = select(Event, Assignment.id).join(
        Assignment, col(Assignment.id) == col(Event.assignment_id)
    )
    query = _scoped(query, scope)
    query = query.order_by(col(Event.at).desc(), col(Event.id).desc()).limit(limit)
    return list(session.exec(query).all())
