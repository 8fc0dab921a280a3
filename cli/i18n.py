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


# Errors carry their Vietnamese from where they are raised (``vi=``); these patterns
# give it to the database errors raised below the application, until those carry it.
_ERRORS_VI: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^database is not at the current version, run `directives init`$"),
        "cơ sở dữ liệu chưa ở phiên bản hiện tại, hãy chạy `directives init`",
    ),
    (
        re.compile(r"^cannot reach the database (?P<where>\S+): (?P<reason>.*)$"),
        "không kết nối được cơ sở dữ liệu {where}: {reason}",
    ),
]


# Why a notice could not be read (NoticeParseError.reason), by its start.
_NOTICE_REASONS_VI: list[tuple[str, str]] = [
    ("the file is empty", "tệp rỗng"),
    ("the notice is empty", "thông báo không có nội dung"),
    ("the file is not text", "tệp không phải văn bản"),
    ("the file contains no text", "tệp không có chữ"),
    ("no directives found", "không tìm thấy nội dung chỉ đạo nào"),
    ("file not found", "không tìm thấy tệp"),
    ("is a directory, not a file", "là thư mục, không phải tệp"),
    ("binary data, not text", "dữ liệu nhị phân, không phải văn bản"),
    ("undecodable bytes", "có byte không giải mã được"),
    ("this is not a notice", "đây không phải là thông báo"),
    ("not a readable PDF", "không đọc được tệp PDF"),
    ("not a readable .docx file", "không đọc được tệp .docx"),
    (
        "the PDF has no text layer; it needs OCR first",
        "tệp PDF không có lớp chữ, cần nhận dạng chữ (OCR) trước",
    ),
    ("the PDF is password-protected", "tệp PDF có mật khẩu"),
    ("the PDF has no pages", "tệp PDF không có trang nào"),
    ("the notice is larger than the limit", "thông báo vượt quá giới hạn"),
    ("cannot read the file", "không đọc được tệp"),
]


def _notice_reason(err: Exception) -> str | None:
    reason = getattr(err, "reason", None)
    if not isinstance(reason, str):
        return None
    for start, vi in _NOTICE_REASONS_VI:
        if reason.startswith(start):
            rest = reason[len(start) :]
            text = str(err)
            return text[: len(text) - len(reason)] + vi + rest
    return None


def localize_error(err: Exception, lang: Lang) -> str:
    """The error's line in ``lang``."""
    if isinstance(err, DirectiveError) and err.vi:
        return err.text(lang)
    text = str(err)
    if lang == "en":
        return text
    notice = _notice_reason(err)
    if notice is not None:
        return notice
    for pattern, vi in _ERRORS_VI:
        found = pattern.match(text)
        if found:
            return vi.format(**found.groupdict())
    return text
