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
import os
import socket
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parseaddr
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import Update, and_, bindparam, or_, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, func, select

from domain import reasons
from domain.addresses import parse_mailbox
from domain.errors import DeliveryError
from domain.reasons import NO_REASON, Reason
from models.db import insert_for, session_scope
from models.tables import Delivery, DeliveryStatus
from notifications.render import RenderedMessage
from notifications.senders import (
    Attachment,
    Notifier,
    OutgoingMessage,
    RecipientsRefusedError,
    ReplacingNotifier,
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
#: Rows taken together by a pass whose sender replaces a message sent again (the file
#: outbox): claimed in one transaction, written, recorded in one transaction.
BATCH = 50


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
    reason: Reason = NO_REASON
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
            status, reason = DeliveryStatus.SKIPPED, reason or reasons.no_address()
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
                "reason": reason.en,
                "reason_vi": reason.vi,
                "not_before": entry.not_before,
                "attempts": 0,
                "last_error": None,
                "created_at": now,
                "sent_at": None,
                "claimed_by": None,
                "accepted_addrs": [],
                "refused": {},
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
class DeliveryLimits:
    """How far one delivery pass may go before it leaves the rest for the next one.

    Args:
        time_budget: seconds after which the pass starts no new message
            (``DIRECTIVES_DELIVERY_TIME_BUDGET``).
        max_failures: the pass stops trying the server after this many server
            failures in a row (``DIRECTIVES_DELIVERY_MAX_FAILURES``).
    """

    time_budget: float = 300.0
    max_failures: int = 3


@dataclass(frozen=True)
class DeliveryReport:
    """What one delivery pass did; ``stopped`` says why it ended early, if it did."""

    sent: int
    failed: int
    skipped: int
    digests: int
    remaining: int
    refused: int = 0
    stopped: str = ""  # why the pass ended early, for logs; "" when it did not
    #: "time_budget" or "server_failures" when the pass ended early
    stop_reason: str = ""
    #: the budget in seconds, or the failures in a row, that ended it
    stop_value: float = 0.0


@dataclass(frozen=True)
class Skip:
    """A row's message is not needed when its time comes; ``reason`` says why.

    The composer returns it instead of a message; the row is recorded as skipped with
    this reason in both languages (e.g. "the work was done", "the body's validity
    ended on 30/06/2025"; see :mod:`domain.reasons`).
    """

    reason: Reason


Composer = Callable[[Session, Delivery], RenderedMessage | Skip]


@runtime_checkable
class BatchComposer(Protocol):
    """A composer that can load what a batch of rows needs before composing each."""

    def __call__(self, session: Session, row: Delivery) -> RenderedMessage | Skip:
        """The row's message, or why it is not needed."""
        ...

    def load(self, session: Session, rows: Sequence[Delivery]) -> None:
        """Read, in a few queries, what composing ``rows`` in ``session`` needs."""
        ...


Grouper = Callable[[Session, datetime], int]

_DUE = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
_WAITING = (DeliveryStatus.PENDING, DeliveryStatus.FAILED, DeliveryStatus.SENDING)


def deliver_pending(
    engine: Engine,
    notifier: Notifier,
    *,
    now: datetime,
    mail_from: str,
    compose: Composer,
    group: Grouper | None = None,
    limit: int = 1000,
    limits: DeliveryLimits | None = None,
    zone: tzinfo | None = None,
) -> DeliveryReport:
    """Send every pending or failed row whose time has come, and recover interrupted ones.

    First ``group`` turns pending digest items into digest rows (one transaction, one
    pass at a time). Then each row goes through three short steps: it is claimed and
    marked ``sending`` with its rendered message and Message-ID in its own commit; the
    message is handed to ``notifier``; the outcome is committed. A pass that dies
    between the first and the last step leaves the row ``sending``; the next pass
    finds its claimer gone and sends it again, with the same Message-ID and content
    (at least once; see docs/delivery.md). A sender that replaces a message sent again
    (:class:`~notifications.senders.ReplacingNotifier`, the file outbox) takes the rows
    by batches of :data:`BATCH` through the same three steps, one transaction for the
    batch's claims and one for its record.

    Any error while composing, building or sending one row fails that row only (the
    error is kept on it, it is retried after a backoff) and the pass goes on. Server
    refusals are recorded per recipient. The pass stops starting new messages when its
    time budget is spent or after ``limits.max_failures`` server failures in a row,
    leaving the rest waiting. Each mail's ``Date`` is ``now`` in ``zone`` (the business
    time zone), so a reader of the stored message sees the office's clock.
    """
    limits = limits or DeliveryLimits()
    stamp = now.astimezone(zone) if zone is not None else now
    started = time.monotonic()
    digests = 0
    if group is not None:
        with write_scope(engine) as session:
            _serialise(session, _GROUP_LOCK)
            digests = group(session, now)
    progress = _Progress(limits=limits, started=started)
    with session_scope(engine) as session:
        ids = session.exec(
            select(Delivery.id)
            .where(
                or_(
                    col(Delivery.status) == DeliveryStatus.SENDING,
                    and_(
                        col(Delivery.status).in_(_DUE),
                        col(Delivery.rule) != DIGEST_ITEM,
                        col(Delivery.not_before) <= now,
                    ),
                )
            )
            .order_by(col(Delivery.not_before), col(Delivery.id))
            .limit(limit)
        ).all()
    todo = [delivery_id for delivery_id in ids if delivery_id is not None]
    # a sender that replaces a message sent again takes the rows by batches: claimed,
    # written and recorded in a few transactions, a crash in between rewriting the
    # same files (no copy twice); any other sender goes row by row
    batched = isinstance(notifier, ReplacingNotifier)
    step = BATCH if batched else 1
    with Claims(engine) as claims:
        for start in range(0, len(todo), step):
            if not progress.may_start():
                break
            if isinstance(notifier, ReplacingNotifier):
                _deliver_batch(
                    engine,
                    notifier,
                    claims,
                    todo[start : start + step],
                    now=now,
                    stamp=stamp,
                    mail_from=mail_from,
                    compose=compose,
                    progress=progress,
                )
                continue
            progress.note(
                _deliver_one(
                    engine,
                    notifier,
                    claims,
                    todo[start],
                    now=now,
                    stamp=stamp,
                    mail_from=mail_from,
                    compose=compose,
                )
            )
    with session_scope(engine) as session:
        remaining = session.exec(
            select(func.count())
            .select_from(Delivery)
            .where(col(Delivery.status).in_(_WAITING))
            .where(col(Delivery.rule) != DIGEST_ITEM)
        ).one()
    tally = progress.tally
    return DeliveryReport(
        sent=tally[DeliveryStatus.SENT],
        failed=tally[DeliveryStatus.FAILED] + tally[_SERVER_FAILED] + tally[_RETRY],
        skipped=tally[DeliveryStatus.SKIPPED],
        digests=digests,
        remaining=remaining,
        refused=tally[DeliveryStatus.REFUSED],
        stopped=progress.stopped,
        stop_reason=progress.stop_reason,
        stop_value=progress.stop_value,
    )


@dataclass
class _Progress:
    """What a pass has done so far, and whether it may start another message."""

    limits: DeliveryLimits
    started: float
    tally: Counter[str] = field(default_factory=Counter)
    failures_in_a_row: int = 0
    stopped: str = ""
    stop_reason: str = ""
    stop_value: float = 0.0

    def may_start(self) -> bool:
        """False, with the reason kept, once the budget or the failures end the pass."""
        if time.monotonic() - self.started >= self.limits.time_budget:
            self.stopped = f"time budget of {self.limits.time_budget:g} s spent"
            self.stop_reason, self.stop_value = "time_budget", self.limits.time_budget
            return False
        if self.failures_in_a_row >= self.limits.max_failures:
            self.stopped = f"{self.failures_in_a_row} server failures in a row"
            self.stop_reason = "server_failures"
            self.stop_value = self.failures_in_a_row
            return False
        return True

    def note(self, outcome: str) -> None:
        self.tally[outcome] += 1
        if outcome == _SERVER_FAILED:
            self.failures_in_a_row += 1
        elif outcome in (DeliveryStatus.SENT, DeliveryStatus.REFUSED, _RETRY):
            self.failures_in_a_row = 0  # the server answered


# Outcomes of one row besides the final statuses
_SERVER_FAILED = "server-failed"  # the server could not be reached or broke off
_RETRY = "retry"  # some recipients refused for now: retried, only to them
_BUSY = "busy"  # another pass has it, or it is no longer due


def _deliver_one(
    engine: Engine,
    notifier: Notifier,
    claims: "Claims",
    delivery_id: int,
    *,
    now: datetime,
    stamp: datetime,
    mail_from: str,
    compose: Composer,
) -> str:
    if not claims.acquire(delivery_id):
        return _BUSY
    try:
        try:
            # claimed in its own commit, before the message goes out
            with write_scope(engine) as session:
                claimed = _claim(
                    session,
                    claims,
                    delivery_id,
                    now=now,
                    mail_from=mail_from,
                    compose=compose,
                )
        except Exception as err:
            # composing this row failed: the row fails, the pass goes on
            _finish(engine, delivery_id, now=now, error=_describe(err))
            return DeliveryStatus.FAILED
        if isinstance(claimed, str):
            return claimed
        try:
            notifier.send(_outgoing(claimed, mail_from, stamp))
        except RecipientsRefusedError as err:
            return _finish(engine, delivery_id, now=now, refusals=err.refusals)
        except DeliveryError as err:
            _finish(engine, delivery_id, now=now, error=str(err))
            return _SERVER_FAILED
        except Exception as err:
            # a message that cannot be built (e.g. an address stored before addresses
            # were checked) fails its row only
            _finish(engine, delivery_id, now=now, error=_describe(err))
            return DeliveryStatus.FAILED
        if not claimed.refused:
            return _record_sent(engine, claimed, now=now)
        return _finish(engine, delivery_id, now=now)
    finally:
        claims.release(delivery_id)


def _claim(
    session: Session,
    claims: "Claims",
    delivery_id: int,
    *,
    now: datetime,
    mail_from: str,
    compose: Composer,
) -> Delivery | str:
    """Mark the row `sending` in the caller's transaction.

    Returns the row, or a status string when it is not this pass's to send (busy,
    no longer due, or skipped as it was composed).
    """
    row = session.get(Delivery, delivery_id, with_for_update=_lock(session.get_bind()))
    return _claim_row(
        session, claims, row, now=now, mail_from=mail_from, compose=compose
    )


def _claim_row(
    session: Session,
    claims: "Claims",
    row: Delivery | None,
    *,
    now: datetime,
    mail_from: str,
    compose: Composer,
) -> Delivery | str:
    """Mark a row read in the caller's transaction (and locked there) `sending`."""
    if row is None:
        return _BUSY
    if row.status == DeliveryStatus.SENDING:
        if not claims.orphaned(row.claimed_by):
            return _BUSY  # in flight in a live pass
    elif (
        row.status not in _DUE
        or row.rule == DIGEST_ITEM
        or _utc(row.not_before) > _utc(now)
    ):
        return _BUSY  # another pass sent it, or it is not due any more
    elif not row.subject:
        message = compose(session, row)
        if isinstance(message, Skip):
            row.status = DeliveryStatus.SKIPPED
            row.reason, row.reason_vi = message.reason.en, message.reason.vi
            return DeliveryStatus.SKIPPED
        row.subject, row.body_text, row.body_html = (
            message.subject,
            message.text,
            message.html,
        )
    if not row.message_id:
        # rows the sweep writes in bulk get theirs here, derived from the key: the
        # same row always carries the same Message-ID, however often it is sent
        row.message_id = message_id_for(row.dedupe_key, parse_mailbox(mail_from).domain)
    row.status = DeliveryStatus.SENDING
    row.claimed_by = claims.token
    row.attempts += 1
    session.add(row)
    return row


def _deliver_batch(
    engine: Engine,
    notifier: ReplacingNotifier,
    claims: "Claims",
    ids: Sequence[int],
    *,
    now: datetime,
    stamp: datetime,
    mail_from: str,
    compose: Composer,
    progress: _Progress,
) -> None:
    """Claim, send and record a batch of rows, for a sender that replaces resent mail.

    The rows are claimed in one transaction (each in a savepoint, so a row that cannot
    be composed fails alone), handed to the sender together and the sent ones recorded
    in one transaction. A crash before that record leaves the batch `sending`; the next
    pass sends it again under the same Message-IDs, which replaces the same files.
    """
    held = []
    for delivery_id in ids:
        if claims.acquire(delivery_id):
            held.append(delivery_id)
        else:
            progress.note(_BUSY)
    try:
        claimed: list[Delivery] = []
        broken: list[tuple[int, str]] = []
        with write_scope(engine) as session:
            # the batch's rows in one query, and what composing them needs in a few
            found = _locked_rows(session, held)
            if isinstance(compose, BatchComposer):
                compose.load(session, [r for r in found.values() if not r.subject])
            for delivery_id in held:
                try:
                    with session.begin_nested():
                        result = _claim_row(
                            session,
                            claims,
                            found.get(delivery_id),
                            now=now,
                            mail_from=mail_from,
                            compose=compose,
                        )
                except Exception as err:
                    # composing this row failed: the row fails, the batch goes on
                    broken.append((delivery_id, _describe(err)))
                    continue
                if isinstance(result, str):
                    progress.note(result)
                else:
                    claimed.append(result)
        for delivery_id, reason in broken:
            _finish(engine, delivery_id, now=now, error=reason)
            progress.note(DeliveryStatus.FAILED)
        messages: list[OutgoingMessage] = []
        rows: list[Delivery] = []
        for row in claimed:
            try:
                messages.append(_outgoing(row, mail_from, stamp))
            except Exception as err:
                _finish(engine, row.id or 0, now=now, error=_describe(err))
                progress.note(DeliveryStatus.FAILED)
                continue
            rows.append(row)
        outcomes: list[str] = []
        sent: list[Delivery] = []
        for row, failure in zip(rows, notifier.send_many(messages), strict=True):
            row_id = row.id or 0
            if failure is None and not row.refused:
                sent.append(row)
                outcomes.append(DeliveryStatus.SENT)
            elif failure is None:
                outcomes.append(_finish(engine, row_id, now=now))
            elif isinstance(failure, RecipientsRefusedError):
                outcomes.append(
                    _finish(engine, row_id, now=now, refusals=failure.refusals)
                )
            elif isinstance(failure, DeliveryError):
                _finish(engine, row_id, now=now, error=str(failure))
                outcomes.append(_SERVER_FAILED)
            else:
                _finish(engine, row_id, now=now, error=_describe(failure))
                outcomes.append(DeliveryStatus.FAILED)
        _record_sent_many(engine, sent, now=now)
        for outcome in outcomes:
            progress.note(outcome)
    finally:
        for delivery_id in held:
            claims.release(delivery_id)


def _locked_rows(session: Session, ids: Sequence[int]) -> dict[int, Delivery]:
    """The rows of ``ids`` by id, locked as :func:`_claim` locks one (a row another
    pass holds on PostgreSQL is left out)."""
    if not ids:
        return {}
    query = select(Delivery).where(col(Delivery.id).in_(ids))
    lock = _lock(session.get_bind())
    if lock:
        query = query.with_for_update(skip_locked=True)
    return {row.id: row for row in session.exec(query).all() if row.id is not None}


def _record_sent_many(
    engine: Engine, rows: Sequence[Delivery], *, now: datetime
) -> None:
    """Record the mails a replacing sender took, in one transaction."""
    if not rows:
        return
    with engine.begin() as conn:
        conn.execute(_mark_sent(now), [_sent_values(row) for row in rows])


def _record_sent(engine: Engine, claimed: Delivery, *, now: datetime) -> str:
    """Record a mail the server took, in one statement committed on its own.

    This commit is the end of the window in which a crash makes the mail go out twice
    (the server has it, the ledger still says `sending`): one round trip, nothing read
    first, the transaction committed by the statement itself.
    """
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(_mark_sent(now), _sent_values(claimed))
    return DeliveryStatus.SENT


def _mark_sent(now: datetime) -> Update:
    """The UPDATE recording a row as sent (parameters: :func:`_sent_values`)."""
    table = Delivery.__table__  # type: ignore[attr-defined]
    statement: Update = (
        table.update()
        .where(table.c.id == bindparam("row_id"))
        .values(
            status=DeliveryStatus.SENT,
            sent_at=now,
            last_error=None,
            claimed_by=None,
            accepted_addrs=bindparam("accepted", type_=table.c.accepted_addrs.type),
        )
    )
    return statement


def _sent_values(row: Delivery) -> dict[str, Any]:
    """The row's id and every address that has its message, this send's included."""
    accepted = [*row.accepted_addrs, *(_bare(a) for a in _envelope(row))]
    return {"row_id": row.id, "accepted": accepted}


def _finish(
    engine: Engine,
    delivery_id: int,
    *,
    now: datetime,
    error: str | None = None,
    refusals: Mapping[str, tuple[int, str]] | None = None,
) -> str:
    """Commit the outcome of one attempt; returns the outcome for the pass's tally."""
    with write_scope(engine) as session:
        row = session.get(Delivery, delivery_id)
        if row is None or row.status not in _WAITING:
            return DeliveryStatus.FAILED
        if error is not None:
            if row.status != DeliveryStatus.SENDING:
                row.attempts += 1  # it failed before its claim was committed
            row.claimed_by = None
            _back_off(row, now, error)
            return DeliveryStatus.FAILED
        row.claimed_by = None
        tried = [_bare(a) for a in _envelope(row)]
        refused = dict(refusals or {})
        row.accepted_addrs = [
            *row.accepted_addrs,
            *(a for a in tried if a not in refused),
        ]
        row.refused = {
            **row.refused,
            **{a: f"{code} {reply}".strip() for a, (code, reply) in refused.items()},
        }
        if not _envelope(row):  # nobody left to try
            row.last_error = _describe_refused(row.refused) if row.refused else None
            if row.accepted_addrs:
                row.status, row.sent_at = DeliveryStatus.SENT, now
                return DeliveryStatus.SENT
            row.status = DeliveryStatus.REFUSED
            return DeliveryStatus.REFUSED
        # some refusals are temporary (4xx): retry later, only to those
        _back_off(row, now, _describe_refused(row.refused))
        return _RETRY


def _back_off(row: Delivery, now: datetime, error: str) -> None:
    row.status = DeliveryStatus.FAILED
    row.last_error = error
    row.not_before = now + BACKOFF[min(row.attempts, len(BACKOFF)) - 1]


def _envelope(row: Delivery) -> list[str]:
    """Who still has to get this row's mail: neither accepted nor refused for good."""
    done = set(row.accepted_addrs) | {
        a for a, reply in row.refused.items() if reply.startswith("5")
    }
    everyone = [*row.to_addrs, *(a for a in row.cc_addrs if a not in row.to_addrs)]
    return [a for a in everyone if _bare(a) not in done]


def _bare(address: str) -> str:
    return parseaddr(address)[1] or address


def _describe(err: Exception) -> str:
    return f"{type(err).__name__}: {err}"


def _describe_refused(refused: Mapping[str, str]) -> str:
    return "refused by the server: " + "; ".join(
        f"{address} ({reply})" for address, reply in sorted(refused.items())
    )


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _lock(engine: Engine | Connection) -> bool | dict[str, bool]:
    # Two delivery workers on PostgreSQL must not both send a row: lock it, skip locked.
    return {"skip_locked": True} if engine.dialect.name == "postgresql" else False


def _outgoing(row: Delivery, mail_from: str, date: datetime) -> OutgoingMessage:
    everyone = [*row.to_addrs, *(a for a in row.cc_addrs if a not in row.to_addrs)]
    envelope = _envelope(row)
    return OutgoingMessage(
        message_id=row.message_id,
        from_addr=mail_from,
        to=tuple(row.to_addrs),
        cc=tuple(row.cc_addrs),
        subject=row.subject,
        text=row.body_text,
        html=row.body_html,
        headers={"X-Directives-Key": row.dedupe_key},
        date=date,
        envelope=None if envelope == everyone else tuple(envelope),
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


# --- who is sending what ---------------------------------------------------------------

_GROUP_LOCK = 1
_ROW_LOCKS = 2
#: The delivery passes running in this process (a `sending` row claimed by a pass of
#: this process that is not among them was left by a pass that died with an error).
_LIVE_PASSES: set[str] = set()


@contextmanager
def write_scope(engine: Engine) -> Iterator[Session]:
    """A session whose transaction holds the write lock from its first statement.

    On SQLite a transaction that reads and then writes fails ("database is locked") if
    another process wrote in between; ``BEGIN IMMEDIATE`` takes the lock up front and
    waits for it instead. PostgreSQL locks rows as usual.
    """
    with session_scope(engine) as session:
        if engine.dialect.name == "sqlite":
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        yield session


def _serialise(session: Session, what: int) -> None:
    """Let one pass at a time through (until the end of the transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(
            text("SELECT pg_advisory_xact_lock(hashtext(current_schema()), :what)"),
            {"what": what},
        )
    # SQLite: the write scope's BEGIN IMMEDIATE already serialises writers


class Claims:
    """Which rows this pass sends, and whether a `sending` row's pass is still alive.

    On PostgreSQL each row is held by a session-level advisory lock from before it is
    marked `sending` until its outcome is committed; the lock dies with the pass's
    connection, so a row that is `sending` and whose lock can be taken was left by a
    pass that died. On SQLite (one machine) the claim names the process: a row claimed
    by a process that no longer exists was left by a pass that died.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self._conn: Connection | None = None

    def __enter__(self) -> "Claims":
        _LIVE_PASSES.add(self.token)
        if self.engine.dialect.name == "postgresql":
            self._conn = self.engine.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        _LIVE_PASSES.discard(self.token)
        if self._conn is not None:
            try:
                self._conn.exec_driver_sql("SELECT pg_advisory_unlock_all()")
                self._conn.commit()
            finally:
                self._conn.close()

    def acquire(self, delivery_id: int) -> bool:
        """Take the row for this pass; False when another live pass has it."""
        if self._conn is None:
            return True
        got = self._conn.execute(
            text(
                "SELECT pg_try_advisory_lock(hashtext(current_schema()) # :kind, :id)"
            ),
            {"kind": _ROW_LOCKS, "id": delivery_id},
        ).scalar()
        self._conn.commit()
        return bool(got)

    def release(self, delivery_id: int) -> None:
        """Let go of the row (its outcome is committed)."""
        if self._conn is None:
            return
        self._conn.execute(
            text("SELECT pg_advisory_unlock(hashtext(current_schema()) # :kind, :id)"),
            {"kind": _ROW_LOCKS, "id": delivery_id},
        )
        self._conn.commit()

    def orphaned(self, claimed_by: str | None) -> bool:
        """Whether a `sending` row claimed by ``claimed_by`` was left by a dead pass.

        Called with the row's lock held (PostgreSQL), so there the answer is yes.
        """
        if self._conn is not None or not claimed_by:
            return True
        host, _, rest = claimed_by.partition(":")
        pid_text, _, _ = rest.partition(":")
        if host != socket.gethostname() or not pid_text.isdigit():
            return False  # SQLite is one machine; a foreign claim is left alone
        pid = int(pid_text)
        if pid == os.getpid():
            return claimed_by not in _LIVE_PASSES
        return not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def group_key(prefix: str, ids: Sequence[int]) -> str:
    """A dedupe key naming exactly this set of grouped rows."""
    digest = hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:20]
    return f"{prefix}:{digest}"
