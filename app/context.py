"""What every use case needs besides a session: the rules' data and the mail settings."""

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from domain.addresses import parse_mailbox
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
        mail_from: sender, ``addr`` or ``Name <addr>``; the address's domain names
            the Message-IDs.
        locale: language of mail ("vi" or "en").
    """

    engine: Engine
    calendar: WorkCalendar
    policies: PolicySet
    base_url: str
    mail_from: str
    locale: Locale = "vi"

    @property
    def mail_domain(self) -> str:
        return parse_mailbox(self.mail_from).domain
