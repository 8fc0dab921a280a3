"""What every task needs: the app context, and ``now`` as the run sees it."""

from datetime import datetime

import pendulum
from prefect.runtime import flow_run

from app.clock import parse_instant, utc_now
from app.context import AppContext
from app.orgs import init_database
from app.settings import Settings, load_settings
from app.wiring import Application
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
