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

from importlib import import_module
from typing import Any

# Re-exported lazily: importing one submodule (e.g. the formatting helpers) must not load
# Jinja and the SMTP client for a command that only reads the database.
_EXPORTS = {
    "RenderedMessage": "notifications.render",
    "render": "notifications.render",
    "FileOutbox": "notifications.senders",
    "MemoryOutbox": "notifications.senders",
    "Notifier": "notifications.senders",
    "ReplacingNotifier": "notifications.senders",
    "OutgoingMessage": "notifications.senders",
    "PartialDeliveryError": "notifications.senders",
    "SmtpNotifier": "notifications.senders",
    "build_email": "notifications.senders",
    "message_id_for": "notifications.senders",
    "MESSAGES": "notifications.views",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'notifications' has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "MESSAGES",
    "FileOutbox",
    "MemoryOutbox",
    "Notifier",
    "OutgoingMessage",
    "PartialDeliveryError",
    "RenderedMessage",
    "ReplacingNotifier",
    "SmtpNotifier",
    "build_email",
    "message_id_for",
    "render",
]
