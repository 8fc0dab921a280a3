from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.status import (
    SPLIT,
    ReportStatus,
    StatusInput,
    categories,
    classify,
    summarise,
)

DUE = date(2023, 12, 31)
AS_OF = date(2024, 1, 15)
OPEN = StatusInput(due_on=DUE, original_due_on=DUE, status="open", owner="btg")
S = ReportStatus


def row(**overrides: Any) -> StatusInput:
    return replace(OPEN, **overrides)


@pytest.mark.parametrize(
    ("overrides", "as_of", "expected"),
    [
        pytest.param({}, date(2023, 12, 1), S.OPEN_IN_TERM, id="before due"),
        pytest.param({}, DUE, S.OPEN_IN_TERM, id="on the due date"),
        pytest.param({}, date(2024, 1, 1), S.OVERDUE, id="the day after"),
        pytest.param(
            {"status": "done", "accepted_on": DUE}, AS_OF, S.DONE_ON_TIME, id="on time"
        ),
        pytest.param(
            {"status": "done", "accepted_on": date(2024, 1, 2)},
            AS_OF,
            S.DONE_LATE,
            id="accepted late",
        ),
        pytest.param(
            {"status": "reported"},
            AS_OF,
            S.OVERDUE,
            id="reported but not accepted is not done",
        ),
        pytest.param(
            {"status": "done", "accepted_on": date(2024, 1, 20)},
            AS_OF,
            S.OVERDUE,
            id="accepted after the report date is not done yet",
        ),
        pytest.param(
            {
                "status": "done",
                "reported_on": date(2023, 12, 29),
                "accepted_on": date(2024, 1, 5),
            },
            AS_OF,
            S.DONE_ON_TIME,
            id="reported in time, accepted late: on time",
        ),
        pytest.param(
            {
                "status": "done",
                "reported_on": date(2024, 1, 8),
                "accepted_on": date(2024, 1, 9),
            },
            AS_OF,
            S.DONE_LATE,
            id="returned, reported again after the due date: late",
        ),
        pytest.param(
            {"status": "reported", "reported_on": date(2023, 12, 29)},
            AS_OF,
            S.OPEN_IN_TERM,
            id="reported in time, waiting for the office: not overdue",
        ),
        pytest.param(
            {
                "status": "done",
                "reported_on": date(2023, 12, 29),
                "accepted_on": date(2024, 1, 20),
            },
            AS_OF,
            S.OPEN_IN_TERM,
            id="reported in time, accepted after the report date: in term",
        ),
        pytest.param(
            {"status": "reported", "reported_on": date(2024, 1, 3)},
            AS_OF,
            S.OVERDUE,
            id="reported late, waiting for the office: overdue",
        ),
        pytest.param({"status": "returned"}, AS_OF, S.OVERDUE, id="returned"),
        pytest.param(
            {"due_on": date(2024, 3, 31), "extended": True},
            AS_OF,
            S.OPEN_IN_TERM,
            id="extended: judged by the due date in force",
        ),
        pytest.param(
            {
                "due_on": date(2024, 3, 31),
                "extended": True,
                "status": "done",
                "accepted_on": date(2024, 3, 1),
            },
            date(2024, 4, 1),
            S.DONE_ON_TIME,
            id="extended, done within the extension",
        ),
        pytest.param(
            {"due_on": None, "recurrence": "ongoing"}, AS_OF, S.ONGOING, id="ongoing"
        ),
        pytest.param(
            {"due_on": None, "recurrence": "periodic"}, AS_OF, S.ONGOING, id="periodic"
        ),
        pytest.param({"due_on": None}, AS_OF, S.NO_DEADLINE, id="no deadline"),
        pytest.param(
            {"due_on": None, "status": "done", "accepted_on": AS_OF},
            AS_OF,
            S.DONE_ON_TIME,
            id="no deadline, done: none missed",
        ),
        pytest.param(
            {"status": "needs_owner", "owner_resolved": False, "owner": None},
            AS_OF,
            S.OVERDUE,
            id="no owner, past due",
        ),
    ],
)
def test_classification_follows_the_four_way_split(overrides, as_of, expected):
    assert classify(row(**overrides), as_of=as_of) is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param({}, {S.OVERDUE}, id="plain overdue"),
        pytest.param(
            {"extended": True, "due_on": date(2024, 1, 10)},
            {S.OVERDUE, S.EXTENDED},
            id="extended and still overdue",
        ),
        pytest.param(
            {"status": "returned", "returned": True, "due_on": date(2024, 2, 1)},
            {S.OPEN_IN_TERM, S.RETURNED},
            id="returned counts as not done",
        ),
        pytest.param(
            {"status": "done", "accepted_on": DUE, "returned": True},
            {S.DONE_ON_TIME},
            id="returned once, accepted since",
        ),
        pytest.param(
            {"status": "needs_owner", "owner_resolved": False},
            {S.OVERDUE, S.NEEDS_OWNER},
            id="needs an owner",
        ),
        pytest.param(
            {"owner_resolved": False},
            {S.OVERDUE, S.NEEDS_OWNER},
            id="owner not resolved",
        ),
        pytest.param(
            {"due_on": None, "recurrence": "ongoing"},
            {S.ONGOING},
            id="ongoing",
        ),
        pytest.param(
            {
                "due_on": None,
                "recurrence": "ongoing",
                "status": "done",
                "accepted_on": AS_OF,
            },
            {S.DONE_ON_TIME, S.ONGOING},
            id="ongoing, done",
        ),
        pytest.param(
            {"due_on": None, "status": "done", "accepted_on": AS_OF},
            {S.DONE_ON_TIME, S.NO_DEADLINE},
            id="no deadline, done",
        ),
    ],
)
def test_extra_categories_are_counted_alongside_the_primary_status(overrides, expected):
    assert categories(row(**overrides), as_of=AS_OF) == frozenset(expected)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": "cancelled"}, "left out of reports"),
        ({"status": "done"}, "without an acceptance date"),
        ({"status": "late"}, "unknown status 'late'"),
    ],
)
def test_classification_refuses_what_it_cannot_judge(overrides, message):
    with pytest.raises(ValueError, match=message):
        classify(row(**overrides), as_of=AS_OF)


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (S.DONE_ON_TIME, "hoàn thành đúng hạn"),
        (S.DONE_LATE, "hoàn thành quá hạn"),
        (S.OPEN_IN_TERM, "đang thực hiện trong hạn"),
        (S.OVERDUE, "quá hạn chưa hoàn thành"),
        (S.ONGOING, "thường xuyên"),
        (S.NO_DEADLINE, "không thời hạn"),
        (S.EXTENDED, "gia hạn"),
        (S.RETURNED, "bị trả lại"),
        (S.NEEDS_OWNER, "chưa có đơn vị"),
    ],
)
def test_every_status_has_its_vietnamese_label(status, label):
    assert status.label == label
    assert status.in_split is (status in SPLIT)


def test_summary_counts_per_category_and_per_owner_with_the_on_time_rate():
    rows = [
        row(status="done", accepted_on=DUE),
        row(status="done", accepted_on=date(2023, 12, 1)),
        row(status="done", accepted_on=date(2024, 1, 3), owner="vp"),
        row(owner="vp", extended=True, due_on=date(2024, 1, 5)),
        row(due_on=date(2024, 2, 1)),
        row(due_on=None, recurrence="ongoing"),
        row(status="needs_owner", owner_resolved=False, owner=None),
        row(status="cancelled"),
    ]
    summary = summarise(rows, AS_OF)
    overall = summary.overall
    assert overall.total == 7
    assert summary.cancelled == 1
    assert {s: n for s, n in overall.counts.items() if n} == {
        S.DONE_ON_TIME: 2,
        S.DONE_LATE: 1,
        S.OVERDUE: 2,
        S.OPEN_IN_TERM: 1,
        S.ONGOING: 1,
        S.EXTENDED: 1,
        S.NEEDS_OWNER: 1,
    }
    assert set(overall.counts) == set(ReportStatus)
    # 2 on time of 2 + 1 late + 2 overdue
    assert summary.on_time_rate == pytest.approx(2 / 5)
    assert set(summary.by_owner) == {"btg", "vp", None}
    assert summary.by_owner["btg"].total == 4
    assert summary.by_owner["btg"].on_time_rate == 1.0
    assert summary.by_owner["vp"].counts[S.DONE_LATE] == 1
    assert summary.by_owner["vp"].on_time_rate == 0.0
    assert summary.by_owner[None].counts[S.NEEDS_OWNER] == 1


def test_on_time_rate_is_unknown_while_nothing_has_an_outcome():
    summary = summarise([row(due_on=date(2024, 2, 1))], AS_OF)
    assert summary.on_time_rate is None
    assert summarise([], AS_OF).overall.total == 0


statuses = st.sampled_from(["open", "returned", "reported", "done", "needs_owner"])
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def status_rows(draw: st.DrawFn) -> StatusInput:
    status = draw(statuses)
    return StatusInput(
        due_on=draw(st.none() | days),
        original_due_on=draw(st.none() | days),
        status=status,
        accepted_on=draw(days) if status == "done" else draw(st.none() | days),
        recurrence=draw(st.sampled_from([None, "ongoing", "monthly"])),
        extended=draw(st.booleans()),
        returned=draw(st.booleans()),
        owner_resolved=draw(st.booleans()),
        owner=draw(st.sampled_from([None, "btg", "vp"])),
    )


@given(rows=st.lists(status_rows(), max_size=30), as_of=days)
def test_every_item_has_exactly_one_primary_status(rows, as_of):
    primaries = {*SPLIT, S.ONGOING, S.NO_DEADLINE}
    for item in rows:
        primary = classify(item, as_of=as_of)
        assert primary in primaries
        assert primary in categories(item, as_of=as_of)
        assert primary in SPLIT or item.due_on is None
    summary = summarise(rows, as_of)
    undated_open = sum(classify(r, as_of=as_of) not in SPLIT for r in rows)
    assert sum(summary.overall.counts[s] for s in SPLIT) + undated_open == len(rows)
    assert sum(t.total for t in summary.by_owner.values()) == len(rows)
    rate = summary.on_time_rate
    assert rate is None or 0.0 <= rate <= 1.0
