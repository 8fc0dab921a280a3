"""The rule the sweep applies to recurring work: which occurrences must exist, and what
each new one is (no database: the parent is a value, the answer is a value)."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.assignment import AssignmentState, EventKind
from domain.occurrences import (
    OCCURRENCE_LEAD_DAYS,
    PARENT_RECHECK_DAYS,
    RecurringParent,
    is_recurring_parent,
    occurrences,
    spawn_occurrences,
)
from domain.policy import DEFAULT_POLICY, Policy
from domain.workdays import calendar_from_dates

SIGNED = date(2023, 9, 22)
MONTHLY = RecurringParent(
    id=7,
    status="open",
    owner="btg-huyen-uy",
    recurrence="monthly",
    summary="Báo cáo tình hình dư luận xã hội",
    registered_on=SIGNED,
)
# Friday 1 Sep 2023 is a holiday (National Day break)
VN = calendar_from_dates(days_off=[date(2023, 9, 1), date(2023, 9, 4)])


def test_a_new_monthly_parent_creates_the_occurrence_due_within_the_lead_time():
    """Swept on its registration day, the parent gets the October report (due 20 Oct,
    inside the 31 days ahead), open for its owner and keyed by its month; the parent
    is looked at again a week later."""
    spawn = spawn_occurrences(MONTHLY, today=SIGNED, policy=DEFAULT_POLICY)
    (new,) = spawn.new
    assert spawn.parent_id == 7
    assert new.state == AssignmentState(
        id=0,
        status="open",
        owner="btg-huyen-uy",
        due_on=date(2023, 10, 20),
        original_due_on=date(2023, 10, 20),
        occurrence="2023-10",
    )
    assert new.summary == "Báo cáo tình hình dư luận xã hội (tháng 10/2023)"
    assert new.due_text == "tháng 10/2023"
    assert [(e.kind, e.payload) for e in new.events] == [
        (EventKind.CREATED, {"occurrence": "2023-10", "parent": 7})
    ]
    assert spawn.next_check_on == SIGNED + timedelta(days=PARENT_RECHECK_DAYS)


def test_occurrences_already_created_are_not_created_again():
    """A month later the October report exists: only November's is new."""
    today = date(2023, 10, 22)
    first = spawn_occurrences(MONTHLY, today=today, policy=DEFAULT_POLICY)
    assert [n.state.occurrence for n in first.new] == ["2023-10", "2023-11"]
    again = spawn_occurrences(
        replace(MONTHLY, spawned=frozenset({"2023-10"})),
        today=today,
        policy=DEFAULT_POLICY,
    )
    assert [n.state.occurrence for n in again.new] == ["2023-11"]
    done = replace(MONTHLY, spawned=frozenset({"2023-10", "2023-11"}))
    assert spawn_occurrences(done, today=today, policy=DEFAULT_POLICY).new == ()


def test_nothing_due_before_the_work_was_registered_is_created():
    """Work registered after the 20th starts with the next month's report."""
    late = replace(MONTHLY, registered_on=date(2023, 10, 25))
    spawn = spawn_occurrences(late, today=date(2023, 10, 25), policy=DEFAULT_POLICY)
    assert [(n.state.occurrence, n.state.due_on) for n in spawn.new] == [
        ("2023-11", date(2023, 11, 20))
    ]


def test_the_issuers_policy_gives_the_monthly_due_day():
    spawn = spawn_occurrences(MONTHLY, today=SIGNED, policy=Policy(recurring_due_day=5))
    assert [n.state.due_on for n in spawn.new] == [date(2023, 10, 5)]


def test_a_weekly_report_is_due_on_the_last_working_day_of_the_calendar_given():
    """The week of 28 Aug 2023 has its Friday off: its report is due on Thursday."""
    weekly = replace(MONTHLY, recurrence="weekly", registered_on=date(2023, 8, 28))
    spawn = spawn_occurrences(
        weekly, today=date(2023, 8, 28), policy=DEFAULT_POLICY, calendar=VN
    )
    assert spawn.new[0].state.occurrence == "2023-W35"
    assert spawn.new[0].state.due_on == date(2023, 8, 31)
    assert spawn.new[0].due_text == "tuần 35/2023"


@pytest.mark.parametrize("status", ["needs_owner", "reported", "done", "cancelled"])
def test_a_parent_no_longer_followed_up_creates_nothing_and_is_not_checked_again(
    status,
):
    spawn = spawn_occurrences(
        replace(MONTHLY, status=status), today=SIGNED, policy=DEFAULT_POLICY
    )
    assert spawn.new == ()
    assert spawn.next_check_on is None


@pytest.mark.parametrize(
    ("recurrence", "due_on", "parent_id", "expected"),
    [
        ("monthly", None, None, True),
        ("weekly", None, None, True),
        ("yearly", None, None, True),
        ("ongoing", None, None, False),  # asked for progress instead
        ("periodic", None, None, False),
        (None, None, None, False),
        ("monthly", date(2023, 10, 20), 7, False),  # an occurrence
        ("monthly", date(2023, 10, 20), None, False),  # dated: followed up itself
    ],
)
def test_only_undated_top_level_work_with_a_dated_recurrence_is_a_parent(
    recurrence, due_on, parent_id, expected
):
    assert is_recurring_parent(recurrence, due_on, parent_id) is expected


@given(
    recurrence=st.sampled_from(["weekly", "monthly", "quarterly", "yearly"]),
    registered=st.dates(date(2023, 1, 1), date(2026, 12, 31)),
    gaps=st.lists(st.integers(1, 40), min_size=1, max_size=12),
)
def test_sweeping_now_and_then_creates_what_one_last_sweep_would_each_once(
    recurrence, registered, gaps
):
    """Whatever days the sweep runs on, each occurrence is created once, and by the
    last sweep exactly those due from registration to the lead time ahead exist."""
    parent = replace(MONTHLY, recurrence=recurrence, registered_on=registered)
    created: list[str] = []
    today = registered
    for gap in gaps:
        spawn = spawn_occurrences(
            replace(parent, spawned=frozenset(created)),
            today=today,
            policy=DEFAULT_POLICY,
            calendar=VN,
        )
        created += [n.state.occurrence for n in spawn.new]
        last, today = today, today + timedelta(days=gap)
    expected = occurrences(
        recurrence,
        start=registered,
        until=last + timedelta(days=OCCURRENCE_LEAD_DAYS),
        policy=DEFAULT_POLICY,
        calendar=VN,
    )
    assert created == [o.key for o in expected]
