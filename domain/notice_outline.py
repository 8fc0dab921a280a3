"""The numbered structure of a notice's body: sections, items, sub-items, tables.

Every numbering style of the genre is read: "1." and "1)", "(1)" at the start of a
line or inline, ordinal words ("Một là", "Thứ nhất"), Roman sections ("II." or "II-")
in which numbering restarts, "Điều/khoản/điểm" of a decision, decimal "1.1", lettered
"a)", dash lists, and task tables. The nesting is learnt from the order in which the
styles appear (a style first met inside an item is one level deeper), so no fixed
hierarchy of styles is assumed.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from domain.notice_lines import HYPHEN_END, Line, is_page_number, join_contents
from domain.notice_text import fold

_F = re.IGNORECASE

_ROMAN_VALUES = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
    "XIII": 13,
    "XIV": 14,
    "XV": 15,
}
_WORD_VALUES = {
    "một": 1,
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class NumberingStyle:
    """One way items are numbered: how a marker line looks, its value and its label.

    A new numbering style is one entry of :data:`NUMBERING_STYLES`.

    Attributes:
        name: the style of the blocks it opens ("arabic", "roman", "dash" …); several
            entries may share a name ("Một là" and "Thứ nhất" are both "ordinal").
        pattern: matched against a whole line; group ``v`` is the number as written
            and group ``rest`` the text after the marker.
        value: the number ``v`` stands for (1 for the first item), or None when ``v``
            is no number of this style.
        label: how ``v`` appears in a ref ("II", "2.b", "1.1").
    """

    name: str
    pattern: re.Pattern[str]
    value: Callable[[str], int | None]
    label: Callable[[str], str] = str


def _letter_value(raw: str) -> int | None:
    return _LETTERS.index(raw.lower()) + 1


def _word_value(raw: str) -> int | None:
    return _WORD_VALUES.get(raw.lower())


NUMBERING_STYLES: tuple[NumberingStyle, ...] = (
    NumberingStyle(
        "dieu",
        re.compile(r"Điều\s+(?P<v>\d{1,3})\s*[.:]?\s*(?P<rest>.*)", _F),
        int,
    ),
    NumberingStyle(
        "roman",
        re.compile(r"(?P<v>X{0,1}(?:IX|IV|V?I{1,3}|V|X))\s*[.\-–—):]\s*(?P<rest>.*)"),
        _ROMAN_VALUES.get,
    ),
    NumberingStyle(
        "decimal",
        re.compile(r"(?P<v>\d{1,3}(?:\.\d{1,3}){1,2})\.?(?:\s+|\)\s*)(?P<rest>\S.*)"),
        lambda raw: int(raw.split(".")[-1]),
    ),
    NumberingStyle(
        "arabic",
        re.compile(
            r"(?P<v>\d{1,4})\s*(?:\.(?=\s|$)|/(?=\s)|[-–](?=\s))\s*(?P<rest>.*)"
        ),
        int,
    ),
    NumberingStyle("arabic)", re.compile(r"(?P<v>\d{1,3})\s*\)\s*(?P<rest>.*)"), int),
    NumberingStyle("paren", re.compile(r"\((?P<v>\d{1,3})\)\s*(?P<rest>.*)"), int),
    NumberingStyle(
        "ordinal",
        re.compile(
            r"(?P<v>Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:.]?\s*(?P<rest>.*)",
            _F,
        ),
        _word_value,
        lambda raw: str(_word_value(raw)),
    ),
    NumberingStyle(
        "ordinal",
        re.compile(
            r"Thứ\s+(?P<v>nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:.]\s*(?P<rest>.*)",
            _F,
        ),
        _word_value,
        lambda raw: str(_word_value(raw)),
    ),
    NumberingStyle(
        "letter",
        re.compile(r"(?P<v>[a-zđ])\s*(?:[).]|/(?=\s))\s+(?P<rest>\S.*)"),
        _letter_value,
        str.lower,
    ),
    NumberingStyle(
        "upper",
        re.compile(r"(?P<v>[A-Z])\s*[.)]\s+(?P<rest>[A-ZĐÀ-Ỹ][^a-zà-ỹđ]*)"),
        lambda raw: ord(raw) - ord("A") + 1,
    ),
    # Each bullet glyph is its own level ("dash-", "dash+", "dash•"): "+" under "-" nests.
    NumberingStyle(
        "dash",
        re.compile(r"(?P<v>[-–—•+●○▪])\s*(?P<rest>[^\s\-–—_=*].*)"),
        lambda raw: 0,
        lambda raw: "",
    ),
)
SECTION_STYLES = frozenset({"dieu", "roman", "upper"})
_DASH_CLASS = {"–": "-", "—": "-", "●": "•", "▪": "•", "○": "•"}


def is_dash(style: str) -> bool:
    """Whether a numbering style is a bullet list (any glyph).

    Args:
        style: the style of a :class:`Node`.

    Returns:
        True for "-", "+", "•" … lists.
    """
    return style.startswith("dash")


ITEM_STYLES = frozenset({"arabic", "arabic)", "decimal", "paren", "ordinal", "letter"})

_JOINING_END_RE = re.compile(r"\s(?:và|của|với|hoặc|cùng|các|những|cho|tại)$", _F)
_TOPIC_RE = re.compile(r"(?:Về|Đối\s+với|Riêng)\s", re.IGNORECASE)
# "Công điện giao Văn phòng Chính phủ theo dõi …" after the list: the document hands
# out its follow-up in its own name, closing the list rather than adding to its last item.
_CLOSING_RE = re.compile(
    r"thông\s+báo\s+(?:để|ý\s+kiến|kết\s+luận|nội\s+dung)|\./\.\s*$|^Trên\s+đây"
    r"|^Nhận\s+được|^(?:Chỉ\s+thị|Quyết\s+định|Thông\s+báo|Kết\s+luận|Công\s+văn|Kế\s+hoạch"
    r"|Công\s+điện)(?:\s+này|\s+giao\b)|^Thừa\s+lệnh|^Thừa\s+ủy\s+quyền|^(?:T/L|T/M|TL\.|TM\.)\s",
    _F,
)
_LEAD_IN_RE = re.compile(
    r"(?:như\s+sau|sau\s+đây|(?:yêu\s+cầu|đề\s+nghị|kết\s+luận|chỉ\s+thị|giao|nhiệm\s+vụ"
    r"|nội\s+dung|thống\s+nhất|đánh\s+giá)[^:]{0,300})\s*:\s*$",
    _F,
)


@dataclass
class Node:
    """A numbered (or headed) block of the body and what nests in it."""

    style: str
    label: str
    value: int
    lines: list[Line] = field(default_factory=list)
    rest: str = ""  # the text after the marker on the first line
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None
    table_rows: list["TableRow"] = field(default_factory=list)

    def own_text(self) -> str:
        """The block's own text (marker removed), children excluded."""
        if not self.lines:
            return ""
        if self.style == "root":
            return join_contents(self.lines)
        body = join_contents(self.lines[1:]) if len(self.lines) > 1 else ""
        if not self.rest:
            return body
        if not body:
            return self.rest
        if HYPHEN_END.search(self.rest) and body[:1].islower():
            return self.rest[:-1] + body
        first = self.lines[0]
        heading = first.bold or self.style in SECTION_STYLES or self.style == "heading"
        # "1. Về giải ngân vốn" over its paragraph: a short topic line, not a wrap.
        # A first line as long as the lines after it is a wrapped sentence.
        wrapped = len(first.content) >= 60 and len(first.content) >= 0.85 * max(
            len(ln.content) for ln in self.lines[1:]
        )
        topic = (
            not wrapped
            and not self.rest.endswith((",", "-"))
            # "2. Chi cục Chăn nuôi, Thú y và" / "Thủy sản cấp phát …": a line that
            # stops on a joining word is a wrapped sentence, not a topic line.
            and not _JOINING_END_RE.search(self.rest)
            and (
                (bool(_TOPIC_RE.match(self.rest)) and len(self.rest) < 100)
                or (len(first.content) < 60 and body[:1].isupper())
            )
        )
        sep = "\n" if heading or topic or self.rest.endswith((":", ";", ".")) else " "
        return self.rest + sep + body

    def walk_lines(self) -> Iterator[Line]:
        """Every line of the block and its descendants, in order."""
        yield from self.lines
        for child in self.children:
            yield from child.walk_lines()


@dataclass(frozen=True)
class TableRow:
    """A row of a task table: number, cells and the lines it spans."""

    number: str
    group: str | None
    content: str
    leads: str
    supports: str
    time: str
    first: Line
    last: Line


@dataclass(frozen=True)
class _Marker:
    style: str
    label: str
    value: int
    rest: str


def read_outline(lines: list[Line], *, running: frozenset[str]) -> Node:
    """The tree of numbered blocks of the body.

    Args:
        lines: the body lines, in order.
        running: folded, lower-cased texts that mark a running header line: the
            notice number (found inside the line) or a header line (the whole line).

    Returns:
        The root node; its own lines are the paragraphs before the first item.
    """
    root = Node("root", "", 0)
    stack = [root]
    latest: dict[str, Node] = {}  # the last block of each style met so far
    # Tables flattened to one cell per line are read first: their lone row numbers
    # would otherwise pass for page numbers. Their header line stands for them.
    stacked: dict[int, list[TableRow]] = {}
    inside: set[int] = set()
    k = 0
    while k < len(lines):
        size = stacked_header_size(lines, k)
        if not size:
            k += 1
            continue
        rows, end = read_stacked_table(lines, k, size)
        stacked[id(lines[k])] = rows
        inside.update(range(k + 1, end))
        k = end
    visible = [
        ln
        for k, ln in enumerate(lines)
        if k not in inside and (id(ln) in stacked or not _noise(ln, running))
    ]
    markers = [_marker(ln) for ln in visible]
    # The first line at or after each index that is blank or numbered: where a
    # paragraph starting there (on its second line) stops.
    stops = [len(visible)] * (len(visible) + 1)
    for k in range(len(visible) - 1, -1, -1):
        blank_or_marked = visible[k].blank or markers[k] is not None
        stops[k] = k if blank_or_marked else stops[k + 1]
    paragraph_start = True
    i = 0
    while i < len(visible):
        line = visible[i]
        if line.blank:
            paragraph_start = True
            i += 1
            continue
        if is_table_header(line):
            rows, i = read_table(visible, i)
            host = _table_host(stack)
            host.table_rows.extend(rows)
            paragraph_start = True
            continue
        if id(line) in stacked:
            _table_host(stack).table_rows.extend(stacked[id(line)])
            paragraph_start = True
            i += 1
            continue
        marker = markers[i]
        if marker is not None and _place(stack, marker, line, latest):
            paragraph_start = False
            i += 1
            continue
        para = _paragraph(visible, i, stops[i + 1])
        starts = paragraph_start or _sentence_ended(visible, i)
        if root.children and starts and _is_closing(para):
            break
        if paragraph_start and len(stack) > 1:
            top = stack[-1]
            if _is_lead_in(para) and _marker_follows(visible, i):
                # A new lead-in opens a new list in the same section.
                while len(stack) > 1 and stack[-1].style not in SECTION_STYLES:
                    stack.pop()
            elif is_dash(top.style):
                while len(stack) > 1 and is_dash(stack[-1].style):
                    stack.pop()
        if paragraph_start and _is_heading(line) and _marker_follows(visible, i):
            while len(stack) > 1 and stack[-1].style not in SECTION_STYLES:
                stack.pop()
            node = Node(
                "heading", "", 0, [line], line.content.strip(), parent=stack[-1]
            )
            stack[-1].children.append(node)
            stack.append(node)
            paragraph_start = False
            i += 1
            continue
        if (
            paragraph_start
            and len(stack) >= 2
            and _finished_item(stack[-1])
            and _ADDRESSED_RE.match(para)
            and not _item_follows(visible, i)
        ):
            # "3. … hằng quý.\n\nĐối với các Tập đoàn …: chủ động …": a paragraph
            # after a finished item that turns to other bodies is no part of it, nor
            # of the items above it, however deep the item sits.
            while len(stack) > 1 and stack[-1].style in ITEM_STYLES:
                stack.pop()
        stack[-1].lines.append(line)
        paragraph_start = False
        i += 1
    return root


# "Đối với các Tập đoàn, Tổng công ty: …": a paragraph addressed to other bodies.
_ADDRESSED_RE = re.compile(r"(?:Đối\s+với|Riêng\s+đối\s+với)\s[^.;:]{3,160}:", _F)


def _finished_item(node: Node) -> bool:
    """Whether a numbered item without sub-items ends on a finished sentence."""
    return (
        node.style in ITEM_STYLES
        and not node.children
        and bool(node.lines)
        and node.lines[-1].content.endswith((".", ";"))
    )


_RULE_LINE = re.compile(r"[-_=*~.–—\s]{3,}")


def _noise(line: Line, running: frozenset[str]) -> bool:
    if line.blank:
        return False
    if is_page_number(line) or _RULE_LINE.fullmatch(line.content):
        return True
    low = fold(line.content).lower()
    if low in running:
        return True
    # A running header repeats the document symbol ("… thông báo số 215-tb/hu");
    # a body line that only shares words with the title ("… năm 2024") is not one,
    # nor is a numbered item.
    return (
        len(low) < 120
        and _marker(line) is None
        and any(r in low for r in running if "/" in r and any(c.isdigit() for c in r))
    )


# "Ban Thường vụ yêu cầu các cấp ủy, tổ chức đảng quán triệt, thực hiện." closes the
# notice: it asks everyone to carry out what came before and hands out no task.
_CARRY_OUT_RE = re.compile(
    r"^[^.;:]{0,120}?\b(?:yêu\s+cầu|đề\s+nghị)\s+[^.;:]{0,160}?"
    r"(?:nghiêm\s+túc\s+)?(?:quán\s+triệt|triển\s+khai|tổ\s+chức)(?:\s*,\s*|\s+và\s+)"
    r"(?:triển\s+khai\s+)?thực\s+hiện(?:\s+(?:nghiêm\s+túc|tốt|có\s+hiệu\s+quả))?"
    r"(?:\s+(?:Thông\s+báo|Kết\s+luận|Chỉ\s+thị|Công\s+văn|Kế\s+hoạch)\s+này)?"
    r"\s*(?:\./\.|\.)?\s*$",
    _F,
)


def _is_closing(para: str) -> bool:
    """The closing sentence of the notice ("… thông báo để … biết, thực hiện./.")."""
    text = para.strip()
    return (
        bool(_CLOSING_RE.search(text))
        or _closing_start(para)
        or bool(_CARRY_OUT_RE.match(text))
    )


# A closing sentence or a lead-in is a short paragraph; a longer one is neither, and
# reading no further keeps the outline linear in the length of a paragraph.
_MAX_PARAGRAPH_LINES = 40


def _paragraph(lines: list[Line], i: int, stop: int) -> str:
    """The paragraph from line ``i`` (not blank) up to line ``stop`` (excluded)."""
    if stop - i > _MAX_PARAGRAPH_LINES:
        return ""
    return " ".join(line.content for line in lines[i:stop])


def _sentence_ended(lines: list[Line], i: int) -> bool:
    if i == 0:
        return True
    return lines[i - 1].content.endswith((".", "./.", ";", ":"))


def _closing_start(para: str) -> bool:
    return bool(re.match(r"(?:Thừa\s+lệnh|Thừa\s+ủy\s+quyền|Trên\s+đây)", para, _F))


def _is_lead_in(para: str) -> bool:
    return bool(_LEAD_IN_RE.search(para))


def _is_heading(line: Line) -> bool:
    content = line.content
    if len(content) > 160 or content.endswith((".", ";", ",")):
        return False
    letters = [c for c in content if c.isalpha()]
    if len(letters) < 4:
        return False
    return line.bold or all(c.isupper() for c in letters)


def _marker_follows(lines: list[Line], i: int) -> bool:
    for line in lines[i + 1 : i + 8]:
        if line.blank:
            continue
        if _marker(line) is not None or is_table_header(line):
            return True
        if line.bold or line is lines[i + 1]:
            continue
        return False
    return False


def _item_follows(lines: list[Line], i: int) -> bool:
    """Whether an item or a table comes next, rather than a section or nothing."""
    for line in lines[i + 1 : i + 8]:
        if line.blank:
            continue
        if is_table_header(line):
            return True
        marker = _marker(line)
        if marker is not None:
            return marker.style not in SECTION_STYLES
        if line.bold or line is lines[i + 1]:
            continue
        return False
    return False


def _marker(line: Line) -> _Marker | None:
    content = line.content
    for numbering in NUMBERING_STYLES:
        match = numbering.pattern.fullmatch(content)
        if match is None:
            continue
        raw = match.group("v")
        value = numbering.value(raw)
        if value is None:
            continue
        rest = match.group("rest").strip()
        style = numbering.name
        if style == "upper" and not rest:
            continue
        if style == "roman" and rest and rest[:1].islower():
            continue
        if style == "dash":
            style = "dash" + _DASH_CLASS.get(raw, raw)
        return _Marker(style, numbering.label(raw), value, rest)
    return None


def _place(
    stack: list[Node], marker: _Marker, line: Line, latest: dict[str, Node]
) -> bool:
    """Put a marker line into the tree; False when it is not a real marker."""
    style = marker.style
    if style == "decimal":
        prefix = marker.label.rsplit(".", 1)[0]
        for depth in range(len(stack) - 1, 0, -1):
            node = stack[depth]
            if node.style in ("arabic", "arabic)") and node.label == prefix:
                return _push(stack, depth, marker, line, latest)
            if node.style == "decimal" and node.label.rsplit(".", 1)[0] == prefix:
                if marker.value <= node.value:
                    return False
                return _push(stack, depth - 1, marker, line, latest)
    sibling_depth = next(
        (d for d in range(len(stack) - 1, 0, -1) if stack[d].style == style), None
    )
    if sibling_depth is not None:
        sibling = stack[sibling_depth]
        in_sequence = is_dash(style) or _follows(sibling.value, marker)
        if not in_sequence and not _is_first(marker):
            return False
        return _push(stack, sibling_depth - 1, marker, line, latest)
    if not _is_first(marker) and not _continues(latest, marker):
        return False
    depth = len(stack) - 1
    if style in SECTION_STYLES:
        while (
            depth > 0
            and stack[depth].style not in ("heading",)
            and not (
                stack[depth].style in SECTION_STYLES and stack[depth].style != style
            )
        ):
            depth -= 1
    return _push(stack, depth, marker, line, latest)


def _continues(latest: dict[str, Node], marker: _Marker) -> bool:
    """Whether the marker goes on with a list of an earlier section ("II." then "3.")."""
    last = latest.get(marker.style)
    if last is None or not _follows(last.value, marker):
        return False
    # Only when the earlier list sat directly in a section (or in the body before
    # any section: "1. … 2. …", a new lead-in, then "3. …"), as this one will.
    return last.parent is not None and last.parent.style in SECTION_STYLES | {
        "heading",
        "root",
    }


def _follows(previous: int, marker: _Marker) -> bool:
    step = marker.value - previous
    if marker.style == "letter":
        return 1 <= step <= 2
    return 1 <= step <= 3


def _is_first(marker: _Marker) -> bool:
    if is_dash(marker.style) or marker.style == "dieu":
        return True
    return marker.value == 1


def _push(
    stack: list[Node],
    parent_depth: int,
    marker: _Marker,
    line: Line,
    latest: dict[str, Node],
) -> bool:
    del stack[parent_depth + 1 :]
    parent = stack[parent_depth]
    node = Node(
        marker.style, marker.label, marker.value, [line], marker.rest, parent=parent
    )
    parent.children.append(node)
    stack.append(node)
    latest[node.style] = node
    return True


def _table_host(stack: list[Node]) -> Node:
    for node in reversed(stack):
        if node.style in SECTION_STYLES or node.style == "root":
            return node
    return stack[0]


# --- task tables -------------------------------------------------------------------

_NUMBER_CELL = re.compile(r"\d{1,4}(?:\.\d{1,3})*\.?")
_GROUP_CELL = re.compile(r"(?:[A-Z]|[IVX]{1,5})\.?")
_HEAD_NUMBER = re.compile(r"(?:s[ốô]?\s*)?tt|số\s+thứ\s+tự", _F)
_ASSIGNEE = re.compile(
    r"chủ\s+trì|thực\s+hiện|phụ\s+trách|trách\s+nhiệm|đơn\s+vị|cơ\s+quan", _F
)


@dataclass
class _Columns:
    starts: list[int]
    labels: list[str]
    delimited: bool
    # "STT | Nội dung | …" without a border: a line opening with "|" has an empty
    # first cell, and a row may wrap inside a cell onto a line of its own.
    open_edges: bool = False

    def role(self, i: int) -> str:
        label = fold(self.labels[i]).lower() if i < len(self.labels) else ""
        if i == 0 or _HEAD_NUMBER.fullmatch(label.strip(" .")):
            return "number" if i == 0 else "other"
        if "phối hợp" in label:
            return "support"
        if re.search(r"thời\s+(?:gian|hạn)|tiến\s+độ|hoàn\s+thành|thời\s+điểm", label):
            return "time"
        if re.search(
            r"chủ\s+trì|thực\s+hiện|phụ\s+trách|trách\s+nhiệm|đơn\s+vị|cơ\s+quan", label
        ):
            return "lead"
        if re.search(r"nội\s+dung|nhiệm\s+vụ|công\s+việc|tên", label):
            return "content"
        return "other"


def is_table_header(line: Line) -> bool:
    """Whether the line heads a task table (STT | Nội dung | Đơn vị chủ trì | …).

    Args:
        line: a line of the notice.

    Returns:
        True when the first cell is a row-number column and another names assignees.
    """
    cells = _cells(line)
    if len(cells) < 3:
        return False
    first = fold(cells[0][1]).lower().strip(" .")
    if not _HEAD_NUMBER.fullmatch(first):
        return False
    return any(_ASSIGNEE.search(fold(c)) for _, c in cells[1:])


def _cells(line: Line) -> list[tuple[int, str]]:
    raw = line.raw.replace("*", " ")
    if "|" in raw:
        parts = raw.split("|")
        if parts and not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        return [(i, p.strip()) for i, p in enumerate(parts)]
    return line.segments()


def read_table(lines: list[Line], i: int) -> tuple[list[TableRow], int]:
    """Read the task table whose header is ``lines[i]``.

    Columns are told apart by "|" or tabs, or by the positions of the header's cells
    when the export aligned them with spaces; a cell wrapped onto the next line is
    joined to its row.

    Args:
        lines: the lines the table is among.
        i: the index of its header line.

    Returns:
        The rows that have a number, and the index of the first line after the table.
    """
    header = lines[i]
    delimited = "|" in header.raw or "\t" in header.raw
    head_cells = _cells(header)
    columns = _Columns(
        [c for c, _ in head_cells] if not delimited else list(range(len(head_cells))),
        [t for _, t in head_cells],
        delimited,
        open_edges="|" in header.raw and not header.raw.lstrip().startswith("|"),
    )
    rows: list[dict[str, list[str]]] = []
    row_lines: list[tuple[Line, Line]] = []
    numbers: list[str] = []
    groups: list[str | None] = []
    group: str | None = None
    # The column of the last row's cell that its line left open ("2 | Số hóa hồ sơ"
    # going on with "  còn hiệu lực | Trung tâm … | …"), or None when the row is whole.
    open_at: int | None = None
    j = i + 1
    blank_run = 0
    while j < len(lines):
        line = lines[j]
        if line.blank:
            blank_run += 1
            if blank_run >= 2 or not _table_continues(lines, j, columns):
                break
            j += 1
            continue
        blank_run = 0
        if not _fits(line, columns):
            break
        parts = _open_parts(line) if columns.open_edges else []
        if open_at is not None and parts and not _ROW_START.fullmatch(parts[0].strip()):
            # The row's line broke inside a cell: this line's first piece goes on with
            # that cell and the pieces after it fill the next columns.
            for k, text in enumerate(parts):
                if text.strip():
                    rows[-1].setdefault(columns.role(open_at + k), []).append(
                        text.strip()
                    )
            open_at = _still_open(open_at + len(parts) - 1, columns)
            row_lines[-1] = (row_lines[-1][0], line)
            j += 1
            continue
        cells = _assign(line, columns)
        if all(re.fullmatch(r"[-:=+\s]*", c) for c in _all(cells)):
            j += 1
            continue
        number = " ".join(cells.get("number", [])).strip()
        open_at = None
        if number and _NUMBER_CELL.fullmatch(number):
            rows.append({k: list(v) for k, v in cells.items()})
            row_lines.append((line, line))
            numbers.append(number.rstrip("."))
            groups.append(group)
            if parts:
                open_at = _still_open(len(parts) - 1, columns)
        elif number and _GROUP_CELL.fullmatch(number):
            group = number.rstrip(".")
        elif rows:
            for key, values in cells.items():
                rows[-1].setdefault(key, []).extend(values)
            row_lines[-1] = (row_lines[-1][0], line)
        else:
            _extend_labels(columns, line)
        j += 1
    out = [
        TableRow(
            number=numbers[k],
            group=groups[k],
            content=" ".join(row.get("content", [])).strip(),
            leads=_join_cell(row.get("lead", [])),
            supports=_join_cell(row.get("support", [])),
            time=" ".join(row.get("time", [])).strip(),
            first=row_lines[k][0],
            last=row_lines[k][1],
        )
        for k, row in enumerate(rows)
    ]
    return out, j


_ROW_START = re.compile(rf"{_NUMBER_CELL.pattern}|{_GROUP_CELL.pattern}")


def _open_parts(line: Line) -> list[str]:
    """The pieces of a line of a table without a border, an empty first one kept."""
    return line.raw.replace("*", " ").split("|")


def _still_open(last: int, columns: _Columns) -> int | None:
    return last if last < len(columns.labels) - 1 else None


def _join_cell(pieces: list[str]) -> str:
    """A cell's lines as one text: a wrapped line goes on with a space, a new bullet
    (a line starting with a dash) on a new line."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if not out:
            out = piece
        elif piece[:1] in "-–+•" or out.endswith(";"):
            out += "\n" + piece
        else:
            out += " " + piece
    return out


def _all(cells: dict[str, list[str]]) -> list[str]:
    return [c for values in cells.values() for c in values]


def _table_continues(lines: list[Line], j: int, columns: _Columns) -> bool:
    for line in lines[j + 1 : j + 3]:
        if line.blank:
            continue
        return _fits(line, columns) and len(_cells(line)) >= 2
    return False


def _fits(line: Line, columns: _Columns) -> bool:
    if columns.delimited:
        return "|" in line.raw or "\t" in line.raw
    cells = line.segments()
    if not cells:
        return False
    if _marker(line) is not None and line.segments()[0][0] == 0 and len(cells) == 1:
        return False
    # A paragraph line runs across the columns from the left margin.
    return not (
        len(cells) == 1 and cells[0][0] <= columns.starts[0] and len(cells[0][1]) > 70
    )


def _assign(line: Line, columns: _Columns) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if columns.delimited:
        if columns.open_edges and "|" in line.raw:
            pieces = list(enumerate(_open_parts(line)))
        elif "|" in line.raw:
            pieces = _cells(line)
        else:
            pieces = list(enumerate(line.raw.split("\t")))
        for index, text in pieces:
            if text.strip():
                out.setdefault(columns.role(index), []).append(text.strip())
        return out
    for col, text in line.segments():
        index = 0
        for k, start in enumerate(columns.starts):
            if start <= col + 2:
                index = k
        out.setdefault(columns.role(index), []).append(text)
    return out


def _extend_labels(columns: _Columns, line: Line) -> None:
    if columns.delimited:
        for index, text in _cells(line):
            if index < len(columns.labels):
                columns.labels[index] += " " + text
        return
    for col, text in line.segments():
        index = 0
        for k, start in enumerate(columns.starts):
            if start <= col + 2:
                index = k
        columns.labels[index] += " " + text


# --- tables flattened to one cell per line -------------------------------------------

_STACKED_CELL_MAX = 80  # a label or a row number
_STACKED_ROW_CELL_MAX = 600  # a row's cell
_STACKED_MAX_COLUMNS = 6


def _lone_cell(line: Line, limit: int = _STACKED_CELL_MAX) -> str | None:
    """The line's text when it is one cell alone, no longer than ``limit``, else None."""
    if line.blank or len(line.segments()) != 1:
        return None
    text = line.content.strip()
    return text if len(text) <= limit else None


def stacked_header_size(lines: list[Line], i: int) -> int:
    """How many lines head a table flattened to one cell per line, or 0.

    "TT" alone on a line, then each column's label on a line of its own (one of
    them naming who carries the task out), then "1" alone: the first row.

    Args:
        lines: the lines the table is among.
        i: the index of the line that may hold the row-number label.

    Returns:
        The number of header lines (the row-number label included), or 0.
    """
    first = _lone_cell(lines[i])
    if first is None or not _HEAD_NUMBER.fullmatch(fold(first).lower().strip(" .")):
        return 0
    assignee = False
    for k in range(i + 1, min(len(lines), i + 1 + _STACKED_MAX_COLUMNS)):
        cell = _lone_cell(lines[k])
        if cell is None:
            return 0
        if cell.rstrip(".") == "1":
            return k - i if assignee and k - i >= 3 else 0
        if _NUMBER_CELL.fullmatch(cell):
            return 0
        assignee = assignee or bool(_ASSIGNEE.search(fold(cell)))
    return 0


def read_stacked_table(
    lines: list[Line], i: int, size: int
) -> tuple[list[TableRow], int]:
    """Read a table flattened to one cell per line whose header is ``lines[i:i+size]``.

    Each row is its number alone on a line, then one line per column. A column that
    names both the assignees and the time ("Đơn vị thực hiện, thời gian") is read
    with the row's content, where its labels ("Chủ trì: …", "Thời gian: …") are found.

    Args:
        lines: the lines the table is among.
        i: the index of its first header line.
        size: the number of header lines, from :func:`stacked_header_size`.

    Returns:
        The rows, and the index of the first line after the table.
    """
    labels = [ln.content.strip() for ln in lines[i : i + size]]
    columns = _Columns(list(range(size)), labels, delimited=True)
    roles = [columns.role(k) for k in range(size)]
    for k, label in enumerate(labels):
        if k and roles[k] == "time" and _ASSIGNEE.search(fold(label)):
            roles[k] = "mixed"
    out: list[TableRow] = []
    j = i + size
    expected = 1
    while j + size <= len(lines):
        number = _lone_cell(lines[j])
        if number is None or number.rstrip(".") != str(expected):
            break
        cells = [
            _lone_cell(ln, _STACKED_ROW_CELL_MAX) for ln in lines[j + 1 : j + size]
        ]
        if any(c is None for c in cells):
            break
        row: dict[str, list[str]] = {}
        for k, cell in enumerate(cells, start=1):
            if roles[k] == "mixed":
                for role, text in _labelled_parts(cell or ""):
                    row.setdefault(role, []).append(text)
            else:
                row.setdefault(roles[k], []).append(cell or "")
        out.append(
            TableRow(
                number=str(expected),
                group=None,
                content=" ".join(row.get("content", [])).strip(),
                leads=_join_cell(row.get("lead", [])),
                supports=_join_cell(row.get("support", [])),
                time=" ".join(row.get("time", [])).strip(),
                first=lines[j],
                last=lines[j + size - 1],
            )
        )
        expected += 1
        j += size
    return out, j


_PART_LABEL = re.compile(
    r"(?:^|(?<=[.;,]))\s*(?:(?P<lead>chủ\s+trì)|(?P<support>phối\s+hợp)"
    r"|(?P<time>thời\s+(?:gian|hạn)))\s*:\s*",
    _F,
)


def _labelled_parts(cell: str) -> list[tuple[str, str]]:
    """ "Chủ trì: X; phối hợp: Y. Thời gian: Z" as (role, text) pairs; a cell with
    no such label names the leads."""
    labels = list(_PART_LABEL.finditer(cell))
    if not labels:
        return [("lead", cell)]
    out: list[tuple[str, str]] = []
    for k, match in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(cell)
        text = cell[match.end() : end].strip(" ;,.")
        role = match.lastgroup or "lead"
        if text:
            out.append((role, text))
    return out
