"""The report's counting (classify each distinct set of facts once, one pass for both
periods) gives the figures of plain per-row classification, on generated registries."""

import random
from collections import Counter
from dataclasses import fields
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.periods import Period, parse_period
from domain.reporting import (
    ReportRow,
    Unit,
    compute,
    facts_of,
    in_scope,
    item_as_of,
    status_input,
)
from domain.status import ReportStatus, StatusInput, categories, classify, same_between
from domain.workdays import weekends_only

UNITS = [Unit("top", "Ban Thường vụ")] + [
    Unit(f"u{i}", f"Đơn vị {i}", "top" if i < 3 else f"u{i % 3}") for i in range(9)
]
START = date(2023, 1, 2)
STATUSES = (
    "open",
    "open",
    "done",
    "done",
    "reported",
    "returned",
    "cancelled",
    "needs_owner",
)


def _day(rnd: random.Random, span: int = 400) -> date:
    return START + timedelta(days=rnd.randrange(span))


def generated_rows(seed: int, count: int) -> list[ReportRow]:
    """Rows of every status, with extensions, returns and notes at random dates; few
    distinct dates, so that many rows share their facts."""
    rnd = random.Random(seed)
    rows = []
    for i in range(count):
        signed = _day(rnd, 330)
        status = rnd.choice(STATUSES)
        due = (
            None if rnd.random() < 0.2 else signed + timedelta(days=rnd.randrange(120))
        )
        original = due
        extensions: tuple[tuple[date, date], ...] = ()
        if due is not None and rnd.random() < 0.2:
            granted = signed + timedelta(days=rnd.randrange(200))
            extensions = ((granted, due + timedelta(days=30)),)
            due = extensions[-1][1]
        returned_on: tuple[date, ...] = ()
        if status == "returned" or rnd.random() < 0.1:
            returned_on = (signed + timedelta(days=rnd.randrange(200)),)
        reported = accepted = None
        if status in ("done", "reported") or rnd.random() < 0.1:
            reported = signed + timedelta(days=rnd.randrange(150))
        if status == "done":
            accepted = (reported or signed) + timedelta(days=rnd.randrange(10))
        owner = None if status == "needs_owner" else rnd.choice(UNITS[1:]).code
        rows.append(
            ReportRow(
                item=StatusInput(
                    due_on=due,
                    original_due_on=original,
                    status=status,
                    accepted_on=accepted,
                    reported_on=reported,
                    recurrence="ongoing"
                    if due is None and rnd.random() < 0.5
                    else None,
                    extended=bool(extensions),
                    returned=bool(returned_on),
                    owner_resolved=owner is not None,
                    owner=owner,
                ),
                notice=f"{rnd.randrange(1, 6)}-TB/TU",
                signed_on=signed,
                ref=str(rnd.randrange(1, 4)),
                summary=f"Việc {i}",
                registered_on=signed + timedelta(days=rnd.randrange(5)),
                extensions=extensions,
                returned_on=returned_on,
                progress_on=tuple(_day(rnd) for _ in range(rnd.randrange(3))),
            )
        )
    return rows


def plain_counts(
    rows: list[ReportRow], period: Period
) -> tuple[
    dict[str | None, Counter[ReportStatus]],
    Counter[ReportStatus],
    list[tuple[str, date | None]],
    int,
]:
    """Per-owner and overall category counts, classifying every row on its own."""
    owners: dict[str | None, Counter[ReportStatus]] = {}
    overall: Counter[ReportStatus] = Counter()
    overdue = []
    cancelled = 0
    for row in rows:
        if not in_scope(row, period):
            continue
        if row.item.status == "cancelled":
            cancelled += 1
            continue
        item = item_as_of(row, period.end)
        found = categories(item, as_of=period.end)
        owners.setdefault(item.owner, Counter()).update(found)
        overall.update(found)
        if classify(item, as_of=period.end) is ReportStatus.OVERDUE:
            overdue.append((row.summary, item.due_on))
    return owners, overall, sorted(overdue), cancelled


@pytest.mark.parametrize(
    ("seed", "period"), [(1, "2023-Q4"), (2, "2023-Q3"), (3, "2023-11"), (4, "2023")]
)
def test_fast_counting_equals_plain_classification_in_both_periods(seed, period):
    rows = generated_rows(seed, 3000)
    now = parse_period(period)
    before = now.previous()
    assert before is not None
    f = compute(rows, period=now, units=UNITS, calendar=weekends_only())
    owners, overall, overdue, cancelled = plain_counts(rows, now)
    for status in ReportStatus:
        assert f.overall.count(status) == overall[status]
        for line in f.units:
            assert line.own.count(status) == owners.get(line.code, Counter())[status]
    assert {line.code for line in f.units if line.own.total} == set(owners)
    assert sorted((o.summary, o.due_on) for o in f.overdue) == overdue
    assert f.cancelled == cancelled
    prev_owners, prev_overall, _, _ = plain_counts(rows, before)
    assert f.previous_overall is not None
    for status in ReportStatus:
        assert f.previous_overall.count(status) == prev_overall[status]
    for line in f.units:
        own = prev_owners.get(line.code, Counter())[ReportStatus.OVERDUE]
        assert line.previous_overdue == own
    # the comparison alone (one period) gives the same previous figures
    alone = compute(rows, period=before, units=UNITS, calendar=weekends_only())
    assert alone.overall == f.previous_overall


_days = st.dates(min_value=date(2023, 1, 1), max_value=date(2023, 12, 31))


@given(
    due=st.none() | _days,
    reported=st.none() | _days,
    accepted=_days,
    status=st.sampled_from(["open", "reported", "done", "returned", "needs_owner"]),
    returned=st.booleans(),
    first=_days,
    length=st.integers(0, 120),
)
def test_categories_are_the_same_on_two_days_when_same_between_says_so(
    due, reported, accepted, status, returned, first, length
):
    item = StatusInput(
        due_on=due,
        original_due_on=due,
        status=status,
        accepted_on=accepted if status == "done" else None,
        reported_on=reported,
        returned=returned,
    )
    last = first + timedelta(days=length)
    if same_between(item, first, last):
        assert categories(item, as_of=first) == categories(item, as_of=last)


def test_facts_follow_the_fields_of_status_input():
    """Facts build a StatusInput positionally: the two orders must agree."""
    item = StatusInput(
        due_on=date(2023, 1, 2),
        original_due_on=date(2023, 1, 1),
        status="reported",
        accepted_on=None,
        reported_on=date(2023, 1, 3),
        recurrence="monthly",
        extended=True,
        returned=True,
        owner_resolved=False,
        owner="a",
    )
    assert status_input(facts_of(item), "a") == item
    assert [f.name for f in fields(StatusInput)][-1] == "owner"
