"""What every task needs: the app context, and ``now`` as the run sees it."""

from datetime import datetime

import pendulum
from prefect.runtime import flow_run

from app.clock import parse_instant, utc_now
from app.context import AppContext
from app.orgs import init_database
from app.settings import get_settings
from app.wiring import context_for, notifier_for
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
