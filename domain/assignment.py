"""The life of an assignment: its vocabulary, and the changes people make to it.

The names an assignment's life is written in (its statuses, the owner's role, the
recurrence of the work, the names of the follow-up steps and of the events in its
history) are defined here once; the tables, the planner, the reports and the messages
use these.

The changes (report done, accept, return, extend, amend, reassign, cancel, the fan-out
of a group owner) are pure functions: each takes the assignment's state as loaded and
returns the new state, the events to append and the mail to record (:class:`Change`).
The occurrences a recurring parent must have are decided the same way, next to their
dates, by :func:`domain.occurrences.spawn_occurrences`. The caller loads, applies and
saves; rescheduling the follow-up of a changed item is the planner's part
(:mod:`domain.escalation`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, Final, NamedTuple

from domain.errors import InputError, InvalidTransition
from domain.registry import OrgEntry


class AssignmentStatus(StrEnum):
    """Where an assignment stands in its life cycle."""

    OPEN = "open"
    NEEDS_OWNER = "needs_owner"
    REPORTED = "reported"
    RETURNED = "returned"
    DONE = "done"
    CANCELLED = "cancelled"


#: The statuses in Vietnamese, as the office names them in its messages.
STATUS_VI: Final[dict[str, str]] = {
    AssignmentStatus.OPEN: "đang thực hiện",
    AssignmentStatus.NEEDS_OWNER: "chưa có đơn vị",
    AssignmentStatus.REPORTED: "đã báo cáo",
    AssignmentStatus.RETURNED: "bị trả lại",
    AssignmentStatus.DONE: "hoàn thành",
    AssignmentStatus.CANCELLED: "đã hủy",
}


class Role(StrEnum):
    """Chủ trì (lead) or phối hợp (support)."""

    LEAD = "lead"
    SUPPORT = "support"


class Recurrence(StrEnum):
    """How often the work recurs (``None`` on an assignment: one-off work)."""

    ONGOING = "ongoing"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    PERIODIC = "periodic"


class StepName(StrEnum):
    """The follow-up steps of the default policy.

    A policy may name its own ladder rungs; ``assigned``, ``digest`` and
    ``progress_request`` are not rungs and every policy has them.
    """

    ASSIGNED = "assigned"
    REMINDER = "reminder"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATED = "escalated"
    DIGEST = "digest"
    PROGRESS_REQUEST = "progress_request"


class EventKind(StrEnum):
    """What an event of an assignment's history records (besides the sweep's steps)."""

    CREATED = "created"
    ASSIGNED = "assigned"
    REASSIGNED = "reassigned"
    PROGRESS = "progress"
    COMPLETION_REPORTED = "completion_reported"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    EXTENDED = "extended"
    CANCELLED = "cancelled"
    STEP_SKIPPED = "step_skipped"


#: Every status an assignment can be in.
STATUSES: Final = frozenset(AssignmentStatus)
#: Statuses whose items are followed up.
ACTIVE_STATUSES: Final = frozenset({AssignmentStatus.OPEN, AssignmentStatus.RETURNED})
#: Statuses whose work is finished one way or the other.
CLOSED_STATUSES: Final = frozenset({AssignmentStatus.DONE, AssignmentStatus.CANCELLED})
#: Every recurrence value.
RECURRENCES: Final = frozenset(Recurrence)
#: Recurrences that spawn dated occurrences.
DATED_RECURRENCES: Final = frozenset(
    {Recurrence.WEEKLY, Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.YEARLY}
)
#: Steps that are not ladder rungs and therefore take no offset.
UNLADDERED_STEPS: Final = frozenset(
    {StepName.ASSIGNED, StepName.DIGEST, StepName.PROGRESS_REQUEST}
)
#: Steps whose mail only makes sense while the work is still open.
FOLLOW_UP_STEPS: Final = frozenset(
    {
        StepName.REMINDER,
        StepName.DUE,
        StepName.OVERDUE,
        StepName.ESCALATED,
        StepName.PROGRESS_REQUEST,
    }
)


# --- new work ------------------------------------------------------------------------

#: Organisation kinds whose work fans out to their members.
GROUP_KINDS: Final = frozenset({"group", "collaborators"})


@dataclass(frozen=True)
class Assignee:
    """One owner of new work after fan-out: its code (None: needs a manager), the phrase
    as written and its role."""

    code: str | None
    text: str
    role: Role


def fan_out(
    owners: Iterable[tuple[str, str, str | None]],
    registry: Mapping[str, OrgEntry],
    *,
    on: date,
) -> list[Assignee]:
    """The assignees of a directive: group owners fan out to the members in force.

    Args:
        owners: ``(phrase, role, registry code or None)`` per owner mention.
        registry: every organisation by code.
        on: the signing date (members ended or not yet founded then are left out).

    Returns:
        One assignee per organisation (lead wins over support when one is named
        twice), then the unresolved phrases, each as written.
    """
    chosen: dict[str, Assignee] = {}
    unresolved: list[Assignee] = []
    for text, mention_role, code in owners:
        role = Role.LEAD if mention_role == Role.LEAD else Role.SUPPORT
        if code is None:
            unresolved.append(Assignee(None, text, role))
            continue
        for member in _members(code, registry, on):
            previous = chosen.get(member)
            if previous is None or (
                previous.role == Role.SUPPORT and role == Role.LEAD
            ):
                chosen[member] = Assignee(member, text, role)
    return [*chosen.values(), *unresolved]


def _members(code: str, registry: Mapping[str, OrgEntry], on: date) -> list[str]:
    entry = registry[code]
    if entry.kind not in GROUP_KINDS or not entry.members:
        return [code]
    out: list[str] = []
    for member in entry.members:
        if registry[member].in_force(on):
            out.extend(m for m in _members(member, registry, on) if m not in out)
    return out


# --- changes people make -------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentState:
    """What the changes read and write of one assignment.

    ``owner`` is the owner's registry code (None: waiting for a manager).
    """

    id: int
    status: str
    owner: str | None
    due_on: date | None
    original_due_on: date | None
    occurrence: str
    last_step: str | None = None
    completed_on: date | None = None
    accepted_on: date | None = None
    followed_up: bool = True


@dataclass(frozen=True)
class EventIntent:
    """An event to append to the assignment's history."""

    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class MailIntent:
    """A message to record in the ledger: its rule, for whom, what it states.

    ``to`` is ``"owner"`` or ``"issuer"``.
    """

    rule: str
    to: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Change:
    """The outcome of a change: the new state, its events, its mail and a summary.

    ``reschedule``: the follow-up must be planned again (the sweep's next check);
    otherwise ``state.followed_up`` says whether it stays on the sweep's list at all.
    """

    state: AssignmentState
    events: tuple[EventIntent, ...]
    mails: tuple[MailIntent, ...] = ()
    reschedule: bool = False
    message: str = ""


_WORKING = (AssignmentStatus.OPEN, AssignmentStatus.RETURNED)


def _require(
    state: AssignmentState, *statuses: str, action: str, action_vi: str
) -> None:
    if state.status not in statuses:
        allowed = ", ".join(statuses)
        allowed_vi = " hoặc ".join(STATUS_VI.get(s, s) for s in statuses)
        raise InvalidTransition(
            f"assignment {state.id} is {state.status}; {action} needs it to be "
            f"{allowed}",
            vi=f"nhiệm vụ {state.id} đang ở trạng thái "
            f"{STATUS_VI.get(state.status, state.status)}; chỉ {action_vi} được khi "
            f"nhiệm vụ ở trạng thái {allowed_vi}",
        )


class Refusal(NamedTuple):
    """What a change says when its text is blank, in English and in Vietnamese."""

    en: str
    vi: str


#: What each change refuses when its text is blank.
NEEDS_NOTE: Final = Refusal(
    "a completion report needs a note (--note)",
    "báo cáo hoàn thành cần có ghi chú (--note)",
)
NEEDS_RETURN_REASON: Final = Refusal(
    "returning a report needs a reason (--reason)",
    "trả lại báo cáo cần nêu lý do (--reason)",
)
NEEDS_EXTENSION_REASON: Final = Refusal(
    "an extension needs a reason (--reason)", "gia hạn cần nêu lý do (--reason)"
)
NEEDS_PROGRESS_NOTE: Final = Refusal(
    "a progress note needs text (--note)",
    "ghi tiến độ cần có nội dung (--note)",
)
NEEDS_CANCEL_REASON: Final = Refusal(
    "a cancellation needs a reason (--reason)", "hủy nhiệm vụ cần nêu lý do (--reason)"
)


def require_text(value: str, refusal: Refusal) -> None:
    """Refuse blank text (checked before anything is loaded, and by each change).

    Raises:
        InputError: ``value`` is blank.
    """
    if not value.strip():
        raise InputError(refusal.en, vi=refusal.vi)


def report_done(
    state: AssignmentState,
    *,
    note: str,
    today: date,
    evidence: str | None = None,
    document: str | None = None,
) -> Change:
    """The owner reports the work done; the issuer's office is told.

    Raises:
        InputError: no note.
        InvalidTransition: the work is not open or returned.
    """
    require_text(note, NEEDS_NOTE)
    _require(
        state, *_WORKING, action="reporting it done", action_vi="báo cáo hoàn thành"
    )
    payload = {
        "note": note,
        "evidence": evidence,
        "document": document,
        "reported_on": today.isoformat(),
    }
    return Change(
        state=replace(
            state,
            status=AssignmentStatus.REPORTED,
            completed_on=today,
            followed_up=False,
        ),
        events=(EventIntent(EventKind.COMPLETION_REPORTED, payload),),
        mails=(MailIntent("completion_reported", "issuer", payload),),
        message="reported done; the issuer's office is told",
    )


def accept(state: AssignmentState, *, today: date, note: str | None = None) -> Change:
    """The office accepts a completion report: done as of the date it was reported.

    Raises:
        InvalidTransition: no report is waiting.
    """
    _require(
        state, AssignmentStatus.REPORTED, action="accepting it", action_vi="nghiệm thu"
    )
    # done as of the owner's report (the one accepted), not of this acceptance
    reported_on = state.completed_on or today
    payload = {
        "note": note,
        "accepted_on": today.isoformat(),
        "reported_on": reported_on.isoformat(),
    }
    return Change(
        state=replace(
            state, status=AssignmentStatus.DONE, accepted_on=today, followed_up=False
        ),
        events=(EventIntent(EventKind.ACCEPTED, payload),),
        mails=(MailIntent("accepted", "owner", payload),),
        message=f"accepted on {today}",
    )


def return_report(state: AssignmentState, *, reason: str, today: date) -> Change:
    """The office returns a completion report: not done, and its clock runs on.

    Raises:
        InputError: no reason.
        InvalidTransition: no report is waiting.
    """
    require_text(reason, NEEDS_RETURN_REASON)
    _require(
        state, AssignmentStatus.REPORTED, action="returning it", action_vi="trả lại"
    )
    payload = {"reason": reason, "returned_on": today.isoformat()}
    return Change(
        state=replace(state, status=AssignmentStatus.RETURNED, completed_on=None),
        events=(EventIntent(EventKind.RETURNED, payload),),
        mails=(MailIntent("returned", "owner", payload),),
        reschedule=True,
        message="returned to the owner",
    )


def extend(
    state: AssignmentState,
    *,
    to: date,
    reason: str,
    approved_by: str | None = None,
    document: str | None = None,
) -> Change:
    """Move the due date in force; the original is kept for the reports.

    Raises:
        InputError: no reason, or ``to`` is not after the date in force.
        InvalidTransition: the work is finished or waits for an owner.
    """
    require_text(reason, NEEDS_EXTENSION_REASON)
    _require(
        state,
        *_WORKING,
        AssignmentStatus.REPORTED,
        action="extending it",
        action_vi="gia hạn",
    )
    if state.due_on is not None and to <= state.due_on:
        raise InputError(
            f"--to {to} is not after the due date in force ({state.due_on})",
            vi=f"--to {to:%d/%m/%Y}: hạn mới phải sau hạn hoàn thành đang áp dụng "
            f"({state.due_on:%d/%m/%Y})",
        )
    original = state.original_due_on or state.due_on
    payload = {
        "from": state.due_on.isoformat() if state.due_on else None,
        "to": to.isoformat(),
        "original": original.isoformat() if original else None,
        "reason": reason,
        "approved_by": approved_by,
        "document": document,
    }
    new = replace(
        state,
        due_on=to,
        original_due_on=state.original_due_on or original or to,
        occurrence=to.isoformat(),
        last_step=None,  # a new due date restarts the ladder
    )
    return Change(
        state=new,
        events=(EventIntent(EventKind.EXTENDED, payload),),
        mails=(MailIntent("extended", "owner", payload),),
        reschedule=True,
        message=f"due {to} (originally {new.original_due_on})",
    )


def add_progress(state: AssignmentState, *, note: str) -> Change:
    """A progress note.

    Raises:
        InputError: no text.
        InvalidTransition: the work is finished or waits for an owner.
    """
    require_text(note, NEEDS_PROGRESS_NOTE)
    _require(
        state,
        *_WORKING,
        AssignmentStatus.REPORTED,
        action="a progress note",
        action_vi="ghi tiến độ",
    )
    return Change(
        state=state,
        events=(EventIntent(EventKind.PROGRESS, {"note": note}),),
        message="progress noted",
    )


def reassign(state: AssignmentState, *, owner: str) -> Change:
    """Give the work an owner (settles ``needs_owner``) or hand it to another one.

    Raises:
        InputError: ``owner`` already owns it.
        InvalidTransition: the work is finished.
    """
    _require(
        state,
        AssignmentStatus.NEEDS_OWNER,
        *_WORKING,
        AssignmentStatus.REPORTED,
        action="assigning it",
        action_vi="giao việc",
    )
    if state.owner == owner:
        raise InputError(
            f"assignment {state.id} is already owned by {owner}",
            vi=f"nhiệm vụ {state.id} đã được giao cho {owner}",
        )
    waiting = state.status == AssignmentStatus.NEEDS_OWNER
    return Change(
        state=replace(
            state,
            owner=owner,
            status=AssignmentStatus.OPEN if waiting else state.status,
        ),
        events=(
            EventIntent(
                EventKind.ASSIGNED if waiting else EventKind.REASSIGNED,
                {"from": state.owner, "to": owner},
            ),
        ),
        mails=(MailIntent(StepName.ASSIGNED, "owner", {}),),
        reschedule=True,
        message=f"owned by {owner}",
    )


def cancel(state: AssignmentState, *, reason: str) -> Change:
    """Cancel the work: it leaves every count but keeps its history.

    Raises:
        InputError: no reason.
        InvalidTransition: the work is already done or cancelled.
    """
    require_text(reason, NEEDS_CANCEL_REASON)
    _require(
        state,
        AssignmentStatus.NEEDS_OWNER,
        *_WORKING,
        AssignmentStatus.REPORTED,
        action="cancelling it",
        action_vi="hủy",
    )
    return _cancelled(state, reason, "cancelled")


def drop(state: AssignmentState) -> Change | None:
    """The amended notice no longer has the directive: its open work is cancelled.

    Returns:
        None for work already done or cancelled (nothing changes).
    """
    if state.status in CLOSED_STATUSES:
        return None
    return _cancelled(
        state,
        "dropped from the amended notice",
        "cancelled",
        reason_vi="văn bản sửa đổi không còn nội dung này",
    )


def _cancelled(
    state: AssignmentState, reason: str, message: str, *, reason_vi: str = ""
) -> Change:
    payload = {"reason": reason} | ({"reason_vi": reason_vi} if reason_vi else {})
    return Change(
        state=replace(state, status=AssignmentStatus.CANCELLED, followed_up=False),
        events=(EventIntent(EventKind.CANCELLED, payload),),
        message=message,
    )


def amend_deadline(state: AssignmentState, *, due_on: date | None) -> Change | None:
    """The amended notice gives the directive another deadline.

    The date in force moves and the ladder restarts; the original is kept.

    Returns:
        None when nothing changes (same date, or cancelled work).
    """
    if due_on == state.due_on or state.status == AssignmentStatus.CANCELLED:
        return None
    payload = {
        "from": state.due_on.isoformat() if state.due_on else None,
        "to": due_on.isoformat() if due_on else None,
        "reason": "the amended notice changed the deadline",
        "reason_vi": "văn bản sửa đổi thay đổi thời hạn",
    }
    return Change(
        state=replace(
            state,
            due_on=due_on,
            occurrence=due_on.isoformat() if due_on else "",
            last_step=None,  # a new due date restarts the ladder
        ),
        events=(EventIntent(EventKind.EXTENDED, payload),),
        reschedule=True,
        message=f"deadline {state.original_due_on} → {due_on}",
    )
