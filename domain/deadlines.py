"""Deadline phrases of a directive and the dates they resolve to.

The rules follow the conventions of the genre (see ``docs`` and the notice samples):
a phrase is listed when it bounds when the directed action must be done; it keeps its
marker ("trước ngày", "trong", "chậm nhất" …) and is resolved against the signing date,
the working-day calendar and, for Tết and lunar dates, the Vietnamese lunar calendar.

Labels of reports and rounds ("báo cáo quý I"), document names ("Kế hoạch … năm 2025"),
terms and seasons, start times ("từ ngày …"), statistical cut-offs ("đến ngày …") and
anchors without a calendar date ("kể từ ngày nhận đủ hồ sơ") are not deadlines.
"""

import calendar as _gregorian
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from domain.errors import DirectiveError
from domain.lunar import last_day_of_lunar_month, lunar_new_year, lunar_to_solar
from domain.notice_lexicon import DEADLINE_MARKERS, DeadlineMarker, alternation
from domain.notice_text import collapse, digits, fold
from domain.notice_warnings import DeadlineNote, NoteCode
from domain.workdays import WorkCalendar


@dataclass(frozen=True)
class DeadlineMention:
    """A deadline phrase as written and the date it resolves to (None when it cannot).

    ``marker`` is what the words before the date say ("trước" → before, "chậm nhất"
    → latest, "trong" → within …; None for a bare date in a table cell), and ``day``
    whether the phrase names a calendar day rather than a period, so that rules about
    the phrase never read its words again.
    """

    text: str
    due: date | None
    marker: DeadlineMarker | None = None
    day: bool = False


@dataclass(frozen=True)
class FoundDeadline:
    """A deadline found in a text: where it is, what it says, and any judgment made."""

    start: int
    end: int
    mention: DeadlineMention
    note: DeadlineNote | None = None


@dataclass(frozen=True)
class _Context:
    issued_on: date | None
    calendar: WorkCalendar
    cell: bool


@dataclass(frozen=True)
class _Resolved:
    due: date | None
    note: DeadlineNote | None = None
    # An explicit year lets a date before the signing date be recognised as a
    # reference to the past rather than a deadline.
    explicit_year: bool = True


class _NoDate(Exception):
    """The phrase is not a deadline after all (a label, an anchor without a date).

    ``block`` keeps shorter phrases inside it from being read on their own: the
    "đầu năm 2025" inside the report label "sơ kết 6 tháng đầu năm 2025" is no
    deadline either. An impossible date (31/2) blocks nothing.
    """

    def __init__(self, *, block: bool = True) -> None:
        super().__init__()
        self.block = block


_F = re.IGNORECASE

YEAR = r"(?:1[89]|2[0O])[0-9O]{2}"
_DAY = r"\d{1,2}"
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
_TIME = r"\d{1,2}\s*(?:giờ|h|g)(?:\s*\d{1,2}(?:\s*phút)?)?"
_END = r"(?![\w/])"


def _numdate(tag: str) -> str:
    return (
        rf"(?P<d{tag}>{_DAY})(?P<s{tag}>\s?/\s?|[.\-])(?P<m{tag}>{_DAY})"
        rf"(?:(?P=s{tag})(?P<y{tag}>{YEAR}))?(?![\d/])"
    )


def _worddate(tag: str) -> str:
    return (
        rf"(?P<d{tag}>{_DAY})\s+tháng\s+(?P<m{tag}>{_DAY})"
        rf"(?:\s*,?\s*năm\s+(?P<y{tag}>{YEAR}))?(?!\s*(?:âm|\(âm|/))(?![\d])"
    )


def _date(tag: str) -> str:
    return rf"(?:ngày\s+)?(?:{_numdate(tag + 'a')}|{_worddate(tag + 'b')})"


_POINT_MARK = (
    r"(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+(?:vào|trong|đến))?(?:\s+hết)?"
    r"|muộn\s+nhất(?:\s+là)?|(?:đến\s+)?hết|trong|vào|hạn\s+chót(?:\s+là)?"
    r"|không\s+quá)"
)
_PERIOD_MARK = (
    r"(?P<mark>ngay\s+trong|trong\s+(?:cả|suốt)|trong|vào|chậm\s+nhất(?:\s+(?:là|trong|vào))*"
    r"(?:\s+hết)?|(?:đến\s+)?hết|cuối|đầu|giữa|trước)"
)
_LMONTH = r"(?:Giêng|Chạp|Mười\s+một|Mười\s+hai|Một|Hai|Ba|Tư|Năm|Sáu|Bảy|Tám|Chín|Mười|\d{1,2})"
_LUNAR_SUFFIX = r"(?P<al>\s*\(?\s*âm\s+lịch\s*\)?)?"
_CAN = r"(?:Giáp|Ất|Bính|Đinh|Mậu|Kỷ|Canh|Tân|Nhâm|Quý)"
_CHI = r"(?:Tý|Sửu|Dần|Mão|Mẹo|Thìn|Tỵ|Ngọ|Mùi|Thân|Dậu|Tuất|Hợi)"

# "trước ngày khai giảng 05/9/2026": the day is named by its event, then dated.
_NAMED_DAY = r"(?:ngày\s+(?:[^\W\d]+\s+){1,3}(?=\d{1,2}\s?[/.-]\s?\d))"
_POINT_RE = re.compile(
    rf"(?P<mark>{_POINT_MARK})(?:\s+{_TIME})?\s*,?\s*(?:{_WEEKDAY}\s*,?\s*)?"
    rf"{_NAMED_DAY}?{_date('p')}",
    _F,
)
_UNTIL_RE = re.compile(
    rf"đến\s+(?:{_TIME}\s*,?\s*)?ngày\s+(?:{_numdate('u')}|{_worddate('v')})", _F
)
_BARE_DATE_RE = re.compile(rf"(?:{_WEEKDAY}\s*,?\s*)?{_date('c')}", _F)
_MONTH_RE = re.compile(
    rf"{_PERIOD_MARK}\s+tháng\s+(?P<mo>{_DAY})(?:\s*(?:/|-|,?\s*năm)\s*(?P<my>{YEAR})"
    rf"|\s+năm\s+(?P<myw>nay|sau|tới))?(?!\s*\(?\s*âm)(?![\d/])",
    _F,
)
_BARE_MONTH_RE = re.compile(
    rf"tháng\s+(?P<mo>{_DAY})(?:\s*(?:/|-|,?\s*năm)\s*(?P<my>{YEAR}))?(?![\d/])", _F
)
# "trong tuần đầu tháng 12", "tuần thứ hai của tháng 3/2026": the n-th seven days of
# the month end on its day 7n; "tuần cuối tháng 11" ends with the month.
_MONTH_WEEK_RE = re.compile(
    r"(?:(?P<mark>trong|vào|chậm\s+nhất(?:\s+(?:là|trong|vào))*)\s+)?tuần\s+"
    r"(?P<nth>đầu(?:\s+tiên)?|thứ\s+(?:nhất|hai|ba|tư|[1-4])|cuối(?:\s+cùng)?)"
    rf"\s+(?:của\s+)?tháng\s+(?P<mo>{_DAY})(?:\s*(?:/|-|,?\s*năm)\s*(?P<my>{YEAR}))?"
    r"(?![\d/])",
    _F,
)
_WEEK_OF_MONTH = {"nhất": 1, "1": 1, "hai": 2, "2": 2, "ba": 3, "3": 3, "tư": 4, "4": 4}
_REL_MONTH_RE = re.compile(
    r"(?P<mark>trong|cuối|(?:đến\s+)?hết)\s+(?P<unit>tháng|quý)\s+(?P<rel>này|sau|tới)\b",
    _F,
)
_MEETING_RE = re.compile(
    r"tại\s+(?:các\s+)?(?:phiên\s+họp|kỳ\s+họp|cuộc\s+họp|buổi\s+họp|hội\s+nghị)"
    rf"[^.;:]{{0,40}}?tháng\s+(?P<mo>{_DAY})(?:\s*(?:/|-|,?\s*năm)\s*(?P<my>{YEAR}))?(?![\d/])",
    _F,
)
_QUARTER_RE = re.compile(
    rf"(?:{_PERIOD_MARK}\s+)?quý\s+(?P<q>IV|I{{1,3}}|[1-4])(?![\w])"
    rf"(?:\s*(?:/|-|,?\s*năm)\s*(?P<qy>{YEAR})|\s+năm\s+(?P<qyw>nay|sau|tới))?(?![\d])",
    _F,
)
_HALF_RE = re.compile(
    rf"(?:(?P<mark>trong)\s+)?(?P<n>\d{{1,2}})\s+tháng\s+(?P<pos>đầu|cuối)\s+năm"
    rf"(?:\s+(?P<hy>{YEAR}|nay))?(?![\d])",
    _F,
)
_YEAR_RE = re.compile(
    rf"{_PERIOD_MARK}\s+năm\s+(?P<yy>{YEAR}|nay|tới|sau)(?![\d])(?!\s*[-–]\s*\d)", _F
)
# "cuối năm", "hết năm" with no number: the signing year ("năm học", "năm tài chính"
# are other years).
_THIS_YEAR_RE = re.compile(
    # "tại hội nghị cuối năm" names a meeting, not a calendar bound.
    r"(?<!hội nghị )(?<!phiên họp )(?<!cuộc họp )(?<!kỳ họp )"
    r"(?P<mark>cuối|giữa|(?:đến\s+)?hết)\s+năm\b"
    r"(?!\s+(?:học|tài\s+chính|ngân\s+sách|\d|nay|tới|sau|trước|qua))",
    _F,
)
_BARE_YEAR_RE = re.compile(rf"năm\s+(?P<yy>{YEAR})(?![\d])(?!\s*[-–]\s*\d)", _F)
_RELATIVE_RE = re.compile(
    r"(?P<mark>trong(?:\s+vòng|\s+thời\s+hạn|\s+thời\s+gian)?|không\s+quá"
    r"|chậm\s+nhất(?:\s+là)?(?:\s+sau)?|sau)\s+(?P<n>\d{1,3})\s+ngày(?P<wd>\s+làm\s+việc)?"
    r"(?P<anchor>\s*,?\s*(?:kể\s+)?từ\s+(?:ngày|khi)\s+(?:ký|ban\s+hành)"
    r"(?:\s+(?:ban\s+hành\s+)?(?:văn\s+bản|thông\s+báo|kết\s+luận|chỉ\s+thị|công\s+văn"
    r"|quyết\s+định|công\s+điện|kế\s+hoạch)(?:\s+này)?)?)?",
    _F,
)
_OTHER_ANCHOR_RE = re.compile(r"\s*,?\s*(?:(?:kể\s+)?từ|sau)\s+(?:ngày|khi|lúc)\b", _F)
_TET_WORKDAYS_RE = re.compile(
    r"(?:(?:trong(?:\s+vòng)?|chậm\s+nhất(?:\s+là)?|không\s+quá)\s+)?"
    r"(?P<n>\d{1,2})\s+ngày\s+làm\s+việc\s+(?:đầu\s+tiên\s+)?"
    r"(?:(?:kể\s+)?từ\s+(?:ngày\s+)?|ngay\s+)?(?:sau\s+)?(?:khi\s+)?(?:kết\s+thúc\s+)?"
    rf"(?:kỳ\s+)?nghỉ\s+Tết(?:\s+Nguyên\s+đán)?(?:\s+(?P<can>{_CAN})\s+(?P<chi>{_CHI}))?"
    rf"(?:\s+(?:năm\s+)?(?P<ty>{YEAR}))?",
    _F,
)
_TET_BEFORE_RE = re.compile(
    r"(?P<mark>trước|chậm\s+nhất(?:\s+là)?\s+trước)\s+(?P<brk>kỳ\s+nghỉ\s+)?Tết"
    r"(?P<solar>\s+Dương\s+lịch)?(?:\s+Nguyên\s+đán)?"
    rf"(?:\s+(?P<can>{_CAN})\s+(?P<chi>{_CHI}))?(?:\s+(?:năm\s+)?(?P<ty>{YEAR}))?",
    _F,
)
_LUNAR_DAY_RE = re.compile(
    r"(?:(?P<mark>trước|chậm\s+nhất(?:\s+là)?|(?:đến\s+)?hết|vào|trong)\s+)?(?:ngày\s+)?"
    rf"(?:(?:mùng|mồng)\s+)?(?P<ld>\d{{1,2}}|rằm)\s+tháng\s+(?P<lm>{_LMONTH})"
    rf"(?:\s+năm\s+(?P<ly>{YEAR}))?{_LUNAR_SUFFIX}",
    _F,
)
_LUNAR_NUM_RE = re.compile(
    r"(?:(?P<mark>trước|chậm\s+nhất(?:\s+là)?|(?:đến\s+)?hết|vào|trong)\s+)?(?:ngày\s+)?"
    rf"(?P<ld>\d{{1,2}})\s*/\s*(?P<lm>\d{{1,2}})(?:\s*/\s*(?P<ly>{YEAR}))?"
    r"(?P<al>\s*\(?\s*âm\s+lịch\s*\)?)",
    _F,
)
_LUNAR_MONTH_RE = re.compile(
    r"(?P<mark>(?:đến\s+)?hết|trong|cuối|đầu|giữa|vào|trước|chậm\s+nhất(?:\s+(?:là|trong))*)"
    rf"\s+tháng\s+(?P<lm>{_LMONTH})(?:\s+năm\s+(?P<ly>{YEAR}))?{_LUNAR_SUFFIX}",
    _F,
)
_WEEKDAY_RE = re.compile(
    r"(?:(?P<mark>trước|chậm\s+nhất(?:\s+là)?|vào|trong)\s+)?(?:ngày\s+)?"
    r"(?P<wd>thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s+"
    r"(?P<wk>tuần\s+(?:này|sau|tới))\b",
    _F,
)
_WEEK_RE = re.compile(
    r"(?P<mark>trong|cuối|(?:đến\s+)?hết)\s+tuần\s+(?P<rel>này|sau|tới)\b", _F
)

# Words that make the period after them a label (a report, a round, a plan), not a
# bound on the action; checked on the words right before a phrase without a marker.
_LABEL_BEFORE = re.compile(
    r"(?:báo\s+cáo|sơ\s+kết|tổng\s+kết|giao\s+ban|kết\s+quả|số\s+liệu|đánh\s+giá|tình\s+hình"
    r"|kế\s+hoạch|chương\s+trình|thống\s+kê|dự\s+toán|quyết\s+toán|ngân\s+sách|đợt\s+\d+"
    r"|công\s+tác)(?:\s+thực\s+hiện)?\s*[,:]?\s*$",
    _F,
)
# A payment named by the period it is for ("chi trả trợ cấp xã hội quý IV", "lương
# tháng 12"): the period labels the money, not the time the payment is due.
_PAID_FOR_BEFORE = re.compile(
    r"\b(?:trợ\s+cấp|phụ\s+cấp|tiền\s+lương|lương|lương\s+hưu|học\s+bổng|học\s+phí"
    r"|tiền\s+điện|tiền\s+nước)(?:\s+[^\s,;.:]+){0,2}\s*$",
    _F,
)
_OWNED_AFTER = re.compile(r"\s+của\s", _F)
_DATED_AFTER = re.compile(
    r"\s*,?\s*(?:trước|chậm\s+nhất(?:\s+là)?|hạn\s+chót(?:\s+là)?)\s+(?:ngày\s+)?"
    r"\d{1,2}\s?[/.-]\s?\d",
    _F,
)
# With the marker "trong", only backward-looking labels disqualify ("kết quả trong
# năm 2023"); "báo cáo Thủ tướng trong tháng 9" is a deadline.
_BACKWARD_BEFORE = re.compile(
    r"(?:kết\s+quả|số\s+liệu|tình\s+hình|đánh\s+giá|thống\s+kê)\s*$", _F
)
# "tổng hợp kết quả cuối tháng 12": the results are to be compiled by then; the
# label reading ("kết quả trong năm 2023") needs no verb of reporting before it.
_REPORT_BY_BEFORE = re.compile(
    r"(?:tổng\s+hợp|báo\s+cáo|gửi|công\s+bố|công\s+khai|thông\s+báo)\s+"
    r"(?:\S+\s+){0,2}?kết\s+quả\s*$",
    _F,
)
_CLOSING_MARKS = ("cuối", "hết", "đến hết", "chậm nhất", "trước")
# "báo cáo kết quả trong tháng 12/2025": the report is due within the month.
_REPORT_BY_MARKS = (*_CLOSING_MARKS, "trong")
_RECURRING_AFTER = re.compile(
    r"\s*(?:của\s+)?(?:hằng|hàng|mỗi)\s+(?:tháng|quý|năm|tuần)|\s*của\s+(?:tháng|quý)\b",
    _F,
)
_CUTOFF_BEFORE = re.compile(r"(?:số\s+liệu|tính|thống\s+kê|lũy\s+kế|luỹ\s+kế)", _F)
_TARGET_BEFORE = re.compile(
    r"(?:phấn\s+đấu|hoàn\s+thành|xong|kết\s+thúc|\btừ\s+(?:ngày\s+)?\d)", _F
)
# "không để dồn vào cuối năm", "không để kéo dài sang năm 2026": what must not happen
# by then, not a time the action is due.
_NOT_LET_BEFORE = re.compile(
    r"\bkhông\s+để\s+(?:[^\s,;.]+\s+){0,7}?(?:vào|đến|tới|sang|qua)\s*$", _F
)
_STRESSED_BEFORE = re.compile(
    r"\b(?:nhất|đặc\s+biệt)\s+là\s+(?:vào\s+|trong\s+)?(?:dịp\s+)?$", _F
)
# "tiêu chí đánh giá cán bộ cuối năm", "bình xét thi đua cuối năm": the year-end
# round of assessing names an event of every year, not a bound on the action.
_YEAR_END_ROUND_BEFORE = re.compile(
    r"\b(?:đánh\s+giá|xếp\s+loại|bình\s+xét|kiểm\s+điểm)"
    r"(?:\s+(?!trước|trong|vào|đến|hết|chậm)[^\s,;.:]+){0,3}\s*$",
    _F,
)
_START_BEFORE = re.compile(r"(?:\btừ|bắt\s+đầu)\s*$", _F)
# The name of a session or meeting ("kỳ họp thường lệ giữa năm"): the period names
# it; "tại kỳ họp …" is read by the meeting rule instead.
_SESSION_BEFORE = re.compile(
    r"(?<!tại )(?:kỳ|phiên|cuộc|buổi)\s+họp(?:\s+thường\s+(?:lệ|kỳ))?\s*$", _F
)
# "vụ" is a season ("vụ Đông Xuân") only as a word of its own, not the last syllable
# of "Ban Thường vụ", "nhiệm vụ", "dịch vụ" …
_NOT_SEASON = "".join(
    rf"(?<!{w}\s)"
    for w in ("thường", "nhiệm", "nghĩa", "dịch", "phục", "chức", "nghiệp")
)
_RANGE_BEFORE = re.compile(
    rf"(?:giai\s+đoạn|nhiệm\s+kỳ|niên\s+độ|năm\s+học|{_NOT_SEASON}vụ|mùa)\s*$", _F
)

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_LUNAR_MONTHS = {
    "giêng": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "một": 11,
    "mười một": 11,
    "chạp": 12,
    "mười hai": 12,
}
_WEEKDAYS = {
    "hai": 0,
    "2": 0,
    "ba": 1,
    "3": 1,
    "tư": 2,
    "4": 2,
    "năm": 3,
    "5": 3,
    "sáu": 4,
    "6": 4,
    "bảy": 5,
    "7": 5,
}
_CANS = ("canh", "tân", "nhâm", "quý", "giáp", "ất", "bính", "đinh", "mậu", "kỷ")
_CHIS = (
    "thân",
    "dậu",
    "tuất",
    "hợi",
    "tý",
    "sửu",
    "dần",
    "mão",
    "thìn",
    "tỵ",
    "ngọ",
    "mùi",
)


def find_deadlines(
    text: str, *, issued_on: date | None, calendar: WorkCalendar, cell: bool = False
) -> list[FoundDeadline]:
    """Every deadline phrase of a directive's text, in text order.

    Args:
        text: the directive's text, line breaks already collapsed.
        issued_on: the signing date, which relative phrases and phrases without a
            year are read against; None when the notice has no readable date.
        calendar: the working-day calendar for "N ngày làm việc" and the Tết break.
        cell: the text is a date cell of a task table ("Tháng 01/2026", "Quý 4/2026"),
            where a bare period means the same as with a marker.

    Returns:
        The phrases found, each with its date (None when it cannot be resolved) and
        a note when a judgment was made.
    """
    ctx = _Context(issued_on, calendar, cell)
    folded = fold(text)
    candidates: list[tuple[int, int, int, _Resolved | None]] = []
    day_rules: set[int] = set()
    low = folded.lower()
    for priority, (pattern, rule, cell_only, needs) in enumerate(_RULES):
        if (cell_only and not cell) or (needs and not any(w in low for w in needs)):
            continue
        for match in pattern.finditer(folded):
            if match.end() == match.start():
                continue
            try:
                resolved: _Resolved | None = rule(match, folded, ctx)
            except _NoDate as no:
                if not no.block:
                    continue
                resolved = None
            except (DirectiveError, ValueError, OverflowError) as err:
                # A phrase of the right shape whose date cannot be computed (a year
                # outside the lunar tables, a date past year 9999): kept, undated.
                resolved = _Resolved(
                    None,
                    DeadlineNote(
                        NoteCode.UNRESOLVABLE,
                        str(err),
                        err.text("vi")
                        if isinstance(err, DirectiveError)
                        else "ngày nằm ngoài phạm vi lịch",
                    ),
                )
            candidates.append((match.start(), match.end(), priority, resolved))
            if rule in _DAY_RULES:
                day_rules.add(priority)
    # Longest phrase first where two overlap; earlier rules break ties.
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    found: list[FoundDeadline] = []
    taken_until = -1
    for start, end, priority, resolved in candidates:
        if start < taken_until:
            continue
        if resolved is None:
            taken_until = end
            continue
        note = resolved.note
        due = resolved.due
        if (
            due is not None
            and issued_on is not None
            and resolved.explicit_year
            and due < issued_on
            and not cell
        ):
            # A dated phrase before the signing date refers to the past (a cited
            # cut-off or an earlier decision), not to work still to be done.
            taken_until = end
            continue
        phrase = collapse(text[start:end]).strip(" ,;:.")
        mention = DeadlineMention(
            phrase, due, marker_of(phrase), day=priority in day_rules
        )
        found.append(FoundDeadline(start, end, mention, note))
        taken_until = end
    return found


_MARKER_RE = re.compile(rf"{alternation(DEADLINE_MARKERS)}(?!\w)", _F)


def marker_of(phrase: str) -> DeadlineMarker | None:
    """The marker a deadline phrase opens with ("trước ngày D" → before), or None.

    Args:
        phrase: a deadline phrase as written.

    Returns:
        The kind of its marker; None for a bare date or period.
    """
    match = _MARKER_RE.match(fold(phrase).strip())
    if match is None:
        return None
    return DEADLINE_MARKERS[collapse(match.group().lower())]


def resolve_deadline(
    phrase: str, *, issued_on: date | None, calendar: WorkCalendar
) -> date | None:
    """The date one deadline phrase resolves to, or None.

    Args:
        phrase: a deadline phrase such as "trong quý IV/2023" or "Tháng 01/2026".
        issued_on: the signing date of the notice.
        calendar: the working-day calendar.

    Returns:
        The due date of the first phrase found, or None when there is none or it
        cannot be resolved.
    """
    found = find_deadlines(phrase, issued_on=issued_on, calendar=calendar, cell=True)
    return found[0].mention.due if found else None


# --- rules -------------------------------------------------------------------------


def _group(match: re.Match[str], *names: str) -> str | None:
    for name in names:
        value = match.groupdict().get(name)
        if value:
            return value
    return None


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as err:
        raise _NoDate(block=False) from err


def _month_end(year: int, month: int) -> date:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise _NoDate(block=False)
    return date(year, month, _gregorian.monthrange(year, month)[1])


def _mark(match: re.Match[str]) -> str:
    return collapse((_group(match, "mark") or "").lower())


def _before(folded: str, match: re.Match[str], width: int = 40) -> str:
    return folded[max(0, match.start() - width) : match.start()]


def _check_label(match: re.Match[str], folded: str, ctx: _Context) -> None:
    if ctx.cell:
        return
    before = _before(folded, match)
    mark = _mark(match)
    if not mark and _LABEL_BEFORE.search(before) and not _target_period(folded, match):
        raise _NoDate
    if not mark and _PAID_FOR_BEFORE.search(before):
        raise _NoDate
    if not mark and _DATED_AFTER.match(folded, match.end()):
        # "công bố giá vật liệu quý III/2026 trước ngày 10/8/2026": the bare period
        # names what is published; the dated phrase after it is the deadline.
        raise _NoDate
    if not mark and _OWNED_AFTER.match(folded, match.end()):
        # "Chương trình kiểm tra 6 tháng cuối năm 2026 của Ban Thường vụ": the
        # period names whose plan it is, it bounds no action.
        raise _NoDate
    if _BACKWARD_BEFORE.search(before) and not (
        _REPORT_BY_BEFORE.search(before) and mark.startswith(_REPORT_BY_MARKS)
    ):
        raise _NoDate
    if (
        _RANGE_BEFORE.search(before)
        or _NOT_LET_BEFORE.search(_before(folded, match, 70))
        or _interim(match, folded)
    ):
        raise _NoDate

    if _SESSION_BEFORE.search(before) and mark.startswith(("cuối", "giữa", "đầu")):
        raise _NoDate
    if _reported_period(match, folded):
        raise _NoDate


# "Trong quý I/2026, xã đã xử lý …": a period opening a sentence that tells what was
# done in it labels the report; it bounds no action.
# The subject is a few words; "đã được giao", "đã đề ra" qualify a task, not a report.
# The subject may list bodies ("Trong tháng 10, các cấp ủy, chính quyền đã …").
_DONE_AFTER = re.compile(
    r"\s*,\s*(?:[^\s;.:]+\s+){0,6}?đã\s+(?!được\s+giao|đề\s+ra|phê\s+duyệt)", _F
)


# "Trong quý III, tình hình kinh tế - xã hội ổn định; …": the period opens a report
# on the state of things.
_STATE_AFTER = re.compile(r"\s*,\s*tình\s+hình\b", _F)


def _reported_period(match: re.Match[str], folded: str) -> bool:
    opens = folded[: match.start()].rstrip()
    return (not opens or opens.endswith((".", ";", ":"))) and bool(
        _DONE_AFTER.match(folded, match.end())
        or _STATE_AFTER.match(folded, match.end())
    )


_TARGET_AFTER = re.compile(r"\s*,?\s*(?:đạt|tăng|giảm)\b", _F)
_BREAKDOWN_BEFORE = re.compile(r"\btrong\s+đó\s*[,:]?\s*$", _F)


def _target_period(folded: str, match: re.Match[str]) -> bool:
    """Whether a period is the time of a forward target: "phấn đấu thu ngân sách
    quý I/2026 đạt 30% dự toán" bounds the collection, it labels no report."""
    cut = max(folded.rfind(";", 0, match.start()), folded.rfind(". ", 0, match.start()))
    return bool(
        _TARGET_AFTER.match(folded, match.end())
        and re.search(r"phấn\s+đấu", folded[cut + 1 : match.start()], _F)
    )


def _interim(match: re.Match[str], folded: str) -> bool:
    """Whether the phrase dates a step of a target on the way ("phấn đấu giải ngân
    100%, trong đó đến ngày 30/9 đạt 60%, …"), not a second due date of the work."""
    return bool(
        _BREAKDOWN_BEFORE.search(_before(folded, match, 20))
        and _TARGET_AFTER.match(folded, match.end())
    )


def _year_or_infer(
    text: str | None, ctx: _Context, candidate: Callable[[int], date]
) -> _Resolved:
    """A date in an explicit year, or in the notice's year (the next when past)."""
    if text:
        return _Resolved(candidate(digits(text)))
    if ctx.issued_on is None:
        return _Resolved(None, DeadlineNote(NoteCode.NO_YEAR))
    due = candidate(ctx.issued_on.year)
    if due < ctx.issued_on:
        due = candidate(ctx.issued_on.year + 1)
    return _Resolved(due, explicit_year=False)


def _dmy(match: re.Match[str]) -> tuple[int, int, str | None]:
    """Day, month and the year as written (or None) of a matched date."""
    found: dict[str, str] = {}
    for key, value in match.groupdict().items():
        if value and len(key) in (2, 3) and key[0] in "dmy" and key not in ("mo", "my"):
            found.setdefault(key[0], value)
    return int(found.get("d", "0")), int(found.get("m", "0")), found.get("y")


def _point(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    if _RECURRING_AFTER.match(folded, match.end()):
        raise _NoDate
    if _interim(match, folded):
        raise _NoDate
    day, month, year = _dmy(match)
    _safe_date(2000, month, day)  # 29/2 is checked again against its real year
    return _year_or_infer(year, ctx, lambda y: _safe_date(y, month, day))


def _until(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    if _RECURRING_AFTER.match(folded, match.end()):
        raise _NoDate
    cut = max(folded.rfind(";", 0, match.start()), folded.rfind(". ", 0, match.start()))
    clause = folded[cut + 1 : match.start()]
    # "đến ngày D" reports a figure reached (a cut-off) unless it closes a target or a
    # period of work ("phấn đấu đến ngày D", "từ ngày A đến ngày D").
    if _CUTOFF_BEFORE.search(clause[-25:]) or not _TARGET_BEFORE.search(clause):
        raise _NoDate
    return _point(match, folded, ctx)


def _bare_date(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    if _START_BEFORE.search(_before(folded, match)):
        # "Thời gian: hằng ngày, từ ngày 01/9/2026": when the work starts.
        raise _NoDate
    return _point(match, folded, ctx)


def _period_due(mark: str, first: date, last: date, what: str) -> _Resolved:
    if mark.startswith("đầu"):
        return _Resolved(first)
    if mark.startswith("giữa"):
        return _Resolved(first + (last - first) / 2)
    if mark == "trước":
        return _Resolved(first, DeadlineNote(NoteCode.BEFORE_FIRST_DAY, what))
    return _Resolved(last)


def _with_year(resolved: _Resolved, explicit: bool) -> _Resolved:
    return _Resolved(resolved.due, resolved.note, explicit)


def _month(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    _check_label(match, folded, ctx)
    month = int(match.group("mo"))
    if not 1 <= month <= 12:
        raise _NoDate(block=False)
    mark = _mark(match)
    if mark.startswith("giữa"):
        day = 15
    elif mark.startswith("đầu") or mark == "trước":
        day = 1
    else:
        day = 0
    note = DeadlineNote(NoteCode.BEFORE_FIRST_DAY, "tháng") if mark == "trước" else None

    def pick(year: int) -> date:
        return _month_end(year, month) if day == 0 else _safe_date(year, month, day)

    def last_of(year: int) -> date:
        return _month_end(year, month)

    text = match.group("my")
    if text:
        return _Resolved(pick(digits(text)), note)
    worded = _word_year(match.group("myw"), ctx)
    if worded is not None:
        return _Resolved(pick(worded), note)
    resolved = _year_or_infer(None, ctx, last_of)
    if resolved.due is None:
        return resolved
    return _Resolved(pick(resolved.due.year), note, explicit_year=False)


def _month_week(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    _check_label(match, folded, ctx)
    month = int(match.group("mo"))
    if not 1 <= month <= 12:
        raise _NoDate(block=False)
    nth = collapse(match.group("nth").lower())
    if nth.startswith("cuối"):
        weeks = 0
    elif nth.startswith("đầu"):
        weeks = 1
    else:
        weeks = _WEEK_OF_MONTH[nth.split()[-1]]

    def end_of(year: int) -> date:
        last = _month_end(year, month)
        return last if weeks == 0 else min(last, date(year, month, 7 * weeks))

    return _year_or_infer(match.group("my"), ctx, end_of)


def _meeting(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    month = int(match.group("mo"))
    if not 1 <= month <= 12:
        raise _NoDate(block=False)
    return _year_or_infer(match.group("my"), ctx, lambda y: _month_end(y, month))


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = _safe_date(year, 3 * quarter - 2, 1)
    return first, _month_end(year, 3 * quarter)


def _quarter(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    _check_label(match, folded, ctx)
    raw = match.group("q").upper()
    quarter = _ROMAN.get(raw) or int(raw)
    mark = _mark(match)
    text = match.group("qy")
    worded = _word_year(match.group("qyw"), ctx)
    if text or worded is not None:
        year = digits(text) if text else worded or 0
        first, last = _quarter_bounds(year, quarter)
        return _period_due(mark, first, last, "quý")
    resolved = _year_or_infer(None, ctx, lambda y: _quarter_bounds(y, quarter)[1])
    if resolved.due is None:
        return resolved
    first, last = _quarter_bounds(resolved.due.year, quarter)
    return _with_year(_period_due(mark, first, last, "quý"), explicit=False)


def _half(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    _check_label(match, folded, ctx)
    months = int(match.group("n"))
    if not 1 <= months <= 12:
        raise _NoDate(block=False)
    year = _year_word(match.group("hy"), ctx)
    if year is None:
        return _Resolved(None, DeadlineNote(NoteCode.NO_YEAR))
    if match.group("pos").lower() == "cuối":
        return _Resolved(date(year, 12, 31))
    return _Resolved(_month_end(year, months))


def _year_word(text: str | None, ctx: _Context) -> int | None:
    if text and text[0].isdigit():
        return digits(text)
    if ctx.issued_on is None:
        return None
    word = (text or "nay").lower()
    return ctx.issued_on.year + (1 if word in ("tới", "sau") else 0)


def _year(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    _check_label(match, folded, ctx)
    year = _year_word(match.group("yy"), ctx)
    if year is None:
        return _Resolved(None, DeadlineNote(NoteCode.THIS_YEAR_UNDATED))
    mark = _mark(match)
    if mark.startswith("giữa"):
        return _Resolved(date(year, 6, 30))
    return _period_due(mark, date(year, 1, 1), date(year, 12, 31), "năm")


def _this_year(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    _check_label(match, folded, ctx)
    if _mark(match) == "cuối" and _YEAR_END_ROUND_BEFORE.search(_before(folded, match)):
        raise _NoDate
    if _STRESSED_BEFORE.search(_before(folded, match)):
        # "tăng cường tuần tra, nhất là dịp cuối năm": the time the work matters most,
        # not a bound on it.
        raise _NoDate
    if ctx.issued_on is None:
        return _Resolved(None, DeadlineNote(NoteCode.YEAR_UNDATED))
    year = ctx.issued_on.year
    if _mark(match).startswith("giữa"):
        return _Resolved(date(year, 6, 30), explicit_year=False)
    return _Resolved(date(year, 12, 31), explicit_year=False)


def _word_year(word: str | None, ctx: _Context) -> int | None:
    """The year meant by "năm nay" (0) or "năm sau"/"năm tới" (+1)."""
    if not word or ctx.issued_on is None:
        return None
    return ctx.issued_on.year + (0 if word.lower() == "nay" else 1)


def _rel_month(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    if ctx.issued_on is None:
        return _Resolved(None, DeadlineNote(NoteCode.RELATIVE_PERIOD_UNDATED))
    issued = ctx.issued_on
    step = 0 if match.group("rel").lower() == "này" else 1
    if match.group("unit").lower() == "tháng":
        month = issued.month + step
        return _Resolved(
            _month_end(issued.year + (month - 1) // 12, (month - 1) % 12 + 1)
        )
    quarter = (issued.month - 1) // 3 + 1 + step
    year = issued.year + (quarter - 1) // 4
    return _Resolved(_quarter_bounds(year, (quarter - 1) % 4 + 1)[1])


def _relative(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    if not match.group("anchor") and _OTHER_ANCHOR_RE.match(folded, match.end()):
        # Counted from an event with no calendar date (receipt, a later meeting).
        raise _NoDate
    if ctx.issued_on is None:
        return _Resolved(None, DeadlineNote(NoteCode.FROM_SIGNING_UNDATED))
    days = int(match.group("n"))
    if match.group("wd"):
        return _Resolved(ctx.calendar.add_working_days(ctx.issued_on, days))
    return _Resolved(ctx.issued_on + timedelta(days=days))


def _canchi_year(can: str | None, chi: str | None, ctx: _Context) -> int | None:
    if not can or not chi or ctx.issued_on is None:
        return None
    can_i = _CANS.index(can.lower())
    chi_i = _CHIS.index("mão" if chi.lower() == "mẹo" else chi.lower())
    for year in range(ctx.issued_on.year - 1, ctx.issued_on.year + 60):
        if year % 10 == can_i and year % 12 == chi_i:
            return year
    return None


def _tet_year(match: re.Match[str], ctx: _Context) -> int | None:
    text = match.group("ty")
    if text:
        return digits(text)
    named = _canchi_year(match.group("can"), match.group("chi"), ctx)
    if named is not None:
        return named
    if ctx.issued_on is None:
        return None
    year = ctx.issued_on.year
    # The Tết ahead of the notice: this year's when it is still to come.
    return year if lunar_new_year(year) >= ctx.issued_on else year + 1


def _tet_break(year: int, ctx: _Context) -> tuple[date, date] | None:
    known = ctx.calendar.tet_break(year)
    if known is not None:
        return known.start, known.end
    first = lunar_new_year(year)
    if first not in ctx.calendar.days_off:
        return None
    # The calendar has the days off but not the named break: take the run of days
    # off around mùng 1.
    start = end = first
    while not ctx.calendar.is_working_day(start - timedelta(days=1)):
        start -= timedelta(days=1)
    while not ctx.calendar.is_working_day(end + timedelta(days=1)):
        end += timedelta(days=1)
    return start, end


def _tet_workdays(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    year = _tet_year(match, ctx)
    if year is None:
        return _Resolved(None, DeadlineNote(NoteCode.TET_UNKNOWN_YEAR))
    found = _tet_break(year, ctx)
    if found is None:
        return _Resolved(None, DeadlineNote(NoteCode.TET_NOT_IN_CALENDAR, str(year)))
    return _Resolved(ctx.calendar.add_working_days(found[1], int(match.group("n"))))


def _tet_before(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    if match.group("solar"):
        if ctx.issued_on is None:
            return _Resolved(None, DeadlineNote(NoteCode.NEW_YEAR_UNDATED))
        return _Resolved(date(ctx.issued_on.year + 1, 1, 1))
    year = _tet_year(match, ctx)
    if year is None:
        return _Resolved(None, DeadlineNote(NoteCode.TET_UNKNOWN_YEAR))
    if match.group("brk"):
        found = _tet_break(year, ctx)
        if found is not None:
            return _Resolved(found[0])
    return _Resolved(lunar_new_year(year))


def _lunar_month_number(text: str, has_suffix: bool) -> int:
    word = collapse(text.lower())
    number = int(word) if word.isdigit() else _LUNAR_MONTHS.get(word, 0)
    # Only Giêng and Chạp are unmistakably lunar; other names and numbers need
    # "âm lịch" to be read on the lunar calendar.
    if not has_suffix and word not in ("giêng", "chạp"):
        raise _NoDate(block=False)
    if not 1 <= number <= 12:
        raise _NoDate(block=False)
    return number


def _lunar_in_year(
    ctx: _Context, year_text: str | None, solar: Callable[[int], date]
) -> _Resolved:
    if year_text:
        return _Resolved(solar(digits(year_text)))
    if ctx.issued_on is None:
        return _Resolved(None, DeadlineNote(NoteCode.LUNAR_UNDATED))
    # The lunar date ahead of the notice: the first one on or after the signing date.
    issued = ctx.issued_on
    for lunar_year in (issued.year - 1, issued.year, issued.year + 1):
        try:
            due = solar(lunar_year)
        except DirectiveError:
            continue
        if due >= issued:
            return _Resolved(due, explicit_year=False)
    raise _NoDate


def _lunar_day(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    if not _mark(match) and _START_BEFORE.search(_before(folded, match)):
        raise _NoDate  # "từ ngày 20 tháng Chạp": when the work starts
    raw_day = match.group("ld").lower()
    # "rằm" is the full moon, the 15th of a lunar month: lunar without "âm lịch".
    month = _lunar_month_number(
        match.group("lm"), bool(match.group("al")) or raw_day == "rằm"
    )
    day = 15 if raw_day == "rằm" else int(raw_day)
    if not 1 <= day <= 30:
        raise _NoDate(block=False)
    return _lunar_in_year(
        ctx, match.group("ly"), lambda y: lunar_to_solar(y, month, day)
    )


def _lunar_month(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    month = _lunar_month_number(match.group("lm"), bool(match.group("al")))
    mark = _mark(match)
    if mark.startswith("đầu") or mark == "trước":
        return _lunar_in_year(
            ctx, match.group("ly"), lambda y: lunar_to_solar(y, month, 1)
        )
    if mark.startswith("giữa"):
        return _lunar_in_year(
            ctx, match.group("ly"), lambda y: lunar_to_solar(y, month, 15)
        )
    return _lunar_in_year(
        ctx, match.group("ly"), lambda y: last_day_of_lunar_month(y, month)
    )


def _week_monday(issued_on: date, rel: str) -> date:
    monday = issued_on - timedelta(days=issued_on.weekday())
    return monday + timedelta(days=0 if rel.lower() == "này" else 7)


def _weekday(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    if ctx.issued_on is None:
        return _Resolved(None, DeadlineNote(NoteCode.WEEKDAY_UNDATED))
    name = collapse(match.group("wd").lower())
    offset = 6 if name.startswith("chủ") else _WEEKDAYS[name.split()[-1]]
    rel = match.group("wk").split()[-1]
    return _Resolved(_week_monday(ctx.issued_on, rel) + timedelta(days=offset))


def _week(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    if ctx.issued_on is None:
        return _Resolved(None, DeadlineNote(NoteCode.WEEK_UNDATED))
    return _Resolved(
        _week_monday(ctx.issued_on, match.group("rel")) + timedelta(days=6)
    )


def _bare_month(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    month = int(match.group("mo"))
    if not 1 <= month <= 12:
        raise _NoDate(block=False)
    return _year_or_infer(match.group("my"), ctx, lambda y: _month_end(y, month))


def _bare_year(match: re.Match[str], folded: str, ctx: _Context) -> _Resolved:
    year = digits(match.group("yy"))
    return _Resolved(date(year, 12, 31))


_Rule = Callable[[re.Match[str], str, _Context], _Resolved]

# (pattern, rule, only in table date cells, words one of which the text must contain),
# in priority order for equal spans. The words skip patterns that cannot match.
# Rules whose phrase names a calendar day ("trước ngày 15/12", "20 tháng Chạp").
_DAY_RULES = frozenset({_point, _lunar_day})

_RULES: tuple[tuple[re.Pattern[str], _Rule, bool, tuple[str, ...]], ...] = (
    (_TET_WORKDAYS_RE, _tet_workdays, False, ("tết",)),
    (_TET_BEFORE_RE, _tet_before, False, ("tết",)),
    (_LUNAR_NUM_RE, _lunar_day, False, ("âm",)),
    (_LUNAR_DAY_RE, _lunar_day, False, ("giêng", "chạp", "âm", "rằm")),
    (_LUNAR_MONTH_RE, _lunar_month, False, ("giêng", "chạp", "âm")),
    (_POINT_RE, _point, False, ()),
    (_UNTIL_RE, _until, False, ("đến",)),
    (_RELATIVE_RE, _relative, False, ("ngày",)),
    (_WEEKDAY_RE, _weekday, False, ("tuần",)),
    (_WEEK_RE, _week, False, ("tuần",)),
    (_MEETING_RE, _meeting, False, ("họp", "hội nghị")),
    (_MONTH_WEEK_RE, _month_week, False, ("tuần",)),
    (_MONTH_RE, _month, False, ("tháng",)),
    (_REL_MONTH_RE, _rel_month, False, ("này", "sau", "tới")),
    (_HALF_RE, _half, False, ("tháng",)),
    (_QUARTER_RE, _quarter, False, ("quý",)),
    (_YEAR_RE, _year, False, ("năm",)),
    (_THIS_YEAR_RE, _this_year, False, ("năm",)),
    (_BARE_DATE_RE, _bare_date, True, ()),
    (_BARE_MONTH_RE, _bare_month, True, ("tháng",)),
    (_BARE_YEAR_RE, _bare_year, True, ("năm",)),
)
