"""Settings become real parts: notifier, policy, calendar, locale."""

from pathlib import Path

import pytest

from app.settings import Settings
from app.wiring import context_for, notifier_for, policies_for
from domain.errors import PolicyError
from notifications.senders import FileOutbox, SmtpNotifier


def test_without_an_smtp_host_mail_goes_to_the_file_outbox(tmp_path: Path):
    notifier = notifier_for(Settings(outbox_dir=tmp_path / "out"))
    assert isinstance(notifier, FileOutbox)
    assert notifier.directory == tmp_path / "out"


def test_with_an_smtp_host_mail_goes_over_smtp():
    notifier = notifier_for(
        Settings(smtp_host="127.0.0.1", smtp_port=2525, smtp_security="starttls")
    )
    assert isinstance(notifier, SmtpNotifier)


def test_the_shipped_policy_follows_the_timezone_setting():
    assert policies_for(Settings()).default.timezone == "Asia/Ho_Chi_Minh"
    assert (
        policies_for(Settings(timezone="Asia/Bangkok")).default.timezone
        == "Asia/Bangkok"
    )


def test_a_malformed_policy_file_is_refused_naming_the_file(tmp_path: Path):
    bad = tmp_path / "policy.toml"
    bad.write_text("[default\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"policy\.toml: malformed TOML"):
        policies_for(Settings(policy_file=bad))


def test_the_locale_setting_reaches_the_use_cases(tmp_path: Path):
    ctx = context_for(
        Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", locale="en")
    )
    assert ctx.locale == "en"


def test_placeholder_secrets_are_refused_in_production():
    with pytest.raises(ValueError, match="DIRECTIVES_SMTP_PASSWORD: contains"):
        Settings(environment="production", smtp_password="changeme-2024-x")
