"""Read-only use cases: lists and details for the CLI (and later the dashboard)."""

from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import col, select

from app.context import AppContext
from app.orgbook import OrgBook
from domain.errors import InputError, NotFoundError
from domain.reasons import Reason
from models.db import session_scope
from models.queries import assignment_context, learned_aliases
from models.tables import (
    Assignment,
    Delivery,
    Directive,
    Event,
    Notice,
    Organization,
    OrganizationMember,
)


@dataclass(frozen=True)
class AssignmentRow:
    """One line of the assignments list."""

    id: int
    notice: str
    ref: str
    owner: str | None
    owner_text: str
    role: str
    status: str
    due_on: date | None
    original_due_on: date | None
    recurrence: str | None
    occurrence: str
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {
            k: (v.isoformat() if isinstance(v, date) else v)
            for k, v in asdict(self).items()
        }


@dataclass(frozen=True)
class AssignmentDetail:
    """An assignment with its directive, milestones and full history."""

    row: AssignmentRow
    directive_text: str
    notice_issued_on: date
    issuer: str
    due_text: str | None
    completed_on: date | None
    accepted_on: date | None
    milestones: list[tuple[date, str]] = field(default_factory=list)
    events: list[tuple[datetime, str, str, dict[str, Any]]] = field(
        default_factory=list
    )
    #: every body's name by its code, for the facts of the history
    org_names: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.row.to_dict(),
            "directive_text": self.directive_text,
            "notice_issued_on": self.notice_issued_on.isoformat(),
            "issuer": self.issuer,
            "due_text": self.due_text,
            "completed_on": self.completed_on.isoformat()
            if self.completed_on
            else None,
            "accepted_on": self.accepted_on.isoformat() if self.accepted_on else None,
            "milestones": [
                {"due_on": d.isoformat(), "text": t} for d, t in self.milestones
            ],
            "events": [
                {"at": at.isoformat(), "kind": kind, "actor": actor, "payload": payload}
                for at, kind, actor, payload in self.events
            ],
        }


@dataclass(frozen=True)
class LedgerRow:
    """One row of the delivery ledger as users see it."""

    id: int
    key: str
    rule: str
    assignment_id: int | None
    status: str
    to: list[str]
    cc: list[str]
    not_before: datetime
    sent_at: datetime | None
    attempts: int
    reason: str
    reason_vi: str
    last_error: str | None
    subject: str

    def reason_in(self, lang: str) -> str:
        """The reason in ``lang`` ("vi" or "en"); English for a row stored without
        Vietnamese."""
        return Reason(self.reason, self.reason_vi).text(lang)

    def shown_status(self, now: datetime) -> str:
        """``deferred`` for a pending row whose time has not come."""
        if self.status == "pending" and self.not_before > now:
            return "deferred"
        return self.status

    def to_dict(self, now: datetime) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.shown_status(now)
        for key in ("not_before", "sent_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def _rows_query() -> Any:
    owner = aliased(Organization)
    return (
        select(Assignment, Directive.ref, Notice.number, owner.code)
        .join(Directive, col(Directive.id) == col(Assignment.directive_id))
        .join(Notice, col(Notice.id) == col(Directive.notice_id))
        .outerjoin(owner, col(owner.id) == col(Assignment.owner_id))
    ), owner


def _row(a: Assignment, ref: str, number: str, owner_code: str | None) -> AssignmentRow:
    return AssignmentRow(
        id=a.id or 0,
        notice=number,
        ref=ref,
        owner=owner_code,
        owner_text=a.owner_text,
        role=a.role,
        status=a.status,
        due_on=a.due_on,
        original_due_on=a.original_due_on,
        recurrence=a.recurrence,
        occurrence=a.occurrence,
        summary=a.summary,
    )


#: Stored states in which work is still owed: past its date, such work is overdue.
NOT_DONE = ("open", "returned", "needs_owner")


def list_assignments(
    ctx: AppContext,
    *,
    status: str | None = None,
    owner: str | None = None,
    owners: Collection[str] | None = None,
    notice: str | None = None,
    due_before: date | None = None,
    today: date | None = None,
) -> list[AssignmentRow]:
    """Assignments filtered by status, owner code(s), notice number and due date.

    Args:
        status: a stored state, or ``"overdue"``: work still owed whose date in force
            is before ``today``.
        owner: one owner code.
        owners: any of these owner codes (see :func:`owner_codes`).
        today: the business date that ``"overdue"`` is judged on (required with it).

    Raises:
        ValueError: ``"overdue"`` without ``today``.
    """
    query, owner_alias = _rows_query()
    if status == "overdue":
        if today is None:
            raise ValueError("status 'overdue' needs today's business date")
        query = query.where(
            col(Assignment.status).in_(NOT_DONE), col(Assignment.due_on) < today
        )
    elif status:
        query = query.where(Assignment.status == status)
    if owner:
        query = query.where(owner_alias.code == owner)
    if owners is not None:
        query = query.where(col(owner_alias.code).in_(sorted(owners)))
    if notice:
        query = query.where(col(Notice.number) == notice.upper())
    if due_before:
        query = query.where(col(Assignment.due_on) < due_before)
    query = query.order_by(
        col(Notice.issued_on), col(Directive.position), col(Assignment.id)
    )
    with session_scope(ctx.engine) as session:
        return [_row(*r) for r in session.exec(query).all()]


def _find_org(
    session: Any, text: str, what: str
) -> tuple[Organization, list[Organization]]:
    orgs = list(session.exec(select(Organization)).all())
    taught = learned_aliases(session=session)
    wanted = " ".join(text.split()).casefold()
    for org in orgs:
        names = [org.code, org.name, *org.aliases, *taught.get(org.id or 0, [])]
        if any(" ".join(n.split()).casefold() == wanted for n in names):
            return org, orgs
    raise InputError(
        f"{what}: {text!r} is no organisation of the registry",
        vi=f"{what}: {text!r} không phải là đơn vị nào trong danh mục",
    )


def owner_codes(
    ctx: AppContext, text: str, *, subtree: bool = False, what: str = "--owner"
) -> set[str]:
    """The owner codes a user means by ``text``: a code, a name or an alias.

    A group means its members too; with ``subtree`` the units under each of them (by
    their superior, transitively) are included.

    Raises:
        InputError: ``text`` names no organisation of the registry.
    """
    with session_scope(ctx.engine) as session:
        org, orgs = _find_org(session, text, what)
        by_id = {o.id: o for o in orgs}
        members = session.exec(
            select(OrganizationMember).where(OrganizationMember.group_id == org.id)
        ).all()
        chosen = {org.id, *(m.member_id for m in members)}
        if subtree:
            children: dict[int | None, list[int | None]] = {}
            for o in orgs:
                children.setdefault(o.parent_id, []).append(o.id)
            todo = list(chosen)
            while todo:
                for child in children.get(todo.pop(), []):
                    if child not in chosen:
                        chosen.add(child)
                        todo.append(child)
        return {by_id[i].code for i in chosen if i in by_id}


def issuer_code(ctx: AppContext, text: str, *, what: str = "--issuer") -> str:
    """The code of the issuing body a user means by ``text`` (code, name or alias).

    Raises:
        InputError: ``text`` names no organisation, or one that issued no notice.
    """
    with session_scope(ctx.engine) as session:
        org, _ = _find_org(session, text, what)
        issued = session.exec(
            select(Notice.id).where(Notice.issuer_id == org.id).limit(1)
        ).first()
        if issued is None:
            raise InputError(
                f"{what}: {org.code!r} issued no notice",
                vi=f"{what}: {org.code!r} chưa ban hành thông báo nào",
            )
        return org.code


def show_assignment(ctx: AppContext, assignment_id: int) -> AssignmentDetail:
    """One assignment with everything known about it.

    Raises:
        NotFoundError: no such assignment.
    """
    query, _ = _rows_query()
    with session_scope(ctx.engine) as session:
        found = session.exec(query.where(Assignment.id == assignment_id)).first()
        if found is None:
            raise NotFoundError(
                f"assignment {assignment_id} does not exist",
                vi=f"nhiệm vụ {assignment_id} không tồn tại",
            )

        context = assignment_context(session=session, assignment_id=assignment_id)
        a, directive, notice = context.assignment, context.directive, context.notice
        issuer, milestones = context.issuer, context.milestones
        events = session.exec(
            select(Event)
            .where(Event.assignment_id == a.id)
            .order_by(col(Event.at), col(Event.id))
        ).all()
        return AssignmentDetail(
            row=_row(*found),
            directive_text=directive.text,
            notice_issued_on=notice.issued_on,
            issuer=issuer.name if issuer else (notice.issuer_text or ""),
            due_text=a.due_text,
            completed_on=a.completed_on,
            accepted_on=a.accepted_on,
            milestones=[(m.due_on, m.text) for m in milestones],
            events=[(e.at, e.kind, e.actor, dict(e.payload)) for e in events],
            org_names={c.code: c.name for c in OrgBook.load(session).cards()},
        )


def ledger_row(d: Delivery) -> LedgerRow:
    """A stored ledger row as users see it."""
    return LedgerRow(
        id=d.id or 0,
        key=d.dedupe_key,
        rule=d.rule,
        assignment_id=d.assignment_id,
        status=d.status,
        to=list(d.to_addrs),
        cc=list(d.cc_addrs),
        not_before=d.not_before,
        sent_at=d.sent_at,
        attempts=d.attempts,
        reason=d.reason,
        reason_vi=d.reason_vi,
        last_error=d.last_error,
        subject=d.subject,
    )


def ledger(ctx: AppContext, *, assignment_id: int | None = None) -> list[LedgerRow]:
    """Every ledger row (of one assignment, when given), oldest first."""
    query = select(Delivery).order_by(col(Delivery.id))
    if assignment_id is not None:
        query = query.where(Delivery.assignment_id == assignment_id)
    with session_scope(ctx.engine) as session:
        return [ledger_row(d) for d in session.exec(query).all()]
