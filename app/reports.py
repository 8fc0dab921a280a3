"""Use case: compliance reports to the issuing committee, in the official four-way shape."""

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, type_coerce
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Dialect
from sqlalchemy.types import NullType, TypeEngine
from sqlmodel import Session, col, select

from app.context import AppContext
from app.orgbook import OrgBook, OrgCard
from domain import periods
from domain.assignment import AssignmentStatus, EventKind
from domain.errors import InputError, NotFoundError
from domain.occurrences import is_recurring_parent
from domain.periods import Period, PeriodError
from domain.reporting import (
    UPDATE_WINDOW_DAYS,
    ComplianceFigures,
    Facts,
    History,
    Records,
    Source,
    Unit,
    compute_records,
)
from domain.status import ComplianceSummary
from models.db import session_scope
from models.tables import Assignment, Directive, Event, Notice
from notifications.formatting import Locale, check_locale

#: The schedule names ``send-reports --period`` and the flow take besides a period.
PERIODS = tuple(periods.SCHEDULE_KINDS)


@dataclass(frozen=True)
class ComplianceReport:
    """One issuing body's compliance report: the figures and the names to show them.

    Args:
        issuer: the issuer's registry code.
        issuer_name: its name.
        issuer_parent_name: the body above it (the first line of a document's issuer
            block), if any.
        figures: every figure (:mod:`domain.reporting`).
        names: unit names by code, for the owners of the overdue list.
        made_on: the local date the report was made.
        locale: the language of its text ("vi" or "en").
        issuer_kind: the issuer's registry kind (a ``government`` body's documents
            carry the national heading, the others the Party's).
        place: the place of the issuer's documents (from its latest notice).
    """

    issuer: str
    issuer_name: str
    issuer_parent_name: str | None
    figures: ComplianceFigures
    names: Mapping[str, str]
    made_on: date
    locale: Locale = "vi"
    issuer_kind: str = "committee"
    place: str | None = None

    @property
    def period(self) -> Period:
        return self.figures.period

    def unit_name(self, code: str | None) -> str:
        """A unit's name; work without an owner is named as such."""
        if code is None:
            return "(chưa có đơn vị)" if self.locale == "vi" else "(no owner yet)"
        return self.names.get(code, code)


@dataclass(frozen=True)
class IssuerReport:
    """The figures of one issuing body as of a date (the four-way split per owner)."""

    issuer: str
    issuer_name: str
    summary: ComplianceSummary


def build_reports(
    ctx: AppContext,
    *,
    period: Period,
    issuer: str | None = None,
    compare: bool = True,
    made_on: date | None = None,
) -> list[ComplianceReport]:
    """The compliance report of every issuer (or one) over a period.

    The web workspace, the CLI, ``send-reports`` and the ``compliance-report`` flow all
    call this; renderers per format turn the result into text, files or mail.

    Args:
        ctx: the app context.
        period: the period (see :mod:`domain.periods`).
        issuer: only this issuing body (registry code).
        compare: also compute the previous period of the same length.
        made_on: the date the report is made (the document's date line); defaults to
            the period's end.

    Raises:
        NotFoundError: ``issuer`` is not a registry code.
    """
    with session_scope(ctx.engine) as session:
        return build_in_session(
            session,
            ctx,
            period=period,
            issuer=issuer,
            compare=compare,
            made_on=made_on or period.end,
        )


def compliance(
    ctx: AppContext, *, as_of: date, issuer: str | None = None
) -> list[IssuerReport]:
    """The compliance figures of every issuer (or one) as of a date.

    Raises:
        NotFoundError: ``issuer`` is not a registry code.
    """
    return [
        IssuerReport(
            issuer=r.issuer,
            issuer_name=r.issuer_name,
            summary=ComplianceSummary(
                as_of=as_of,
                overall=r.figures.overall.tally,
                by_owner={line.code: line.own.tally for line in r.figures.units},
                cancelled=r.figures.cancelled,
            ),
        )
        for r in build_reports(
            ctx, period=periods.as_of(as_of), issuer=issuer, compare=False
        )
    ]


def report_period(
    ctx: AppContext,
    *,
    period: str | None = None,
    as_of: date | None = None,
    issuer: str | None = None,
) -> Period:
    """The period a report command names: ``--period`` (cut short at ``--as-of``),
    or the whole record as of ``--as-of``.

    Raises:
        PeriodError: the period cannot be read, or ``as_of`` is before it starts.
        InputError: neither is given.
    """
    cutoff = ctx.policies.for_issuer(issuer).report_month_cutoff_day
    if period is None:
        if as_of is None:
            raise InputError(
                "a report needs --period or --as-of",
                vi="báo cáo cần --period hoặc --as-of",
            )
        return periods.as_of(as_of)
    try:
        found = periods.parse_period(period, month_cutoff=cutoff)
        return found.ending(as_of) if as_of is not None else found
    except PeriodError as err:
        raise PeriodError(f"--period: {err}", vi=f"--period: {err.text('vi')}") from err


def build_in_session(
    session: Session,
    ctx: AppContext,
    *,
    period: Period,
    issuer: str | None,
    compare: bool,
    made_on: date,
) -> list[ComplianceReport]:
    book = OrgBook.load(session)
    wanted = None
    if issuer is not None:
        card = book.by_code(issuer)
        if card is None:
            raise NotFoundError(
                f"--issuer: no organisation with code {issuer!r}",
                vi=f"--issuer: không có đơn vị nào mang mã {issuer!r}",
            )
        wanted = card.id
    previous = period.previous() if compare else None
    earliest = (previous or period).start
    zone = ctx.policies.default.zone
    # the directives of the notices signed by the period's end: few, read once
    given = (
        sa_select(
            col(Directive.id),
            col(Notice.number),
            col(Notice.issued_on),
            col(Directive.ref),
        )
        .join(Notice, col(Notice.id) == col(Directive.notice_id))
        .where(col(Notice.issued_on) <= period.end)
    )
    if wanted is not None:
        given = given.where(col(Notice.issuer_id) == wanted)
    directives: Iterable[Any] = session.connection().execute(given)
    sources: dict[int, Source] = {
        d_id: Source(number, issued_on, ref)
        for d_id, number, issued_on, ref in directives
    }
    # Only the narrow columns classification and counting read: the text of the
    # overdue list is read afterwards for those rows alone. Dates and instants are
    # read as the driver gives them and converted by their column type once per
    # distinct value (they repeat across rows), not once per row.
    query = sa_select(
        col(Assignment.id),
        col(Assignment.owner_id),
        col(Assignment.issuer_id),
        col(Assignment.status),
        _raw(Assignment.due_on),
        _raw(Assignment.original_due_on),
        _raw(Assignment.accepted_on),
        _raw(Assignment.completed_on),
        col(Assignment.recurrence),
        col(Assignment.parent_id),
        _raw(Assignment.created_at),
        col(Assignment.directive_id),
    ).where(
        col(Assignment.directive_id).in_(given.with_only_columns(col(Directive.id)))
    )
    if earliest is not None:
        # work accepted before the earliest period compared is out of every scope
        query = query.where(
            or_(
                col(Assignment.status) != AssignmentStatus.DONE,
                col(Assignment.accepted_on).is_(None),
                col(Assignment.accepted_on) >= earliest,
            )
        )
    if wanted is not None:
        query = query.where(col(Assignment.issuer_id) == wanted)
    histories = _histories(session, period=period, previous=previous, zone=zone)
    codes = {c.id: c.code for c in book.cards()}
    by_issuer: dict[int, Records] = {}
    dialect = session.get_bind().dialect
    day = _converter(Assignment.due_on, dialect)
    instant = _converter(Assignment.created_at, dialect)
    local_days: dict[Any, date | None] = {}
    # rows sharing their raw facts share one Facts tuple
    known: dict[tuple[Any, ...], Facts] = {}
    result: Iterable[Any] = session.connection().execute(query)
    for (
        a_id,
        owner_id,
        issuer_id,
        status,
        due_raw,
        original_raw,
        accepted_raw,
        completed_raw,
        recurrence,
        parent_id,
        created_raw,
        directive_id,
    ) in result:
        if is_recurring_parent(recurrence, due_raw, parent_id):
            continue  # a recurring duty is reported through its dated occurrences
        history = histories.get(a_id)
        returned = history is not None and bool(history.returned_on)
        resolved = owner_id is not None
        seen = (
            due_raw,
            original_raw,
            status,
            accepted_raw,
            completed_raw,
            recurrence,
            returned,
            resolved,
        )
        facts = known.get(seen)
        if facts is None:
            due_on, original_due_on = day(due_raw), day(original_raw)
            facts = known[seen] = (
                due_on,
                original_due_on,
                status,
                day(accepted_raw),
                day(completed_raw),
                recurrence,
                due_on != original_due_on,
                returned,
                resolved,
            )
        registered_on = local_days.get(created_raw)
        if registered_on is None:
            utc = instant(created_raw)
            registered_on = None if utc is None else utc.astimezone(zone).date()
            local_days[created_raw] = registered_on
        records = by_issuer.get(issuer_id)
        if records is None:
            records = by_issuer[issuer_id] = Records()
        records.facts.append(facts)
        records.owners.append(codes.get(owner_id))
        records.sources.append(directive_id)
        records.histories.append(history)
        records.registered.append(registered_on)
        records.keys.append(a_id)
    units = [Unit(c.code, c.name, _code(book.get(c.parent_id))) for c in book.cards()]
    names = {c.code: c.name for c in book.cards()}
    out = []
    for issuer_id, records in sorted(by_issuer.items()):
        card = book.get(issuer_id)
        if card is None:
            continue
        parent = book.get(card.parent_id)
        place = session.exec(
            select(Notice.place)
            .where(Notice.issuer_id == issuer_id)
            .where(col(Notice.place).is_not(None))
            .order_by(col(Notice.issued_on).desc())
            .limit(1)
        ).first()
        out.append(
            ComplianceReport(
                issuer=card.code,
                issuer_name=card.name,
                issuer_parent_name=parent.name if parent else None,
                figures=compute_records(
                    records,
                    sources=sources,
                    period=period,
                    units=units,
                    calendar=ctx.calendar,
                    compare=compare,
                    fold=_chain(book, card.id),
                    summaries=lambda keys: _summaries(session, keys),
                ),
                names=names,
                made_on=made_on,
                locale=check_locale(ctx.locale),
                issuer_kind=card.kind,
                place=place,
            )
        )
    return out


def _raw(column: Any) -> Any:
    """``column`` as the driver returns it (no per-row conversion by its type)."""
    return type_coerce(col(column), NullType())


def _converter(column: Any, dialect: Dialect) -> Callable[[Any], Any]:
    """What ``column``'s type does to a value the driver returned, as a function."""
    sql_type: TypeEngine[Any] = column.type
    convert = sql_type.dialect_impl(dialect).result_processor(dialect, None)
    return convert if convert is not None else _same


def _same(value: Any) -> Any:
    return value


#: Ids per statement when reading the overdue list's text (under every back-end's
#: limit of bound parameters).
_IDS_PER_QUERY = 5000


def _summaries(session: Session, ids: Collection[int]) -> dict[int, str]:
    """The summaries of these assignments."""
    wanted = sorted(ids)
    found: dict[int, str] = {}
    for first in range(0, len(wanted), _IDS_PER_QUERY):
        chunk = wanted[first : first + _IDS_PER_QUERY]
        rows: Iterable[Any] = session.connection().execute(
            sa_select(col(Assignment.id), col(Assignment.summary)).where(
                col(Assignment.id).in_(chunk)
            )
        )
        found.update((a_id, summary) for a_id, summary in rows)
    return found


def _histories(
    session: Session, *, period: Period, previous: Period | None, zone: ZoneInfo
) -> dict[int, History]:
    """Returns, extensions and recent progress notes per assignment, as local dates."""
    instant = _converter(Event.at, session.get_bind().dialect)
    local_days: dict[Any, date] = {}

    def local_day(raw: Any) -> date:
        found = local_days.get(raw)
        if found is None:
            found = local_days[raw] = instant(raw).astimezone(zone).date()
        return found

    def read(query: Any) -> Iterable[Any]:
        rows: Iterable[Any] = session.connection().execute(query)
        return rows

    returned: dict[int, list[date]] = {}
    for a_id, at in read(
        sa_select(col(Event.assignment_id), _raw(Event.at))
        .where(col(Event.kind) == EventKind.RETURNED)
        .order_by(col(Event.at), col(Event.id))
    ):
        returned.setdefault(a_id, []).append(local_day(at))
    extensions: dict[int, list[tuple[date, date]]] = {}
    for a_id, at, payload in read(
        sa_select(col(Event.assignment_id), _raw(Event.at), col(Event.payload))
        .where(col(Event.kind) == EventKind.EXTENDED)
        .order_by(col(Event.at), col(Event.id))
    ):
        if payload.get("to"):
            extensions.setdefault(a_id, []).append(
                (local_day(at), date.fromisoformat(payload["to"]))
            )
    ends = [period.end] + ([previous.end] if previous else [])
    first = min(ends) - timedelta(days=UPDATE_WINDOW_DAYS)
    last = max(ends) + timedelta(days=1)
    since = datetime.combine(first, time(), tzinfo=zone)
    until = datetime.combine(last, time(), tzinfo=zone)
    progress: dict[int, list[date]] = {}
    for a_id, at in read(
        sa_select(col(Event.assignment_id), _raw(Event.at))
        .where(col(Event.kind) == EventKind.PROGRESS)
        .where(col(Event.at) >= since)
        .where(col(Event.at) < until)
    ):
        progress.setdefault(a_id, []).append(local_day(at))
    return {
        a_id: History(
            tuple(extensions.get(a_id, ())),
            tuple(returned.get(a_id, ())),
            tuple(progress.get(a_id, ())),
        )
        for a_id in returned.keys() | extensions.keys() | progress.keys()
    }


def _code(card: OrgCard | None) -> str | None:
    return card.code if card else None


def _chain(book: OrgBook, org_id: int) -> list[str]:
    """The issuer and every body above it."""
    chain = []
    card = book.get(org_id)
    while card is not None and card.code not in chain:
        chain.append(card.code)
        card = book.get(card.parent_id)
    return chain
