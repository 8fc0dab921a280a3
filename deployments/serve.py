"""Run every deployment in one process (one machine), optionally with the web workspace.

The schedules mirror deployments/prefect.yaml; `directives serve` calls :func:`main`.
Without ``PREFECT_API_URL`` it starts its own Prefect server (SQLite under
``PREFECT_HOME``, with the Prefect UI) as a child process in a session of its own, so a
Ctrl-C or a SIGTERM reaches this process only: the runner pauses the schedules while
the server still answers, then the server is stopped. Nothing is left running.
"""

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from prefect import Flow, serve
from prefect.client.schemas.objects import (
    ConcurrencyLimitConfig,
    ConcurrencyLimitStrategy,
)
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Schedule
from prefect.settings import PREFECT_API_URL, temporary_settings

from deployments import cluster
from flows.completion_report import completion_report
from flows.compliance_report import compliance_report
from flows.deliver_outbox import deliver_outbox
from flows.escalation_sweep import escalation_sweep
from flows.ingest_notice import ingest_notice

ZONE = "Asia/Ho_Chi_Minh"
ONE_AT_A_TIME = ConcurrencyLimitConfig(
    limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
)


def _deployment(flow: Flow[..., Any], **options: Any) -> RunnerDeployment:
    # to_deployment picks its async variant whenever an event loop runs in this thread
    # (a web server or a browser driver in the same process): ask for the sync one
    options["_sync"] = True
    deployment = flow.to_deployment(**options)
    if not isinstance(deployment, RunnerDeployment):
        raise TypeError(f"expected a RunnerDeployment, got {type(deployment).__name__}")
    return deployment


def deployments() -> list[RunnerDeployment]:
    """The deployments with their schedules."""
    built: list[RunnerDeployment] = [
        _deployment(
            ingest_notice,
            name="ingest-notice",
        ),
        _deployment(
            escalation_sweep,
            name="escalation-sweep",
            schedule=Schedule(cron="5 8-16 * * 1-6", timezone=ZONE),
            concurrency_limit=ONE_AT_A_TIME,
        ),
        _deployment(
            deliver_outbox,
            name="deliver-outbox",
            schedule=Schedule(interval=timedelta(minutes=5), timezone=ZONE),
            concurrency_limit=ONE_AT_A_TIME,
        ),
        _deployment(
            completion_report,
            name="completion-report",
        ),
        _deployment(
            compliance_report,
            name="compliance-report",
            schedules=[
                Schedule(
                    cron="0 8 * * 1", timezone=ZONE, parameters={"period": "weekly"}
                ),
                Schedule(
                    cron="0 8 25 * *", timezone=ZONE, parameters={"period": "monthly"}
                ),
                Schedule(
                    cron="0 8 20 3,6,9,12 *",
                    timezone=ZONE,
                    parameters={"period": "quarterly"},
                ),
            ],
            concurrency_limit=ONE_AT_A_TIME,
        ),
    ]
    return built


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # until the runner installs its own handler: unwind so `finally` stops the children
    raise SystemExit(0)


@contextlib.contextmanager
def _prefect_api(port: int) -> Iterator[None]:
    """The configured Prefect API, or a server of our own on 127.0.0.1:``port``."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    home = Path(os.environ.get("PREFECT_HOME", "var/prefect")).resolve()
    env = cluster.prefect_env(os.environ, home=home)
    logs = home / "logs"
    server = cluster.start_server(env, port=port, logs=logs)
    api = f"http://127.0.0.1:{port}/api"
    try:
        cluster.wait_for(lambda: cluster.healthy(api), 180, "the Prefect server")
        _say(f"Prefect UI: http://127.0.0.1:{port} (log: {logs / 'server.log'})")
        os.environ["PREFECT_API_URL"] = api  # the flow-run processes inherit it
        with temporary_settings(updates={PREFECT_API_URL: api}):
            yield
    finally:
        # the schedules are paused by now; what the server has not finished in a
        # second or two is not worth the wait (its database is transactional)
        cluster.stop(server, patience=1.5)


@contextlib.contextmanager
def _web(app: str | None, host: str, port: int) -> Iterator[None]:
    """The web workspace served by uvicorn in a thread of this process."""
    if app is None:
        yield
        return
    import uvicorn  # loads only when the web is served

    server = uvicorn.Server(
        uvicorn.Config(
            app,
            factory=True,
            host=host,
            port=port,
            log_level="warning",
            proxy_headers=False,
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, name="web", daemon=True)
    thread.start()
    cluster.wait_for(
        lambda: server.started or not thread.is_alive(), 60, "the web workspace"
    )
    if not server.started:
        raise SystemExit(f"the web workspace did not start on {host}:{port}")
    _say(f"web workspace: http://{host}:{port}")
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=2)


def _flush_to_server() -> None:
    """Send the logs and events still queued while the server answers; at exit they
    would wait on a server already gone."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=2)
    EventsWorker.drain_all(timeout=2)


def main(
    *,
    web_app: str | None = None,
    web_host: str = "127.0.0.1",
    web_port: int = 8000,
    prefect_port: int = 4200,
) -> None:
    """Serve all deployments (and ``web_app``, a uvicorn factory) until SIGTERM or
    Ctrl-C; stops within seconds and leaves no process behind."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    built = deployments()  # before anything starts: a bad deployment fails at once
    try:
        with _prefect_api(prefect_port), _web(web_app, web_host, web_port):
            try:
                serve(*built, print_starting_message=False)
            finally:
                _flush_to_server()
    except KeyboardInterrupt:
        pass  # Ctrl-C while starting: the context managers above have cleaned up
    _say("stopped")
