"""Why the ledger holds a row as it does, in the office's language and in English.

Every reason stored on a delivery row (why a step was planned, skipped, deferred or
grouped) is decided by a builder here, which writes both sentences at once from the
same facts. The ledger keeps both; the CLI and the web show the one the reader asked
for. Dates are dd/mm/yyyy in both languages, as the office writes them.
"""

from dataclasses import dataclass
from datetime import date
from typing import Final


@dataclass(frozen=True)
class Reason:
    """One reason in both languages.

    Args:
        en: the English sentence.
        vi: the same sentence in Vietnamese.
    """

    en: str
    vi: str

    def text(self, lang: str) -> str:
        """The reason in ``lang`` ("vi" or "en"); English when no Vietnamese is known."""
        if lang == "vi" and self.vi:
            return self.vi
        return self.en

    def __bool__(self) -> bool:
        return bool(self.en or self.vi)


#: No reason: a row that is simply pending.
NO_REASON: Final = Reason("", "")

#: The ledger's step names in Vietnamese; a step the policy adds keeps its own name.
STEP_WORDS: Final[dict[str, str]] = {
    "assigned": "giao việc",
    "reminder": "nhắc hạn",
    "due": "đến hạn",
    "overdue": "quá hạn",
    "escalated": "báo cáo cấp trên",
    "digest": "tổng hợp",
    "progress_request": "đề nghị báo cáo tiến độ",
}
#: How often undated work is asked for progress, in Vietnamese.
_PERIOD_WORDS: Final[dict[str, str]] = {
    "monthly": "hằng tháng",
    "quarterly": "hằng quý",
    "yearly": "hằng năm",
}
#: Who a grouped row is for, in Vietnamese.
_ROLE_WORDS: Final[dict[str, str]] = {
    "superior": "cấp trên",
    "committee": "cơ quan ban hành",
}
#: Why a follow-up is not sent, by the status the work has when its time comes.
_CLOSED: Final[dict[str, Reason]] = {
    "done": Reason("the work was done", "nhiệm vụ đã hoàn thành"),
    "cancelled": Reason("the work was cancelled", "nhiệm vụ đã bị hủy"),
    "reported": Reason(
        "the work was reported done and awaits acceptance",
        "nhiệm vụ đã báo cáo hoàn thành, đang chờ nghiệm thu",
    ),
    "needs_owner": Reason("the work has no owner", "nhiệm vụ chưa có đơn vị thực hiện"),
}
_CLOSED_OTHERWISE: Final = Reason("the work is closed", "nhiệm vụ đã kết thúc")


def step_word(name: str) -> str:
    """A ledger step's name in Vietnamese (its own name when it has no translation)."""
    return STEP_WORDS.get(name, name)


def _vi_date(day: date) -> str:
    return f"{day:%d/%m/%Y}"


# --- decided by the planner ------------------------------------------------------------


def work_registered() -> Reason:
    """The ``assigned`` notice of new work."""
    return Reason("work registered", "nhiệm vụ mới được giao")


def superseded_by(step: str) -> Reason:
    """A step fallen due together with a later one, which alone is sent."""
    return Reason(
        f"superseded by {step}", f"không gửi vì đã đến bước {step_word(step)}"
    )


def ladder_step(step: str, offset: int, fire_on: date, due_on: date) -> Reason:
    """A ladder step sent: the due date, the step's place on the ladder, its day.

    Args:
        step: the step's name.
        offset: working days from the due date (negative before it).
        fire_on: the day the step fell due.
        due_on: the due date (or milestone) it hangs off.
    """
    if offset == 0:
        when, when_vi = "on the due date", "đúng ngày đến hạn"
    else:
        n = abs(offset)
        side, side_vi = ("before", "trước") if offset < 0 else ("after", "sau")
        when = f"{n} working day{'s' if n > 1 else ''} {side} it"
        when_vi = f"{n} ngày làm việc {side_vi} hạn"
    return Reason(
        f"due {_vi_date(due_on)}; {step} {when}, from {_vi_date(fire_on)}",
        f"hạn {_vi_date(due_on)}; bước {step_word(step)} {when_vi}, "
        f"từ ngày {_vi_date(fire_on)}",
    )


def at_milestone(milestone: date, why: Reason) -> Reason:
    """A step of a milestone's own follow-up: the milestone, then the step's reason."""
    return Reason(
        f"milestone {_vi_date(milestone)}; {why.en}",
        f"mốc {_vi_date(milestone)}; {why.vi}",
    )


def progress_due(last_asked: date | None, every: str) -> Reason:
    """A progress request for work without a due date.

    Args:
        last_asked: the day progress was last asked for, ``None`` if never.
        every: the policy's period (``monthly``, ``quarterly``, ``yearly``).
    """
    if last_asked is None:
        asked, asked_vi = "never asked", "chưa đề nghị lần nào"
    else:
        asked = f"last asked on {_vi_date(last_asked)}"
        asked_vi = f"đề nghị gần nhất ngày {_vi_date(last_asked)}"
    return Reason(
        f"no due date; {asked}; every {every}",
        f"không có hạn; {asked_vi}; đề nghị {_PERIOD_WORDS.get(every, every)}",
    )


# --- decided by the sweep and the delivery pass ----------------------------------------


def for_recipient(step: str, name: str, role: str) -> Reason:
    """A step's row for the superior or the issuing body, grouped into their digest.

    Args:
        step: the step's name.
        name: the recipient body's name (never its registry code).
        role: ``"superior"`` or ``"committee"``.
    """
    return Reason(
        f"{step} for {name} ({role})",
        f"bước {step_word(step)} gửi {name} ({_ROLE_WORDS.get(role, role)})",
    )


def overdue_count(count: int) -> Reason:
    """The weekly digest of an issuing body."""
    return Reason(f"{count} overdue item(s)", f"{count} nhiệm vụ quá hạn")


def for_superior(count: int) -> Reason:
    """An escalation digest grouping ``count`` items."""
    return Reason(
        f"{count} item(s) for the attention of a superior",
        f"{count} nhiệm vụ cần cấp trên chỉ đạo",
    )


def no_address() -> Reason:
    """A message nobody can receive."""
    return Reason("no e-mail address on record", "chưa có địa chỉ thư điện tử")


def work_closed(status: str) -> Reason:
    """A follow-up whose work is no longer open when its time comes."""
    return _CLOSED.get(status, _CLOSED_OTHERWISE)


def validity_ended(on: date) -> Reason:
    """A message to a body that has ceased (renamed, merged, dissolved).

    The English keeps the day first, as the rows stored before both languages say it.
    """
    return Reason(
        f"the body's validity ended on {on:%d/%m/%Y}",
        f"đơn vị đã hết hiệu lực từ ngày {_vi_date(on)}",
    )


def owner_ceased(name: str, on: date) -> Reason:
    """Open work of a body that has ceased, sent to review."""
    return Reason(
        f"{name} ceased on {_vi_date(on)}: the work needs a new owner",
        f"{name} hết hiệu lực từ ngày {_vi_date(on)}: "
        "nhiệm vụ cần giao cho đơn vị khác",
    )


def no_assignment(rule: str) -> Reason:
    """A step's row that names no assignment."""
    return Reason(
        f"a {rule!r} row names no assignment",
        f"dòng {step_word(rule)!r} không gắn với nhiệm vụ nào",
    )


def assignment_gone(assignment_id: int) -> Reason:
    """A row whose assignment was deleted."""
    return Reason(
        f"assignment {assignment_id} no longer exists",
        f"nhiệm vụ {assignment_id} không còn tồn tại",
    )


def no_due_date() -> Reason:
    """A dated message for work whose due date was removed."""
    return Reason("the work has no due date any more", "nhiệm vụ không còn hạn")


def no_message(message: str) -> Reason:
    """A step whose message the application does not compose."""
    return Reason(
        f"no mail is composed for the step's message {message!r}",
        f"không có mẫu thư cho bước {message!r}",
    )


def digest_empty() -> Reason:
    """A digest none of whose items needs attention any more."""
    return Reason(
        "no item of the digest needs attention any more",
        "không còn nhiệm vụ nào trong bản tổng hợp cần xem xét",
    )
