"""`directives deliver` killed with SIGKILL at random points loses nothing, and sends a
message twice only when the kill caught it in flight (the row was left `sending`).

Each back-end: a ledger of about 280 mails (escalations and digests from a real sweep,
plus ready mail) is delivered once without faults to learn the expected deliveries; an
identical ledger is delivered by `deliver` runs killed 30 times after a random delay,
then by clean runs. Counted per (Message-ID, recipient) at a real SMTP server. See
tests/killdeliver.py for the harness and docs/delivery.md for the guarantee.

Also: two `deliver` runs at once on the same ledger both finish (no IntegrityError, no
"database is locked") and send every message exactly once.
"""

import os
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.engine import Engine

from models.db import make_engine
from models.migrate import upgrade
from tests.conftest import PG_URL
from tests.killdeliver import (
    deliveries,
    kill_runs,
    reference,
    seed,
    url_of,
    waiting,
    zygote,
)
from tests.smtp import start

KILLS = 30
ASSIGNMENTS, MAILS = 40, 200


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def twin_engines(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Engine, Engine]]:
    """Two migrated, identically seeded ledgers on one back-end."""
    if request.param == "sqlite":
        pair = [make_engine(f"sqlite:///{tmp_path / f'{n}.db'}") for n in "ab"]
        for engine in pair:
            upgrade(engine)
            seed(engine, assignments=ASSIGNMENTS, mails=MAILS)
        yield pair[0], pair[1]
        for engine in pair:
            engine.dispose()
        return
    admin = request.getfixturevalue("pg_admin")
    schemas = [f"t_{uuid.uuid4().hex[:12]}" for _ in "ab"]
    with admin.begin() as conn:
        for schema in schemas:
            conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    pair = [make_engine(PG_URL, schema=schema) for schema in schemas]
    try:
        for engine in pair:
            upgrade(engine)
            seed(engine, assignments=ASSIGNMENTS, mails=MAILS)
        yield pair[0], pair[1]
    finally:
        for engine in pair:
            engine.dispose()
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.mark.slow
def test_deliver_killed_30_times_loses_nothing_and_duplicates_only_in_flight_mail(
    twin_engines: tuple[Engine, Engine], tmp_path: Path
):
    ref_engine, engine = twin_engines
    ref_server, server = start(), start()
    try:
        ref = reference(ref_engine, ref_server, tmp_path)
        seed_value = int(os.environ.get("KILL_SEED", random.randrange(1 << 30)))
        report = kill_runs(
            engine,
            server,
            tmp_path,
            ref=ref,
            kills=KILLS,
            rng=random.Random(seed_value),
        )
    finally:
        ref_server.controller.stop()
        server.controller.stop()
    print(f"seed {seed_value}: {report.line()}")  # noqa: T201 (shown with -s)
    assert len(ref.expected) > 250
    assert report.kills == KILLS
    # the kills landed in the runs' work, not only before or after it
    assert report.killed_mid_pass >= KILLS // 2, report.line()
    assert report.before_clean >= len(ref.expected) // 3, report.line()
    assert report.lost == 0, report.line()
    assert report.unexpected == 0, report.line()
    assert report.duplicates_outside_window == 0, report.line()
    # at most the one mail in flight per kill goes out twice
    assert report.mails_twice <= min(report.window_rows, KILLS), report.line()
    assert waiting(engine) == 0


@pytest.mark.slow
def test_two_deliver_runs_at_once_both_finish_and_send_each_mail_once(
    twin_engines: tuple[Engine, Engine], tmp_path: Path
):
    _, engine = twin_engines
    server = start()
    try:
        with zygote(url_of(engine), server.port, tmp_path) as z:
            runs = [z.start() for _ in range(3)]
            codes = [z.reap(pid) for pid in runs]
        assert codes == [0, 0, 0]
        got = deliveries(server)
    finally:
        server.controller.stop()
    assert waiting(engine) == 0
    assert len(got) > 250
    assert max(got.values()) == 1
