"""What every task needs: the app context, and ``now`` as the run sees it."""

from datetime import datetime, timedelta

import pendulum
from prefect.client.schemas.objects import State
from prefect.runtime import flow_run
from prefect.states import Completed

from app.clock import parse_instant, utc_now
from app.context import AppContext
from app.orgs import init_database
from app.settings import Settings, load_settings
from app.wiring import Application
from domain.runs import is_stale_run, run_lateness
from notifications.senders import Notifier

# One Application per settings value in a worker process, so consecutive tasks share the
# engine's pool and the calendar. Keyed by the whole (frozen) settings, it can never
# serve stale parts: other settings build another Application.
_applications: dict[Settings, Application] = {}


def application() -> Application:
    """The Application of the settings this process runs with, migrated once."""
    settings = load_settings()
    found = _applications.get(settings)
    if found is None:
        found = Application(settings)
        init_database(found.engine)
        _applications[settings] = found
    return found


def app_context() -> AppContext:
    """The context built from the settings of the process the task runs in."""
    return application().context


def notifier() -> Notifier:
    """SMTP or the file outbox, as the settings say."""
    return application().notifier


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
    """A final "Skipped" state for a scheduled run that starts past its grace period.

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
    return Completed(
        name="Skipped",
        message=(
            f"skipped: started {late.total_seconds() / 60:.0f} min after its "
            f"schedule, past the {grace_minutes} min grace period; "
            "the next on-time run catches up"
        ),
    )
