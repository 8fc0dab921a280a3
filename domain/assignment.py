"""The life of an assignment: its vocabulary, and the changes people make to it.

The names an assignment's life is written in (its statuses, the owner's role, the
recurrence of the work, the names of the follow-up steps and of the events in its
history) are defined here once; the tables, the planner, the reports and the messages
use these.

The changes (report done, accept, return, extend, amend, reassign, cancel, the fan-out
of a group owner, the occurrences of recurring work) are pure functions: each takes the
assignment's state as loaded and returns the new state, the events to append and the
mail to record (:class:`Change`). The caller loads, applies and saves; rescheduling
the follow-up of a changed item is the planner's part (:mod:`domain.escalation`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from domain.registry import OrgEntry


class AssignmentStatus(StrEnum):
    """Where an assignment stands in its life cycle."""

    OPEN = "open"
    NEEDS_OWNER = "needs_owner"
    REPORTED = "reported"
    RETURNED = "returned"
    DONE = "done"
    CANCELLED = "cancelled"


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
