"""The sweep over many assignments against a hand-written raw-SQL baseline.

Data: one notice, N open assignments of which DUE (default 10,000) have their reminder
due today and the rest are due months later. The baseline does the least the same
decision needs in SQL: select the due rows and insert their ledger rows with one
INSERT … SELECT. The sweep does that and more: plans each item in Python (window, working
days, working hours), writes its events and moves each item's next check. Both run on
the same data in one run, each committing its writes (the data is reset after each),
and the pair is repeated.
"""

import statistics
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.context import AppContext
from app.followup import sweep
from models.db import make_engine
from models.migrate import upgrade
from tests.factories import load_example_registry, make_context

NOW = datetime(2023, 12, 26, 2, 0, tzinfo=UTC)  # 09:00 in Hanoi, a working Tuesday
TODAY = date(2023, 12, 26)
DUE_SOON = date(2023, 12, 29)  # reminder fires today (3 working days before)
DUE_LATER = date(2024, 6, 28)
LATER_CHECK = date(2024, 6, 25)


@dataclass
class SweepFigures:
    backend: str
    rows: int
    due: int
    sweep_s: float
    baseline_s: float
    full_baseline_s: float
    peak_mib: float

    @property
    def ratio(self) -> float:
        return self.sweep_s / self.baseline_s

    @property
    def full_ratio(self) -> float:
        return self.sweep_s / self.full_baseline_s


def _seed(engine: Engine, rows: int, due: int) -> None:
    """Bulk-load the assignments in SQL (generation is not what is measured)."""
    load_example_registry(engine)
    pg = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        issuer = conn.execute(
            text("SELECT id FROM organization WHERE code = 'ban-thuong-vu-huyen-uy'")
        ).scalar_one()
        owners = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT id FROM organization WHERE code IN "
                    "('btg-huyen-uy','ubnd-huyen','dang-uy-xa-tan-hung','ubnd-xa-nhan-hoa')"
                )
            )
        ]
        stamp = "2023-09-22 02:00:00.000000" if not pg else "2023-09-22 02:00:00+00"
        conn.execute(
            text(
                "INSERT INTO notice (number, kind, issued_on, issuer_id, source_text, sha256,"
                " recipients, created_at) VALUES ('629-TB/HU', 'THÔNG BÁO', '2023-09-22',"
                f" :issuer, 'bench', :sha, '[]', '{stamp}')"
            ),
            {"issuer": issuer, "sha": "b" * 64},
        )
        notice = conn.execute(text("SELECT max(id) FROM notice")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO directive (notice_id, ref, position, text, span_start, span_end,"
                " cancelled) VALUES (:n, '1', 0, 'bench', 0, 1, false)"
            ),
            {"n": notice},
        )
        directive = conn.execute(text("SELECT max(id) FROM directive")).scalar_one()
        series = (
            "generate_series(1, :count) AS s(n)"
            if pg
            else "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s"
            " WHERE n < :count) SELECT n FROM s) AS s"
        )
        owner_expr = " ".join(f"WHEN {i} THEN {o}" for i, o in enumerate(owners))
        for count, due_on, check in (
            (due, DUE_SOON, TODAY),
            (rows - due, DUE_LATER, LATER_CHECK),
        ):
            conn.execute(
                text(
                    "INSERT INTO assignment (directive_id, owner_id, role, owner_text, summary,"
                    " due_on, original_due_on, status, occurrence, next_check_on,"
                    " created_at, updated_at, version)"
                    f" SELECT :d, CASE n % {len(owners)} {owner_expr} END, 'lead', 'x',"
                    f" 'bench item', :due, :due, 'open', :occ, :check,"
                    f" '{stamp}', '{stamp}', 1 FROM {series}"
                ),
                {
                    "d": directive,
                    "due": due_on,
                    "occ": due_on.isoformat(),
                    "check": check,
                    "count": count,
                },
            )
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()


BASELINE = """
INSERT INTO delivery (dedupe_key, assignment_id, rule, occurrence, recipient_org_id,
  to_addrs, cc_addrs, subject, body_text, body_html, message_id, payload, status, reason,
  not_before, attempts, created_at)
SELECT 'a' || a.id || ':reminder:' || a.occurrence, a.id, 'reminder', a.occurrence,
  a.owner_id, '[]', '[]', '', '', '', '', '{}', 'pending', '', :now, 0, :now
FROM assignment a
WHERE a.next_check_on <= :today AND a.status IN ('open', 'returned')
"""


# The same three writes the sweep makes, set-based: ledger rows, events, next checks.
EVENTS = """
INSERT INTO event (assignment_id, kind, actor, at, payload)
SELECT a.id, 'reminder', 'sweep', :now, '{}' FROM assignment a
WHERE a.next_check_on <= :today AND a.status IN ('open', 'returned')
"""
NEXT_CHECKS = """
UPDATE assignment SET last_step = 'reminder', next_check_on = :next
WHERE next_check_on <= :today AND status IN ('open', 'returned')
"""


def _baseline(engine: Engine, *, full: bool = False) -> tuple[float, int]:
    params = {
        "today": TODAY,
        "next": DUE_SOON,
        "now": NOW if engine.dialect.name == "postgresql" else NOW.replace(tzinfo=None),
    }
    # committed like the sweep's writes (a rolled-back baseline never pays for making
    # them durable), then undone
    with engine.connect() as conn:
        trans = conn.begin()
        start = time.perf_counter()
        written = conn.execute(text(BASELINE), params).rowcount
        if full:
            conn.execute(text(EVENTS), params)
            conn.execute(text(NEXT_CHECKS), params)
        trans.commit()
        elapsed = time.perf_counter() - start
    _reset(engine)
    return elapsed, written


def _reset(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM event"))
        conn.execute(text("DELETE FROM delivery"))
        conn.execute(
            text(
                "UPDATE assignment SET last_step = NULL, next_check_on = :today"
                " WHERE due_on = :soon"
            ),
            {"today": TODAY, "soon": DUE_SOON},
        )


def _sweep(ctx: AppContext, *, trace: bool = False) -> tuple[float, float, int]:
    # tracemalloc slows every allocation, so the peak is taken in a separate run
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    report = sweep(ctx, now=NOW)
    elapsed = time.perf_counter() - start
    peak = 0
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return elapsed, peak / 2**20, report.sent_steps


def measure(
    engine: Engine, backend: str, rows: int, due: int, repeats: int = 3
) -> SweepFigures:
    upgrade(engine)
    _seed(engine, rows, due)
    ctx = make_context(engine)
    sweeps, baselines, fulls, peaks = [], [], [], []
    for n in range(repeats + 1):
        base_s, written = _baseline(engine)
        full_s, _ = _baseline(engine, full=True)
        sweep_s, peak, sent = _sweep(ctx, trace=n == repeats)
        if written != due or sent != due:
            raise RuntimeError(
                f"expected {due} due rows, baseline {written}, sweep {sent}"
            )
        _reset(engine)
        if n == repeats:
            peaks.append(peak)
            break
        sweeps.append(sweep_s)
        baselines.append(base_s)
        fulls.append(full_s)
    return SweepFigures(
        backend=backend,
        rows=rows,
        due=due,
        sweep_s=statistics.median(sweeps),
        baseline_s=statistics.median(baselines),
        full_baseline_s=statistics.median(fulls),
        peak_mib=max(peaks),
    )


def sqlite_engine(path: str) -> Engine:
    return make_engine(f"sqlite:///{path}")


def postgres_engine(url: str, schema: str) -> Engine:
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    return make_engine(url, schema=schema)
