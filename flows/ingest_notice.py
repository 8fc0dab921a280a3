"""Flow: ingest-notice."""

from typing import Any

from prefect import flow

from tasks.common import run_now
from tasks.ingest import register_notices
from tasks.notify import deliver_outbox


@flow(name="ingest-notice")
def ingest_notice(
    paths: list[str],
    now: str | None = None,
    actor: str = "ingest-notice",
    amend: bool = False,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Read notices, register their assignments and tell the owners."""
    moment = run_now(now).isoformat()
    notices = register_notices(paths, moment, actor=actor, amend=amend, dry_run=dry_run)
    mail = deliver_outbox(moment) if not dry_run else None
    return {"notices": notices, "mail": mail}
