"""Plain-text tables: a header row, columns padded, long cells wrapped between words."""

import os
import shutil
import textwrap
from collections.abc import Sequence

_GAP = "  "
_MIN_WRAP = 12


def terminal_width() -> int:
    """The width to fit: $COLUMNS, the terminal's, else 100."""
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 20:
        return int(given)
    return max(shutil.get_terminal_size((100, 24)).columns, 40)


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    wrap: Sequence[int] = (),
    width: int | None = None,
) -> str:
    """The table as text, one line per row plus continuation lines of wrapped cells.

    Args:
        headers: the header row.
        rows: the cells, as text.
        wrap: indexes of the columns that may wrap (between words only); others keep
            their full width.
        width: total width to fit (default :func:`terminal_width`).
    """
    total = width or terminal_width()
    count = len(headers)
    widths = [max([len(headers[i]), *(len(r[i]) for r in rows)]) for i in range(count)]
    fixed = sum(widths[i] for i in range(count) if i not in wrap)
    room = total - fixed - len(_GAP) * (count - 1)
    wrapping = [i for i in wrap if i < count]
    if wrapping:
        share = max(room // len(wrapping), _MIN_WRAP)
        longest_word = {
            i: max([len(headers[i]), *(len(w) for r in rows for w in r[i].split())])
            for i in wrapping
        }
        for i in wrapping:
            widths[i] = min(widths[i], max(share, longest_word[i]))
    lines = [_line(list(headers), widths), _line(["-" * w for w in widths], widths)]
    for row in rows:
        cells = [
            textwrap.wrap(
                row[i], widths[i], break_long_words=False, break_on_hyphens=False
            )
            or [""]
            if i in wrapping
            else [row[i]]
            for i in range(count)
        ]
        height = max(len(c) for c in cells)
        for n in range(height):
            lines.append(_line([c[n] if n < len(c) else "" for c in cells], widths))
    return "\n".join(lines) + "\n"


def _line(cells: list[str], widths: list[int]) -> str:
    return _GAP.join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
