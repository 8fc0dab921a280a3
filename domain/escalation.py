"""Planning the follow-up ("đôn đốc"): which reminder or escalation each item needs now.

The planner is pure: it is given the items, the policy, the working-day calendar and
``now``, and returns decisions (:class:`Step`) that the caller records in the delivery
ledger and sends. Nothing here reads the clock or the database.

The rules:

- **Windows, not exact dates.** A ladder step is due once today (``now`` in the policy's
  time zone) is on or after its fire date. A sweep that was down therefore catches up.
- **Only the latest.** When several steps are due at once, only the latest is sent; the
  earlier ones are returned as ``skip`` ("superseded by …"), so they are recorded and
  never sent late. Steps at or below the item's ``last_step`` are never produced again,
  so planning again with the results applied produces nothing new.
- **Fire dates.** A ladder step fires ``offset_working_days`` working days from the due
  date. When the due date is not a working day, the last working day before it stands in
  for it: the "due" notice goes out on that day and reminders count back from it (the
  owner hears of the deadline while someone is at work to act). Steps after the due date
  count forward from the due date itself, which for a non-working due date gives the
  same days as counting from the stand-in.
- **Late registration.** No step is ever dated before the work existed. A step due
  before the day the work was registered (``assigned_on``) that comes before the due
  date (a reminder, the due notice) is not planned: the ``assigned`` notice states the
  due date. Work registered after its due date gets an assigned-and-overdue notice on
  registration, and its ladder then counts from the registration day as if it fell
  due then: the overdue notice one working day later, the escalation five.
- **One count.** "Overdue N working days" is :func:`working_days_overdue` wherever it
  is said (a step's mail, a digest), on the day the mail is released.
- **Milestones.** An intermediate deadline before the due date ("vào tháng 10 năm 2023"
  before a year-end one) is followed up like a due date by the ladder's rungs up to the
  first one after it (reminder, due, overdue by default), each with its own
  occurrence (:func:`milestone_occurrence`), so its own ledger key. They go to the
  owner only; escalation is the due date's. The same windows apply: only the latest
  step of a milestone fallen due is sent, and none dated before the work existed.
- **Statuses.** Only ``open`` and ``returned`` items are followed up. ``reported``
  (done, awaiting acceptance) gets nothing until the office accepts or returns it;
  ``needs_owner`` is the managers' review list, not the owner's mail; ``done`` and
  ``cancelled`` are finished.
- **No due date.** Work without a due date (ongoing, periodic, or a one-off that was
  given no deadline, which we never invent one for) gets a ``progress_request`` every
  period of the policy (quarterly by default), counted from the last request, or from
  the assignment date before the first.
- **Working hours.** A step is released (``send_after``) at once inside working hours of
  a working day, otherwise at the start of the next working period: deferred, never
  dropped.

After any change to an item (status, due date, occurrence, owner) the caller plans it
again, and after any change to the policy or the calendar data it plans every
followed-up item again: ``next_check`` is exact for the item, policy and calendar *as
given*, and is what lets a sweep read only the items with ``next_check <= today``
instead of the whole table.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Final, Literal

from domain import reasons
from domain.assignment import ACTIVE_STATUSES as ACTIVE_STATUSES
from domain.assignment import STATUSES as STATUSES
from domain.errors import PolicyError
from domain.occurrences import add_months, period_key, week_key
from domain.policy import (
    ASSIGNED,
    PROGRESS_REQUEST,
    UNLADDERED_STEPS,
    Policy,
    PolicySet,
    StepRule,
)
from domain.reasons import Reason
from domain.workdays import WorkCalendar

#: The occurrence key of work without a due date.
UNDATED: Final = "undated"

Decision = Literal["send", "skip"]


@dataclass(frozen=True)
class FollowUpItem:
    """What the planner needs to know of one assignment.

    Args:
        assignment_id: the assignment.
        issuer: org code of the issuing body, which picks the per-issuer policy.
        due_on: the due date in force (after any extension), or ``None``.
        status: one of :data:`STATUSES`.
        recurrence: the directive's recurrence, informative only: with a due date the
            item is one occurrence and follows the ladder; without, it gets progress
            requests whatever its recurrence.
        last_step: the highest ladder step already recorded (sent or skipped) for the
            current occurrence; ``None`` (or an unladdered step such as ``assigned``)
            when none.
        occurrence: the key of the due date in force, e.g. ``"2023-12-31"`` or a
            recurrence period such as ``"2023-10"``. An extension changes it, which
            restarts the ladder. Empty means :func:`occurrence_key` of ``due_on``.
        last_progress_request_on: business date of the last progress request.
        assigned_on: business date the work was registered: no ladder step is dated
            before it (see the module notes on late registration), and the first
            progress request of undated work comes one period after it (at once when
            unknown).
        milestones: dates of the intermediate deadlines before the due date; each is
            followed up like a due date (see the module notes).
        milestone_steps: the milestone steps already recorded, as the occurrence of
            :func:`milestone_occurrence` and the step name joined by ``"/"``.
    """

    assignment_id: int
    issuer: str
    due_on: date | None
    status: str
    recurrence: str | None = None
    last_step: str | None = None
    occurrence: str = ""
    last_progress_request_on: date | None = None
    assigned_on: date | None = None
    milestones: tuple[date, ...] = ()
    milestone_steps: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(
                f"assignment {self.assignment_id}: unknown status {self.status!r} "
                f"(one of {', '.join(sorted(STATUSES))})"
            )

    @property
    def occurrence_key(self) -> str:
        """The occurrence in force: :attr:`occurrence`, or derived from the due date."""
        return self.occurrence or occurrence_key(self.due_on)


@dataclass(frozen=True)
class Step:
    """One decision of the planner: send this step, or record it as skipped.

    Args:
        assignment_id: the assignment.
        name: the policy step (``reminder``, ``escalated``, ``progress_request``…);
            with ``assignment_id`` and ``occurrence`` it is the ledger's natural key.
        occurrence: the occurrence the step belongs to; for a progress request, the
            period it was asked in (``"2024-Q1"``), so each period's request is its own.
        decision: ``send``, or ``skip`` for a step made stale by a later one.
        reason: why, in words for the history, in both languages.
        to_roles: roles addressed.
        cc_roles: roles copied.
        send_after: UTC instant from which the message may go out (working hours).
        fire_on: business date the step fell due.
        message: the message (template) the step sends, as its policy step names it.
    """

    assignment_id: int
    name: str
    occurrence: str
    decision: Decision
    reason: Reason
    to_roles: tuple[str, ...]
    cc_roles: tuple[str, ...]
    send_after: datetime
    fire_on: date
    message: str


@dataclass(frozen=True)
class Plan:
    """The planner's answer for a batch of items.

    Args:
        steps: every decision, grouped by item in input order, earliest step first.
        next_check: for every item planned, the business date on which it next needs
            planning, assuming these steps are recorded; ``None`` when it never does
            unless the item changes.
    """

    steps: list[Step] = field(default_factory=list)
    next_check: dict[int, date | None] = field(default_factory=dict)

    @property
    def to_send(self) -> list[Step]:
        """The steps decided ``send``."""
        return [s for s in self.steps if s.decision == "send"]

    @property
    def skipped(self) -> list[Step]:
        """The steps decided ``skip``."""
        return [s for s in self.steps if s.decision == "skip"]


def occurrence_key(due_on: date | None) -> str:
    """The occurrence key of one-off work: its due date in ISO form, or "undated"."""
    return due_on.isoformat() if due_on is not None else UNDATED


def business_date(now: datetime, policy: Policy | PolicySet) -> date:
    """The date ``now`` falls on in the policy's time zone.

    Raises:
        ValueError: when ``now`` is naive.
    """
    _require_aware(now)
    return now.astimezone(_policy(policy).zone).date()


def next_send_time(
    now: datetime, policy: Policy | PolicySet, calendar: WorkCalendar
) -> datetime:
    """The first instant at or after ``now`` at which mail may be sent.

    That is ``now`` itself inside the working hours of a working day (local time of the
    policy), otherwise the start of the next working period: later the same morning, or
    the start of the next working day.

    Args:
        now: a timezone-aware instant.
        policy: gives the working hours and the time zone (a set: its default).
        calendar: which days are worked.

    Returns:
        A timezone-aware UTC instant.

    Raises:
        ValueError: when ``now`` is naive.
    """
    _require_aware(now)
    rules = _policy(policy)
    zone = rules.zone
    start, end = rules.working_hours
    local = now.astimezone(zone)
    today = local.date()
    if calendar.is_working_day(today):
        clock = local.time()
        if start <= clock < end:
            return now.astimezone(UTC)
        if clock < start:
            return datetime.combine(today, start, zone).astimezone(UTC)
    day = calendar.next_working_day(today + timedelta(days=1))
    return datetime.combine(day, start, zone).astimezone(UTC)


def ladder_schedule(
    due_on: date, policy: Policy, calendar: WorkCalendar
) -> list[tuple[StepRule, date]]:
    """Each ladder step of ``policy`` with the date it fires for work due ``due_on``.

    See the module notes for a due date on a non-working day.

    Returns:
        ``(step, fire date)`` pairs, earliest first; the dates strictly increase.
    """
    # the last working day before a non-working due date stands in for it
    anchor = due_on
    if not calendar.is_working_day(due_on):
        anchor = calendar.add_working_days(due_on, -1)
    schedule = []
    for rule in policy.ladder:
        offset = rule.offset_working_days or 0
        origin = due_on if offset > 0 else anchor
        schedule.append((rule, calendar.add_working_days(origin, offset)))
    return schedule


def milestone_occurrence(item_occurrence: str, milestone: date) -> str:
    """The occurrence key of one milestone of an item, e.g. ``2023-12-31~2023-10-31``."""
    return f"{item_occurrence}~{milestone.isoformat()}"


def is_milestone_occurrence(occurrence: str) -> bool:
    """Whether an occurrence key names a milestone (see :func:`milestone_occurrence`)."""
    return "~" in occurrence


def milestone_ladder(policy: Policy) -> tuple[StepRule, ...]:
    """The rungs a milestone is followed up with: up to the first after its date."""
    rungs = []
    for rule in policy.ladder:
        rungs.append(rule)
        if (rule.offset_working_days or 0) > 0:
            break
    return tuple(rungs)


def working_days_overdue(due_on: date, on: date, calendar: WorkCalendar) -> int:
    """Working days work due ``due_on`` is overdue on ``on`` (0 when not overdue).

    The one count every mail and digest states: the working days after the due date
    up to and including ``on``.
    """
    if on <= due_on:
        return 0  # not overdue: no need to count the days still left
    return calendar.working_days_between(due_on, on)


def from_registration(
    schedule: list[tuple[StepRule, date]],
    due_on: date,
    assigned_on: date | None,
    calendar: WorkCalendar,
) -> list[tuple[StepRule, date]]:
    """The ladder of work registered on ``assigned_on``: nothing dated before it.

    Steps before the due date that fell before the registration day are dropped (the
    ``assigned`` notice states the due date). When the work was registered after its
    due date, the steps after it count from the registration day instead.

    Args:
        schedule: the ladder as :func:`ladder_schedule` gives it for ``due_on``.
        due_on: the due date in force.
        assigned_on: the business date the work was registered; ``None``: unknown,
            the schedule is returned as it is.
        calendar: which days are worked.

    Returns:
        ``(step, fire date)`` pairs, earliest first, none before ``assigned_on``.
    """
    if assigned_on is None or (schedule and schedule[0][1] >= assigned_on):
        return schedule
    late = assigned_on > due_on
    out = []
    for rule, day in schedule:
        offset = rule.offset_working_days or 0
        if late and offset > 0:
            out.append((rule, calendar.add_working_days(assigned_on, offset)))
        elif day >= assigned_on:
            out.append((rule, day))
    return out


def plan(
    items: Iterable[FollowUpItem],
    policy: Policy | PolicySet,
    calendar: WorkCalendar,
    now: datetime,
) -> Plan:
    """Decide the follow-up steps due for each item as of ``now``.

    Args:
        items: the items to look at, each assignment once. Items whose
            ``next_check`` is after today may be left out: they would get no step.
        policy: one policy for all, or a set picked per item by its issuer.
        calendar: which days are worked.
        now: a timezone-aware instant; today is its date in the policy's zone.

    Returns:
        The steps to record (at most one ``send`` per item's ladder and one per
        milestone, skipped ones before it) and each item's ``next_check``.

    Raises:
        ValueError: when ``now`` is naive or an assignment is given twice.
        PolicyError: when an item's ``last_step`` is not a step of its policy.
    """
    _require_aware(now)
    result = Plan()
    # one policy serves many items: convert now and find the send time once per policy
    moments: dict[int, tuple[date, datetime]] = {}
    schedules: dict[tuple[date, int], list[tuple[StepRule, date]]] = {}
    for item in items:
        if item.assignment_id in result.next_check:
            raise ValueError(f"assignment {item.assignment_id} given twice")
        rules = (
            policy.for_issuer(item.issuer) if isinstance(policy, PolicySet) else policy
        )
        if id(rules) not in moments:
            moments[id(rules)] = (
                business_date(now, rules),
                next_send_time(now, rules, calendar),
            )
        today, send_after = moments[id(rules)]
        if item.status not in ACTIVE_STATUSES:
            result.next_check[item.assignment_id] = None
            continue
        if item.due_on is None:
            steps, next_check = _plan_progress(item, rules, today, send_after)
        else:
            # items swept together mostly share a few due dates: work out each
            # date's ladder once per plan
            key = (item.due_on, id(rules))
            if key not in schedules:
                schedules[key] = ladder_schedule(item.due_on, rules, calendar)
            schedule = from_registration(
                schedules[key], item.due_on, item.assigned_on, calendar
            )
            steps, next_check = _plan_ladder(
                item, item.due_on, rules, schedule, today, send_after
            )
        if item.due_on is not None and item.milestones:
            more, check = _plan_milestones(
                item, item.due_on, rules, calendar, today, send_after
            )
            steps = [*steps, *more]
            if check is not None and (next_check is None or check < next_check):
                next_check = check
        result.steps.extend(steps)
        result.next_check[item.assignment_id] = next_check
    return result


def applied(item: FollowUpItem, steps: Iterable[Step], *, on: date) -> FollowUpItem:
    """The item as it reads once ``steps`` of a plan made on ``on`` are recorded.

    This is the contract between the planner and the store: the sent ladder step
    becomes ``last_step`` (the skipped ones are below it), and a sent progress request
    sets ``last_progress_request_on`` to the business date of the sweep.

    Args:
        item: the item as planned.
        steps: the plan's steps; those of other assignments are ignored.
        on: the business date of the plan.
    """
    last_step, last_request = item.last_step, item.last_progress_request_on
    recorded = set(item.milestone_steps)
    for step in steps:
        if step.assignment_id != item.assignment_id:
            continue
        if is_milestone_occurrence(step.occurrence):
            recorded.add(f"{step.occurrence}/{step.name}")
            continue
        if step.decision != "send":
            continue
        if step.name == PROGRESS_REQUEST:
            last_request = on
        elif (
            step.name not in UNLADDERED_STEPS and step.occurrence == item.occurrence_key
        ):
            last_step = step.name
    return replace(
        item,
        last_step=last_step,
        last_progress_request_on=last_request,
        milestone_steps=frozenset(recorded),
    )


def assigned_step(
    item: FollowUpItem,
    policy: Policy | PolicySet,
    calendar: WorkCalendar,
    now: datetime,
) -> Step:
    """The ``assigned`` notice for newly registered work.

    It is not part of :func:`plan`: an extension or the next occurrence of recurring
    work restarts the ladder but must not tell the owner again that the work is theirs.

    Raises:
        ValueError: when ``now`` is naive.
    """
    rules = policy.for_issuer(item.issuer) if isinstance(policy, PolicySet) else policy
    rule = rules.rule(ASSIGNED)
    return Step(
        assignment_id=item.assignment_id,
        name=rule.name,
        occurrence=item.occurrence_key,
        decision="send",
        reason=reasons.work_registered(),
        to_roles=rule.to,
        cc_roles=rule.cc,
        send_after=next_send_time(now, rules, calendar),
        fire_on=business_date(now, rules),
        message=rule.message_name,
    )


def digest_due(
    now: datetime, policy: Policy | PolicySet, last_digest_week: str | None
) -> str | None:
    """The ISO week whose digest should be made now, if any.

    The weekly digest is made once per ISO week, on or after the policy's digest
    weekday; a sweep later in the same week still makes it. Whether anything is overdue
    (no digest otherwise) is the caller's question.

    Args:
        now: a timezone-aware instant.
        policy: gives the weekday and the time zone (a set: its default).
        last_digest_week: key of the last week a digest was made for, e.g.
            ``"2023-W41"``.

    Returns:
        This week's key, or ``None`` when it is too early in the week or already done.

    Raises:
        ValueError: when ``now`` is naive.
    """
    rules = _policy(policy)
    today = business_date(now, rules)
    key = week_key(today)
    # keys of one format sort by time, so a digest recorded for a later week also counts
    if last_digest_week is not None and last_digest_week >= key:
        return None
    if today.isoweekday() < rules.digest_weekday:
        return None
    return key


def _plan_ladder(
    item: FollowUpItem,
    due_on: date,
    policy: Policy,
    schedule: list[tuple[StepRule, date]],
    today: date,
    send_after: datetime,
) -> tuple[list[Step], date | None]:
    done = _rank(item, policy)
    # the schedule may lack steps (late registration): skip by rank, not by position
    ranks = {rule.name: index for index, rule in enumerate(policy.ladder)}
    pending = [(rule, day) for rule, day in schedule if ranks[rule.name] > done]
    fallen_due = [(rule, day) for rule, day in pending if day <= today]
    later = pending[len(fallen_due) :]
    next_check = later[0][1] if later else None
    if not fallen_due:
        return [], next_check
    latest = fallen_due[-1][0]
    steps = []
    for rule, day in fallen_due:
        superseded = rule is not latest
        steps.append(
            Step(
                assignment_id=item.assignment_id,
                name=rule.name,
                occurrence=item.occurrence_key,
                decision="skip" if superseded else "send",
                reason=(
                    reasons.superseded_by(latest.name)
                    if superseded
                    else _ladder_reason(rule, day, due_on)
                ),
                to_roles=rule.to,
                cc_roles=rule.cc,
                send_after=send_after,
                fire_on=day,
                message=rule.message_name,
            )
        )
    return steps, next_check


def _plan_milestones(
    item: FollowUpItem,
    due_on: date,
    policy: Policy,
    calendar: WorkCalendar,
    today: date,
    send_after: datetime,
) -> tuple[list[Step], date | None]:
    """The steps of each milestone fallen due, and the next milestone step's date."""
    rungs = milestone_ladder(policy)
    steps: list[Step] = []
    next_check: date | None = None
    for milestone in sorted(set(item.milestones)):
        if milestone >= due_on:
            continue  # the due date's own ladder follows it up
        occurrence = milestone_occurrence(item.occurrence_key, milestone)
        schedule = [
            (rule, day)
            for rule, day in ladder_schedule(
                milestone, replace(policy, steps=rungs), calendar
            )
            # nothing dated before the work existed, nothing already recorded
            if (item.assigned_on is None or day >= item.assigned_on)
            and f"{occurrence}/{rule.name}" not in item.milestone_steps
        ]
        fallen = [(rule, day) for rule, day in schedule if day <= today]
        later = [day for _, day in schedule if day > today]
        if later and (next_check is None or later[0] < next_check):
            next_check = later[0]
        for index, (rule, day) in enumerate(fallen):
            latest = index == len(fallen) - 1
            steps.append(
                Step(
                    assignment_id=item.assignment_id,
                    name=rule.name,
                    occurrence=occurrence,
                    decision="send" if latest else "skip",
                    reason=reasons.at_milestone(
                        milestone,
                        _ladder_reason(rule, day, milestone)
                        if latest
                        else reasons.superseded_by(fallen[-1][0].name),
                    ),
                    to_roles=("owner",),
                    cc_roles=(),
                    send_after=send_after,
                    fire_on=day,
                    message=rule.message_name,
                )
            )
    return steps, next_check


def _plan_progress(
    item: FollowUpItem, policy: Policy, today: date, send_after: datetime
) -> tuple[list[Step], date | None]:
    months = policy.progress_months
    since = item.last_progress_request_on or item.assigned_on
    fire = add_months(since, months) if since is not None else today
    if fire > today:
        return [], fire
    rule = policy.rule(PROGRESS_REQUEST)
    step = Step(
        assignment_id=item.assignment_id,
        name=rule.name,
        occurrence=period_key(fire, months),
        decision="send",
        reason=reasons.progress_due(since, policy.ongoing_progress_every),
        to_roles=rule.to,
        cc_roles=rule.cc,
        send_after=send_after,
        fire_on=fire,
        message=rule.message_name,
    )
    # recorded, the request is dated today, so the next one is a period from today
    return [step], add_months(today, months)


def _rank(item: FollowUpItem, policy: Policy) -> int:
    """Index in the ladder of the item's last recorded step, -1 for none."""
    if item.last_step is None or item.last_step in UNLADDERED_STEPS:
        return -1
    for index, rule in enumerate(policy.ladder):
        if rule.name == item.last_step:
            return index
    raise PolicyError(
        f"assignment {item.assignment_id}: last step {item.last_step!r} is not a "
        f"ladder step of the policy for issuer {item.issuer!r}",
        vi=f"nhiệm vụ {item.assignment_id}: bước gần nhất {item.last_step!r} không "
        f"phải là một bước nhắc việc trong chính sách của cơ quan ban hành "
        f"{item.issuer!r}",
    )


def _ladder_reason(rule: StepRule, fire_on: date, due_on: date) -> Reason:
    return reasons.ladder_step(
        rule.name, rule.offset_working_days or 0, fire_on, due_on
    )


def _policy(policy: Policy | PolicySet) -> Policy:
    return policy.default if isinstance(policy, PolicySet) else policy


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got naive {now.isoformat()}")
