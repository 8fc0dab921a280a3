"""All tables of the app database (SQLModel).

Instants are timezone-aware UTC (:class:`UTCDateTime`); business dates are plain ``date``s
in Asia/Ho_Chi_Minh. No ``from __future__ import annotations`` here: SQLModel reads the
annotations at class creation.
"""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from domain.assignment import AssignmentStatus as AssignmentStatus
from domain.assignment import Role as Role
from models.types import UTCDateTime


def utcnow() -> datetime:
    """The current instant in UTC (used only for bookkeeping timestamps)."""
    return datetime.now(UTC)


class DeliveryStatus(StrEnum):
    """Where a ledger row stands: written, being sent, sent, failed (will retry),
    refused (by the server, for every recipient, for good), skipped, grouped."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    REFUSED = "refused"
    SKIPPED = "skipped"
    GROUPED = "grouped"


# --- organisations -------------------------------------------------------------------


class OrganizationBase(SQLModel):
    code: str = Field(index=True, unique=True, max_length=100)
    name: str
    kind: str = Field(max_length=40)
    emails: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    aliases: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    valid_from: date | None = None
    valid_to: date | None = None


class Organization(OrganizationBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="organization.id")
    office_id: int | None = Field(default=None, foreign_key="organization.id")


class OrganizationMember(SQLModel, table=True):
    """Membership of a group organisation ("Các chi, đảng bộ trực thuộc")."""

    __tablename__ = "organization_member"

    group_id: int = Field(foreign_key="organization.id", primary_key=True)
    member_id: int = Field(foreign_key="organization.id", primary_key=True)


class OrganizationPublic(OrganizationBase):
    id: int
    parent: str | None = None
    office: str | None = None
    members: list[str] = []


# --- notices and directives ----------------------------------------------------------


class NoticeBase(SQLModel):
    number: str = Field(max_length=60)
    kind: str = Field(max_length=40)
    issued_on: date
    place: str | None = None
    subject: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    signing_form: str | None = Field(default=None, max_length=20)
    issuer_text: str | None = None
    recipients: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class Notice(NoticeBase, table=True):
    __table_args__ = (
        UniqueConstraint(
            "issuer_id", "kind", "number", "issued_on", name="uq_notice_identity"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    issuer_id: int = Field(foreign_key="organization.id", index=True)
    source_name: str | None = None
    source_text: str
    sha256: str = Field(max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Directive(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("notice_id", "ref", name="uq_directive_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    ref: str = Field(max_length=40)
    position: int
    text: str
    span_start: int
    span_end: int
    recurrence: str | None = Field(default=None, max_length=20)
    cancelled: bool = False


class NoticeAmendment(SQLModel, table=True):
    """One amendment of a notice: another text stored under the same identity.

    ``changes`` lists what the new text changed, one entry per directive:
    ``{"ref": "5", "kind": "added"}``, ``{"ref": "4", "kind": "dropped"}``,
    ``{"ref": "2", "kind": "text"}`` or ``{"ref": "1", "kind": "deadline",
    "from": "2023-12-31", "to": "2024-06-30"}`` (ISO dates or null).
    """

    __tablename__ = "notice_amendment"

    id: int | None = Field(default=None, primary_key=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(max_length=100)
    source_name: str | None = None
    previous_sha256: str = Field(max_length=64)
    sha256: str = Field(max_length=64)
    changes: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


# --- assignments ---------------------------------------------------------------------


class AssignmentBase(SQLModel):
    role: str = Field(default=Role.LEAD, max_length=10)
    owner_text: str
    summary: str
    due_on: date | None = None
    original_due_on: date | None = None
    due_text: str | None = None
    recurrence: str | None = Field(default=None, max_length=20)
    status: str = Field(default=AssignmentStatus.OPEN, max_length=20)
    completed_on: date | None = None
    accepted_on: date | None = None


class Assignment(AssignmentBase, table=True):
    __table_args__ = (
        # The sweep reads only rows whose next check has come: this index keeps its cost
        # proportional to the due rows, not to the table.
        Index("ix_assignment_next_check", "next_check_on"),
        Index("ix_assignment_status_due", "status", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    owner_id: int | None = Field(
        default=None, foreign_key="organization.id", index=True
    )
    parent_id: int | None = Field(default=None, foreign_key="assignment.id", index=True)
    # the notice's issuer, copied: it never changes, and the sweep, the reports and the
    # mail need it without walking assignment → directive → notice
    issuer_id: int | None = Field(
        default=None, foreign_key="organization.id", index=True
    )
    occurrence: str = Field(default="", max_length=40)
    last_step: str | None = Field(default=None, max_length=30)
    next_check_on: date | None = None
    last_progress_request_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class Milestone(SQLModel, table=True):
    """A dated deadline inside a directive; the assignment is due at the last one."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    due_on: date
    text: str


class Event(SQLModel, table=True):
    """Append-only history of an assignment."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    kind: str = Field(max_length=30)
    actor: str = Field(max_length=100)
    at: datetime = Field(sa_type=UTCDateTime)
    payload: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )


class Delivery(SQLModel, table=True):
    """The mail ledger and outbox: one row per message decided, unique per step."""

    __table_args__ = (Index("ix_delivery_status_not_before", "status", "not_before"),)

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(unique=True, max_length=200)
    assignment_id: int | None = Field(
        default=None, foreign_key="assignment.id", index=True
    )
    digest_id: int | None = Field(default=None, foreign_key="delivery.id", index=True)
    rule: str = Field(max_length=30)
    occurrence: str = Field(default="", max_length=40)
    recipient_org_id: int | None = Field(default=None, foreign_key="organization.id")
    to_addrs: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    cc_addrs: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    subject: str = ""
    body_text: str = ""
    body_html: str = ""
    message_id: str = Field(default="", max_length=200)
    # What the message needs beyond the stored rows (e.g. days overdue at decision time):
    # messages are rendered when they are sent, from this and the current records.
    payload: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    status: str = Field(default=DeliveryStatus.PENDING, max_length=10)
    # Why the row is as it is, in English and in Vietnamese (domain/reasons.py); rows
    # written before the Vietnamese was kept have "" there and show the English.
    reason: str = ""
    reason_vi: str = Field(default="", sa_column_kwargs={"server_default": ""})
    not_before: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The delivery pass sending it while the row is `sending` ("host:pid:pass").
    claimed_by: str | None = Field(default=None, max_length=200)
    # Envelope addresses the server accepted; a retry never sends to them again.
    accepted_addrs: list[str] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default=text("'[]'")),
    )
    # Per refused envelope address: the server's reply ("550 5.1.1 no such mailbox").
    refused: dict[str, str] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False, server_default=text("'{}'")),
    )


class SweepMark(SQLModel, table=True):
    """Book-keeping of periodic jobs (e.g. the week of the last weekly digest)."""

    __tablename__ = "sweep_mark"

    name: str = Field(primary_key=True, max_length=100)
    value: str
    at: datetime = Field(sa_type=UTCDateTime)


# --- accounts of the web workspace ---------------------------------------------------


class UserRole(StrEnum):
    """What a signed-in person may do (see docs/web.md)."""

    OFFICE = "office"
    OWNER = "owner"
    VIEWER = "viewer"


class UserAccount(SQLModel, table=True):
    """A person who signs in to the workspace; belongs to one organisation."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    org_id: int = Field(foreign_key="organization.id", index=True)
    role: str = Field(max_length=10)
    password_hash: str
    locale: str = Field(default="vi", max_length=5)
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class LoginFailure(SQLModel, table=True):
    """One failed sign-in of an account: enough of them in a window lock it."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_email_at", "email", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    at: datetime = Field(sa_type=UTCDateTime)


class OrgAlias(SQLModel, table=True):
    """A spelling an office taught the registry ("remember this name").

    Kept apart from the registry file's aliases, so that loading the file again keeps it.
    """

    __tablename__ = "org_alias"
    __table_args__ = (UniqueConstraint("org_id", "text", name="uq_org_alias"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organization.id", index=True)
    text: str = Field(max_length=300)
    created_by: str = Field(max_length=254)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
