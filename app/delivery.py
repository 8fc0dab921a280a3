"""Use case: send what the ledger holds, with digests grouped per recipient."""

from datetime import datetime

from app.context import AppContext
from app.ledger import DeliveryLimits, DeliveryReport, deliver_pending
from app.messages import Composer, DigestGrouper
from app.settings import Settings
from notifications.senders import Notifier


def limits_for(settings: Settings) -> DeliveryLimits:
    """The delivery pass's time budget and failure limit from the settings."""
    return DeliveryLimits(
        time_budget=settings.delivery_time_budget,
        max_failures=settings.delivery_max_failures,
    )


def deliver(
    ctx: AppContext,
    notifier: Notifier,
    *,
    now: datetime,
    limit: int = 1000,
    limits: DeliveryLimits | None = None,
) -> DeliveryReport:
    """Send every ledger row whose time has come (pending, or failed and due a retry),
    and rows an interrupted pass left `sending`, within ``limits``."""
    return deliver_pending(
        ctx.engine,
        notifier,
        now=now,
        mail_from=ctx.mail_from,
        compose=Composer(ctx),
        group=DigestGrouper(ctx),
        limit=limit,
        limits=limits,
        zone=ctx.policies.default.zone,
    )
