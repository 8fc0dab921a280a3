"""Composing mail from ledger rows: the view models are built here from the records.

A ledger row says which step for which assignment (or which digest); the message is
rendered when the row is sent, so it shows the records as they are then. A step that is
no longer needed by then (the work was done or cancelled, the body ceased) composes to a
:class:`~app.ledger.Skip` saying why, and the row is recorded as skipped with that
reason instead of sent.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from app.context import AppContext
from app.ledger import DIGEST_ITEM, LedgerEntry, Skip, group_key, ledger_rows
from app.orgbook import OrgBook
from domain import reasons
from domain.assignment import (
    ACTIVE_STATUSES,
    RECURRENCES,
    AssignmentStatus,
    Recurrence,
    Role,
    StepName,
)
from domain.escalation import business_date, next_send_time, working_days_overdue
from domain.occurrences import week_key
from domain.periods import PeriodError, parse_period
from models.queries import AssignmentContext, assignment_contexts, overdue_of_issuer
from models.tables import (
    Assignment,
    Delivery,
    DeliveryStatus,
    Organization,
)
from notifications import views
from notifications.render import RenderedMessage, render

#: Messages that only make sense while the work is still open.
_FOLLOW_UP = views.LADDER_MESSAGES | {StepName.PROGRESS_REQUEST, "milestone"}
#: Messages that speak of the due date.
_DATED = frozenset({"reminder", "due", "overdue", "escalated", "milestone"})


class Composer:
    """Renders ledger rows into mail for one delivery pass."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        # what :meth:`load` read, and the session (transaction) it was read in
        self._loaded: tuple[Session, dict[int, AssignmentContext]] | None = None

    def load(self, session: Session, rows: Sequence[Delivery]) -> None:
        """Read the contexts and recipients of a batch of rows in a few queries.

        Composing a row of the batch in the same session then reads nothing more
        (the recipients are in the session's identity map); any other session reads
        as usual.
        """
        ids = [r.assignment_id for r in rows if r.assignment_id is not None]
        self._loaded = (
            session,
            assignment_contexts(session=session, assignment_ids=ids),
        )
        recipients = {r.recipient_org_id for r in rows} - {None}
        if recipients:
            session.exec(
                select(Organization).where(col(Organization.id).in_(recipients))
            ).all()

    def __call__(self, session: Session, row: Delivery) -> RenderedMessage | Skip:
        if row.rule == "digest":
            return self._digest(session, row)
        if row.assignment_id is None:
            return Skip(reasons.no_assignment(row.rule))
        context = self._context(session, row.assignment_id)
        if context is None:
            return Skip(reasons.assignment_gone(row.assignment_id))
        assignment = context.assignment
        # the step's message, as its policy step named it when it was decided
        message = str(row.payload.get("message") or row.rule)
        if message in _FOLLOW_UP and assignment.status not in ACTIVE_STATUSES:
            return Skip(reasons.work_closed(assignment.status))
        if message == "assigned" and assignment.status == AssignmentStatus.CANCELLED:
            return Skip(reasons.work_closed(AssignmentStatus.CANCELLED))
        ended_on = _ended_on(session, row, self.ctx)
        if ended_on is not None:
            # the body has ceased: no mail (its work is in review)
            return Skip(reasons.validity_ended(ended_on))
        base = self._base(session, context, row.recipient_org_id)
        # an extended item is judged by the date in force; the first one is shown
        original = (
            assignment.original_due_on
            if assignment.original_due_on not in (None, assignment.due_on)
            else None
        )
        payload = row.payload
        view: views.MessageView
        due = assignment.due_on
        match message:
            case "assigned":
                view = views.AssignedView(
                    **base,
                    role=_role(assignment.role),
                    due_on=due,
                    due_text=assignment.due_text,
                    recurrence=_recurrence(assignment.recurrence),
                    milestones=_milestones(context),
                    days_overdue=int(payload.get("working_days", 0)),
                )
            case "reminder" if due is not None:
                left = self.ctx.calendar.working_days_between(_on(payload), due)
                view = views.ReminderView(
                    **base,
                    original_due_on=original,
                    due_on=due,
                    working_days_left=max(left, 0),
                )
            case "due" if due is not None:
                view = views.DueView(
                    **base, original_due_on=original, due_on=due, today=_on(payload)
                )
            case "overdue" if due is not None:
                view = views.OverdueView(
                    **base,
                    original_due_on=original,
                    due_on=due,
                    days_overdue=int(payload.get("working_days", 1)),
                )
            case "escalated" if due is not None:
                issuer = context.issuer
                view = views.EscalatedView(
                    **base,
                    original_due_on=original,
                    due_on=due,
                    days_overdue=int(payload.get("working_days", 5)),
                    escalated_to=issuer.name if issuer else "",
                    escalated_on=_on(payload),
                )
            case "milestone" if due is not None:
                milestone_on = date.fromisoformat(payload["milestone"])
                stage = str(payload.get("stage", "due"))
                view = views.MilestoneView(
                    **base,
                    stage=stage,
                    milestone_on=milestone_on,
                    milestone_text=next(
                        (
                            m.text
                            for m in context.milestones
                            if m.due_on == milestone_on
                        ),
                        "",
                    ),
                    due_on=due,
                    working_days=int(
                        payload.get("working_days_left", 0)
                        if stage == "reminder"
                        else payload.get("working_days", 0)
                    ),
                    today=_on(payload),
                )
            case "progress_request":
                view = views.ProgressRequestView(
                    **base,
                    period_label=period_label(row.occurrence, self.ctx.locale),
                    report_by=None,
                    recurrence=_recurrence(assignment.recurrence),
                )
            case "completion_reported":
                view = views.CompletionReportedView(
                    **base,
                    reported_on=date.fromisoformat(payload["reported_on"]),
                    note=str(payload.get("note", "")),
                    evidence_url=payload.get("evidence"),
                    document_number=payload.get("document"),
                    due_on=due,
                )
            case "accepted":
                view = views.AcceptedView(
                    **base,
                    accepted_on=date.fromisoformat(payload["accepted_on"]),
                    reported_on=date.fromisoformat(
                        payload.get("reported_on")
                        or (
                            assignment.completed_on.isoformat()
                            if assignment.completed_on
                            else payload["accepted_on"]
                        )
                    ),
                    note=payload.get("note"),
                )
            case "returned":
                view = views.ReturnedView(
                    **base,
                    returned_on=date.fromisoformat(payload["returned_on"]),
                    reason=str(payload.get("reason", "")),
                    due_on=due,
                    recurrence=_recurrence(assignment.recurrence),
                )
            case "extended":
                view = views.ExtendedView(
                    **base,
                    new_due_on=date.fromisoformat(payload["to"]),
                    original_due_on=date.fromisoformat(
                        payload.get("original") or payload["to"]
                    ),
                    reason=str(payload.get("reason", "")),
                )
            case _ if message in _DATED and due is None:
                return Skip(reasons.no_due_date())
            case _:
                return Skip(reasons.no_message(message))
        return render(message, view)

    # --- pieces ----------------------------------------------------------------------

    def _context(
        self, session: Session, assignment_id: int
    ) -> AssignmentContext | None:
        if self._loaded is not None and self._loaded[0] is session:
            loaded = self._loaded[1]
            if assignment_id in loaded:
                return loaded[assignment_id]
        return assignment_contexts(session=session, assignment_ids=[assignment_id]).get(
            assignment_id
        )

    def _base(
        self, session: Session, context: AssignmentContext, recipient_id: int | None
    ) -> dict[str, Any]:
        assignment, notice, issuer = context.assignment, context.notice, context.issuer
        owner = context.owner
        recipient = (
            session.get(Organization, recipient_id)
            if recipient_id and recipient_id != assignment.owner_id
            else owner
        )
        owner_name = owner.name if owner else assignment.owner_text
        return {
            "recipient_name": recipient.name if recipient else owner_name,
            "locale": self.ctx.locale,
            "notice": views.NoticeRef(
                number=notice.number,
                kind=notice.kind,
                issued_on=notice.issued_on,
                issuer=issuer.name if issuer else (notice.issuer_text or ""),
            ),
            "directive": views.DirectiveRef(
                ref=context.directive.ref, text=context.directive.text
            ),
            "owner_name": owner_name,
            "link": views.assignment_url(self.ctx.base_url, assignment.id or 0),
        }

    def _digest(self, session: Session, row: Delivery) -> RenderedMessage | Skip:
        payload = row.payload
        as_of = date.fromisoformat(payload["as_of"])
        # items brought for direction: an escalation digest's own, or the ones
        # folded into the weekly summary sent the same day to the same mailbox
        ids = [int(i) for i in payload.get("assignments", [])]
        attention = list(
            session.exec(
                select(Assignment)
                .where(col(Assignment.id).in_(ids))
                .where(col(Assignment.status).in_(sorted(ACTIVE_STATUSES)))
                .order_by(col(Assignment.due_on), col(Assignment.id))
            ).all()
        )
        weekly = payload.get("kind") == "weekly"
        if weekly:
            overdue = overdue_of_issuer(
                session=session, issuer_id=int(payload["issuer_id"]), today=as_of
            )
        else:
            # the office also hears of overdue work of its issuers that has no owner
            book = OrgBook.load(session)
            overdue = [
                a
                for issuer in book.issuers_mailed_at(row.recipient_org_id)
                for a in overdue_of_issuer(
                    session=session, issuer_id=issuer, today=as_of
                )
                if a.status == AssignmentStatus.NEEDS_OWNER
            ]
        chosen = {a.id for a in attention}
        assignments = [*attention, *(a for a in overdue if a.id not in chosen)]
        contexts = assignment_contexts(
            session=session, assignment_ids=[a.id for a in assignments if a.id]
        )
        # the counts the grouped steps' own mails state (one computation, one day)
        stated = {int(k): int(v) for k, v in payload.get("days", {}).items()}
        items = tuple(
            self._digest_item(
                contexts[a.id],
                as_of,
                stated.get(a.id),
                # in a weekly summary: the items folded in from an escalation digest
                needs_direction=weekly and a.id in chosen,
            )
            for a in assignments
            if a.due_on and a.id in contexts
        )
        if not items:
            return Skip(reasons.digest_empty())
        recipient = (
            session.get(Organization, row.recipient_org_id)
            if row.recipient_org_id
            else None
        )
        view = views.DigestView(
            recipient_name=recipient.name if recipient else "",
            locale=self.ctx.locale,
            kind="weekly" if payload.get("kind") == "weekly" else "escalation",
            as_of=as_of,
            items=items,
        )
        return render("digest", view)

    def _digest_item(
        self,
        context: AssignmentContext,
        as_of: date,
        days_overdue: int | None = None,
        *,
        needs_direction: bool = False,
    ) -> views.DigestItem:
        assignment, owner = context.assignment, context.owner
        due = assignment.due_on or as_of
        return views.DigestItem(
            notice_number=context.notice.number,
            directive_ref=context.directive.ref,
            directive_text=context.directive.text,
            owner_name=owner.name if owner else assignment.owner_text,
            due_on=due,
            days_overdue=(
                days_overdue
                if days_overdue is not None
                else working_days_overdue(due, as_of, self.ctx.calendar)
            ),
            escalated=assignment.last_step == StepName.ESCALATED,
            link=views.assignment_url(self.ctx.base_url, assignment.id or 0),
            needs_owner=owner is None
            or assignment.status == AssignmentStatus.NEEDS_OWNER,
            needs_direction=needs_direction,
        )


class DigestGrouper:
    """Turns pending digest items into one digest row per recipient (one transaction)."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    def __call__(self, session: Session, now: datetime) -> int:
        items = session.exec(
            select(Delivery)
            .where(Delivery.rule == DIGEST_ITEM)
            .where(Delivery.status == DeliveryStatus.PENDING)
            .where(col(Delivery.not_before) <= now)
            .order_by(col(Delivery.id))
        ).all()
        by_recipient: dict[int | None, list[Delivery]] = {}
        for item in items:
            by_recipient.setdefault(item.recipient_org_id, []).append(item)
        book = OrgBook.load(session)
        made = 0
        for recipient_id, rows in by_recipient.items():
            card = book.get(recipient_id)
            ids = [r.id for r in rows if r.id is not None]
            today = now.astimezone(self.ctx.policies.default.zone).date()
            # the digest speaks as of the day its items' own mails do, with their counts
            as_of = max(
                (
                    date.fromisoformat(r.payload["on"])
                    for r in rows
                    if "on" in r.payload
                ),
                default=today,
            )
            days: dict[str, int] = {}
            for r in rows:
                if r.assignment_id and "working_days" in r.payload:
                    key = str(r.assignment_id)
                    days[key] = max(days.get(key, 0), int(r.payload["working_days"]))
            addresses = book.addresses(recipient_id)
            if _weekly_sent(session, addresses, as_of):
                # the mailbox had its weekly summary today: one digest mail a day, so
                # these wait for the next working morning (deferred, not dropped)
                morning = datetime.combine(
                    as_of + timedelta(days=1), time(0), self.ctx.policies.default.zone
                )
                later = next_send_time(morning, self.ctx.policies, self.ctx.calendar)
                day = business_date(later, self.ctx.policies)
                for row in rows:
                    row.not_before = later
                    row.payload = _as_of(row.payload, day, self.ctx)
                continue
            weekly = _pending_weekly(session, addresses, as_of)
            if weekly is not None:
                # the weekly summary to the same mailbox the same day: one mail
                folded = set(weekly.payload.get("assignments", []))
                folded |= {r.assignment_id for r in rows if r.assignment_id}
                weekly.payload = {
                    **weekly.payload,
                    "assignments": sorted(folded),
                    "days": {**weekly.payload.get("days", {}), **days},
                }
                for row in rows:
                    row.status = DeliveryStatus.GROUPED
                    row.digest_id = weekly.id
                continue
            entry = LedgerEntry(
                dedupe_key=group_key(
                    f"digest:escalation:{card.code if card else 'none'}", ids
                ),
                rule="digest",
                not_before=now,
                to=book.addresses(recipient_id),
                recipient_org_id=recipient_id,
                reason=reasons.for_superior(len(rows)),
                payload={
                    "kind": "escalation",
                    "as_of": as_of.isoformat(),
                    "days": days,
                    "assignments": sorted(
                        {r.assignment_id for r in rows if r.assignment_id}
                    ),
                },
            )
            digest = Delivery.model_validate(
                ledger_rows([entry], mail_domain=self.ctx.mail_domain, now=now)[0]
            )
            session.add(digest)
            session.flush()
            for row in rows:
                row.status = DeliveryStatus.GROUPED
                row.digest_id = digest.id
            made += 1
        return made


def _ended_on(session: Session, row: Delivery, ctx: AppContext) -> date | None:
    """The last day of the recipient body when it had ceased by the day the row may go
    out; None while it exists."""
    org_id = row.recipient_org_id
    org = session.get(Organization, org_id) if org_id is not None else None
    if org is None or org.valid_to is None:
        return None
    if business_date(row.not_before, ctx.policies) > org.valid_to:
        return org.valid_to
    return None


def _pending_weekly(
    session: Session, addresses: tuple[str, ...], as_of: date
) -> Delivery | None:
    """The weekly summary of ``as_of`` still to go to these addresses, if any."""
    return _weekly(session, addresses, as_of, sent=False)


def _weekly_sent(session: Session, addresses: tuple[str, ...], as_of: date) -> bool:
    """Whether the weekly summary of ``as_of`` already went to these addresses."""
    return _weekly(session, addresses, as_of, sent=True) is not None


def _weekly(
    session: Session, addresses: tuple[str, ...], as_of: date, *, sent: bool
) -> Delivery | None:
    query = (
        select(Delivery)
        .where(Delivery.rule == StepName.DIGEST)
        # made in the week of the day it goes out, or the week before (a summary
        # made on a Sunday goes out on Monday)
        .where(
            col(Delivery.occurrence).in_(
                [week_key(as_of), week_key(as_of - timedelta(days=7))]
            )
        )
        .order_by(col(Delivery.id))
    )
    if sent:
        query = query.where(Delivery.status == DeliveryStatus.SENT)
    else:
        query = query.where(Delivery.status == DeliveryStatus.PENDING).where(
            Delivery.subject == ""
        )
    for row in session.exec(query).all():
        if (
            row.payload.get("kind") == "weekly"
            and row.payload.get("as_of") == as_of.isoformat()
            and sorted(row.to_addrs) == sorted(addresses)
        ):
            return row
    return None


def _as_of(payload: dict[str, Any], day: date, ctx: AppContext) -> dict[str, Any]:
    """A step's payload restated as of ``day`` (its mail was deferred to that day)."""
    restated = {**payload, "on": day.isoformat()}
    if "due_on" in payload:
        due = date.fromisoformat(payload["due_on"])
        restated["working_days"] = working_days_overdue(due, day, ctx.calendar)
    return restated


def _milestones(context: AssignmentContext) -> tuple[views.Milestone, ...]:
    return tuple(
        views.Milestone(due_on=m.due_on, text=m.text) for m in context.milestones
    )


def _on(payload: dict[str, Any]) -> date:
    """The day a step's mail speaks as of: the day it was released."""
    return date.fromisoformat(payload.get("on") or payload["fire_on"])


def _role(role: str) -> Role:
    return Role.SUPPORT if role == Role.SUPPORT else Role.LEAD


def _recurrence(value: str | None) -> Recurrence | None:
    return Recurrence(value) if value in RECURRENCES else None


def period_label(key: str, locale: str = "vi") -> str:
    """A period key ("2024-Q1", "2024-03", "2024-W10", "2024") as reports name it;
    anything else is shown as it is."""
    try:
        return parse_period(key).label(locale)
    except PeriodError:
        return key
