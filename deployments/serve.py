"""Run every deployment in one process (one machine, embedded defaults).

The schedules mirror deployments/prefect.yaml; `directives serve` calls :func:`main`.
"""

from datetime import timedelta
from typing import Any

from prefect import Flow, serve
from prefect.client.schemas.objects import (
    ConcurrencyLimitConfig,
    ConcurrencyLimitStrategy,
)
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Schedule

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


def main() -> None:
    """Serve all deployments until interrupted."""
    serve(*deployments())
