"""View models: exactly the fields each message shows.

Templates never see ORM rows. The caller (the use cases in ``app/``) reads what it needs
from the database and builds one of these frozen dataclasses; rendering is then a pure
function of the view. Every view carries the recipient's display name and a locale
(``"vi"`` by default, ``"en"`` supported).

Day counts (``working_days_left``, ``days_overdue``) are working days, as the
escalation ladder counts them; the caller computes them with the work calendar.
Links are absolute URLs; :func:`assignment_url` builds the usual one.

Message names and their views are listed in :data:`MESSAGES`.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from notifications.formatting import (
    Locale,
    Recurrence,
    Role,
    check_locale,
    item_name,
)


def assignment_url(base_url: str, assignment_id: int | str) -> str:
    """Build the link to one assignment in the web interface.

    Args:
        base_url: the public base URL of the application (``BASE_URL`` setting).
        assignment_id: the assignment's id.

    Returns:
        ``{base_url}/assignments/{assignment_id}`` without a doubled slash.
    """
    return f"{base_url.rstrip('/')}/assignments/{assignment_id}"


@dataclass(frozen=True, kw_only=True)
class NoticeRef:
    """The notice a directive comes from, as cited in mail.

    Args:
        number: number and symbol, e.g. ``"629-TB/HU"``.
        kind: the kind as printed, e.g. ``"THÔNG BÁO"`` (shown in sentence case).
        issued_on: the signing date.
        issuer: the issuing body, e.g. ``"Thường trực Huyện ủy"``.
    """

    number: str
    kind: str
    issued_on: date
    issuer: str


@dataclass(frozen=True, kw_only=True)
class DirectiveRef:
    """One numbered directive of a notice.

    Args:
        ref: its number in the notice, e.g. ``"1"``, ``"II.3"``, ``"2.b"``.
        text: the directive's text.
    """

    ref: str
    text: str

    def name(self, locale: str, capital: bool = False) -> str:
        """How mail names it: "mục 4", or words for an unnumbered item.

        See :func:`notifications.formatting.item_name`.
        """
        return item_name(self.ref, self.text, locale, capital=capital)


@dataclass(frozen=True, kw_only=True)
class Milestone:
    """An intermediate deadline inside one directive.

    Args:
        due_on: the milestone's date.
        text: what is due then, ideally the phrase from the notice.
    """

    due_on: date
    text: str


@dataclass(frozen=True, kw_only=True)
class MessageView:
    """What every message has: who it greets and in which language.

    Args:
        recipient_name: display name of the recipient (a person or an organisation).
        locale: ``"vi"`` (default) or ``"en"``.
    """

    recipient_name: str
    locale: Locale = "vi"

    def __post_init__(self) -> None:
        check_locale(self.locale)


@dataclass(frozen=True, kw_only=True)
class AssignmentView(MessageView):
    """What every message about a single assignment has.

    Args:
        notice: the notice the directive comes from.
        directive: the directive.
        owner_name: the organisation that owns the assignment.
        link: absolute URL of the assignment (see :func:`assignment_url`).
    """

    notice: NoticeRef
    directive: DirectiveRef
    owner_name: str
    link: str


@dataclass(frozen=True, kw_only=True)
class AssignedView(AssignmentView):
    """``assigned``: the owner is given new work.

    Args:
        role: ``"lead"`` (chủ trì) or ``"support"`` (phối hợp).
        due_on: the due date, or ``None`` when the notice sets none.
        due_text: the deadline phrase as written in the notice, if any.
        recurrence: how the work repeats, or ``None`` for one-off work.
        milestones: intermediate deadlines, in date order.
        days_overdue: working days the work is already past its due date when it is
            assigned (a notice registered late); 0 when it is not.
    """

    role: Role
    due_on: date | None
    due_text: str | None = None
    recurrence: Recurrence | None = None
    milestones: tuple[Milestone, ...] = ()
    days_overdue: int = 0


@dataclass(frozen=True, kw_only=True)
class ReminderView(AssignmentView):
    """``reminder``: the due date is a few working days away.

    Args:
        due_on: the due date.
        working_days_left: working days from today until the due date.
        original_due_on: the due date first set, when an extension moved it
            (shown beside the date in force, which alone judges the work).
    """

    due_on: date
    working_days_left: int
    original_due_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class DueView(AssignmentView):
    """``due``: the assignment is due today.

    Args:
        due_on: the due date (today).
        original_due_on: the due date first set, when an extension moved it
            (shown beside the date in force, which alone judges the work).
        today: the day the mail speaks as of: the due date, or the last working day
            before it when the due date is a day off.
    """

    due_on: date
    today: date
    original_due_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class OverdueView(AssignmentView):
    """``overdue``: the due date has passed and no completion was accepted.

    Args:
        due_on: the due date that was missed.
        days_overdue: working days since the due date.
        original_due_on: the due date first set, when an extension moved it
            (shown beside the date in force, which alone judges the work).
    """

    due_on: date
    days_overdue: int
    original_due_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class EscalatedView(AssignmentView):
    """``escalated``: the owner is told the overdue item was reported upward.

    Args:
        due_on: the due date that was missed.
        days_overdue: working days since the due date.
        escalated_to: the body it was reported to (the issuing committee).
        escalated_on: the date it was reported.
        original_due_on: the due date first set, when an extension moved it
            (shown beside the date in force, which alone judges the work).
    """

    due_on: date
    days_overdue: int
    escalated_to: str
    escalated_on: date
    original_due_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class MilestoneView(AssignmentView):
    """``milestone``: an intermediate deadline is near, due today, or has passed.

    Args:
        stage: ``"reminder"`` (coming), ``"due"`` (today) or ``"overdue"`` (passed);
            an ``"escalated"`` stage reads as passed.
        milestone_on: the milestone's date.
        milestone_text: what is due then, as the notice says it.
        due_on: the due date of the whole item.
        working_days: working days left before the milestone (reminder) or since it
            (overdue); 0 on the day.
        today: the day the mail speaks as of; at the ``"due"`` stage the milestone's
            date, or the last working day before it when that is a day off.
    """

    stage: str
    milestone_on: date
    milestone_text: str
    due_on: date
    working_days: int
    today: date


@dataclass(frozen=True, kw_only=True)
class CompletionReportedView(AssignmentView):
    """``completion_reported``: the issuer's office learns an owner reports done.

    Args:
        reported_on: the date of the report.
        note: the owner's account of what was done.
        evidence_url: a link to the evidence, if given.
        document_number: number of the owner's report document, if any.
        due_on: the due date, for context (``None`` if the work had none).
    """

    reported_on: date
    note: str
    evidence_url: str | None = None
    document_number: str | None = None
    due_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class AcceptedView(AssignmentView):
    """``accepted``: the office accepts the owner's completion report.

    Args:
        accepted_on: the date of acceptance.
        reported_on: the date the owner reported the work done (the report accepted):
            the completion date, by which lateness is judged.
        note: the office's remark, if any.
    """

    accepted_on: date
    reported_on: date
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReturnedView(AssignmentView):
    """``returned``: the office returns the completion report; work is not done.

    Args:
        returned_on: the date it was returned.
        reason: why, in the office's words.
        due_on: the due date that still applies, or ``None``.
        recurrence: how the work repeats, or ``None``.
    """

    returned_on: date
    reason: str
    due_on: date | None
    recurrence: Recurrence | None = None


@dataclass(frozen=True, kw_only=True)
class ExtendedView(AssignmentView):
    """``extended``: the deadline is moved; the original one is kept for reports.

    Args:
        new_due_on: the new due date.
        original_due_on: the due date first set.
        reason: why the extension was granted.
    """

    new_due_on: date
    original_due_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class ProgressRequestView(AssignmentView):
    """``progress_request``: the owner of ongoing work is asked for a progress report.

    Args:
        period_label: the period to report on, already in the view's locale
            (e.g. ``"quý IV/2023"``).
        report_by: the date the report is expected by, if one is set.
        recurrence: how the work repeats, or ``None``.
    """

    period_label: str
    report_by: date | None
    recurrence: Recurrence | None = None


@dataclass(frozen=True, kw_only=True)
class DigestItem:
    """One overdue or escalated assignment in a digest.

    Args:
        notice_number: e.g. ``"629-TB/HU"``.
        directive_ref: e.g. ``"1"``, as stored.
        directive_text: the directive's text (names an unnumbered item).
        owner_name: the owner organisation.
        due_on: the missed due date.
        days_overdue: working days since the due date.
        escalated: whether it has already been reported to the committee.
        link: absolute URL of the assignment.
        needs_owner: no owner organisation yet; ``owner_name`` is then the phrase of
            the notice.
        needs_direction: it is brought to the recipient's attention for direction
            now (an escalation folded into the weekly summary).
    """

    notice_number: str
    directive_ref: str
    directive_text: str
    owner_name: str
    due_on: date
    days_overdue: int
    escalated: bool
    link: str
    needs_owner: bool = False
    needs_direction: bool = False

    def directive_name(self, locale: str) -> str:
        """How mail names the directive (see :meth:`DirectiveRef.name`)."""
        return item_name(self.directive_ref, self.directive_text, locale)


@dataclass(frozen=True, kw_only=True)
class DigestView(MessageView):
    """``digest``: many overdue items of subordinates in one mail.

    Sent to a superior or to the issuing committee's office.

    Args:
        kind: ``"weekly"`` for the weekly summary, ``"escalation"`` for a list of items
            that need the committee's direction.
        as_of: the date the list was drawn up.
        items: the items, in the order they are shown.
    """

    kind: Literal["weekly", "escalation"]
    as_of: date
    items: tuple[DigestItem, ...]

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.kind not in ("weekly", "escalation"):
            raise ValueError(f"unknown digest kind {self.kind!r}")


@dataclass(frozen=True, kw_only=True)
class ComplianceCounts:
    """The status split used in compliance reports.

    The first four are the four-way split of the Government's task-tracking reports;
    the rest are shown beside it.

    Args:
        done_on_time: hoàn thành đúng hạn.
        done_late: hoàn thành quá hạn.
        open_in_time: đang thực hiện trong hạn.
        overdue: quá hạn chưa hoàn thành.
        ongoing: thường xuyên.
        no_deadline: không thời hạn.
        extended: gia hạn.
        returned: bị trả lại.
        unassigned: chưa có đơn vị.
    """

    done_on_time: int
    done_late: int
    open_in_time: int
    overdue: int
    ongoing: int = 0
    no_deadline: int = 0
    extended: int = 0
    returned: int = 0
    unassigned: int = 0

    @property
    def four_way_total(self) -> int:
        """The sum of the four-way split."""
        return self.done_on_time + self.done_late + self.open_in_time + self.overdue


@dataclass(frozen=True, kw_only=True)
class ComplianceRow:
    """One owner's line in the compliance table.

    Args:
        owner_name: the owner organisation.
        counts: that owner's split (only the four-way part is shown per row).
    """

    owner_name: str
    counts: ComplianceCounts
    depth: int = 0


@dataclass(frozen=True)
class ChartSegment:
    """One status's part of a unit's bar in the report chart.

    Args:
        label: the status's name.
        count: items of that status.
        colour: hex colour without ``#``.
        percent: length against the longest bar, 0–100.
    """

    label: str
    count: int
    colour: str
    percent: int


@dataclass(frozen=True)
class ChartBar:
    """One unit's bar of the status-by-unit chart."""

    name: str
    total: int
    segments: tuple[ChartSegment, ...]


@dataclass(frozen=True, kw_only=True)
class ComplianceReportView(MessageView):
    """``compliance_report``: periodic report to the committee.

    Args:
        period_label: e.g. ``"quý III/2024"``, already in the view's locale.
        period_start: first day of the period.
        period_end: last day of the period.
        counts: the totals.
        rows: one row per owner, in the order they are shown (sub-units under their
            unit, ``depth`` levels in, with their sub-units' work included).
        link: absolute URL of the full report, if there is one.
        chart: the status-by-unit bar chart.
    """

    period_label: str
    period_start: date
    period_end: date
    counts: ComplianceCounts
    rows: tuple[ComplianceRow, ...] = ()
    link: str | None = None
    chart: tuple[ChartBar, ...] = ()


MESSAGES: dict[str, type[MessageView]] = {
    "assigned": AssignedView,
    "reminder": ReminderView,
    "due": DueView,
    "overdue": OverdueView,
    "escalated": EscalatedView,
    "milestone": MilestoneView,
    "digest": DigestView,
    "completion_reported": CompletionReportedView,
    "accepted": AcceptedView,
    "returned": ReturnedView,
    "extended": ExtendedView,
    "progress_request": ProgressRequestView,
    "compliance_report": ComplianceReportView,
}
"""Every message name and the view it is rendered from."""

#: The messages a ladder step of the follow-up policy may send: those composed from a
#: due date. A policy is checked against them when it loads.
LADDER_MESSAGES: frozenset[str] = frozenset({"reminder", "due", "overdue", "escalated"})

__all__ = [
    "LADDER_MESSAGES",
    "MESSAGES",
    "AcceptedView",
    "AssignedView",
    "AssignmentView",
    "CompletionReportedView",
    "ComplianceCounts",
    "ComplianceReportView",
    "ComplianceRow",
    "DigestItem",
    "DigestView",
    "DirectiveRef",
    "DueView",
    "EscalatedView",
    "ExtendedView",
    "MessageView",
    "Milestone",
    "MilestoneView",
    "NoticeRef",
    "OverdueView",
    "ProgressRequestView",
    "ReminderView",
    "ReturnedView",
    "assignment_url",
]
