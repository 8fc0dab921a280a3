"""Reading a directive notice: header, numbered directives, owners, deadlines.

:func:`parse_notice` turns the text of a notice (a "Thông báo", "Kết luận", "Chỉ thị",
"Công văn" …, as a PDF-to-text export gives it) into a :class:`ParsedNotice`: what the
header says, every numbered item that asks someone to act, who is to act (lead or
support, named or implied), by when, and how often. Every judgment the reader makes
is listed in ``warnings``, so a manager can check it.

The module is pure: no I/O, no clock. Owner phrases are resolved to registry codes by
an :class:`OwnerResolver` passed in; working days and the Tết break come from the
:class:`~domain.workdays.WorkCalendar` passed in.
"""

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from domain.deadlines import DeadlineMention, FoundDeadline, find_deadlines
from domain.errors import NoticeParseError
from domain.notice_header import Header, NoticeHeader, kind_from_number, read_header
from domain.notice_lexicon import (
    EVALUATION_HEADINGS,
    GIAO_AFTER,
    GIAO_OTHER_SENSES,
    OBJECTIVE_HEADINGS,
    TASK_HEADINGS,
    alternation,
)
from domain.notice_lines import Line, join_contents, split_lines
from domain.notice_outline import (
    ITEM_STYLES,
    SECTION_STYLES,
    Node,
    TableRow,
    is_dash,
    is_table_header,
    read_outline,
    read_table,
)
from domain.notice_owners import (
    FoundOwner,
    find_owners,
    heading_owners,
    is_non_state,
    lead_in_owners,
    split_owner_cell,
    starts_with_predicate,
)
from domain.notice_text import collapse, fold
from domain.notice_warnings import (
    ImpliedFrom,
    ReaderWarning,
    Veto,
    WarningCode,
    deadline_note,
    missing_part,
    no_owner,
    not_a_directive,
    owner_implied,
    same_number,
    supplied_part,
    undated_deadline,
    unknown_owner,
)
from domain.recurrence import find_recurrence
from domain.workdays import WorkCalendar

__all__ = [
    "DeadlineMention",
    "GivenHeader",
    "NoticeHeader",
    "OwnerMention",
    "OwnerResolver",
    "ParsedDirective",
    "ParsedNotice",
    "ReaderWarning",
    "Veto",
    "parse_notice",
]


@dataclass(frozen=True)
class GivenHeader:
    """Header parts the office supplies for a document that lacks or misreads them.

    A part given here replaces what the text says (the number is upper-cased as
    symbols are); the signing date is given before deadlines are resolved, so dates
    without a year and "trong N ngày" count from it.
    """

    number: str | None = None
    issued_on: date | None = None
    issuer: str | None = None


class OwnerResolver(Protocol):
    """Turns an owner phrase as written into an organisation code of the registry."""

    def resolve(self, phrase: str) -> str | None:
        """The registry code ``phrase`` names, or None when unknown or ambiguous."""
        ...


@dataclass(frozen=True)
class OwnerMention:
    """An owner of a directive: the phrase as written, its role and registry code.

    ``implied`` is True when the directive names nobody and the owner is taken from
    its context (the previous item, a heading, the opening sentence, the addressees).
    """

    text: str
    role: str
    implied: bool = False
    org: str | None = None


@dataclass(frozen=True)
class ParsedDirective:
    """One numbered item that asks someone to act."""

    ref: str
    text: str
    span: tuple[int, int]
    owners: tuple[OwnerMention, ...] = ()
    deadlines: tuple[DeadlineMention, ...] = ()
    recurrence: str | None = None

    @property
    def due_on(self) -> date | None:
        """The latest dated deadline of the directive, or None when it has none."""
        dated = [d.due for d in self.deadlines if d.due is not None]
        return max(dated) if dated else None


@dataclass(frozen=True)
class ParsedNotice:
    """A notice as read: header, directives and the judgments made while reading."""

    header: NoticeHeader
    directives: tuple[ParsedDirective, ...]
    warnings: tuple[ReaderWarning, ...] = field(default_factory=tuple)

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The notice as the JSON object of ``directives parse --json``.

        Args:
            lang: the language of the warnings (``"vi"``, or English).

        Returns:
            ``{"notice": {...}, "directives": [...], "warnings": [...]}`` with dates
            as ISO strings and each warning as a sentence in ``lang``.
        """
        h = self.header
        notice: dict[str, Any] = {
            "number": h.number,
            "kind": h.kind,
            "issued_on": h.issued_on.isoformat() if h.issued_on else None,
            "place": h.place,
            "issuer": h.issuer,
            "subject": h.subject,
            "signer": h.signer,
            "signer_title": h.signer_title,
            "signing_form": h.signing_form,
            "recipients": list(h.recipients),
            "addressees": list(h.addressees),
        }
        return {
            # A part the notice does not give is absent, never null.
            "notice": {k: v for k, v in notice.items() if v is not None and v != []}
            | {"recipients": list(h.recipients)},
            "directives": [
                {
                    "ref": d.ref,
                    "text": d.text,
                    "span": list(d.span),
                    "owners": [_owner_dict(o) for o in d.owners],
                    "deadlines": [_deadline_dict(m) for m in d.deadlines],
                    "recurrence": d.recurrence,
                }
                for d in self.directives
            ],
            "warnings": [w.text(lang) for w in self.warnings],
        }


def parse_notice(
    text: str,
    *,
    calendar: WorkCalendar,
    resolver: OwnerResolver | None = None,
    source: str | None = None,
    given: GivenHeader | None = None,
) -> ParsedNotice:
    """Read a notice.

    Args:
        text: the notice as text (UTF-8 decoded; a PDF-to-text export is fine).
        calendar: working days and Tết breaks, for "trong N ngày làm việc" and
            "N ngày làm việc sau kỳ nghỉ Tết".
        resolver: turns owner phrases into registry codes; without one every owner's
            ``org`` is None and no "unresolved owner" warning is given.
        source: the file or label the text came from, used in error messages.
        given: header parts supplied by the office; they win over the text's.

    Returns:
        The header, the directives in text order and the warnings.

    Raises:
        NoticeParseError: the text is empty, is not text, is not a notice, or has no
            directive.
    """
    if not text or not text.strip():
        raise NoticeParseError(
            "the notice is empty",
            source=source,
            vi_reason="thông báo không có nội dung",
        )
    if _looks_binary(text):
        raise NoticeParseError(
            "the file is not text",
            source=source,
            vi_reason="tệp không phải là văn bản",
        )
    normal, back = _normalise(text)
    normal, back = _single_spaced(normal, back)
    lines = split_lines(normal)
    header = read_header(lines)
    supplied: list[ReaderWarning] = []
    if given is not None:
        header, supplied = _with_given(header, given)
    reader = _Reader(header, lines, calendar, resolver)
    directives = reader.read()
    if not directives:
        # A header without its number or date still yields its instructions; only a
        # text that gives none is refused.
        if header.number is None and header.issued_on is None and header.kind is None:
            raise NoticeParseError(
                "no directives found: this is not a notice (no number, date, title "
                "or instruction)",
                source=source,
                vi_reason="không tìm thấy nội dung chỉ đạo nào: đây không phải là "
                "thông báo (không có số, ngày, trích yếu hay nội dung chỉ đạo)",
            )
        raise NoticeParseError(
            "no directives found",
            source=source,
            vi_reason="không tìm thấy nội dung chỉ đạo nào",
        )
    directives = [
        ParsedDirective(
            d.ref,
            d.text,
            (back(d.span[0]), back(d.span[1])),
            d.owners,
            d.deadlines,
            d.recurrence,
        )
        for d in directives
    ]
    return ParsedNotice(
        header=header.public(),
        directives=tuple(directives),
        warnings=tuple(_header_warnings(header))
        + tuple(supplied)
        + tuple(reader.warnings)
        + tuple(reader.unresolved),
    )


def _owner_dict(owner: OwnerMention) -> dict[str, Any]:
    out: dict[str, Any] = {
        "text": owner.text,
        "role": owner.role,
        "implied": owner.implied,
    }
    if owner.org is not None:
        out["org"] = owner.org
    return out


def _deadline_dict(mention: DeadlineMention) -> dict[str, Any]:
    out: dict[str, Any] = {"text": mention.text}
    if mention.due is not None:
        out["due"] = mention.due.isoformat()
    return out


# --- input -------------------------------------------------------------------------


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    bad = len(_BINARY_CHARS.findall(sample))
    return bad > max(8, len(sample) // 20)


_BINARY_CHARS = re.compile("[\ufffd\x00-\x08\x0e-\x1b\x7f]")


def _normalise(text: str) -> tuple[str, Callable[[int], int]]:
    """The NFC text and a function mapping its offsets back to ``text``."""
    if unicodedata.is_normalized("NFC", text):
        return text, _identity
    out: list[str] = []
    origin: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            piece = unicodedata.normalize("NFC", text[start:i])
            out.append(piece)
            origin.extend([start] * len(piece))
            start = i
    origin.append(len(text))
    normal = "".join(out)

    def back(offset: int) -> int:
        return origin[min(max(offset, 0), len(origin) - 1)]

    return normal, back


def _identity(offset: int) -> int:
    return offset


_GAP = re.compile(r"(?<=\S) +(?=\S)")
_SPACE_RUN = re.compile(r" {2,}")
# A text typed with two spaces between words: most gaps are doubled, and enough of
# them that a few aligned columns cannot pass for it.
_DOUBLED_SHARE = 0.6
_DOUBLED_MIN = 40


def _single_spaced(
    text: str, back: Callable[[int], int]
) -> tuple[str, Callable[[int], int]]:
    """A text typed with two spaces between words, with each run of spaces halved.

    Two spaces are what split a line into header columns; a whole text written
    with doubled gaps would be read as columns everywhere. Halving every run keeps
    the wide column gaps wide and makes the word gaps single. In a text typed with
    single gaps, a stretch of a line whose gaps are mostly doubled (a justified
    place-date line, a title or a signer's name spread out in a Word export) is
    halved alone.
    """
    gaps = _GAP.findall(text)
    doubled = sum(1 for gap in gaps if len(gap) == 2)
    whole = doubled >= _DOUBLED_MIN and doubled >= _DOUBLED_SHARE * len(gaps)
    lines = [] if whole else _doubled_lines(text)
    if not whole and not lines:
        return text, back
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    k = 0
    for match in _SPACE_RUN.finditer(text):
        while k < len(lines) and lines[k][1] <= match.start():
            k += 1
        if not whole and not (k < len(lines) and lines[k][0] <= match.start()):
            continue
        out.append(text[pos : match.start()])
        origin.extend(range(pos, match.start()))
        keep = max(1, len(match.group()) // 2)
        out.append(" " * keep)
        origin.extend(range(match.start(), match.start() + keep))
        pos = match.end()
    out.append(text[pos:])
    origin.extend(range(pos, len(text) + 1))

    def halved_back(offset: int) -> int:
        return back(origin[min(max(offset, 0), len(origin) - 1)])

    return "".join(out), halved_back


# A stretch of a line between column gaps (three spaces or more, or a tab).
_CELL = re.compile(r"[^\n\t ]+(?: {1,2}[^\n\t ]+)*")


_DOUBLE_GAP = re.compile(r"(?<=\S)  (?=\S)")


def _doubled_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the stretches of a line typed with two spaces between words:
    most of their gaps doubled ("Lam Giang,  ngày  22  tháng  7  năm  2026")."""
    spans = []
    pos = 0
    while (gap := _DOUBLE_GAP.search(text, pos)) is not None:
        # Only the lines that hold a doubled gap are looked at, each once.
        start = text.rfind("\n", 0, gap.start()) + 1
        end = text.find("\n", gap.end())
        end = len(text) if end < 0 else end
        for cell in _CELL.finditer(text, start, end):
            gaps = [len(g) for g in _GAP.findall(cell.group())]
            if gaps and gaps.count(2) >= _DOUBLED_SHARE * len(gaps):
                spans.append(cell.span())
        pos = end
    return spans


def _with_given(
    header: Header, given: GivenHeader
) -> tuple[Header, list[ReaderWarning]]:
    """The header with the office's parts in, and a note for each part it changed."""
    notes: list[ReaderWarning] = []
    changes: dict[str, Any] = {}
    number = collapse(given.number).upper() if given.number else None
    issuer = collapse(given.issuer) if given.issuer else None
    for name, value in (
        ("number", number),
        ("issued_on", given.issued_on),
        ("issuer", issuer),
    ):
        if value is None:
            continue
        read = getattr(header, name)
        if read is not None and read != value:
            shown = read.isoformat() if isinstance(read, date) else str(read)
            notes.append(supplied_part(name, shown))
        changes[name] = value
    if "number" in changes and header.kind is None:
        changes["kind"] = kind_from_number(changes["number"])
    return replace(header, **changes), notes


def _header_warnings(header: Header) -> list[ReaderWarning]:
    """One warning per missing header part, naming the part (the office can supply it)."""
    missing = (
        (header.number, WarningCode.NO_NUMBER),
        (header.issued_on, WarningCode.NO_DATE),
        (header.kind, WarningCode.NO_KIND),
        (header.signer, WarningCode.NO_SIGNER),
        (header.issuer, WarningCode.NO_ISSUER),
    )
    return [missing_part(code) for value, code in missing if value is None]


# --- directives --------------------------------------------------------------------

_EVAL_SECTION = re.compile(alternation(EVALUATION_HEADINGS), re.IGNORECASE)
_OBJECTIVE_SECTION = re.compile(alternation(OBJECTIVE_HEADINGS), re.IGNORECASE)
_TASK_SECTION = re.compile(alternation(TASK_HEADINGS), re.IGNORECASE)
_REVIEWED_TASKS = re.compile(
    r"\b(?:kết\s+quả|tình\s+hình|đánh\s+giá)\s+(?:thực\s+hiện\s+)?(?:các\s+)?nhiệm\s+vụ",
    re.IGNORECASE,
)
# A principle: "việc X phải bảo đảm / tuân thủ …", "… bảo đảm nguyên tắc …".
_PRINCIPLE = re.compile(
    r"\s*(?:việc|mọi\s+hoạt\s+động|các\s+hoạt\s+động)\s+[^.;:]{0,80}?\b"
    r"(?:phải|cần)\s+(?:được\s+)?(?:bảo\s+đảm|đảm\s+bảo|tuân\s+thủ|thực\s+hiện\s+đúng"
    r"|đúng|công\s+khai|theo\s+đúng)"
    r"|[^.;:]{0,80}?\bnguyên\s+tắc\b",
    re.IGNORECASE,
)
_GIAO = (
    "".join(rf"(?<!{word}\s)" for word in GIAO_AFTER)
    + rf"giao(?!\s+{alternation(GIAO_OTHER_SENSES)}\b)"
)
# "chậm so với yêu cầu", "đáp ứng yêu cầu": the noun, a standard measured against.
_NOT_ASKING = "".join(
    rf"(?<!{w}\s)" for w in ("với", "theo", "ứng", "đúng", "các", "những")
)
_ASSIGN_CUE = re.compile(
    rf"\b(?:{_GIAO}|{_NOT_ASKING}yêu\s+cầu|đề\s+nghị|chủ\s+trì|cần|phải|khẩn\s+trương)\b",
    re.IGNORECASE,
)
# An item that opens by evaluating or praising ("Đánh giá chung: …", "Ban Thường vụ
# đánh giá cao …") reports on the past unless it goes on to hand out work.
_EVAL_START = re.compile(
    r"\s*(?:\S+\s+){0,6}?(?:đánh\s+giá\s+cao|biểu\s+dương|hoan\s+nghênh"
    r"|khen\s+ngợi|cảm\s+ơn|chúc\s+mừng)"
    r"|\s*(?:cơ\s+bản\s+)?(?:thống\s+nhất|nhất\s+trí|đồng\s+ý)\s+(?:với\s+)?(?:các\s+)?"
    r"(?:nội\s+dung\s+)?(?:đánh\s+giá|báo\s+cáo|kết\s+quả)"
    r"|\s*(?:đánh\s+giá\s+chung|nhìn\s+chung|kết\s+quả"
    r"|ghi\s+nhận"
    r"|tình\s+hình|năm\s+\d{4}\s*,|trong\s+(?:tháng|quý|năm|thời\s+gian)\s+qua"
    r"|(?:\S+\s+)?(?:tháng|quý)\s+[\divx]+(?:\s*/\s*|\s+năm\s+)\d{4}\s*,"
    r"|(?:\S+\s+)?tháng\s+(?:đầu\s+)?năm\s+\d{4}\s*,|qua\s+kiểm\s+tra|qua\s+khảo\s+sát"
    r"|thời\s+gian\s+qua)",
    re.IGNORECASE,
)
# A topic heading that announces a review ("Về tình hình kinh tế - xã hội 9 tháng …"):
# an evaluation unless its paragraph names a body told to act.
_EVAL_TOPIC = re.compile(
    r"\s*về\s+(?:đánh\s+giá|kết\s+quả|tình\s+hình|công\s+tác\s+\S+\s+(?:tháng|quý|năm)\s+qua)",
    re.IGNORECASE,
)
_PRAISE = re.compile(
    r"\b(?:biểu\s+dương|đánh\s+giá\s+cao|hoan\s+nghênh|khen\s+ngợi|ghi\s+nhận"
    r"|sẽ\s+xem\s+xét)\b",
    re.IGNORECASE,
)
_HARD_DEADLINE = re.compile(
    r"\b(?:trước\s+ngày|chậm\s+nhất|đến\s+hết|trong\s+(?:tháng|quý)"
    r"|hoàn\s+thành\s+(?:trước|trong|vào))\b",
    re.IGNORECASE,
)
_APPROVAL_START = re.compile(
    r"\s*(?:(?:hội\s+nghị|cuộc\s+họp|phiên\s+họp)\s+)?(?:đồng\s+ý|nhất\s+trí|thống\s+nhất|thông\s+qua|phê\s+duyệt|ban\s+hành\s+kèm\s+theo"
    r"|công\s+nhận|chấp\s+thuận|bãi\s+bỏ|thay\s+thế)",
    re.IGNORECASE,
)
_FUNDING_START = re.compile(
    r"\s*(?:nguồn\s+)?kinh\s+phí(?:\s+(?:thực\s+hiện|triển\s+khai|tổ\s+chức|hoạt\s+động))?"
    r"(?:\s+(?:kế\s+hoạch|nhiệm\s+vụ)(?:\s+này)?)?\s*:?\s*(?:được\s+|do\s+)?"
    r"(?:bố\s+trí|bảo\s+đảm|đảm\s+bảo|sử\s+dụng|lấy|trích|từ|trong|thuộc|ngân\s+sách"
    r"|huy\s+động|cân\s+đối)\b",
    re.IGNORECASE,
)
_POINTER = re.compile(r"(?:theo|tại)\s+(?:các\s+)?phụ\s+lục", re.IGNORECASE)
_IN_FORCE = re.compile(r"có\s+hiệu\s+lực", re.IGNORECASE)
# "chịu trách nhiệm toàn diện về tính chính xác của số liệu": answers for the result.
_ACCOUNTABLE = re.compile(
    r"chịu\s+trách\s+nhiệm\s+(?:chung\s+)?(?:thi\s+hành|trước|toàn\s+diện\s+về)",
    re.IGNORECASE,
)
_LEAD_VERB_START = re.compile(r"\s*lãnh\s+đạo\s", re.IGNORECASE)
_HAND_ON_START = re.compile(r"\s*(?:yêu\s+cầu|đề\s+nghị)\s", re.IGNORECASE)
# Figures and a "yet … still/not yet" contrast: a result being assessed.
_EVAL_FACTS = re.compile(
    r"\d+(?:[.,]\d+)?\s*%|\btuy\s+(?:nhiên|vậy)\b[^.;]*\b(?:còn|chưa)\b", re.IGNORECASE
)
_PAST = re.compile(r"\b(?:đã|được|bị)\b", re.IGNORECASE)
_EVAL_LEAD_IN = re.compile(
    r"(?:đánh\s+giá|kết\s+quả|ghi\s+nhận|đạt\s+được|đã\s+làm)[^:]*:\s*$", re.IGNORECASE
)
_TASK_LEAD_IN = re.compile(
    r"\b(?:yêu\s+cầu|đề\s+nghị|giao|nhiệm\s+vụ|kết\s+luận|chỉ\s+đạo|chỉ\s+thị)\b",
    re.IGNORECASE,
)
# "- Thời gian hoàn thành: Quý I/2026" in a plan's item: read like a task table's cell.
_TIME_LABEL = re.compile(
    r"(?:^|(?<=\n)|(?<=;))[ \t]*[-–+•*]?[ \t]*thời\s+(?:gian|hạn)(?:\s+(?:hoàn\s+thành"
    r"|thực\s+hiện))?[ \t]*:[ \t]*(?P<cell>[^\n;]+?)(?=\.\s|\.?$|;|\n)",
    re.IGNORECASE | re.MULTILINE,
)
_EACH_START = re.compile(r"\s*(?:mỗi|từng)\s", re.IGNORECASE)
# Units named by kind alone ("các đơn vị", "các cơ quan, đơn vị"), no name of their own.
_BARE_UNITS = re.compile(
    r"(?:các|những|quý)\s+(?:cơ\s+quan|đơn\s+vị|địa\s+phương)"
    r"(?:\s*,\s*(?:cơ\s+quan|đơn\s+vị|địa\s+phương))*",
    re.IGNORECASE,
)
_INLINE_PAREN = re.compile(r"(?:^|(?<=[\s:;,.]))\((\d{1,3})\)\s*")


_ACCOUNTABLE_ACTS = re.compile(
    r"\b(?:(?<!được )giao|yêu\s+cầu|đề\s+nghị|chủ\s+trì|khẩn\s+trương|hoàn\s+thành)\b",
    re.IGNORECASE,
)


@dataclass
class _Context:
    """Where an item sits: the texts around it that may name its owner."""

    heading: str | None = None  # nearest section or heading text
    lead_in: str | None = None  # the paragraph that opens the list
    parent: str | None = None  # own text of the numbered parent (lead-in line)
    section_kind: str | None = None  # "evaluation", "objectives" or None


@dataclass
class _Candidate:
    ref: str
    text: str  # "\n" marks clause breaks after headings
    span: tuple[int, int]
    context: _Context
    row: TableRow | None = None
    section: bool = False  # a whole section with no numbered items


class _Reader:
    """Turns the outline of a notice into directives with owners and deadlines."""

    def __init__(
        self,
        header: Header,
        lines: list[Line],
        calendar: WorkCalendar,
        resolver: OwnerResolver | None,
    ) -> None:
        self.header = header
        self.lines = lines
        self.calendar = calendar
        self.resolver = resolver
        self.warnings: list[ReaderWarning] = []
        # Owners the registry does not know, in item order, after every other warning
        # (as :func:`domain.resolve.resolve_owners` lists them).
        self.unresolved: list[ReaderWarning] = []
        self._dash_counts: dict[str, int] = {}

    def read(self) -> list[ParsedDirective]:
        body = self.lines[self.header.body_start : self.header.body_end]
        running = self._running()
        root = read_outline(body, running=running)
        candidates: list[_Candidate] = []
        prefixed = _prefixed_styles(root)
        self._walk(root, [], _Context(), candidates, prefixed)
        if self.header.appendix_start is not None:
            candidates.extend(self._appendix())
        # Table rows are collected apart from the items; put everything in text order.
        candidates.sort(key=lambda c: c.span[0])
        return self._directives(candidates)

    def _running(self) -> frozenset[str]:
        marks = set()
        if self.header.number:
            marks.add(fold(self.header.number).lower())
        for line in self.lines[: self.header.body_start]:
            for _col, piece in line.segments():
                if len(piece) > 6:
                    marks.add(fold(piece).lower())
        return frozenset(marks)

    # -- the tree ---------------------------------------------------------------

    def _walk(
        self,
        node: Node,
        prefix: list[str],
        ctx: _Context,
        out: list[_Candidate],
        prefixed: frozenset[str],
    ) -> None:
        own = node.own_text()
        if (
            node.style == "root"
            or node.style in SECTION_STYLES
            or node.style == "heading"
        ):
            ctx = self._section_context(node, ctx, own)
            if node.style in prefixed:
                prefix = [*prefix, node.label]
            items = [c for c in node.children if c.style in ITEM_STYLES]
            dashes = [c for c in node.children if is_dash(c.style)]
            sections = [
                c
                for c in node.children
                if c.style not in ITEM_STYLES and not is_dash(c.style)
            ]
            if not node.children and not node.table_rows:
                if node.style in SECTION_STYLES:
                    out.append(self._candidate(prefix, node, ctx, own))
                elif node.style == "root":
                    out.extend(self._inline_items(prefix, node, ctx, own))
                return
            if not items and not dashes and not sections and node.style != "heading":
                out.extend(self._inline_items(prefix, node, ctx, own))
            for row in node.table_rows:
                out.append(self._row_candidate(prefix, row, ctx))
            lead_in_before = _lead_ins(node)
            for child in node.children:
                child_ctx = replace(ctx, lead_in=lead_in_before(child))
                if is_dash(child.style):
                    key = ".".join(prefix)
                    self._dash_counts[key] = self._dash_counts.get(key, 0) + 1
                    ref = ".".join([*prefix, f"-{self._dash_counts[key]}"])
                    out.append(self._leaf(ref, child, child_ctx))
                else:
                    self._walk(child, prefix, child_ctx, out, prefixed)
            return
        # A numbered item.
        label_prefix = list(prefix)
        if (
            node.style == "decimal"
            and node.parent is not None
            and node.parent.style
            in (
                "arabic",
                "arabic)",
            )
        ):
            label_prefix = label_prefix[:-1]
        path = [*label_prefix, node.label]
        items = [c for c in node.children if c.style in ITEM_STYLES]
        if not items:
            out.append(self._leaf(".".join(path), node, ctx))
            return
        child_ctx = _Context(ctx.heading, ctx.lead_in, own, ctx.section_kind)
        for child in node.children:
            if child.style in ITEM_STYLES:
                self._walk(child, path, child_ctx, out, prefixed)

    def _section_context(self, node: Node, ctx: _Context, own: str) -> _Context:
        if node.style == "root":
            return _Context()
        heading = node.rest or own
        kind = ctx.section_kind
        # "Điều 2. Văn phòng … có trách nhiệm theo dõi, tổng hợp kết quả, báo cáo …":
        # a long sentence after the marker is the section's content, not its title.
        sentence = len(heading) > 80 and heading.rstrip().endswith((".", "./."))
        if heading and not sentence:
            # "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025" reviews the tasks of the past year:
            # the tasks it names are what is reviewed, not what is handed out.
            folded = _REVIEWED_TASKS.sub("kết quả", fold(heading))
            if _TASK_SECTION.search(folded):
                kind = None
            elif _EVAL_SECTION.search(folded):
                kind = "evaluation"
            elif _OBJECTIVE_SECTION.search(folded):
                kind = "objectives"
        return _Context(heading=heading, section_kind=kind)

    def _leaf(self, ref: str, node: Node, ctx: _Context) -> _Candidate:
        parts = [node.own_text()]
        for child in node.children:
            parts.append(_subtree_text(child))
        text = "\n".join(p for p in parts if p)
        lines = [ln for ln in node.walk_lines() if not ln.blank]
        span = (lines[0].lead, lines[-1].tail) if lines else (0, 0)
        return _Candidate(ref, text, span, ctx)

    def _candidate(
        self, prefix: list[str], node: Node, ctx: _Context, own: str
    ) -> _Candidate:
        """A section with no numbered items: the section itself may be the directive."""
        lines = [ln for ln in node.lines if not ln.blank]
        span = (lines[0].lead, lines[-1].tail) if lines else (0, 0)
        return _Candidate(
            ".".join(prefix) or node.label,
            own,
            span,
            _Context(section_kind=ctx.section_kind, lead_in=ctx.lead_in),
            section=True,
        )

    def _inline_items(
        self, prefix: list[str], node: Node, ctx: _Context, own: str
    ) -> list[_Candidate]:
        """Items numbered inline, "(1) … (2) …", inside one paragraph."""
        lines = node.lines if node.style == "root" else node.lines[1:]
        out: list[_Candidate] = []
        for para in _paragraphs(lines):
            text = join_contents(para)
            marks = []
            expected = 1
            for match in _INLINE_PAREN.finditer(text):
                if int(match.group(1)) == expected:
                    marks.append(match)
                    expected += 1
            if len(marks) < 2:
                continue
            lead_in = text[: marks[0].start()].strip() or _lead_in_before(node, None)
            item_ctx = _Context(ctx.heading, lead_in, None, ctx.section_kind)
            raw_pos = para[0].start
            ends = [ln.start + len(ln.raw) for ln in para]
            for k, match in enumerate(marks):
                end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
                piece = text[match.end() : end].strip(" ;,.\n")
                start = _locate(para, ends, match.group().strip(), raw_pos)
                raw_pos = start + 1
                if k + 1 < len(marks):
                    stop = _locate(para, ends, marks[k + 1].group().strip(), raw_pos)
                else:
                    stop = para[-1].tail
                ref = ".".join([*prefix, match.group(1)])
                out.append(_Candidate(ref, piece, (start, max(start, stop)), item_ctx))
        return out

    def _row_candidate(
        self, prefix: list[str], row: TableRow, ctx: _Context
    ) -> _Candidate:
        ref = ".".join([*prefix, row.number])
        return _Candidate(ref, row.content, (row.first.lead, row.last.tail), ctx, row)

    def _appendix(self) -> list[_Candidate]:
        start = self.header.appendix_start or 0
        lines = self.lines[start:]
        out: list[_Candidate] = []
        i = 0
        while i < len(lines):
            if is_table_header(lines[i]):
                rows, i = read_table(lines, i)
                out.extend(self._row_candidate([], row, _Context()) for row in rows)
            else:
                i += 1
        return out

    # -- directives --------------------------------------------------------------

    def _directives(self, candidates: list[_Candidate]) -> list[ParsedDirective]:
        out: list[ParsedDirective] = []
        previous: list[OwnerMention] = []
        previous_ref = ""
        previous_text = ""
        seen: set[str] = set()
        for cand in candidates:
            text = cand.text.replace("\n", " ")
            explicit = self._owners(cand)
            found = self._find_deadlines(cand, text)
            dated = any(f.mention.due is not None for f in found)
            veto = self._actionable(cand, explicit, dated=dated)
            if veto is not None:
                self.warnings.append(not_a_directive(cand.ref, text, veto))
                continue
            if cand.ref in seen:
                self.warnings.append(same_number(cand.ref, text))
                cand.ref += "'"
            seen.add(cand.ref)
            owners = explicit
            if not any(o.role == "lead" for o in owners):
                inherited, source = self._implied(cand, previous)
                if inherited and source is not None:
                    owners = [*inherited, *owners]
                    self.warnings.append(
                        owner_implied(
                            cand.ref,
                            text,
                            source,
                            other_ref=previous_ref,
                            other_item=previous_text,
                        )
                    )
                elif not owners:
                    self.warnings.append(no_owner(cand.ref, text))
            owners = self._resolve(cand.ref, text, owners)
            deadlines = self._deadlines(cand, found)
            recurrence = find_recurrence(
                text + (" " + cand.row.time if cand.row else "")
            )
            out.append(
                ParsedDirective(
                    ref=cand.ref,
                    text=collapse(text),
                    span=cand.span,
                    owners=tuple(owners),
                    deadlines=tuple(deadlines),
                    recurrence=recurrence,
                )
            )
            leads = [o for o in owners if o.role == "lead"]
            if leads:
                previous = leads
                previous_ref = cand.ref
                previous_text = text
        return out

    def _owners(self, cand: _Candidate) -> list[OwnerMention]:
        """The owners named in the item or its own lead-in line, and where from."""
        if cand.row is not None:
            leads = [OwnerMention(t, "lead") for t in split_owner_cell(cand.row.leads)]
            supports = [
                OwnerMention(t, "support") for t in split_owner_cell(cand.row.supports)
            ]
            found = [OwnerMention(o.text, o.role) for o in find_owners(cand.text)]
            return _unique(
                [*leads, *supports, *(f for f in found if f.role == "support")]
            )
        named = find_owners(cand.text)
        found = [OwnerMention(o.text, o.role) for o in named]
        if not cand.context.parent:
            return found
        parent = [
            OwnerMention(o.text, o.role)
            for o in find_owners(cand.context.parent)
            if o.role == "lead"
        ]
        if parent and _LEAD_VERB_START.match(cand.text):
            # Under "Ban cán sự đảng UBND tỉnh:", "a) Lãnh đạo UBND tỉnh chỉ đạo …"
            # opens with the verb: the body after it is directed, not a new owner.
            found = [
                OwnerMention(o.text, o.role)
                for o in named
                if not (o.start == 0 or _LEAD_VERB_START.match(o.text))
            ]
            return _unique([*parent, *found])
        if (
            parent
            and _HAND_ON_START.match(cand.text)
            and all(is_non_state(o.text) for o in found if o.role == "lead")
        ):
            # Under "2. Tập đoàn Điện lực:", "b) Yêu cầu các nhà thầu bảo đảm tiến
            # độ": the body above requires it of its contractors and sees to it.
            return _unique([*parent, *(o for o in found if o.role == "support")])
        if any(o.role == "lead" for o in found):
            return found
        # "1. Phòng X chủ trì, phối hợp với Đồn Y:" over "a) Kiểm tra …": each sub-item
        # is done by the lead with the partners the item named.
        partners = [
            OwnerMention(o.text, o.role)
            for o in find_owners(cand.context.parent)
            if o.role == "support"
        ]
        return _unique([*parent, *found, *partners])

    def _implied(
        self, cand: _Candidate, previous: list[OwnerMention]
    ) -> tuple[list[OwnerMention], ImpliedFrom | None]:
        ctx = cand.context
        if ctx.heading:
            named = heading_owners(ctx.heading)
            if named:
                return _as_implied(named), ImpliedFrom.HEADING
        if ctx.lead_in:
            named = lead_in_owners(ctx.lead_in)
            # "đề nghị các đơn vị thực hiện:" under a "Kính gửi:" list points back to
            # the addressees; they are the owners, by the names written there.
            if named and not (
                self.header.addressees
                and all(_BARE_UNITS.fullmatch(o.text) for o in named)
            ):
                return _as_implied(named), ImpliedFrom.OPENING
        if self.header.addressees:
            # "gửi các sở, ngành, Bộ Chỉ huy … và UBND các xã": one owner per body.
            return _unique(
                [
                    OwnerMention(body, "lead", implied=True)
                    for a in self.header.addressees
                    for body in split_owner_cell(a)
                ]
            ), ImpliedFrom.ADDRESSEES
        if previous and not _EACH_START.match(cand.text):
            # "Mỗi xã, phường xây dựng …" speaks to each one of a set: the body of
            # the item before is not its subject.
            return [
                OwnerMention(o.text, "lead", implied=True) for o in previous
            ], ImpliedFrom.ITEM
        return [], None

    def _actionable(
        self, cand: _Candidate, owners: list[OwnerMention], *, dated: bool
    ) -> Veto | None:
        """The veto that keeps an item from being a directive, or None when it is one."""
        text = fold(cand.text)
        if not text.strip():
            return Veto.EMPTY
        if cand.row is not None:
            return None if cand.row.leads else Veto.ROW_WITHOUT_LEAD
        ctx = cand.context
        if ctx.section_kind == "evaluation":
            return Veto.EVALUATION_SECTION
        leads = any(o.role == "lead" for o in owners)
        # A whole section that names nobody (a timetable) or only points to the task
        # table of an appendix is not a directive of its own.
        # "III. TỔ CHỨC THỰC HIỆN — Các cơ quan, đơn vị … triển khai thực hiện Kế hoạch
        # này": bodies named by kind alone, told to carry out the whole document.
        named = leads and not all(
            _BARE_UNITS.fullmatch(o.text) for o in owners if o.role == "lead"
        )
        if cand.section and (not leads or (not named and not dated)):
            return Veto.SECTION_WITHOUT_OWNER
        if _POINTER.search(text) and (cand.section or (not leads and not dated)):
            # "Các nhiệm vụ cụ thể … thực hiện theo Phụ lục kèm theo": the rows of the
            # appendix are the directives; the item that points to them names none.
            return Veto.POINTER_TO_APPENDIX
        assign = dated or bool(_ASSIGN_CUE.search(text))
        first_clause = re.split(r"[.;:\n]", text, maxsplit=1)[0]
        if _IN_FORCE.search(text) and not assign:
            return Veto.ENTRY_INTO_FORCE
        if (
            _ACCOUNTABLE.search(text)
            and not _ACCOUNTABLE_ACTS.search(text)
            and not any(starts_with_predicate(clause) for clause in text.split(";")[1:])
        ):
            return Veto.ACCOUNTABILITY_ONLY
        # A year or a past date in a report ("năm 2024 xã đã vận động …") does not make
        # an evaluation a task; a dated instruction ("trước ngày …") does.
        told = bool(_ASSIGN_CUE.search(text) or _HARD_DEADLINE.search(text))
        if _EVAL_START.match(first_clause) and not (assign and told):
            return Veto.EVALUATION
        if _EVAL_TOPIC.match(first_clause) and not leads and not told:
            return Veto.REVIEW_TOPIC
        if _PRAISE.search(text) and not told:
            # "… biểu dương tinh thần …", "… ghi nhận và sẽ xem xét …": the speaker
            # praises or takes note; nobody is handed work.
            return Veto.PRAISE
        if _APPROVAL_START.match(text) and not assign and not leads:
            return Veto.APPROVAL
        if ctx.section_kind == "objectives" and not leads:
            return Veto.OBJECTIVE
        if _FUNDING_START.match(first_clause) and not leads and not assign:
            # "Kinh phí thực hiện bố trí trong dự toán …": a plan's funding clause
            # says where the money comes from; nobody is handed work.
            return Veto.FUNDING
        if (
            not leads
            and not dated
            and _PRINCIPLE.match(first_clause)
            and not starts_with_predicate(first_clause)
        ):
            # "Việc sắp xếp phải bảo đảm nguyên tắc …": how a thing must be done,
            # told to nobody.
            return Veto.OBJECTIVE
        if ctx.lead_in and _evaluative(ctx.lead_in) and not assign:
            return Veto.RESULTS_LIST
        # "Công tác tuyên truyền được triển khai sớm": a result, not an instruction;
        # "Tiếp tục thực hiện các nhiệm vụ đã đề ra" opens with its verb.
        opens_with_verb = starts_with_predicate(first_clause) or _topic_then_verb(text)
        if (
            not leads
            and not assign
            and not opens_with_verb
            and _EVAL_FACTS.search(text)
        ):
            # "Tỷ lệ hộ nghèo giảm còn 6,2%, …; tuy vậy … chưa bền vững": an assessment.
            return Veto.ASSESSMENT
        past = bool(_PAST.search(first_clause)) and not opens_with_verb
        if not leads and past and not assign:
            return Veto.PAST_RESULT
        return None

    def _resolve(
        self, ref: str, text: str, owners: list[OwnerMention]
    ) -> list[OwnerMention]:
        if self.resolver is None:
            return owners
        out = []
        for owner in owners:
            code = self.resolver.resolve(owner.text)
            if code is None:
                self.unresolved.append(unknown_owner(ref, text, owner.text))
            out.append(OwnerMention(owner.text, owner.role, owner.implied, code))
        return out

    def _find_deadlines(self, cand: _Candidate, text: str) -> list[FoundDeadline]:
        issued = self.header.issued_on
        found: list[FoundDeadline] = []
        if cand.row is not None and cand.row.time:
            found.extend(
                find_deadlines(
                    cand.row.time, issued_on=issued, calendar=self.calendar, cell=True
                )
            )
        for label in _TIME_LABEL.finditer(cand.text):
            # "- Thời gian hoàn thành: Tháng 11/2025": a date cell on a labelled line.
            found.extend(
                find_deadlines(
                    label.group("cell"),
                    issued_on=issued,
                    calendar=self.calendar,
                    cell=True,
                )
            )
        found.extend(find_deadlines(text, issued_on=issued, calendar=self.calendar))
        return found

    def _deadlines(
        self, cand: _Candidate, found: list[FoundDeadline]
    ) -> list[DeadlineMention]:
        out: list[DeadlineMention] = []
        for item in found:
            if item.note:
                self.warnings.append(
                    deadline_note(cand.ref, cand.text, item.mention.text, item.note)
                )
            elif item.mention.due is None:
                self.warnings.append(
                    undated_deadline(cand.ref, cand.text, item.mention.text)
                )
            if item.mention not in out:
                out.append(item.mention)
        return out


# "Chi thường xuyên: xây dựng dự toán …": a short topic label, then the instruction.
_TOPIC_LABEL = re.compile(r"\s*(?:[^\s.;:]+\s+){0,5}[^\s.;:]+\s*:\s*")


def _topic_then_verb(text: str) -> bool:
    label = _TOPIC_LABEL.match(text)
    return label is not None and starts_with_predicate(text[label.end() :])


def _evaluative(lead_in: str) -> bool:
    """Whether the sentence that opens a list introduces results rather than tasks."""
    last = re.split(r"(?<=[.;!?])\s+", fold(lead_in).strip())[-1]
    return bool(_EVAL_LEAD_IN.search(last)) and not _TASK_LEAD_IN.search(last)


def _prefixed_styles(root: Node) -> frozenset[str]:
    """Section styles whose labels prefix item refs: those in which numbering restarts."""
    out = {"dieu"}
    for style in ("roman", "upper"):
        sections = [n for n in _nodes(root) if n.style == style]
        firsts = [
            next((c.value for c in n.children if c.style in ITEM_STYLES), None)
            for n in sections
        ]
        values = [v for v in firsts if v is not None]
        if values and all(v == 1 for v in values):
            out.add(style)
        if sections and not values:
            out.add(style)
    return frozenset(out)


def _nodes(node: Node) -> list[Node]:
    out = [node]
    for child in node.children:
        out.extend(_nodes(child))
    return out


def _subtree_text(node: Node) -> str:
    marker = (
        node.lines[0].content.split(" ", 1)[0]
        if is_dash(node.style) and node.lines
        else ""
    )
    own = node.own_text()
    parts = [f"{marker} {own}".strip() if marker else own]
    parts.extend(_subtree_text(c) for c in node.children)
    return "\n".join(p for p in parts if p)


def _lead_in_before(node: Node, child: Node | None) -> str | None:
    """The paragraph of a block's own text right before ``child``: its list's lead-in.

    With no ``child``, the last paragraph of the block's own text.
    """
    return _lead_ins(node)(child)


def _lead_ins(node: Node) -> Callable[[Node | None], str | None]:
    """:func:`_lead_in_before` for the children of one block, each paragraph joined once."""
    lines = node.lines if node.style == "root" else node.lines[1:]
    shown = [ln for ln in lines if not ln.blank]
    # Own lines are in text order: those before a child are a prefix of them.
    indexes = [ln.index for ln in shown]
    found: dict[int, str | None] = {}

    def before(child: Node | None) -> str | None:
        end = len(shown)
        if child is not None and child.lines:
            end = bisect_left(indexes, child.lines[0].index)
        if end == 0:
            return (node.rest or None) if node.style != "root" else None
        if end not in found:
            start = end - 1
            while start > 0 and indexes[start] <= indexes[start - 1] + 1:
                start -= 1
            found[end] = join_contents(shown[start:end]) or None
        return found[end]

    return before


def _locate(lines: list[Line], ends: list[int], needle: str, after: int) -> int:
    """Where ``needle`` is first written at or after offset ``after`` in ``lines``.

    ``ends`` holds the offset just after each line, so the search starts at the line
    that holds ``after`` instead of the first one.
    """
    for k in range(bisect_left(ends, after), len(lines)):
        line = lines[k]
        base = max(after - line.start, 0)
        found = line.raw.find(needle, base)
        if found >= 0:
            return line.start + found
    return after


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Consecutive lines grouped into paragraphs (a gap in line numbers splits them)."""
    out: list[list[Line]] = []
    for line in lines:
        if line.blank:
            continue
        if out and line.index <= out[-1][-1].index + 1:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _as_implied(found: list[FoundOwner]) -> list[OwnerMention]:
    return [
        OwnerMention(o.text, "lead", implied=True) for o in found if o.role == "lead"
    ]


def _unique(owners: list[OwnerMention]) -> list[OwnerMention]:
    seen: dict[str, OwnerMention] = {}
    for owner in owners:
        key = collapse(fold(owner.text).lower())
        key = re.sub(r"^(?:các|những)\s+", "", key)
        if key and key not in seen:
            seen[key] = owner
    return list(seen.values())
