"""Kill `directives deliver` with SIGKILL at random points and count what arrives.

The harness behind the fault test (tests/integration/test_deliver_kill.py) and its
benchmark (bench/delivery_kill.py):

1. a ledger is seeded with real decisions (a sweep of overdue assignments: escalations
   and digest items) plus pre-rendered mail;
2. a reference copy of the same ledger is delivered once without faults: the Message-IDs
   it sends (per recipient) are the expected set;
3. `directives deliver` runs again and again against a real SMTP server (aiosmtpd) and is
   killed with SIGKILL after a random delay; after each kill the rows it left `sending`
   are noted (the documented window);
4. clean passes finish the work; every delivery the server received is counted.

Starting a Python process that imports the CLI costs about a second on the machines this
runs on, more than the pass it would run; so a "zygote" process imports the CLI once and
forks a child per run, which runs the real command (`cli.main.app(["deliver", ...])`,
settings from the environment) exactly as `directives deliver` does after its imports.

Run ``python -m tests.killdeliver serve`` for the zygote (commands on stdin: ``run`` →
``pid N``; ``reap N`` → ``exit CODE``).
"""

import importlib
import os
import random
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.followup import sweep
from app.ledger import LedgerEntry, record
from models.tables import Delivery, DeliveryStatus
from notifications.render import RenderedMessage
from tests.factories import (
    HANOI,
    load_example_registry,
    make_assignment,
    make_context,
    make_notice,
)
from tests.smtp import Server

ROOT = Path(__file__).resolve().parent.parent
#: a working hour of a working day, after the seeded items fell overdue
NOW = datetime(2024, 1, 8, 9, 0, tzinfo=HANOI)
NOW_TEXT = NOW.isoformat()
OWNERS = ("btg-huyen-uy", "ubnd-huyen", "dang-uy-xa-tan-hung", "ubnd-xa-nhan-hoa")


def seed(engine: Engine, *, assignments: int, mails: int) -> None:
    """Overdue assignments swept into escalations and digest items, plus ready mail."""
    load_example_registry(engine)
    ctx = make_context(engine)
    with Session(engine) as session:
        notice = make_notice(session)
        for n in range(assignments):
            make_assignment(
                ctx, session, notice, owner=OWNERS[n % len(OWNERS)], ref=str(n + 1)
            )
        session.commit()
    sweep(ctx, now=NOW, batch_size=50)
    entries = [
        LedgerEntry(
            dedupe_key=f"fault:{n}",
            rule="report",
            not_before=NOW - timedelta(hours=1),
            to=(f"nhan{n % 7}@vinhbao.example.org",),
            cc=("vanphong@vinhbao.example.org",) if n % 3 == 0 else (),
            message=RenderedMessage(
                subject=f"Báo cáo số {n}", text=f"Nội dung {n}", html=f"<p>{n}</p>"
            ),
        )
        for n in range(mails)
    ]
    with Session(engine) as session:
        record(session, entries, mail_domain=ctx.mail_domain, now=NOW)
        session.commit()


def deliveries(server: Server) -> Counter[tuple[str, str]]:
    """How many times each (Message-ID, recipient) reached the server."""
    counts: Counter[tuple[str, str]] = Counter()
    for envelope in server.handler.envelopes:
        message_id = str(
            message_from_bytes(envelope.content, policy=default_policy)["Message-ID"]
        )
        for rcpt in envelope.rcpt_tos:
            counts[(message_id, rcpt)] += 1
    return counts


def sending_now(engine: Engine) -> set[str]:
    """Message-IDs of the rows left `sending` (the window a kill may duplicate)."""
    with Session(engine) as session:
        return set(
            session.exec(
                select(Delivery.message_id).where(
                    col(Delivery.status) == DeliveryStatus.SENDING
                )
            ).all()
        )


def waiting(engine: Engine) -> int:
    with Session(engine) as session:
        return len(
            session.exec(
                select(Delivery.id)
                .where(
                    col(Delivery.status).in_(
                        [
                            DeliveryStatus.PENDING,
                            DeliveryStatus.FAILED,
                            DeliveryStatus.SENDING,
                        ]
                    )
                )
                .where(col(Delivery.rule) != "digest-item")
            ).all()
        )


def url_of(engine: Engine) -> str:
    """A database URL a child process can use, schema included (PostgreSQL)."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name != "postgresql":
        return url
    with engine.connect() as conn:
        schema = str(conn.exec_driver_sql("SELECT current_schema()").scalar())
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


class Zygote:
    """A process that has imported the CLI and forks one `deliver` run per request."""

    def __init__(self, database_url: str, smtp_port: int, workdir: Path) -> None:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("DIRECTIVES_")
        }
        env.update(
            {
                "PYTHONPATH": str(ROOT),
                "DIRECTIVES_DATABASE_URL": database_url,
                "DIRECTIVES_SMTP_HOST": "127.0.0.1",
                "DIRECTIVES_SMTP_PORT": str(smtp_port),
                "DIRECTIVES_SMTP_SECURITY": "none",
                "DIRECTIVES_MAIL_FROM": "theodoi@vinhbao.example.org",
                "DIRECTIVES_OUTBOX_DIR": str(workdir / "outbox"),
                "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "false",
            }
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.killdeliver", "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=workdir,
            env=env,
        )
        assert self._read() == "ready"

    def _read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line:
            raise RuntimeError("the deliver zygote died")
        return line

    def _ask(self, command: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self._read()

    def start(self) -> int:
        """Fork a `directives deliver` run; its pid."""
        return int(self._ask("run").split()[1])

    def reap(self, pid: int) -> int:
        """Wait for a run to end; its exit code (negative: killed by that signal)."""
        return int(self._ask(f"reap {pid}").split()[1])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@contextmanager
def zygote(database_url: str, smtp_port: int, workdir: Path) -> Iterator[Zygote]:
    z = Zygote(database_url, smtp_port, workdir)
    try:
        yield z
    finally:
        z.close()


@dataclass
class KillReport:
    """What a series of kills did to delivery."""

    kills: int = 0
    killed_mid_pass: int = 0  # the run was still going when the signal came
    expected: int = 0  # (Message-ID, recipient) pairs of the clean reference run
    delivered: int = 0  # distinct pairs that reached the server
    before_clean: int = 0  # distinct pairs delivered by the runs that were killed
    lost: int = 0
    duplicates: int = 0  # extra copies of a pair
    mails_twice: int = 0  # distinct Message-IDs of which some recipient got copies
    duplicates_outside_window: int = 0
    window_rows: int = 0  # rows found `sending` after a kill
    clean_passes: int = 0
    unexpected: int = 0  # pairs the reference run did not send
    exit_codes: Counter[int] = field(default_factory=Counter)

    def line(self) -> str:
        return (
            f"{self.kills} kills ({self.killed_mid_pass} mid-pass), "
            f"{self.expected} expected deliveries ({self.before_clean} made by the "
            f"killed runs), {self.lost} lost, "
            f"{self.duplicates} duplicates of {self.mails_twice} mails "
            f"({self.duplicates_outside_window} outside "
            f"the window of {self.window_rows} rows found sending), "
            f"{self.clean_passes} clean passes"
        )


@dataclass(frozen=True)
class Reference:
    """The clean run: what it delivered and how long a run takes."""

    expected: Counter[tuple[str, str]]
    rows: int  # ledger rows it sent
    startup: float  # seconds of a run with nothing to send
    full: float  # seconds of the run that sent everything

    def delay(self, rng: random.Random, *, waiting: int, kills_left: int) -> float:
        """A kill delay from half the run's start-up to a few mails into its sending,
        sized so that the kills left share what is still waiting."""
        per_row = max(self.full - self.startup, 0.05) / max(self.rows, 1)
        share = per_row * waiting / (kills_left + 1)
        return rng.uniform(0.5 * self.startup, self.startup + 2 * share)


def reference(engine: Engine, server: Server, workdir: Path) -> Reference:
    """Deliver a freshly seeded ledger once, without faults: the expected deliveries."""
    rows = waiting(engine)
    with zygote(url_of(engine), server.port, workdir) as z:
        started = time.monotonic()
        code = z.reap(z.start())
        full = time.monotonic() - started
        started = time.monotonic()
        again = z.reap(z.start())
        startup = time.monotonic() - started
    if code != 0 or again != 0:
        raise RuntimeError(f"the reference runs exited with {code}, {again}")
    return Reference(deliveries(server), rows, startup, full)


def kill_runs(
    engine: Engine,
    server: Server,
    workdir: Path,
    *,
    ref: Reference,
    kills: int,
    rng: random.Random,
) -> KillReport:
    """Kill `deliver` ``kills`` times after a random delay, then finish cleanly."""
    expected = ref.expected
    report = KillReport(expected=len(expected))
    window: set[str] = set()
    with zygote(url_of(engine), server.port, workdir) as z:
        for n in range(kills):
            delay = ref.delay(rng, waiting=waiting(engine), kills_left=kills - n)
            pid = z.start()
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)  # unreaped, so it still exists
            code = z.reap(pid)
            report.kills += 1
            report.exit_codes[code] += 1
            if code == -signal.SIGKILL:
                report.killed_mid_pass += 1
            found = sending_now(engine)
            report.window_rows += len(found - window)
            window |= found
        before_clean = len(deliveries(server))
        # clean passes until nothing waits (a killed PostgreSQL session may take a
        # moment to end and release the row it held)
        for _ in range(10):
            code = z.reap(z.start())
            report.clean_passes += 1
            if code != 0:
                raise RuntimeError(f"a clean deliver run exited with {code}")
            if waiting(engine) == 0:
                break
            time.sleep(0.3)
    got = deliveries(server)
    report.delivered = len(got)
    report.before_clean = before_clean
    report.lost = sum(1 for pair in expected if got[pair] == 0)
    report.unexpected = sum(1 for pair in got if pair not in expected)
    twice: set[str] = set()
    for (message_id, _rcpt), count in got.items():
        if count > 1:
            twice.add(message_id)
            report.duplicates += count - 1
            if message_id not in window:
                report.duplicates_outside_window += count - 1
    report.mails_twice = len(twice)
    return report


def _serve() -> None:
    """The zygote: import the CLI once, fork a `deliver` run per request."""
    # the command imports these lazily, in its body: a long-running process has them
    for module in ("app.delivery", "models.migrate"):
        importlib.import_module(module)
    from app.settings import get_settings
    from app.wiring import calendar_for
    from cli.main import app

    # what a long-running process has at hand: the imports and the working-day
    # calendar (its holiday tables are imported on first use); no database connection
    calendar_for(get_settings())

    print("ready", flush=True)  # noqa: T201 (the zygote's protocol is stdout)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "run":
            pid = os.fork()
            if pid == 0:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                code = 0
                try:
                    result = app(["deliver", "--now", NOW_TEXT], standalone_mode=False)
                    code = result if isinstance(result, int) else 0
                except SystemExit as exit_:
                    code = int(exit_.code or 0)
                except BaseException:
                    traceback.print_exc()
                    code = 3
                finally:
                    sys.stderr.flush()
                os._exit(code)
            print(f"pid {pid}", flush=True)  # noqa: T201
        elif command == "reap":
            _, status = os.waitpid(int(arg), 0)
            code = (
                -os.WTERMSIG(status)
                if os.WIFSIGNALED(status)
                else os.WEXITSTATUS(status)
            )
            print(f"exit {code}", flush=True)  # noqa: T201


if __name__ == "__main__" and sys.argv[1:] == ["serve"]:
    _serve()
