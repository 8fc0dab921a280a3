"""Multi-machine mode for real: a Prefect server on PostgreSQL, process workers,
deployments from deployments/prefect.yaml, and the app database on PostgreSQL.

Every part is its own process, talking over 127.0.0.1 exactly as separate machines
would; the tests only start them (with deployments/cluster.py, as `make cluster-up`
does), trigger deployment runs through the server, and read the outcome from the app
database and the SMTP server. One server serves the module; each test starts its own
workers with its own app database.
"""

import json
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from app.orgs import load_registry
from deployments.cluster import (
    Cluster,
    api_post,
    create_database,
    database_url,
    drop_database,
    running_cluster,
    wait_for,
)
from models.tables import Assignment, Delivery
from tests.conftest import PG_URL
from tests.flows.conftest import database_url as app_database_url

ROOT = Path(__file__).resolve().parents[2]
NOTICE = str(ROOT / "examples" / "629-TB-HU.txt")
# starting a server and workers takes minutes on a loaded 2-core machine
pytestmark = [
    pytest.mark.flow,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.timeout(900),
]


def _get(api: str, path: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{api}{path}", timeout=30) as response:
        answer: dict[str, object] = json.loads(response.read())
        return answer


def _run_states(api: str) -> list[str]:
    """The state types of every flow run the server knows, from its REST API."""
    runs = api_post(api, "/flow_runs/filter", {"limit": 200})
    assert isinstance(runs, list)
    return [run["state_type"] for run in runs]


def _create_run(
    api: str,
    deployment: str,
    *,
    parameters: dict[str, object] | None = None,
    scheduled: datetime | None = None,
) -> str:
    """A flow run of ``deployment``, scheduled now or at ``scheduled`` (the past: late)."""
    target = _get(api, f"/deployments/name/{deployment}")
    body: dict[str, object] = {"parameters": parameters or {}}
    if scheduled is not None:
        body["state"] = {
            "type": "SCHEDULED",
            "state_details": {"scheduled_time": scheduled.isoformat()},
        }
    run = api_post(api, f"/deployments/{target['id']}/create_flow_run", body)
    assert isinstance(run, dict)
    return str(run["id"])


def _state(api: str, run_id: str) -> tuple[str, str]:
    run = _get(api, f"/flow_runs/{run_id}")
    state = run["state"]
    assert isinstance(state, dict)
    return str(run["state_type"]), str(state.get("message") or "")


def _final(api: str, run_id: str, timeout: float = 180) -> tuple[str, str]:
    final = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}
    wait_for(
        lambda: _state(api, run_id)[0] in final, timeout, f"flow run {run_id} to end"
    )
    return _state(api, run_id)


@pytest.fixture(scope="module")
def cluster(
    pg_admin: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """A Prefect server on a throwaway PostgreSQL database, with every deployment."""
    name = f"prefect_{uuid.uuid4().hex[:10]}"
    create_database(PG_URL, name)
    home = tmp_path_factory.mktemp("prefect-cluster")
    try:
        with running_cluster(
            {},
            prefect_database_url=database_url(
                PG_URL, name, driver="postgresql+asyncpg"
            ),
            home=home / "home",
            logs=home / "logs",
            workers=(),
        ) as running:
            yield running
    finally:
        drop_database(PG_URL, name)
        for log in sorted((home / "logs").glob("*.log")):
            text = log.read_text(errors="replace")
            if "Traceback" in text:
                print(f"--- {log.name}\n{text[-4000:]}")  # noqa: T201


def _app_env(pg_engine: Engine, smtp_server) -> dict[str, str]:
    return {
        "DIRECTIVES_DATABASE_URL": app_database_url(pg_engine),
        "DIRECTIVES_SMTP_HOST": "127.0.0.1",
        "DIRECTIVES_SMTP_PORT": str(smtp_server.port),
        "DIRECTIVES_SMTP_SECURITY": "none",
        "DIRECTIVES_MAIL_FROM": "theodoi@vinhbao.example.org",
    }


def test_a_server_on_postgres_and_process_workers_run_the_deployments(
    cluster: Cluster, pg_engine: Engine, smtp_server
):
    load_registry(pg_engine, ROOT / "examples" / "vinh-bao-2023.toml")
    cluster.start_workers(
        "worker-a", "worker-b", app_env=_app_env(pg_engine, smtp_server)
    )
    try:
        ingest = _create_run(
            cluster.api,
            "ingest-notice/ingest-notice",
            parameters={
                "paths": [NOTICE],
                "now": "2023-09-22T09:00:00+07:00",
                "actor": "worker",
            },
        )
        assert _final(cluster.api, ingest)[0] == "COMPLETED"
        with Session(pg_engine) as session:
            assert session.exec(select(func.count()).select_from(Assignment)).one() > 4
            sent = session.exec(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.status == "sent")
            ).one()
        assert sent > 0
        assert sent == len(smtp_server.handler.envelopes)
        before = len(smtp_server.handler.envelopes)

        sweep = _create_run(
            cluster.api,
            "escalation-sweep/escalation-sweep",
            parameters={"now": "2024-01-08T09:00:00+07:00"},
        )
        assert _final(cluster.api, sweep)[0] == "COMPLETED"
        with Session(pg_engine) as session:
            rows = session.exec(
                select(Delivery).where(Delivery.rule == "escalated")
            ).all()
        assert rows
        assert all(r.status == "sent" for r in rows)
        assert len(smtp_server.handler.envelopes) > before
        states = _run_states(cluster.api)
        assert "FAILED" not in states
        assert "CRASHED" not in states
    finally:
        cluster.stop_workers()


def _ledger(engine: Engine) -> list[Delivery]:
    with Session(engine) as session:
        return list(session.exec(select(Delivery)).all())


def test_after_a_day_without_workers_late_runs_are_skipped_and_one_sweep_catches_up(
    cluster: Cluster, pg_engine: Engine, smtp_server
):
    """Workers down for a day: the runs scheduled meanwhile are cancelled as late (no
    storm, no stale decisions); the next run catches up through the sweep's window
    selection, skipping superseded steps and sending nothing twice."""
    load_registry(pg_engine, ROOT / "examples" / "vinh-bao-2023.toml")
    app_env = _app_env(pg_engine, smtp_server)
    cluster.start_workers("worker-a", app_env=app_env)
    try:
        ingest = _create_run(
            cluster.api,
            "ingest-notice/ingest-notice",
            parameters={"paths": [NOTICE], "now": "2023-09-22T09:00:00+07:00"},
        )
        assert _final(cluster.api, ingest)[0] == "COMPLETED"
        reminder = _create_run(
            cluster.api,
            "escalation-sweep/escalation-sweep",
            parameters={"now": "2023-12-26T09:05:00+07:00"},
        )
        assert _final(cluster.api, reminder)[0] == "COMPLETED"
        reminded = {r.assignment_id for r in _ledger(pg_engine) if r.rule == "reminder"}
        assert reminded

        # the outage: the worker stops; the server holds a day of scheduled sweeps
        cluster.stop_workers()
        before = _ledger(pg_engine)
        mails = len(smtp_server.handler.envelopes)
        yesterday = datetime.now(UTC) - timedelta(days=1)
        late = [
            _create_run(
                cluster.api,
                "escalation-sweep/escalation-sweep",
                scheduled=yesterday + timedelta(hours=hour),
            )
            for hour in range(9)
        ]
        cluster.start_workers("worker-a", app_env=app_env)
        outcomes = [_final(cluster.api, run_id) for run_id in late]
        # each one ends at once: skipped as late, or cancelled on collision with the
        # one being skipped (one sweep at a time)
        assert {state for state, _ in outcomes} <= {"COMPLETED", "CANCELLED"}
        assert any("grace period" in message for _, message in outcomes)
        assert len(_ledger(pg_engine)) == len(before)
        assert len(smtp_server.handler.envelopes) == mails

        # the next on-time sweep (deciding as of a working morning) catches up
        catch_up = _create_run(
            cluster.api,
            "escalation-sweep/escalation-sweep",
            parameters={"now": "2024-01-08T09:05:00+07:00"},
        )
        assert _final(cluster.api, catch_up)[0] == "COMPLETED"
        again = _create_run(
            cluster.api,
            "escalation-sweep/escalation-sweep",
            parameters={"now": "2024-01-08T10:05:00+07:00"},
        )
        assert _final(cluster.api, again)[0] == "COMPLETED"
    finally:
        cluster.stop_workers()

    ledger = _ledger(pg_engine)
    # one row per ladder step (digest lines repeat, one per weekly digest)
    steps = Counter(
        (r.assignment_id, r.rule, r.occurrence)
        for r in ledger
        if r.assignment_id and not r.rule.startswith("digest")
    )
    assert max(steps.values()) == 1, "a step was recorded twice"
    for assignment_id in reminded:
        # the item's own ladder; a milestone's steps (occurrence "<due>~<milestone>")
        # were sent before the outage and are not what the catch-up decides
        rules = {
            r.rule: r.status
            for r in ledger
            if r.assignment_id == assignment_id and "~" not in r.occurrence
        }
        assert rules["escalated"] == "sent"
        # the due and overdue steps the outage made stale are recorded, not sent
        assert rules.get("due", "skipped") == "skipped"
        assert rules.get("overdue", "skipped") == "skipped"
    sent = [r for r in ledger if r.status == "sent"]
    assert len(smtp_server.handler.envelopes) == len(sent)
