"""The words of the command's output in Vietnamese (default) and English.

Sentences are written in place, in both languages (:func:`cli.common.tr`); this module
holds the shared vocabulary (status, role and mail-step words) and the translation of
the error lines that come from deeper layers.
"""

import re
from typing import Literal

from domain.errors import DirectiveError

Lang = Literal["vi", "en"]

STATUS: dict[str, tuple[str, str]] = {
    "open": ("đang thực hiện", "open"),
    "needs_owner": ("chưa có đơn vị", "needs an owner"),
    "reported": ("đã báo cáo", "reported"),
    "returned": ("bị trả lại", "returned"),
    "done": ("hoàn thành", "done"),
    "cancelled": ("đã hủy", "cancelled"),
    "overdue": ("quá hạn", "overdue"),
    "review": ("cần xem lại", "to review"),
}
ROLE: dict[str, tuple[str, str]] = {
    "lead": ("chủ trì", "lead"),
    "support": ("phối hợp", "support"),
}
DELIVERY: dict[str, tuple[str, str]] = {
    "pending": ("chờ gửi", "pending"),
    "deferred": ("hoãn", "deferred"),
    "sending": ("đang gửi", "sending"),
    "sent": ("đã gửi", "sent"),
    "failed": ("lỗi", "failed"),
    "skipped": ("bỏ qua", "skipped"),
    "grouped": ("gộp", "grouped"),
}
STEP: dict[str, tuple[str, str]] = {
    "assigned": ("giao việc", "assigned"),
    "reminder": ("nhắc hạn", "reminder"),
    "due": ("đến hạn", "due"),
    "overdue": ("quá hạn", "overdue"),
    "escalated": ("báo cáo cấp trên", "escalated"),
    "digest": ("tổng hợp tuần", "digest"),
    "digest-item": ("mục tổng hợp", "digest item"),
    "progress_request": ("đề nghị báo cáo tiến độ", "progress request"),
    "completion_reported": ("báo cáo hoàn thành", "completion reported"),
    "accepted": ("đã nghiệm thu", "accepted"),
    "returned": ("trả lại", "returned"),
    "extended": ("gia hạn", "extended"),
    "reassigned": ("giao lại", "reassigned"),
    "cancelled": ("hủy", "cancelled"),
    "created": ("tạo", "created"),
    "progress": ("tiến độ", "progress"),
    "report": ("báo cáo định kỳ", "report"),
}
RECURRENCE: dict[str, tuple[str, str]] = {
    "ongoing": ("thường xuyên", "ongoing"),
    "weekly": ("hằng tuần", "weekly"),
    "monthly": ("hằng tháng", "monthly"),
    "quarterly": ("hằng quý", "quarterly"),
    "yearly": ("hằng năm", "yearly"),
    "periodic": ("định kỳ", "periodic"),
}


def word(table: dict[str, tuple[str, str]], key: str | None, lang: Lang) -> str:
    """The word for ``key`` in ``lang``; an unknown key is shown as it is."""
    if not key:
        return ""
    found = table.get(key)
    if found is None:
        return key.replace("_", " ")
    return found[0] if lang == "vi" else found[1]


def error_prefix(lang: Lang) -> str:
    """The first word of an error line."""
    return "lỗi" if lang == "vi" else "error"


# Error lines raised below the CLI are written in English; these patterns give the
# Vietnamese of the common ones (anything else is shown as raised).
_ERRORS_VI: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^database is not at the current version, run `directives init`$"),
        "cơ sở dữ liệu chưa ở phiên bản hiện tại, hãy chạy `directives init`",
    ),
    (
        re.compile(r"^assignment (?P<id>\d+) does not exist$"),
        "nhiệm vụ {id} không tồn tại",
    ),
    (
        re.compile(r"^(?P<what>--[\w-]+): (?P<text>'.*') is not a date \(.*\)$"),
        "{what}: {text} không phải là ngày (dd/mm/yyyy hoặc YYYY-MM-DD)",
    ),
    (
        re.compile(r"^(?P<what>--[\w-]+): (?P<text>'.*') is not a date-time.*$"),
        "{what}: {text} không phải là thời điểm (ISO-8601 hoặc dd/mm/yyyy HH:MM)",
    ),
    (
        re.compile(r"^(?P<what>--[\w-]+): (?P<text>'.*') is outside (?P<range>.*)$"),
        "{what}: {text} nằm ngoài khoảng {range}",
    ),
    (
        re.compile(
            r"^(?P<what>--[\w-]+): unknown value (?P<text>'.*'); use (?P<known>.*)$"
        ),
        "{what}: không có giá trị {text}; dùng {known}",
    ),
    (
        re.compile(
            r"^(?P<what>--[\w-]+): (?P<text>'.*') is no organisation of the registry$"
        ),
        "{what}: {text} không phải là đơn vị nào trong danh mục",
    ),
    (
        re.compile(r"^(?P<what>--[\w-]+): (?P<text>'.*') issued no notice$"),
        "{what}: {text} chưa ban hành thông báo nào",
    ),
    (
        re.compile(r"^(?P<file>.+): file does not exist$"),
        "{file}: tệp không tồn tại",
    ),
]


def localize_error(err: Exception, lang: Lang) -> str:
    """The error's line in ``lang``."""
    if isinstance(err, DirectiveError) and err.vi:
        return err.text(lang)
    text = str(err)
    if lang == "en":
        return text
    for pattern, vi in _ERRORS_VI:
        found = pattern.match(text)
        if found:
            return vi.format(**found.groupdict())
    return text
