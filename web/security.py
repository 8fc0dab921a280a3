"""The security plumbing of the workspace: secret key, headers, request size, CSRF.

Sessions are Starlette's signed cookie (itsdangerous), keyed by DIRECTIVES_SECRET_KEY.
"""

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from app.settings import Settings
from domain.errors import ConfigurationError

PLACEHOLDER_KEYS = frozenset(
    {"", "changeme", "change-me", "secret", "secret-key", "dev", "development", "xxx"}
)
MIN_KEY_LENGTH = 32
#: Every page: no inline script anywhere, assets from the app itself only.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "connect-src 'self'"
)
HEADERS = {
    b"content-security-policy": CSP.encode(),
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"same-origin",
    b"x-content-type-options": b"nosniff",
    b"cross-origin-opener-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
}
#: A request body larger than this is refused (uploads are checked again, by type).
MAX_BODY_BYTES = 6 * 1024 * 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def secret_key(settings: Settings) -> str:
    """The key that signs session cookies.

    In production a missing, short or placeholder key is refused; in development a
    missing key gives a random one for this process (sessions end with it).

    Raises:
        ConfigurationError: production without a real key.
    """
    value = settings.secret_key.get_secret_value() if settings.secret_key else ""
    weak = value.strip().lower() in PLACEHOLDER_KEYS or len(value) < MIN_KEY_LENGTH
    if settings.environment == "production" and weak:
        hint = "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
        raise ConfigurationError(
            "DIRECTIVES_SECRET_KEY: production needs a random key of at least "
            f"{MIN_KEY_LENGTH} characters (e.g. {hint})",
            vi="DIRECTIVES_SECRET_KEY: môi trường production cần một khóa ngẫu nhiên "
            f"dài ít nhất {MIN_KEY_LENGTH} ký tự (ví dụ {hint})",
        )

    return value if value else secrets.token_urlsafe(48)


def new_token() -> str:
    """A fresh CSRF token."""
    return secrets.token_urlsafe(32)


def same_token(expected: object, given: object) -> bool:
    """Constant-time comparison of the session's token and the form's."""
    return (
        isinstance(expected, str)
        and isinstance(given, str)
        and bool(expected)
        and hmac.compare_digest(expected.encode(), given.encode())
    )


class HardeningMiddleware:
    """Adds the security headers to every response and caps the request body size."""

    def __init__(self, app: ASGIApp, *, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if (
            declared is not None
            and declared.isdigit()
            and int(declared) > self.max_body
        ):
            await _too_large(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k not in HEADERS
                ]
                headers.extend(HEADERS.items())
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, counted, with_headers)
        except _BodyTooLarge:
            await _too_large(send)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send) -> None:
    body = "Tệp quá lớn / Request too large".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *HEADERS.items(),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
