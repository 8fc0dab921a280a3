"""Flow: compliance-report."""

from typing import Any

from prefect import flow

from tasks.common import run_now
from tasks.followup import write_compliance_reports
from tasks.notify import deliver_outbox


@flow(name="compliance-report")
def compliance_report(
    period: str = "monthly", now: str | None = None
) -> dict[str, Any]:
    """Send the period's compliance report to every issuing committee."""
    moment = run_now(now).isoformat()
    written = write_compliance_reports(period, moment)
    return {"reports": written, "mail": deliver_outbox(moment)}
