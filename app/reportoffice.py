"""Office renderers of a compliance report: an Excel workbook and a Word document in
the layout an office signs and sends."""

import io
from collections.abc import Sequence
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.reportfiles import COLOURS, cell_text, chart_bars, heading, row_texts
from app.reports import ComplianceReport
from app.reportviews import Table, tables, words

#: Excel number formats per cell kind.
_NUMBER_FORMATS = {
    "int": "0",
    "delta": "+0;-0;0",
    "rate": "0.0%",
    "points": '+0.0" pp";-0.0" pp";0.0" pp"',
    "date": "dd/mm/yyyy",
}
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")


# --- XLSX ----------------------------------------------------------------------------


def render_xlsx(reports: Sequence[ComplianceReport]) -> bytes:
    """An Excel workbook: one sheet per view (summary, by unit, by notice, overdue,
    ranking), real number and date cells, frozen header rows, fitted column widths, and
    a bar chart of status by unit on the summary sheet.

    With several issuers each gets its own set of sheets, numbered after the first.
    """
    book = Workbook()
    book.remove(book.active)
    for n, report in enumerate(reports, 1):
        suffix = "" if n == 1 else f" ({n})"
        for table in tables(report):
            sheet = book.create_sheet(title=(table.title + suffix)[:31])
            sheet.append([heading(report)])
            sheet["A1"].font = Font(bold=True, size=12)
            sheet.append([])
            _write_table(sheet, table, header_row=3)
            if table.name == "summary":
                _add_chart(sheet, report, first_col=len(table.columns) + 2)
    if not reports:
        book.create_sheet(title=words("vi")["summary"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_table(sheet, table: Table, *, header_row: int) -> None:  # type: ignore[no-untyped-def]
    for c, column in enumerate(table.columns, 1):
        cell = sheet.cell(row=header_row, column=c, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = [len(col.header) if col.kind == "text" else 10 for col in table.columns]
    for r, row in enumerate(table.rows):
        for c, value in enumerate(row):
            cell = sheet.cell(row=header_row + 1 + r, column=c + 1, value=value)
            kind = table.kind(r, c)
            if kind in _NUMBER_FORMATS and value is not None:
                cell.number_format = _NUMBER_FORMATS[kind]
            if table.depths and c == 1:
                cell.alignment = Alignment(indent=2 * table.depths[r])
                if table.depths[r] == 0:
                    cell.font = Font(bold=True)
            shown = len(str(value)) if kind == "text" else 10
            if table.depths and c == 1:
                shown += 2 * table.depths[r]
            widths[c] = max(widths[c], shown)
    for c, width in enumerate(widths, 1):
        column = table.columns[c - 1]
        cap = 60 if column.kind == "text" else 14
        sheet.column_dimensions[get_column_letter(c)].width = min(width + 2, cap)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _add_chart(sheet, report: ComplianceReport, *, first_col: int) -> None:  # type: ignore[no-untyped-def]
    bars = chart_bars(report)
    if not bars:
        return
    w = words(report.locale)
    top = 3
    sheet.cell(row=top, column=first_col, value=w["unit"]).font = Font(bold=True)
    for i, seg in enumerate(bars[0].segments, 1):
        cell = sheet.cell(row=top, column=first_col + i, value=seg.label)
        cell.font = Font(bold=True)
    for r, bar in enumerate(bars, 1):
        sheet.cell(row=top + r, column=first_col, value=bar.name)
        for i, seg in enumerate(bar.segments, 1):
            sheet.cell(row=top + r, column=first_col + i, value=seg.count)
    sheet.column_dimensions[get_column_letter(first_col)].width = 36
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = w["units"]
    chart.height = max(7.5, 0.7 * len(bars) + 3)
    chart.width = 22
    data = Reference(
        sheet,
        min_col=first_col + 1,
        max_col=first_col + len(bars[0].segments),
        min_row=top,
        max_row=top + len(bars),
    )
    names = Reference(
        sheet, min_col=first_col, min_row=top + 1, max_row=top + len(bars)
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(names)
    for series, seg in zip(chart.series, bars[0].segments, strict=True):
        series.graphicalProperties.solidFill = COLOURS[seg.status]
        series.graphicalProperties.line.solidFill = COLOURS[seg.status]
    anchor = f"{get_column_letter(first_col)}{top + len(bars) + 3}"
    sheet.add_chart(chart, anchor)


# --- DOCX ----------------------------------------------------------------------------

_PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
_STATE_HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def render_docx(reports: Sequence[ComplianceReport]) -> bytes:
    """A Word document in the official layout: issuer block and national or Party
    heading, the number line left for the office to fill, place and date, the title,
    the tables, and the signature block. Several issuers follow one another, each from
    a new page."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for i, report in enumerate(reports):
        if i:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _document_body(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def document_symbol(report: ComplianceReport) -> str:
    """The issuer's symbol after the slash of its notice numbers ("HU" of 629-TB/HU)."""
    for line in report.figures.notices:
        if "/" in line.notice:
            return line.notice.rsplit("/", 1)[1]
    return "…"


def date_line(place: str | None, day: date) -> str:
    """The place and date line: "Vĩnh Bảo, ngày 05 tháng 01 năm 2024"."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place or '…'}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _document_body(document, report: ComplianceReport) -> None:  # type: ignore[no-untyped-def]
    vi = report.locale == "vi"
    party = report.issuer_kind != "government"
    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    _cell_lines(
        left,
        [
            ((report.issuer_parent_name or "").upper(), False, False),
            (report.issuer_name.upper(), True, False),
            ("*" if party else "", False, False),
            (f"Số: …-BC/{document_symbol(report)}", False, False),
        ],
    )
    if party:
        _cell_lines(right, [(_PARTY_HEADING, True, True)])
    else:
        _cell_lines(
            right, [(_STATE_HEADING[0], True, False), (_STATE_HEADING[1], True, True)]
        )
    _cell_lines(
        right, [(date_line(report.place, report.made_on), False, False)], italic=True
    )
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(18)
    title.add_run("BÁO CÁO" if vi else "REPORT").bold = True
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    period = report.period.label(report.locale)
    subtitle.add_run(
        f"Tình hình thực hiện các nhiệm vụ được giao {period}"
        if vi
        else f"Progress of assigned work, {period}"
    ).bold = True
    document.add_paragraph(heading(report)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(_overview(report))
    for n, table in enumerate(tables(report), 1):
        para = document.add_paragraph()
        para.add_run(f"{_roman(n)}. {table.title.upper()}").bold = True
        _docx_table(document, table, report.locale)
    sign = document.add_table(rows=1, cols=2)
    recipients, signer = sign.rows[0].cells
    _cell_lines(
        recipients,
        [
            ("Nơi nhận:" if vi else "To:", True, False),
            (
                f"- {report.issuer_name},",
                False,
                False,
            ),
            ("- Lưu Văn phòng." if vi else "- Office file.", False, False),
        ],
        size=11,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _cell_lines(
        signer,
        [
            (("T/M " if vi else "FOR THE ") + report.issuer_name.upper(), True, False),
            (
                "(Ký, ghi rõ họ tên)" if vi else "(Signature and full name)",
                False,
                False,
            ),
            ("", False, False),
            ("", False, False),
            ("", False, False),
        ],
    )


def _overview(report: ComplianceReport) -> str:
    f = report.figures.overall
    vi = report.locale == "vi"
    rate = cell_text(f.on_time_rate, "rate", report.locale)
    overdue = cell_text(f.overdue_rate, "rate", report.locale)
    if vi:
        return (
            f"Tổng số nhiệm vụ theo dõi trong kỳ: {f.total}; tỷ lệ hoàn thành đúng hạn "
            f"{rate}; tỷ lệ quá hạn {overdue}. Số liệu chi tiết tại các biểu dưới đây."
        )
    return (
        f"Work tracked in the period: {f.total}; on-time rate {rate}; overdue rate "
        f"{overdue}. The tables below give the details."
    )


def _docx_table(document, table: Table, locale: str) -> None:  # type: ignore[no-untyped-def]
    rows = row_texts(table, locale)
    grid = document.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = "Table Grid"
    for c, column in enumerate(table.columns):
        cell = grid.rows[0].cells[c]
        cell.text = ""
        run = cell.paragraphs[0].add_run(column.header)
        run.bold = True
        run.font.size = Pt(9)
        _shade(cell, "DDDDDD")
    for r, texts in enumerate(rows, 1):
        for c, text in enumerate(texts):
            cell = grid.rows[r].cells[c]
            para = cell.paragraphs[0]
            run = para.add_run(text.strip() if table.depths and c == 1 else text)
            run.font.size = Pt(9)
            if table.depths and c == 1:
                para.paragraph_format.left_indent = Cm(0.4 * table.depths[r - 1])
                run.bold = table.depths[r - 1] == 0
            if table.kind(r - 1, c) != "text":
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if not rows:
        document.add_paragraph("—")


def _cell_lines(  # type: ignore[no-untyped-def]
    cell,
    lines: list[tuple[str, bool, bool]],
    *,
    italic: bool = False,
    size: int = 13,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    for text, bold, underline in lines:
        para = (
            cell.paragraphs[0]
            if not cell.paragraphs[0].text and not cell.paragraphs[0].runs
            else cell.add_paragraph()
        )
        para.alignment = align
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run(text)
        run.bold = bold
        run.underline = underline
        run.italic = italic
        run.font.size = Pt(size)


def _shade(cell, colour: str) -> None:  # type: ignore[no-untyped-def]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _roman(n: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")[n - 1]
