"""Bad input to the command: one line naming the setting or option, exit code 2, and
nothing created or written. Filters refuse values they do not know."""

import json
import re

import pytest
from typer.testing import CliRunner

from tests.cli.common import NOTICE, REGISTRY, SIGNED, run


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DIRECTIVES_SMTP_PORT", "smtp"),
        ("DIRECTIVES_SMTP_PORT", "70000"),
        ("DIRECTIVES_LOCALE", "fr"),
        ("DIRECTIVES_TIMEZONE", "Asia/Hanoi_City"),
        ("DIRECTIVES_SMTP_SECURITY", "tls"),
        ("DIRECTIVES_ENVIRONMENT", "staging"),
        ("DIRECTIVES_MAIL_FROM", "a@vinhbao.example.org, b@vinhbao.example.org"),
        ("DIRECTIVES_BASE_URL", "theodoi.vinhbao.vn"),
    ],
)
def test_a_refused_setting_is_one_line_naming_it_exit_2_nothing_created(
    cli_env, runner, monkeypatch, variable, value
):
    monkeypatch.setenv(variable, value)
    for command in (["init", "--registry", str(REGISTRY)], ["assignments"]):
        code, out, err = run(runner, *command)
        assert code == 2, (command, out, err)
        # an unknown DIRECTIVES_LOCALE leaves the default language, Vietnamese
        assert re.match(f"^(error|lỗi): {variable}: ", one_line(err))
    assert sorted(p.name for p in cli_env.iterdir()) == []


def test_an_out_of_range_now_is_refused_naming_the_option(cli_env, runner):
    run(runner, "init", "--registry", str(REGISTRY))
    for value in ("1900-01-01T09:00:00+07:00", "01/01/2099", "31/02/2024"):
        code, _, err = run(runner, "sweep", "--now", value)
        assert code == 2, value
        assert one_line(err).startswith("error: --now: ")


def test_an_unwritable_database_path_is_one_line_and_creates_nothing(
    cli_env, runner, monkeypatch
):
    blocker = cli_env / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(
        "DIRECTIVES_DATABASE_URL", f"sqlite:///{blocker / 'db' / 'directives.db'}"
    )
    code, _, err = run(runner, "init")
    assert code == 2
    assert one_line(err).startswith("error: DIRECTIVES_DATABASE_URL: cannot create")
    assert sorted(p.name for p in cli_env.iterdir()) == ["a-file"]


def test_a_missing_registry_at_init_is_refused_before_anything_is_created(
    cli_env, runner
):
    code, _, err = run(runner, "init", "--registry", str(cli_env / "nowhere.toml"))
    assert code == 2
    assert "--registry" in one_line(err)
    assert "nowhere.toml" in err
    assert not (cli_env / "cli.db").exists()


def test_a_malformed_database_url_is_reported_with_its_password_masked(
    cli_env, runner, monkeypatch
):
    for url in (
        "postgresql://app:Sup3rS3cret@db.example.org:port/app",
        "postgresql//app:Sup3rS3cret@db.example.org/app",
    ):
        monkeypatch.setenv("DIRECTIVES_DATABASE_URL", url)
        code, _, err = run(runner, "init")
        assert code == 2
        line = one_line(err)
        assert line.startswith("error: DIRECTIVES_DATABASE_URL: malformed URL")
        assert "Sup3rS3cret" not in err
        assert "app:********@" in line


PRODUCTION = {
    "DIRECTIVES_ENVIRONMENT": "production",
    "DIRECTIVES_MAIL_FROM": "Văn phòng Huyện ủy <theodoi@vinhbao.gov.vn>",
    "DIRECTIVES_BASE_URL": "https://theodoi.vinhbao.gov.vn",
    "DIRECTIVES_SMTP_HOST": "mail.vinhbao.gov.vn",
    "DIRECTIVES_SMTP_USER": "theodoi",
    "DIRECTIVES_SMTP_PASSWORD": "q7-Hx!m2#Lp9vZ",
    "DIRECTIVES_SMTP_SECURITY": "starttls",
}


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"DIRECTIVES_SMTP_PASSWORD": ""}, "DIRECTIVES_SMTP_PASSWORD"),
        ({"DIRECTIVES_SMTP_PASSWORD": "Password2024!"}, "DIRECTIVES_SMTP_PASSWORD"),
        ({"DIRECTIVES_SMTP_PASSWORD": "Tr0ub4dor"}, "DIRECTIVES_SMTP_PASSWORD"),
        ({"DIRECTIVES_SMTP_PASSWORD": "aaaaaaaaaaaaaaaa"}, "DIRECTIVES_SMTP_PASSWORD"),
        ({"DIRECTIVES_SMTP_SECURITY": "none"}, "DIRECTIVES_SMTP_SECURITY"),
        (
            {"DIRECTIVES_MAIL_FROM": "directives@example.invalid"},
            "DIRECTIVES_MAIL_FROM",
        ),
        ({"DIRECTIVES_BASE_URL": "http://localhost:8000"}, "DIRECTIVES_BASE_URL"),
        ({"DIRECTIVES_BASE_URL": "http://127.0.0.1"}, "DIRECTIVES_BASE_URL"),
        ({"DIRECTIVES_SECRET_KEY": "changeme-changeme"}, "DIRECTIVES_SECRET_KEY"),
    ],
)
def test_production_refuses_unsafe_settings_each_as_one_line(
    cli_env, runner, monkeypatch, changes, named
):
    for variable, value in {**PRODUCTION, **changes}.items():
        monkeypatch.setenv(variable, value)
    code, _, err = run(runner, "init")
    assert code == 2
    line = one_line(err)
    assert line.startswith(f"error: {named}: ")
    for secret in ("Password2024!", "Tr0ub4dor", "changeme-changeme"):
        assert secret not in line
    assert not (cli_env / "cli.db").exists()


def test_production_accepts_sound_settings(cli_env, runner, monkeypatch):
    for variable, value in PRODUCTION.items():
        monkeypatch.setenv(variable, value)
    code, out, err = run(runner, "config")
    assert code == 0, err
    assert "q7-Hx!m2#Lp9vZ" not in out


# --- filters ----------------------------------------------------------------------------


@pytest.fixture
def ingested(cli_env, runner):
    run(runner, "init", "--registry", str(REGISTRY))
    code, _, err = run(runner, "ingest", str(NOTICE), "--now", SIGNED)
    assert code == 0, err
    return cli_env


def listed(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    code, out, err = run(runner, "assignments", "--json", *args)
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["assignments", "--status", "foo"], "--status"),
        (["assignments", "--owner", "Hội Nông dân"], "--owner"),
        (["assignments", "--subtree"], "--subtree"),
        (["assignments", "--due-before", "2023-13-45"], "--due-before"),
        (["report", "--issuer", "no-such-body"], "--issuer"),
        (["report", "--issuer", "btg-huyen-uy"], "--issuer"),
        (["send-reports", "--period", "daily"], "--period"),
    ],
)
def test_unknown_filter_values_are_refused_naming_the_option(
    ingested, runner, args, named
):
    code, _, err = run(runner, *args)
    assert code == 2
    assert one_line(err).startswith(f"error: {named}: ")


def test_owner_accepts_an_alias_or_a_name_as_well_as_the_code(ingested, runner):
    by_code = listed(runner, "--owner", "btg-huyen-uy")
    assert by_code
    assert listed(runner, "--owner", "Ban Tuyên giáo") == by_code
    assert listed(runner, "--owner", "ban tuyên giáo huyện ủy vĩnh bảo") == by_code


def test_a_group_owner_means_its_members(ingested, runner):
    rows = listed(runner, "--owner", "Các cấp ủy đảng")
    members = {"dang-uy-tt-vinh-bao", "dang-uy-xa-tan-hung", "dang-uy-xa-nhan-hoa"}
    assert {r["owner"] for r in rows} == members


def test_subtree_includes_the_units_under_an_organisation(ingested, runner):
    own = listed(runner, "--owner", "ubnd-huyen")
    tree = listed(runner, "--owner", "ubnd-huyen", "--subtree")
    owners = {r["owner"] for r in tree}
    assert {r["id"] for r in own} < {r["id"] for r in tree}
    assert "ubnd-xa-tan-hung" in owners
    assert "btg-huyen-uy" not in owners


def test_status_overdue_lists_work_past_its_date_in_force(ingested, runner):
    assert (
        listed(runner, "--status", "overdue", "--now", "2023-10-01T09:00+07:00") == []
    )
    late = listed(runner, "--status", "overdue", "--now", "2024-01-08T09:00+07:00")
    assert late
    assert all(str(r["due_on"] or "9999") < "2024-01-08" for r in late)
    assert all(r["status"] in ("open", "returned", "needs_owner") for r in late)
