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

from enum import StrEnum
from typing import Final


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
