"""Mail to owners and to the issuing committee: views, templates, rendering, sending.

- :mod:`notifications.views`: one frozen dataclass per message, holding exactly the
  fields it shows (never ORM rows); :data:`~notifications.views.MESSAGES` maps each
  message name to its view.
- :mod:`notifications.render`: ``render(name, view)`` gives subject, text and HTML from
  the templates in ``notifications/templates/`` (Vietnamese by default, English with
  ``locale="en"``).
- :mod:`notifications.senders`: the :class:`Notifier` protocol and its implementations
  (SMTP, a directory of ``.eml`` files, memory); ``message_id_for`` turns a delivery's
  dedupe key into a deterministic Message-ID.

Deciding what to send and recording deliveries belongs to the callers (``app/``).
"""

from notifications.render import RenderedMessage, render
from notifications.senders import (
    FileOutbox,
    MemoryOutbox,
    Notifier,
    OutgoingMessage,
    PartialDeliveryError,
    SmtpNotifier,
    build_email,
    message_id_for,
)
from notifications.views import MESSAGES

__all__ = [
    "MESSAGES",
    "FileOutbox",
    "MemoryOutbox",
    "Notifier",
    "OutgoingMessage",
    "PartialDeliveryError",
    "RenderedMessage",
    "SmtpNotifier",
    "build_email",
    "message_id_for",
    "render",
]
