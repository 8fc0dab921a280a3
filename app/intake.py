"""Use case: the office registers a notice from an uploaded file, checking what was read.

The upload is kept in a staging folder under a token (its sha256), read and shown: each
directive, each owner resolved or not, each due date next to its phrase. The office may
pick another owner from the registry (and have the registry remember the phrase as an
alias of that body) or correct a date, then confirm: confirming runs the same ingest use
case as ``directives ingest``, then applies the corrections as events by the user.
"""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlmodel import col, select

from app import actions
from app.context import AppContext
from app.documents import base_name, read_notice_text
from app.followup import schedule_assignment
from app.ingest import IngestResult, ingest, prepare_text
from app.orgbook import OrgBook
from domain.errors import InputError, NotFoundError
from domain.escalation import business_date
from domain.notices import GivenHeader, ParsedNotice, ReaderWarning, parse_notice
from domain.resolve import OrgDirectory, resolve_owners
from models.db import session_scope
from models.queries import registry_entries
from models.tables import (
    Assignment,
    AssignmentStatus,
    Directive,
    Event,
    Notice,
    OrgAlias,
    Organization,
)

ACCEPTED_TYPES = (".txt", ".docx", ".pdf")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
_TOKEN = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class OwnerLine:
    """One owner phrase of a directive and what it resolved to."""

    key: str
    text: str
    role: str
    implied: bool
    org: str | None


@dataclass(frozen=True)
class DirectiveLine:
    """One directive as read."""

    index: int
    ref: str
    text: str
    owners: list[OwnerLine]
    deadlines: list[tuple[str, date | None]]
    due_on: date | None
    recurrence: str | None


@dataclass(frozen=True)
class IntakePreview:
    """What the reader found in an uploaded notice."""

    token: str
    filename: str
    number: str | None
    kind: str | None
    issued_on: date | None
    issuer: str | None
    subject: str | None
    directives: list[DirectiveLine]
    warnings: list[ReaderWarning]
    #: header parts the text does not give ("number", "issued_on", "issuer"): the
    #: office supplies them before confirming, as ``directives ingest --number …`` does
    missing: tuple[str, ...] = ()
    #: whether the registry knows the issuer read (or given)
    issuer_known: bool = False


def stage_upload(folder: Path, filename: str, data: bytes) -> str:
    """Keep an uploaded notice for preview and confirmation; return its token.

    Raises:
        InputError: wrong type, empty or too large, or not readable as a notice.
    """
    name = base_name(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED_TYPES:
        raise InputError(
            f"{name}: only {', '.join(ACCEPTED_TYPES)} files can be registered",
            vi=f"{name}: chỉ nhận tệp {', '.join(ACCEPTED_TYPES)}",
        )
    if not data:
        raise InputError(f"{name}: the file is empty", vi=f"{name}: tệp rỗng")
    if len(data) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise InputError(
            f"{name}: larger than {limit} MB",
            vi=f"{name}: tệp lớn hơn {limit} MB",
        )
    token = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{token}{suffix}"
    path.write_bytes(data)
    # refuse unreadable files now, with the reader's reason, naming the upload only
    read_notice_text(path, source=name)
    (folder / f"{token}.name").write_text(name, encoding="utf-8")
    return token


def _staged(folder: Path, token: str) -> tuple[Path, str]:
    if not _TOKEN.match(token):
        raise _unknown_upload()
    for suffix in ACCEPTED_TYPES:
        path = folder / f"{token}{suffix}"
        if path.exists():
            name_file = folder / f"{token}.name"
            name = (
                name_file.read_text(encoding="utf-8")
                if name_file.exists()
                else path.name
            )
            return path, name
    raise _unknown_upload()


def _unknown_upload() -> InputError:
    return InputError(
        "upload: unknown file; upload it again",
        vi="tệp tải lên: không tìm thấy tệp; hãy tải lên lại",
    )


def _read(
    ctx: AppContext, folder: Path, token: str, given: GivenHeader | None = None
) -> tuple[str, str, ParsedNotice, OrgDirectory]:
    """The staged text read once (with the parts the office gave), owners resolved
    against the registry in force on its date (the whole registry when undated)."""
    path, name = _staged(folder, token)
    text = read_notice_text(path, source=name)
    parsed = parse_notice(text, calendar=ctx.calendar, source=name, given=given)
    with session_scope(ctx.engine) as session:
        entries = registry_entries(session=session)
    directory = OrgDirectory.from_entries(entries, on=parsed.header.issued_on)
    return name, text, resolve_owners(parsed, directory), directory


def preview(
    ctx: AppContext, folder: Path, token: str, given: GivenHeader | None = None
) -> IntakePreview:
    """What the reader finds in a staged upload, owners resolved against the registry.

    A text without its number, signing date or issuer is still shown (each missing
    part is named in ``missing`` and in a warning), so the office can supply it.

    Raises:
        InputError: unknown token, or the file is not a notice.
    """
    name, _, parsed, directory = _read(ctx, folder, token, given)
    return _preview_of(token, name, parsed, directory)


def _preview_of(
    token: str, name: str, parsed: ParsedNotice, directory: OrgDirectory
) -> IntakePreview:
    h = parsed.header
    return IntakePreview(
        token=token,
        filename=name,
        number=h.number,
        kind=h.kind,
        issued_on=h.issued_on,
        issuer=h.issuer,
        subject=h.subject,
        directives=[
            DirectiveLine(
                index=i,
                ref=d.ref,
                text=d.text,
                owners=[
                    OwnerLine(
                        key=f"{i}-{j}",
                        text=o.text,
                        role=o.role,
                        implied=o.implied,
                        org=o.org,
                    )
                    for j, o in enumerate(d.owners)
                ],
                deadlines=[(m.text, m.due) for m in d.deadlines],
                due_on=d.due_on,
                recurrence=d.recurrence,
            )
            for i, d in enumerate(parsed.directives)
        ],
        warnings=list(parsed.warnings),
        missing=tuple(
            part
            for part, value in (
                ("number", h.number),
                ("issued_on", h.issued_on),
                ("issuer", h.issuer),
            )
            if not value
        ),
        issuer_known=bool(h.issuer) and directory.resolve(h.issuer or "") is not None,
    )


#: The header parts an office may supply, in English and Vietnamese.
_PARTS = {
    "number": ("number (Số …)", "số, ký hiệu (Số …)"),
    "issued_on": ("signing date", "ngày ban hành"),
    "issuer": ("issuing body", "cơ quan ban hành"),
}


@dataclass(frozen=True)
class Corrections:
    """The office's corrections, by the preview's keys.

    Args:
        owners: owner key (``"<directive>-<owner>"``) → registry code chosen.
        remember: owner keys whose phrase becomes an alias of the chosen body.
        due: directive index → corrected due date.
        header: header parts the office supplies (number, signing date, issuer),
            as ``directives ingest --number --issued-on --issuer`` gives them.
    """

    owners: Mapping[str, str]
    remember: frozenset[str] = frozenset()
    due: Mapping[int, date] | None = None
    header: GivenHeader | None = None


def confirm(
    ctx: AppContext,
    folder: Path,
    token: str,
    corrections: Corrections,
    *,
    now: datetime,
    actor: str,
) -> IngestResult:
    """Register the staged notice with the office's corrections.

    Remembered names are stored as aliases first, so the ingest resolves them as it will
    resolve every later notice; if the ingest is refused they are removed again. Other
    owner choices and date corrections are applied after the ingest, each as an event.

    Raises:
        InputError: unknown token or organisation code, a header part the text lacks
            and the office did not supply, or the ingest refused the notice.
    """
    given = corrections.header
    name, text, parsed, directory = _read(ctx, folder, token, given)
    found = _preview_of(token, name, parsed, directory)
    if found.missing:
        en = ", ".join(_PARTS[p][0] for p in found.missing)
        vi = ", ".join(_PARTS[p][1] for p in found.missing)
        raise InputError(
            f"{found.filename}: the text gives no {en}; supply it before confirming",
            vi=f"{found.filename}: văn bản không có {vi}; hãy nhập trước khi xác nhận",
        )
    owners = {o.key: (d, o) for d in found.directives for o in d.owners}
    for key, code in corrections.owners.items():
        if key not in owners:
            raise InputError(
                f"owner {key}: not in this notice",
                vi=f"đơn vị {key}: không có trong thông báo này",
            )
        if code:
            _org_id(ctx, code)
    learned = _remember(ctx, owners, corrections, actor=actor, now=now)
    try:
        results = ingest(
            [prepare_text(text, source=name, ctx=ctx, given=given)],
            ctx,
            now=now,
            actor=actor,
        )
    except BaseException:
        _forget(ctx, learned)
        raise
    result = results[0]
    if result.outcome != "created" or result.notice_id is None:
        return result
    for key, code in corrections.owners.items():
        directive, owner = owners[key]
        if not code or code == owner.org or key in corrections.remember:
            continue
        for assignment_id in _assignments_of(
            ctx, result.notice_id, directive.ref, owner.text
        ):
            actions.assign_owner(ctx, assignment_id, code, now=now, actor=actor)
    for index, due in (corrections.due or {}).items():
        line = next((d for d in found.directives if d.index == index), None)
        if line is None:
            raise InputError(
                f"due date {index}: not in this notice",
                vi=f"thời hạn {index}: không có trong thông báo này",
            )
        if due != line.due_on:
            correct_due(ctx, result.notice_id, line.ref, due, now=now, actor=actor)
    return result


def _org_id(ctx: AppContext, code: str) -> int:
    with session_scope(ctx.engine) as session:
        found = session.exec(
            select(Organization.id).where(Organization.code == code)
        ).first()
    if found is None:
        raise NotFoundError(
            f"no organisation with code {code!r}",
            vi=f"không có đơn vị nào mang mã {code!r}",
        )
    return found


def _remember(
    ctx: AppContext,
    owners: Mapping[str, tuple[DirectiveLine, OwnerLine]],
    corrections: Corrections,
    *,
    actor: str,
    now: datetime,
) -> list[int]:
    added = []
    with session_scope(ctx.engine) as session:
        for key in sorted(corrections.remember):
            code = corrections.owners.get(key)
            if key not in owners or not code:
                raise InputError(
                    f"owner {key}: pick a body to remember the name for",
                    vi=f"đơn vị {key}: hãy chọn cơ quan để ghi nhớ tên gọi này",
                )
            text = owners[key][1].text.strip()
            org = _org_id(ctx, code)
            exists = session.exec(
                select(OrgAlias).where(OrgAlias.org_id == org, OrgAlias.text == text)
            ).first()
            if exists is None:
                alias = OrgAlias(
                    org_id=org, text=text, created_by=actor, created_at=now
                )
                session.add(alias)
                session.flush()
                added.append(alias.id or 0)
    return added


def _forget(ctx: AppContext, ids: list[int]) -> None:
    with session_scope(ctx.engine) as session:
        for alias_id in ids:
            alias = session.get(OrgAlias, alias_id)
            if alias is not None:
                session.delete(alias)


def _assignments_of(
    ctx: AppContext, notice_id: int, ref: str, owner_text: str
) -> list[int]:
    with session_scope(ctx.engine) as session:
        ids = session.exec(
            select(Assignment.id)
            .join(Directive, col(Directive.id) == col(Assignment.directive_id))
            .where(
                Directive.notice_id == notice_id,
                Directive.ref == ref,
                Assignment.owner_text == owner_text,
            )
        ).all()
    return [i for i in ids if i is not None]


def correct_due(
    ctx: AppContext,
    notice_id: int,
    ref: str,
    due: date,
    *,
    now: datetime,
    actor: str,
) -> int:
    """Correct a due date the reader got wrong: the date as the notice means it.

    Unlike an extension, the corrected date is also the original one. Each assignment of
    the directive gets a ``due_corrected`` event and is rescheduled.

    Returns:
        How many assignments were corrected.
    """
    with session_scope(ctx.engine) as session:
        notice = session.get(Notice, notice_id)
        if notice is None:
            raise NotFoundError(
                f"notice {notice_id} does not exist",
                vi=f"thông báo {notice_id} không tồn tại",
            )

        issuer = OrgBook.load(session).get(notice.issuer_id)
        rows = session.exec(
            select(Assignment)
            .join(Directive, col(Directive.id) == col(Assignment.directive_id))
            .where(Directive.notice_id == notice_id, Directive.ref == ref)
        ).all()
        for a in rows:
            if a.status in (AssignmentStatus.DONE, AssignmentStatus.CANCELLED):
                continue
            payload = {
                "from": a.due_on.isoformat() if a.due_on else None,
                "to": due.isoformat(),
                "on": business_date(now, ctx.policies).isoformat(),
            }
            a.due_on = due
            a.original_due_on = due
            a.occurrence = due.isoformat()
            a.last_step = None
            a.version += 1
            a.updated_at = now
            session.add(
                Event(
                    assignment_id=a.id or 0,
                    kind="due_corrected",
                    actor=actor,
                    at=now,
                    payload=payload,
                )
            )
            schedule_assignment(
                a, issuer=issuer.code if issuer else "", ctx=ctx, now=now
            )
        return len(rows)
