"""Settings from the environment (prefix ``DIRECTIVES_``) or a local ``.env`` file.

Nothing is read at import time and nothing is cached: entry points call
:func:`load_settings` once and build the application from what it returns (see
:mod:`app.wiring`); tests build ``Settings(...)`` directly. Every refusal names the
variable, in one line.
"""

import re
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.addresses import parse_mailbox
from domain.errors import (
    ConfigurationError,
    DirectiveError,
    InputError,
    InvalidAddress,
)

#: Words that make a secret guessable wherever they appear in it.
_WEAK_WORDS = (
    "changeme",
    "change-me",
    "change_me",
    "password",
    "passwd",
    "secret",
    "default",
    "example",
    "admin",
    "qwerty",
    "letmein",
    "123456",
    "abcdef",
    "xxx",
    "test",
    "directives",
)
MIN_SECRET_LENGTH = 12
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


def weak_secret_reason(value: str) -> tuple[str, str] | None:
    """Why a secret is too weak for production, in English and Vietnamese, or None
    when it is acceptable.

    Empty, shorter than :data:`MIN_SECRET_LENGTH`, made of fewer than six distinct
    characters, or containing a common word ("password", "changeme", "secret", …).
    """
    if not value.strip():
        return "is empty", "đang để trống"
    if len(value) < MIN_SECRET_LENGTH:
        return (
            f"is shorter than {MIN_SECRET_LENGTH} characters",
            f"ngắn hơn {MIN_SECRET_LENGTH} ký tự",
        )
    if len(set(value)) < 6:
        return "repeats too few characters", "lặp lại quá ít ký tự khác nhau"
    lowered = value.lower()
    for word in _WEAK_WORDS:
        if word in lowered:
            return (
                f"contains the common word {word!r}",
                f"chứa từ thông dụng {word!r}",
            )
    return None


class Settings(BaseSettings):
    """Every knob of the application, documented in the README's Configuration table."""

    model_config = SettingsConfigDict(
        env_prefix="DIRECTIVES_", env_file=".env", extra="ignore", frozen=True
    )

    database_url: str = Field(
        default="sqlite:///var/directives.db",
        description="SQLAlchemy URL of the app database (SQLite file or PostgreSQL).",
    )
    cache_dir: Path = Field(
        default=Path("var/cache"),
        description="Folder of rebuildable data kept between runs (the built calendar).",
    )
    outbox_dir: Path = Field(
        default=Path("var/outbox"),
        description="Folder of the file outbox (.eml files) used when no SMTP host is set.",
    )
    smtp_host: str | None = Field(
        default=None, description="SMTP server; unset = file outbox."
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="SMTP port.")
    smtp_user: str | None = Field(default=None, description="SMTP login, if any.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    smtp_security: Literal["none", "starttls", "ssl"] = Field(
        default="none", description="Transport security: none, starttls or ssl."
    )
    mail_from: str = Field(
        default="directives@example.invalid",
        description="Sender of all mail: addr or 'Name <addr>'.",
    )
    smtp_timeout: float = Field(
        default=10.0, gt=0, description="Seconds to connect and per SMTP command."
    )
    delivery_time_budget: float = Field(
        default=300.0,
        gt=0,
        description="Seconds a delivery pass may start new mail; the rest waits.",
    )
    delivery_max_failures: int = Field(
        default=3,
        ge=1,
        description="A pass stops after this many server failures in a row.",
    )
    base_url: str = Field(
        default="http://localhost:8000", description="Base URL of links in mail."
    )
    timezone: str = Field(
        default="Asia/Ho_Chi_Minh",
        description="Zone of business dates and working hours.",
    )
    locale: Literal["vi", "en"] = Field(
        default="vi",
        description="Language of mail and command output: vi (default) or en.",
    )
    policy_file: Path | None = Field(
        default=None,
        description="Escalation policy TOML; unset = the shipped defaults.",
    )
    calendar_file: Path | None = Field(
        default=None,
        description="Extra announced days off / make-up days (TOML), added to the shipped data.",
    )
    registry_file: Path | None = Field(
        default=None,
        description="Organisation registry TOML loaded by `directives init`.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key that signs the web workspace's session cookies; production needs a random one.",
    )
    upload_dir: Path = Field(
        default=Path("var/uploads"),
        description="Folder where the web workspace keeps uploaded notices until confirmed.",
    )
    max_notice_bytes: int = Field(
        default=5_000_000,
        gt=0,
        description="Largest notice accepted, in bytes of text (default 5 MB); "
        "larger files are refused.",
    )
    environment: Literal["development", "production"] = Field(
        default="development",
        description="production refuses weak secrets, plain-text SMTP logins, "
        "the example sender and a localhost base URL.",
    )

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError(
                f"{value!r} is not an http(s):// URL",
                vi=f"{value!r} không phải địa chỉ http(s)://",
            )
        return value.strip().rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise InputError(
                f"{value!r} is not a time zone (e.g. Asia/Ho_Chi_Minh)",
                vi=f"{value!r} không phải múi giờ (ví dụ Asia/Ho_Chi_Minh)",
            ) from err
        return value

    @field_validator("mail_from")
    @classmethod
    def _one_sender(cls, value: str) -> str:
        try:
            return str(parse_mailbox(value))
        except InvalidAddress as err:
            raise InputError(
                f"DIRECTIVES_MAIL_FROM: {err}",
                vi=f"DIRECTIVES_MAIL_FROM: {err.text('vi')}",
            ) from err

    @model_validator(mode="after")
    def _production_rules(self) -> "Settings":
        if self.environment == "production":
            problem = production_problem(self)
            if problem is not None:
                raise problem
        return self

    def masked(self) -> dict[str, str]:
        """The effective settings as strings, secrets masked, for `directives config`."""
        out: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                text = "********"
            elif value is None:
                text = ""
            else:
                text = str(value)
            if name == "database_url":
                text = mask_url_password(text)
            out[f"DIRECTIVES_{name.upper()}"] = text
        return out


def production_problem(settings: Settings) -> ConfigurationError | None:
    """The first reason ``settings`` are unfit for production, naming the variable."""
    password = settings.smtp_password
    if settings.smtp_user and password is None:
        return ConfigurationError(
            "DIRECTIVES_SMTP_PASSWORD: is empty while DIRECTIVES_SMTP_USER is set",
            vi="DIRECTIVES_SMTP_PASSWORD: đang để trống trong khi đã đặt "
            "DIRECTIVES_SMTP_USER",
        )
    if password is not None:
        reason = weak_secret_reason(password.get_secret_value())
        if reason:
            return ConfigurationError(
                f"DIRECTIVES_SMTP_PASSWORD: {reason[0]}; refused in production",
                vi=f"DIRECTIVES_SMTP_PASSWORD: {reason[1]}; "
                "không được chấp nhận trong môi trường production",
            )
        if settings.smtp_security == "none":
            return ConfigurationError(
                "DIRECTIVES_SMTP_SECURITY: none would send the SMTP password in plain "
                "text; use starttls or ssl in production",
                vi="DIRECTIVES_SMTP_SECURITY: none sẽ gửi mật khẩu SMTP dưới dạng "
                "không mã hóa; trong môi trường production hãy dùng starttls hoặc ssl",
            )
    if settings.secret_key is not None:
        reason = weak_secret_reason(settings.secret_key.get_secret_value())
        if reason:
            return ConfigurationError(
                f"DIRECTIVES_SECRET_KEY: {reason[0]}; refused in production",
                vi=f"DIRECTIVES_SECRET_KEY: {reason[1]}; "
                "không được chấp nhận trong môi trường production",
            )
    sender = parseaddr(settings.mail_from)[1].lower()
    if sender.endswith((".invalid", "@example.com", "@example.org", "@example.net")):
        return ConfigurationError(
            f"DIRECTIVES_MAIL_FROM: {settings.mail_from!r} is an example address; "
            "set the office's real sender in production",
            vi=f"DIRECTIVES_MAIL_FROM: {settings.mail_from!r} là địa chỉ mẫu; "
            "trong môi trường production hãy đặt địa chỉ gửi thật của văn phòng",
        )
    host = (urlsplit(settings.base_url).hostname or "").lower()
    if host in _LOCAL_HOSTS or host.endswith(".localhost"):
        return ConfigurationError(
            f"DIRECTIVES_BASE_URL: {settings.base_url!r} points at this machine; "
            "links in mail would not open for recipients",
            vi=f"DIRECTIVES_BASE_URL: {settings.base_url!r} trỏ vào chính máy này; "
            "người nhận sẽ không mở được các liên kết trong thư",
        )
    return None


def mask_url_password(url: str) -> str:
    """``url`` with the password of its user part masked (malformed URLs too)."""
    head, slashes, rest = url.partition("//")
    if not slashes:
        head, rest = "", url
    return head + slashes + _CREDENTIALS.sub(r"\1:********@", rest, count=1)


# "user:" and everything up to the last "@" of the authority (a password may hold "@")
_CREDENTIALS = re.compile(r"^([^/:@\s]*):\S*@")


def load_settings() -> Settings:
    """The settings of this process, read from the environment and ``.env``.

    Raises:
        ConfigurationError: one line naming every refused variable and why.
    """
    try:
        return Settings()
    except ValidationError as err:
        raise ConfigurationError(describe(err), vi=describe(err, lang="vi")) from err


def get_settings() -> Settings:
    """Alias of :func:`load_settings` kept for entry points: reads afresh every call."""
    return load_settings()


def describe(err: ValidationError, *, lang: str = "en") -> str:
    """One line naming each refused variable and the reason, secrets never echoed,
    in ``lang`` ("en" or "vi")."""
    parts: list[str] = []
    for problem in err.errors(include_url=False, include_input=False):
        message = _reason(problem, lang)
        loc = problem["loc"]
        if loc:
            name = f"DIRECTIVES_{str(loc[0]).upper()}"
            if "password" not in name.lower():
                given = _given(err, loc[0])
                if given is not None:
                    got = "nhận được" if lang == "vi" else "got"
                    message = f"{message} ({got} {given!r})"
            message = message.removeprefix(f"{name}: ")
            parts.append(f"{name}: {message}")
        else:
            parts.append(message)
    return "; ".join(parts)


# Vietnamese of pydantic's refusals of a value, by error type, formatted with its ctx.
_REASONS_VI: dict[str, str] = {
    "literal_error": "phải là {expected}",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "greater_than": "phải lớn hơn {gt}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than": "phải nhỏ hơn {lt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "missing": "chưa được đặt",
    "string_too_short": "phải có ít nhất {min_length} ký tự",
}


def _reason(problem: Any, lang: str) -> str:
    """Why pydantic refused a value: our validators' own error in ``lang``, or
    pydantic's message (in Vietnamese for the refusals settings can meet)."""
    ctx = problem.get("ctx") or {}
    raised = ctx.get("error")
    if isinstance(raised, DirectiveError):
        return raised.text(lang)
    english = str(problem["msg"]).removeprefix("Value error, ")
    template = _REASONS_VI.get(problem["type"]) if lang == "vi" else None
    if template is None:
        return english
    values = {key: str(value).replace(" or ", " hoặc ") for key, value in ctx.items()}
    return template.format_map(values)


def _given(err: ValidationError, field: object) -> str | None:
    for problem in err.errors(include_url=False):
        if problem["loc"] and problem["loc"][0] == field:
            value = problem.get("input")
            if isinstance(value, str):
                return mask_url_password(value)
    return None
