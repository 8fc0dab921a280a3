"""Use cases that change one assignment: completion, acceptance, extension and the rest.

Each is load, apply, save: the assignment and what it needs are loaded, the pure change
of :mod:`domain.assignment` decides the new state, its events and its mail, and the
result is saved in one transaction: the state, the events with their actor, the mail as
ledger rows, and the follow-up rescheduled for the sweep.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlmodel import Session, func, select

from app.context import AppContext
from app.followup import assigned_entry, schedule_assignment, step_key, store_state
from app.ledger import LedgerEntry, record
from app.orgbook import OrgBook
from domain import assignment as rules
from domain.assignment import AssignmentState, Change, StepName
from domain.errors import NotFoundError
from domain.escalation import business_date, next_send_time
from models.db import session_scope
from models.tables import Assignment, Event


@dataclass(frozen=True)
class ActionResult:
    """What an action did, for the CLI to print."""

    assignment_id: int
    status: str
    message: str
    mails: int = 0


@dataclass
class _Loaded:
    """One assignment and what its changes need, loaded in one transaction."""

    session: Session
    ctx: AppContext
    now: datetime
    row: Assignment
    book: OrgBook
    issuer_code: str
    issuer_id: int | None
    today: date

    @property
    def state(self) -> AssignmentState:
        a = self.row
        owner = self.book.get(a.owner_id)
        return AssignmentState(
            id=a.id or 0,
            status=a.status,
            owner=owner.code if owner else None,
            due_on=a.due_on,
            original_due_on=a.original_due_on,
            occurrence=a.occurrence,
            last_step=a.last_step,
            completed_on=a.completed_on,
            accepted_on=a.accepted_on,
        )


def _load(
    session: Session, ctx: AppContext, assignment_id: int, now: datetime
) -> _Loaded:
    row = session.get(Assignment, assignment_id)
    if row is None:
        raise NotFoundError(
            f"assignment {assignment_id} does not exist",
            vi=f"nhiệm vụ {assignment_id} không tồn tại",
        )
    book = OrgBook.load(session)
    issuer = book.get(row.issuer_id)
    return _Loaded(
        session=session,
        ctx=ctx,
        now=now,
        row=row,
        book=book,
        issuer_code=issuer.code if issuer else "",
        issuer_id=issuer.id if issuer else None,
        today=business_date(now, ctx.policies),
    )


def _save(loaded: _Loaded, change: Change, actor: str) -> ActionResult:
    """Write the change: state, events, ledger rows, schedule."""
    a, now = loaded.row, loaded.now
    store_state(a, change.state, loaded.book)
    for event in change.events:
        a.version += 1
        a.updated_at = now
        loaded.session.add(
            Event(
                assignment_id=a.id or 0,
                kind=event.kind,
                actor=actor,
                at=now,
                payload=event.payload,
            )
        )
    entries = [_entry(loaded, mail) for mail in change.mails]
    mails = len(
        record(loaded.session, entries, mail_domain=loaded.ctx.mail_domain, now=now)
    )
    if change.reschedule:
        schedule_assignment(a, issuer=loaded.issuer_code, ctx=loaded.ctx, now=now)
    return ActionResult(
        assignment_id=a.id or 0,
        status=str(a.status),
        message=change.message,
        mails=mails,
    )


def _entry(loaded: _Loaded, mail: rules.MailIntent) -> LedgerEntry:
    a, ctx, now = loaded.row, loaded.ctx, loaded.now
    if mail.rule == StepName.ASSIGNED:
        owner = loaded.book.get(a.owner_id)
        entry = assigned_entry(
            a,
            issuer=loaded.issuer_code,
            addresses=owner.emails if owner else (),
            ctx=ctx,
            now=now,
        )
        # each owner the work is handed to is told once
        return replace(
            entry, dedupe_key=f"{entry.dedupe_key}:{owner.code if owner else ''}"
        )
    to_org = loaded.issuer_id if mail.to == "issuer" else a.owner_id
    count = loaded.session.exec(
        select(func.count()).select_from(Event).where(Event.assignment_id == a.id)
    ).one()
    return LedgerEntry(
        # the event count makes each report / acceptance of the same item its own mail
        dedupe_key=step_key(a.id or 0, mail.rule, f"{a.occurrence}#{count}"),
        rule=mail.rule,
        not_before=next_send_time(
            now, ctx.policies.for_issuer(loaded.issuer_code), ctx.calendar
        ),
        to=loaded.book.addresses(to_org),
        assignment_id=a.id,
        occurrence=a.occurrence,
        recipient_org_id=to_org,
        payload=mail.payload,
    )


def _run(
    ctx: AppContext,
    assignment_id: int,
    now: datetime,
    actor: str,
    apply: Callable[[_Loaded], Change],
) -> ActionResult:
    with session_scope(ctx.engine) as session:
        loaded = _load(session, ctx, assignment_id, now)
        return _save(loaded, apply(loaded), actor)


def report_done(
    ctx: AppContext,
    assignment_id: int,
    *,
    note: str,
    now: datetime,
    actor: str,
    evidence: str | None = None,
    document: str | None = None,
) -> ActionResult:
    """The owner reports the work done; the issuer's office is told ("báo cáo kết quả")."""
    rules.require_text(note, rules.NEEDS_NOTE)  # refused before anything is read
    return _run(
        ctx,
        assignment_id,
        now,
        actor,
        lambda x: rules.report_done(
            x.state, note=note, today=x.today, evidence=evidence, document=document
        ),
    )


def accept(
    ctx: AppContext,
    assignment_id: int,
    *,
    now: datetime,
    actor: str,
    note: str | None = None,
) -> ActionResult:
    """The office accepts a completion report: done as of the date it was reported."""
    return _run(
        ctx,
        assignment_id,
        now,
        actor,
        lambda x: rules.accept(x.state, today=x.today, note=note),
    )


def return_report(
    ctx: AppContext, assignment_id: int, *, reason: str, now: datetime, actor: str
) -> ActionResult:
    """The office returns a completion report: not done, and its clock runs on."""
    rules.require_text(reason, rules.NEEDS_RETURN_REASON)
    return _run(
        ctx,
        assignment_id,
        now,
        actor,
        lambda x: rules.return_report(x.state, reason=reason, today=x.today),
    )


def extend(
    ctx: AppContext,
    assignment_id: int,
    *,
    to: date,
    reason: str,
    now: datetime,
    actor: str,
    approved_by: str | None = None,
    document: str | None = None,
) -> ActionResult:
    """Move the due date in force; the original is kept for the reports."""
    rules.require_text(reason, rules.NEEDS_EXTENSION_REASON)

    def apply(x: _Loaded) -> Change:
        if approved_by is not None and x.book.by_code(approved_by) is None:
            raise NotFoundError(
                f"--approved-by: no organisation with code {approved_by!r}",
                vi=f"--approved-by: không có đơn vị nào mang mã {approved_by!r}",
            )
        return rules.extend(
            x.state, to=to, reason=reason, approved_by=approved_by, document=document
        )

    return _run(ctx, assignment_id, now, actor, apply)


def add_progress(
    ctx: AppContext, assignment_id: int, *, note: str, now: datetime, actor: str
) -> ActionResult:
    """Record a progress note."""
    rules.require_text(note, rules.NEEDS_PROGRESS_NOTE)
    return _run(
        ctx, assignment_id, now, actor, lambda x: rules.add_progress(x.state, note=note)
    )


def assign_owner(
    ctx: AppContext, assignment_id: int, org_code: str, *, now: datetime, actor: str
) -> ActionResult:
    """Give an owner to an assignment (settles `needs_owner`) or hand it to another one."""

    def apply(x: _Loaded) -> Change:
        if x.book.by_code(org_code) is None:
            raise NotFoundError(
                f"no organisation with code {org_code!r} (see directives orgs list)",
                vi=f"không có đơn vị nào mang mã {org_code!r} "
                "(xem `directives orgs list`)",
            )

        return rules.reassign(x.state, owner=org_code)

    return _run(ctx, assignment_id, now, actor, apply)


def cancel(
    ctx: AppContext, assignment_id: int, *, reason: str, now: datetime, actor: str
) -> ActionResult:
    """Cancel an assignment; it leaves every count but keeps its history."""
    rules.require_text(reason, rules.NEEDS_CANCEL_REASON)
    return _run(
        ctx, assignment_id, now, actor, lambda x: rules.cancel(x.state, reason=reason)
    )
