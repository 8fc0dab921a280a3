"""Build the real parts (engine, notifier, calendar, policy) from Settings, on demand.

Nothing here runs at import time; entry points call these with the settings they have.
"""

import tomllib
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import Engine

from app.calendars import build_calendar
from app.context import AppContext
from app.settings import Settings
from domain.errors import PolicyError
from domain.policy import PolicySet, parse_policy
from domain.workdays import WorkCalendar
from models.db import make_engine
from notifications.senders import FileOutbox, Notifier, SmtpNotifier
from notifications.views import LADDER_MESSAGES

DEFAULT_POLICY = Path(__file__).parent / "data" / "policy-default.toml"
#: Years the working-day calendar covers: wide enough for old notices and long deadlines.
CALENDAR_YEARS = range(2015, 2041)


def engine_for(settings: Settings) -> Engine:
    """The app database engine named by the settings (cached per URL)."""
    return _engine(settings.database_url)


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    return make_engine(url)


def calendar_for(settings: Settings) -> WorkCalendar:
    """The working-day calendar: shipped data plus the administrator's file, if any."""
    return _calendar(settings.calendar_file)


@lru_cache(maxsize=4)
def _calendar(override: Path | None) -> WorkCalendar:
    return build_calendar(CALENDAR_YEARS, override_file=override)


def policies_for(settings: Settings) -> PolicySet:
    """The follow-up policy set from DIRECTIVES_POLICY_FILE or the shipped defaults.

    With the shipped defaults, business dates are in DIRECTIVES_TIMEZONE; a policy file
    states its own zone.
    """
    if settings.policy_file is not None:
        return read_policy(settings.policy_file)
    shipped = read_policy(DEFAULT_POLICY)
    return replace(
        shipped, default=replace(shipped.default, timezone=settings.timezone)
    )


def read_policy(path: Path) -> PolicySet:
    """Read and check a policy file.

    Raises:
        PolicyError: the file is missing, not TOML, or refused by the rules.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise PolicyError(f"{path}: cannot read policy: {err.strerror}") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise PolicyError(f"{path}: malformed TOML: {err}") from err
    return parse_policy(data, source=str(path), ladder_messages=LADDER_MESSAGES)


def notifier_for(settings: Settings) -> Notifier:
    """SMTP when DIRECTIVES_SMTP_HOST is set, otherwise the file outbox."""
    if settings.smtp_host:
        password = (
            settings.smtp_password.get_secret_value()
            if settings.smtp_password
            else None
        )
        return SmtpNotifier(
            host=settings.smtp_host,
            port=settings.smtp_port,
            security=settings.smtp_security,
            user=settings.smtp_user,
            password=password,
            timeout=settings.smtp_timeout,
        )
    return FileOutbox(settings.outbox_dir)


def context_for(settings: Settings) -> AppContext:
    """Everything a use case needs, built from the settings."""
    return AppContext(
        engine=engine_for(settings),
        calendar=calendar_for(settings),
        policies=policies_for(settings),
        base_url=settings.base_url,
        mail_from=settings.mail_from,
        locale=settings.locale,
    )
