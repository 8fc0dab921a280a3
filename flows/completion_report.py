"""Flow: completion-report."""

from typing import Any

from prefect import flow

from tasks.common import run_now
from tasks.followup import record_completion_report
from tasks.notify import deliver_outbox


@flow(name="completion-report")
def completion_report(
    assignment_id: int,
    note: str,
    evidence: str | None = None,
    document: str | None = None,
    actor: str = "completion-report",
    now: str | None = None,
) -> dict[str, Any]:
    """Record that an assignment was reported done and tell the issuer."""
    moment = run_now(now).isoformat()
    result = record_completion_report(
        assignment_id, note, moment, actor=actor, evidence=evidence, document=document
    )
    return {"report": result, "mail": deliver_outbox(moment)}
