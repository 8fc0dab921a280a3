"""Every output of the quarter IV report of the hand-computed fixture, reopened and
checked: XLSX cell by cell, DOCX paragraph by paragraph, CSV, JSON, the HTML page in a
real headless Chromium (its screenshot is kept under var/), and the report mail."""

import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from email import message_from_bytes
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from app.delivery import deliver
from app.reportfiles import render, render_html
from app.reportmail import send_compliance_reports
from app.reports import ComplianceReport, build_reports
from domain.periods import parse_period
from notifications.senders import MemoryOutbox, build_email
from tests.factories import at
from tests.integration.test_report_figures import ctx  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def report(ctx) -> ComplianceReport:  # noqa: F811
    (report,) = build_reports(
        ctx,
        period=parse_period("2023-Q4"),
        issuer="tinh-uy",
        made_on=at("2024-01-05T08:00").date(),
    )
    return report


def test_the_workbook_has_a_sheet_per_view_with_real_cells(report):
    book = load_workbook(io.BytesIO(render([report], "xlsx")))
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị",
        "Theo văn bản",
        "Nhiệm vụ quá hạn",
        "Đơn vị có nhiệm vụ quá hạn",
    ]
    summary = book["Tổng hợp"]
    assert summary["A1"].value.startswith("Ban Thường vụ Tỉnh ủy — quý IV/2023")
    assert [c.value for c in summary[3][:4]] == [
        "Chỉ tiêu",
        "Kỳ này",
        "Kỳ trước",
        "Tăng/giảm",
    ]
    rows = {
        r[0].value: [c.value for c in r[1:4]]
        for r in summary.iter_rows(min_row=4, max_col=4)
    }
    assert rows["Hoàn thành đúng hạn"] == [1, 1, 0]
    assert rows["Hoàn thành quá hạn"] == [1, 0, 1]
    assert rows["Đang thực hiện trong hạn"] == [2, 6, -4]
    assert rows["Quá hạn chưa hoàn thành"] == [3, 0, 3]
    assert rows["Tổng số nhiệm vụ"] == [9, 7, 2]
    assert rows["Tỷ lệ hoàn thành đúng hạn"][0] == pytest.approx(0.2)
    assert rows["Tỷ lệ hoàn thành đúng hạn"][2] == pytest.approx(-0.8)
    assert rows["Quá hạn 21-60 ngày làm việc"] == [1, None, None]
    rate_cell = next(
        r[1] for r in summary.iter_rows(min_row=4) if r[0].value == "Tỷ lệ quá hạn"
    )
    assert rate_cell.number_format == "0.0%"
    assert summary.freeze_panes == "A4"
    assert len(summary._charts) == 1  # the status-by-unit bar chart
    assert summary.column_dimensions["A"].width >= len(
        "Tỷ lệ nhập kịp thời (2 ngày làm việc)"
    )

    units = book["Theo đơn vị"]
    names = [(r[1].value, r[1].alignment.indent) for r in units.iter_rows(min_row=4)]
    assert names == [
        ("Huyện ủy A", 0),
        ("Đảng ủy xã A1", 2),
        ("Chi bộ thôn X", 4),
        ("Đảng ủy xã A2", 2),
        ("Sở B", 0),
        ("(chưa có đơn vị)", 0),
    ]
    header = [c.value for c in units[3]]
    total = header.index("Tổng số nhiệm vụ")
    assert [r[total].value for r in units.iter_rows(min_row=4)] == [6, 3, 1, 1, 2, 1]

    overdue = book["Nhiệm vụ quá hạn"]
    first = overdue[4]
    assert [first[i].value for i in (1, 2, 4, 7, 8)] == [
        "10-TB/TU",
        "3",
        "Đảng ủy xã A2",
        21,
        "21-60",
    ]
    assert first[5].value == datetime(2023, 11, 30)
    assert first[5].number_format == "dd/mm/yyyy"
    second = overdue[5]
    assert (second[5].value, second[6].value) == (
        datetime(2023, 12, 15),
        datetime(2023, 9, 29),
    )


def test_the_document_has_the_official_layout_and_the_tables(report):
    document = Document(io.BytesIO(render([report], "docx")))
    head = document.tables[0]
    left = [p.text for p in head.cell(0, 0).paragraphs]
    right = [p.text for p in head.cell(0, 1).paragraphs]
    assert left == ["", "BAN THƯỜNG VỤ TỈNH ỦY", "*", "Số: …-BC/TU"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "…, ngày 05 tháng 01 năm 2024"]
    assert head.cell(0, 1).paragraphs[0].runs[0].underline
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:3] == [
        "BÁO CÁO",
        "Tình hình thực hiện các nhiệm vụ được giao quý IV/2023",
        "Ban Thường vụ Tỉnh ủy — quý IV/2023 (từ 01/10/2023 đến 31/12/2023)",
    ]
    assert paragraphs[3] == (
        "Tổng số nhiệm vụ theo dõi trong kỳ: 9; tỷ lệ hoàn thành đúng hạn 20,0%; "
        "tỷ lệ quá hạn 42,9%. Số liệu chi tiết tại các biểu dưới đây."
    )
    assert paragraphs[4:] == [
        "I. TỔNG HỢP",
        "II. THEO ĐƠN VỊ",
        "III. THEO VĂN BẢN",
        "IV. NHIỆM VỤ QUÁ HẠN",
        "V. ĐƠN VỊ CÓ NHIỆM VỤ QUÁ HẠN",
    ]
    summary = document.tables[1]
    assert [c.text for c in summary.rows[0].cells] == [
        "Chỉ tiêu",
        "Kỳ này",
        "Kỳ trước",
        "Tăng/giảm",
    ]
    assert [c.text for c in summary.rows[4].cells] == [
        "Quá hạn chưa hoàn thành",
        "3",
        "0",
        "+3",
    ]
    assert [c.text for c in summary.rows[11].cells] == [
        "Tỷ lệ hoàn thành đúng hạn",
        "20,0%",
        "100,0%",
        "-80,0 điểm %",
    ]
    units = document.tables[2]
    assert [r.cells[1].text for r in units.rows[1:]] == [
        "Huyện ủy A",
        "Đảng ủy xã A1",
        "Chi bộ thôn X",
        "Đảng ủy xã A2",
        "Sở B",
        "(chưa có đơn vị)",
    ]
    assert units.rows[3].cells[1].paragraphs[0].paragraph_format.left_indent > 0
    overdue = document.tables[4]
    assert [c.text for c in overdue.rows[2].cells] == [
        "2",
        "10-TB/TU",
        "4",
        "Chỉ đạo số 4",
        "Chi bộ thôn X",
        "15/12/2023",
        "29/09/2023",
        "10",
        "6-20",
    ]
    sign = document.tables[-1]
    assert sign.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    assert sign.cell(0, 1).paragraphs[0].text == "T/M BAN THƯỜNG VỤ TỈNH ỦY"


def test_the_csv_opens_in_excel_with_vietnamese_intact(report):
    data = render([report], "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "Ban Thường vụ Tỉnh ủy — quý IV/2023 (từ 01/10/2023 đến 31/12/2023)"
    ]
    assert rows[2] == ["Tổng hợp"]
    assert rows[4] == ["Hoàn thành đúng hạn", "1", "1", "0"]
    overdue_at = rows.index(["Nhiệm vụ quá hạn"])
    assert rows[overdue_at + 2][5] == "2023-11-30"


def test_the_json_carries_the_same_figures(report):
    (data,) = json.loads(render([report], "json"))
    assert data["period"]["key"] == "2023-Q4"
    assert data["previous_period"]["key"] == "2023-Q3"
    assert data["overall"]["counts"]["overdue"] == 3
    assert data["overall"]["on_time_rate"] == pytest.approx(0.2)
    assert data["change"]["counts"]["overdue"] == 3
    assert data["ageing"] == {"1-5": 0, "6-20": 2, "21-60": 1, ">60": 0}
    assert [u["code"] for u in data["units"]] == [
        "huyen-a",
        "xa-a1",
        "thon-x",
        "xa-a2",
        "so-b",
        None,
    ]
    assert data["units"][0]["rolled_up"]["total"] == 6
    assert data["overdue"][0]["working_days_overdue"] == 21


def _look_in_chromium(html: str, shot: Path) -> tuple[int, str, list[float]]:
    """Open the page in headless Chromium, screenshot it; rect count, h1, rect widths."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"]
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_content(html)
            count = page.locator("svg rect").count()
            heading = page.locator("h1").inner_text()
            widths = page.eval_on_selector_all(
                "svg rect", "rs => rs.map(r => r.getBBox().width)"
            )
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    return count, heading, widths


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"
)
def test_the_html_report_renders_its_chart_in_chromium(report):
    shot = ROOT / "var" / "report-2023-Q4.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    # a thread of its own: the sync API refuses to start where another Playwright
    # session (the web tests' browser) already runs an event loop
    with ThreadPoolExecutor(max_workers=1) as pool:
        count, heading, widths = pool.submit(
            _look_in_chromium, render_html([report]), shot
        ).result(timeout=240)
    # two top-level units and the no-owner line, one rect per non-empty status
    assert count == 6
    assert heading.startswith("BÁO CÁO")
    assert all(w > 0 for w in widths)
    assert shot.stat().st_size > 10_000


def test_the_report_mail_carries_chart_table_and_files_once_per_period(ctx):  # noqa: F811
    now = at("2024-01-05T08:00")
    assert send_compliance_reports(ctx, period="2023-Q4", now=now) == 1
    assert (
        send_compliance_reports(ctx, period="2023-Q4", now=at("2024-01-06T08:00")) == 0
    )
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=now)
    (mail,) = [
        m for m in outbox.sent if m.headers["X-Directives-Key"].startswith("report:")
    ]
    assert mail.headers["X-Directives-Key"] == "report:2023-Q4:tinh-uy:vp-tinh-uy"
    assert mail.to == ("vanphong@tinh.example.org",)
    assert "quý IV/2023 (từ 01/10/2023 đến 31/12/2023)" in mail.text
    assert "\n      3. Chi bộ thôn X (1 nhiệm vụ)\n" in mail.text  # two levels in
    assert "\n  ██████▓▓▓▓▓▓░░░░░░░░░░░░ 4\n" in mail.text  # Huyện ủy A's bar
    assert "BIỂU ĐỒ THEO ĐƠN VỊ" in mail.text
    assert 'title="Quá hạn chưa hoàn thành: 2"' in mail.html  # Huyện ủy A's bar
    names = [a.filename for a in mail.attachments]
    assert names == ["bao-cao-tinh-uy-2023-Q4.xlsx", "bao-cao-tinh-uy-2023-Q4.docx"]
    parsed = message_from_bytes(build_email(mail).as_bytes())
    parts = [p.get_filename() for p in parsed.walk() if p.get_filename()]
    assert parts == names
    xlsx = next(p for p in parsed.walk() if p.get_filename() == names[0])
    payload = xlsx.get_payload(decode=True)
    assert isinstance(payload, bytes)
    book = load_workbook(io.BytesIO(payload))
    assert book.sheetnames[0] == "Tổng hợp"
