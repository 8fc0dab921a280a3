"""Use case: the periodic compliance report as mail to each issuer's office.

The report itself is :mod:`app.reports`; this module renders it as the
``compliance_report`` mail with the per-unit table and chart, attaches the XLSX and
DOCX files, and writes one ledger row per issuer and recipient, keyed by period.
"""

import base64
from collections.abc import Mapping
from datetime import date, datetime

from app.context import AppContext
from app.ledger import LedgerEntry, record
from app.orgbook import OrgBook
from app.reports import PERIODS, ComplianceReport, build_in_session
from domain import periods
from domain.escalation import next_send_time
from domain.periods import Period, PeriodError
from domain.status import ReportStatus
from models.db import session_scope
from notifications import views
from notifications.render import render


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
        for report in build_in_session(
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
