"""Renderers of a compliance report: text, JSON, CSV and HTML (XLSX and DOCX are in
:mod:`app.reportoffice`). Each takes the reports the builder returned and gives the
file's content; none queries anything.
"""

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

from app.reports import ComplianceReport
from app.reportviews import Cell, CellKind, Table, status_label, tables, words
from domain.reporting import AGEING, Figures
from domain.status import SPLIT, ReportStatus

if TYPE_CHECKING:  # Jinja2 loads only for the HTML format
    from jinja2 import Environment

#: Every format ``directives report --format`` writes.
FORMATS: Final = ("text", "json", "csv", "xlsx", "docx", "html")
#: Formats that are bytes rather than text.
BINARY_FORMATS: Final = frozenset({"xlsx", "docx"})
#: The bar colour of each status of the four-way split (charts in every format).
COLOURS: Final = {
    ReportStatus.DONE_ON_TIME: "2E7D32",
    ReportStatus.DONE_LATE: "F9A825",
    ReportStatus.OPEN_IN_TERM: "1565C0",
    ReportStatus.OVERDUE: "C62828",
}
#: Units shown in a chart at most (the busiest ones).
CHART_UNITS: Final = 20
#: Version of the JSON document's shape (docs/reports.md).
JSON_VERSION: Final = 1


def render(reports: Sequence[ComplianceReport], fmt: str) -> bytes:
    """The report file in ``fmt`` (one of :data:`FORMATS`) as bytes (UTF-8 for text).

    Raises:
        ValueError: an unknown format.
    """
    if fmt == "text":
        return render_text(reports).encode()
    if fmt == "json":
        return render_json(reports).encode()
    if fmt == "csv":
        return render_csv(reports)
    if fmt == "html":
        return render_html(reports).encode()
    if fmt in BINARY_FORMATS:
        from app import reportoffice  # openpyxl and python-docx load only when asked

        if fmt == "xlsx":
            return reportoffice.render_xlsx(reports)
        return reportoffice.render_docx(reports)
    raise ValueError(f"unknown report format {fmt!r} (one of {', '.join(FORMATS)})")


# --- cells ---------------------------------------------------------------------------


def cell_text(value: Cell, kind: CellKind, locale: str) -> str:
    """A cell as a reader sees it: ``85,0%``, ``+2``, ``31/12/2023``; empty → ``—``."""
    if value is None:
        return "—"
    if kind == "rate" and isinstance(value, float | int):
        return _decimal(f"{value * 100:.1f}", locale) + "%"
    if kind == "points" and isinstance(value, float | int):
        points = _decimal(f"{value * 100:+.1f}", locale)
        return f"{points} điểm %" if locale == "vi" else f"{points} pp"
    if kind == "delta" and isinstance(value, int):
        return f"{value:+d}" if value else "0"
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return str(value)


def _decimal(text: str, locale: str) -> str:
    return text.replace(".", ",") if locale == "vi" else text


def row_texts(table: Table, locale: str) -> list[list[str]]:
    """Every row of ``table`` as text cells (the unit names indented by depth)."""
    out = []
    for r, row in enumerate(table.rows):
        cells = [cell_text(v, table.kind(r, c), locale) for c, v in enumerate(row)]
        if table.depths:
            cells[1] = "    " * table.depths[r] + cells[1]
        out.append(cells)
    return out


# --- text ----------------------------------------------------------------------------


def render_text(reports: Sequence[ComplianceReport]) -> str:
    """The report as terminal text: a heading, then every table."""
    parts = []
    for report in reports:
        parts.append(heading(report))
        parts.append("")
        for table in tables(report):
            parts.append(table.title.upper())
            parts.extend(_text_table(table, report.locale))
            parts.append("")
    if not reports:
        return "—\n"
    return "\n".join(parts).rstrip() + "\n"


def heading(report: ComplianceReport) -> str:
    """One line naming the issuer, the period and its dates."""
    period = report.period
    if report.locale == "vi":
        line = f"{report.issuer_name} — {period.label('vi')}"
        if period.start is not None:
            line += f" (từ {cell_text(period.start, 'date', 'vi')}"
            line += f" đến {cell_text(period.end, 'date', 'vi')})"
        return line
    line = f"{report.issuer_name} — {period.label('en')}"
    if period.start is not None:
        line += f" ({cell_text(period.start, 'date', 'en')}"
        line += f" to {cell_text(period.end, 'date', 'en')})"
    return line


def _text_table(table: Table, locale: str) -> list[str]:
    rows = row_texts(table, locale)
    if not rows:
        return ["  —"]
    widths = [
        max(len(col.header), *(len(r[i]) for r in rows))
        for i, col in enumerate(table.columns)
    ]
    widths = [min(w, 60) for w in widths]

    def line(cells: Sequence[str]) -> str:
        out = []
        for i, (text, width) in enumerate(zip(cells, widths, strict=True)):
            text = text if len(text) <= width else text[: width - 1] + "…"
            kind = table.columns[i].kind
            numeric = kind != "text" or (table.row_kinds and i > 0)
            out.append(text.rjust(width) if numeric else text.ljust(width))
        return "  " + "  ".join(out).rstrip()

    return [line([c.header for c in table.columns]), *(line(r) for r in rows)]


# --- JSON ----------------------------------------------------------------------------


def report_data(report: ComplianceReport) -> dict[str, Any]:
    """The report's figures as plain JSON values (shape in docs/reports.md)."""
    f = report.figures
    previous = f.previous
    return {
        "version": JSON_VERSION,
        "issuer": {"code": report.issuer, "name": report.issuer_name},
        "period": _period_data(f.period, report.locale),
        "previous_period": _period_data(previous, report.locale) if previous else None,
        "made_on": report.made_on.isoformat(),
        "overall": _figures_data(f.overall),
        "previous": _figures_data(f.previous_overall) if f.previous_overall else None,
        "change": (
            {
                "counts": {s.value: f.change.counts[s] for s in ReportStatus},
                "on_time_rate": f.change.on_time_rate,
                "overdue_rate": f.change.overdue_rate,
            }
            if f.change
            else None
        ),
        "cancelled": f.cancelled,
        "ageing": dict(f.ageing),
        "units": [
            {
                "code": line.code,
                "name": report.unit_name(line.code),
                "depth": line.depth,
                "own": _figures_data(line.own),
                "rolled_up": _figures_data(line.rolled),
                "overdue_change": line.overdue_change,
                "rolled_up_overdue_change": line.rolled_overdue_change,
            }
            for line in f.units
        ],
        "notices": [
            {
                "number": line.notice,
                "signed_on": line.signed_on.isoformat(),
                **_figures_data(line.figures),
            }
            for line in f.notices
        ],
        "overdue": [
            {
                "notice": o.notice,
                "ref": o.ref,
                "summary": o.summary,
                "owner": o.owner,
                "owner_name": report.unit_name(o.owner),
                "due_on": o.due_on.isoformat(),
                "original_due_on": (
                    o.original_due_on.isoformat() if o.original_due_on else None
                ),
                "working_days_overdue": o.days_overdue,
                "bucket": o.bucket,
            }
            for o in f.overdue
        ],
        "ranking": [
            {
                "code": line.code,
                "name": report.unit_name(line.code),
                "overdue": line.own.count(ReportStatus.OVERDUE),
                "overdue_change": line.overdue_change,
            }
            for line in f.ranking
        ],
    }


def render_json(reports: Sequence[ComplianceReport]) -> str:
    """A JSON array with one object per issuer (see :func:`report_data`)."""
    return (
        json.dumps([report_data(r) for r in reports], ensure_ascii=False, indent=2)
        + "\n"
    )


def _period_data(period: Any, locale: str) -> dict[str, Any]:
    return {
        "key": period.key,
        "kind": period.kind,
        "start": period.start.isoformat() if period.start else None,
        "end": period.end.isoformat(),
        "label": period.label(locale),
    }


def _figures_data(f: Figures) -> dict[str, Any]:
    return {
        "counts": {s.value: f.count(s) for s in ReportStatus},
        "total": f.total,
        "on_time_rate": f.on_time_rate,
        "overdue_rate": f.overdue_rate,
        "update_rate": f.update.rate,
        "updated": f.update.hits,
        "open": f.update.of,
        "entry_timeliness": f.entry.rate,
        "entered_on_time": f.entry.hits,
        "entered": f.entry.of,
    }


# --- CSV -----------------------------------------------------------------------------


def render_csv(reports: Sequence[ComplianceReport]) -> bytes:
    """Every table one after another (a title line, the header, the rows, a blank
    line), UTF-8 with a byte-order mark so that Excel reads Vietnamese right.

    Numbers stay numbers, rates are fractions (0.85), dates ISO (2023-12-31).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for report in reports:
        writer.writerow([heading(report)])
        writer.writerow([])
        for table in tables(report):
            writer.writerow([table.title])
            writer.writerow([c.header for c in table.columns])
            for r, row in enumerate(table.rows):
                cells = [_csv_cell(v) for v in row]
                if table.depths:
                    cells[1] = "    " * table.depths[r] + cells[1]
                writer.writerow(cells)
            writer.writerow([])
    return "\ufeff".encode() + buffer.getvalue().encode()


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- charts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One status's part of a unit's bar."""

    status: ReportStatus
    label: str
    count: int
    colour: str
    share: float  # of the longest bar, 0..1


@dataclass(frozen=True)
class Bar:
    """One unit's bar of the status chart."""

    name: str
    total: int
    segments: tuple[Segment, ...]


def chart_bars(report: ComplianceReport) -> tuple[Bar, ...]:
    """The status-by-unit chart: the four-way split of each top-level unit (its
    sub-units' work included), the busiest :data:`CHART_UNITS` of them."""
    lines = [line for line in report.figures.units if line.depth == 0]
    lines.sort(key=lambda line: -line.rolled.four_way_total)
    lines = lines[:CHART_UNITS]
    longest = max((line.rolled.four_way_total for line in lines), default=0) or 1
    return tuple(
        Bar(
            name=report.unit_name(line.code),
            total=line.rolled.four_way_total,
            segments=tuple(
                Segment(
                    status=s,
                    label=status_label(s, report.locale),
                    count=line.rolled.count(s),
                    colour=COLOURS[s],
                    share=line.rolled.count(s) / longest,
                )
                for s in SPLIT
            ),
        )
        for line in lines
    )


@dataclass(frozen=True)
class SvgBar:
    """A bar of the SVG chart, laid out."""

    name: str
    total: int
    y: int
    rects: tuple[tuple[int, int, str, str, int], ...]  # x, width, colour, label, count


def svg_layout(
    bars: Sequence[Bar], *, label_width: int = 260, bar_width: int = 420
) -> tuple[list[SvgBar], int]:
    """Bars laid out for an SVG of ``label_width + bar_width + 60`` pixels: the rows
    and the chart's height."""
    out = []
    for i, bar in enumerate(bars):
        x = label_width
        rects = []
        for seg in bar.segments:
            width = round(seg.share * bar_width)
            if seg.count:
                rects.append((x, max(width, 1), seg.colour, seg.label, seg.count))
            x += width
        out.append(SvgBar(bar.name, bar.total, 40 + i * 26, tuple(rects)))
    return out, 40 + len(bars) * 26 + 10


# --- HTML ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> "Environment":
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("app", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = cell_text
    return env


def render_html(reports: Sequence[ComplianceReport]) -> str:
    """A standalone HTML page: every table and an inline SVG chart of status by unit."""
    locale = reports[0].locale if reports else "vi"
    items = []
    for report in reports:
        bars, height = svg_layout(chart_bars(report))
        items.append(
            {
                "report": report,
                "heading": heading(report),
                "tables": [(t, row_texts(t, report.locale)) for t in tables(report)],
                "bars": bars,
                "chart_height": height,
                "legend": [(status_label(s, report.locale), COLOURS[s]) for s in SPLIT],
            }
        )
    return (
        _environment()
        .get_template("report.html.jinja")
        .render(
            items=items,
            locale=locale,
            w=words(locale),
            ageing=[label for label, _ in AGEING],
        )
    )
