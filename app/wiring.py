"""The application bootstrap: every real part built from one Settings value, on demand.

:class:`Application` is built once per process (per command, per worker) from the
settings it is given; its parts are made on first use and live as long as it does. There
is no module-level cache: a test that changes the settings builds another Application.
"""

# Every import that costs is made where it is used: `parse` needs no database and
# `assignments` no calendar, and neither loads them. Annotations stay strings.
from __future__ import annotations

import tomllib
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app.context import AppContext
from app.settings import Settings, load_settings
from domain.errors import PolicyError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from domain.policy import PolicySet
    from domain.workdays import WorkCalendar
    from notifications.senders import Notifier

DEFAULT_POLICY = Path(__file__).parent / "data" / "policy-default.toml"
#: Years the working-day calendar covers: wide enough for old notices and long deadlines.
CALENDAR_YEARS = range(2015, 2041)


class Application:
    """The parts of the application built from ``settings``, each on first use.

    Args:
        settings: what the parts are built from.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @classmethod
    def from_environment(cls) -> Application:
        """Read the settings (one line naming any refused variable) and bootstrap.

        Raises:
            ConfigurationError: a setting is refused.
        """
        return cls(load_settings())

    @cached_property
    def engine(self) -> Engine:
        """The app database engine (nothing is connected yet)."""
        return engine_for(self.settings)

    @cached_property
    def calendar(self) -> WorkCalendar:
        """The working-day calendar."""
        return calendar_for(self.settings)

    @cached_property
    def policies(self) -> PolicySet:
        """The follow-up policies."""
        return policies_for(self.settings)

    @cached_property
    def notifier(self) -> Notifier:
        """SMTP or the file outbox."""
        return notifier_for(self.settings)

    @cached_property
    def context(self) -> AppContext:
        """What the use cases take; calendar and policies still built on first use."""
        return AppContext.lazy(
            engine=self.engine,
            calendar=lambda: self.calendar,
            policies=lambda: self.policies,
            base_url=self.settings.base_url,
            mail_from=self.settings.mail_from,
            locale=self.settings.locale,
        )

    def close(self) -> None:
        """Release the database connections, if any were opened."""
        if "engine" in self.__dict__:
            self.engine.dispose()


def engine_for(settings: Settings) -> Engine:
    """A new engine for the database named by the settings."""
    from models.db import make_engine  # not loaded by `parse`, which needs no database

    return make_engine(settings.database_url)


def calendar_for(settings: Settings) -> WorkCalendar:
    """The working-day calendar: shipped data plus the administrator's file, if any.

    Built once and kept under DIRECTIVES_CACHE_DIR (see :mod:`app.calendar_cache`).
    """
    from app.calendar_cache import cache_key, cached_calendar

    def build() -> WorkCalendar:
        # imported here: the holidays package loads only when the calendar is built
        from app.calendars import build_calendar

        return build_calendar(CALENDAR_YEARS, override_file=settings.calendar_file)

    return cached_calendar(
        settings.cache_dir, cache_key(CALENDAR_YEARS, settings.calendar_file), build
    )


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
        raise PolicyError(
            f"{path}: cannot read policy: {err.strerror}",
            vi=f"{path}: không đọc được tệp chính sách nhắc việc: {err.strerror}",
        ) from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise PolicyError(
            f"{path}: malformed TOML: {err}", vi=f"{path}: TOML sai cú pháp: {err}"
        ) from err

    from domain.policy import parse_policy
    from notifications.views import LADDER_MESSAGES

    return parse_policy(data, source=str(path), ladder_messages=LADDER_MESSAGES)


def notifier_for(settings: Settings) -> Notifier:
    """SMTP when DIRECTIVES_SMTP_HOST is set, otherwise the file outbox."""
    from notifications.senders import FileOutbox, SmtpNotifier

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
    """Everything a use case needs, built from the settings (a new Application's)."""
    return Application(settings).context
