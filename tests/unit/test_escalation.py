from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import PolicyError
from domain.escalation import (
    STATUSES,
    FollowUpItem,
    Plan,
    Step,
    applied,
    assigned_step,
    business_date,
    digest_due,
    from_registration,
    ladder_schedule,
    next_send_time,
    occurrence_key,
    plan,
    working_days_overdue,
)
from domain.policy import DEFAULT_POLICY, Policy, PolicySet, parse_policy
from domain.reasons import Reason
from domain.workdays import WorkCalendar, calendar_from_dates, weekends_only

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
ONE_DAY = timedelta(days=1)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


# New Year's Day and the official Tết breaks of 2024 and 2025
VN = calendar_from_dates(
    days_off=[
        date(2024, 1, 1),
        *days(date(2024, 2, 8), date(2024, 2, 14)),
        date(2025, 1, 1),
        *days(date(2025, 1, 25), date(2025, 2, 2)),
    ]
)


def at(day: date, clock: str = "09:00") -> datetime:
    """The UTC instant of ``clock`` o'clock in Hà Nội time on ``day``."""
    return datetime.combine(day, time.fromisoformat(clock), HCM).astimezone(UTC)


# directive 1 of notice 629-TB/HU, signed 22 Sep 2023: due by the end of 2023
NOTICE_629 = FollowUpItem(
    assignment_id=1,
    issuer="huyen-uy",
    due_on=date(2023, 12, 31),
    status="open",
    occurrence="2023-12-31",
)


def item(**overrides: Any) -> FollowUpItem:
    return replace(NOTICE_629, **overrides)


def sweep(
    start: FollowUpItem,
    sweep_days: list[date],
    *,
    calendar: WorkCalendar = VN,
    policy: Policy | PolicySet = DEFAULT_POLICY,
    clock: str = "09:00",
) -> tuple[list[tuple[date, Step]], FollowUpItem]:
    """Plan on each day, record the steps, and return every step with its day."""
    current, seen = start, list[tuple[date, Step]]()
    for day in sweep_days:
        result = plan([current], policy, calendar, at(day, clock))
        seen.extend((day, step) for step in result.steps)
        current = applied(current, result.steps, on=day)
    return seen, current


def sent(seen: list[tuple[date, Step]]) -> list[tuple[date, str]]:
    return [(day, s.name) for day, s in seen if s.decision == "send"]


def skipped(seen: list[tuple[date, Step]]) -> list[tuple[date, str, str]]:
    return [(day, s.name, s.reason.en) for day, s in seen if s.decision == "skip"]


SIGNED = date(2023, 9, 22)
UNTIL = date(2024, 2, 29)


# --- time travel ---


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        pytest.param(
            date(2023, 12, 31),
            [
                (date(2023, 12, 26), "reminder"),
                (date(2023, 12, 29), "due"),
                (date(2024, 1, 2), "overdue"),
                (date(2024, 1, 8), "escalated"),
            ],
            id="629-TB/HU due on a Sunday, New Year's Day off",
        ),
        pytest.param(
            date(2024, 2, 7),
            [
                (date(2024, 2, 2), "reminder"),
                (date(2024, 2, 7), "due"),
                (date(2024, 2, 15), "overdue"),
                (date(2024, 2, 21), "escalated"),
            ],
            id="due the day before the 2024 Tet break",
        ),
        pytest.param(
            date(2024, 2, 19),
            [
                (date(2024, 2, 7), "reminder"),
                (date(2024, 2, 19), "due"),
                (date(2024, 2, 20), "overdue"),
                (date(2024, 2, 26), "escalated"),
            ],
            id="due just after the 2024 Tet break",
        ),
    ],
)
def test_daily_sweep_sends_each_step_once_in_order_on_its_day(due_on, expected):
    seen, last = sweep(item(due_on=due_on), days(SIGNED, UNTIL))
    assert sent(seen) == expected
    assert skipped(seen) == []
    assert last.last_step == "escalated"
    assert {s.occurrence for _, s in seen} == {"2023-12-31"}


def test_daily_sweep_sends_at_once_inside_working_hours():
    seen, _ = sweep(item(), days(SIGNED, UNTIL))
    assert [s.send_after for day, s in seen] == [at(day) for day, _ in seen]


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        pytest.param(
            date(2025, 1, 31),
            [
                (date(2025, 1, 21), "reminder"),
                (date(2025, 1, 24), "due"),
                (date(2025, 2, 3), "overdue"),
                (date(2025, 2, 7), "escalated"),
            ],
            id="due inside the 2025 Tet break",
        ),
        pytest.param(
            date(2025, 2, 3),
            [
                (date(2025, 1, 22), "reminder"),
                (date(2025, 2, 3), "due"),
                (date(2025, 2, 4), "overdue"),
                (date(2025, 2, 10), "escalated"),
            ],
            id="due on the first day back from the 2025 Tet break",
        ),
    ],
)
def test_tet_2025_shifts_the_ladder(due_on, expected):
    seen, _ = sweep(
        item(due_on=due_on, occurrence=due_on.isoformat()),
        days(date(2024, 12, 1), date(2025, 3, 31)),
    )
    assert sent(seen) == expected


@pytest.mark.parametrize(
    ("down", "expected_sent", "expected_skipped"),
    [
        pytest.param(
            (date(2023, 12, 23), date(2024, 1, 7)),
            [(date(2024, 1, 8), "escalated")],
            ["reminder", "due", "overdue"],
            id="down before the reminder, back on the escalation day",
        ),
        pytest.param(
            (date(2023, 12, 27), date(2024, 1, 9)),
            [(date(2023, 12, 26), "reminder"), (date(2024, 1, 10), "escalated")],
            ["due", "overdue"],
            id="down after the reminder, back after the escalation day",
        ),
        pytest.param(
            (date(2023, 12, 28), date(2024, 1, 4)),
            [
                (date(2023, 12, 26), "reminder"),
                (date(2024, 1, 5), "overdue"),
                (date(2024, 1, 8), "escalated"),
            ],
            ["due"],
            id="down over due and overdue days only",
        ),
    ],
)
def test_sweep_after_an_outage_sends_only_the_latest_due_step(
    down, expected_sent, expected_skipped
):
    up = [d for d in days(SIGNED, UNTIL) if not down[0] <= d <= down[1]]
    seen, _ = sweep(item(), up)
    assert sent(seen) == expected_sent
    back = down[1] + ONE_DAY
    latest = next(name for day, name in expected_sent if day == back)
    assert skipped(seen) == [
        (back, name, f"superseded by {latest}") for name in expected_skipped
    ]


@pytest.mark.parametrize(
    ("now", "expected_local"),
    [
        pytest.param(at(date(2023, 12, 26), "20:00"), "2023-12-27 07:30", id="evening"),
        pytest.param(at(date(2023, 12, 26), "06:15"), "2023-12-26 07:30", id="dawn"),
        pytest.param(at(date(2023, 12, 26), "07:30"), "2023-12-26 07:30", id="opening"),
        pytest.param(
            at(date(2023, 12, 26), "16:59"), "2023-12-26 16:59", id="last min"
        ),
        pytest.param(at(date(2023, 12, 26), "17:00"), "2023-12-27 07:30", id="closing"),
        pytest.param(at(date(2023, 12, 29), "18:00"), "2024-01-02 07:30", id="holiday"),
        pytest.param(at(date(2023, 12, 31), "09:00"), "2024-01-02 07:30", id="sunday"),
        pytest.param(at(date(2024, 2, 7), "17:30"), "2024-02-15 07:30", id="tet 2024"),
        pytest.param(at(date(2025, 1, 24), "17:30"), "2025-02-03 07:30", id="tet 2025"),
    ],
)
def test_outside_working_hours_sending_waits_for_the_next_working_morning(
    now, expected_local
):
    expected = at(date.fromisoformat(expected_local[:10]), expected_local[11:])
    released = next_send_time(now, DEFAULT_POLICY, VN)
    assert released == expected
    assert released.utcoffset() == timedelta(0)


def test_evening_sweep_decides_the_same_days_but_defers_sending():
    seen, _ = sweep(item(), days(SIGNED, UNTIL), clock="20:00")
    assert sent(seen) == [
        (date(2023, 12, 26), "reminder"),
        (date(2023, 12, 29), "due"),
        (date(2024, 1, 2), "overdue"),
        (date(2024, 1, 8), "escalated"),
    ]
    assert [s.send_after for _, s in seen] == [
        at(date(2023, 12, 27), "07:30"),
        at(date(2024, 1, 2), "07:30"),
        at(date(2024, 1, 3), "07:30"),
        at(date(2024, 1, 9), "07:30"),
    ]


def test_sunday_sweep_sends_the_due_step_on_the_next_working_morning():
    result = plan(
        [item(last_step="reminder")], DEFAULT_POLICY, VN, at(date(2023, 12, 31))
    )
    (step,) = result.steps
    assert (step.name, step.decision) == ("due", "send")
    assert step.send_after == at(date(2024, 1, 2), "07:30")


def test_today_is_the_date_in_vietnam_not_in_utc():
    # 17:30 UTC on 25 Dec is half past midnight on 26 Dec in Hà Nội: reminder day
    now = datetime(2023, 12, 25, 17, 30, tzinfo=UTC)
    assert business_date(now, DEFAULT_POLICY) == date(2023, 12, 26)
    (step,) = plan([item()], DEFAULT_POLICY, VN, now).steps
    assert step.name == "reminder"
    assert step.send_after == at(date(2023, 12, 26), "07:30")


def test_an_extension_restarts_the_ladder_for_the_new_occurrence():
    _, overdue = sweep(item(), days(SIGNED, date(2024, 1, 3)))
    assert overdue.last_step == "overdue"
    extended = replace(
        overdue, due_on=date(2024, 3, 31), occurrence="2024-03-31", last_step=None
    )
    right_after = plan([extended], DEFAULT_POLICY, VN, at(date(2024, 1, 4)))
    assert right_after.steps == []
    assert right_after.next_check == {1: date(2024, 3, 26)}
    seen, _ = sweep(extended, days(date(2024, 1, 4), date(2024, 4, 30)))
    assert sent(seen) == [
        (date(2024, 3, 26), "reminder"),
        (date(2024, 3, 29), "due"),
        (date(2024, 4, 1), "overdue"),
        (date(2024, 4, 5), "escalated"),
    ]
    assert {s.occurrence for _, s in seen} == {"2024-03-31"}


def test_an_extension_to_a_near_date_sends_the_latest_step_due_at_once():
    extended = item(due_on=date(2024, 1, 12), occurrence="2024-01-12")
    result = plan([extended], DEFAULT_POLICY, VN, at(date(2024, 1, 10)))
    assert [(s.name, s.decision) for s in result.steps] == [("reminder", "send")]
    assert result.next_check == {1: date(2024, 1, 12)}


# --- fire dates ---


@pytest.mark.parametrize(
    ("due_on", "calendar", "expected"),
    [
        pytest.param(
            date(2023, 10, 20),
            VN,
            ["2023-10-17", "2023-10-20", "2023-10-23", "2023-10-27"],
            id="ordinary friday",
        ),
        pytest.param(
            date(2023, 12, 31),
            VN,
            ["2023-12-26", "2023-12-29", "2024-01-02", "2024-01-08"],
            id="sunday before new year",
        ),
        pytest.param(
            date(2023, 12, 31),
            weekends_only(),
            ["2023-12-26", "2023-12-29", "2024-01-01", "2024-01-05"],
            id="sunday, no holidays known",
        ),
        pytest.param(
            date(2024, 2, 10),
            VN,
            ["2024-02-02", "2024-02-07", "2024-02-15", "2024-02-21"],
            id="inside the 2024 Tet break",
        ),
        pytest.param(
            date(2024, 2, 10),
            weekends_only(),
            ["2024-02-06", "2024-02-09", "2024-02-12", "2024-02-16"],
            id="the same saturday without the break",
        ),
        pytest.param(
            date(2025, 1, 31),
            VN,
            ["2025-01-21", "2025-01-24", "2025-02-03", "2025-02-07"],
            id="inside the 2025 Tet break",
        ),
    ],
)
def test_due_on_a_non_working_day_is_served_by_the_working_day_before(
    due_on, calendar, expected
):
    schedule = ladder_schedule(due_on, DEFAULT_POLICY, calendar)
    assert [r.name for r, _ in schedule] == ["reminder", "due", "overdue", "escalated"]
    assert [d.isoformat() for _, d in schedule] == expected


# --- statuses and ladder position ---


@pytest.mark.parametrize(
    ("status", "gets_steps"),
    [
        ("open", True),
        ("returned", True),
        ("reported", False),
        ("needs_owner", False),
        ("done", False),
        ("cancelled", False),
    ],
)
def test_only_open_and_returned_work_is_followed_up(status, gets_steps):
    result = plan([item(status=status)], DEFAULT_POLICY, VN, at(date(2024, 1, 2)))
    assert bool(result.to_send) is gets_steps
    expected_next = date(2024, 1, 8) if gets_steps else None
    assert result.next_check == {1: expected_next}


@pytest.mark.parametrize(
    ("last_step", "today", "expected", "next_check"),
    [
        (None, date(2023, 12, 1), [], date(2023, 12, 26)),
        ("assigned", date(2023, 12, 1), [], date(2023, 12, 26)),
        ("reminder", date(2023, 12, 27), [], date(2023, 12, 29)),
        ("due", date(2024, 1, 8), [("overdue", "skip"), ("escalated", "send")], None),
        ("overdue", date(2024, 1, 5), [], date(2024, 1, 8)),
        ("escalated", date(2024, 1, 9), [], None),
        ("escalated", date(2023, 12, 1), [], None),
    ],
)
def test_steps_at_or_below_the_last_recorded_step_are_never_produced_again(
    last_step, today, expected, next_check
):
    result = plan([item(last_step=last_step)], DEFAULT_POLICY, VN, at(today))
    assert [(s.name, s.decision) for s in result.steps] == expected
    assert result.next_check == {1: next_check}


def test_a_last_step_the_policy_does_not_know_is_refused():
    with pytest.raises(PolicyError, match="'nudge' is not a ladder step"):
        plan([item(last_step="nudge")], DEFAULT_POLICY, VN, at(date(2024, 1, 2)))


def test_steps_carry_the_policy_roles_and_reasons():
    result = plan([item()], DEFAULT_POLICY, VN, at(date(2024, 1, 8)))
    escalated = result.steps[-1]
    assert escalated == Step(
        assignment_id=1,
        name="escalated",
        occurrence="2023-12-31",
        decision="send",
        reason=Reason(
            "due 31/12/2023; escalated 5 working days after it, from 08/01/2024",
            "hạn 31/12/2023; bước báo cáo cấp trên 5 ngày làm việc sau hạn, "
            "từ ngày 08/01/2024",
        ),
        to_roles=("committee",),
        cc_roles=("owner", "superior"),
        send_after=at(date(2024, 1, 8)),
        fire_on=date(2024, 1, 8),
        message="escalated",
    )
    assert [s.fire_on for s in result.skipped] == [
        date(2023, 12, 26),
        date(2023, 12, 29),
        date(2024, 1, 2),
    ]


def test_per_issuer_policy_is_picked_by_the_item_issuer():
    policies = parse_policy(
        {"issuer": {"strict": {"steps": {"reminder": {"offset_working_days": -5}}}}},
        source="p.toml",
    )
    items = [item(assignment_id=1), item(assignment_id=2, issuer="strict")]
    result = plan(items, policies, VN, at(date(2023, 12, 22)))
    assert [(s.assignment_id, s.name) for s in result.steps] == [(2, "reminder")]
    assert result.next_check == {1: date(2023, 12, 26), 2: date(2023, 12, 29)}


def test_an_empty_occurrence_is_taken_from_the_due_date():
    (step,) = plan(
        [item(occurrence="", last_step="overdue")],
        DEFAULT_POLICY,
        VN,
        at(date(2024, 1, 8)),
    ).steps
    assert step.occurrence == "2023-12-31"
    assert occurrence_key(None) == "undated"


# --- work without a due date ---


def undated(**overrides: Any) -> FollowUpItem:
    fields = {
        "due_on": None,
        "recurrence": "ongoing",
        "occurrence": "undated",
        "last_progress_request_on": date(2023, 9, 22),
    }
    return item(**(fields | overrides))


@pytest.mark.parametrize(
    ("work", "today", "occurrence", "next_check"),
    [
        pytest.param(
            undated(), date(2023, 12, 21), None, date(2023, 12, 22), id="early"
        ),
        pytest.param(
            undated(), date(2023, 12, 22), "2023-Q4", date(2024, 3, 22), id="on"
        ),
        pytest.param(
            undated(), date(2024, 1, 15), "2023-Q4", date(2024, 4, 15), id="late"
        ),
        pytest.param(
            undated(recurrence=None),
            date(2023, 12, 22),
            "2023-Q4",
            date(2024, 3, 22),
            id="one-off without a date",
        ),
        pytest.param(
            undated(recurrence="periodic"),
            date(2023, 12, 22),
            "2023-Q4",
            date(2024, 3, 22),
            id="periodic",
        ),
        pytest.param(
            undated(last_progress_request_on=None, assigned_on=date(2023, 9, 22)),
            date(2023, 12, 22),
            "2023-Q4",
            date(2024, 3, 22),
            id="first request a period after assignment",
        ),
        pytest.param(
            undated(last_progress_request_on=None),
            date(2023, 10, 2),
            "2023-Q4",
            date(2024, 1, 2),
            id="never asked, assignment date unknown: at once",
        ),
        pytest.param(
            undated(last_progress_request_on=date(2023, 11, 30)),
            date(2024, 2, 29),
            "2024-Q1",
            date(2024, 5, 29),
            id="end of month clamps",
        ),
    ],
)
def test_work_without_a_due_date_is_asked_for_progress_every_quarter(
    work, today, occurrence, next_check
):
    result = plan([work], DEFAULT_POLICY, VN, at(today))
    assert [s.occurrence for s in result.to_send] == (
        [occurrence] if occurrence else []
    )
    assert all(s.name == "progress_request" for s in result.steps)
    assert result.next_check == {1: next_check}


def test_progress_requests_over_a_year_each_have_their_own_period():
    seen, last = sweep(undated(), days(date(2023, 9, 22), date(2024, 9, 30)))
    assert [(day, s.occurrence) for day, s in seen] == [
        (date(2023, 12, 22), "2023-Q4"),
        (date(2024, 3, 22), "2024-Q1"),
        (date(2024, 6, 22), "2024-Q2"),
        (date(2024, 9, 22), "2024-Q3"),
    ]
    assert last.last_progress_request_on == date(2024, 9, 22)


def test_monthly_progress_policy_asks_every_month():
    monthly = Policy(ongoing_progress_every="monthly")
    seen, _ = sweep(
        undated(), days(date(2023, 9, 22), date(2024, 1, 31)), policy=monthly
    )
    assert [s.occurrence for _, s in seen] == [
        "2023-10",
        "2023-11",
        "2023-12",
        "2024-01",
    ]


# --- the assigned notice, the digest, and misuse ---


def test_the_assigned_notice_goes_to_the_owner_and_waits_for_working_hours():
    step = assigned_step(item(), DEFAULT_POLICY, VN, at(SIGNED, "21:00"))
    assert (step.name, step.decision, step.to_roles) == ("assigned", "send", ("owner",))
    assert step.occurrence == "2023-12-31"
    assert step.send_after == at(date(2023, 9, 25), "07:30")


def test_the_planner_never_produces_the_assigned_notice():
    result = plan([item()], DEFAULT_POLICY, VN, at(SIGNED))
    assert result == Plan(steps=[], next_check={1: date(2023, 12, 26)})


@pytest.mark.parametrize(
    ("now", "weekday", "last", "expected"),
    [
        pytest.param(at(date(2023, 10, 9)), 1, None, "2023-W41", id="monday"),
        pytest.param(at(date(2023, 10, 9)), 1, "2023-W41", None, id="already made"),
        pytest.param(at(date(2023, 10, 11)), 1, "2023-W40", "2023-W41", id="catch up"),
        pytest.param(at(date(2023, 10, 11)), 5, "2023-W40", None, id="before friday"),
        pytest.param(at(date(2023, 10, 14)), 5, "2023-W40", "2023-W41", id="saturday"),
        pytest.param(at(date(2023, 10, 15), "23:30"), 1, "2023-W41", None, id="sun"),
        pytest.param(
            datetime(2023, 10, 15, 17, 30, tzinfo=UTC),
            1,
            "2023-W41",
            "2023-W42",
            id="already monday in Vietnam",
        ),
        pytest.param(at(date(2024, 12, 30)), 1, "2024-W52", "2025-W01", id="iso year"),
        pytest.param(at(date(2023, 10, 9)), 1, "2023-W42", None, id="later recorded"),
    ],
)
def test_weekly_digest_is_made_once_a_week_from_the_digest_weekday(
    now, weekday, last, expected
):
    assert digest_due(now, Policy(digest_weekday=weekday), last) == expected


@pytest.mark.parametrize(
    "call",
    [
        lambda now: plan([item()], DEFAULT_POLICY, VN, now),
        lambda now: next_send_time(now, DEFAULT_POLICY, VN),
        lambda now: digest_due(now, DEFAULT_POLICY, None),
        lambda now: assigned_step(item(), DEFAULT_POLICY, VN, now),
    ],
)
def test_a_naive_now_is_refused(call):
    with pytest.raises(ValueError, match="timezone-aware"):
        call(datetime(2024, 1, 2, 9, 0))


def test_the_same_assignment_twice_is_refused():
    with pytest.raises(ValueError, match="given twice"):
        plan([item(), item()], DEFAULT_POLICY, VN, at(date(2024, 1, 2)))


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="unknown status 'late'"):
        item(status="late")


# --- properties ---

LADDER_NAMES = [None, "assigned", "reminder", "due", "overdue", "escalated"]
dates = st.dates(min_value=date(2023, 6, 1), max_value=date(2025, 6, 30))
clocks = st.times()


@st.composite
def items(draw: st.DrawFn) -> FollowUpItem:
    due_on = draw(st.none() | dates)
    return FollowUpItem(
        assignment_id=draw(st.integers(1, 10_000)),
        issuer="huyen-uy",
        due_on=due_on,
        status=draw(st.sampled_from(sorted(STATUSES))),
        recurrence=draw(st.sampled_from([None, "ongoing", "periodic", "monthly"])),
        last_step=draw(st.sampled_from(LADDER_NAMES)),
        occurrence=occurrence_key(due_on),
        last_progress_request_on=draw(st.none() | dates),
        assigned_on=draw(st.none() | dates),
    )


def instant(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, HCM).astimezone(UTC)


@settings(max_examples=300, deadline=None)
@given(work=items(), day=dates, clock=clocks)
def test_planning_twice_with_the_first_plan_applied_yields_no_new_steps(
    work, day, clock
):
    now = instant(day, clock)
    first = plan([work], DEFAULT_POLICY, VN, now)
    again = plan([applied(work, first.steps, on=day)], DEFAULT_POLICY, VN, now)
    assert again.steps == []
    assert again.next_check == first.next_check


@settings(max_examples=300, deadline=None)
@given(work=items(), day=dates, clock=clocks)
def test_a_sweep_after_any_outage_sends_at_most_one_step_and_skips_the_rest(
    work, day, clock
):
    result = plan([work], DEFAULT_POLICY, VN, instant(day, clock))
    decisions = [s.decision for s in result.steps]
    if decisions:
        assert decisions == ["skip"] * (len(decisions) - 1) + ["send"]
    latest = result.steps[-1].name if result.steps else None
    assert all(s.reason.en == f"superseded by {latest}" for s in result.skipped)
    assert all(s.fire_on <= day for s in result.steps)
    check = result.next_check[work.assignment_id]
    assert check is None or check > day


@settings(max_examples=150, deadline=None)
@given(
    work=items(),
    start=dates,
    gaps=st.lists(st.integers(1, 20), min_size=1, max_size=40),
)
def test_every_ladder_step_is_recorded_once_however_irregular_the_sweeps(
    work, start, gaps
):
    work = replace(work, status="open", last_step=None)
    sweep_days = [start]
    for gap in gaps:
        sweep_days.append(sweep_days[-1] + timedelta(gap))
    seen, _ = sweep(work, sweep_days)
    if work.due_on is None:
        return
    names = [s.name for _, s in seen]
    assert len(names) == len(set(names))
    # nothing is dated before the work was registered
    schedule = from_registration(
        ladder_schedule(work.due_on, DEFAULT_POLICY, VN),
        work.due_on,
        work.assigned_on,
        VN,
    )
    fallen = [r.name for r, d in schedule if d <= sweep_days[-1]]
    assert names == fallen
    if work.assigned_on is not None:
        assert all(step.fire_on >= work.assigned_on for _, step in seen)
    assert all(day >= step.fire_on for day, step in seen)


@settings(max_examples=60, deadline=None)
@given(
    batch=st.lists(
        items(), min_size=1, max_size=6, unique_by=lambda i: i.assignment_id
    ),
    start=dates,
    span=st.integers(1, 200),
)
def test_sweeping_only_items_whose_next_check_has_come_misses_nothing(
    batch, start, span
):
    """The indexed sweep (next_check <= today) decides exactly what a full scan does,
    and an item planned on its next_check day always gets a step."""
    full = {w.assignment_id: w for w in batch}
    indexed = dict(full)
    next_check: dict[int, date | None] = {w.assignment_id: start for w in batch}
    for day in days(start, start + timedelta(span)):
        now = at(day)
        full_plan = plan(full.values(), DEFAULT_POLICY, VN, now)
        due = [w for i, w in indexed.items() if (c := next_check[i]) and c <= day]
        indexed_plan = plan(due, DEFAULT_POLICY, VN, now)
        assert sorted(indexed_plan.steps, key=_order) == sorted(
            full_plan.steps, key=_order
        )
        for work in due:
            if next_check[work.assignment_id] == day and day != start:
                assert any(
                    s.assignment_id == work.assignment_id for s in indexed_plan.steps
                )
        next_check.update(indexed_plan.next_check)
        full = {i: applied(w, full_plan.steps, on=day) for i, w in full.items()}
        indexed = {
            i: applied(w, indexed_plan.steps, on=day) for i, w in indexed.items()
        }


def _order(step: Step) -> tuple[int, date, str]:
    return step.assignment_id, step.fire_on, step.name


def test_work_registered_after_its_due_date_starts_its_ladder_on_registration():
    """Due 31 Dec 2023, registered Mon 22 Jan 2024: the assigned notice says it is
    overdue; then overdue one working day later and escalation five, never a step
    dated before 22 Jan."""
    late = item(assigned_on=date(2024, 1, 22))
    days = [date(2024, 1, 22) + timedelta(n) for n in range(14)]
    seen, _ = sweep(late, days)
    assert [(s.name, s.fire_on, s.decision) for _, s in seen] == [
        ("overdue", date(2024, 1, 23), "send"),
        ("escalated", date(2024, 1, 29), "send"),
    ]


def test_work_registered_after_its_reminder_date_gets_no_reminder_dated_before_it():
    registered = item(assigned_on=date(2023, 12, 28))  # reminder would be 26 Dec
    seen, _ = sweep(registered, [date(2023, 12, 28), date(2023, 12, 29)])
    assert [(s.name, s.fire_on) for _, s in seen] == [("due", date(2023, 12, 29))]


def test_work_registered_in_time_keeps_its_ladder():
    registered = item(assigned_on=date(2023, 9, 22))
    schedule = ladder_schedule(date(2023, 12, 31), DEFAULT_POLICY, VN)
    assert (
        from_registration(schedule, date(2023, 12, 31), date(2023, 9, 22), VN)
        == schedule
    )
    seen, _ = sweep(registered, [date(2024, 1, 10)])
    assert [(s.name, s.decision) for _, s in seen][-1] == ("escalated", "send")


@pytest.mark.parametrize(
    ("on", "days"),
    [
        (date(2023, 12, 29), 0),
        (date(2024, 1, 2), 1),  # 1 Jan is a holiday
        (date(2024, 1, 8), 5),
        (date(2024, 1, 29), 20),
    ],
)
def test_working_days_overdue_is_one_count(on, days):
    assert working_days_overdue(date(2023, 12, 31), on, VN) == days


def test_a_milestone_is_followed_up_like_a_due_date_each_step_once():
    """Due 31 Dec 2023 with a milestone on Tue 31 Oct: reminder, due and overdue for
    the milestone, each under its own occurrence; no escalation for it."""
    work = item(milestones=(date(2023, 10, 31),), assigned_on=date(2023, 9, 22))
    days = [date(2023, 10, 20) + timedelta(n) for n in range(20)]
    seen, after = sweep(work, days)
    assert [(s.name, s.fire_on, s.occurrence, s.decision) for _, s in seen] == [
        ("reminder", date(2023, 10, 26), "2023-12-31~2023-10-31", "send"),
        ("due", date(2023, 10, 31), "2023-12-31~2023-10-31", "send"),
        ("overdue", date(2023, 11, 1), "2023-12-31~2023-10-31", "send"),
    ]
    assert all(s.to_roles == ("owner",) and not s.cc_roles for _, s in seen)
    assert after.last_step is None  # the due date's own ladder is untouched
    assert plan([after], DEFAULT_POLICY, VN, at(date(2023, 11, 2))).next_check == {
        1: date(2023, 12, 26)
    }


def test_a_sweep_after_an_outage_sends_only_a_milestone_s_latest_step():
    work = item(milestones=(date(2023, 10, 31),))
    result = plan([work], DEFAULT_POLICY, VN, at(date(2023, 11, 6)))
    assert [(s.name, s.decision) for s in result.steps] == [
        ("reminder", "skip"),
        ("due", "skip"),
        ("overdue", "send"),
    ]
