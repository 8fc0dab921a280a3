"""A notice as lines: what each line says once export noise is set aside.

PDF-to-text exports put two header columns on one line, wrap paragraphs hard, mark
bold with ``**``, split words with a hyphen at the end of a line and leave page numbers
and running headers between the lines of an item. A :class:`Line` keeps its offsets
in the text so that what is read can be pointed back to where it was written.
"""

import re
from dataclasses import dataclass
from functools import cached_property

_STARS = re.compile(r"\*+")
_SEGMENT_SPLIT = re.compile(r"\s{2,}|\t+|\s*\|\s*")
_PAGE_NUMBER = re.compile(
    r"(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?", re.IGNORECASE
)
HYPHEN_END = re.compile(r"[^\W\d_]-$")


@dataclass(frozen=True)
class Line:
    """One line of the notice.

    Attributes:
        index: the 0-based line number.
        start: offset of the line's first character in the text.
        raw: the line as written, without its line break.
        content: the line without ``*`` markup and surrounding spaces.
        lead: offset in the text of the first character of ``content``.
        tail: offset in the text just after the last character of ``content``.
        bold: every visible character of the line is inside ``**`` markup.
    """

    index: int
    start: int
    raw: str
    content: str
    lead: int
    tail: int
    bold: bool

    @property
    def blank(self) -> bool:
        """Whether the line shows nothing."""
        return not self.content

    @cached_property
    def _segments(self) -> tuple[tuple[int, str], ...]:
        return tuple(self._split())

    def segments(self) -> list[tuple[int, str]]:
        """Column pieces of the line: (column, text), split at runs of 2+ spaces, tabs, |."""
        return list(self._segments)

    def _split(self) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        pos = 0
        raw = self.raw.replace("*", " ")
        for match in _SEGMENT_SPLIT.finditer(raw):
            piece = raw[pos : match.start()]
            if piece.strip():
                out.append((pos + len(piece) - len(piece.lstrip()), piece.strip()))
            pos = match.end()
        piece = raw[pos:]
        if piece.strip():
            out.append((pos + len(piece) - len(piece.lstrip()), piece.strip()))
        return out


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` with their offsets and cleaned content.

    Args:
        text: the whole notice.

    Returns:
        One :class:`Line` per line, blank lines included, in order.
    """
    lines: list[Line] = []
    pos = 0
    bold = False
    for index, chunk in enumerate(text.splitlines(keepends=True)):
        raw = chunk.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        content, lead, tail, bold_line, bold = _clean(raw, bold)
        lines.append(Line(index, pos, raw, content, pos + lead, pos + tail, bold_line))
        pos += len(chunk)
    return lines


def _clean(raw: str, bold: bool) -> tuple[str, int, int, bool, bool]:
    """Content of a line, its first/last offsets, whether it is bold, the bold state after."""
    visible_plain = False
    visible_bold = False
    pieces: list[str] = []
    pos = 0
    for match in _STARS.finditer(raw):
        piece = raw[pos : match.start()]
        if piece.strip():
            visible_bold |= bold
            visible_plain |= not bold
        pieces.append(piece)
        if len(match.group()) >= 2:
            bold = not bold
        pos = match.end()
    piece = raw[pos:]
    if piece.strip():
        visible_bold |= bold
        visible_plain |= not bold
    pieces.append(piece)
    joined = "".join(pieces).replace("\ufeff", " ").replace("\u00a0", " ")
    content = joined.strip()
    if not content:
        return "", 0, 0, False, bold
    return content, _lead(raw), _tail(raw), visible_bold and not visible_plain, bold


def _lead(raw: str) -> int:
    text = raw
    while True:
        stripped = text.lstrip().lstrip("*\ufeff")
        if stripped == text:
            return len(raw) - len(text)
        text = stripped


def _tail(raw: str) -> int:
    text = raw
    while True:
        stripped = text.rstrip().rstrip("*\ufeff")
        if stripped == text:
            return len(text)
        text = stripped


def is_page_number(line: Line) -> bool:
    """Whether the line is a bare page number ("2", "- 3 -", "Trang 4/7").

    Args:
        line: a line of the notice.

    Returns:
        True for a page number left by a PDF export.
    """
    return bool(line.content) and _PAGE_NUMBER.fullmatch(line.content) is not None


def join_contents(lines: list[Line]) -> str:
    """The contents of consecutive lines as one text.

    Lines are joined with a space; a word split by a hyphen at the end of a line is
    joined back ("tham mư-" + "u" → "tham mưu"). A break after a heading line or a
    finished sentence becomes "\\n", which later steps read as a clause boundary.

    Args:
        lines: consecutive lines of one block.

    Returns:
        Their contents as one text.
    """
    parts: list[str] = []
    previous: Line | None = None
    for line in lines:
        content = line.content
        if not content:
            continue
        if previous is None:
            parts.append(content)
        elif HYPHEN_END.search(parts[-1][-2:]) and content[:1].islower():
            parts[-1] = parts[-1][:-1]
            parts.append(content)
        elif _heading_break(previous, parts[-1]):
            parts.append("\n" + content)
        else:
            parts.append(" " + content)
        previous = line
    return "".join(parts)


def _heading_break(previous: Line, text: str) -> bool:
    if previous.bold:
        return True
    return text.endswith((":", ";", ".", "!", "?"))
