"""Use case: compliance reports to the issuing committee, in the official four-way shape."""

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.context import AppContext
from app.ledger import LedgerEntry, record
from app.orgbook import OrgBook, OrgCard
from domain import periods
from domain.assignment import DATED_RECURRENCES, AssignmentStatus, EventKind
from domain.errors import InputError, NotFoundError
from domain.escalation import next_send_time
from domain.periods import Period, PeriodError
from domain.reporting import (
    UPDATE_WINDOW_DAYS,
    ComplianceFigures,
    ReportRow,
    Unit,
    compute,
)
from domain.status import ComplianceSummary, ReportStatus, StatusInput
from models.db import session_scope
from models.tables import Assignment, Directive, Event, Notice
from notifications import views
from notifications.formatting import Locale, check_locale
from notifications.render import render

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
        return _build(
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


def _build(
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
    query = (
        sa_select(
            col(Assignment.id),
            col(Assignment.owner_id),
            col(Assignment.status),
            col(Assignment.due_on),
            col(Assignment.original_due_on),
            col(Assignment.accepted_on),
            col(Assignment.completed_on),
            col(Assignment.recurrence),
            col(Assignment.parent_id),
            col(Assignment.created_at),
            col(Assignment.summary),
            col(Directive.ref),
            col(Notice.number),
            col(Notice.issued_on),
            col(Notice.issuer_id),
        )
        .join(Directive, col(Directive.id) == col(Assignment.directive_id))
        .join(Notice, col(Notice.id) == col(Directive.notice_id))
        .where(col(Notice.issued_on) <= period.end)
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
        query = query.where(col(Notice.issuer_id) == wanted)
    events = _events(session, period=period, previous=previous, zone=zone)
    codes = {c.id: c.code for c in book.cards()}
    by_issuer: dict[int, list[ReportRow]] = {}
    # registration instants repeat (bulk imports): convert each distinct one once
    local_days: dict[datetime, date] = {}
    # plain Core rows as tuples (no ORM loading)
    result: Iterable[Any] = session.connection().execute(query)
    for (
        a_id,
        owner_id,
        status,
        due_on,
        original_due_on,
        accepted_on,
        completed_on,
        recurrence,
        parent_id,
        created_at,
        summary,
        ref,
        number,
        issued_on,
        issuer_id,
    ) in result:
        if recurrence in DATED_RECURRENCES and due_on is None and parent_id is None:
            continue  # a recurring duty is reported through its dated occurrences
        found = events.get(a_id)
        registered_on = local_days.get(created_at)
        if registered_on is None:
            registered_on = local_days[created_at] = created_at.astimezone(zone).date()
        by_issuer.setdefault(issuer_id, []).append(
            ReportRow(
                item=StatusInput(
                    due_on=due_on,
                    original_due_on=original_due_on,
                    status=status,
                    accepted_on=accepted_on,
                    reported_on=completed_on,
                    recurrence=recurrence,
                    extended=due_on != original_due_on,
                    returned=bool(found and found.returned),
                    owner_resolved=owner_id is not None,
                    owner=codes.get(owner_id) if owner_id is not None else None,
                ),
                notice=number,
                signed_on=issued_on,
                ref=ref,
                summary=summary,
                registered_on=registered_on,
                extensions=tuple(found.extensions) if found else (),
                returned_on=tuple(found.returned) if found else (),
                progress_on=tuple(found.progress) if found else (),
            )
        )
    units = [Unit(c.code, c.name, _code(book.get(c.parent_id))) for c in book.cards()]
    names = {c.code: c.name for c in book.cards()}
    out = []
    for issuer_id, rows in sorted(by_issuer.items()):
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
                figures=compute(
                    rows,
                    period=period,
                    units=units,
                    calendar=ctx.calendar,
                    compare=compare,
                    fold=_chain(book, card.id),
                ),
                names=names,
                made_on=made_on,
                locale=check_locale(ctx.locale),
                issuer_kind=card.kind,
                place=place,
            )
        )
    return out


@dataclass
class _Found:
    returned: list[date]
    extensions: list[tuple[date, date]]
    progress: list[date]


def _events(
    session: Session, *, period: Period, previous: Period | None, zone: ZoneInfo
) -> dict[int, _Found]:
    """Returns, extensions and recent progress notes per assignment, as local dates."""
    found: dict[int, _Found] = {}

    def slot(a_id: int) -> _Found:
        return found.setdefault(a_id, _Found([], [], []))

    for a_id, kind, at, payload in session.execute(
        select(Event.assignment_id, Event.kind, Event.at, Event.payload)
        .where(col(Event.kind).in_([EventKind.RETURNED, EventKind.EXTENDED]))
        .order_by(col(Event.at), col(Event.id))
    ):
        day = at.astimezone(zone).date()
        if kind == EventKind.RETURNED:
            slot(a_id).returned.append(day)
        elif payload.get("to"):
            slot(a_id).extensions.append((day, date.fromisoformat(payload["to"])))
    ends = [period.end] + ([previous.end] if previous else [])
    first = min(ends) - timedelta(days=UPDATE_WINDOW_DAYS)
    last = max(ends) + timedelta(days=1)
    since = datetime.combine(first, time(), tzinfo=zone)
    until = datetime.combine(last, time(), tzinfo=zone)
    for a_id, at in session.execute(
        select(Event.assignment_id, Event.at)
        .where(Event.kind == EventKind.PROGRESS)
        .where(col(Event.at) >= since)
        .where(col(Event.at) < until)
    ):
        slot(a_id).progress.append(at.astimezone(zone).date())
    return found


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


def mail_period(ctx: AppContext, *, period: str, today: date) -> Period:
    """The period a report mail covers: a schedule name (``monthly``…) is the period
    ``today`` falls in, an explicit period (``2023-Q4``) is that one; either is cut
    short at ``today`` while it runs.

    Raises:
        PeriodError: the period cannot be read or starts after ``today``.
    """
    cutoff = ctx.policies.default.report_month_cutoff_day
    try:
        if period in periods.SCHEDULE_KINDS:
            found = periods.period_containing(today, period, month_cutoff=cutoff)
        else:
            found = periods.parse_period(period, month_cutoff=cutoff)
        return found.ending(today)
    except PeriodError as err:
        kinds = ", ".join(PERIODS)
        raise PeriodError(
            f"--period: {err} (or one of {kinds})",
            vi=f"--period: {err.text('vi')} (hoặc một trong {kinds})",
        ) from err


def send_compliance_reports(
    ctx: AppContext, *, period: str, now: datetime, issuer: str | None = None
) -> int:
    """Write one report mail per issuer (to its office) for a period.

    ``period`` is a schedule name (``weekly``, ``monthly``, ``quarterly``,
    ``half-yearly``, ``yearly``: the period ``now`` falls in, to date) or a period
    (``2023-Q4``). The mail is rendered now (a snapshot) with the per-unit table and
    chart, carries the report as XLSX and DOCX attachments, and is keyed by period,
    issuer and recipient: a second run for the same period writes nothing.

    Returns:
        How many report mails were written.

    Raises:
        PeriodError: the period cannot be read.
        NotFoundError: ``issuer`` is not a registry code.
    """
    from app import reportoffice  # openpyxl and python-docx load only when mailing

    today = now.astimezone(ctx.policies.default.zone).date()
    span = mail_period(ctx, period=period, today=today)
    with session_scope(ctx.engine) as session:
        book = OrgBook.load(session)
        entries = []
        for report in _build(
            session, ctx, period=span, issuer=issuer, compare=True, made_on=today
        ):
            card = book.by_code(report.issuer)
            if card is None:
                continue
            box = book.mailbox(card.id)
            message = render("compliance_report", _view(report, card.name))
            name = f"bao-cao-{report.issuer}-{span.key.replace('..', '_')}"
            attachments = [
                {
                    "filename": f"{name}.xlsx",
                    "content_type": XLSX_TYPE,
                    "data": base64.b64encode(
                        reportoffice.render_xlsx([report])
                    ).decode(),
                },
                {
                    "filename": f"{name}.docx",
                    "content_type": DOCX_TYPE,
                    "data": base64.b64encode(
                        reportoffice.render_docx([report])
                    ).decode(),
                },
            ]
            entries.append(
                LedgerEntry(
                    dedupe_key=(
                        f"report:{span.key}:{report.issuer}:{box.code if box else '-'}"
                    ),
                    rule="compliance_report",
                    not_before=next_send_time(
                        now, ctx.policies.for_issuer(report.issuer), ctx.calendar
                    ),
                    to=book.addresses(card.id),
                    recipient_org_id=box.id if box else card.id,
                    occurrence=span.key,
                    payload={
                        "period": span.key,
                        "as_of": span.end.isoformat(),
                        "attachments": attachments,
                    },
                    message=message,
                )
            )
        return len(record(session, entries, mail_domain=ctx.mail_domain, now=now))


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _view(report: ComplianceReport, recipient: str) -> views.ComplianceReportView:
    from app.reportfiles import chart_bars

    span = report.period
    return views.ComplianceReportView(
        recipient_name=recipient,
        locale=report.locale,
        period_label=span.label(report.locale),
        period_start=span.start or span.end,
        period_end=span.end,
        counts=_counts(report.figures.overall.tally.counts),
        rows=tuple(
            views.ComplianceRow(
                owner_name=report.unit_name(line.code),
                counts=_counts(line.rolled.tally.counts),
                depth=line.depth,
            )
            for line in report.figures.units
        ),
        chart=tuple(
            views.ChartBar(
                name=bar.name,
                total=bar.total,
                segments=tuple(
                    views.ChartSegment(
                        label=seg.label,
                        count=seg.count,
                        colour=seg.colour,
                        percent=round(seg.share * 100),
                    )
                    for seg in bar.segments
                ),
            )
            for bar in chart_bars(report)
        ),
    )


def _counts(counts: Mapping[ReportStatus, int]) -> views.ComplianceCounts:
    return views.ComplianceCounts(
        done_on_time=counts[ReportStatus.DONE_ON_TIME],
        done_late=counts[ReportStatus.DONE_LATE],
        open_in_time=counts[ReportStatus.OPEN_IN_TERM],
        overdue=counts[ReportStatus.OVERDUE],
        ongoing=counts[ReportStatus.ONGOING],
        no_deadline=counts[ReportStatus.NO_DEADLINE],
        extended=counts[ReportStatus.EXTENDED],
        returned=counts[ReportStatus.RETURNED],
        unassigned=counts[ReportStatus.NEEDS_OWNER],
    )
