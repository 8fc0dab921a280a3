"""Settings from the environment (prefix ``DIRECTIVES_``) or a local ``.env`` file.

Nothing is read at import time: entry points call :func:`get_settings`, tests build
``Settings(...)`` directly.
"""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.addresses import parse_mailbox
from domain.errors import InvalidAddress

_PLACEHOLDERS = {"changeme", "change-me", "password", "secret", "xxx"}


class Settings(BaseSettings):
    """Every knob of the application, documented in the README's Configuration table."""

    model_config = SettingsConfigDict(
        env_prefix="DIRECTIVES_", env_file=".env", extra="ignore", frozen=True
    )

    database_url: str = Field(
        default="sqlite:///var/directives.db",
        description="SQLAlchemy URL of the app database (SQLite file or PostgreSQL).",
    )
    outbox_dir: Path = Field(
        default=Path("var/outbox"),
        description="Folder of the file outbox (.eml files) used when no SMTP host is set.",
    )
    smtp_host: str | None = Field(
        default=None, description="SMTP server; unset = file outbox."
    )
    smtp_port: int = Field(default=25, description="SMTP port.")
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
        default="vi", description="Language of the mail: vi (default) or en."
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
        default="development", description="production refuses placeholder secrets."
    )

    @field_validator("mail_from")
    @classmethod
    def _one_sender(cls, value: str) -> str:
        try:
            return str(parse_mailbox(value))
        except InvalidAddress as err:
            raise ValueError(f"DIRECTIVES_MAIL_FROM: {err}") from err

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> "Settings":
        password = self.smtp_password
        if (
            self.environment == "production"
            and password is not None
            and password.get_secret_value().lower() in _PLACEHOLDERS
        ):
            raise ValueError(
                "DIRECTIVES_SMTP_PASSWORD: placeholder refused in production"
            )
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
                text = _mask_url_password(text)
            out[f"DIRECTIVES_{name.upper()}"] = text
        return out


def _mask_url_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    creds, _, host = rest.rpartition("@")
    user, colon, _password = creds.partition(":")
    return f"{scheme}://{user}{':********' if colon else ''}@{host}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once on first use."""
    return Settings()
