"""Keyword-only factories with deterministic defaults."""

from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.calendars import build_calendar
from app.context import AppContext
from app.followup import assigned_entry, schedule_assignment
from app.ledger import record
from app.orgbook import OrgBook
from app.orgs import load_registry
from domain.assignment import Role
from domain.policy import PolicySet
from domain.workdays import WorkCalendar
from models.tables import Assignment, Directive, Notice, Organization
from notifications.render import render
from notifications.senders import OutgoingMessage, message_id_for
from notifications.views import AssignedView, DirectiveRef, NoticeRef

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SIGNED = datetime(2023, 9, 22, 2, 0, tzinfo=UTC)  # 09:00 in Hanoi
HANOI = timezone(timedelta(hours=7))


def at(text: str) -> datetime:
    """A local Hanoi time written without its offset, e.g. ``at("2024-01-08T09:00")``."""
    return datetime.fromisoformat(text).replace(tzinfo=HANOI)


@lru_cache(maxsize=1)
def vn_calendar() -> WorkCalendar:
    """The shipped Vietnamese working-day calendar."""
    return build_calendar(range(2020, 2031))


def make_context(engine: Engine, **overrides: object) -> AppContext:
    fields: dict[str, object] = {
        "engine": engine,
        "calendar": vn_calendar(),
        "policies": PolicySet(),
        "base_url": "https://directives.example.org",
        "mail_from": "theodoi@vinhbao.example.org",
    }
    fields.update(overrides)
    return AppContext(**fields)  # type: ignore[arg-type]


def load_example_registry(engine: Engine) -> None:
    load_registry(engine, EXAMPLES / "vinh-bao-2023.toml")


def org_id(session: Session, code: str) -> int:
    org = session.exec(select(Organization).where(Organization.code == code)).one()
    assert org.id is not None
    return org.id


def make_notice(
    session: Session,
    *,
    issuer: str = "ban-thuong-vu-huyen-uy",
    number: str = "629-TB/HU",
    issued_on: date = date(2023, 9, 22),
) -> Notice:
    notice = Notice(
        number=number,
        kind="THÔNG BÁO",
        issued_on=issued_on,
        issuer_id=org_id(session, issuer),
        source_text=f"{number} text",
        sha256=f"{number}-{issued_on}".ljust(64, "0")[:64],
        created_at=SIGNED,
    )
    session.add(notice)
    session.flush()
    return notice


def make_assignment(
    ctx: AppContext,
    session: Session,
    notice: Notice,
    *,
    owner: str | None = "btg-huyen-uy",
    due: date | None = date(2023, 12, 31),
    ref: str = "1",
    recurrence: str | None = None,
    now: datetime = SIGNED,
    tell_owner: bool = False,
) -> Assignment:
    """An open assignment scheduled for the sweep as ingest would leave it."""
    directive = Directive(
        notice_id=notice.id or 0,
        ref=ref,
        position=int(ref.split(".")[0].strip("-") or 0),
        text=f"Chỉ đạo số {ref}",
        span_start=0,
        span_end=10,
        recurrence=recurrence,
    )
    session.add(directive)
    session.flush()
    assignment = Assignment(
        directive_id=directive.id or 0,
        issuer_id=notice.issuer_id,
        owner_id=org_id(session, owner) if owner else None,
        owner_text=owner or "một đơn vị lạ",
        summary=f"Chỉ đạo số {ref}",
        due_on=due,
        original_due_on=due,
        recurrence=recurrence,
        status="open" if owner else "needs_owner",
        occurrence=due.isoformat() if due else "",
        created_at=now,
        updated_at=now,
    )
    session.add(assignment)
    session.flush()
    issuer = session.get(Organization, notice.issuer_id)
    assert issuer is not None
    schedule_assignment(assignment, issuer=issuer.code, ctx=ctx, now=now)
    if tell_owner and owner:
        book = OrgBook.load(session)
        entry = assigned_entry(
            assignment,
            issuer=issuer.code,
            addresses=book.addresses(assignment.owner_id),
            ctx=ctx,
            now=now,
        )
        record(session, [entry], mail_domain=ctx.mail_domain, now=now)
    return assignment


def assigned_message(
    *,
    directive_text: str = "Rà soát những tồn tại, hạn chế trong công tác dư luận.",
    **overrides: Any,
) -> OutgoingMessage:
    """The worked example's first directive assigned to Ban Tuyên giáo, as a mail with a
    Vietnamese subject, a display-name sender and one copied recipient."""
    view = AssignedView(
        recipient_name="Ban Tuyên giáo Huyện ủy",
        notice=NoticeRef(
            number="629-TB/HU",
            kind="THÔNG BÁO",
            issued_on=date(2023, 9, 22),
            issuer="Thường trực Huyện ủy",
        ),
        directive=DirectiveRef(ref="1", text=directive_text),
        owner_name="Ban Tuyên giáo Huyện ủy",
        link="https://theodoi.example.vn/assignments/1",
        role=Role.LEAD,
        due_on=date(2023, 12, 31),
    )
    rendered = render("assigned", view)
    fields: dict[str, Any] = {
        "message_id": message_id_for("a1:assigned:", "huyenuy.example.vn"),
        "from_addr": "Văn phòng Huyện ủy <vanphong@huyenuy.example.vn>",
        "to": ("Ban Tuyên giáo Huyện ủy <btg@huyenuy.example.vn>",),
        "cc": ("thuongtruc@huyenuy.example.vn",),
        "subject": rendered.subject,
        "text": rendered.text,
        "html": rendered.html,
        "headers": {"X-Directives-Key": "a1:assigned:"},
    }
    return OutgoingMessage(**(fields | overrides))
