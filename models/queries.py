"""Keyword-only query functions over a ``Session``. Callers own the transaction.

Every question the use cases ask of the assignments lives here: the sweep's due
candidates, the issuer of an assignment, the overdue work per issuer and the context a
message or a page needs (loaded in a fixed number of queries, not one row at a time).
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, cast, func
from sqlalchemy import select as sql_select
from sqlalchemy.engine import Row
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, delete, select

from domain.assignment import ACTIVE_STATUSES, AssignmentStatus
from domain.errors import NotFoundError
from domain.registry import OrgEntry
from models.bulk import id_source
from models.tables import (
    Assignment,
    Directive,
    Milestone,
    Notice,
    OrgAlias,
    Organization,
    OrganizationMember,
    OrganizationPublic,
)


def upsert_organizations(
    *, session: Session, entries: Sequence[OrgEntry]
) -> tuple[int, int]:
    """Insert or update organisations by code; replace the members of every group given.

    Organisations missing from ``entries`` are kept: assignments may point at them.

    Returns:
        (created, updated) counts.
    """
    existing = {o.code: o for o in session.exec(select(Organization)).all()}
    created = updated = 0
    for entry in entries:
        org = existing.get(entry.code)
        if org is None:
            org = Organization(code=entry.code, name=entry.name, kind=entry.kind)
            session.add(org)
            existing[entry.code] = org
            created += 1
        else:
            updated += 1
        org.name = entry.name
        org.kind = entry.kind
        org.emails = list(entry.emails)
        org.aliases = list(entry.aliases)
        org.valid_from = entry.valid_from
        org.valid_to = entry.valid_to
    session.flush()
    ids = {code: org.id for code, org in existing.items()}
    for entry in entries:
        org = existing[entry.code]
        org.parent_id = ids[entry.parent] if entry.parent else None
        org.office_id = ids[entry.office] if entry.office else None
        session.exec(
            delete(OrganizationMember).where(col(OrganizationMember.group_id) == org.id)
        )
        for member in entry.members:
            member_id = ids[member]
            if org.id is None or member_id is None:
                raise RuntimeError("organisation ids must exist after flush")
            session.add(OrganizationMember(group_id=org.id, member_id=member_id))
    session.flush()
    return created, updated


def registry_entries(*, session: Session) -> list[OrgEntry]:
    """Every stored organisation as a registry entry (codes, not ids), ordered by code."""
    orgs = session.exec(select(Organization).order_by(col(Organization.code))).all()
    code_of = {o.id: o.code for o in orgs}
    members: dict[int, list[str]] = {}
    for link in session.exec(select(OrganizationMember)).all():
        members.setdefault(link.group_id, []).append(code_of[link.member_id])
    learned = learned_aliases(session=session)
    return [
        OrgEntry(
            code=o.code,
            name=o.name,
            kind=o.kind,
            parent=code_of.get(o.parent_id) if o.parent_id else None,
            office=code_of.get(o.office_id) if o.office_id else None,
            emails=tuple(o.emails),
            aliases=tuple(_merged(o.aliases, learned.get(o.id or 0, []))),
            members=tuple(sorted(members.get(o.id or 0, []))),
            valid_from=o.valid_from,
            valid_to=o.valid_to,
        )
        for o in orgs
    ]


def list_organizations(*, session: Session) -> list[OrganizationPublic]:
    """Every organisation with its superior, office and members by code."""
    orgs = session.exec(select(Organization).order_by(col(Organization.code))).all()
    by_id = {o.id: o for o in orgs}
    entries = {e.code: e for e in registry_entries(session=session)}
    out = []
    for org in orgs:
        entry = entries[org.code]
        if org.id is None:
            raise RuntimeError("stored organisation without id")
        out.append(
            OrganizationPublic(
                id=org.id,
                code=org.code,
                name=org.name,
                kind=org.kind,
                emails=list(org.emails),
                aliases=list(entry.aliases),
                valid_from=org.valid_from,
                valid_to=org.valid_to,
                parent=by_id[org.parent_id].code if org.parent_id else None,
                office=by_id[org.office_id].code if org.office_id else None,
                members=list(entry.members),
            )
        )
    return out


# --- assignments ---------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentContext:
    """Everything a message or a page about one assignment shows, loaded at once."""

    assignment: Assignment
    directive: Directive
    notice: Notice
    issuer: Organization | None
    owner: Organization | None
    milestones: tuple[Milestone, ...] = ()


#: The columns the sweep needs of a candidate (and nothing it does not).
DUE_CANDIDATE_COLUMNS = (
    col(Assignment.id),
    col(Assignment.status),
    col(Assignment.due_on),
    col(Assignment.recurrence),
    col(Assignment.last_step),
    col(Assignment.occurrence),
    col(Assignment.last_progress_request_on),
    col(Assignment.owner_id),
    col(Assignment.parent_id),
    col(Assignment.directive_id),
    col(Assignment.created_at),
    col(Assignment.issuer_id),
)


def owner_and_issuer(
    *, session: Session, assignment_id: int
) -> tuple[int | None, int | None] | None:
    """(owner id, issuer id) of an assignment, or ``None`` when it does not exist."""
    row = session.execute(
        sql_select(col(Assignment.owner_id), col(Assignment.issuer_id)).where(
            col(Assignment.id) == assignment_id
        )
    ).first()
    return None if row is None else (row[0], row[1])


#: Overdue work the issuer's office hears of in digests: followed-up work, and work
#: that waits for an owner.
DIGEST_STATUSES = ACTIVE_STATUSES | {AssignmentStatus.NEEDS_OWNER}


def overdue_by_issuer(*, session: Session, today: date) -> list[tuple[int, int]]:
    """(issuer id, number of open or unowned assignments due before ``today``)."""
    rows = session.execute(
        select(col(Assignment.issuer_id), func.count())
        .where(col(Assignment.status).in_(sorted(DIGEST_STATUSES)))
        .where(col(Assignment.due_on) < today)
        .where(col(Assignment.issuer_id).is_not(None))
        .group_by(col(Assignment.issuer_id))
        .order_by(col(Assignment.issuer_id))
    ).all()
    return [(int(issuer), int(count)) for issuer, count in rows]


def overdue_of_issuer(
    *, session: Session, issuer_id: int, today: date
) -> Sequence[Assignment]:
    """The open or unowned assignments of one issuer due before ``today``, earliest first."""
    return session.exec(
        select(Assignment)
        .where(col(Assignment.issuer_id) == issuer_id)
        .where(col(Assignment.status).in_(sorted(DIGEST_STATUSES)))
        .where(col(Assignment.due_on) < today)
        .order_by(col(Assignment.due_on), col(Assignment.id))
    ).all()


# made once: a fresh alias per call costs more to build than the query (a delivery
# pass composes one message at a time)
_ISSUER = aliased(Organization, name="issuer")
_OWNER = aliased(Organization, name="owner")


def assignment_contexts(
    *, session: Session, assignment_ids: Sequence[int]
) -> dict[int, AssignmentContext]:
    """The assignments with their directive, notice, issuer, owner and milestones.

    Three queries whatever the number of assignments; ids that do not exist are left
    out of the answer.
    """
    if not assignment_ids:
        return {}
    issuer, owner = _ISSUER, _OWNER
    rows = session.execute(
        sql_select(Assignment, Directive, Notice, issuer, owner)
        .join(Directive, col(Directive.id) == col(Assignment.directive_id))
        .join(Notice, col(Notice.id) == col(Directive.notice_id))
        .outerjoin(issuer, col(issuer.id) == col(Assignment.issuer_id))
        .outerjoin(owner, col(owner.id) == col(Assignment.owner_id))
        .where(col(Assignment.id).in_(sorted(set(assignment_ids))))
    ).all()
    milestones: dict[int, list[Milestone]] = {}
    for m in session.exec(
        select(Milestone)
        .where(col(Milestone.assignment_id).in_(sorted(set(assignment_ids))))
        .order_by(col(Milestone.due_on), col(Milestone.id))
    ).all():
        milestones.setdefault(m.assignment_id, []).append(m)
    return {
        a.id: AssignmentContext(
            assignment=a,
            directive=d,
            notice=n,
            issuer=i,
            owner=o,
            milestones=tuple(milestones.get(a.id, ())),
        )
        for a, d, n, i, o in rows
        if a.id is not None
    }


def assignment_context(*, session: Session, assignment_id: int) -> AssignmentContext:
    """One assignment's context.

    Raises:
        NotFoundError: no such assignment.
    """
    found = assignment_contexts(session=session, assignment_ids=[assignment_id])
    if assignment_id not in found:
        raise NotFoundError(
            f"assignment {assignment_id} does not exist",
            vi=f"nhiệm vụ {assignment_id} không tồn tại",
        )
    return found[assignment_id]


def recurring_parents(
    *, session: Session, ids: Sequence[int]
) -> list[tuple[Assignment, frozenset[str]]]:
    """The assignments of ``ids``, by id, each with the occurrence keys of the work
    created under it. Two queries whatever the number."""
    if not ids:
        return []
    wanted = sorted(set(ids))
    spawned: dict[int, set[str]] = {}
    for parent_id, occurrence in session.execute(
        sql_select(col(Assignment.parent_id), col(Assignment.occurrence)).where(
            col(Assignment.parent_id).in_(wanted)
        )
    ).all():
        spawned.setdefault(parent_id, set()).add(occurrence)
    parents = session.exec(
        select(Assignment)
        .where(col(Assignment.id).in_(wanted))
        .order_by(col(Assignment.id))
    ).all()
    return [(p, frozenset(spawned.get(p.id or 0, ()))) for p in parents]


def learned_aliases(*, session: Session) -> dict[int, list[str]]:
    """The spellings offices taught the registry, by organisation id, oldest first."""
    out: dict[int, list[str]] = {}
    for alias in session.exec(select(OrgAlias).order_by(col(OrgAlias.id))).all():
        out.setdefault(alias.org_id, []).append(alias.text)
    return out


def _merged(first: Sequence[str], more: Sequence[str]) -> list[str]:
    seen = list(first)
    seen.extend(text for text in more if text not in seen)
    return seen


def due_ids(*, session: Session, today: date) -> list[int]:
    """The ids of every followed-up assignment whose next check has come, in order.

    An index range on ``next_check_on``: the cost follows the due rows, not the table.
    """
    found = session.execute(
        sql_select(col(Assignment.id))
        .where(col(Assignment.next_check_on) <= today)
        .where(col(Assignment.status).in_(sorted(ACTIVE_STATUSES)))
    ).scalars()
    return sorted(int(i) for i in found)


def claim_due(*, session: Session, ids: Sequence[int], today: date) -> list[int]:
    """Those of ``ids`` still due; locked for this transaction on PostgreSQL.

    Rows another sweep holds are skipped (``SKIP LOCKED``): two sweeps at once share
    the work instead of repeating it. SQLite has one writer at a time anyway.
    """
    if not ids:
        return []
    source = id_source(session, ids)
    query = (
        sql_select(col(Assignment.id))
        .where(
            col(Assignment.id).in_(
                sql_select(cast(source.c.value, Integer)).scalar_subquery()
            )
        )
        .where(col(Assignment.next_check_on) <= today)
        .where(col(Assignment.status).in_(sorted(ACTIVE_STATUSES)))
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Assignment)
    return sorted(int(i) for i in session.execute(query).scalars())


@dataclass(frozen=True)
class DueClass:
    """Assignments that share everything the follow-up planner looks at.

    The planner decides the same for all of them, so it is asked once per class.
    """

    status: str
    due_on: date | None
    recurrence: str | None
    last_step: str | None
    occurrence: str
    last_progress_request_on: date | None
    owner_id: int | None
    issuer_id: int | None
    top_level: bool
    created_at: datetime
    ids: tuple[int, ...]


_CLASS_COLUMNS = (
    col(Assignment.status),
    col(Assignment.due_on),
    col(Assignment.recurrence),
    col(Assignment.last_step),
    col(Assignment.occurrence),
    col(Assignment.last_progress_request_on),
    col(Assignment.owner_id),
    col(Assignment.issuer_id),
    col(Assignment.parent_id).is_(None),
    col(Assignment.created_at),
)


def due_classes(
    *, session: Session, ids: Sequence[int] | None = None, today: date | None = None
) -> list[DueClass]:
    """Assignments grouped into classes (one ``GROUP BY``).

    Args:
        ids: the assignments (a batch the caller claimed), or
        today: every followed-up assignment whose next check has come by ``today``.

    Returns:
        The classes, each with its ids in increasing order.
    """
    chosen: ColumnElement[bool]
    if ids is not None:
        if not ids:
            return []
        source = id_source(session, ids)
        chosen = col(Assignment.id).in_(
            sql_select(cast(source.c.value, Integer)).scalar_subquery()
        )
    elif today is not None:
        chosen = and_(
            col(Assignment.next_check_on) <= today,
            col(Assignment.status).in_(sorted(ACTIVE_STATUSES)),
        )
    else:
        raise TypeError("due_classes needs ids or today")
    postgres = session.get_bind().dialect.name == "postgresql"
    members: ColumnElement[Any]
    if postgres:
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        members = func.array_agg(
            aggregate_order_by(col(Assignment.id), col(Assignment.id))
        )
    else:
        members = func.json_group_array(col(Assignment.id))
    rows = session.execute(
        sql_select(*_CLASS_COLUMNS, members).where(chosen).group_by(*_CLASS_COLUMNS)
    ).all()
    out = []
    for row in rows:
        found = row[-1]
        member_ids = found if postgres else json.loads(found)
        out.append(
            DueClass(
                status=row[0],
                due_on=row[1],
                recurrence=row[2],
                last_step=row[3],
                occurrence=row[4],
                last_progress_request_on=row[5],
                owner_id=row[6],
                issuer_id=row[7],
                top_level=bool(row[8]),
                created_at=row[9],
                ids=tuple(sorted(int(i) for i in member_ids)),
            )
        )
    return out


def due_candidates_by_id(*, session: Session, ids: Sequence[int]) -> Sequence[Row[Any]]:
    """Rows of :data:`DUE_CANDIDATE_COLUMNS` for the given assignments, by id."""
    if not ids:
        return []
    return session.execute(
        sql_select(*DUE_CANDIDATE_COLUMNS)
        .where(col(Assignment.id).in_(sorted(set(ids))))
        .order_by(col(Assignment.id))
    ).all()
