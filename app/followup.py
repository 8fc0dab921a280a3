"""Use cases of the follow-up ("đôn đốc"): the sweep, and the scheduling of one assignment.

The sweep reads only the assignments whose ``next_check_on`` has come (an indexed range),
asks the pure planner what each needs, and writes in one transaction per batch: the
ledger rows (one per step, unique key per assignment, step and occurrence), the events,
and each assignment's new ``last_step`` / ``next_check_on``. Sending is separate.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, cast, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from app.context import AppContext
from app.ledger import DIGEST_ITEM, LedgerEntry, ledger_rows, record
from app.orgbook import OrgBook
from domain import reasons
from domain.assignment import (
    ACTIVE_STATUSES,
    AssignmentState,
    AssignmentStatus,
    EventKind,
    StepName,
)
from domain.escalation import (
    FollowUpItem,
    Step,
    applied,
    assigned_step,
    business_date,
    digest_due,
    is_milestone_occurrence,
    next_send_time,
    plan,
    working_days_overdue,
)
from domain.occurrences import (
    NewOccurrence,
    RecurringParent,
    is_recurring_parent,
    spawn_occurrences,
)
from models.bulk import (
    id_source,
    insert_events,
    insert_ledger_rows,
    update_assignments,
)
from models.db import insert_for, session_scope
from models.queries import (
    DueClass,
    claim_due,
    due_candidates_by_id,
    due_classes,
    due_ids,
    overdue_by_issuer,
    recurring_parents,
)
from models.tables import Assignment, Delivery, Event, Milestone, SweepMark
from notifications.senders import message_id_for

WEEKLY_DIGEST_MARK = "weekly-digest"


def step_key(assignment_id: int, step: str, occurrence: str, role: str = "") -> str:
    """The ledger's natural key of one step for one assignment (and one cc role)."""
    key = f"a{assignment_id}:{step}:{occurrence}"
    return f"{key}:{role}" if role else key


def follow_up_item(
    assignment: Assignment | Row[Any], *, issuer: str, assigned_on: date | None = None
) -> FollowUpItem:
    """The planner's view of an assignment (a stored row or a sweep's candidate row)."""
    if assignment.id is None:
        raise RuntimeError("assignment has no id before flush")
    return FollowUpItem(
        assignment_id=assignment.id,
        issuer=issuer,
        due_on=assignment.due_on,
        status=str(assignment.status),
        recurrence=assignment.recurrence,
        last_step=assignment.last_step,
        occurrence=assignment.occurrence,
        last_progress_request_on=assignment.last_progress_request_on,
        assigned_on=assigned_on,
    )


def store_state(assignment: Assignment, state: AssignmentState, book: OrgBook) -> None:
    """Write what a change decided (:class:`AssignmentState`) onto the stored row.

    The owner's registry code becomes its id; work no longer followed up leaves the
    sweep's range.
    """
    owner = book.by_code(state.owner) if state.owner else None
    assignment.status = state.status
    assignment.owner_id = owner.id if owner else None
    assignment.due_on = state.due_on
    assignment.original_due_on = state.original_due_on
    assignment.occurrence = state.occurrence
    assignment.last_step = state.last_step
    assignment.completed_on = state.completed_on
    assignment.accepted_on = state.accepted_on
    if not state.followed_up:
        assignment.next_check_on = None


def schedule_assignment(
    assignment: Assignment, *, issuer: str, ctx: AppContext, now: datetime
) -> None:
    """Set ``next_check_on`` after the assignment was created or changed."""
    today = business_date(now, ctx.policies)
    if is_recurring_parent(
        assignment.recurrence, assignment.due_on, assignment.parent_id
    ):
        assignment.next_check_on = today
        return
    item = follow_up_item(
        assignment,
        issuer=issuer,
        assigned_on=business_date(assignment.created_at, ctx.policies),
    )
    session = Session.object_session(assignment)
    if session is not None and assignment.id is not None:
        item = _with_milestones([item], session)[0]
    assignment.next_check_on = next_checks([item], ctx=ctx, now=now)[item.assignment_id]


def _with_milestones(
    items: Sequence[FollowUpItem], session: OrmSession
) -> list[FollowUpItem]:
    """The items with their milestones and the milestone steps already recorded."""
    ids = [i.assignment_id for i in items]
    if not ids:
        return []
    dates: dict[int, list[date]] = {}
    for assignment_id, day in session.execute(
        select(col(Milestone.assignment_id), col(Milestone.due_on)).where(
            col(Milestone.assignment_id).in_(ids)
        )
    ).all():
        dates.setdefault(assignment_id, []).append(day)
    if not dates:
        return list(items)
    recorded: dict[int, set[str]] = {}
    for owner_of_row, rule, occurrence in session.execute(
        select(
            col(Delivery.assignment_id), col(Delivery.rule), col(Delivery.occurrence)
        )
        .where(col(Delivery.assignment_id).in_(list(dates)))
        .where(col(Delivery.occurrence).contains("~"))
    ).all():
        if owner_of_row is not None and rule != DIGEST_ITEM:
            recorded.setdefault(owner_of_row, set()).add(f"{occurrence}/{rule}")
    return [
        replace(
            item,
            milestones=tuple(sorted(dates[item.assignment_id])),
            milestone_steps=frozenset(recorded.get(item.assignment_id, ())),
        )
        if item.assignment_id in dates
        else item
        for item in items
    ]


def next_checks(
    items: Sequence[FollowUpItem], *, ctx: AppContext, now: datetime
) -> dict[int, date | None]:
    """The ``next_check_on`` of items just created or changed, planned at once.

    Today for an item with a step already due, else the planner's next check.
    """
    today = business_date(now, ctx.policies)
    result = plan(items, ctx.policies, ctx.calendar, now)
    pending = {s.assignment_id for s in result.steps}
    return {
        i.assignment_id: today
        if i.assignment_id in pending
        else result.next_check.get(i.assignment_id)
        for i in items
    }


def assigned_entry(
    assignment: Assignment,
    *,
    issuer: str,
    addresses: Sequence[str],
    ctx: AppContext,
    now: datetime,
) -> LedgerEntry:
    """The ``assigned`` mail of new work, released in working hours.

    Work already past its due date is told so (an assigned-and-overdue notice): the
    payload keeps the day the mail is released and the working days overdue then.
    """
    item = follow_up_item(assignment, issuer=issuer)
    return assigned_item_entry(
        item, owner_id=assignment.owner_id, addresses=addresses, ctx=ctx, now=now
    )


def assigned_item_entry(
    item: FollowUpItem,
    *,
    owner_id: int | None,
    addresses: Sequence[str],
    ctx: AppContext,
    now: datetime,
) -> LedgerEntry:
    """:func:`assigned_entry` of work known by its planner item (no ORM row needed)."""
    step = assigned_step(item, ctx.policies, ctx.calendar, now)
    payload: dict[str, Any] = {"message": step.message}
    if item.due_on is not None:
        on = business_date(step.send_after, ctx.policies)
        payload |= {
            "on": on.isoformat(),
            "due_on": item.due_on.isoformat(),
            "working_days": working_days_overdue(item.due_on, on, ctx.calendar),
        }
    return LedgerEntry(
        dedupe_key=step_key(item.assignment_id, step.name, ""),
        rule=step.name,
        not_before=step.send_after,
        to=tuple(addresses),
        assignment_id=item.assignment_id,
        occurrence=item.occurrence,
        recipient_org_id=owner_id,
        payload=payload,
    )


@dataclass
class SweepReport:
    """What a sweep decided."""

    now: datetime
    examined: int = 0
    sent_steps: int = 0
    skipped_steps: int = 0
    occurrences: int = 0
    digests: int = 0
    by_step: dict[str, int] = field(default_factory=dict)


def sweep(ctx: AppContext, *, now: datetime, batch_size: int = 10_000) -> SweepReport:
    """Plan and record every follow-up step due as of ``now``.

    The due items are grouped into classes that share their state; the planner is
    asked once per class and each decision is written for the class with one
    statement. On PostgreSQL batches of ``batch_size`` items are claimed (locked, skip
    locked) and committed one by one, so two sweeps at once share the work instead of
    repeating it; SQLite has one writer at a time and is swept in one transaction. The
    ledger's unique key refuses any repeat that slips through.
    """
    report = SweepReport(now=now)
    today = business_date(now, ctx.policies)
    _review_ended_owners(ctx, now, today)
    if ctx.engine.dialect.name != "postgresql":
        # one writer at a time: the due classes are read and written in one go
        with session_scope(ctx.engine) as session:
            classes = due_classes(session=session, today=today)
            report.examined += sum(len(c.ids) for c in classes)
            _sweep_classes(
                session, classes, OrgBook.load(session), ctx, now, today, report
            )
    else:
        with session_scope(ctx.engine) as session:
            due = due_ids(session=session, today=today)
        for start in range(0, len(due), batch_size):
            with session_scope(ctx.engine) as session:
                ids = claim_due(
                    session=session, ids=due[start : start + batch_size], today=today
                )
                if not ids:
                    continue
                report.examined += len(ids)
                _sweep_classes(
                    session,
                    due_classes(session=session, ids=ids),
                    OrgBook.load(session),
                    ctx,
                    now,
                    today,
                    report,
                )
    report.digests += _weekly_digest(ctx, now, today)
    return report


def _sweep_classes(
    session: Session,
    classes: Sequence[DueClass],
    book: OrgBook,
    ctx: AppContext,
    now: datetime,
    today: date,
    report: SweepReport,
) -> None:
    """Plan once per class of items that share their state; write set-based.

    Items of one class (same status, due date, occurrence, last step, owner, issuer,
    registration day…) get the same decisions, so the planner sees one item per class
    and each decision is written for the whole class with one statement.
    """
    parents = [
        c
        for c in classes
        if c.top_level and is_recurring_parent(c.recurrence, c.due_on, None)
    ]
    if parents:
        rows = due_candidates_by_id(
            session=session, ids=[i for c in parents for i in c.ids]
        )
        report.occurrences += _spawn_occurrences(session, rows, book, ctx, now, today)
    planned = [c for c in classes if c not in parents]
    items = []
    ended = [
        c
        for c in planned
        if (owner := book.get(c.owner_id)) is not None and owner.ended(today)
    ]
    if ended:
        gone = [i for c in ended for i in c.ids]
        _to_review(session, due_candidates_by_id(session=session, ids=gone), book, now)
        planned = [c for c in planned if c not in ended]
    # items with milestones are planned one by one: their milestones are their own
    planned = _split_milestone_classes(session, planned)
    for n, cls in enumerate(planned):
        issuer = book.get(cls.issuer_id)
        item = FollowUpItem(
            assignment_id=n,
            issuer=issuer.code if issuer else "",
            due_on=cls.due_on,
            status=cls.status,
            recurrence=cls.recurrence,
            last_step=cls.last_step,
            occurrence=cls.occurrence,
            last_progress_request_on=cls.last_progress_request_on,
            # nothing is dated before the work existed; undated work counts from it
            assigned_on=business_date(cls.created_at, ctx.policies),
        )
        if len(cls.ids) == 1:
            (real,) = _with_milestones(
                [replace(item, assignment_id=cls.ids[0])], session
            )
            item = replace(real, assignment_id=n)
        items.append(_known_rung(item, ctx))
    result = plan(items, ctx.policies, ctx.calendar, now)
    steps_of: dict[int, list[Step]] = {}
    for step in result.steps:
        steps_of.setdefault(step.assignment_id, []).append(step)
    domain = ctx.mail_domain.lower()
    message_id_for("check", domain)  # refuses a bad domain before anything is written
    for n, (cls, item) in enumerate(zip(planned, items, strict=True)):
        steps = steps_of.get(n, [])
        for step in steps:
            _write_step(session, cls, item, step, book, ctx, now, today, domain, report)
        new = applied(item, steps, on=today)
        update_assignments(
            session=session,
            ids=cls.ids,
            values={
                "next_check_on": result.next_check.get(n),
                "last_step": new.last_step,
                "last_progress_request_on": new.last_progress_request_on,
            },
        )


def _write_step(
    session: Session,
    cls: DueClass,
    item: FollowUpItem,
    step: Step,
    book: OrgBook,
    ctx: AppContext,
    now: datetime,
    today: date,
    domain: str,
    report: SweepReport,
) -> None:
    """One step for every item of a class: its ledger rows, then its events."""
    count = len(cls.ids)
    if step.decision == "send":
        report.sent_steps += count
        report.by_step[step.name] = report.by_step.get(step.name, 0) + count
    else:
        report.skipped_steps += count
    # the events first, of the items whose step is not in the ledger yet: they are
    # the rows the step writes now (a repeated sweep writes neither)
    insert_events(
        session=session,
        ids=cls.ids,
        kind=step.name if step.decision == "send" else EventKind.STEP_SKIPPED,
        actor="sweep",
        at=now,
        payload={
            "step": step.name,
            "occurrence": step.occurrence,
            "reason": step.reason.en,
            "reason_vi": step.reason.vi,
        },
        unless_key_suffix=f":{step.name}:{step.occurrence}",
    )
    for role, entry in _ledger_entries(step, item, cls.owner_id, book, ctx, today):
        template = ledger_rows([entry], mail_domain=domain, now=now)[0]
        suffix = f":{step.name}:{step.occurrence}" + (f":{role}" if role else "")
        insert_ledger_rows(
            session=session,
            ids=cls.ids,
            template=template,
            key_suffix=suffix,
        )


def _split_milestone_classes(
    session: Session, classes: Sequence[DueClass]
) -> list[DueClass]:
    """The classes, with those holding work that has milestones split per item."""
    ids = [i for c in classes for i in c.ids if len(c.ids) > 1]
    if not ids:
        return list(classes)
    # the ids travel as one parameter: an IN list of thousands of binds costs more to
    # build than the lookup itself
    source = id_source(session, ids)
    with_milestones = set(
        session.execute(
            select(col(Milestone.assignment_id))
            .where(
                col(Milestone.assignment_id).in_(
                    select(cast(source.c.value, Integer)).scalar_subquery()
                )
            )
            .distinct()
        ).scalars()
    )
    out: list[DueClass] = []
    for cls in classes:
        if len(cls.ids) > 1 and with_milestones.intersection(cls.ids):
            out.extend(replace(cls, ids=(i,)) for i in cls.ids)
        else:
            out.append(cls)
    return out


def _review_ended_owners(ctx: AppContext, now: datetime, today: date) -> None:
    """Send to review, at once, the open work of every body that has ceased."""
    with session_scope(ctx.engine) as session:
        book = OrgBook.load(session)
        ended = [card.id for card in book.cards() if card.ended(today)]
        if not ended:
            return
        rows = session.execute(
            select(col(Assignment.id), col(Assignment.owner_id))
            .where(col(Assignment.owner_id).in_(ended))
            .where(col(Assignment.status).in_(sorted(ACTIVE_STATUSES)))
        ).all()
        _to_review(session, rows, book, now)


def _to_review(
    session: Session, rows: Sequence[Row[Any]], book: OrgBook, now: datetime
) -> None:
    """Work whose owner has ceased to exist waits for a manager, with the reason.

    A body whose validity ended (renamed, merged, dissolved) gets no more mail: its
    open work goes to the review list (``needs_owner``) until someone assigns it.
    """
    if not rows:
        return
    events = []
    for r in rows:
        owner = book.get(r.owner_id)
        if owner is None or owner.valid_to is None:
            continue
        reason = reasons.owner_ceased(owner.name, owner.code, owner.valid_to)
        events.append(
            {
                "assignment_id": r.id,
                "kind": "review",
                "actor": "sweep",
                "at": now,
                "payload": {
                    "reason": reason.en,
                    "reason_vi": reason.vi,
                    "owner": owner.code,
                },
            }
        )
    session.execute(
        update(Assignment)
        .where(col(Assignment.id).in_([r.id for r in rows]))
        .values(status=AssignmentStatus.NEEDS_OWNER, next_check_on=None)
        .execution_options(synchronize_session=False)
    )
    if events:
        session.connection().execute(Event.__table__.insert(), events)  # type: ignore[attr-defined]


def _known_rung(item: FollowUpItem, ctx: AppContext) -> FollowUpItem:
    """The item with a last step its issuer's policy still has.

    A policy edited since the step was recorded may have renamed or dropped it; the
    ladder then restarts for the item, and the ledger's keys keep any step already
    recorded from going out again.
    """
    policy = ctx.policies.for_issuer(item.issuer)
    names = {rule.name for rule in policy.steps}
    if item.last_step is None or item.last_step in names:
        return item
    return replace(item, last_step=None)


def _ledger_entries(
    step: Step,
    item: FollowUpItem,
    owner_id: int | None,
    book: OrgBook,
    ctx: AppContext,
    today: date,
) -> list[tuple[str, LedgerEntry]]:
    """The ledger rows of one step, by cc role ("" for the step's own row).

    The key and the assignment are the caller's: the rows are written for a class.
    """
    payload = _payload(step, item.due_on, ctx)
    if step.decision == "skip":
        return [
            (
                "",
                LedgerEntry(
                    dedupe_key="",
                    rule=step.name,
                    not_before=step.send_after,
                    occurrence=step.occurrence,
                    recipient_org_id=owner_id,
                    status="skipped",
                    reason=step.reason,
                    payload=payload,
                ),
            )
        ]
    entries: list[tuple[str, LedgerEntry]] = []
    roles = (*step.to_roles, *step.cc_roles)
    if "owner" in roles:
        entries.append(
            (
                "",
                LedgerEntry(
                    dedupe_key="",
                    rule=step.name,
                    not_before=step.send_after,
                    to=book.addresses(owner_id),
                    occurrence=step.occurrence,
                    recipient_org_id=owner_id,
                    reason=step.reason,
                    payload=payload,
                ),
            )
        )
    for role in ("superior", "committee"):
        if role not in roles:
            continue
        target = (
            book.superior(owner_id) if role == "superior" else book.by_code(item.issuer)
        )
        # grouped per mailbox: a committee and the body whose mail its office
        # handles get one digest, not one each
        mailbox = book.mailbox(target.id) if target else None
        if target is None or mailbox is None or mailbox.ended(today):
            continue
        entries.append(
            (
                role,
                LedgerEntry(
                    dedupe_key="",
                    rule=DIGEST_ITEM,
                    not_before=step.send_after,
                    to=mailbox.emails,
                    occurrence=step.occurrence,
                    recipient_org_id=mailbox.id,
                    reason=reasons.for_recipient(step.name, target.code, role),
                    payload={**payload, "role": role},
                ),
            )
        )
    return entries


def _payload(step: Step, due_on: date | None, ctx: AppContext) -> dict[str, Any]:
    """What the step's mail states, fixed when it is decided.

    ``on`` is the day the mail is released (the decision's day, or the next working
    morning): every date and count the mail and its digest state are as of that day,
    never of the day the step fell due in the schedule.
    """
    on = business_date(step.send_after, ctx.policies)
    payload: dict[str, Any] = {
        "step": step.name,
        "message": step.message,
        "fire_on": step.fire_on.isoformat(),
        "on": on.isoformat(),
    }
    if due_on is not None:
        payload["due_on"] = due_on.isoformat()
        payload["working_days"] = working_days_overdue(due_on, on, ctx.calendar)
    if is_milestone_occurrence(step.occurrence):
        # a milestone's mail speaks of the milestone, one message for each stage
        milestone = date.fromisoformat(step.occurrence.rsplit("~", 1)[1])
        payload |= {
            "message": "milestone",
            "stage": step.message,
            "milestone": milestone.isoformat(),
            "working_days": working_days_overdue(milestone, on, ctx.calendar),
            "working_days_left": max(
                ctx.calendar.working_days_between(on, milestone), 0
            ),
        }
    return payload


def _spawn_occurrences(
    session: Session,
    parents: Sequence[Row[Any]],
    book: OrgBook,
    ctx: AppContext,
    now: datetime,
    today: date,
) -> int:
    """Create the occurrences of recurring parents that are due to exist by ``today``.

    Loads the parents and the occurrences they have, applies
    :func:`domain.occurrences.spawn_occurrences` to each, and saves the new work
    (scheduled by the planner in one pass), its events and each parent's next check.
    """
    new: list[tuple[Assignment, NewOccurrence, str]] = []
    for parent, spawned in recurring_parents(
        session=session, ids=[r.id for r in parents]
    ):
        issuer = book.get(parent.issuer_id)
        issuer_code = issuer.code if issuer else ""
        owner = book.get(parent.owner_id)
        spawn = spawn_occurrences(
            RecurringParent(
                id=parent.id or 0,
                status=parent.status,
                owner=owner.code if owner else None,
                recurrence=parent.recurrence or "",
                summary=parent.summary,
                registered_on=business_date(parent.created_at, ctx.policies),
                spawned=spawned,
            ),
            today=today,
            policy=ctx.policies.for_issuer(issuer_code),
            calendar=ctx.calendar,
        )
        new.extend((parent, occurrence, issuer_code) for occurrence in spawn.new)
        parent.next_check_on = spawn.next_check_on
    children = [_occurrence_row(parent, o, book, now) for parent, o, _ in new]
    session.add_all(children)
    session.flush()
    # new work has no milestones: the planner sees it as created, all in one pass
    items = [
        follow_up_item(child, issuer=issuer_code, assigned_on=today)
        for child, (_, _, issuer_code) in zip(children, new, strict=True)
    ]
    checks = next_checks(items, ctx=ctx, now=now) if items else {}
    for child, (_, occurrence, _) in zip(children, new, strict=True):
        child.next_check_on = checks[child.id or 0]
        session.add_all(
            Event(
                assignment_id=child.id or 0,
                kind=event.kind,
                actor="sweep",
                at=now,
                payload=event.payload,
            )
            for event in occurrence.events
        )
    return len(children)


def _occurrence_row(
    parent: Assignment, occurrence: NewOccurrence, book: OrgBook, now: datetime
) -> Assignment:
    """The stored form of a new occurrence: its state, and the parent's other facts."""
    row = Assignment(
        directive_id=parent.directive_id,
        issuer_id=parent.issuer_id,
        parent_id=parent.id,
        owner_text=parent.owner_text,
        role=parent.role,
        summary=occurrence.summary,
        due_text=occurrence.due_text,
        recurrence=parent.recurrence,
        created_at=now,
        updated_at=now,
    )
    store_state(row, occurrence.state, book)
    return row


def _weekly_digest(ctx: AppContext, now: datetime, today: date) -> int:
    """Once a week, one digest per issuing committee that has overdue work."""
    with session_scope(ctx.engine) as session:
        mark = session.get(SweepMark, WEEKLY_DIGEST_MARK)
        week = digest_due(now, ctx.policies, mark.value if mark else None)
        if week is None:
            return 0
        book = OrgBook.load(session)
        issuers = overdue_by_issuer(session=session, today=today)
        entries = []
        for issuer_id, count in issuers:
            issuer = book.get(issuer_id)
            mailbox = book.mailbox(issuer_id)
            if issuer is None or mailbox is None or mailbox.ended(today):
                continue  # a body that has ceased gets no mail
            send_after = next_send_time(
                now, ctx.policies.for_issuer(issuer.code), ctx.calendar
            )
            # as of the day it goes out, like every step's mail
            as_of = business_date(send_after, ctx.policies)
            entries.append(
                LedgerEntry(
                    dedupe_key=f"digest:weekly:{issuer.code}:{week}",
                    rule=StepName.DIGEST,
                    not_before=send_after,
                    to=book.addresses(issuer.id),
                    recipient_org_id=issuer.id,
                    occurrence=week,
                    reason=reasons.overdue_count(count),
                    payload={
                        "kind": "weekly",
                        "week": week,
                        "issuer_id": issuer.id,
                        "as_of": as_of.isoformat(),
                    },
                )
            )
        written = record(session, entries, mail_domain=ctx.mail_domain, now=now)
        # an upsert: two sweeps at once may both get here (their digest rows are
        # already kept apart by the ledger's key)
        stmt = insert_for(session)(SweepMark).values(
            name=WEEKLY_DIGEST_MARK, value=week, at=now
        )
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["name"],
                set_={"value": stmt.excluded.value, "at": stmt.excluded.at},
            )
        )
        return len(written)
