"""Read models of the web workspace: what each page shows, scoped to the signed-in user.

Pages call these (and the use cases of :mod:`app.actions`, :mod:`app.ingest`,
:mod:`app.reports`) exactly as the CLI does; nothing here knows about HTTP.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from app.context import AppContext
from app.documents import base_name
from app.lookup import LedgerRow, ledger_row
from app.orgbook import OrgBook
from app.users import Principal, subtree
from domain.errors import InputError, NotFoundError
from domain.status import (
    REPORT_ORDER,
    ReportStatus,
    StatusInput,
    classify,
    summarise,
)
from models.db import session_scope
from models.listing import (
    RAW_STATUSES,
    SORTS,
    Filters,
    ListedRow,
    Scope,
    assignments_of_owners,
    count_categories,
    count_rows,
    list_rows,
    recent_events,
)
from models.queries import assignment_context, owner_and_issuer
from models.tables import (
    Assignment,
    Delivery,
    DeliveryStatus,
    Directive,
    Event,
    Notice,
    NoticeAmendment,
    Organization,
)

PAGE_SIZE = 50
#: What the list page offers to filter and sort by.
STATUS_CHOICES = tuple(
    s for s in RAW_STATUSES if s not in {c.value for c in ReportStatus}
)
SORT_CHOICES = SORTS
DUE_SOON_WORKING_DAYS = 5
#: Cards of the overview, in order: the official split, then the other categories.
CARDS = REPORT_ORDER


def scope_of(user: Principal) -> Scope:
    """The rows a user may see: an office its committees' notices, others their subtree."""
    if user.is_office:
        return Scope(issuer_ids=user.issuer_ids)
    return Scope(owner_ids=user.owner_ids)


def report_status(row: Any, today: date) -> str | None:
    """The report status (done on time, overdue…) of a row with the assignment's dates.

    ``None`` for cancelled work, which reports leave out.
    """
    if row.status == "cancelled" or (row.status == "done" and not row.accepted_on):
        return None
    return classify(
        StatusInput(
            due_on=row.due_on,
            original_due_on=row.original_due_on,
            status=row.status,
            accepted_on=row.accepted_on,
            reported_on=row.completed_on,
            recurrence=row.recurrence,
        ),
        as_of=today,
    ).value


# --- where an item belongs (for the access check) --------------------------------------


@dataclass(frozen=True)
class Placement:
    """Whose an assignment (or a notice) is: the issuer and the owners involved."""

    issuer_id: int | None
    owner_ids: frozenset[int]


def assignment_placement(ctx: AppContext, assignment_id: int) -> Placement | None:
    """Issuer and owner of one assignment, or ``None`` when it does not exist."""
    with session_scope(ctx.engine) as session:
        row = owner_and_issuer(session=session, assignment_id=assignment_id)
    if row is None:
        return None
    owner_id, issuer_id = row
    return Placement(issuer_id, frozenset({owner_id} if owner_id else set()))


def notice_placement(ctx: AppContext, notice_id: int) -> Placement | None:
    """Issuer of a notice and the owners of its assignments."""
    with session_scope(ctx.engine) as session:
        notice = session.get(Notice, notice_id)
        if notice is None:
            return None
        owners = session.exec(
            select(Assignment.owner_id)
            .join(Directive, col(Directive.id) == col(Assignment.directive_id))
            .where(Directive.notice_id == notice_id)
        ).all()
        return Placement(notice.issuer_id, frozenset(o for o in owners if o))


def org_id(ctx: AppContext, code: str) -> int | None:
    """The id of a registry code, or ``None``."""
    with session_scope(ctx.engine) as session:
        return session.exec(
            select(Organization.id).where(Organization.code == code)
        ).first()


def may_see(user: Principal, place: Placement) -> bool:
    """Whether the item is in the user's scope."""
    if user.is_office:
        return place.issuer_id in user.issuer_ids
    return bool(place.owner_ids & user.owner_ids)


# --- overview --------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """One recent event."""

    at: datetime
    kind: str
    actor: str
    assignment_id: int
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Overview:
    """The figures and lists of the overview page."""

    as_of: date
    counts: dict[ReportStatus, int]
    total: int
    overdue: list[tuple[ListedRow, int]]
    overdue_total: int
    due_soon: list[ListedRow]
    due_soon_until: date
    recent: list[Activity]


def overview(ctx: AppContext, user: Principal, *, today: date) -> Overview:
    """The overview of everything the user may see, as of ``today``."""
    scope = scope_of(user)
    until = ctx.calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    with session_scope(ctx.engine) as session:
        counts, total = count_categories(session=session, scope=scope, as_of=today)
        overdue = list_rows(
            session=session,
            scope=scope,
            filters=Filters(category=ReportStatus.OVERDUE),
            as_of=today,
            limit=20,
        )
        due_soon = list_rows(
            session=session,
            scope=scope,
            filters=Filters(
                category=ReportStatus.OPEN_IN_TERM, due_from=today, due_to=until
            ),
            as_of=today,
            limit=20,
        )
        recent = [
            Activity(
                at=e.at,
                kind=e.kind,
                actor=e.actor,
                assignment_id=aid,
                payload=dict(e.payload),
            )
            for e, aid in recent_events(session=session, scope=scope)
        ]
    return Overview(
        as_of=today,
        counts=counts,
        total=total,
        overdue=[(r, (today - r.due_on).days if r.due_on else 0) for r in overdue],
        overdue_total=counts[ReportStatus.OVERDUE],
        due_soon=due_soon,
        due_soon_until=until,
        recent=recent,
    )


# --- list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    """The list page's query string, checked."""

    category: str | None = None
    owner: str | None = None
    include_sub: bool = True
    notice: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    text: str | None = None
    sort: str = "due"
    descending: bool = False
    page: int = 1


@dataclass(frozen=True)
class ListPage:
    """One page of the list."""

    rows: list[ListedRow]
    total: int
    page: int
    pages: int


def _filters(session: Session, query: ListQuery) -> Filters:
    owner_ids = None
    if query.owner:
        book = OrgBook.load(session)
        card = book.by_code(query.owner)
        if card is None:
            raise NotFoundError(
                f"owner: no organisation with code {query.owner!r}",
                vi=f"đơn vị thực hiện: không có đơn vị nào mang mã {query.owner!r}",
            )
        owner_ids = (
            subtree(book, card.id) if query.include_sub else frozenset({card.id})
        )
    if query.due_from and query.due_to and query.due_from > query.due_to:
        raise InputError(
            "due range: the first date is after the second",
            vi="khoảng thời hạn: ngày đầu sau ngày cuối",
        )
    return Filters(
        category=query.category,
        owner_ids=owner_ids,
        notice=query.notice,
        due_from=query.due_from,
        due_to=query.due_to,
        text=query.text,
    )


def assignment_list(
    ctx: AppContext, user: Principal, query: ListQuery, *, today: date
) -> ListPage:
    """One page of the assignments the user may see, filtered and sorted."""
    scope = scope_of(user)
    with session_scope(ctx.engine) as session:
        filters = _filters(session, query)
        total = count_rows(session=session, scope=scope, filters=filters, as_of=today)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(1, query.page), pages)
        rows = list_rows(
            session=session,
            scope=scope,
            filters=filters,
            as_of=today,
            sort=query.sort,
            descending=query.descending,
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
    return ListPage(rows=rows, total=total, page=page, pages=pages)


def assignment_rows(
    ctx: AppContext, user: Principal, query: ListQuery, *, today: date
) -> Iterator[ListedRow]:
    """Every row the filters select (for the CSV download), in the list's order."""
    scope = scope_of(user)
    with session_scope(ctx.engine) as session:
        filters = _filters(session, query)
        rows = list_rows(
            session=session,
            scope=scope,
            filters=filters,
            as_of=today,
            sort=query.sort,
            descending=query.descending,
            limit=None,
        )
    yield from rows


# --- one assignment --------------------------------------------------------------------


@dataclass(frozen=True)
class CoOwner:
    """Another owner of the same directive."""

    assignment_id: int
    name: str
    role: str
    status: str


@dataclass(frozen=True)
class AssignmentView:
    """Everything the assignment page shows."""

    id: int
    status: str
    role: str
    summary: str
    owner_id: int | None
    owner_code: str | None
    owner_name: str | None
    owner_text: str
    directive_ref: str
    directive_text: str
    notice_id: int
    notice_number: str
    notice_kind: str
    notice_issued_on: date
    notice_subject: str | None
    issuer_name: str
    due_on: date | None
    original_due_on: date | None
    due_text: str | None
    recurrence: str | None
    completed_on: date | None
    accepted_on: date | None
    milestones: list[tuple[date, str]]
    co_owners: list[CoOwner]
    events: list[tuple[datetime, str, str, dict[str, Any]]]
    ledger: list[LedgerRow]
    orgs: list[tuple[str, str]] = field(default_factory=list)
    #: every body's name by its code, for the facts of the history
    org_names: dict[str, str] = field(default_factory=dict)


def assignment_view(ctx: AppContext, assignment_id: int) -> AssignmentView:
    """One assignment with its directive, co-owners, history and ledger rows.

    Raises:
        NotFoundError: no such assignment.
    """
    with session_scope(ctx.engine) as session:
        context = assignment_context(session=session, assignment_id=assignment_id)
        a, directive, notice = context.assignment, context.directive, context.notice
        owner, issuer, milestones = context.owner, context.issuer, context.milestones
        book = OrgBook.load(session)
        others = session.exec(
            select(Assignment)
            .where(
                Assignment.directive_id == directive.id,
                Assignment.id != a.id,
                Assignment.occurrence == a.occurrence,
            )
            .order_by(col(Assignment.id))
        ).all()
        events = session.exec(
            select(Event)
            .where(Event.assignment_id == a.id)
            .order_by(col(Event.at), col(Event.id))
        ).all()
        deliveries = session.exec(
            select(Delivery)
            .where(Delivery.assignment_id == a.id)
            .order_by(col(Delivery.id))
        ).all()
        co_owners = []
        for other in others:
            card = book.get(other.owner_id)
            co_owners.append(
                CoOwner(
                    assignment_id=other.id or 0,
                    name=card.name if card else other.owner_text,
                    role=other.role,
                    status=other.status,
                )
            )
        return AssignmentView(
            id=a.id or 0,
            status=a.status,
            role=a.role,
            summary=a.summary,
            owner_id=a.owner_id,
            owner_code=owner.code if owner else None,
            owner_name=owner.name if owner else None,
            owner_text=a.owner_text,
            directive_ref=directive.ref,
            directive_text=directive.text,
            notice_id=notice.id or 0,
            notice_number=notice.number,
            notice_kind=notice.kind,
            notice_issued_on=notice.issued_on,
            notice_subject=notice.subject,
            issuer_name=issuer.name if issuer else (notice.issuer_text or ""),
            due_on=a.due_on,
            original_due_on=a.original_due_on,
            due_text=a.due_text,
            recurrence=a.recurrence,
            completed_on=a.completed_on,
            accepted_on=a.accepted_on,
            milestones=[(m.due_on, m.text) for m in milestones],
            co_owners=co_owners,
            events=[(e.at, e.kind, e.actor, dict(e.payload)) for e in events],
            ledger=[ledger_row(d) for d in deliveries],
            orgs=sorted(((c.code, c.name) for c in book.cards()), key=lambda x: x[1]),
            org_names={c.code: c.name for c in book.cards()},
        )


# --- notice ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeSegment:
    """A stretch of the source text; ``ref`` is set on a directive's passage."""

    text: str
    ref: str | None = None
    assignment_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class NoticeChange:
    """What an amendment did to one directive: ``added``, ``dropped``, ``text`` or
    ``deadline`` (from one date to another; None is "no deadline")."""

    ref: str
    kind: str
    due_from: date | None = None
    due_to: date | None = None


@dataclass(frozen=True)
class NoticeEvent:
    """A line of the notice's history: its registration or an amendment."""

    at: datetime
    kind: str  # registered | amended
    actor: str | None
    source_name: str
    changes: tuple[NoticeChange, ...] = ()


@dataclass(frozen=True)
class NoticeView:
    """The notice page."""

    id: int
    number: str
    kind: str
    issued_on: date
    place: str | None
    subject: str | None
    signer: str | None
    signer_title: str | None
    signing_form: str | None
    issuer_name: str
    recipients: list[str]
    segments: list[NoticeSegment]
    directives: list[tuple[str, str, list[tuple[int, str, str]]]]
    history: list[NoticeEvent]


def notice_view(ctx: AppContext, user: Principal, notice_id: int) -> NoticeView:
    """A notice with its text, each directive's passage linked to the visible assignments.

    Raises:
        NotFoundError: no such notice.
    """
    with session_scope(ctx.engine) as session:
        notice = session.get(Notice, notice_id)
        if notice is None:
            raise NotFoundError(
                f"notice {notice_id} does not exist",
                vi=f"thông báo {notice_id} không tồn tại",
            )
        book = OrgBook.load(session)
        directives = session.exec(
            select(Directive)
            .where(Directive.notice_id == notice_id)
            .order_by(col(Directive.span_start))
        ).all()
        rows = session.exec(
            select(Assignment)
            .join(Directive, col(Directive.id) == col(Assignment.directive_id))
            .where(Directive.notice_id == notice_id)
            .order_by(col(Assignment.id))
        ).all()
        visible: dict[int, list[Assignment]] = {}
        for a in rows:
            if user.is_office or (a.owner_id in user.owner_ids):
                visible.setdefault(a.directive_id, []).append(a)
        registered_by = (
            session.exec(
                select(Event.actor).where(
                    Event.assignment_id == rows[0].id, Event.kind == "created"
                )
            ).first()
            if rows
            else None
        )
        history = [
            NoticeEvent(
                at=notice.created_at,
                kind="registered",
                actor=registered_by,
                source_name=base_name(notice.source_name or ""),
            ),
            *(
                NoticeEvent(
                    at=m.at,
                    kind="amended",
                    actor=m.actor,
                    source_name=base_name(m.source_name or ""),
                    changes=tuple(_notice_change(c) for c in m.changes),
                )
                for m in session.exec(
                    select(NoticeAmendment)
                    .where(NoticeAmendment.notice_id == notice_id)
                    .order_by(col(NoticeAmendment.at), col(NoticeAmendment.id))
                ).all()
            ),
        ]
        text = notice.source_text
        segments: list[NoticeSegment] = []
        cursor = 0
        listed = []
        for d in directives:
            mine = visible.get(d.id or 0, [])
            start, end = max(d.span_start, cursor), d.span_end
            # a dropped directive has no passage in the text now stored
            if not d.cancelled and end > start:
                if start > cursor:
                    segments.append(NoticeSegment(text[cursor:start]))
                segments.append(
                    NoticeSegment(
                        text[start:end],
                        ref=d.ref,
                        assignment_ids=tuple(a.id or 0 for a in mine),
                    )
                )
                cursor = end
            listed.append(
                (
                    d.ref,
                    d.text,
                    [(a.id or 0, _owner_label(book, a), a.status) for a in mine],
                )
            )
        if cursor < len(text):
            segments.append(NoticeSegment(text[cursor:]))
        issuer = book.get(notice.issuer_id)
        return NoticeView(
            id=notice.id or 0,
            number=notice.number,
            kind=notice.kind,
            issued_on=notice.issued_on,
            place=notice.place,
            subject=notice.subject,
            signer=notice.signer,
            signer_title=notice.signer_title,
            signing_form=notice.signing_form,
            issuer_name=issuer.name if issuer else (notice.issuer_text or ""),
            recipients=list(notice.recipients),
            segments=segments,
            directives=listed,
            history=history,
        )


def _notice_change(stored: dict[str, Any]) -> NoticeChange:
    def day(value: object) -> date | None:
        return date.fromisoformat(value) if isinstance(value, str) else None

    return NoticeChange(
        ref=str(stored.get("ref", "")),
        kind=str(stored.get("kind", "")),
        due_from=day(stored.get("from")),
        due_to=day(stored.get("to")),
    )


def _owner_label(book: OrgBook, a: Assignment) -> str:
    card = book.get(a.owner_id)
    return card.name if card else a.owner_text


# --- organisation ----------------------------------------------------------------------


@dataclass(frozen=True)
class OrgLine:
    """One organisation's roll-up."""

    code: str
    name: str
    total: int
    counts: dict[ReportStatus, int]
    on_time_rate: float | None


@dataclass(frozen=True)
class OrgView:
    """The organisation page: the body, its own figures and those of the bodies under it."""

    code: str
    name: str
    kind: str
    parent_name: str | None
    rollup: OrgLine
    lines: list[OrgLine]


def org_view(ctx: AppContext, user: Principal, code: str, *, today: date) -> OrgView:
    """An organisation's work and that of the organisations under it, rolled up.

    Only work in the user's scope is counted.

    Raises:
        NotFoundError: no such organisation.
    """
    scope = scope_of(user)
    with session_scope(ctx.engine) as session:
        book = OrgBook.load(session)
        card = book.by_code(code)
        if card is None:
            raise NotFoundError(
                f"no organisation with code {code!r}",
                vi=f"không có đơn vị nào mang mã {code!r}",
            )
        below = subtree(book, card.id)
        if scope.owner_ids is not None:
            below = below & scope.owner_ids
        returned = set(
            session.exec(
                select(Event.assignment_id).where(Event.kind == "returned")
            ).all()
        )
        inputs = []
        for a in assignments_of_owners(session=session, scope=scope, owner_ids=below):
            owner = book.get(a.owner_id)
            inputs.append(
                StatusInput(
                    due_on=a.due_on,
                    original_due_on=a.original_due_on,
                    status=a.status,
                    accepted_on=a.accepted_on,
                    reported_on=a.completed_on,
                    recurrence=a.recurrence,
                    extended=a.due_on != a.original_due_on,
                    returned=a.id in returned,
                    owner_resolved=a.owner_id is not None,
                    owner=owner.code if owner else None,
                )
            )
    summary = summarise(inputs, today)
    lines = []
    for owner_code, tally in sorted(
        summary.by_owner.items(), key=lambda kv: kv[0] or ""
    ):
        owner = book.by_code(owner_code) if owner_code else None
        lines.append(
            OrgLine(
                code=owner_code or "",
                name=owner.name if owner else "—",
                total=tally.total,
                counts=dict(tally.counts),
                on_time_rate=tally.on_time_rate,
            )
        )
    parent = book.get(card.parent_id)
    return OrgView(
        code=card.code,
        name=card.name,
        kind=card.kind,
        parent_name=parent.name if parent else None,
        rollup=OrgLine(
            code=card.code,
            name=card.name,
            total=summary.overall.total,
            counts=dict(summary.overall.counts),
            on_time_rate=summary.overall.on_time_rate,
        ),
        lines=lines,
    )


# --- ledger ----------------------------------------------------------------------------


def _ledger_query(user: Principal) -> Any:
    mine = select(Assignment.id).where(
        col(Assignment.issuer_id).in_(sorted(user.issuer_ids))
    )
    return select(Delivery).where(
        (col(Delivery.assignment_id).in_(mine))
        | (
            col(Delivery.assignment_id).is_(None)
            & col(Delivery.recipient_org_id).in_(
                sorted(user.issuer_ids | {user.org_id})
            )
        )
    )


def ledger_lines(
    ctx: AppContext,
    user: Principal,
    *,
    status: str | None = None,
    rule: str | None = None,
    limit: int = 200,
) -> list[LedgerRow]:
    """The newest ledger rows the office may see (its committees' work and its mail)."""
    query = _ledger_query(user)
    if status:
        query = query.where(Delivery.status == status)
    if rule:
        query = query.where(Delivery.rule == rule)
    with session_scope(ctx.engine) as session:
        rows = session.exec(query.order_by(col(Delivery.id).desc()).limit(limit))
        return [ledger_row(d) for d in rows.all()]


def retry_delivery(
    ctx: AppContext, user: Principal, delivery_id: int, *, now: datetime
) -> None:
    """Send a failed ledger row at the next delivery run instead of after its backoff.

    Raises:
        NotFoundError: no such row in the user's scope.
        InputError: the row has not failed.
    """
    with session_scope(ctx.engine) as session:
        row = session.exec(
            _ledger_query(user).where(Delivery.id == delivery_id)
        ).first()
        if row is None:
            raise NotFoundError(
                f"ledger row {delivery_id} does not exist",
                vi=f"dòng {delivery_id} của sổ gửi thư không tồn tại",
            )
        if row.status != DeliveryStatus.FAILED:
            raise InputError(
                f"ledger row {delivery_id} is {row.status}, not failed",
                vi=f"dòng {delivery_id} của sổ gửi thư không ở trạng thái lỗi "
                f"({row.status})",
            )
        row.not_before = now


def registry_choices(ctx: AppContext) -> list[tuple[str, str]]:
    """(code, name) of every organisation, by name, for the pick lists."""
    with session_scope(ctx.engine) as session:
        orgs = session.exec(select(Organization.code, Organization.name)).all()
    return sorted(((c, n) for c, n in orgs), key=lambda x: x[1])


# --- reports ---------------------------------------------------------------------------

#: Download formats of the reports page and their media types.
REPORT_MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


@dataclass(frozen=True)
class ReportPage:
    """The reports page: the period asked for and the reports of the user's issuers."""

    period_text: str
    key: str
    start: date | None
    end: date
    tables: list[tuple[str, str, list[str], list[list[str]]]]


def _user_reports(
    ctx: AppContext, user: Principal, *, period: str | None, as_of: date
) -> list[Any]:
    from dataclasses import replace

    from app.reports import build_reports, report_period

    local = replace(ctx, locale="en" if user.locale == "en" else "vi")
    with session_scope(ctx.engine) as session:
        codes = sorted(
            c.code for c in OrgBook.load(session).cards() if c.id in user.issuer_ids
        )
    found = []
    for code in codes:
        chosen = report_period(local, period=period, as_of=as_of, issuer=code)
        found.extend(build_reports(local, period=chosen, issuer=code, made_on=as_of))
    return [r for r in found if r.figures.overall.tally.total]


def report_page(
    ctx: AppContext, user: Principal, *, period: str | None, as_of: date
) -> ReportPage:
    """The compliance report of the office's committees for a period (or as of a date).

    Raises:
        InputError: the period cannot be read.
    """
    from app.reportfiles import row_texts
    from app.reports import report_period
    from app.reportviews import tables

    reports = _user_reports(ctx, user, period=period, as_of=as_of)
    chosen = report_period(ctx, period=period, as_of=as_of)
    shown = []
    for report in reports:
        for table in tables(report):
            shown.append(
                (
                    report.issuer_name,
                    table.title,
                    [c.header for c in table.columns],
                    row_texts(table, report.locale),
                )
            )
    return ReportPage(
        period_text=period or "",
        key=chosen.key,
        start=chosen.start,
        end=chosen.end,
        tables=shown,
    )


def report_file(
    ctx: AppContext, user: Principal, *, period: str | None, as_of: date, fmt: str
) -> tuple[bytes, str, str]:
    """A download of the reports page: (content, media type, file name).

    Raises:
        InputError: unknown format or unreadable period.
    """
    from app.reportfiles import render

    if fmt not in REPORT_MEDIA:
        raise InputError(
            f"format {fmt!r}: one of {', '.join(REPORT_MEDIA)}",
            vi=f"định dạng {fmt!r}: chọn một trong {', '.join(REPORT_MEDIA)}",
        )

    reports = _user_reports(ctx, user, period=period, as_of=as_of)
    name = f"bao-cao-{(period or as_of.isoformat()).replace('/', '-')}.{fmt}"
    return render(reports, fmt), REPORT_MEDIA[fmt], name
