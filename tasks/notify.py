"""Tasks that send mail from the ledger."""

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from app.clock import parse_instant
from app.delivery import deliver, limits_for
from tasks.common import application


@task(
    name="deliver-outbox",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[10, 60],
)
def deliver_outbox(now: str) -> dict[str, int]:
    """Send every ledger row whose time has come; failures stay on the ledger."""
    app = application()
    report = deliver(
        app.context,
        app.notifier,
        now=parse_instant(now),
        limits=limits_for(app.settings),
    )
    get_run_logger().info(
        "mail: %d sent, %d failed, %d waiting",
        report.sent,
        report.failed,
        report.remaining,
    )
    return {
        "sent": report.sent,
        "failed": report.failed,
        "skipped": report.skipped,
        "digests": report.digests,
        "remaining": report.remaining,
        "refused": report.refused,
    }
