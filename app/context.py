"""What every use case needs besides a session: the rules' data and the mail settings."""

# annotations stay strings: the types below are imported for the type checker only, so
# a command that only reads the database does not load the rules and the mail code
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from domain.policy import PolicySet
    from domain.workdays import WorkCalendar
    from notifications.formatting import Locale


@dataclass(frozen=True)
class AppContext:
    """The real parts a use case works with, built once by :mod:`app.wiring`.

    Args:
        engine: the app database.
        calendar: the working-day calendar.
        policies: the follow-up policy per issuer.
        base_url: base of links in mail.
        mail_from: sender address; its domain names the Message-IDs.
        locale: language of mail ("vi" or "en").
    """

    engine: Engine
    calendar: WorkCalendar
    policies: PolicySet
    base_url: str
    mail_from: str
    locale: Locale = "vi"
    _factories: dict[str, Callable[[], Any]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def lazy(
        cls,
        *,
        engine: Engine,
        calendar: Callable[[], WorkCalendar],
        policies: Callable[[], PolicySet],
        base_url: str,
        mail_from: str,
        locale: Locale = "vi",
    ) -> AppContext:
        """A context whose calendar and policies are built on first read, so a command
        that only reads the database never pays for the calendar (≈ 0.5 s)."""
        ctx = cls.__new__(cls)
        for name, value in (
            ("engine", engine),
            ("base_url", base_url),
            ("mail_from", mail_from),
            ("locale", locale),
            ("_factories", {"calendar": calendar, "policies": policies}),
        ):
            object.__setattr__(ctx, name, value)
        return ctx

    if not TYPE_CHECKING:  # hidden from mypy: every other attribute stays checked

        def __getattr__(self, name: str) -> Any:
            factories = self.__dict__.get("_factories") or {}
            if name not in factories:
                raise AttributeError(name)
            value = factories[name]()
            object.__setattr__(self, name, value)
            return value

    @property
    def mail_domain(self) -> str:
        from domain.addresses import parse_mailbox

        return parse_mailbox(self.mail_from).domain
