"""Use case: send what the ledger holds, with digests grouped per recipient."""

from datetime import datetime

from app.context import AppContext
from app.ledger import DeliveryReport, deliver_pending
from app.messages import Composer, DigestGrouper
from notifications.senders import Notifier


def deliver(
    ctx: AppContext, notifier: Notifier, *, now: datetime, limit: int = 1000
) -> DeliveryReport:
    """Send every ledger row whose time has come (pending, or failed and due a retry)."""
    return deliver_pending(
        ctx.engine,
        notifier,
        now=now,
        mail_from=ctx.mail_from,
        compose=Composer(ctx),
        group=DigestGrouper(ctx),
        limit=limit,
    )
