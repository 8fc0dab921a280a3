"""How often a directive recurs, read from its wording.

Values: ``"ongoing"`` (thường xuyên, liên tục), ``"weekly"``, ``"monthly"``,
``"quarterly"``, ``"yearly"``, ``"periodic"`` (định kỳ without a period, every six
months, daily: the schema has no finer value) or None. An explicit calendar period
wins over "định kỳ" and "thường xuyên" when an item has several cues.
"""

import re

from domain.assignment import Recurrence
from domain.notice_text import fold

RECURRENCES = tuple(Recurrence)

_F = re.IGNORECASE
_PERIOD_WORDS = {
    "tuần": "weekly",
    "tháng": "monthly",
    "quý": "quarterly",
    "năm": "yearly",
}
_EVERY_RE = re.compile(
    r"\b(?:(?:hằng|hàng)\s+(?P<unit>tuần|tháng|quý|năm|ngày)"
    r"|mỗi\s+(?P<each>tuần|tháng|quý)(?=\s+(?:ít\s+nhất\s+)?(?:một|0?1)\s+lần))\b",
    _F,
)
# "trước ngày 25 của tháng cuối quý": a day in every quarter.
_QUARTER_DAY_RE = re.compile(r"\btháng\s+cuối\s+(?:mỗi\s+)?quý\b", _F)
# "03 tháng/lần", "6 tháng một lần", "01 lần/tháng".
_TIMES_RE = re.compile(
    r"\b(?:(?P<n>\d{1,2})\s+(?P<unit>tuần|tháng|năm)\s*(?:/\s*|một\s+)lần"
    r"|(?:0?1\s+)?lần\s*/\s*(?P<unit2>tuần|tháng|quý|năm))\b",
    _F,
)
_PERIODIC_RE = re.compile(r"\bđịnh\s+kỳ\b", _F)
_ONGOING_RE = re.compile(r"\b(?:thường\s+xuyên|liên\s+tục)\b", _F)
# Recurrent spending is a budget line, not a way of working.
_BUDGET_BEFORE = re.compile(
    r"(?:\bchi|kinh\s+phí|dự\s+toán|ngân\s+sách|vốn|nguồn|nhiệm\s+vụ\s+chi"
    # "bồi dưỡng thường xuyên": the name of the teachers' training programme.
    r"|bồi\s+dưỡng)\s*$",
    _F,
)
# "các tuyến phố thường xuyên bị ngập", "nơi thường xuyên xảy ra sạt lở", "khu vực
# thường xuyên thiếu nước": what often happens to a place, not how often the work is
# done.
_HAPPENS_AFTER = re.compile(
    r"\s+(?:bị|xảy\s+ra|xuất\s+hiện|gặp|thiếu|ngập|hạn\s+hán|khô\s+hạn|sạt\s+lở"
    r"|ùn\s+tắc|quá\s+tải|mất\s+điện)\b",
    _F,
)


def find_recurrence(text: str) -> str | None:
    """The recurrence of a directive, or None when it is a one-off.

    Args:
        text: the directive's text.

    Returns:
        One of :data:`RECURRENCES`, or None.
    """
    folded = fold(text)
    explicit: list[tuple[int, str]] = []
    periodic = False
    for match in _EVERY_RE.finditer(folded):
        unit = (match.group("unit") or match.group("each")).lower()
        if unit == "ngày":
            periodic = True
        else:
            explicit.append((match.start(), _PERIOD_WORDS[unit]))
    for match in _QUARTER_DAY_RE.finditer(folded):
        explicit.append((match.start(), "quarterly"))
    for match in _TIMES_RE.finditer(folded):
        unit = (match.group("unit") or match.group("unit2")).lower()
        count = int(match.group("n") or 1)
        value = _every(count, unit)
        if value == "periodic":
            periodic = True
        else:
            explicit.append((match.start(), value))
    if explicit:
        return min(explicit)[1]
    if periodic or _PERIODIC_RE.search(folded):
        return "periodic"
    for match in _ONGOING_RE.finditer(folded):
        if _BUDGET_BEFORE.search(
            folded, max(0, match.start() - 20), match.start()
        ) or _HAPPENS_AFTER.match(folded, match.end()):
            continue
        return "ongoing"
    return None


def _every(count: int, unit: str) -> str:
    months = {"tuần": 0, "tháng": 1, "quý": 3, "năm": 12}[unit] * count
    if unit == "tuần":
        return "weekly" if count == 1 else "periodic"
    return {1: "monthly", 3: "quarterly", 12: "yearly"}.get(months, "periodic")
