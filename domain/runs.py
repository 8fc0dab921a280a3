"""Whether a scheduled run that starts late is still worth running.

After an outage the server holds one scheduled run per missed slot. Running them all,
each deciding as of its own old schedule, would send stale mail in a burst; the sweep's
window selection lets the next on-time run catch up instead.
"""

from datetime import datetime, timedelta


def run_lateness(*, scheduled: datetime, started: datetime) -> timedelta:
    """How long after its scheduled start a run actually started (never negative).

    Args:
        scheduled: the run's scheduled start time (aware).
        started: the instant it started (aware).

    Returns:
        ``started - scheduled``, or zero for a run that started early.
    """
    return max(started - scheduled, timedelta(0))


def is_stale_run(*, scheduled: datetime, started: datetime, grace: timedelta) -> bool:
    """True when a run started more than ``grace`` after its schedule and is skipped.

    Args:
        scheduled: the run's scheduled start time (aware).
        started: the instant it started (aware).
        grace: how late a run may start and still run.

    Returns:
        Whether the run is past its grace period.
    """
    return run_lateness(scheduled=scheduled, started=started) > grace
