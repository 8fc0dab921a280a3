"""The delivery ledger: messages are decided and written here, then sent.

A message is written in the same transaction as the decision that caused it, under a
unique dedupe key per (assignment, step, occurrence); sending is a separate step
(:func:`deliver_pending`). A crash between the two loses nothing (the row stays pending)
and sends nothing twice (the key refuses a second row; a sent row is never picked again).

Rows are rendered when they are sent, from the stored decision and the current records,
so the sweep that decides stays a pair of bulk statements however many items fall due.
"""

import base64
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from domain.errors import DeliveryError
from models.db import insert_for, session_scope
from models.tables import Delivery, DeliveryStatus
from notifications.render import RenderedMessage
from notifications.senders import (
    Attachment,
    Notifier,
    OutgoingMessage,
    message_id_for,
)

# Waits after the 1st, 2nd, … failed attempt; the last one repeats. A failed row is never
# dropped: it is retried on this schedule until it goes out.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
#: Rows a sweep addresses to a superior or the committee: grouped into one digest per
#: recipient at delivery instead of one mail per item.
DIGEST_ITEM = "digest-item"


@dataclass(frozen=True)
class LedgerEntry:
    """One decision to record: which step, for whom, from when."""

    dedupe_key: str
    rule: str
    not_before: datetime
    to: Sequence[str] = ()
    cc: Sequence[str] = ()
    assignment_id: int | None = None
    occurrence: str = ""
    recipient_org_id: int | None = None
    status: str = DeliveryStatus.PENDING
    reason: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    message: RenderedMessage | None = None  # a snapshot rendered at decision time


def ledger_rows(
    entries: Sequence[LedgerEntry], *, mail_domain: str, now: datetime
) -> list[dict[str, Any]]:
    """Plain row dicts for a bulk insert; a pending row without any address becomes skipped."""
    rows = []
    for entry in entries:
        status, reason = entry.status, entry.reason
        if (
            status == DeliveryStatus.PENDING
            and not entry.to
            and entry.rule != DIGEST_ITEM
        ):
            status, reason = (
                DeliveryStatus.SKIPPED,
                reason or "no e-mail address on record",
            )
        rows.append(
            {
                "dedupe_key": entry.dedupe_key,
                "rule": entry.rule,
                "assignment_id": entry.assignment_id,
                "digest_id": None,
                "occurrence": entry.occurrence,
                "recipient_org_id": entry.recipient_org_id,
                "to_addrs": list(entry.to),
                "cc_addrs": [a for a in entry.cc if a not in entry.to],
                "subject": entry.message.subject if entry.message else "",
                "body_text": entry.message.text if entry.message else "",
                "body_html": entry.message.html if entry.message else "",
                "message_id": message_id_for(entry.dedupe_key, mail_domain),
                "payload": entry.payload,
                "status": status,
                "reason": reason,
                "not_before": entry.not_before,
                "attempts": 0,
                "last_error": None,
                "created_at": now,
                "sent_at": None,
            }
        )
    return rows


def record(
    session: Session, entries: Sequence[LedgerEntry], *, mail_domain: str, now: datetime
) -> set[str]:
    """Insert ledger rows in the caller's transaction, keeping the first row of any key.

    Returns:
        The dedupe keys actually written (a key already in the ledger writes nothing).
    """
    if not entries:
        return set()
    rows = ledger_rows(entries, mail_domain=mail_domain, now=now)
    # Core, not the ORM bulk path: a sweep writes a row per due item
    table = Delivery.__table__  # type: ignore[attr-defined]
    stmt = insert_for(session)(table).on_conflict_do_nothing(
        index_elements=["dedupe_key"]
    )
    written = session.connection().execute(stmt.returning(table.c.dedupe_key), rows)
    return set(written.scalars())


@dataclass(frozen=True)
class DeliveryReport:
    """What one delivery pass did."""

    sent: int
    failed: int
    skipped: int
    digests: int
    remaining: int


Composer = Callable[[Session, Delivery], RenderedMessage | None]
Grouper = Callable[[Session, datetime], int]


def deliver_pending(
    engine: Engine,
    notifier: Notifier,
    *,
    now: datetime,
    mail_from: str,
    compose: Composer,
    group: Grouper | None = None,
    limit: int = 1000,
) -> DeliveryReport:
    """Send every pending or failed row whose time has come, each exactly once.

    First ``group`` turns pending digest items into digest rows (one transaction). Then
    each row is claimed, rendered by ``compose`` (None = no longer needed: skipped),
    sent and marked in its own short transaction, so a crash loses at most the message
    in flight, which stays pending and goes out on the next pass.
    """
    digests = 0
    if group is not None:
        with session_scope(engine) as session:
            digests = group(session, now)
    sent = failed = skipped = 0
    with session_scope(engine) as session:
        ids = session.exec(
            select(Delivery.id)
            .where(
                col(Delivery.status).in_(
                    [DeliveryStatus.PENDING, DeliveryStatus.FAILED]
                )
            )
            .where(col(Delivery.rule) != DIGEST_ITEM)
            .where(col(Delivery.not_before) <= now)
            .order_by(col(Delivery.not_before), col(Delivery.id))
            .limit(limit)
        ).all()
    for delivery_id in ids:
        with session_scope(engine) as session:
            row = session.get(Delivery, delivery_id, with_for_update=_lock(engine))
            if row is None or row.status not in (
                DeliveryStatus.PENDING,
                DeliveryStatus.FAILED,
            ):
                continue  # another worker took it
            if not row.subject:
                message = compose(session, row)
                if message is None:
                    row.status = DeliveryStatus.SKIPPED
                    row.reason = row.reason or "no longer needed when its time came"
                    skipped += 1
                    continue
                row.subject, row.body_text, row.body_html = (
                    message.subject,
                    message.text,
                    message.html,
                )
            row.attempts += 1
            try:
                notifier.send(_outgoing(row, mail_from, now))
            except DeliveryError as err:
                row.status = DeliveryStatus.FAILED
                row.last_error = str(err)
                row.not_before = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
                failed += 1
            else:
                row.status = DeliveryStatus.SENT
                row.sent_at = now
                row.last_error = None
                sent += 1
    with session_scope(engine) as session:
        remaining = session.exec(
            select(func.count())
            .select_from(Delivery)
            .where(
                col(Delivery.status).in_(
                    [DeliveryStatus.PENDING, DeliveryStatus.FAILED]
                )
            )
            .where(col(Delivery.rule) != DIGEST_ITEM)
        ).one()
    return DeliveryReport(
        sent=sent, failed=failed, skipped=skipped, digests=digests, remaining=remaining
    )


def _lock(engine: Engine) -> bool | dict[str, bool]:
    # Two delivery workers on PostgreSQL must not both send a row: lock it, skip locked.
    return {"skip_locked": True} if engine.dialect.name == "postgresql" else False


def _outgoing(row: Delivery, mail_from: str, now: datetime) -> OutgoingMessage:
    return OutgoingMessage(
        message_id=row.message_id,
        from_addr=mail_from,
        to=tuple(row.to_addrs),
        cc=tuple(row.cc_addrs),
        subject=row.subject,
        text=row.body_text,
        html=row.body_html,
        headers={"X-Directives-Key": row.dedupe_key},
        date=now,
        attachments=attachments_of(row.payload),
    )


def attachments_of(payload: dict[str, Any]) -> tuple[Attachment, ...]:
    """The files a row's payload carries (``attachments``: filename, content type and
    base64 data, as the report mail stores them)."""
    return tuple(
        Attachment(
            filename=item["filename"],
            content_type=item["content_type"],
            data=base64.b64decode(item["data"]),
        )
        for item in payload.get("attachments", ())
    )


def group_key(prefix: str, ids: Sequence[int]) -> str:
    """A dedupe key naming exactly this set of grouped rows."""
    digest = hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:20]
    return f"{prefix}:{digest}"
