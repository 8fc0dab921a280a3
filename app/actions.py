"""Use cases that change one assignment: completion, acceptance, extension and the rest.

Every change is an event with its actor, written with any mail it causes (a ledger row)
in the same transaction, and the assignment is rescheduled for the sweep.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, func, select

from app.context import AppContext
from app.followup import assigned_entry, schedule_assignment, step_key
from app.ledger import LedgerEntry, record
from app.orgbook import OrgBook
from domain.assignment import AssignmentStatus
from domain.errors import InputError, InvalidTransition, NotFoundError
from domain.escalation import business_date, next_send_time
from models.db import session_scope
from models.tables import Assignment, Event

_ACTIVE = (AssignmentStatus.OPEN, AssignmentStatus.RETURNED)


@dataclass(frozen=True)
class ActionResult:
    """What an action did, for the CLI to print."""

    assignment_id: int
    status: str
    message: str
    mails: int = 0


class _Change:
    """One transaction around one assignment."""

    def __init__(
        self, session: Session, ctx: AppContext, assignment_id: int, now: datetime
    ):
        assignment = session.get(Assignment, assignment_id)
        if assignment is None:
            raise NotFoundError(f"assignment {assignment_id} does not exist")
        self.session, self.ctx, self.now = session, ctx, now
        self.assignment = assignment
        self.book = OrgBook.load(session)
        issuer = self.book.get(assignment.issuer_id)
        self.issuer_code = issuer.code if issuer else ""
        self.issuer_id = issuer.id if issuer else None
        self.today = business_date(now, ctx.policies)

    def require(self, *statuses: str, action: str) -> None:
        if self.assignment.status not in statuses:
            allowed = ", ".join(statuses)
            raise InvalidTransition(
                f"assignment {self.assignment.id} is {self.assignment.status}; "
                f"{action} needs it to be {allowed}"
            )

    def event(self, kind: str, actor: str, payload: dict[str, Any]) -> None:
        a = self.assignment
        a.version += 1
        a.updated_at = self.now
        self.session.add(
            Event(
                assignment_id=a.id or 0,
                kind=kind,
                actor=actor,
                at=self.now,
                payload=payload,
            )
        )

    def mail(self, rule: str, *, to_org: int | None, payload: dict[str, Any]) -> int:
        a = self.assignment
        count = self.session.exec(
            select(func.count()).select_from(Event).where(Event.assignment_id == a.id)
        ).one()
        entry = LedgerEntry(
            # the event count makes each report / acceptance of the same item its own mail
            dedupe_key=step_key(a.id or 0, rule, f"{a.occurrence}#{count}"),
            rule=rule,
            not_before=next_send_time(
                self.now,
                self.ctx.policies.for_issuer(self.issuer_code),
                self.ctx.calendar,
            ),
            to=self.book.addresses(to_org),
            assignment_id=a.id,
            occurrence=a.occurrence,
            recipient_org_id=to_org,
            payload=payload,
        )
        return len(
            record(
                self.session, [entry], mail_domain=self.ctx.mail_domain, now=self.now
            )
        )

    def reschedule(self) -> None:
        schedule_assignment(
            self.assignment, issuer=self.issuer_code, ctx=self.ctx, now=self.now
        )

    def result(self, message: str, mails: int = 0) -> ActionResult:
        return ActionResult(
            assignment_id=self.assignment.id or 0,
            status=str(self.assignment.status),
            message=message,
            mails=mails,
        )


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
    if not note.strip():
        raise InputError("a completion report needs a note (--note)")
    with session_scope(ctx.engine) as session:
        change = _Change(session, ctx, assignment_id, now)
        change.require(*_ACTIVE, action="reporting it done")
        a = change.assignment
        a.status = AssignmentStatus.REPORTED
        a.completed_on = change.today
        a.next_check_on = None
        payload = {
            "note": note,
            "evidence": evidence,
            "document": document,
            "reported_on": change.today.isoformat(),
        }
        change.event("completion_reported", actor, payload)
        mails = change.mail(
            "completion_reported", to_org=change.issuer_id, payload=payload
        )
        return change.result("reported done; the issuer's office is told", mails)


def accept(
    ctx: AppContext,
    assignment_id: int,
    *,
    now: datetime,
    actor: str,
    note: str | None = None,
) -> ActionResult:
    """The office accepts a completion report: done as of the date it was reported."""
    with session_scope(ctx.engine) as session:
        change = _Change(session, ctx, assignment_id, now)
        change.require(AssignmentStatus.REPORTED, action="accepting it")
        a = change.assignment
        a.status = AssignmentStatus.DONE
        a.accepted_on = change.today
        a.next_check_on = None
        # done as of the owner's report (the one accepted), not of this acceptance
        reported_on = a.completed_on or change.today
        payload = {
            "note": note,
            "accepted_on": change.today.isoformat(),
            "reported_on": reported_on.isoformat(),
        }
        change.event("accepted", actor, payload)
        mails = change.mail("accepted", to_org=a.owner_id, payload=payload)
        return change.result(f"accepted on {change.today}", mails)


def return_report(
    ctx: AppContext, assignment_id: int, *, reason: str, now: datetime, actor: str
) -> ActionResult:
    """The office returns a completion report: not done, and its clock runs on."""
    if not reason.strip():
        raise InputError("returning a report needs a reason (--reason)")
    with session_scope(ctx.engine) as session:
        change = _Change(session, ctx, assignment_id, now)
        change.require(AssignmentStatus.REPORTED, action="returning it")
        a = change.assignment
        a.status = AssignmentStatus.RETURNED
        a.completed_on = None
        payload = {"reason": reason, "returned_on": change.today.isoformat()}
        change.event("returned", actor, payload)
        mails = change.mail("returned", to_org=a.owner_id, payload=payload)
        change.reschedule()
        return change.result("returned to the owner", mails)


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
    if not reason.strip():
        raise InputError("an extension needs a reason (--reason)")
    with session_scope(ctx.engine) as session:
        change = _Change(session, ctx, assignment_id, now)
        change.require(*_ACTIVE, AssignmentStatus.REPORTED, action="extending it")
        a = change.assignment
        if approved_by is not None and change.book.by_code(approved_by) is None:
            raise NotFoundError(
                f"--approved-by: no organisation with code {approved_by!r}"
            )
        if a.due_on is not None and to <= a.due_on:
            raise InputError(
                f"--to {to} is not after the due date in force ({a.due_on})"
            )
        original = a.original_due_on or a.due_on
        payload = {
            "from": a.due_on.isoformat() if a.due_on else None,
            "to": to.isoformat(),
            "original": original.isoformat() if original else None,
            "reason": reason,
            "approved_by": approved_by,
            "document": document,
        }
        a.due_on = to
        if a.original_due_on is None:
            a.original_due_on = original or to
        a.occurrence = to.isoformat()
        a.last_step = None  # a new due date restarts the ladder
        change.event("extended", actor, payload)
        mails = change.mail("extended", to_org=a.owner_id, payload=payload)
        change.reschedule()
        return change.result(f"due {to} (originally {a.original_due_on})", mails)


def add_progress(
    ctx: AppContext, assignment_id: int, *, note: str, now: datetime, actor: str
) -> ActionResult:
    """Record a progress note."""
    if not note.strip():
        raise InputError("a progress note needs text (--note)")
    with session_scope(ctx.engine) as session:
        change = _Change(session, ctx, assignment_id, now)
        change.require(*_ACTIVE, AssignmentStatus.REPORTED, action="a progress note")
        change.event("progress", actor, {"note": note})
        return change.result("progress noted")


def assign_owner(
    ctx: AppContext, assignment_id: int, org_code: str, *, now: datetime, actor: str
) -> ActionResult:
    """Give an owner to an assignment (settles `needs_owner`) or hand it to another one."""
    with session_scope(ctx.engine) as session:
        change = _Change(session, ctx, assignment_id, now)
        change.require(
            AssignmentStatus.NEEDS_OWNER,
            *_ACTIVE,
            AssignmentStatus.REPORTED,
            action="assigning it",
        )
        owner = change.book.by_code(org_code)
        if owner is None:
            raise NotFoundError(
                f"no organisation with code {org_code!r} (see directives orgs list)"
            )
        a = change.assignment
        previous = change.book.get(a.owner_id)
        if previous is not None and previous.id == owner.id:
            raise InputError(f"assignment {a.id} is already owned by {org_code}")
        kind = "assigned" if a.status == AssignmentStatus.NEEDS_OWNER else "reassigned"
        a.owner_id = owner.id
        if a.status == AssignmentStatus.NEEDS_OWNER:
            a.status = AssignmentStatus.OPEN
        change.event(
            kind, actor, {"from": previous.code if previous else None, "to": org_code}
        )
        entry = assigned_entry(
            a, issuer=change.issuer_code, addresses=owner.emails, ctx=ctx, now=now
        )
        keyed = LedgerEntry(
            **{**entry.__dict__, "dedupe_key": f"{entry.dedupe_key}:{org_code}"}
        )
        mails = len(record(session, [keyed], mail_domain=ctx.mail_domain, now=now))
        change.reschedule()
        return change.result(f"owned by {org_code}", mails)


def cancel(
    ctx: AppContext, assignment_id: int, *, reason: str, now: datetime, actor: str
) -> ActionResult:
    """Cancel an assignment; it leaves every count but keeps its history."""
    if not reason.strip():
        raise InputError("a cancellation needs a reason (--reason)")
    with session_scope(ctx.engine) as session:
        change = _Change(session, ctx, assignment_id, now)
        change.require(
            AssignmentStatus.NEEDS_OWNER,
            *_ACTIVE,
            AssignmentStatus.REPORTED,
            action="cancelling it",
        )
        change.assignment.status = AssignmentStatus.CANCELLED
        change.assignment.next_check_on = None
        change.event("cancelled", actor, {"reason": reason})
        return change.result("cancelled")
