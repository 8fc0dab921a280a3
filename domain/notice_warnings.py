"""The reader's warnings: what it judged while reading a notice, in either language.

The reader records each judgment as a :class:`ReaderWarning`, a code with the facts it
needs (the item, the phrase read, why); the words are chosen when the warning is shown,
in the reader's language (:meth:`ReaderWarning.text`), Vietnamese or English. Items are
named as the notice numbers them, an unnumbered one by its position or first words
(:func:`domain.item_names.item_name`), never by the reader's internal reference.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from domain.item_names import item_name


class Veto(StrEnum):
    """Why a numbered item is not a directive; named in the reader's warnings.

    The value is the English reason; :data:`VETO_VI` holds the Vietnamese.
    """

    EMPTY = "empty item"
    ROW_WITHOUT_LEAD = "table row without a lead body"
    EVALUATION_SECTION = "in a section that reviews results"
    SECTION_WITHOUT_OWNER = "section naming no body"
    POINTER_TO_APPENDIX = "points to the appendix table"
    ENTRY_INTO_FORCE = "sets the entry into force"
    ACCOUNTABILITY_ONLY = "only states who is accountable"
    EVALUATION = "evaluates results"
    REVIEW_TOPIC = "topic of a review"
    PRAISE = "praises or takes note"
    APPROVAL = "approves or agrees"
    OBJECTIVE = "objective or principle"
    RESULTS_LIST = "in a list of results"
    ASSESSMENT = "assessment with figures"
    PAST_RESULT = "states a past result"
    FUNDING = "states where the funding comes from"


#: Each veto in Vietnamese.
VETO_VI: Final[dict[Veto, str]] = {
    Veto.EMPTY: "mục không có nội dung",
    Veto.ROW_WITHOUT_LEAD: "dòng của bảng không có đơn vị chủ trì",
    Veto.EVALUATION_SECTION: "thuộc phần đánh giá kết quả",
    Veto.SECTION_WITHOUT_OWNER: "phần không nêu đơn vị nào",
    Veto.POINTER_TO_APPENDIX: "dẫn sang bảng phụ lục",
    Veto.ENTRY_INTO_FORCE: "quy định hiệu lực thi hành",
    Veto.ACCOUNTABILITY_ONLY: "chỉ nêu trách nhiệm",
    Veto.EVALUATION: "đánh giá kết quả",
    Veto.REVIEW_TOPIC: "nêu nội dung được đánh giá",
    Veto.PRAISE: "biểu dương hoặc ghi nhận",
    Veto.APPROVAL: "thông qua hoặc thống nhất",
    Veto.OBJECTIVE: "mục tiêu hoặc nguyên tắc",
    Veto.RESULTS_LIST: "thuộc danh sách kết quả",
    Veto.ASSESSMENT: "đánh giá kèm số liệu",
    Veto.PAST_RESULT: "nêu kết quả đã đạt được",
    Veto.FUNDING: "nêu nguồn kinh phí",
}


class NoteCode(StrEnum):
    """A judgment made on one deadline phrase."""

    BEFORE_FIRST_DAY = "before_first_day"  # value: the period after "trước"
    UNRESOLVABLE = "unresolvable"  # value: the error, value_vi: the same in Vietnamese
    NO_YEAR = "no_year"
    THIS_YEAR_UNDATED = "this_year_undated"
    YEAR_UNDATED = "year_undated"
    RELATIVE_PERIOD_UNDATED = "relative_period_undated"
    FROM_SIGNING_UNDATED = "from_signing_undated"
    TET_UNKNOWN_YEAR = "tet_unknown_year"
    TET_NOT_IN_CALENDAR = "tet_not_in_calendar"  # value: the year
    NEW_YEAR_UNDATED = "new_year_undated"
    LUNAR_UNDATED = "lunar_undated"
    WEEKDAY_UNDATED = "weekday_undated"
    WEEK_UNDATED = "week_undated"


_NOTES: Final[dict[NoteCode, tuple[str, str]]] = {
    NoteCode.BEFORE_FIRST_DAY: (
        "“trước {value}” được hiểu là ngày đầu tiên của {value}",
        "'trước {value}' read as its first day",
    ),
    NoteCode.UNRESOLVABLE: (
        "không tính được ngày ({value_vi})",
        "cannot be resolved: {value}",
    ),
    NoteCode.NO_YEAR: (
        "không ghi năm và không có ngày ký để suy ra năm",
        "no year and no signing date to take it from",
    ),
    NoteCode.THIS_YEAR_UNDATED: (
        "“năm nay” nhưng văn bản không có ngày ký",
        "'năm nay' with no signing date",
    ),
    NoteCode.YEAR_UNDATED: (
        "“năm” không ghi năm nào và văn bản không có ngày ký",
        "'năm' with no year and no signing date",
    ),
    NoteCode.RELATIVE_PERIOD_UNDATED: (
        "kỳ tính theo ngày ký nhưng văn bản không có ngày ký",
        "relative period with no signing date",
    ),
    NoteCode.FROM_SIGNING_UNDATED: (
        "tính từ ngày ký nhưng văn bản không có ngày ký",
        "counted from the signing date, which is missing",
    ),
    NoteCode.TET_UNKNOWN_YEAR: ("Tết không rõ năm nào", "Tết of an unknown year"),
    NoteCode.TET_NOT_IN_CALENDAR: (
        "lịch làm việc chưa có kỳ nghỉ Tết năm {value}",
        "the Tết break of {value} is not in the calendar",
    ),
    NoteCode.NEW_YEAR_UNDATED: (
        "Tết Dương lịch nhưng văn bản không có ngày ký",
        "Tết Dương lịch with no signing date",
    ),
    NoteCode.LUNAR_UNDATED: (
        "ngày âm lịch không ghi năm và văn bản không có ngày ký",
        "lunar date with no year and no signing date",
    ),
    NoteCode.WEEKDAY_UNDATED: (
        "thứ trong tuần nhưng văn bản không có ngày ký",
        "weekday with no signing date",
    ),
    NoteCode.WEEK_UNDATED: (
        "tuần nhưng văn bản không có ngày ký",
        "week with no signing date",
    ),
}


@dataclass(frozen=True, order=True)
class DeadlineNote:
    """A judgment made on one deadline phrase, shown in either language.

    Args:
        code: what was judged.
        value: the fact it names (a period, a year, an error), when it names one.
        value_vi: the same fact in Vietnamese, when it differs (an error's message).
    """

    code: NoteCode
    value: str = ""
    value_vi: str = ""

    def text(self, lang: str) -> str:
        """The note in ``lang``: ``"vi"``, or English for any other value."""
        vi, en = _NOTES[self.code]
        return (vi if lang == "vi" else en).format(
            value=self.value, value_vi=self.value_vi or self.value
        )


class WarningCode(StrEnum):
    """What a reader's warning is about."""

    NO_NUMBER = "no_number"
    NO_DATE = "no_date"
    NO_KIND = "no_kind"
    NO_SIGNER = "no_signer"
    NO_ISSUER = "no_issuer"
    SUPPLIED = "supplied"
    NOT_A_DIRECTIVE = "not_a_directive"
    SAME_NUMBER = "same_number"
    OWNER_IMPLIED = "owner_implied"
    NO_OWNER = "no_owner"
    DEADLINE_NOTE = "deadline_note"
    UNDATED_DEADLINE = "undated_deadline"
    UNKNOWN_OWNER = "unknown_owner"


class ImpliedFrom(StrEnum):
    """Where an owner the item does not name was taken from."""

    HEADING = "heading"
    OPENING = "opening"
    ADDRESSEES = "addressees"
    ITEM = "item"


_IMPLIED_WORDS: Final[dict[ImpliedFrom, tuple[str, str]]] = {
    ImpliedFrom.HEADING: ("tiêu đề của phần", "the heading"),
    ImpliedFrom.OPENING: ("câu mở đầu", "the opening sentence"),
    ImpliedFrom.ADDRESSEES: ("phần kính gửi", "the addressees"),
}
#: The header parts the office may supply, as a reader calls them.
_PART_WORDS: Final[dict[str, tuple[str, str]]] = {
    "number": ("số văn bản", "number"),
    "issued_on": ("ngày ký", "signing date"),
    "issuer": ("cơ quan ban hành", "issuer"),
}
_NOTICE_WORDS: Final[dict[WarningCode, tuple[str, str]]] = {
    WarningCode.NO_NUMBER: (
        "không tìm thấy số văn bản (Số …)",
        "no number (Số …) found",
    ),
    WarningCode.NO_DATE: (
        "không tìm thấy dòng địa danh, ngày tháng (…, ngày … tháng … năm …): "
        "không có ngày ký; thời hạn không ghi năm được để trống",
        "no place-date line (…, ngày … tháng … năm …) found: no signing date; "
        "dates without a year are left undated",
    ),
    WarningCode.NO_KIND: (
        "không tìm thấy tên loại văn bản (Thông báo, Kết luận …)",
        "no title line (kind) found",
    ),
    WarningCode.NO_SIGNER: ("không tìm thấy người ký", "no signer found"),
    WarningCode.NO_ISSUER: (
        "không tìm thấy tên cơ quan ban hành",
        "no issuer block found; the issuing body could not be read",
    ),
}


@dataclass(frozen=True, order=True)
class ReaderWarning:
    """One judgment the reader made, to be checked by a manager.

    Build one with the constructors below (:func:`missing_part`, :func:`not_a_directive`
    …); show it with :meth:`text`.

    Args:
        code: what the warning is about.
        ref: the item's reference, or None for the notice as a whole.
        item: the item's text, to name an unnumbered item by its first words.
        phrase: the words read (an owner, a deadline, a header value).
        why: the finer reason (a :class:`Veto`, an :class:`ImpliedFrom`, a part).
        other_ref: another item's reference (the item an owner was taken from).
        other_item: that item's text.
        note: the judgment on a deadline phrase.
    """

    code: WarningCode
    ref: str | None = None
    item: str = ""
    phrase: str = ""
    why: str = ""
    other_ref: str = ""
    other_item: str = ""
    note: DeadlineNote | None = None

    def text(self, lang: str) -> str:
        """The warning in ``lang``: ``"vi"``, or English for any other value.

        Returns:
            "<what it is about>: <the judgment>", e.g. "mục 3: không phải nội dung
            chỉ đạo (đánh giá kết quả)" or "item 3: not a directive (evaluates
            results)".
        """
        vi = lang == "vi"
        if self.ref is None:
            about = "văn bản" if vi else "notice"
        else:
            about = item_name(self.ref, self.item, "vi" if vi else "en")
        return f"{about}: {self._body(vi)}"

    def _body(self, vi: bool) -> str:
        code = self.code
        if code in _NOTICE_WORDS:
            return _NOTICE_WORDS[code][0 if vi else 1]
        if code is WarningCode.SUPPLIED:
            part_vi, part_en = _PART_WORDS.get(self.why, (self.why, self.why))
            if vi:
                return (
                    f"{part_vi} do văn phòng nhập thay cho “{_vi_value(self.phrase)}”"
                )
            return f"{part_en} supplied by the office replaces {self.phrase}"
        if code is WarningCode.NOT_A_DIRECTIVE:
            veto = Veto(self.why)
            if vi:
                return f"không phải nội dung chỉ đạo ({VETO_VI[veto]})"
            return f"not a directive ({veto})"
        if code is WarningCode.SAME_NUMBER:
            if vi:
                return f"số mục bị trùng; mục sau được ghi là {self.ref}'"
            return f"the same number twice; the later item is kept as {self.ref}'"
        if code is WarningCode.OWNER_IMPLIED:
            source = ImpliedFrom(self.why)
            if source is ImpliedFrom.ITEM:
                where = item_name(self.other_ref, self.other_item, "vi" if vi else "en")
            else:
                where = _IMPLIED_WORDS[source][0 if vi else 1]
            if vi:
                return f"không nêu đơn vị thực hiện; đơn vị được suy ra từ {where}"
            return f"no owner named; owner implied from {where}"
        if code is WarningCode.NO_OWNER:
            if vi:
                return (
                    "không nêu và không suy ra được đơn vị thực hiện; cần lãnh đạo giao"
                )
            return "no owner named or implied; needs a manager"
        if code is WarningCode.DEADLINE_NOTE:
            note = self.note.text("vi" if vi else "en") if self.note else ""
            if vi:
                return f"thời hạn “{self.phrase}”: {note}"
            return f"deadline '{self.phrase}': {note}"
        if code is WarningCode.UNDATED_DEADLINE:
            if vi:
                return f"thời hạn “{self.phrase}” không có ngày cụ thể"
            return f"deadline '{self.phrase}' has no date"
        # WarningCode.UNKNOWN_OWNER
        if vi:
            return f"đơn vị “{self.phrase}” chưa có trong danh mục đơn vị"
        return f"owner '{self.phrase}' is not in the registry"


def _vi_value(value: str) -> str:
    """A value read from the header as the office writes it (dates dd/mm/yyyy)."""
    try:
        return f"{date.fromisoformat(value):%d/%m/%Y}"
    except ValueError:
        return value


def texts(
    warnings: tuple[ReaderWarning, ...] | list[ReaderWarning], lang: str
) -> list[str]:
    """Every warning in ``lang``, in order."""
    return [w.text(lang) for w in warnings]


# --- constructors, one per judgment ---------------------------------------------------


def missing_part(code: WarningCode) -> ReaderWarning:
    """A header part the notice does not give (``NO_NUMBER`` … ``NO_ISSUER``)."""
    return ReaderWarning(code)


def supplied_part(part: str, read: str) -> ReaderWarning:
    """A header part the office supplied in place of the one read.

    Args:
        part: ``"number"``, ``"issued_on"`` or ``"issuer"``.
        read: the value the text gave (a date as ISO).
    """
    return ReaderWarning(WarningCode.SUPPLIED, phrase=read, why=part)


def not_a_directive(ref: str, item: str, veto: Veto) -> ReaderWarning:
    """A numbered item that asks nobody to act, and why."""
    return ReaderWarning(WarningCode.NOT_A_DIRECTIVE, ref, item, why=veto.value)


def same_number(ref: str, item: str) -> ReaderWarning:
    """An item numbered like an earlier one; it is kept with a prime."""
    return ReaderWarning(WarningCode.SAME_NUMBER, ref, item)


def owner_implied(
    ref: str,
    item: str,
    source: ImpliedFrom,
    *,
    other_ref: str = "",
    other_item: str = "",
) -> ReaderWarning:
    """An item naming no owner, given one from its context or an earlier item."""
    return ReaderWarning(
        WarningCode.OWNER_IMPLIED,
        ref,
        item,
        why=source.value,
        other_ref=other_ref,
        other_item=other_item,
    )


def no_owner(ref: str, item: str) -> ReaderWarning:
    """An item naming no owner and giving none to imply."""
    return ReaderWarning(WarningCode.NO_OWNER, ref, item)


def deadline_note(
    ref: str, item: str, phrase: str, note: DeadlineNote
) -> ReaderWarning:
    """A deadline phrase read with a judgment."""
    return ReaderWarning(WarningCode.DEADLINE_NOTE, ref, item, phrase=phrase, note=note)


def undated_deadline(ref: str, item: str, phrase: str) -> ReaderWarning:
    """A deadline phrase that gives no date."""
    return ReaderWarning(WarningCode.UNDATED_DEADLINE, ref, item, phrase=phrase)


def unknown_owner(ref: str, item: str, owner: str) -> ReaderWarning:
    """An owner phrase the registry does not know."""
    return ReaderWarning(WarningCode.UNKNOWN_OWNER, ref, item, phrase=owner)
