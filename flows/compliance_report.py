"""Flow: compliance-report."""

from typing import Any

from prefect import flow
from prefect.client.schemas.objects import State

from tasks.common import run_now, skip_if_stale
from tasks.followup import write_compliance_reports
from tasks.notify import deliver_outbox


@flow(name="compliance-report")
def compliance_report(
    period: str = "monthly", now: str | None = None, grace_minutes: int = 720
) -> dict[str, Any] | State:
    """Send the period's compliance report to every issuing committee."""
    if stale := skip_if_stale(now, grace_minutes):
        return stale
    moment = run_now(now).isoformat()
    written = write_compliance_reports(period, moment)
    return {"reports": written, "mail": deliver_outbox(moment)}
