"""`directives` commands and the delivery limits and address checks, end to end."""

from sqlmodel import Session, func, select
from typer.testing import CliRunner

from app.settings import get_settings
from app.wiring import engine_for
from cli.main import app
from models.tables import Delivery, Organization
from tests.cli.common import NOTICE, REGISTRY, SIGNED
from tests.smtp import free_port


def _invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_registry_with_a_smuggled_address_is_one_line_exit_2_nothing_written(
    cli_env, runner
):
    bad = cli_env / "registry.toml"
    bad.write_text(
        REGISTRY.read_text(encoding="utf-8").replace(
            '"vanphong@vinhbao.example.org"',
            '"vanphong@vinhbao.example.org,boss@evil.example.org"',
            1,
        ),
        encoding="utf-8",
    )
    assert _invoke(runner, "init")[0] == 0
    code, _, err = _invoke(runner, "orgs", "load", str(bad))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert str(bad) in err
    assert "'vanphong@vinhbao.example.org,boss@evil.example.org'" in err
    with Session(engine_for(get_settings())) as session:
        assert session.exec(select(func.count()).select_from(Organization)).one() == 0


def test_deliver_with_the_server_down_stops_after_the_failures_allowed_and_says_so(
    cli_env, runner, monkeypatch
):
    assert _invoke(runner, "init", "--registry", str(REGISTRY))[0] == 0
    monkeypatch.setenv("DIRECTIVES_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DIRECTIVES_SMTP_PORT", str(free_port()))  # nobody listens
    monkeypatch.setenv("DIRECTIVES_DELIVERY_MAX_FAILURES", "1")
    monkeypatch.setenv("DIRECTIVES_LOCALE", "vi")
    code, out, _ = _invoke(runner, "ingest", str(NOTICE), "--now", SIGNED)
    assert code == 0
    assert "dừng sớm sau 1 lần máy chủ thư lỗi liên tiếp" in out
    code, out, _ = _invoke(runner, "deliver", "--now", SIGNED)
    assert code == 0
    assert "dừng sớm sau 1 lần máy chủ thư lỗi liên tiếp" in out
    with Session(engine_for(get_settings())) as session:
        statuses = session.exec(select(Delivery.status)).all()
    assert statuses.count("failed") == 2  # one per pass
    assert statuses.count("pending") == len(statuses) - 2


def test_a_sender_setting_with_two_addresses_is_one_line_exit_2(
    cli_env, runner, monkeypatch
):
    monkeypatch.setenv(
        "DIRECTIVES_MAIL_FROM", "vp@vinhbao.example.org, boss@evil.example.org"
    )
    code, _, err = _invoke(runner, "config")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "DIRECTIVES_MAIL_FROM" in err
    assert "several addresses" in err


def test_a_sender_with_a_display_name_is_accepted(cli_env, runner, monkeypatch):
    monkeypatch.setenv(
        "DIRECTIVES_MAIL_FROM", "Văn phòng Huyện ủy <vanphong@vinhbao.example.org>"
    )
    code, out, _ = _invoke(runner, "config")
    assert code == 0
    assert (
        "DIRECTIVES_MAIL_FROM=Văn phòng Huyện ủy <vanphong@vinhbao.example.org>" in out
    )
