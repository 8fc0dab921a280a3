"""Nothing is lost and nothing is sent twice, with real processes, SMTP and PostgreSQL.

- a process killed with SIGKILL after the decision was committed but before sending:
  the next delivery sends each message exactly once;
- two sweeps at the same moment in two processes on PostgreSQL write no duplicate;
- with the SMTP server down the rows stay pending with the error, and go out once it
  is back.
"""

import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from app.delivery import deliver
from app.ledger import DeliveryLimits
from models.tables import Delivery, Event
from notifications.senders import SmtpNotifier
from tests.factories import (
    HANOI,
    load_example_registry,
    make_assignment,
    make_context,
    make_notice,
)
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
ESCALATION_DAY = "2024-01-08T09:00:00+07:00"

WORKER = textwrap.dedent(
    """
    import sys
    from app.clock import parse_instant
    from app.followup import sweep
    from models.db import make_engine
    from tests.factories import make_context

    url, schema, now = sys.argv[1], sys.argv[2] or None, parse_instant(sys.argv[3])
    ctx = make_context(make_engine(url, schema=schema))
    print("ready", flush=True)
    sys.stdin.readline()  # wait for "go": both workers start together
    report = sweep(ctx, now=now, batch_size=50)
    print(f"decided {report.sent_steps}", flush=True)
    sys.stdin.readline()  # the test kills us here, before any sending
    """
)


def _spawn(url: str, schema: str, now: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, url, schema, now],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _seed(engine: Engine, items: int) -> None:
    load_example_registry(engine)
    ctx = make_context(engine)
    owners = ["btg-huyen-uy", "ubnd-huyen", "dang-uy-xa-tan-hung", "ubnd-xa-nhan-hoa"]
    with Session(engine) as session:
        notice = make_notice(session)
        for n in range(items):
            make_assignment(
                ctx, session, notice, owner=owners[n % len(owners)], ref=str(n + 1)
            )
        session.commit()


def _schema_of(engine: Engine) -> str:
    if engine.dialect.name != "postgresql":
        return ""
    with engine.connect() as conn:
        return str(conn.exec_driver_sql("SELECT current_schema()").scalar())


def test_a_process_killed_between_decision_and_sending_loses_nothing_and_sends_once(
    engine: Engine, smtp_server
):
    _seed(engine, 6)
    proc = _spawn(
        engine.url.render_as_string(hide_password=False),
        _schema_of(engine),
        ESCALATION_DAY,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "decided 6"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL

    ctx = make_context(engine)
    notifier = smtp_server.notifier()
    now = datetime(2024, 1, 8, 9, 5, tzinfo=HANOI)
    first = deliver(ctx, notifier, now=now)
    second = deliver(ctx, notifier, now=now + timedelta(minutes=5))
    # six escalations to owners, plus one digest per recipient (the committee's office
    # for the committee and for the superiors that route through it, and UBND huyện)
    assert first.sent == len(smtp_server.handler.envelopes) >= 6
    assert second.sent == 0
    ids = Counter(
        env.content.split(b"Message-ID: ")[1].split(b"\r\n")[0]
        for env in smtp_server.handler.envelopes
    )
    assert max(ids.values()) == 1


@pytest.mark.postgres
def test_two_sweeps_at_the_same_moment_on_postgres_write_no_duplicate(
    pg_engine: Engine,
):
    engine = pg_engine
    _seed(engine, 400)
    url, schema = engine.url.render_as_string(hide_password=False), _schema_of(engine)
    workers = [_spawn(url, schema, ESCALATION_DAY) for _ in range(2)]
    for proc in workers:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    decided = []
    for proc in workers:
        assert proc.stdout is not None
        decided.append(int(proc.stdout.readline().split()[1]))
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=60)
    assert sum(decided) == 400  # the work was shared, not repeated
    with Session(engine) as session:
        keys = session.exec(select(Delivery.dedupe_key)).all()
        escalated_events = session.exec(
            select(func.count()).select_from(Event).where(Event.kind == "escalated")
        ).one()
    assert len(keys) == len(set(keys))
    assert escalated_events == 400


def test_with_the_smtp_server_down_rows_stay_pending_with_the_error_then_go_out_once(
    engine: Engine, smtp_server
):
    _seed(engine, 2)
    ctx = make_context(engine)
    from app.followup import sweep

    now = datetime(2024, 1, 8, 9, 0, tzinfo=HANOI)
    sweep(ctx, now=now)
    down = SmtpNotifier(
        "127.0.0.1", free_port(), "none", timeout=2, local_hostname="localhost"
    )
    # every row tried (the pass's stop after a few server failures in a row is pinned
    # in test_delivery.py)
    report = deliver(ctx, down, now=now, limits=DeliveryLimits(max_failures=100))
    assert report.sent == 0
    assert report.failed >= 2
    with Session(engine) as session:
        failed = session.exec(select(Delivery).where(Delivery.status == "failed")).all()
    assert failed
    assert all(r.last_error and r.attempts == 1 for r in failed)
    # not before its backoff
    assert (
        deliver(ctx, smtp_server.notifier(), now=now + timedelta(seconds=30)).sent == 0
    )
    back = deliver(ctx, smtp_server.notifier(), now=now + timedelta(minutes=2))
    assert back.sent == report.failed
    assert deliver(ctx, smtp_server.notifier(), now=now + timedelta(hours=3)).sent == 0
    assert len(smtp_server.handler.envelopes) == back.sent
