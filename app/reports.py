"""Use case: compliance reports to the issuing committee, in the official four-way shape."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from app.context import AppContext
from app.ledger import LedgerEntry, record
from app.messages import period_label
from app.orgbook import OrgBook
from domain.assignment import DATED_RECURRENCES, EventKind
from domain.errors import NotFoundError
from domain.escalation import next_send_time
from domain.occurrences import (
    month_key,
    quarter_key,
    report_span,
    week_key,
    year_key,
)
from domain.status import ComplianceSummary, ReportStatus, StatusInput, summarise
from models.db import session_scope
from models.tables import Assignment, Directive, Event, Notice
from notifications import views
from notifications.formatting import check_locale
from notifications.render import render

PERIODS = {
    "weekly": week_key,
    "monthly": month_key,
    "quarterly": quarter_key,
    "yearly": year_key,
}


@dataclass(frozen=True)
class IssuerReport:
    """The figures of one issuing body."""

    issuer: str
    issuer_name: str
    summary: ComplianceSummary


def compliance(
    ctx: AppContext, *, as_of: date, issuer: str | None = None
) -> list[IssuerReport]:
    """The compliance figures of every issuer (or one) as of a date.

    Raises:
        NotFoundError: ``issuer`` is not a registry code.
    """
    with session_scope(ctx.engine) as session:
        return _compliance(session, as_of=as_of, issuer=issuer)


def _compliance(
    session: Session, *, as_of: date, issuer: str | None
) -> list[IssuerReport]:
    book = OrgBook.load(session)
    wanted = None
    if issuer is not None:
        card = book.by_code(issuer)
        if card is None:
            raise NotFoundError(f"no organisation with code {issuer!r}")
        wanted = card.id
    returned_ids = set(
        session.exec(
            select(Event.assignment_id).where(Event.kind == EventKind.RETURNED)
        ).all()
    )
    query = (
        select(Assignment)
        .join(Directive, col(Directive.id) == col(Assignment.directive_id))
        .join(Notice, col(Notice.id) == col(Directive.notice_id))
        .where(col(Notice.issued_on) <= as_of)
    )
    if wanted is not None:
        query = query.where(Assignment.issuer_id == wanted)
    by_issuer: dict[int, list[StatusInput]] = {}
    for a in session.exec(query).all():
        if (
            a.recurrence in DATED_RECURRENCES
            and a.due_on is None
            and a.parent_id is None
        ):
            continue  # a recurring duty is reported through its dated occurrences
        owner = book.get(a.owner_id)
        by_issuer.setdefault(a.issuer_id or 0, []).append(
            StatusInput(
                due_on=a.due_on,
                original_due_on=a.original_due_on,
                status=a.status,
                accepted_on=a.accepted_on,
                reported_on=a.completed_on,
                recurrence=a.recurrence,
                extended=a.due_on != a.original_due_on,
                returned=a.id in returned_ids,
                owner_resolved=a.owner_id is not None,
                owner=owner.code if owner else None,
            )
        )
    out = []
    for issuer_id, rows in sorted(by_issuer.items()):
        card = book.get(issuer_id)
        out.append(
            IssuerReport(
                issuer=card.code if card else "",
                issuer_name=card.name if card else "",
                summary=summarise(rows, as_of),
            )
        )
    return out


def send_compliance_reports(
    ctx: AppContext, *, period: str, now: datetime, issuer: str | None = None
) -> int:
    """Write one report mail per issuer for the period that ``now`` falls in.

    The report is rendered now (it is a snapshot) and keyed by issuer and period, so a
    second run in the same period writes nothing.

    Returns:
        How many report mails were written.
    """
    if period not in PERIODS:
        raise NotFoundError(f"unknown period {period!r} (one of {', '.join(PERIODS)})")
    as_of = now.astimezone(ctx.policies.default.zone).date()
    key = PERIODS[period](as_of)
    first_day, last_day = report_span(period, as_of)
    with session_scope(ctx.engine) as session:
        book = OrgBook.load(session)
        entries = []
        for report in _compliance(session, as_of=as_of, issuer=issuer):
            card = book.by_code(report.issuer)
            if card is None:
                continue
            view = views.ComplianceReportView(
                recipient_name=card.name,
                locale=check_locale(ctx.locale),
                period_label=period_label(key, ctx.locale),
                period_start=first_day,
                period_end=last_day,
                counts=_counts(report.summary.overall.counts),
                rows=tuple(
                    views.ComplianceRow(
                        owner_name=_owner_name(book, code),
                        counts=_counts(tally.counts),
                    )
                    for code, tally in sorted(
                        report.summary.by_owner.items(), key=lambda kv: kv[0] or ""
                    )
                ),
            )
            message = render("compliance_report", view)
            entries.append(
                LedgerEntry(
                    dedupe_key=f"report:{period}:{report.issuer}:{key}",
                    rule="compliance_report",
                    not_before=next_send_time(
                        now, ctx.policies.for_issuer(report.issuer), ctx.calendar
                    ),
                    to=book.addresses(card.id),
                    recipient_org_id=card.id,
                    occurrence=key,
                    payload={"period": period, "as_of": as_of.isoformat()},
                    message=message,
                )
            )
        return len(record(session, entries, mail_domain=ctx.mail_domain, now=now))


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


def _owner_name(book: OrgBook, code: str | None) -> str:
    card = book.by_code(code) if code else None
    return card.name if card else "—"
