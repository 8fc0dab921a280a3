"""Flow: deliver-outbox."""

from prefect import flow

from tasks.common import run_now
from tasks.notify import deliver_outbox as deliver_outbox_task


@flow(name="deliver-outbox")
def deliver_outbox(now: str | None = None) -> dict[str, int]:
    """Send pending ledger mail, retrying failed rows on their backoff."""
    return deliver_outbox_task(run_now(now).isoformat())
