"""Flow: escalation-sweep."""

from typing import Any

from prefect import flow

from tasks.common import run_now
from tasks.followup import plan_escalations
from tasks.notify import deliver_outbox


@flow(name="escalation-sweep")
def escalation_sweep(now: str | None = None) -> dict[str, Any]:
    """Plan and deliver the reminders and escalations that are due."""
    moment = run_now(now).isoformat()
    return {"sweep": plan_escalations(moment), "mail": deliver_outbox(moment)}
