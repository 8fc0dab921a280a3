"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests that send mail."""

import asyncio
import socket
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from notifications.senders import SmtpNotifier

USER, PASSWORD = "vanphong", "Mat-khau-thu-2023"
REFUSED = "khongton@tai.example.vn"
#: refused with a temporary reply the first time it is seen, accepted afterwards
BUSY = "dangban@tai.example.vn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- an SMTP server on 127.0.0.1 ------------------------------------------------


class CollectingHandler:
    """Keeps every envelope; refuses one address so refusals can be tested."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.sessions: list[Any] = []
        self.busy_seen = False
        self.data_delay = 0.0  # seconds each DATA takes (a slow server)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 no such mailbox"
        if address == BUSY and not self.busy_seen:
            self.busy_seen = True
            return "451 4.2.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        self.envelopes.append(envelope)
        self.sessions.append(session)
        return "250 Message accepted for delivery"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data == (
        USER.encode(),
        PASSWORD.encode(),
    )
    # handled=False lets aiosmtpd answer 535 itself on failure.
    return AuthResult(success=ok, handled=False)


class Server:
    def __init__(self, controller: Controller, handler: CollectingHandler) -> None:
        self.controller = controller
        self.handler = handler
        self.port = int(controller.port)

    def notifier(self, **kwargs: Any) -> SmtpNotifier:
        kwargs.setdefault("security", "none")
        return SmtpNotifier(
            "127.0.0.1", self.port, timeout=5, local_hostname="localhost", **kwargs
        )


def start(**smtp_kwargs: Any) -> Server:
    handler = CollectingHandler()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        server_hostname="localhost",
        **smtp_kwargs,
    )
    controller.start()
    return Server(controller, handler)
