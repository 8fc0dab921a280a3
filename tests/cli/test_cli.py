"""The `directives` command: every command works end to end and bad input is one line,
exit code 2, nothing written."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from app.settings import load_settings
from app.wiring import engine_for
from cli.docgen import command_names, render
from cli.main import app
from models.tables import Assignment, Delivery, Directive, Event, Notice, Organization
from tests.cli.common import NOTICE, REGISTRY, ROOT, SIGNED, run


def counts() -> tuple[int, ...]:
    engine = engine_for(load_settings())
    try:
        with Session(engine) as session:
            return tuple(
                session.exec(select(func.count()).select_from(table)).one()
                for table in (
                    Organization,
                    Notice,
                    Directive,
                    Assignment,
                    Event,
                    Delivery,
                )
            )
    finally:
        engine.dispose()


def test_every_command_has_help_and_is_named_in_the_readme_and_the_reference():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in command_names():
        result = CliRunner().invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, name
        assert f"directives {name}" in readme or f"`{name}`" in readme, name
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: run `make docs`"
    )


def test_config_prints_the_effective_settings_with_secrets_masked(
    cli_env, runner, monkeypatch
):
    monkeypatch.setenv("DIRECTIVES_SMTP_PASSWORD", "s3cret-value")
    monkeypatch.setenv(
        "DIRECTIVES_DATABASE_URL", "postgresql://app:dbpass@db.example.org/app"
    )
    code, out, _ = run(runner, "config")
    assert code == 0
    assert "s3cret-value" not in out
    assert "dbpass" not in out
    assert "DIRECTIVES_SMTP_PASSWORD=********" in out
    assert "DIRECTIVES_DATABASE_URL=postgresql://app:********@db.example.org/app" in out


def test_init_loads_a_registry_and_orgs_list_prints_it_as_json(cli_env, runner):
    code, out, _ = run(runner, "init", "--registry", str(REGISTRY))
    assert code == 0
    assert "19 created" in out
    code, out, _ = run(runner, "orgs", "list", "--json")
    rows = json.loads(out)
    btg = next(r for r in rows if r["code"] == "btg-huyen-uy")
    assert btg["parent"] == "thuong-truc-huyen-uy"


def test_an_unreachable_database_is_one_clear_line_and_exit_1(
    cli_env, runner, monkeypatch
):
    monkeypatch.setenv(
        "DIRECTIVES_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none"
    )
    code, out, err = run(runner, "init")
    assert code == 1
    assert err.startswith("error: cannot reach the database")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_parse_prints_the_notice_as_json_without_any_database(cli_env, runner):
    code, out, _ = run(
        runner, "parse", str(NOTICE), "--json", "--registry", str(REGISTRY)
    )
    assert code == 0
    data = json.loads(out)
    assert data["notice"]["number"] == "629-TB/HU"
    assert [d["ref"] for d in data["directives"]] == ["1", "2", "3", "4"]
    assert not (cli_env / "cli.db").exists()
    code, out, _ = run(runner, "parse", str(NOTICE))
    assert code == 0
    assert "629-TB/HU" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00\x00", "binary"),
        (b"Th\xc3\xb4ng b\xc3\xa1o s\xc3\x28 629", "byte"),
        ("Biên bản họp chi bộ, không có mục nào cả.".encode(), "notice"),
    ],
)
def test_bad_notice_input_is_one_line_exit_2_and_nothing_written(
    cli_env, runner, content, reason
):
    run(runner, "init", "--registry", str(REGISTRY))
    before = counts()
    bad = cli_env / "bad.txt"
    bad.write_bytes(content)
    for command in (["parse", str(bad)], ["ingest", str(bad), "--now", SIGNED]):
        code, _, err = run(runner, *command)
        assert code == 2, command
        assert err.startswith("error: ")
        assert str(bad) in err
        assert reason in err.lower()
        assert len(err.strip().splitlines()) == 1
    assert counts() == before


def test_ingest_without_a_registry_is_refused_and_writes_nothing(cli_env, runner):
    run(runner, "init")
    before = counts()
    code, _, err = run(runner, "ingest", str(NOTICE), "--now", SIGNED)
    assert code == 2
    assert "registry is empty" in err
    assert counts() == before


def test_a_batch_with_one_bad_file_writes_nothing_at_all(cli_env, runner):
    run(runner, "init", "--registry", str(REGISTRY))
    before = counts()
    bad = cli_env / "empty.txt"
    bad.write_text("")
    code, _, _ = run(runner, "ingest", str(NOTICE), str(bad), "--now", SIGNED)
    assert code == 2
    assert counts() == before


def test_the_follow_up_commands_work_end_to_end(cli_env, runner):
    run(runner, "init", "--registry", str(REGISTRY))
    code, out, _ = run(runner, "ingest", str(NOTICE), "--now", SIGNED)
    assert code == 0
    assert "created" in out
    code, out, _ = run(runner, "ingest", str(NOTICE), "--now", SIGNED)
    assert "unchanged" in out
    assert "0 sent" in out

    code, out, _ = run(runner, "assignments", "--owner", "btg-huyen-uy", "--json")
    rows = json.loads(out)
    item = next(r for r in rows if r["ref"] == "4")
    assert item["due_on"] == "2023-12-31"
    ident = str(item["id"])

    code, out, _ = run(runner, "sweep", "--now", "2024-01-08T09:00:00+07:00")
    assert code == 0
    assert "escalated" in out
    code, out, _ = run(
        runner,
        "done",
        ident,
        "--note",
        "Đã xong",
        "--document",
        "45-BC/BTG",
        "--now",
        "2024-01-10T09:00:00+07:00",
    )
    assert code == 0
    assert "[reported]" in out
    code, out, _ = run(
        runner,
        "return",
        ident,
        "--reason",
        "Thiếu số liệu",
        "--now",
        "2024-01-11T09:00:00+07:00",
    )
    assert code == 0
    assert "[returned]" in out
    code, out, _ = run(
        runner,
        "extend",
        ident,
        "--to",
        "2024-02-29",
        "--reason",
        "Bổ sung",
        "--approved-by",
        "thuong-truc-huyen-uy",
        "--now",
        "2024-01-11T10:00:00+07:00",
    )
    assert code == 0
    assert "originally 2023-12-31" in out
    run(
        runner,
        "progress",
        ident,
        "--note",
        "Đang bổ sung",
        "--now",
        "2024-01-12T09:00:00+07:00",
    )
    run(
        runner,
        "done",
        ident,
        "--note",
        "Đã bổ sung",
        "--now",
        "2024-01-15T09:00:00+07:00",
    )
    code, out, _ = run(runner, "accept", ident, "--now", "2024-01-16T09:00:00+07:00")
    assert code == 0
    assert "[done]" in out

    code, out, _ = run(runner, "show", ident, "--json")
    detail = json.loads(out)
    kinds = [e["kind"] for e in detail["events"]]
    assert kinds[0] == "created"
    assert kinds[-1] == "accepted"
    for kind in (
        "escalated",
        "completion_reported",
        "returned",
        "extended",
        "progress",
    ):
        assert kind in kinds
    assert {e["actor"] for e in detail["events"] if e["kind"] == "extended"} == {
        "tester"
    }

    code, out, _ = run(runner, "ledger", "--assignment", ident, "--json")
    rules = {r["rule"]: r["status"] for r in json.loads(out)}
    assert rules["escalated"] == "sent"
    assert rules["reminder"] == "skipped"

    code, out, _ = run(runner, "report", "--as-of", "2024-01-20", "--json")
    (figures,) = json.loads(out)
    # judged against the due date in force: extended to 29 Feb, accepted 16 Jan
    counts = figures["overall"]["counts"]
    assert counts["done_on_time"] == 1
    assert counts["done_late"] == 0
    assert counts["extended"] == 1


def test_unknown_ids_and_codes_are_refused_with_exit_2(cli_env, runner):
    run(runner, "init", "--registry", str(REGISTRY))
    run(runner, "ingest", str(NOTICE), "--now", SIGNED)
    before = counts()
    code, _, err = run(runner, "show", "9999")
    assert code == 2
    assert "assignment 9999 does not exist" in err
    code, _, err = run(runner, "assign", "1", "no-such-org")
    assert code == 2
    assert "no-such-org" in err
    code, _, err = run(runner, "accept", "1")
    assert code == 2
    assert re.search(r"is open; accepting it needs it to be reported", err)
    code, _, err = run(runner, "sweep", "--now", "3024-01-08T09:00:00+07:00")
    assert code == 2
    assert "--now" in err
    assert "outside" in err
    assert counts() == before


def test_review_lists_unresolved_owners_and_assign_settles_one(cli_env, runner):
    run(runner, "init", "--registry", str(REGISTRY))
    notice = cli_env / "strange.txt"
    notice.write_text(
        NOTICE.read_text(encoding="utf-8").replace(
            "3. Các cấp ủy đảng, chính quyền", "3. Hội Nông dân huyện"
        ),
        encoding="utf-8",
    )
    run(runner, "ingest", str(notice), "--now", SIGNED)
    code, out, _ = run(runner, "review", "--json")
    (waiting,) = json.loads(out)
    assert waiting["owner_text"] == "Hội Nông dân huyện"
    code, out, _ = run(
        runner, "assign", str(waiting["id"]), "ubnd-huyen", "--now", SIGNED
    )
    assert code == 0
    assert "owned by ubnd-huyen" in out
    code, out, _ = run(runner, "review")
    assert "nothing waits" in out


def test_a_notice_over_the_size_limit_is_one_line_exit_2_and_nothing_written(
    cli_env, runner, monkeypatch
):
    """DIRECTIVES_MAX_NOTICE_BYTES bounds what `parse` and `ingest` read."""
    run(runner, "init", "--registry", str(REGISTRY))
    before = counts()
    monkeypatch.setenv("DIRECTIVES_MAX_NOTICE_BYTES", "1000")
    big = cli_env / "big.txt"
    big.write_text(NOTICE.read_text(encoding="utf-8"), encoding="utf-8")
    for command in (["parse", str(big)], ["ingest", str(big), "--now", SIGNED]):
        code, _, err = run(runner, *command)
        assert code == 2, command
        assert err.startswith("error: ")
        assert str(big) in err
        assert "DIRECTIVES_MAX_NOTICE_BYTES" in err
        assert len(err.strip().splitlines()) == 1
    assert counts() == before
    monkeypatch.setenv("DIRECTIVES_MAX_NOTICE_BYTES", "5000")
    code, out, _ = run(runner, "parse", str(big), "--json")
    assert code == 0
    assert json.loads(out)["notice"]["number"] == "629-TB/HU"


def test_a_damaged_pdf_gives_the_error_line_and_no_library_warning(cli_env):
    """pypdf's repair warnings ("EOF marker not found") never precede the error.

    Run as a real process: only there do a library's log records reach the terminal.
    """
    broken = cli_env / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    command = Path(sys.executable).parent / "directives"
    done = subprocess.run(
        [str(command), "parse", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {broken}: not a readable PDF")
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_ingest_takes_the_header_parts_the_text_lacks_from_the_office(cli_env, runner):
    """`ingest --number --issued-on --issuer` supplies what a copy lost."""
    run(runner, "init", "--registry", str(REGISTRY))
    copy = cli_env / "copy.txt"
    text = NOTICE.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("Số 629"))
    copy.write_text(text.replace(header + "\n", ""), encoding="utf-8")
    before = counts()
    code, _, err = run(runner, "ingest", str(copy), "--now", SIGNED)
    assert code == 2
    assert "--issued-on" in err
    assert len(err.strip().splitlines()) == 1
    assert counts() == before
    code, _, err = run(
        runner,
        "ingest",
        str(copy),
        "--now",
        SIGNED,
        "--number",
        "629-tb/hu",
        "--issued-on",
        "22/09/2023",
    )
    assert code == 0, err
    engine = engine_for(load_settings())
    try:
        with Session(engine) as session:
            notice = session.exec(select(Notice)).one()
    finally:
        engine.dispose()
    assert (notice.number, str(notice.issued_on)) == ("629-TB/HU", "2023-09-22")
    code, _, err = run(
        runner, "ingest", str(copy), str(NOTICE), "--number", "1-TB/HU", "--now", SIGNED
    )
    assert code == 2
    assert "one file" in err


def test_show_states_the_due_date_then_the_notice_s_words_then_the_recurrence(
    cli_env, runner
):
    run(runner, "init", "--registry", str(REGISTRY))
    run(runner, "ingest", str(NOTICE), "--now", SIGNED)
    code, out, _ = run(runner, "assignments", "--owner", "btg-huyen-uy", "--json")
    item = next(r for r in json.loads(out) if r["ref"] == "4")
    code, out, _ = run(runner, "show", str(item["id"]))
    assert code == 0
    due = next(line for line in out.splitlines() if line.startswith("due:"))
    assert re.fullmatch(r"due: 31/12/2023; the notice says “[^”]+”; periodic", due)
