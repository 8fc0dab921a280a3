"""Use case: a notice file becomes tracked assignments, and owners are told.

Reading and parsing happen first, for every file, with nothing written; then each notice
is written in one transaction: the notice, its directives, one assignment per owner (a
group owner fans out to its members), their ``created`` events and one ``assigned``
ledger row per assignment. Sending the mail is a separate step (:mod:`app.ledger`).
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from app.context import AppContext
from app.documents import DEFAULT_MAX_NOTICE_BYTES, base_name, read_notice_text
from app.followup import assigned_item_entry, next_checks, schedule_assignment
from app.ledger import record
from app.orgbook import OrgBook
from domain.assignment import (
    Assignee,
    AssignmentState,
    AssignmentStatus,
    Change,
    EventKind,
    amend_deadline,
    drop,
    fan_out,
)
from domain.errors import ConflictError, InputError, NoticeParseError
from domain.escalation import FollowUpItem, business_date
from domain.notices import (
    GivenHeader,
    ParsedDirective,
    ParsedNotice,
    ReaderWarning,
    parse_notice,
)
from domain.occurrences import is_recurring_parent
from domain.policy import Policy
from domain.registry import OrgEntry
from domain.resolve import OrgDirectory, resolve_owners
from models.db import session_scope
from models.queries import registry_entries
from models.tables import (
    Assignment,
    Directive,
    Event,
    Milestone,
    Notice,
    NoticeAmendment,
)


@dataclass(frozen=True)
class PreparedNotice:
    """A notice read and parsed, not yet written."""

    source: str
    text: str
    sha256: str
    parsed: ParsedNotice
    given: GivenHeader | None = None


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
    warnings: list[ReaderWarning] = field(default_factory=list)


def prepare(
    path: Path,
    ctx: AppContext,
    *,
    max_bytes: int = DEFAULT_MAX_NOTICE_BYTES,
    given: GivenHeader | None = None,
) -> PreparedNotice:
    """Read and parse one notice file; nothing is written.

    Args:
        path: the notice file.
        ctx: the application context.
        max_bytes: the largest text accepted.
        given: header parts the office supplies (number, signing date, issuer) for
            a document that lacks them.

    Raises:
        NoticeParseError: the file cannot be read, is larger than ``max_bytes`` of
            text, or is not a notice.
    """
    text = read_notice_text(path, max_bytes=max_bytes)
    return prepare_text(text, source=str(path), ctx=ctx, given=given)


def prepare_text(
    text: str, *, source: str, ctx: AppContext, given: GivenHeader | None = None
) -> PreparedNotice:
    """Parse notice text that is already in memory.

    Raises:
        NoticeParseError: the text is no notice, or it lacks its signing date or
            number and ``given`` does not supply them.
    """
    parsed = parse_notice(text, calendar=ctx.calendar, source=source, given=given)
    if parsed.header.issued_on is None:
        raise NoticeParseError(
            "no signing date found (place, ngày … tháng … năm …); supply it with "
            "--issued-on",
            source=source,
            vi_reason="không tìm thấy ngày ký (địa danh, ngày … tháng … năm …); "
            "hãy cho biết bằng --issued-on",
        )
    if not parsed.header.number:
        raise NoticeParseError(
            "no number/symbol found (Số …); supply it with --number",
            source=source,
            vi_reason="không tìm thấy số, ký hiệu (Số …); hãy cho biết bằng --number",
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return PreparedNotice(
        source=source, text=text, sha256=digest, parsed=parsed, given=given
    )


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
            "run again to see it reported as unchanged",
            vi="trong lúc này một tiến trình khác đã lưu một thông báo của đợt này; "
            "hãy chạy lại để thấy thông báo đó được báo là không đổi",
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
        # the registry is read once per batch: it does not change inside the transaction
        entries = registry_entries(session=session)
        book = OrgBook.load(session)
        directories = _Directories(entries)
        results = [
            _ingest(
                session,
                one,
                ctx,
                entries,
                book,
                directories,
                now=now,
                actor=actor,
                amend=amend,
            )
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
    entries: Sequence[OrgEntry],
    book: OrgBook,
    directories: "_Directories",
    *,
    now: datetime,
    actor: str,
    amend: bool,
) -> IngestResult:
    header = prepared.parsed.header
    issued_on = header.issued_on
    if issued_on is None:  # prepare() guarantees it; keep mypy and readers honest
        raise _no_signing_date(prepared.source)
    if not entries:
        raise InputError(
            "the organisation registry is empty: load one with "
            "`directives orgs load FILE` or pass --registry FILE",
            vi="danh mục đơn vị đang trống: hãy nạp bằng "
            "`directives orgs load FILE` hoặc dùng --registry FILE",
        )
    # the registry in force on the signing date: renamed and ended bodies resolve as
    # they were then
    directory = directories.on(issued_on)
    # read once (in prepare, with any parts the office gave); owners are resolved
    # here, a separate pure step
    parsed = resolve_owners(prepared.parsed, directory)
    writer = _NoticeWriter(
        session,
        ctx,
        entries,
        book,
        _issuer_code(parsed, directory, prepared.source),
        now,
        actor,
    )
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
            Notice.issuer_id == writer.issuer.id,
            Notice.kind == header.kind,
            Notice.number == header.number,
            Notice.issued_on == issued_on,
        )
    ).first()
    if existing is None:
        writer.create(prepared, parsed, result)
    elif amend:
        writer.amend(existing, prepared, parsed, result)
    else:
        raise ConflictError(
            f"{prepared.source}: notice {header.number} of {issued_on} is already stored "
            "with another text; use --amend to record the differences",
            vi=f"{prepared.source}: thông báo {header.number} ngày "
            f"{issued_on:%d/%m/%Y} đã được lưu với nội dung khác; "
            "dùng --amend để ghi nhận các thay đổi",
        )
    return result


class _Directories:
    """Owner directories by the set of bodies in force, built once per batch."""

    def __init__(self, entries: Sequence[OrgEntry]):
        self.entries = entries
        self._built: dict[frozenset[str], OrgDirectory] = {}

    def on(self, day: date) -> OrgDirectory:
        in_force = frozenset(e.code for e in self.entries if e.in_force(day))
        if in_force not in self._built:
            self._built[in_force] = OrgDirectory.from_entries(self.entries, on=day)
        return self._built[in_force]


def _no_signing_date(source: str) -> NoticeParseError:
    # prepare() refuses such a notice first; this keeps the later steps honest
    return NoticeParseError(
        "no signing date found", source=source, vi_reason="không tìm thấy ngày ký"
    )


def _issuer_code(parsed: ParsedNotice, directory: OrgDirectory, source: str) -> str:

    issuer = parsed.header.issuer
    if not issuer:
        raise InputError(
            f"{source}: the issuing body could not be read from the signature; "
            "supply it with --issuer",
            vi=f"{source}: không đọc được cơ quan ban hành ở phần ký; "
            "hãy cho biết bằng --issuer",
        )
    code = directory.resolve(issuer)
    if code is None:
        issued_on = parsed.header.issued_on
        shown = f"{issued_on:%d/%m/%Y}" if issued_on else "?"
        raise InputError(
            f"{source}: issuer {issuer!r} is not in the organisation registry in force on "
            f"{issued_on}; add it (directives orgs load FILE)",
            vi=f"{source}: cơ quan ban hành {issuer!r} không có trong danh mục đơn vị "
            f"hiệu lực ngày {shown}; hãy bổ sung (directives orgs load FILE)",
        )

    return code


class _NoticeWriter:
    """Writes one notice's rows inside the caller's transaction."""

    def __init__(
        self,
        session: Session,
        ctx: AppContext,
        entries: Sequence[OrgEntry],
        book: OrgBook,
        issuer_code: str,
        now: datetime,
        actor: str,
    ):
        self.session, self.ctx, self.now, self.actor = session, ctx, now, actor
        self.by_code = {e.code: e for e in entries}
        self.book = book
        issuer = self.book.by_code(issuer_code)
        if issuer is None:
            raise RuntimeError(f"registry code {issuer_code!r} resolved but not stored")
        self.issuer = issuer
        self.policy = ctx.policies.for_issuer(issuer_code)
        self.today = business_date(now, ctx.policies)

    def create(
        self, prepared: PreparedNotice, parsed: ParsedNotice, result: IngestResult
    ) -> None:
        header = parsed.header
        if header.issued_on is None:
            raise _no_signing_date(prepared.source)

        notice = Notice(
            number=header.number or "",
            kind=header.kind or "",
            issued_on=header.issued_on,
            place=header.place,
            subject=header.subject,
            signer=header.signer,
            signer_title=header.signer_title,
            signing_form=header.signing_form,
            issuer_text=header.issuer,
            recipients=list(header.recipients),
            issuer_id=self.issuer.id,
            # the file's name only: a server path never reaches a page
            source_name=base_name(prepared.source),
            source_text=prepared.text,
            sha256=prepared.sha256,
            created_at=self.now,
        )
        self.session.add(notice)
        self.session.flush()
        result.notice_id = notice.id
        self.add_directives(notice, list(enumerate(parsed.directives)), result)

    def add_directives(
        self,
        notice: Notice,
        items: Sequence[tuple[int, ParsedDirective]],
        result: IngestResult,
    ) -> None:
        """Write directives and their new work with a few set-based statements.

        Load (the registry, read once per batch), apply (the pure fan-out, deadlines
        and schedule), save (one multi-row insert per table).
        """
        if not items:
            return
        conn = self.session.connection()
        directive_ids = _insert_returning_ids(
            conn,
            Directive,
            [
                {
                    "notice_id": _id(notice),
                    "ref": item.ref,
                    "position": position,
                    "text": item.text,
                    "span_start": item.span[0],
                    "span_end": item.span[1],
                    "recurrence": item.recurrence,
                    "cancelled": False,
                }
                for position, item in items
            ],
        )
        result.directives += len(items)
        rows: list[dict[str, Any]] = []
        extra: list[tuple[Assignee, list[tuple[date, str]]]] = []
        for directive_id, (_, item) in zip(directive_ids, items, strict=True):
            dated = _dated(item, self.policy)
            assignees = fan_out(
                ((o.text, o.role, o.org) for o in item.owners),
                self.by_code,
                on=notice.issued_on,
            )
            for assignee in assignees:
                rows.append(self._new_row(directive_id, item, dated, assignee))
                extra.append((assignee, dated))
        if not rows:
            return
        # schedule before saving: the planner needs no id, a provisional one will do
        items_by_row = [
            _follow_up(row, n, issuer=self.issuer.code, today=self.today)
            for n, row in enumerate(rows)
        ]
        # a directive with several dated deadlines: the earlier ones are milestones,
        # followed up like the due date
        items_by_row = [
            replace(item, milestones=tuple(day for day, _ in dated[:-1]))
            for item, (_, dated) in zip(items_by_row, extra, strict=True)
        ]
        checks = next_checks(items_by_row, ctx=self.ctx, now=self.now)
        for n, row in enumerate(rows):
            if is_recurring_parent(row["recurrence"], row["due_on"], None):
                row["next_check_on"] = self.today
            else:
                row["next_check_on"] = checks[n]
        ids = _insert_returning_ids(conn, Assignment, rows)
        milestones: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        mail = []
        for assignment_id, row, follow_up, (assignee, dated) in zip(
            ids, rows, items_by_row, extra, strict=True
        ):
            result.assignments += 1
            if len(dated) > 1:
                milestones.extend(
                    {"assignment_id": assignment_id, "due_on": day, "text": text}
                    for day, text in dated
                )
            events.append(
                {
                    "assignment_id": assignment_id,
                    "kind": EventKind.CREATED,
                    "actor": self.actor,
                    "at": self.now,
                    "payload": {"owner_text": assignee.text, "role": assignee.role},
                }
            )
            if row["owner_id"] is None:
                result.needs_owner += 1
                continue
            mail.append(
                assigned_item_entry(
                    replace(follow_up, assignment_id=assignment_id),
                    owner_id=row["owner_id"],
                    addresses=self.book.addresses(row["owner_id"]),
                    ctx=self.ctx,
                    now=self.now,
                )
            )
        if milestones:
            conn.execute(_table(Milestone).insert(), milestones)
        conn.execute(_table(Event).insert(), events)
        written = record(
            self.session, mail, mail_domain=self.ctx.mail_domain, now=self.now
        )
        result.messages += len(written)

    def _new_row(
        self,
        directive_id: int,
        item: ParsedDirective,
        dated: list[tuple[date, str]],
        assignee: Assignee,
    ) -> dict[str, Any]:
        owner = self.book.by_code(assignee.code) if assignee.code else None
        due_on = dated[-1][0] if dated else None
        return {
            "directive_id": directive_id,
            "issuer_id": self.issuer.id,
            "owner_id": owner.id if owner else None,
            "parent_id": None,
            "owner_text": assignee.text,
            "role": assignee.role,
            "summary": _summary(item.text),
            "due_on": due_on,
            "original_due_on": due_on,
            "due_text": "; ".join(d.text for d in item.deadlines) or None,
            "recurrence": item.recurrence,
            "status": AssignmentStatus.OPEN if owner else AssignmentStatus.NEEDS_OWNER,
            "completed_on": None,
            "accepted_on": None,
            "occurrence": due_on.isoformat() if due_on else "",
            "last_step": None,
            "next_check_on": None,
            "last_progress_request_on": None,
            "created_at": self.now,
            "updated_at": self.now,
            "version": 1,
        }

    def event(
        self, assignment: Assignment, kind: str, payload: dict[str, object]
    ) -> None:
        self.session.add(
            Event(
                assignment_id=_id(assignment),
                kind=kind,
                actor=self.actor,
                at=self.now,
                payload=payload,
            )
        )

    def amend(
        self,
        notice: Notice,
        prepared: PreparedNotice,
        parsed: ParsedNotice,
        result: IngestResult,
    ) -> None:
        """Record the differences between the stored text and a new one.

        Each assignment touched gets its events; the notice gets one
        :class:`NoticeAmendment` saying what changed, by whom, from which file.
        """
        result.outcome, result.notice_id = "amended", notice.id
        changes: list[dict[str, Any]] = []
        stored = {
            d.ref: d
            for d in self.session.exec(
                select(Directive).where(
                    Directive.notice_id == notice.id,
                    col(Directive.cancelled).is_(False),
                )
            ).all()
        }
        fresh = {d.ref: d for d in parsed.directives}
        for position, (ref, item) in enumerate(fresh.items(), start=len(stored) + 1000):
            if ref not in stored:
                self.add_directives(notice, [(position, item)], result)
                result.changes.append(f"{ref}: new directive added")
                changes.append({"ref": ref, "kind": "added"})
        for ref, directive in stored.items():
            assignments = self.session.exec(
                select(Assignment).where(Assignment.directive_id == directive.id)
            ).all()
            if ref in fresh:
                if directive.text != fresh[ref].text:
                    result.changes.append(f"{ref}: text changed")
                    changes.append({"ref": ref, "kind": "text"})
                changes.extend(
                    self._amend_deadline(ref, fresh[ref], assignments, result)
                )
                directive.text = fresh[ref].text
                # the passage's place in the new text, for the notice page
                directive.span_start, directive.span_end = fresh[ref].span
            else:
                directive.cancelled = True
                self._cancel(assignments)
                result.changes.append(f"{ref}: dropped; its assignments are cancelled")
                changes.append({"ref": ref, "kind": "dropped"})
        self.session.add(
            NoticeAmendment(
                notice_id=_id(notice),
                at=self.now,
                actor=self.actor,
                source_name=base_name(prepared.source),
                previous_sha256=notice.sha256,
                sha256=prepared.sha256,
                changes=changes,
            )
        )
        # the notice keeps the name of the file it was registered from; each
        # amendment names its own
        notice.source_text = prepared.text
        notice.sha256 = prepared.sha256

    def _cancel(self, assignments: Sequence[Assignment]) -> None:
        for assignment in assignments:
            self._apply(assignment, drop(_state(assignment)))

    def _amend_deadline(
        self,
        ref: str,
        item: ParsedDirective,
        assignments: Sequence[Assignment],
        result: IngestResult,
    ) -> list[dict[str, Any]]:
        """Move the assignments' deadline; the distinct moves, for the notice's record."""
        dated = _dated(item, self.policy)
        new_due = dated[-1][0] if dated else None
        moves: list[dict[str, Any]] = []
        for assignment in assignments:
            before = assignment.due_on
            change = amend_deadline(_state(assignment), due_on=new_due)
            if change is None:
                continue
            assignment.due_text = "; ".join(d.text for d in item.deadlines) or None
            self._apply(assignment, change)
            result.changes.append(
                f"{ref}: {change.message} (original kept for reports)"
            )
            move = {
                "ref": ref,
                "kind": "deadline",
                "from": before.isoformat() if before else None,
                "to": new_due.isoformat() if new_due else None,
            }
            if move not in moves:
                moves.append(move)
        return moves

    def _apply(self, assignment: Assignment, change: Change | None) -> None:
        """Save a change made by the rules of :mod:`domain.assignment`."""
        if change is None:
            return
        state = change.state
        assignment.status = state.status
        assignment.due_on = state.due_on
        assignment.occurrence = state.occurrence
        assignment.last_step = state.last_step
        if not state.followed_up:
            assignment.next_check_on = None
        for event in change.events:
            self._touch(assignment)
            self.event(assignment, event.kind, event.payload)
        if change.reschedule:
            schedule_assignment(
                assignment, issuer=self.issuer.code, ctx=self.ctx, now=self.now
            )

    def _touch(self, assignment: Assignment) -> None:
        assignment.version += 1
        assignment.updated_at = self.now


def _state(assignment: Assignment) -> AssignmentState:
    return AssignmentState(
        id=_id(assignment),
        status=assignment.status,
        owner=None,  # an amendment never changes the owner
        due_on=assignment.due_on,
        original_due_on=assignment.original_due_on,
        occurrence=assignment.occurrence,
        last_step=assignment.last_step,
    )


def _dated(item: ParsedDirective, policy: Policy) -> list[tuple[date, str]]:
    """The item's dated deadlines as the issuer reads them, earliest first."""
    dated = [(policy.due_date(d), d.text) for d in item.deadlines]
    return sorted((due, text) for due, text in dated if due is not None)


def _summary(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def _insert_returning_ids(
    conn: Connection, model: type[SQLModel], rows: list[dict[str, Any]]
) -> list[int]:
    """One multi-row insert; the new ids in the order of ``rows``."""
    table = _table(model)
    if conn.dialect.name == "sqlite":
        # SQLite numbers the rows of an INSERT in the order of its VALUES, after the
        # largest id (the transaction holds the only write lock), so the new ids in
        # ascending order are in the order of ``rows``. Asked to keep the order,
        # SQLAlchemy cannot know that and would insert one row per statement.
        stmt = table.insert().returning(table.c.id)
        ids = sorted(int(i) for i in conn.execute(stmt, rows).scalars())
    else:
        stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        ids = [int(i) for i in conn.execute(stmt, rows).scalars()]
    if len(ids) != len(rows):
        raise RuntimeError(f"{len(rows)} {table.name} rows inserted, {len(ids)} ids")
    return ids


def _follow_up(
    row: dict[str, Any], provisional_id: int, *, issuer: str, today: date
) -> FollowUpItem:
    return FollowUpItem(
        assignment_id=provisional_id,
        issuer=issuer,
        due_on=row["due_on"],
        status=row["status"],
        recurrence=row["recurrence"],
        occurrence=row["occurrence"],
        assigned_on=today,
    )


def _id(row: Notice | Directive | Assignment) -> int:
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id before flush")
    return row.id


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
