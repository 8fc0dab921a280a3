"""Tasks of the follow-up flows."""

from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from app import actions
from app.clock import parse_instant
from app.followup import sweep
from app.reportmail import send_compliance_reports
from tasks.common import app_context


@task(name="plan-escalations", cache_policy=NO_CACHE)
def plan_escalations(now: str) -> dict[str, Any]:
    """Plan and record every reminder and escalation due as of ``now``."""
    report = sweep(app_context(), now=parse_instant(now))
    get_run_logger().info(
        "sweep: %d examined, %d steps, %d skipped",
        report.examined,
        report.sent_steps,
        report.skipped_steps,
    )
    return {
        "examined": report.examined,
        "steps": report.sent_steps,
        "skipped": report.skipped_steps,
        "occurrences": report.occurrences,
        "digests": report.digests,
        "by_step": report.by_step,
    }


@task(name="record-completion-report", cache_policy=NO_CACHE)
def record_completion_report(
    assignment_id: int,
    note: str,
    now: str,
    *,
    actor: str,
    evidence: str | None,
    document: str | None,
) -> dict[str, Any]:
    """Record the owner's completion report and the mail to the issuer's office."""
    result = actions.report_done(
        app_context(),
        assignment_id,
        note=note,
        evidence=evidence,
        document=document,
        now=parse_instant(now),
        actor=actor,
    )
    return {
        "assignment_id": result.assignment_id,
        "status": result.status,
        "mails": result.mails,
    }


@task(name="write-compliance-reports", cache_policy=NO_CACHE)
def write_compliance_reports(period: str, now: str) -> int:
    """Write this period's compliance report for every issuing committee."""
    return send_compliance_reports(app_context(), period=period, now=parse_instant(now))
