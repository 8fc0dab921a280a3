"""Flow: escalation-sweep."""

from typing import Any

from prefect import flow
from prefect.client.schemas.objects import State

from tasks.common import run_now, skip_if_stale
from tasks.followup import plan_escalations
from tasks.notify import deliver_outbox


@flow(name="escalation-sweep")
def escalation_sweep(
    now: str | None = None, grace_minutes: int = 60
) -> dict[str, Any] | State:
    """Plan and deliver the reminders and escalations that are due."""
    if stale := skip_if_stale(now, grace_minutes):
        return stale
    moment = run_now(now).isoformat()
    return {"sweep": plan_escalations(moment), "mail": deliver_outbox(moment)}
