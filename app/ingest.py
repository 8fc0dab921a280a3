"""Use case: a notice file becomes tracked assignments, and owners are told.

Reading and parsing happen first, for every file, with nothing written; then each notice
is written in one transaction: the notice, its directives, one assignment per owner (a
group owner fans out to its members), their ``created`` events and one ``assigned``
ledger row per assignment. Sending the mail is a separate step (:mod:`app.ledger`).
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.context import AppContext
from app.documents import read_notice_text
from app.followup import assigned_entry, schedule_assignment
from app.ledger import record
from app.orgbook import OrgBook, OrgCard
from domain.errors import ConflictError, InputError, NoticeParseError
from domain.notices import ParsedDirective, ParsedNotice, parse_notice
from domain.policy import Policy
from domain.registry import OrgEntry
from domain.resolve import OrgDirectory
from models.db import session_scope
from models.queries import registry_entries
from models.tables import (
    Assignment,
    AssignmentStatus,
    Directive,
    Event,
    Milestone,
    Notice,
    Role,
)

GROUP_KINDS = frozenset({"group", "collaborators"})


@dataclass(frozen=True)
class PreparedNotice:
    """A notice read and parsed, not yet written."""

    source: str
    text: str
    sha256: str
    parsed: ParsedNotice


@dataclass
class IngestResult:
    """What ingesting one notice did."""

    source: str
    number: str
    outcome: str  # created | unchanged | amended | dry-run
    notice_id: int | None = None
    directives: int = 0
    assignments: int = 0
    needs_owner: int = 0
    messages: int = 0
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def prepare(path: Path, ctx: AppContext) -> PreparedNotice:
    """Read and parse one notice file; nothing is written.

    Raises:
        NoticeParseError: the file cannot be read or is not a notice.
    """
    text = read_notice_text(path)
    return prepare_text(text, source=str(path), ctx=ctx)


def prepare_text(text: str, *, source: str, ctx: AppContext) -> PreparedNotice:
    """Parse notice text that is already in memory."""
    parsed = parse_notice(text, calendar=ctx.calendar, source=source)
    if parsed.header.issued_on is None:
        raise NoticeParseError(
            "no signing date found (place, ngày … tháng … năm …)", source=source
        )
    if not parsed.header.number:
        raise NoticeParseError("no number/symbol found (Số …)", source=source)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return PreparedNotice(source=source, text=text, sha256=digest, parsed=parsed)


def ingest(
    prepared: Sequence[PreparedNotice],
    ctx: AppContext,
    *,
    now: datetime,
    actor: str = "directives",
    amend: bool = False,
    dry_run: bool = False,
) -> list[IngestResult]:
    """Write prepared notices in one transaction (or say what would be written).

    All or nothing: when one notice is refused, none of the batch is written.

    Raises:
        InputError: the registry is empty or does not know an issuer.
        ConflictError: another text is stored under the same identity and ``amend`` is off.
    """
    try:
        return _ingest_all(
            prepared, ctx, now=now, actor=actor, amend=amend, dry_run=dry_run
        )
    except IntegrityError as err:
        # another process stored the same notice between our check and our insert
        raise ConflictError(
            "a notice of this batch was stored by another process meanwhile; "
            "run again to see it reported as unchanged"
        ) from err


def _ingest_all(
    prepared: Sequence[PreparedNotice],
    ctx: AppContext,
    *,
    now: datetime,
    actor: str,
    amend: bool,
    dry_run: bool,
) -> list[IngestResult]:
    with session_scope(ctx.engine) as session:
        results = [
            _ingest(session, one, ctx, now=now, actor=actor, amend=amend)
            for one in prepared
        ]
        if dry_run:
            for result in results:
                result.outcome = "dry-run"
            session.rollback()
        return results


def _ingest(
    session: Session,
    prepared: PreparedNotice,
    ctx: AppContext,
    *,
    now: datetime,
    actor: str,
    amend: bool,
) -> IngestResult:
    header = prepared.parsed.header
    issued_on = header.issued_on
    if issued_on is None:  # prepare() guarantees it; keep mypy and readers honest
        raise NoticeParseError("no signing date found", source=prepared.source)
    entries = registry_entries(session=session)
    if not entries:
        raise InputError(
            "the organisation registry is empty: load one with "
            "`directives orgs load FILE` or pass --registry FILE"
        )
    directory = OrgDirectory.from_entries(entries, on=issued_on)
    parsed = parse_notice(
        prepared.text, calendar=ctx.calendar, resolver=directory, source=prepared.source
    )
    book = OrgBook.load(session)
    issuer_code = _issuer_code(parsed, directory, prepared.source)
    issuer = book.by_code(issuer_code)
    if issuer is None:
        raise RuntimeError(f"registry code {issuer_code!r} resolved but not stored")
    result = IngestResult(
        source=prepared.source,
        number=header.number or "",
        outcome="created",
        warnings=list(parsed.warnings),
    )

    same_text = session.exec(
        select(Notice).where(Notice.sha256 == prepared.sha256)
    ).first()
    if same_text is not None:
        result.outcome, result.notice_id = "unchanged", same_text.id
        result.changes.append("already ingested: nothing changed")
        return result
    existing = session.exec(
        select(Notice).where(
            Notice.issuer_id == issuer.id,
            Notice.kind == header.kind,
            Notice.number == header.number,
            Notice.issued_on == issued_on,
        )
    ).first()
    if existing is not None and not amend:
        raise ConflictError(
            f"{prepared.source}: notice {header.number} of {issued_on} is already stored "
            "with another text; use --amend to record the differences"
        )
    by_code = {e.code: e for e in entries}
    if existing is not None:
        return _amend(
            session, existing, parsed, prepared, ctx, by_code, book, result, now, actor
        )

    notice = Notice(
        number=header.number or "",
        kind=header.kind or "",
        issued_on=issued_on,
        place=header.place,
        subject=header.subject,
        signer=header.signer,
        signer_title=header.signer_title,
        signing_form=header.signing_form,
        issuer_text=header.issuer,
        recipients=list(header.recipients),
        issuer_id=issuer.id,
        source_name=prepared.source,
        source_text=prepared.text,
        sha256=prepared.sha256,
        created_at=now,
    )
    session.add(notice)
    session.flush()
    result.notice_id = notice.id
    for position, item in enumerate(parsed.directives):
        _add_directive(
            session,
            notice,
            item,
            position,
            ctx,
            by_code,
            book,
            result,
            now,
            actor,
            issuer_code,
        )
    return result


def _issuer_code(parsed: ParsedNotice, directory: OrgDirectory, source: str) -> str:
    issuer = parsed.header.issuer
    if not issuer:
        raise InputError(
            f"{source}: the issuing body could not be read from the signature"
        )
    code = directory.resolve(issuer)
    if code is None:
        raise InputError(
            f"{source}: issuer {issuer!r} is not in the organisation registry in force on "
            f"{parsed.header.issued_on}; add it (directives orgs load FILE)"
        )
    return code


def _add_directive(
    session: Session,
    notice: Notice,
    item: ParsedDirective,
    position: int,
    ctx: AppContext,
    by_code: dict[str, OrgEntry],
    book: OrgBook,
    result: IngestResult,
    now: datetime,
    actor: str,
    issuer_code: str,
) -> None:
    directive = Directive(
        notice_id=_id(notice),
        ref=item.ref,
        position=position,
        text=item.text,
        span_start=item.span[0],
        span_end=item.span[1],
        recurrence=item.recurrence,
    )
    session.add(directive)
    session.flush()
    result.directives += 1
    for owner_code, owner_text, role in _owners(item, by_code, notice.issued_on):
        owner = book.by_code(owner_code) if owner_code else None
        assignment = _new_assignment(
            session,
            directive,
            item,
            owner,
            owner_text,
            role,
            now,
            ctx.policies.for_issuer(issuer_code),
        )
        result.assignments += 1
        if owner is None:
            result.needs_owner += 1
        _event(
            session,
            assignment,
            "created",
            actor,
            now,
            {"owner_text": owner_text, "role": role},
        )
        schedule_assignment(assignment, issuer=issuer_code, ctx=ctx, now=now)
        if owner is not None:
            entry = assigned_entry(
                assignment,
                issuer=issuer_code,
                addresses=book.addresses(owner.id),
                ctx=ctx,
                now=now,
            )
            result.messages += len(
                record(session, [entry], mail_domain=ctx.mail_domain, now=now)
            )


def _owners(
    item: ParsedDirective, by_code: dict[str, OrgEntry], on: date
) -> list[tuple[str | None, str, str]]:
    """(org code or None, phrase, role) per assignee; groups fan out, lead wins on repeats."""
    chosen: dict[str, tuple[str | None, str, str]] = {}
    unresolved: list[tuple[str | None, str, str]] = []
    for mention in item.owners:
        role = Role.LEAD if mention.role == "lead" else Role.SUPPORT
        if mention.org is None:
            unresolved.append((None, mention.text, role))
            continue
        for code in _members(mention.org, by_code, on):
            previous = chosen.get(code)
            if previous is None or (previous[2] == Role.SUPPORT and role == Role.LEAD):
                chosen[code] = (code, mention.text, role)
    return [*chosen.values(), *unresolved]


def _members(code: str, by_code: dict[str, OrgEntry], on: date) -> list[str]:
    entry = by_code[code]
    if entry.kind not in GROUP_KINDS or not entry.members:
        return [code]
    out: list[str] = []
    for member in entry.members:
        if by_code[member].in_force(on):
            out.extend(m for m in _members(member, by_code, on) if m not in out)
    return out


def _new_assignment(
    session: Session,
    directive: Directive,
    item: ParsedDirective,
    owner: OrgCard | None,
    owner_text: str,
    role: str,
    now: datetime,
    policy: Policy,
) -> Assignment:
    dated = _dated(item, policy)
    due_on = dated[-1][0] if dated else None
    assignment = Assignment(
        directive_id=_id(directive),
        owner_id=owner.id if owner else None,
        owner_text=owner_text,
        role=role,
        summary=_summary(item.text),
        due_on=due_on,
        original_due_on=due_on,
        due_text="; ".join(d.text for d in item.deadlines) or None,
        recurrence=item.recurrence,
        status=AssignmentStatus.OPEN if owner else AssignmentStatus.NEEDS_OWNER,
        occurrence=due_on.isoformat() if due_on else "",
        created_at=now,
        updated_at=now,
    )
    session.add(assignment)
    session.flush()
    if len(dated) > 1:
        for day, text in dated:
            session.add(Milestone(assignment_id=_id(assignment), due_on=day, text=text))
    return assignment


def _dated(item: ParsedDirective, policy: Policy) -> list[tuple[date, str]]:
    """The item's dated deadlines as the issuer reads them, earliest first."""
    return sorted(
        (policy.due_date(d.text, d.due), d.text)
        for d in item.deadlines
        if d.due is not None
    )


def _summary(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _event(
    session: Session,
    assignment: Assignment,
    kind: str,
    actor: str,
    now: datetime,
    payload: dict[str, object],
) -> None:
    session.add(
        Event(
            assignment_id=_id(assignment),
            kind=kind,
            actor=actor,
            at=now,
            payload=payload,
        )
    )


def _id(row: Notice | Directive | Assignment) -> int:
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id before flush")
    return row.id


def _amend(
    session: Session,
    notice: Notice,
    parsed: ParsedNotice,
    prepared: PreparedNotice,
    ctx: AppContext,
    by_code: dict[str, OrgEntry],
    book: OrgBook,
    result: IngestResult,
    now: datetime,
    actor: str,
) -> IngestResult:
    """Record the differences between the stored text and a new one as events."""
    result.outcome, result.notice_id = "amended", notice.id
    issuer = book.get(notice.issuer_id)
    issuer_code = issuer.code if issuer else ""
    stored = {
        d.ref: d
        for d in session.exec(
            select(Directive).where(
                Directive.notice_id == notice.id, col(Directive.cancelled).is_(False)
            )
        ).all()
    }
    fresh = {d.ref: d for d in parsed.directives}
    next_position = len(stored) + 1000
    for ref, item in fresh.items():
        if ref not in stored:
            _add_directive(
                session,
                notice,
                item,
                next_position,
                ctx,
                by_code,
                book,
                result,
                now,
                actor,
                issuer_code,
            )
            next_position += 1
            result.changes.append(f"{ref}: new directive added")
    for ref, directive in stored.items():
        assignments = session.exec(
            select(Assignment).where(Assignment.directive_id == directive.id)
        ).all()
        if ref not in fresh:
            directive.cancelled = True
            for assignment in assignments:
                if assignment.status not in (
                    AssignmentStatus.DONE,
                    AssignmentStatus.CANCELLED,
                ):
                    assignment.status = AssignmentStatus.CANCELLED
                    assignment.next_check_on = None
                    assignment.version += 1
                    assignment.updated_at = now
                    _event(
                        session,
                        assignment,
                        "cancelled",
                        actor,
                        now,
                        {"reason": "dropped from the amended notice"},
                    )
            result.changes.append(f"{ref}: dropped; its assignments are cancelled")
            continue
        item = fresh[ref]
        dated = _dated(item, ctx.policies.for_issuer(issuer_code))
        new_due = dated[-1][0] if dated else None
        for assignment in assignments:
            if (
                new_due != assignment.due_on
                and assignment.status != AssignmentStatus.CANCELLED
            ):
                _event(
                    session,
                    assignment,
                    "extended",
                    actor,
                    now,
                    {
                        "from": assignment.due_on.isoformat()
                        if assignment.due_on
                        else None,
                        "to": new_due.isoformat() if new_due else None,
                        "reason": "the amended notice changed the deadline",
                    },
                )
                assignment.due_on = new_due
                assignment.due_text = "; ".join(d.text for d in item.deadlines) or None
                assignment.occurrence = new_due.isoformat() if new_due else ""
                assignment.last_step = None
                assignment.version += 1
                assignment.updated_at = now
                schedule_assignment(assignment, issuer=issuer_code, ctx=ctx, now=now)
                result.changes.append(
                    f"{ref}: deadline {assignment.original_due_on} → {new_due} "
                    "(original kept for reports)"
                )
        directive.text = item.text
    notice.source_text = prepared.text
    notice.sha256 = prepared.sha256
    notice.source_name = prepared.source
    return result


def ingest_files(
    paths: Sequence[Path],
    ctx: AppContext,
    *,
    now: datetime,
    actor: str = "directives",
    amend: bool = False,
    dry_run: bool = False,
) -> list[IngestResult]:
    """Read every file first (refusing the batch on the first bad one), then ingest all."""
    prepared = [prepare(path, ctx) for path in paths]
    return ingest(prepared, ctx, now=now, actor=actor, amend=amend, dry_run=dry_run)
