"""Multi-machine mode for real: a Prefect server on PostgreSQL, process workers,
deployments from deployments/prefect.yaml, and the app database on PostgreSQL.

Every part is its own process, talking over 127.0.0.1 exactly as separate machines
would; the test only starts them, triggers deployment runs through the server, and
reads the outcome from the app database and the SMTP server.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from app.orgs import load_registry
from models.tables import Assignment, Delivery
from tests.conftest import PG_URL
from tests.flows.conftest import database_url
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
pytestmark = [pytest.mark.flow, pytest.mark.postgres, pytest.mark.slow]


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    # `prefect worker start` ignores the first SIGTERM for a while: ask twice, then kill
    for sig in (signal.SIGTERM, signal.SIGTERM):
        if proc.poll() is None:
            proc.send_signal(sig)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                continue
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)


def _run_states(api: str) -> list[str]:
    """The state types of every flow run the server knows, from its REST API."""
    request = urllib.request.Request(
        f"{api}/flow_runs/filter",
        data=json.dumps({"limit": 50}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        runs = json.loads(response.read())
    return [run["state_type"] for run in runs]


@pytest.fixture
def prefect_database(pg_admin: Engine) -> Iterator[str]:
    name = f"prefect_{uuid.uuid4().hex[:10]}"
    with pg_admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    base = PG_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    yield f"{base}/{name}"
    with pg_admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_a_server_on_postgres_and_process_workers_run_the_deployments(
    pg_engine: Engine, prefect_database: str, smtp_server, tmp_path: Path
):
    load_registry(pg_engine, ROOT / "examples" / "vinh-bao-2023.toml")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")},
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_DATABASE_CONNECTION_URL": prefect_database,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "DIRECTIVES_HOME": str(ROOT),
        "DIRECTIVES_DATABASE_URL": database_url(pg_engine),
        "DIRECTIVES_SMTP_HOST": "127.0.0.1",
        "DIRECTIVES_SMTP_PORT": str(smtp_server.port),
        "DIRECTIVES_SMTP_SECURITY": "none",
        "DIRECTIVES_MAIL_FROM": "theodoi@vinhbao.example.org",
    }
    logs = tmp_path / "logs"
    logs.mkdir()
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str, extra: dict[str, str] | None = None):
        out = (logs / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            [str(BIN / "prefect"), *args],
            cwd=ROOT,
            env={**env, **(extra or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        procs.append(proc)
        return proc

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(BIN / "prefect"), *args],
            cwd=ROOT,
            env={**env, "PREFECT_API_URL": api},
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, (
            f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        )
        return done.stdout

    try:
        start("server", "server", "start", "--host", "127.0.0.1", "--port", str(port))
        _wait(lambda: _healthy(api), 120, "the Prefect server")
        run("work-pool", "create", "directives", "--type", "process")
        run(
            "--no-prompt",
            "deploy",
            "--all",
            "--prefect-file",
            "deployments/prefect.yaml",
        )
        for name in ("worker-a", "worker-b"):
            start(
                name,
                "worker",
                "start",
                "--pool",
                "directives",
                "--name",
                name,
                extra={"PREFECT_API_URL": api},
            )

        notice = str(ROOT / "examples" / "629-TB-HU.txt")
        params = {
            "paths": [notice],
            "now": "2023-09-22T09:00:00+07:00",
            "actor": "worker",
        }
        run(
            "deployment",
            "run",
            "ingest-notice/ingest-notice",
            "--params",
            json.dumps(params),
        )

        def ingested() -> bool:
            with Session(pg_engine) as session:
                sent = session.exec(
                    select(func.count())
                    .select_from(Delivery)
                    .where(Delivery.status == "sent")
                ).one()
                return sent > 0 and sent == len(smtp_server.handler.envelopes)

        _wait(ingested, 180, "the ingest-notice run on a worker")
        with Session(pg_engine) as session:
            assert session.exec(select(func.count()).select_from(Assignment)).one() > 4
        before = len(smtp_server.handler.envelopes)

        sweep = {"now": "2024-01-08T09:00:00+07:00"}
        run(
            "deployment",
            "run",
            "escalation-sweep/escalation-sweep",
            "--params",
            json.dumps(sweep),
        )

        def escalated() -> bool:
            with Session(pg_engine) as session:
                rows = session.exec(
                    select(Delivery).where(Delivery.rule == "escalated")
                ).all()
            return bool(rows) and all(r.status == "sent" for r in rows)

        _wait(escalated, 180, "the escalation-sweep run on a worker")
        assert len(smtp_server.handler.envelopes) > before
        # the mail is out before the run reports its final state: wait for that too
        _wait(
            lambda: _run_states(api).count("COMPLETED") >= 2,
            120,
            "both runs to be reported completed",
        )
        states = _run_states(api)
        assert "FAILED" not in states
        assert "CRASHED" not in states
    finally:
        for proc in reversed(procs):
            _stop(proc)
        for log in sorted(logs.glob("*.log")):
            text = log.read_text(errors="replace")
            if "Traceback" in text:
                print(f"--- {log.name}\n{text[-4000:]}")  # noqa: T201
