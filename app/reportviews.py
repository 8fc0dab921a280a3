"""The views of a compliance report as plain tables, shared by every output format.

Text, CSV, XLSX, DOCX and HTML all show the same tables (summary, by unit, by notice,
overdue list, ranking), built once here from :class:`~app.reports.ComplianceReport`, so
the formats cannot disagree. Cells keep their type (int, float rate, date, text): each
renderer writes them its own way (an Excel number or date cell, "85,0%" in a document).
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from app.reports import ComplianceReport
from domain.reporting import AGEING, Figures
from domain.status import REPORT_ORDER, ReportStatus

CellKind = Literal["text", "int", "rate", "date", "delta", "points"]
Cell = str | int | float | date | None


@dataclass(frozen=True)
class Column:
    """A column: its header and how its cells are written."""

    header: str
    kind: CellKind = "text"
    width: int = 12  # characters, for fixed-width renderers


@dataclass(frozen=True)
class Table:
    """One view of the report.

    Args:
        name: a short stable name (``summary``, ``units``, ``notices``, ``overdue``,
            ``ranking``): sheet and section keys.
        title: the heading, in the report's language.
        columns: the columns.
        rows: the rows, one cell per column.
        depths: for the unit table, each row's depth in the registry tree.
        row_kinds: for the summary table, the kind of each row's figures (its first
            cell is the measure's name); other tables type cells by column.
    """

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    depths: tuple[int, ...] = ()
    row_kinds: tuple[CellKind, ...] = ()

    def kind(self, row: int, column: int) -> CellKind:
        """How the cell at (``row``, ``column``) is written."""
        if self.row_kinds and column > 0:
            kind = self.row_kinds[row]
            if column == len(self.columns) - 1:  # the change column
                return "points" if kind == "rate" else "delta"
            return kind
        return self.columns[column].kind


_VI = {
    "summary": "Tổng hợp",
    "units": "Theo đơn vị",
    "notices": "Theo văn bản",
    "overdue": "Nhiệm vụ quá hạn",
    "ranking": "Đơn vị có nhiệm vụ quá hạn",
    "measure": "Chỉ tiêu",
    "this": "Kỳ này",
    "previous": "Kỳ trước",
    "change": "Tăng/giảm",
    "no": "STT",
    "unit": "Đơn vị",
    "notice": "Văn bản",
    "signed": "Ngày ký",
    "ref": "Mục",
    "summary_text": "Nội dung nhiệm vụ",
    "due": "Hạn (đang áp dụng)",
    "original": "Hạn ban đầu",
    "days": "Số ngày làm việc quá hạn",
    "bucket": "Nhóm",
    "total": "Tổng số nhiệm vụ",
    "four_way": "Cộng (4 nhóm)",
    "on_time_rate": "Tỷ lệ hoàn thành đúng hạn",
    "overdue_rate": "Tỷ lệ quá hạn",
    "update_rate": "Tỷ lệ cập nhật tiến độ (7 ngày)",
    "entry_rate": "Tỷ lệ nhập kịp thời (2 ngày làm việc)",
    "cancelled": "Nhiệm vụ đã hủy (không tính)",
    "overdue_count": "Số nhiệm vụ quá hạn",
    "overdue_change": "So với kỳ trước",
    "ageing": "Quá hạn {} ngày làm việc",
}
_EN = {
    "summary": "Summary",
    "units": "By unit",
    "notices": "By notice",
    "overdue": "Overdue work",
    "ranking": "Units with overdue work",
    "measure": "Measure",
    "this": "This period",
    "previous": "Previous period",
    "change": "Change",
    "no": "No.",
    "unit": "Unit",
    "notice": "Notice",
    "signed": "Signed",
    "ref": "Item",
    "summary_text": "Work",
    "due": "Due (in force)",
    "original": "Original due",
    "days": "Working days overdue",
    "bucket": "Bucket",
    "total": "Items in total",
    "four_way": "Total (four-way)",
    "on_time_rate": "On-time rate",
    "overdue_rate": "Overdue rate",
    "update_rate": "Update rate (7 days)",
    "entry_rate": "Entry timeliness (2 working days)",
    "cancelled": "Cancelled (not counted)",
    "overdue_count": "Overdue items",
    "overdue_change": "Against previous period",
    "ageing": "Overdue {} working days",
}
_EN_STATUS = {
    ReportStatus.DONE_ON_TIME: "Done on time",
    ReportStatus.DONE_LATE: "Done late",
    ReportStatus.OPEN_IN_TERM: "Open, within deadline",
    ReportStatus.OVERDUE: "Overdue, not done",
    ReportStatus.ONGOING: "Ongoing",
    ReportStatus.NO_DEADLINE: "No deadline",
    ReportStatus.EXTENDED: "Extended",
    ReportStatus.RETURNED: "Returned",
    ReportStatus.NEEDS_OWNER: "No owner yet",
}


def words(locale: str) -> dict[str, str]:
    """The report's fixed words in ``locale``."""
    return _VI if locale == "vi" else _EN


def status_label(status: ReportStatus, locale: str) -> str:
    """A status as the report's header names it (capitalised)."""
    if locale == "vi":
        label = status.label
        return label[:1].upper() + label[1:]
    return _EN_STATUS[status]


def tables(report: ComplianceReport) -> tuple[Table, ...]:
    """Every view of ``report``, in report order."""
    return (
        summary_table(report),
        units_table(report),
        notices_table(report),
        overdue_table(report),
        ranking_table(report),
    )


def summary_table(report: ComplianceReport) -> Table:
    """Measures of this period, the previous one and the change."""
    w = words(report.locale)
    f = report.figures
    now, before = f.overall, f.previous_overall
    rows: list[tuple[Cell, ...]] = []
    kinds: list[CellKind] = []

    def add(label: str, this: float | None, last: float | None, kind: CellKind) -> None:
        change = this - last if this is not None and last is not None else None
        rows.append((label, this, last, change))
        kinds.append(kind)

    for status in ReportStatus:
        add(
            status_label(status, report.locale),
            now.count(status),
            before.count(status) if before else None,
            "int",
        )
    add(w["total"], now.total, before.total if before else None, "int")
    add(
        w["on_time_rate"],
        now.on_time_rate,
        before.on_time_rate if before else None,
        "rate",
    )
    add(
        w["overdue_rate"],
        now.overdue_rate,
        before.overdue_rate if before else None,
        "rate",
    )
    add(
        w["update_rate"],
        now.update.rate,
        before.update.rate if before else None,
        "rate",
    )
    add(w["entry_rate"], now.entry.rate, before.entry.rate if before else None, "rate")
    for label, _ in AGEING:
        add(w["ageing"].format(label), f.ageing[label], None, "int")
    add(w["cancelled"], f.cancelled, None, "int")
    return Table(
        "summary",
        w["summary"],
        (
            Column(w["measure"], "text", 40),
            Column(w["this"], "int", 12),
            Column(w["previous"], "int", 12),
            Column(w["change"], "delta", 12),
        ),
        tuple(rows),
        row_kinds=tuple(kinds),
    )


def units_table(report: ComplianceReport) -> Table:
    """Each unit's figures with its sub-units', indented by depth."""
    w = words(report.locale)
    columns = (
        Column(w["no"], "int", 4),
        Column(w["unit"], "text", 40),
        *_figure_columns(report.locale),
        Column(w["overdue_change"], "delta", 10),
    )
    rows = tuple(
        (
            i,
            report.unit_name(line.code),
            *_figure_cells(line.rolled),
            line.rolled_overdue_change,
        )
        for i, line in enumerate(report.figures.units, 1)
    )
    return Table(
        "units",
        w["units"],
        columns,
        rows,
        depths=tuple(line.depth for line in report.figures.units),
    )


def notices_table(report: ComplianceReport) -> Table:
    """The figures of each notice's work."""
    w = words(report.locale)
    columns = (
        Column(w["no"], "int", 4),
        Column(w["notice"], "text", 16),
        Column(w["signed"], "date", 11),
        *_figure_columns(report.locale),
    )
    rows = tuple(
        (i, line.notice, line.signed_on, *_figure_cells(line.figures))
        for i, line in enumerate(report.figures.notices, 1)
    )
    return Table("notices", w["notices"], columns, rows)


def overdue_table(report: ComplianceReport) -> Table:
    """The overdue work, most overdue first."""
    w = words(report.locale)
    columns = (
        Column(w["no"], "int", 4),
        Column(w["notice"], "text", 16),
        Column(w["ref"], "text", 6),
        Column(w["summary_text"], "text", 50),
        Column(w["unit"], "text", 30),
        Column(w["due"], "date", 11),
        Column(w["original"], "date", 11),
        Column(w["days"], "int", 8),
        Column(w["bucket"], "text", 7),
    )
    rows = tuple(
        (
            i,
            o.notice,
            o.ref,
            o.summary,
            report.unit_name(o.owner),
            o.due_on,
            o.original_due_on if o.original_due_on != o.due_on else None,
            o.days_overdue,
            o.bucket,
        )
        for i, o in enumerate(report.figures.overdue, 1)
    )
    return Table("overdue", w["overdue"], columns, rows)


def ranking_table(report: ComplianceReport) -> Table:
    """Units ranked by their own overdue work."""
    w = words(report.locale)
    columns = (
        Column(w["no"], "int", 4),
        Column(w["unit"], "text", 40),
        Column(w["overdue_count"], "int", 10),
        Column(w["overdue_change"], "delta", 10),
    )
    rows = tuple(
        (
            i,
            report.unit_name(line.code),
            line.own.count(ReportStatus.OVERDUE),
            line.overdue_change,
        )
        for i, line in enumerate(report.figures.ranking, 1)
    )
    return Table("ranking", w["ranking"], columns, rows)


# --- internals -------------------------------------------------------------------------

#: Status columns of the unit and notice tables, in order.
FIGURE_STATUSES = REPORT_ORDER


def _figure_columns(locale: str) -> tuple[Column, ...]:
    w = words(locale)
    return (
        *(Column(status_label(s, locale), "int", 9) for s in FIGURE_STATUSES),
        Column(w["total"], "int", 9),
        Column(w["on_time_rate"], "rate", 9),
        Column(w["overdue_rate"], "rate", 9),
        Column(w["update_rate"], "rate", 9),
        Column(w["entry_rate"], "rate", 9),
    )


def _figure_cells(f: Figures) -> tuple[Cell, ...]:
    return (
        *(f.count(s) for s in FIGURE_STATUSES),
        f.total,
        f.on_time_rate,
        f.overdue_rate,
        f.update.rate,
        f.entry.rate,
    )
