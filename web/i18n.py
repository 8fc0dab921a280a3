"""The words of the pages, in Vietnamese (default) and English, and the date formats.

Dates are dd/mm/yyyy in both languages; instants are shown in the office's zone.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.history import SYSTEM_ACTORS, EventView, describe_event
from domain.status import ReportStatus

_TEXT: dict[str, tuple[str, str]] = {
    "app": ("Theo dõi thực hiện nhiệm vụ", "Directive follow-up"),
    "skip": ("Bỏ qua, đến nội dung chính", "Skip to main content"),
    "nav.overview": ("Tổng quan", "Overview"),
    "nav.list": ("Nhiệm vụ", "Assignments"),
    "nav.ingest": ("Đăng ký văn bản", "Register a notice"),
    "nav.reports": ("Báo cáo", "Reports"),
    "nav.ledger": ("Nhật ký gửi thư", "Mail ledger"),
    "nav.org": ("Đơn vị của tôi", "My organisation"),
    "signed_in_as": ("Đăng nhập:", "Signed in:"),
    "logout": ("Đăng xuất", "Sign out"),
    "language": ("English", "Tiếng Việt"),
    "login.title": ("Đăng nhập", "Sign in"),
    "login.email": ("Thư điện tử", "E-mail address"),
    "login.password": ("Mật khẩu", "Password"),
    "login.submit": ("Đăng nhập", "Sign in"),
    "login.failed": (
        "Thư điện tử hoặc mật khẩu không đúng.",
        "Wrong e-mail address or password.",
    ),
    "login.locked": (
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
        "Too many failed sign-ins. Please try again in 15 minutes.",
    ),
    "overview.title": ("Tổng quan", "Overview"),
    "overview.as_of": ("Số liệu đến ngày", "Figures as of"),
    "overview.total": ("Tổng số nhiệm vụ", "Assignments in total"),
    "overview.split": ("Theo kết quả thực hiện", "By outcome"),
    "overview.other": ("Theo dõi thêm", "Also tracked"),
    "overview.overdue": ("Quá hạn chưa hoàn thành", "Overdue, not done"),
    "overview.days_overdue": ("Số ngày quá hạn", "Days overdue"),
    "overview.due_soon": (
        "Đến hạn trong 5 ngày làm việc tới",
        "Due in the next 5 working days",
    ),
    "overview.recent": ("Hoạt động gần đây", "Recent activity"),
    "overview.none": ("Không có.", "None."),
    "overview.see_all": ("Xem tất cả", "See all"),
    "list.title": ("Danh sách nhiệm vụ", "Assignments"),
    "list.filter": ("Lọc", "Filter"),
    "list.status": ("Tình trạng", "Status"),
    "list.any": ("Tất cả", "Any"),
    "list.owner": ("Đơn vị", "Organisation"),
    "list.include_sub": (
        "Gồm cả đơn vị trực thuộc",
        "Include the organisations under it",
    ),
    "list.notice": ("Số văn bản", "Notice number"),
    "list.due_from": ("Hạn từ ngày", "Due from"),
    "list.due_to": ("đến ngày", "Due until"),
    "list.text": ("Tìm theo nội dung", "Search text"),
    "list.sort": ("Sắp xếp", "Sort by"),
    "list.desc": ("Giảm dần", "Descending"),
    "list.apply": ("Áp dụng", "Apply"),
    "list.csv": ("Tải CSV", "Download CSV"),
    "list.count": ("Tìm thấy {n} nhiệm vụ", "{n} assignments found"),
    "list.page": ("Trang {page}/{pages}", "Page {page} of {pages}"),
    "list.prev": ("Trang trước", "Previous page"),
    "list.next": ("Trang sau", "Next page"),
    "sort.due": ("Hạn", "Due date"),
    "sort.status": ("Tình trạng", "Status"),
    "sort.owner": ("Đơn vị", "Organisation"),
    "sort.notice": ("Văn bản", "Notice"),
    "sort.updated": ("Cập nhật", "Last change"),
    "col.item": ("Mục", "Item"),
    "col.notice": ("Văn bản", "Notice"),
    "col.owner": ("Đơn vị thực hiện", "Owner"),
    "col.role": ("Vai trò", "Role"),
    "col.summary": ("Nội dung", "Directive"),
    "col.due": ("Hạn", "Due"),
    "col.status": ("Tình trạng", "Status"),
    "col.when": ("Thời gian", "When"),
    "col.what": ("Nội dung", "What"),
    "col.who": ("Người thực hiện", "By"),
    "col.to": ("Gửi đến", "To"),
    "col.reason": ("Lý do", "Reason"),
    "col.total": ("Tổng", "Total"),
    "col.rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "a.title": ("Nhiệm vụ", "Assignment"),
    "a.directive": ("Nội dung chỉ đạo", "Directive"),
    "a.notice": ("Văn bản", "Notice"),
    "a.issuer": ("Cơ quan ban hành", "Issued by"),
    "a.owner": ("Đơn vị thực hiện", "Owner"),
    "a.owner_text": ("Ghi trong văn bản", "As written"),
    "a.no_owner": ("Chưa có đơn vị", "No owner yet"),
    "a.role": ("Vai trò", "Role"),
    "a.co_owners": ("Các đơn vị cùng thực hiện", "Other owners of the directive"),
    "a.due": ("Thời hạn", "Due"),
    "a.due_original": ("Thời hạn ban đầu", "Originally due"),
    "a.due_text": ("Theo văn bản", "As the notice says"),
    "a.no_due": ("Không có thời hạn", "No deadline"),
    "a.milestones": ("Các mốc thời hạn", "Milestones"),
    "a.timeline": ("Diễn biến", "Timeline"),
    "a.ledger": ("Thư đã gửi và dự kiến gửi", "Mail sent and planned"),
    "a.reported_on": ("Ngày báo cáo hoàn thành", "Reported done on"),
    "a.accepted_on": ("Ngày tiếp nhận", "Accepted on"),
    "a.actions": ("Thao tác", "Actions"),
    "a.progress": ("Báo cáo tiến độ", "Report progress"),
    "a.done": ("Báo cáo hoàn thành", "Report done"),
    "a.accept": ("Tiếp nhận kết quả", "Accept"),
    "a.return": ("Trả lại báo cáo", "Return the report"),
    "a.extend": ("Gia hạn", "Extend"),
    "a.assign": ("Giao / chuyển đơn vị", "Assign or hand over"),
    "f.note": ("Nội dung báo cáo", "Note"),
    "f.evidence": ("Đường dẫn minh chứng", "Evidence link"),
    "f.document": ("Số văn bản báo cáo", "Report document number"),
    "f.reason": ("Lý do", "Reason"),
    "f.to": ("Gia hạn đến ngày", "New due date"),
    "f.approved_by": ("Cấp cho phép gia hạn", "Approved by"),
    "f.org": ("Đơn vị", "Organisation"),
    "f.optional": ("(không bắt buộc)", "(optional)"),
    "f.choose": ("— chọn —", "— choose —"),
    "saved": ("Đã ghi nhận.", "Saved."),
    "error": ("Không thực hiện được", "Could not do that"),
    "forbidden": ("Bạn không có quyền xem trang này.", "You may not see this page."),
    "not_found": ("Không tìm thấy.", "Not found."),
    "csrf": (
        "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang.",
        "The form expired or is not valid. Please reload the page.",
    ),
    "back": ("Quay lại", "Back"),
    "err.state": (
        "Nhiệm vụ đang ở tình trạng không cho phép thao tác này",
        "The assignment's status does not allow this",
    ),
    "err.missing": ("Không tìm thấy", "Not found"),
    "err.notice": ("Không đọc được văn bản", "The notice could not be read"),
    "err.conflict": ("Trùng với dữ liệu đã có", "Conflicts with what is stored"),
    "err.input": ("Thông tin chưa hợp lệ", "Some input is not valid"),
    "n.title": ("Văn bản", "Notice"),
    "n.signer": ("Người ký", "Signed by"),
    "n.recipients": ("Nơi nhận", "Distribution"),
    "n.text": (
        "Toàn văn (các đoạn chỉ đạo được tô đậm)",
        "Full text (directives highlighted)",
    ),
    "n.directives": ("Các nội dung chỉ đạo", "Directives"),
    "n.history": ("Lịch sử", "History"),
    "n.registered": ("Đăng ký vào hệ thống", "Registered"),
    "n.amended": ("Sửa đổi, bổ sung", "Amended"),
    "n.file": ("tệp", "file"),
    "n.change.added": ("bổ sung nội dung chỉ đạo mới", "new directive added"),
    "n.change.dropped": (
        "bị bãi bỏ; các nhiệm vụ của mục này đã hủy",
        "dropped; its assignments are cancelled",
    ),
    "n.change.text": ("sửa lời văn", "wording changed"),
    "n.change.deadline": (
        "thời hạn đổi từ {before} thành {after} (thời hạn ban đầu vẫn giữ cho báo cáo)",
        "deadline moved from {before} to {after} (the original is kept for reports)",
    ),
    "n.change.none": (
        "văn bản mới không làm thay đổi nội dung chỉ đạo nào",
        "the new text changed no directive",
    ),
    "o.title": ("Đơn vị", "Organisation"),
    "o.parent": ("Cấp trên", "Superior"),
    "o.rollup": (
        "Tổng hợp (gồm đơn vị trực thuộc)",
        "Rolled up (with the organisations under it)",
    ),
    "o.by_org": ("Theo từng đơn vị", "Per organisation"),
    "i.title": ("Đăng ký văn bản chỉ đạo", "Register a notice"),
    "i.file": (
        "Tệp văn bản (.txt, .docx, .pdf; tối đa 5 MB)",
        "Notice file (.txt, .docx, .pdf; at most 5 MB)",
    ),
    "i.read": ("Đọc văn bản", "Read the notice"),
    "i.found": ("Kết quả đọc văn bản", "What the reader found"),
    "i.resolved": ("đã xác định", "resolved"),
    "i.unresolved": ("chưa xác định được đơn vị", "not resolved"),
    "i.implied": ("suy ra từ ngữ cảnh", "implied from context"),
    "i.phrase": ("Cụm từ trong văn bản", "Phrase in the notice"),
    "i.remember": (
        "Ghi nhớ tên gọi này cho đơn vị đã chọn",
        "Remember this name for the chosen organisation",
    ),
    "i.due_for": ("Thời hạn", "Due date"),
    "i.filename": ("Tệp", "File"),
    "i.header": ("Số, ngày và cơ quan ban hành", "Number, date and issuer"),
    "i.missing": ("Văn bản thiếu", "The text lacks"),
    "i.supply": (
        "Vui lòng nhập phần còn thiếu trước khi xác nhận.",
        "Please supply what is missing before confirming.",
    ),
    "i.not_found": ("không thấy trong văn bản", "not found in the text"),
    "i.issuer_unknown": (
        "chưa có trong danh mục đơn vị",
        "not in the organisation registry",
    ),
    "i.part.number": ("Số, ký hiệu văn bản", "Number and symbol"),
    "i.part.issued_on": ("Ngày ban hành", "Date of signing"),
    "i.part.issuer": ("Cơ quan ban hành", "Issuing body"),
    "date.placeholder": ("dd/mm/yyyy", "dd/mm/yyyy"),
    "date.title": (
        "Ngày/tháng/năm, ví dụ 31/12/2024",
        "Day/month/year, for example 31/12/2024",
    ),
    "i.confirm": ("Xác nhận đăng ký", "Confirm and register"),
    "i.warnings": ("Lưu ý khi đọc", "Reader's notes"),
    "i.done": (
        "Đã đăng ký văn bản {number}: {n} nhiệm vụ.",
        "Registered {number}: {n} assignments.",
    ),
    "i.unchanged": (
        "Văn bản này đã được đăng ký trước đây; không có thay đổi.",
        "This notice was registered before; nothing changed.",
    ),
    "r.title": ("Báo cáo kết quả thực hiện", "Compliance report"),
    "r.as_of": ("Số liệu đến ngày", "As of"),
    "r.period": ("Kỳ báo cáo (quý, tháng, năm)", "Period (quarter, month, year)"),
    "r.covers": ("Kỳ báo cáo:", "Period:"),
    "r.up_to": ("đến ngày", "up to"),
    "r.download": ("Tải về", "Download"),
    "r.show": ("Xem báo cáo", "Show the report"),
    "r.issuer": ("Cơ quan ban hành", "Issuer"),
    "l.title": ("Nhật ký gửi thư", "Mail ledger"),
    "l.retry": ("Gửi lại", "Retry"),
    "l.rule": ("Loại thư", "Message"),
    "l.error": ("Lỗi", "Error"),
    "l.attempts": ("Số lần gửi", "Attempts"),
}

_STATUS: dict[str, tuple[str, str]] = {
    "open": ("đang thực hiện", "open"),
    "needs_owner": ("chưa có đơn vị", "needs an owner"),
    "reported": ("đã báo cáo, chờ tiếp nhận", "reported, awaiting acceptance"),
    "returned": ("bị trả lại", "returned"),
    "done": ("đã hoàn thành", "done"),
    "cancelled": ("đã hủy", "cancelled"),
}

_CATEGORY_EN = {
    ReportStatus.DONE_ON_TIME: "done on time",
    ReportStatus.DONE_LATE: "done late",
    ReportStatus.OPEN_IN_TERM: "open, within term",
    ReportStatus.OVERDUE: "overdue, not done",
    ReportStatus.ONGOING: "ongoing",
    ReportStatus.NO_DEADLINE: "no deadline",
    ReportStatus.EXTENDED: "extended",
    ReportStatus.RETURNED: "returned",
    ReportStatus.NEEDS_OWNER: "needs an owner",
}

_RULE: dict[str, tuple[str, str]] = {
    "assigned": ("thông báo giao nhiệm vụ", "assignment notice"),
    "reminder": ("nhắc sắp đến hạn", "reminder before the due date"),
    "due": ("nhắc đến hạn", "due today"),
    "overdue": ("thông báo quá hạn", "overdue notice"),
    "escalated": ("báo cáo Thường trực", "escalation to the committee"),
    "digest": ("thư tổng hợp", "digest"),
    "digest-item": ("mục của thư tổng hợp", "digest item"),
    "progress_request": ("đề nghị báo cáo tiến độ", "progress request"),
    "completion_reported": ("báo cáo hoàn thành", "completion report"),
    "accepted": ("thông báo tiếp nhận", "acceptance"),
    "returned": ("thông báo trả lại", "return notice"),
    "extended": ("thông báo gia hạn", "extension notice"),
    "compliance_report": ("báo cáo định kỳ", "compliance report"),
}

_DELIVERY: dict[str, tuple[str, str]] = {
    "pending": ("chờ gửi", "waiting"),
    "deferred": ("hoãn đến giờ làm việc", "deferred to working hours"),
    "sent": ("đã gửi", "sent"),
    "failed": ("gửi lỗi, sẽ gửi lại", "failed, will retry"),
    "skipped": ("không gửi", "skipped"),
    "grouped": ("gộp vào thư tổng hợp", "grouped into a digest"),
}

_ROLE: dict[str, tuple[str, str]] = {
    "lead": ("chủ trì", "lead"),
    "support": ("phối hợp", "supporting"),
}


def _pick(table: dict[str, tuple[str, str]], key: str, locale: str) -> str:
    pair = table.get(key)
    if pair is None:
        return key.replace("_", " ")
    return pair[1] if locale == "en" else pair[0]


class Words:
    """The words of one locale, as the templates use them."""

    def __init__(self, locale: str, zone: str) -> None:
        self.locale = "en" if locale == "en" else "vi"
        self.zone = ZoneInfo(zone)

    def __call__(self, key: str, **values: Any) -> str:
        text = _pick(_TEXT, key, self.locale)
        return text.format(**values) if values else text

    def status(self, value: str) -> str:
        return _pick(_STATUS, value, self.locale)

    def category(self, value: str) -> str:
        category = ReportStatus(value)
        return _CATEGORY_EN[category] if self.locale == "en" else category.label

    def rule(self, value: str) -> str:
        return _pick(_RULE, value, self.locale)

    def delivery(self, value: str) -> str:
        return _pick(_DELIVERY, value, self.locale)

    def role(self, value: str) -> str:
        return _pick(_ROLE, value, self.locale)

    def day(self, value: date | None) -> str:
        return value.strftime("%d/%m/%Y") if value else "—"

    def moment(self, value: datetime | None) -> str:
        if value is None:
            return "—"
        local = value.astimezone(self.zone)
        offset = local.strftime("%z")
        return f"{local:%d/%m/%Y %H:%M} {offset[:3]}:{offset[3:]}"

    def actor(self, value: str) -> str:
        """Who did it: an account as it is, the service in words."""
        return (
            _pick(SYSTEM_ACTORS, value, self.locale)
            if value in SYSTEM_ACTORS
            else value
        )

    def happened(
        self,
        kind: str,
        actor: str,
        payload: Mapping[str, object],
        org_names: Mapping[str, str] | None = None,
    ) -> EventView:
        """An event of an assignment's history in the user's language."""
        return describe_event(
            kind, actor, payload, lang=self.locale, org_names=org_names or {}
        )

    def rate(self, value: float | None) -> str:
        if value is None:
            return "—"
        text = f"{value * 100:.1f}"
        return (text if self.locale == "en" else text.replace(".", ",")) + "%"
