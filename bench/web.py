"""The web workspace over 100,000 assignments: pages against the raw SQL of their figures.

A database of generated notices (the example registry, one issuing committee) is served
by the real application (uvicorn on a loopback port, in a thread); the overview and a
filtered list page are fetched over HTTP as the office, and compared with hand-written
SQL that fetches the same figures on the same connection pool. The statements each page
sends are counted with an engine event.

`python -m bench.web` runs this benchmark alone and rewrites its section of
docs/benchmarks.md.
"""

import random
import re
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import event, insert, text

from app.orgs import init_database, load_registry
from app.settings import Settings
from app.users import add_user
from app.wiring import context_for
from models.tables import Assignment, Directive, Event, Notice, Organization
from tests.smtp import free_port
from web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "examples" / "vinh-bao-2023.toml"
PASSWORD = "mat-khau-do-hieu-nang-2024"
TODAY = date(2024, 6, 12)
NOW = datetime(2024, 6, 12, 3, 0, tzinfo=UTC)
ROUNDS = 9


@dataclass(frozen=True)
class PageFigures:
    """One page: its median time over HTTP and that of its raw SQL."""

    name: str
    page_ms: float
    sql_ms: float
    statements: int

    @property
    def ratio(self) -> float:
        return self.page_ms / self.sql_ms


@dataclass(frozen=True)
class WebFigures:
    """What the benchmark measured."""

    assignments: int
    pages: list[PageFigures]


def _populate(settings: Settings, total: int) -> None:
    ctx = context_for(settings)
    init_database(ctx.engine)
    load_registry(ctx.engine, REGISTRY)
    rng = random.Random(11)
    with ctx.engine.begin() as conn:
        registry = conn.execute(text("SELECT code, id, kind FROM organization")).all()
        orgs: dict[str, int] = {str(r[0]): int(r[1]) for r in registry}
        kinds: dict[str, str] = {str(r[0]): str(r[2]) for r in registry}
        issuer = orgs["thuong-truc-huyen-uy"]
        owners = [
            orgs[c]
            for c in orgs
            if kinds[c] not in ("group", "collaborators", "committee", "office")
        ]
        per_notice, per_directive = 5, 10
        notices = total // (per_notice * per_directive)
        conn.execute(
            insert(Notice),
            [
                {
                    "id": n + 1,
                    "number": f"{n + 1}-TB/HU",
                    "kind": "THÔNG BÁO",
                    "issued_on": date(2022, 1, 1) + timedelta(days=n % 880),
                    "recipients": [],
                    "issuer_id": issuer,
                    "source_text": "…",
                    "sha256": f"{n:064x}",
                    "created_at": NOW,
                }
                for n in range(notices)
            ],
        )
        conn.execute(
            insert(Directive),
            [
                {
                    "id": n * per_notice + d + 1,
                    "notice_id": n + 1,
                    "ref": str(d + 1),
                    "position": d,
                    "text": "Rà soát, báo cáo kết quả thực hiện.",
                    "span_start": 0,
                    "span_end": 1,
                }
                for n in range(notices)
                for d in range(per_notice)
            ],
        )
        rows = []
        events = []
        for i in range(notices * per_notice * per_directive):
            directive = i // per_directive + 1
            issued = date(2022, 1, 1) + timedelta(days=((directive - 1) // 5) % 880)
            month_end = _month_end(
                issued + timedelta(days=rng.choice((30, 60, 90, 180)))
            )
            due: date | None = month_end
            roll = rng.random()
            status, recurrence = "open", None
            owner: int | None = rng.choice(owners)
            original: date | None = month_end
            accepted: date | None = None
            if roll < 0.35:
                status = "done"
                accepted = month_end + timedelta(days=rng.randint(-40, 25))
                if accepted > TODAY:
                    status, accepted = "open", None
            elif roll < 0.40:
                status = "reported"
            elif roll < 0.43:
                status = "returned"
            elif roll < 0.45:
                status, owner = "needs_owner", None
            elif roll < 0.47:
                status = "cancelled"
            elif roll < 0.55:
                due, original, recurrence = None, None, "ongoing"
            elif roll < 0.60:
                due = month_end + timedelta(days=30)
            rows.append(
                {
                    "id": i + 1,
                    "directive_id": directive,
                    "issuer_id": issuer,
                    "owner_id": owner,
                    "role": "lead",
                    "owner_text": "Ban Tuyên giáo Huyện ủy",
                    "summary": f"Rà soát, báo cáo kết quả thực hiện số {i + 1}",
                    "due_on": due,
                    "original_due_on": original,
                    "recurrence": recurrence,
                    "status": status,
                    "accepted_on": accepted,
                    "completed_on": accepted,
                    "occurrence": "",
                    "created_at": NOW,
                    "updated_at": NOW,
                    "version": 1,
                }
            )
            events.append(
                {
                    "assignment_id": i + 1,
                    "kind": "created",
                    "actor": "bench",
                    "at": NOW - timedelta(minutes=i % 5000),
                    "payload": {},
                }
            )
        for start in range(0, len(rows), 10_000):
            conn.execute(insert(Assignment), rows[start : start + 10_000])
            conn.execute(insert(Event), events[start : start + 10_000])
        _ = Organization  # the registry was loaded through the use case above
    add_user(
        ctx.engine,
        "vanphong@vinhbao.example.org",
        org="van-phong-huyen-uy",
        role="office",
        password=PASSWORD,
    )


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


_OVERVIEW_SQL = [
    # the figures: one pass with a CASE per category, as the report defines them
    """
    SELECT count(*),
      sum(CASE WHEN a.status='done' AND a.accepted_on<=:d
               AND (a.due_on IS NULL OR a.accepted_on<=a.due_on) THEN 1 ELSE 0 END),
      sum(CASE WHEN a.status='done' AND a.accepted_on<=:d AND a.accepted_on>a.due_on
               THEN 1 ELSE 0 END),
      sum(CASE WHEN NOT (a.status='done' AND a.accepted_on<=:d) AND a.due_on>=:d
               THEN 1 ELSE 0 END),
      sum(CASE WHEN NOT (a.status='done' AND a.accepted_on<=:d) AND a.due_on<:d
               THEN 1 ELSE 0 END),
      sum(CASE WHEN a.due_on IS NULL AND a.recurrence IS NOT NULL THEN 1 ELSE 0 END),
      sum(CASE WHEN a.due_on IS NULL AND a.recurrence IS NULL THEN 1 ELSE 0 END),
      sum(CASE WHEN a.due_on<>a.original_due_on THEN 1 ELSE 0 END),
      sum(CASE WHEN NOT (a.status='done' AND a.accepted_on<=:d) AND (a.status='returned'
               OR a.id IN (SELECT assignment_id FROM event WHERE kind='returned'))
               THEN 1 ELSE 0 END),
      sum(CASE WHEN a.owner_id IS NULL THEN 1 ELSE 0 END)
    FROM assignment a
    WHERE a.issuer_id IN (:i1, :i2, :i3) AND a.status<>'cancelled'
    """,
    """
    SELECT a.id, a.summary, a.due_on, n.number, r.ref, o.name
    FROM assignment a JOIN directive r ON r.id=a.directive_id
    JOIN notice n ON n.id=r.notice_id LEFT JOIN organization o ON o.id=a.owner_id
    WHERE a.issuer_id IN (:i1, :i2, :i3) AND a.status NOT IN ('done','cancelled')
      AND a.due_on<:d
    ORDER BY a.due_on, a.id LIMIT 20
    """,
    """
    SELECT a.id, a.summary, a.due_on, n.number, r.ref, o.name
    FROM assignment a JOIN directive r ON r.id=a.directive_id
    JOIN notice n ON n.id=r.notice_id LEFT JOIN organization o ON o.id=a.owner_id
    WHERE a.issuer_id IN (:i1, :i2, :i3) AND a.status NOT IN ('done','cancelled')
      AND a.due_on>=:d AND a.due_on<=:until
    ORDER BY a.due_on, a.id LIMIT 20
    """,
    """
    SELECT e.at, e.kind, e.actor, e.assignment_id
    FROM event e JOIN assignment a ON a.id=e.assignment_id
    WHERE a.issuer_id IN (:i1, :i2, :i3) ORDER BY e.at DESC, e.id DESC LIMIT 10
    """,
]

_LIST_SQL = [
    """
    SELECT count(*)
    FROM assignment a
    WHERE a.issuer_id IN (:i1, :i2, :i3) AND a.status NOT IN ('done','cancelled')
      AND a.due_on<:d AND a.owner_id IN (SELECT id FROM organization WHERE code
        IN ('ubnd-huyen','ubnd-tt-vinh-bao','ubnd-xa-tan-hung','ubnd-xa-nhan-hoa',
            'chinh-quyen'))
    """,
    """
    SELECT a.id, a.summary, a.due_on, a.status, n.number, r.ref, o.name
    FROM assignment a JOIN directive r ON r.id=a.directive_id
    JOIN notice n ON n.id=r.notice_id LEFT JOIN organization o ON o.id=a.owner_id
    WHERE a.issuer_id IN (:i1, :i2, :i3) AND a.status NOT IN ('done','cancelled')
      AND a.due_on<:d AND a.owner_id IN (SELECT id FROM organization WHERE code
        IN ('ubnd-huyen','ubnd-tt-vinh-bao','ubnd-xa-tan-hung','ubnd-xa-nhan-hoa',
            'chinh-quyen'))
    ORDER BY a.due_on, a.id LIMIT 50 OFFSET 100
    """,
]


def _median_ms(run: Any) -> float:
    run()  # warm
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(total: int = 100_000) -> WebFigures:
    """Build the database, serve it, and time the two pages against their raw SQL."""
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        settings = Settings(
            database_url=f"sqlite:///{Path(folder) / 'bench.db'}",
            outbox_dir=Path(folder) / "outbox",
            base_url=f"http://127.0.0.1:{port}",
            secret_key="bench-" + "x7Kp2" * 8,
            _env_file=None,
        )
        _populate(settings, total)
        application = create_app(settings, clock=lambda: NOW)
        engine = application.state.ws.ctx.engine
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        server = uvicorn.Server(
            uvicorn.Config(
                application,
                host="127.0.0.1",
                port=port,
                log_level="warning",
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        statements = [0]

        def count(*_: Any) -> None:
            statements[0] += 1

        try:
            with httpx.Client(base_url=settings.base_url, timeout=60) as client:
                login = client.get("/login").text
                token = re.search(r'name="csrf_token" value="([^"]+)"', login)
                assert token is not None
                client.post(
                    "/login",
                    data={
                        "email": "vanphong@vinhbao.example.org",
                        "password": PASSWORD,
                        "csrf_token": token.group(1),
                    },
                )
                with engine.connect() as conn:
                    issuers = [
                        row[0]
                        for row in conn.execute(
                            text(
                                "SELECT id FROM organization WHERE code IN "
                                "('van-phong-huyen-uy','thuong-truc-huyen-uy',"
                                "'ban-thuong-vu-huyen-uy')"
                            )
                        )
                    ]
                params = {
                    "d": TODAY,
                    "until": TODAY + timedelta(days=7),
                    "i1": issuers[0],
                    "i2": issuers[1],
                    "i3": issuers[2],
                }
                pages = []
                for name, path, sql in (
                    ("overview `/`", "/", _OVERVIEW_SQL),
                    (
                        "list `/assignments?status=overdue&owner=ubnd-huyen&page=3`",
                        "/assignments?status=overdue&owner=ubnd-huyen&sub=1&page=3",
                        _LIST_SQL,
                    ),
                ):

                    def fetch(path: str = path) -> None:
                        response = client.get(path)
                        response.raise_for_status()

                    def raw(sql: list[str] = sql) -> None:
                        with engine.connect() as conn:
                            for statement in sql:
                                conn.execute(text(statement), params).all()

                    page_ms = _median_ms(fetch)
                    sql_ms = _median_ms(raw)
                    statements[0] = 0
                    event.listen(engine, "before_cursor_execute", count)
                    fetch()
                    event.remove(engine, "before_cursor_execute", count)
                    pages.append(PageFigures(name, page_ms, sql_ms, statements[0]))
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            engine.dispose()
        return WebFigures(assignments=total, pages=pages)


def section(figures: WebFigures) -> list[str]:
    """The Markdown section of docs/benchmarks.md."""
    lines = [
        "## Web workspace",
        "",
        f"{figures.assignments:,} generated assignments on SQLite (one issuing "
        "committee, the example registry). Each page is fetched over HTTP from the real "
        "server (uvicorn on a loopback port) as the office, sign-in check, queries and "
        "rendering included; the baseline is hand-written SQL fetching the same figures "
        f"on the same engine. Medians of {ROUNDS} rounds after a warm-up.",
        "",
        "| page | page (ms) | raw SQL (ms) | page / SQL | SQL statements per page |",
        "|---|---|---|---|---|",
    ]
    for p in figures.pages:
        lines.append(
            f"| {p.name} | {p.page_ms:.1f} | {p.sql_ms:.1f} | {p.ratio:.2f}× "
            f"| {p.statements} |"
        )
    lines += [
        "",
        "The statement count does not grow with the rows shown: the sign-in check "
        "reads the account and the registry, the page its figures and lists; no "
        "statement is sent per row.",
        "",
    ]
    return lines


def main() -> None:
    figures = measure()
    print(figures)
    target = ROOT / "docs" / "benchmarks.md"
    current = target.read_text(encoding="utf-8")
    new = "\n".join(section(figures))
    if "## Web workspace" in current:
        start = current.index("## Web workspace")
        following = current.find("\n## ", start + 1)
        end = len(current) if following < 0 else following + 1
        current = current[:start] + new + "\n" + current[end:]
    else:
        current = current.rstrip("\n") + "\n\n" + new
    target.write_text(current.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
