"""What every task needs: the app context, and ``now`` as the run sees it."""

from datetime import datetime, timedelta

import pendulum
from prefect.runtime import flow_run
from prefect.states import Cancelled, State

from app.clock import parse_instant, utc_now
from app.context import AppContext
from app.orgs import init_database
from app.settings import get_settings
from app.wiring import context_for, notifier_for
from domain.runs import is_stale_run, run_lateness
from notifications.senders import Notifier


def app_context() -> AppContext:
    """The context built from the settings of the process the task runs in."""
    ctx = context_for(get_settings())
    init_database(ctx.engine)
    return ctx


def notifier() -> Notifier:
    """SMTP or the file outbox, as the settings say."""
    return notifier_for(get_settings())


def run_now(now: str | None) -> datetime:
    """``now`` for a run: the given ISO instant, else the run's scheduled start time.

    A scheduled run decides as of its schedule, so a late or retried run decides the
    same as an on-time one.
    """
    if now:
        return parse_instant(now)
    scheduled = flow_run.scheduled_start_time
    if scheduled is not None:
        moment: datetime = pendulum.instance(scheduled).in_timezone("UTC")
        return moment
    return utc_now()


def skip_if_stale(now: str | None, grace_minutes: int) -> State | None:
    """A Cancelled state for a scheduled run that starts past its grace period.

    After an outage the server holds one run per missed slot; each would decide as of
    its own old schedule. They are skipped instead, and the next on-time run catches up
    through the sweep's window selection. A run given an explicit ``now`` decides as of
    that instant whenever it starts, so it is never skipped.
    """
    scheduled = flow_run.scheduled_start_time
    if now or scheduled is None:
        return None
    planned = pendulum.instance(scheduled).in_timezone("UTC")
    started = utc_now()
    grace = timedelta(minutes=grace_minutes)
    if not is_stale_run(scheduled=planned, started=started, grace=grace):
        return None
    late = run_lateness(scheduled=planned, started=started)
    return Cancelled(
        message=(
            f"skipped: started {late.total_seconds() / 60:.0f} min after its "
            f"schedule, past the {grace_minutes} min grace period; "
            "the next on-time run catches up"
        )
    )
