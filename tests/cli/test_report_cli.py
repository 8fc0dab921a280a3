"""`directives report` on the worked example (629-TB/HU) at several dates, its file
formats, and bad input refused in one line with nothing written.

The worked example registers 15 assignments on 22 Sep 2023: items 1 (four owners) and
4 due 31 Dec 2023, item 2 (four owners) without a deadline, item 3 ongoing (six
owners). BTG reports item 1 done on 10 Jan 2024 and the office accepts it on 12 Jan.
"""

import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.cli.common import NOTICE, REGISTRY, run


@pytest.fixture
def example(cli_env, runner):
    run(runner, "init", "--registry", str(REGISTRY))
    run(runner, "ingest", str(NOTICE), "--now", "2023-09-22T09:00:00+07:00")
    run(runner, "done", "1", "--note", "xong", "--now", "2024-01-10T10:00:00+07:00")
    run(runner, "accept", "1", "--now", "2024-01-12T10:00:00+07:00")
    return cli_env


def figures(runner, *args: str) -> dict[str, Any]:
    code, out, err = run(runner, "report", "--format", "json", *args)
    assert code == 0, err
    (data,) = json.loads(out)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2023-10-15", {"open_in_term": 5, "overdue": 0, "done_late": 0}),
        ("2023-12-31", {"open_in_term": 5, "overdue": 0, "done_late": 0}),  # due today
        ("2024-01-09", {"open_in_term": 0, "overdue": 5, "done_late": 0}),
        ("2024-01-15", {"open_in_term": 0, "overdue": 4, "done_late": 1}),
    ],
)
def test_the_worked_example_as_of_several_dates(example, runner, as_of, expected):
    data = figures(runner, "--as-of", as_of)
    counts = data["overall"]["counts"]
    assert {k: counts[k] for k in expected} == expected
    assert counts["ongoing"] == 6
    assert counts["no_deadline"] == 4
    assert data["overall"]["total"] == 15
    assert data["previous_period"] is None  # as of a date: the whole record


def test_january_is_compared_with_december(example, runner):
    data = figures(runner, "--period", "2024-01")
    assert data["period"]["label"] == "01/2024"
    assert data["previous_period"]["key"] == "2023-12"
    assert data["change"]["counts"]["overdue"] == 4
    assert data["change"]["counts"]["done_late"] == 1
    # 31 Dec 2023 to 31 Jan 2024: 1 Jan is a holiday, then 22 working days
    assert data["ageing"] == {"1-5": 0, "6-20": 0, "21-60": 4, ">60": 0}
    assert data["overdue"][0]["working_days_overdue"] == 22


def test_files_are_written_where_asked(example, runner, tmp_path):
    target = tmp_path / "q4.xlsx"
    code, out, err = run(
        runner,
        "report",
        "--period",
        "2023-Q4",
        "--format",
        "xlsx",
        "--out",
        str(target),
    )
    assert code == 0, err
    assert "q4.xlsx: xlsx, 1 issuer(s), Q4 2023" in out
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames[0] == "Summary"
    csv_file = tmp_path / "q4.csv"
    run(
        runner,
        "report",
        "--period",
        "2023-Q4",
        "--format",
        "csv",
        "--out",
        str(csv_file),
    )
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2023-Q5"), "--period: period '2023-Q5'"),
        (("--format", "pdf"), "--format: 'pdf' is not one of"),
        (("--format", "docx"), "--format docx writes a file: give --out FILE"),
        (("--issuer", "nobody"), "--issuer"),
        (("--period", "2023-Q4", "--as-of", "2023-09-01"), "before the period 2023-Q4"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    example, runner, tmp_path, args, message
):
    target = tmp_path / "out.docx"
    extra = ("--out", str(target)) if "docx" not in args else ()
    code, _, err = run(runner, "report", *args, *extra)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_send_reports_takes_a_period_and_sends_it_once(example, runner):
    code, out, err = run(
        runner,
        "send-reports",
        "--period",
        "2023-Q4",
        "--now",
        "2024-01-05T09:00:00+07:00",
    )
    assert code == 0, err
    assert "1 report(s) written" in out
    code, out, _ = run(
        runner,
        "send-reports",
        "--period",
        "2023-Q4",
        "--now",
        "2024-01-08T09:00:00+07:00",
    )
    assert "0 report(s) written" in out
    code, _, err = run(runner, "send-reports", "--period", "fortnightly")
    assert code == 2
    assert "--period" in err
