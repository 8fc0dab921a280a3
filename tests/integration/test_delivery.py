"""One bad row never stops the rest: the delivery pass against a real SMTP server.

- the sender may be written "Name <addr>": the name shows in From:, the address is the
  envelope sender and names the Message-IDs;
- an error composing, building or sending one row fails that row (error kept, backoff)
  and the pass goes on;
- recipients refused by the server are recorded one by one; those who got the mail
  never get it again; a temporary refusal is retried to the refused address only;
- the SMTP timeout is a setting; a pass stops after a few server failures in a row or
  when its time budget is spent, leaving the rest waiting;
- a row left `sending` by a pass that died is sent again with the same Message-ID; one
  claimed by a live pass is left alone.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.delivery import deliver, limits_for
from app.ledger import BATCH, DeliveryLimits, LedgerEntry, record
from app.settings import Settings
from app.wiring import notifier_for
from domain.errors import DeliveryError
from models.tables import Delivery, DeliveryStatus
from notifications.render import RenderedMessage
from notifications.senders import (
    FileOutbox,
    OutgoingMessage,
    SmtpNotifier,
    eml_filename,
)
from tests.factories import (
    HANOI,
    load_example_registry,
    make_assignment,
    make_context,
    make_notice,
)
from tests.smtp import BUSY, REFUSED, free_port

NOW = datetime(2024, 1, 8, 9, 0, tzinfo=HANOI)
GOOD_TO = "vanphong@vinhbao.example.org"


def _rows(engine: Engine, *specs: dict[str, Any], mail_from: str | None = None) -> None:
    """Write ledger rows as a decision would (pre-rendered unless ``rule`` says so)."""
    ctx = make_context(engine, **({"mail_from": mail_from} if mail_from else {}))
    entries = []
    for n, spec in enumerate(specs):
        fields: dict[str, Any] = {
            "dedupe_key": f"test:{n}",
            "rule": "report",
            "not_before": NOW - timedelta(minutes=len(specs) - n),
            "to": (GOOD_TO,),
            "message": RenderedMessage(
                subject=f"Thư số {n}", text=f"Nội dung {n}", html=f"<p>{n}</p>"
            ),
        }
        fields.update(spec)
        entries.append(LedgerEntry(**fields))
    with Session(engine) as session:
        record(session, entries, mail_domain=ctx.mail_domain, now=NOW)
        session.commit()


def _ledger(engine: Engine) -> dict[str, Delivery]:
    with Session(engine) as session:
        return {r.dedupe_key: r for r in session.exec(select(Delivery)).all()}


def _subjects(smtp_server) -> list[str]:
    return [
        message_from_bytes(env.content, policy=default_policy)["Subject"]
        for env in smtp_server.handler.envelopes
    ]


# --- the sender ------------------------------------------------------------------------


def test_the_sender_name_shows_in_from_and_its_address_is_envelope_and_message_id(
    engine: Engine, smtp_server
):
    sender = "Văn phòng Huyện ủy Vĩnh Bảo <vanphong@vinhbao.example.org>"
    settings = Settings(mail_from=sender)
    _rows(engine, {}, mail_from=settings.mail_from)
    ctx = make_context(engine, mail_from=settings.mail_from)

    assert deliver(ctx, smtp_server.notifier(), now=NOW).sent == 1

    (envelope,) = smtp_server.handler.envelopes
    assert envelope.mail_from == "vanphong@vinhbao.example.org"
    mail = message_from_bytes(envelope.content, policy=default_policy)
    assert mail["From"].addresses[0].display_name == "Văn phòng Huyện ủy Vĩnh Bảo"
    assert mail["From"].addresses[0].addr_spec == "vanphong@vinhbao.example.org"
    assert mail["Message-ID"].endswith("@vinhbao.example.org>")


def test_a_mail_is_dated_on_the_office_s_clock_by_smtp_and_in_the_file_outbox(
    engine: Engine, smtp_server, tmp_path
):
    """The Date header is the business time with its offset (09:00 +07:00), the same
    instant as the pass's ``now`` given in UTC."""
    _rows(engine, {}, {})
    ctx = make_context(engine)
    utc_now = NOW.astimezone(UTC)
    outbox = FileOutbox(tmp_path / "outbox")
    with Session(engine) as session:
        second = session.exec(select(Delivery).where(Delivery.dedupe_key == "test:1"))
        row = second.one()
        row.not_before = NOW + timedelta(hours=1)
        session.add(row)
        session.commit()
    assert deliver(ctx, smtp_server.notifier(), now=utc_now).sent == 1
    assert deliver(ctx, outbox, now=utc_now + timedelta(hours=1)).sent == 1
    (envelope,) = smtp_server.handler.envelopes
    (written,) = (tmp_path / "outbox").glob("*.eml")
    for data, hour in (
        (envelope.content, "09:00:00"),
        (written.read_bytes(), "10:00:00"),
    ):
        date = message_from_bytes(data, policy=default_policy)["Date"]
        assert date.endswith(f" {hour} +0700")
        assert date.datetime.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("a@vinhbao.example.org, b@vinhbao.example.org", "several addresses"),
        ("a@vinhbao.example.org\r\nBcc: x@evil.example.org", "line break"),
        ('"a@vinhbao.example.org" <x@evil.example.org>', "display name"),
        ("Văn phòng <a@vinhbao.example.org> <x@evil.example.org>", "one address"),
        ("vanphong", "exactly one '@'"),
    ],
)
def test_a_sender_that_is_not_one_address_is_refused_naming_the_setting(value, reason):
    with pytest.raises(ValidationError) as caught:
        Settings(mail_from=value)
    assert "DIRECTIVES_MAIL_FROM" in str(caught.value)
    assert reason in str(caught.value)


# --- one bad row -----------------------------------------------------------------------


def test_a_row_that_cannot_be_built_or_composed_fails_alone_and_the_pass_goes_on(
    engine: Engine, smtp_server
):
    load_example_registry(engine)
    ctx = make_context(engine)
    with Session(engine) as session:
        assignment_id = make_assignment(ctx, session, make_notice(session)).id
        session.commit()
    _rows(
        engine,
        {},
        # stored before addresses were checked: building the mail fails
        {"to": ("vanphong@vinhbao.example.org\r\nBcc: x@evil.example.org",)},
        # a decision whose stored payload the composer cannot use
        {
            "rule": "accepted",
            "message": None,
            "payload": {},
            "assignment_id": assignment_id,
        },
        {},
    )

    report = deliver(ctx, smtp_server.notifier(), now=NOW)

    assert report.sent == 2
    assert report.failed == 2
    assert _subjects(smtp_server) == ["Thư số 0", "Thư số 3"]
    rows = _ledger(engine)
    assert rows["test:1"].status == DeliveryStatus.FAILED
    assert "line break" in (rows["test:1"].last_error or "")
    assert rows["test:2"].status == DeliveryStatus.FAILED
    assert "KeyError" in (rows["test:2"].last_error or "")
    for key in ("test:1", "test:2"):
        assert rows[key].attempts == 1
        assert rows[key].not_before > NOW  # backoff, retried later
        assert rows[key].claimed_by is None

    later = NOW + timedelta(minutes=2)
    again = deliver(ctx, smtp_server.notifier(), now=later)
    assert (again.sent, again.failed) == (0, 2)
    rows = _ledger(engine)
    for key in ("test:1", "test:2"):
        assert rows[key].attempts == 2
        assert rows[key].not_before == later + timedelta(minutes=5)


# --- refusals --------------------------------------------------------------------------


def test_a_refused_recipient_is_recorded_and_the_others_never_get_the_mail_twice(
    engine: Engine, smtp_server
):
    _rows(engine, {"to": (GOOD_TO,), "cc": (REFUSED,)})
    ctx = make_context(engine)
    notifier = smtp_server.notifier()

    first = deliver(ctx, notifier, now=NOW)
    for hours in (1, 5, 30):
        deliver(ctx, notifier, now=NOW + timedelta(hours=hours))

    assert first.sent == 1
    assert [env.rcpt_tos for env in smtp_server.handler.envelopes] == [[GOOD_TO]]
    row = _ledger(engine)["test:0"]
    assert row.status == DeliveryStatus.SENT
    assert row.accepted_addrs == [GOOD_TO]
    assert row.refused == {REFUSED: "550 5.1.1 no such mailbox"}
    assert REFUSED in (row.last_error or "")


def test_a_temporary_refusal_is_retried_to_the_refused_recipient_only(
    engine: Engine, smtp_server
):
    _rows(engine, {"to": (GOOD_TO, BUSY)})
    ctx = make_context(engine)
    notifier = smtp_server.notifier()

    first = deliver(ctx, notifier, now=NOW)
    row = _ledger(engine)["test:0"]
    assert first.failed == 1
    assert row.status == DeliveryStatus.FAILED
    assert row.accepted_addrs == [GOOD_TO]
    assert row.refused[BUSY].startswith("451")

    assert deliver(ctx, notifier, now=NOW + timedelta(minutes=2)).sent == 1
    assert deliver(ctx, notifier, now=NOW + timedelta(hours=5)).sent == 0
    assert [env.rcpt_tos for env in smtp_server.handler.envelopes] == [
        [GOOD_TO],
        [BUSY],
    ]
    ids = {
        message_from_bytes(env.content, policy=default_policy)["Message-ID"]
        for env in smtp_server.handler.envelopes
    }
    assert len(ids) == 1  # the same mail, the header still naming both
    row = _ledger(engine)["test:0"]
    assert row.status == DeliveryStatus.SENT
    assert sorted(row.accepted_addrs) == sorted([GOOD_TO, BUSY])


def test_a_mail_every_recipient_refuses_for_good_is_recorded_and_not_retried(
    engine: Engine, smtp_server
):
    _rows(engine, {"to": (REFUSED,)})
    ctx = make_context(engine)
    report = deliver(ctx, smtp_server.notifier(), now=NOW)
    later = deliver(ctx, smtp_server.notifier(), now=NOW + timedelta(days=2))
    assert report.refused == 1
    assert later.refused == later.sent == later.failed == 0
    row = _ledger(engine)["test:0"]
    assert row.status == DeliveryStatus.REFUSED
    assert row.refused == {REFUSED: "550 5.1.1 no such mailbox"}
    assert row.attempts == 1


# --- timeout, failures in a row, time budget --------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield int(listener.getsockname()[1])
    listener.close()


def test_the_smtp_timeout_is_a_setting_of_ten_seconds_by_default(silent_server):
    assert Settings().smtp_timeout == 10
    settings = Settings(
        smtp_host="127.0.0.1", smtp_port=silent_server, smtp_timeout=0.5
    )
    notifier = notifier_for(settings)
    assert isinstance(notifier, SmtpNotifier)
    assert notifier.timeout == 0.5
    message = OutgoingMessage(
        message_id="<x@vinhbao.example.org>",
        from_addr=GOOD_TO,
        to=(GOOD_TO,),
        cc=(),
        subject="s",
        text="t",
        html="<p>t</p>",
        date=NOW,
    )
    started = time.monotonic()
    with pytest.raises(DeliveryError, match="timed out"):
        notifier.send(message)
    assert time.monotonic() - started < 5


def test_a_pass_stops_after_n_server_failures_in_a_row_leaving_the_rest_pending(
    engine: Engine,
):
    _rows(engine, *({} for _ in range(6)))
    ctx = make_context(engine)
    down = SmtpNotifier("127.0.0.1", free_port(), "none", timeout=2)
    settings = Settings(delivery_max_failures=3)

    report = deliver(ctx, down, now=NOW, limits=limits_for(settings))

    assert (report.sent, report.failed, report.remaining) == (0, 3, 6)
    assert "3 server failures in a row" in report.stopped
    rows = sorted(_ledger(engine).values(), key=lambda r: r.dedupe_key)
    assert [r.status for r in rows] == ["failed"] * 3 + ["pending"] * 3
    assert [r.attempts for r in rows] == [1, 1, 1, 0, 0, 0]


def test_a_pass_stops_when_its_time_budget_is_spent_leaving_the_rest_pending(
    engine: Engine, smtp_server
):
    assert Settings().delivery_time_budget > 0
    smtp_server.handler.data_delay = 0.3
    _rows(engine, *({} for _ in range(8)))
    ctx = make_context(engine)

    report = deliver(
        ctx,
        smtp_server.notifier(),
        now=NOW,
        limits=limits_for(Settings(delivery_time_budget=0.5)),
    )

    assert 1 <= report.sent < 8
    assert report.remaining == 8 - report.sent
    assert "time budget" in report.stopped
    rows = _ledger(engine).values()
    assert sum(r.status == DeliveryStatus.PENDING for r in rows) == 8 - report.sent


# --- rows left `sending` ---------------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _mark_sending(engine: Engine, key: str, claimed_by: str) -> str:
    with Session(engine) as session:
        row = session.exec(select(Delivery).where(Delivery.dedupe_key == key)).one()
        row.status = DeliveryStatus.SENDING
        row.claimed_by = claimed_by
        row.attempts = 1
        session.add(row)
        session.commit()
        return row.message_id


def test_a_row_left_sending_by_a_dead_pass_is_sent_again_with_the_same_message_id(
    engine: Engine, smtp_server
):
    _rows(engine, {"not_before": NOW + timedelta(days=1)})
    message_id = _mark_sending(
        engine, "test:0", f"{socket.gethostname()}:{_dead_pid()}:gone"
    )
    ctx = make_context(engine)

    report = deliver(ctx, smtp_server.notifier(), now=NOW)

    assert report.sent == 1
    (envelope,) = smtp_server.handler.envelopes
    mail = message_from_bytes(envelope.content, policy=default_policy)
    assert mail["Message-ID"] == message_id
    row = _ledger(engine)["test:0"]
    assert (row.status, row.attempts, row.claimed_by) == ("sent", 2, None)


def test_a_row_being_sent_by_a_live_pass_on_sqlite_is_left_alone(
    sqlite_engine: Engine, smtp_server
):
    engine = sqlite_engine
    _rows(engine, {})
    _mark_sending(engine, "test:0", f"{socket.gethostname()}:{os.getppid()}:live")
    report = deliver(make_context(engine), smtp_server.notifier(), now=NOW)
    assert report.sent == 0
    assert report.remaining == 1
    assert _ledger(engine)["test:0"].status == DeliveryStatus.SENDING
    assert smtp_server.handler.envelopes == []


# --- the file outbox, by batches -------------------------------------------------------


def _outbox_files(outbox: FileOutbox) -> list[str]:
    return sorted(p.name for p in outbox.directory.iterdir())


def test_the_file_outbox_takes_rows_by_batches_each_written_once_and_recorded_sent(
    engine: Engine, tmp_path
):
    """More rows than a batch: every row gets its own file, named after its
    Message-ID, and is recorded sent once, with one attempt."""
    count = BATCH + 7
    _rows(engine, *({} for _ in range(count)))
    ctx = make_context(engine)
    outbox = FileOutbox(tmp_path / "outbox")

    report = deliver(ctx, outbox, now=NOW)

    assert (report.sent, report.failed, report.remaining) == (count, 0, 0)
    rows = _ledger(engine).values()
    assert {(r.status, r.attempts, r.claimed_by) for r in rows} == {("sent", 1, None)}
    assert {tuple(r.accepted_addrs) for r in rows} == {(GOOD_TO,)}
    assert _outbox_files(outbox) == sorted(eml_filename(r.message_id) for r in rows)


def test_a_row_that_cannot_be_built_fails_alone_in_a_file_outbox_batch(
    engine: Engine, tmp_path
):
    _rows(
        engine,
        {},
        {"to": ("vanphong@vinhbao.example.org\r\nBcc: x@evil.example.org",)},
        {},
    )
    ctx = make_context(engine)
    outbox = FileOutbox(tmp_path / "outbox")

    report = deliver(ctx, outbox, now=NOW)

    assert (report.sent, report.failed) == (2, 1)
    rows = _ledger(engine)
    assert rows["test:1"].status == DeliveryStatus.FAILED
    assert "line break" in (rows["test:1"].last_error or "")
    assert rows["test:1"].not_before > NOW  # backoff, retried later
    assert len(_outbox_files(outbox)) == 2


class _Died(BaseException):
    """The pass's process ends here (as under kill -9, nothing after it runs)."""


class _DyingOutbox(FileOutbox):
    """Writes the batch, then the pass dies before recording it."""

    def send_many(self, messages: Sequence[OutgoingMessage]) -> list[Exception | None]:
        super().send_many(messages)
        raise _Died


def test_a_file_outbox_batch_written_by_a_pass_that_died_is_rewritten_not_duplicated(
    engine: Engine, tmp_path
):
    """The batch is written, the pass dies before recording it: its rows stay
    `sending`; the next pass sends them again under the same Message-IDs, which
    replaces the same files, so the outbox holds each mail once."""
    _rows(engine, *({} for _ in range(5)))
    ctx = make_context(engine)
    folder = tmp_path / "outbox"

    with pytest.raises(_Died):
        deliver(ctx, _DyingOutbox(folder), now=NOW)
    left = _ledger(engine).values()
    assert {r.status for r in left} == {DeliveryStatus.SENDING}
    written = _outbox_files(FileOutbox(folder))
    assert len(written) == 5

    report = deliver(ctx, FileOutbox(folder), now=NOW)

    assert report.sent == 5
    rows = _ledger(engine).values()
    assert {(r.status, r.attempts) for r in rows} == {("sent", 2)}
    assert _outbox_files(FileOutbox(folder)) == written
    assert written == sorted(eml_filename(r.message_id) for r in rows)


def test_the_delivery_limits_are_settings_with_sane_defaults():
    limits = limits_for(Settings())
    assert limits == DeliveryLimits(time_budget=300.0, max_failures=3)
    with pytest.raises(ValidationError, match="delivery_max_failures"):
        Settings(delivery_max_failures=0)
