"""The office's language: output in Vietnamese unless DIRECTIVES_LOCALE=en, dates
dd/mm/yyyy, times in the business zone with its offset, tables with header rows whose
cells never cut a word."""

import inspect
import json
import re
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup

from cli import help_vi
from cli.docgen import EXAMPLE_ERROR
from cli.main import app
from cli.tables import render_table
from tests.cli.common import NOTICE, REGISTRY, SIGNED, run


@pytest.fixture
def vietnamese(cli_env, runner, monkeypatch):
    monkeypatch.delenv("DIRECTIVES_LOCALE")
    run(runner, "init", "--registry", str(REGISTRY))
    code, _, err = run(runner, "ingest", str(NOTICE), "--now", SIGNED)
    assert code == 0, err
    return cli_env


def test_output_is_vietnamese_by_default(vietnamese, runner):
    code, out, _ = run(runner, "assignments")
    assert code == 0
    header = out.splitlines()[0]
    for word in ("thông báo", "đơn vị", "vai trò", "trạng thái", "hạn"):
        assert word in header
    assert "đang thực hiện" in out
    assert "chủ trì" in out
    assert "open" not in out
    assert "lead" not in out


def test_english_on_request(vietnamese, runner, monkeypatch):
    monkeypatch.setenv("DIRECTIVES_LOCALE", "en")
    code, out, _ = run(runner, "assignments")
    assert code == 0
    assert "status" in out.splitlines()[0]
    assert "đang thực hiện" not in out


def test_errors_are_vietnamese_by_default(vietnamese, runner):
    """The line is also the example the command reference shows."""
    code, _, err = run(runner, "show", "9999")
    assert code == 2
    assert err.strip() == "lỗi: nhiệm vụ 9999 không tồn tại" == EXAMPLE_ERROR


def test_dates_are_shown_day_first_and_times_in_business_time_with_offset(
    vietnamese, runner
):
    rows = json.loads(run(runner, "assignments", "--json")[1])
    ident = str(next(r["id"] for r in rows if r["due_on"] == "2023-12-31"))
    code, out, _ = run(runner, "show", ident)
    assert code == 0
    assert "31/12/2023" in out
    assert "2023-12-31" not in out.split("\n\n")[0]
    # created at 09:00 business time, stored in UTC
    assert "22/09/2023 09:00 +07:00" in out
    code, out, _ = run(runner, "sweep", "--now", "08/01/2024 09:00")
    assert code == 0
    assert "08/01/2024 09:00 +07:00" in out


def test_date_options_accept_day_first_and_iso_alike(vietnamese, runner):
    iso = run(runner, "assignments", "--json", "--due-before", "2024-01-01")[1]
    day_first = run(runner, "assignments", "--json", "--due-before", "01/01/2024")[1]
    assert json.loads(iso)
    assert iso == day_first


def test_now_without_an_offset_is_business_time(vietnamese, runner):
    """09:00 on 8 Jan 2024 in Hà Nội is 02:00 UTC: the same sweep as with the offset."""
    naive = run(runner, "ledger", "--json", "--now", "2024-01-08 09:00")[1]
    aware = run(runner, "ledger", "--json", "--now", "2024-01-08T09:00:00+07:00")[1]
    assert naive == aware


def test_the_out_of_date_database_is_one_line_in_vietnamese(
    cli_env, runner, monkeypatch
):
    monkeypatch.delenv("DIRECTIVES_LOCALE")
    code, _, err = run(runner, "assignments")
    assert code == 1
    assert err.strip() == (
        "lỗi: cơ sở dữ liệu chưa ở phiên bản hiện tại, hãy chạy `directives init`"
    )
    assert not (cli_env / "cli.db").exists()


def test_tables_have_a_header_row_and_wrap_between_words_only():
    summary = (
        "Tiếp tục chỉ đạo, hướng dẫn các chi, đảng bộ trực thuộc tổ chức quán triệt "
        "và triển khai thực hiện nghiêm túc các văn bản chỉ đạo của cấp trên"
    )
    text = render_table(
        ["#", "nội dung", "hạn"], [["1", summary, "31/12/2023"]], wrap=(1,), width=50
    )
    lines = text.splitlines()
    assert re.match(r"^#\s+nội dung\s+hạn$", lines[0])
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert all(len(line) <= 50 for line in lines)
    column = lines[0].index("nội dung")
    cells = [line[column:].split("  ")[0].strip() for line in lines[2:]]
    assert " ".join(cells) == summary
    words = set(summary.split())
    for cell in cells:
        assert all(w in words for w in cell.split())


def test_the_assignments_table_never_cuts_a_word(vietnamese, runner, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    rows = json.loads(run(runner, "assignments", "--json")[1])
    out = run(runner, "assignments")[1]
    printed = set(out.split())
    for row in rows:
        for word in str(row["summary"]).split():
            assert word in printed, word


def test_a_notice_that_cannot_be_read_is_explained_in_vietnamese(
    cli_env, runner, monkeypatch
):
    monkeypatch.delenv("DIRECTIVES_LOCALE")
    empty = cli_env / "rong.txt"
    empty.write_text("")
    code, _, err = run(runner, "parse", str(empty))
    assert code == 2
    assert err.strip() == f"lỗi: {empty}: tệp rỗng"


# --- help pages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "usage", "on_top", "on_page", "absent"),
    [
        pytest.param(
            None,
            r"^Cách dùng: \S+ \[TÙY CHỌN\] LỆNH \[ĐỐI SỐ\]\.\.\.$",
            (
                "Tùy chọn:",
                "Lệnh:",
                "Hiện hướng dẫn này rồi thoát.",
                "Liệt kê nhiệm vụ.",
            ),
            (
                "Gia hạn; thời hạn ban đầu vẫn được giữ cho báo cáo.",
                "Đối số:",
                "Thời hạn mới (dd/mm/yyyy hoặc ISO).  [bắt buộc]",
                "Lý do gia hạn.",
            ),
            ("Show this message", "Usage:", "Extend the due date"),
            id="vietnamese-by-default",
        ),
        pytest.param(
            "en",
            r"^Usage: \S+ \[OPTIONS\] COMMAND \[ARGS\]\.\.\.$",
            ("Show this message and exit.", "List assignments."),
            (
                "Extend the due date; the original date is kept for the reports.",
                "New due date (dd/mm/yyyy or ISO).  [required]",
            ),
            ("Cách dùng",),
            id="english-on-request",
        ),
    ],
)
def test_help_pages_speak_the_invocations_language(
    cli_env, runner, monkeypatch, locale, usage, on_top, on_page, absent
):
    """The top page and a command's page, translated whole: none of the other
    language's words are left on either."""
    if locale is None:
        monkeypatch.delenv("DIRECTIVES_LOCALE")
    else:
        monkeypatch.setenv("DIRECTIVES_LOCALE", locale)
    code, top, _ = run(runner, "--help")
    assert code == 0
    assert re.match(usage, top.splitlines()[0])
    code, page, _ = run(runner, "extend", "--help")
    assert code == 0
    for text in on_top:
        assert text in top
    for text in on_page:
        assert text in page
    for text in absent:
        assert text not in top + page


def _help_texts() -> dict[str, str]:
    """Every help text of the command tree (as Click cleans it) → where it is used."""
    root = typer.main.get_command(app)
    ctx = root.context_class(root, info_name="directives")
    found: dict[str, str] = {}

    def walk(command, path: str) -> None:
        if command.help:
            found.setdefault(inspect.cleandoc(command.help), path)
        for param in command.get_params(ctx):
            if getattr(param, "help", None):
                found.setdefault(param.help, f"{path} {param.name}")
        if isinstance(command, TyperGroup):
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), f"{path} {name}")

    walk(root, "directives")
    return found


def test_every_help_text_has_its_vietnamese_and_every_translation_is_used():
    """A new command or option without Vietnamese fails here, and so does a
    translation left behind when the English changed."""
    texts = _help_texts()
    missing = {
        where: text for text, where in texts.items() if text not in help_vi.HELP_VI
    }
    assert missing == {}
    assert set(help_vi.HELP_VI) - set(texts) == set()


# --- errors raised by the application, in the office's language ------------------------


def test_an_unknown_organisation_is_refused_in_vietnamese(vietnamese, runner):
    code, _, err = run(runner, "assignments", "--owner", "không-có")
    assert code == 2
    assert err.strip() == (
        "lỗi: --owner: 'không-có' không phải là đơn vị nào trong danh mục"
    )
    code, _, err = run(runner, "assign", "1", "khong-co")
    assert code == 2
    assert err.strip().startswith("lỗi: không có đơn vị nào mang mã 'khong-co'")


def test_a_malformed_policy_file_is_refused_in_vietnamese(
    vietnamese, runner, monkeypatch
):
    policy = vietnamese / "policy.toml"
    policy.write_text("[default\n", encoding="utf-8")
    monkeypatch.setenv("DIRECTIVES_POLICY_FILE", str(policy))
    code, _, err = run(runner, "sweep", "--now", "08/01/2024 09:00")
    assert code == 2
    assert err.strip().startswith(f"lỗi: {policy}: TOML sai cú pháp: ")


def test_a_missing_registry_file_at_init_is_refused_in_vietnamese(
    cli_env, runner, monkeypatch
):
    monkeypatch.delenv("DIRECTIVES_LOCALE")
    code, _, err = run(runner, "init", "--registry", "khong-co.toml")
    assert code == 2
    assert err.strip() == "lỗi: --registry: khong-co.toml: tệp không tồn tại"


@pytest.mark.parametrize(
    ("variable", "value", "line"),
    [
        (
            "DIRECTIVES_SMTP_PORT",
            "abc",
            "lỗi: DIRECTIVES_SMTP_PORT: phải là số nguyên (nhận được 'abc')",
        ),
        (
            "DIRECTIVES_ENVIRONMENT",
            "prod",
            "lỗi: DIRECTIVES_ENVIRONMENT: phải là 'development' hoặc 'production' "
            "(nhận được 'prod')",
        ),
        (
            "DIRECTIVES_TIMEZONE",
            "Sao/Hoa",
            "lỗi: DIRECTIVES_TIMEZONE: 'Sao/Hoa' không phải múi giờ "
            "(ví dụ Asia/Ho_Chi_Minh) (nhận được 'Sao/Hoa')",
        ),
    ],
)
def test_a_bad_setting_is_refused_in_vietnamese(
    cli_env, runner, monkeypatch, variable, value, line
):
    monkeypatch.delenv("DIRECTIVES_LOCALE")
    monkeypatch.setenv(variable, value)
    code, _, err = run(runner, "config")
    assert code == 2
    assert err.strip() == line


def test_a_setting_refused_in_production_is_explained_in_vietnamese(
    cli_env, runner, monkeypatch
):
    monkeypatch.delenv("DIRECTIVES_LOCALE")
    monkeypatch.setenv("DIRECTIVES_ENVIRONMENT", "production")
    monkeypatch.setenv("DIRECTIVES_MAIL_FROM", "van-phong@vinhbao.gov.vn")
    monkeypatch.setenv("DIRECTIVES_BASE_URL", "https://directives.vinhbao.gov.vn")
    monkeypatch.setenv("DIRECTIVES_SECRET_KEY", "changeme-changeme-changeme")
    code, _, err = run(runner, "config")
    assert code == 2
    assert err.strip() == (
        "lỗi: DIRECTIVES_SECRET_KEY: chứa từ thông dụng 'changeme'; "
        "không được chấp nhận trong môi trường production"
    )


def test_the_language_of_the_env_file_is_followed(vietnamese, runner):
    """DIRECTIVES_LOCALE may be set in .env rather than in the environment."""
    (vietnamese / ".env").write_text("DIRECTIVES_LOCALE=en\n", encoding="utf-8")
    code, out, _ = run(runner, "assignments")
    assert code == 0
    assert "status" in out.splitlines()[0]
    code, _, err = run(runner, "show", "9999")
    assert code == 2
    assert err.strip() == "error: assignment 9999 does not exist"


def test_a_refused_change_is_explained_in_vietnamese(vietnamese, runner):
    """The rule that refuses the change words it in the office's language."""
    code, _, err = run(runner, "accept", "1")
    assert code == 2
    assert err.strip() == (
        "lỗi: nhiệm vụ 1 đang ở trạng thái đang thực hiện; chỉ nghiệm thu được khi "
        "nhiệm vụ ở trạng thái đã báo cáo"
    )
    code, _, err = run(runner, "cancel", "1", "--reason", " ")
    assert code == 2
    assert err.strip() == "lỗi: hủy nhiệm vụ cần nêu lý do (--reason)"


def test_a_policy_file_refused_by_its_rules_is_explained_in_vietnamese(
    vietnamese, runner, monkeypatch
):
    policy = vietnamese / "policy.toml"
    policy.write_text("[default]\ndigest_weekday = 9\n", encoding="utf-8")
    monkeypatch.setenv("DIRECTIVES_POLICY_FILE", str(policy))
    code, _, err = run(runner, "sweep", "--now", SIGNED)
    assert code == 2
    assert err.strip() == (
        f"lỗi: {policy}: default.digest_weekday: 9 không nằm trong khoảng 1 đến 7"
    )


def _reason_column(out: str, header: str) -> str:
    """The text of the table's last column, its wrapped lines joined."""
    lines = out.splitlines()
    start = lines[0].index(header)
    return " ".join(line[start:].strip() for line in lines[2:] if line[start:].strip())


def test_the_ledger_gives_its_reasons_in_the_readers_language(
    vietnamese, runner, monkeypatch
):
    """The reasons are stored in both languages when decided: the office reads
    Vietnamese, and English is there on request, with no translation at display."""
    code, _, err = run(runner, "sweep", "--now", "08/01/2024 09:00")
    assert code == 0, err
    code, out, _ = run(runner, "ledger", "--now", "08/01/2024 09:00")
    assert code == 0
    reasons = _reason_column(out, "lý do")
    assert "không gửi vì đã đến bước báo cáo cấp trên" in reasons
    assert "hạn 31/12/2023; bước báo cáo cấp trên 5 ngày làm việc sau hạn" in reasons
    assert "5 nhiệm vụ quá hạn" in reasons
    for english in ("superseded", "overdue item", "due 2023"):
        assert english not in out

    monkeypatch.setenv("DIRECTIVES_LOCALE", "en")
    code, out, _ = run(runner, "ledger", "--now", "08/01/2024 09:00")
    assert code == 0
    reasons = _reason_column(out, "reason")
    assert "superseded by escalated" in reasons
    assert "due 2023-12-31; escalated 5 working days after it" in reasons
    assert "5 overdue item(s)" in reasons
    assert "không gửi" not in out


def test_a_refused_command_line_is_explained_in_vietnamese_by_default(
    cli_env, runner, monkeypatch
):
    """Click's own refusals (a missing argument, an unknown option or command) speak the
    office's language too, with the usual exit code 2."""
    monkeypatch.delenv("DIRECTIVES_LOCALE")
    code, _, err = run(runner, "show")
    assert code == 2
    assert "show --help' để được hướng dẫn." in err
    assert "lỗi: thiếu đối số 'ID'." in err
    code, _, err = run(runner, "show", "--bogus", "1")
    assert code == 2
    assert "lỗi: không có tùy chọn --bogus" in err
    code, _, err = run(runner, "nosuch")
    assert code == 2
    assert "lỗi: không có lệnh 'nosuch'." in err
    assert "Error" not in err


def test_a_refused_command_line_is_explained_in_english_on_request(
    cli_env, runner, monkeypatch
):
    monkeypatch.setenv("DIRECTIVES_LOCALE", "en")
    code, _, err = run(runner, "show")
    assert code == 2
    assert "show --help' for help." in err
    assert "Error: Missing argument 'ID'." in err


# --- the reader's warnings ----------------------------------------------------------

NO_DIRECTIVE = "mục 1: không phải nội dung chỉ đạo (đánh giá kết quả)"
IMPLIED = "mục 3: không nêu đơn vị thực hiện; đơn vị được suy ra từ mục 2"


def _warned_notice(folder: Path) -> Path:
    path = folder / "thong-bao.txt"
    path.write_text(
        "UBND TỈNH AN GIANG\n\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n\n"
        "1. Năm 2023, kết quả thu ngân sách đạt 105% dự toán.\n"
        "2. Giao Sở Tài chính tham mưu phương án phân bổ vốn.\n"
        "3. Tăng cường kiểm tra, đôn đốc các dự án chậm tiến độ.\n\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n",
        encoding="utf-8",
    )
    return path


def test_parse_gives_the_readers_warnings_in_vietnamese_by_default(
    cli_env, runner, monkeypatch
):
    monkeypatch.delenv("DIRECTIVES_LOCALE")
    code, out, _ = run(runner, "parse", str(_warned_notice(cli_env)))
    assert code == 0
    assert f"cảnh báo: {NO_DIRECTIVE}" in out
    assert f"cảnh báo: {IMPLIED}" in out
    assert "cảnh báo: văn bản: không tìm thấy số văn bản (Số …)" in out
    assert "not a directive" not in out
    assert "owner" not in out


def test_parse_gives_the_readers_warnings_in_english_on_request(cli_env, runner):
    code, out, _ = run(runner, "parse", str(_warned_notice(cli_env)))
    assert code == 0
    assert "warning: item 1: not a directive (evaluates results)" in out
    assert "warning: item 3: no owner named; owner implied from item 2" in out
    assert "cảnh báo" not in out


def test_parse_json_warnings_are_sentences_in_the_invocations_language(
    cli_env, runner, monkeypatch
):
    """`warnings` stays a list of strings; like the rest of the output they follow
    DIRECTIVES_LOCALE (docs/cli.md)."""
    notice = str(_warned_notice(cli_env))
    english = json.loads(run(runner, "parse", "--json", notice)[1])["warnings"]
    monkeypatch.delenv("DIRECTIVES_LOCALE")
    vietnamese = json.loads(run(runner, "parse", "--json", notice)[1])["warnings"]
    assert "item 1: not a directive (evaluates results)" in english
    assert NO_DIRECTIVE in vietnamese
    assert IMPLIED in vietnamese
    assert len(english) == len(vietnamese)
    assert all(isinstance(w, str) for w in english + vietnamese)


def test_ingest_names_the_readers_warnings_in_the_invocations_language(
    cli_env, runner, monkeypatch
):
    run(runner, "init", "--registry", str(REGISTRY))
    code, out, err = run(runner, "ingest", "--dry-run", str(NOTICE), "--now", SIGNED)
    assert code == 0, err
    assert "  warning: item 2: no owner named; owner implied from item 1" in out
    monkeypatch.delenv("DIRECTIVES_LOCALE")
    code, out, err = run(runner, "ingest", "--dry-run", str(NOTICE), "--now", SIGNED)
    assert code == 0, err
    assert (
        "  cảnh báo: mục 2: không nêu đơn vị thực hiện; đơn vị được suy ra từ mục 1"
        in out
    )
