"""Tasks of the ingest flow."""

from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from app.clock import parse_instant
from app.ingest import ingest_files
from tasks.common import app_context


@task(name="register-notices", cache_policy=NO_CACHE)
def register_notices(
    paths: list[str], now: str, *, actor: str, amend: bool, dry_run: bool
) -> list[dict[str, Any]]:
    """Read, parse and write notices in one transaction; return a summary per notice."""
    results = ingest_files(
        [Path(p) for p in paths],
        app_context(),
        now=parse_instant(now),
        actor=actor,
        amend=amend,
        dry_run=dry_run,
    )
    # one record for the batch, a line per notice: through Prefect's handlers a
    # record costs over a millisecond, a third of registering a notice
    get_run_logger().info(
        "%d notices:\n%s",
        len(results),
        "\n".join(
            f"{r.source}: {r.number} {r.outcome}, {r.assignments} assignments, "
            f"{r.messages} mails"
            for r in results
        ),
    )
    return [
        {
            "source": r.source,
            "number": r.number,
            "outcome": r.outcome,
            "notice_id": r.notice_id,
            "assignments": r.assignments,
            "needs_owner": r.needs_owner,
            "messages": r.messages,
        }
        for r in results
    ]
