from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.occurrences import (
    Occurrence,
    add_months,
    month_key,
    occurrences,
    period_key,
    quarter_key,
    week_key,
    year_key,
)
from domain.policy import DEFAULT_POLICY, Policy
from domain.workdays import calendar_from_dates

SIGNED = date(2023, 9, 22)

# the 2023 National Day break (Fri 1 – Mon 4 Sep) and the 2025 Tết break
VN = calendar_from_dates(
    days_off=[
        date(2023, 9, 1),
        date(2023, 9, 4),
        *(date(2025, 1, 25) + timedelta(n) for n in range(9)),
    ],
    working_weekend_days=[date(2024, 5, 4)],
)


def test_monthly_work_is_due_on_the_policy_day_of_each_month_from_signing():
    found = occurrences(
        "monthly", start=SIGNED, until=date(2024, 1, 31), policy=DEFAULT_POLICY
    )
    assert found == [
        Occurrence("2023-10", date(2023, 10, 20), "tháng 10/2023"),
        Occurrence("2023-11", date(2023, 11, 20), "tháng 11/2023"),
        Occurrence("2023-12", date(2023, 12, 20), "tháng 12/2023"),
        # a Saturday: kept as written, the planner serves it on the Friday before
        Occurrence("2024-01", date(2024, 1, 20), "tháng 1/2024"),
    ]


def test_monthly_due_day_past_the_month_end_falls_on_its_last_day():
    found = occurrences(
        "monthly",
        start=date(2024, 1, 1),
        until=date(2024, 4, 30),
        policy=Policy(recurring_due_day=31),
    )
    assert [o.due_on for o in found] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (
            SIGNED,
            [
                ("2023-Q4", date(2023, 12, 20), "quý IV/2023"),
                ("2024-Q1", date(2024, 3, 20), "quý I/2024"),
                ("2024-Q2", date(2024, 6, 20), "quý II/2024"),
                ("2024-Q3", date(2024, 9, 20), "quý III/2024"),
            ],
        ),
        (
            date(2023, 9, 10),
            [
                ("2023-Q3", date(2023, 9, 20), "quý III/2023"),
                ("2023-Q4", date(2023, 12, 20), "quý IV/2023"),
                ("2024-Q1", date(2024, 3, 20), "quý I/2024"),
                ("2024-Q2", date(2024, 6, 20), "quý II/2024"),
                ("2024-Q3", date(2024, 9, 20), "quý III/2024"),
            ],
        ),
    ],
)
def test_quarterly_work_is_due_on_the_policy_day_of_the_quarters_last_month(
    start, expected
):
    found = occurrences(
        "quarterly", start=start, until=date(2024, 12, 1), policy=DEFAULT_POLICY
    )
    assert [(o.key, o.due_on, o.period_label) for o in found] == expected


def test_yearly_work_is_due_on_the_policy_day_of_december():
    found = occurrences(
        "yearly", start=SIGNED, until=date(2025, 12, 31), policy=DEFAULT_POLICY
    )
    assert found == [
        Occurrence("2023", date(2023, 12, 20), "năm 2023"),
        Occurrence("2024", date(2024, 12, 20), "năm 2024"),
        Occurrence("2025", date(2025, 12, 20), "năm 2025"),
    ]


@pytest.mark.parametrize(
    ("start", "until", "expected"),
    [
        pytest.param(
            date(2023, 10, 9),
            date(2023, 10, 22),
            [("2023-W41", date(2023, 10, 13)), ("2023-W42", date(2023, 10, 20))],
            id="ordinary weeks end on friday",
        ),
        pytest.param(
            date(2023, 8, 28),
            date(2023, 9, 3),
            [("2023-W35", date(2023, 8, 31))],
            id="friday off: thursday",
        ),
        pytest.param(
            date(2024, 4, 29),
            date(2024, 5, 5),
            [("2024-W18", date(2024, 5, 4))],
            id="make-up saturday worked",
        ),
        pytest.param(
            date(2025, 1, 20),
            date(2025, 2, 9),
            [("2025-W04", date(2025, 1, 24)), ("2025-W06", date(2025, 2, 7))],
            id="a week wholly inside the Tet break has none",
        ),
        pytest.param(
            date(2023, 10, 14),
            date(2023, 10, 20),
            [("2023-W42", date(2023, 10, 20))],
            id="a week whose friday is before the start is left out",
        ),
        pytest.param(
            date(2024, 12, 23),
            date(2025, 1, 5),
            [("2024-W52", date(2024, 12, 27)), ("2025-W01", date(2025, 1, 3))],
            id="ISO year boundary",
        ),
    ],
)
def test_weekly_work_is_due_on_the_last_working_day_of_the_week(start, until, expected):
    found = occurrences(
        "weekly", start=start, until=until, policy=DEFAULT_POLICY, calendar=VN
    )
    assert [(o.key, o.due_on) for o in found] == expected


def test_weekly_labels_name_the_iso_week():
    (found,) = occurrences(
        "weekly",
        start=date(2023, 10, 9),
        until=date(2023, 10, 13),
        policy=DEFAULT_POLICY,
    )
    assert found.period_label == "tuần 41/2023"


@pytest.mark.parametrize("recurrence", [None, "ongoing", "periodic"])
def test_ongoing_and_one_off_work_has_no_dated_occurrences(recurrence):
    found = occurrences(
        recurrence, start=SIGNED, until=date(2025, 1, 1), policy=DEFAULT_POLICY
    )
    assert found == []


def test_an_empty_range_has_no_occurrences():
    found = occurrences(
        "monthly", start=date(2024, 1, 1), until=date(2023, 1, 1), policy=DEFAULT_POLICY
    )
    assert found == []


def test_an_unknown_recurrence_is_refused():
    with pytest.raises(ValueError, match="unknown recurrence 'daily'"):
        occurrences("daily", start=SIGNED, until=SIGNED, policy=DEFAULT_POLICY)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 10, 9), ("2023-W41", "2023-10", "2023-Q4", "2023")),
        (date(2024, 12, 30), ("2025-W01", "2024-12", "2024-Q4", "2024")),
        (date(2021, 1, 1), ("2020-W53", "2021-01", "2021-Q1", "2021")),
        (date(2024, 7, 1), ("2024-W27", "2024-07", "2024-Q3", "2024")),
    ],
)
def test_period_keys(day, expected):
    assert (week_key(day), month_key(day), quarter_key(day), year_key(day)) == expected


@pytest.mark.parametrize(
    ("months", "expected"), [(1, "2024-02"), (3, "2024-Q1"), (12, "2024")]
)
def test_period_key_by_length(months, expected):
    assert period_key(date(2024, 2, 29), months) == expected


def test_period_key_refuses_a_length_without_a_key():
    with pytest.raises(ValueError, match="6 months"):
        period_key(date(2024, 2, 29), 6)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 9, 22), 3, date(2023, 12, 22)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2023, 10, 31), 1, date(2023, 11, 30)),
        (date(2023, 12, 15), 1, date(2024, 1, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
    ],
)
def test_adding_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(
    recurrence=st.sampled_from(["weekly", "monthly", "quarterly", "yearly"]),
    start=dates,
    length=st.integers(0, 800),
    due_day=st.integers(1, 31),
)
def test_occurrences_lie_in_the_range_in_order_with_distinct_keys(
    recurrence, start, length, due_day
):
    until = start + timedelta(length)
    found = occurrences(
        recurrence,
        start=start,
        until=until,
        policy=Policy(recurring_due_day=due_day),
        calendar=VN,
    )
    dues = [o.due_on for o in found]
    assert all(start <= d <= until for d in dues)
    assert dues == sorted(set(dues))
    assert len({o.key for o in found}) == len(found)
    if recurrence == "weekly":
        assert all(
            VN.is_working_day(d) and week_key(d) == o.key
            for o, d in zip(found, dues, strict=True)
        )
    if recurrence == "monthly" and length >= 31:
        # a range of a month or more always holds at least one monthly due day
        assert found
