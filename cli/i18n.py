"""The words of the command's output in Vietnamese (default) and English.

Sentences are written in place, in both languages (:func:`cli.common.tr`); this module
holds the shared vocabulary (status, role and mail-step words) and the error line.
Help pages are translated by :mod:`cli.help_vi`.
"""

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
#: Kinds of organisation (domain.registry.ORG_KINDS).
ORG_KIND: dict[str, tuple[str, str]] = {
    "committee": ("cấp ủy", "committee"),
    "office": ("văn phòng", "office"),
    "board": ("ban", "board"),
    "party_committee": ("tổ chức đảng", "party committee"),
    "government": ("chính quyền", "government"),
    "department": ("cơ quan chuyên môn", "department"),
    "collaborators": ("cộng tác viên", "collaborators"),
    "group": ("nhóm đơn vị", "group"),
    "person": ("cá nhân", "person"),
    "other": ("khác", "other"),
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


def localize_error(err: Exception, lang: Lang) -> str:
    """The error's line in ``lang``: each error of the project carries its Vietnamese
    from where it was raised; anything else is shown as raised."""
    if isinstance(err, DirectiveError):
        return err.text(lang)
    return str(err)
