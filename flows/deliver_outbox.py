"""Flow: deliver-outbox."""

from prefect import flow
from prefect.client.schemas.objects import State

from tasks.common import run_now, skip_if_stale
from tasks.notify import deliver_outbox as deliver_outbox_task


@flow(name="deliver-outbox")
def deliver_outbox(
    now: str | None = None, grace_minutes: int = 15
) -> dict[str, int] | State:
    """Send pending ledger mail, retrying failed rows on their backoff."""
    if stale := skip_if_stale(now, grace_minutes):
        return stale
    return deliver_outbox_task(run_now(now).isoformat())
