"""Report figures from plain rows: scope, roll-up, ageing, discipline, change."""

from datetime import date

import pytest

from domain.periods import as_of, parse_period
from domain.reporting import (
    ReportRow,
    Unit,
    ageing_bucket,
    compute,
    in_scope,
    item_as_of,
    name_key,
)
from domain.status import ReportStatus as S
from domain.status import StatusInput
from domain.workdays import weekends_only

UNITS = [
    Unit("top", "Ban Thường vụ"),
    Unit("a", "Huyện A", "top"),
    Unit("a1", "Xã A1", "a"),
    Unit("b", "Huyện B", "top"),
]
SIGNED = date(2023, 10, 2)  # a Monday


def row(owner, due, status="open", accepted=None, **kw) -> ReportRow:
    return ReportRow(
        item=StatusInput(
            due_on=due,
            original_due_on=due,
            status=status,
            accepted_on=accepted,
            owner=owner,
        ),
        notice="1-TB/HU",
        signed_on=kw.pop("signed_on", SIGNED),
        **kw,
    )


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "1-5"),
        (1, "1-5"),
        (5, "1-5"),
        (6, "6-20"),
        (20, "6-20"),
        (21, "21-60"),
        (60, "21-60"),
        (61, ">60"),
    ],
)
def test_overdue_days_fall_in_the_published_ageing_buckets(days, bucket):
    assert ageing_bucket(days) == bucket


def test_work_closed_before_the_period_is_out_and_work_closed_in_it_is_in():
    q4 = parse_period("2023-Q4")
    assert not in_scope(row("a", date(2023, 9, 1), "done", date(2023, 9, 30)), q4)
    assert in_scope(row("a", date(2023, 9, 1), "done", date(2023, 10, 1)), q4)
    assert not in_scope(row("a", None, signed_on=date(2024, 1, 1)), q4)
    assert in_scope(
        row("a", date(2023, 9, 1), "done", date(2023, 9, 30)), as_of(date(2023, 12, 31))
    )


def test_an_extension_is_in_force_only_from_the_day_it_was_granted():
    r = ReportRow(
        item=StatusInput(
            due_on=date(2023, 12, 15),
            original_due_on=date(2023, 10, 31),
            status="open",
            extended=True,
        ),
        notice="n",
        signed_on=SIGNED,
        extensions=((date(2023, 11, 20), date(2023, 12, 15)),),
    )
    before = item_as_of(r, date(2023, 11, 19))
    assert (before.due_on, before.extended) == (date(2023, 10, 31), False)
    after = item_as_of(r, date(2023, 11, 20))
    assert (after.due_on, after.extended) == (date(2023, 12, 15), True)


def test_subtrees_roll_up_and_the_issuer_line_is_folded_away():
    rows = [
        row("a", date(2023, 11, 1)),  # overdue on 31 Dec
        row("a1", date(2023, 12, 1)),  # overdue
        row("a1", date(2024, 1, 31)),  # in term
        row("b", date(2023, 12, 20), "done", date(2023, 12, 19)),
    ]
    f = compute(
        rows,
        period=parse_period("2023-Q4"),
        units=UNITS,
        calendar=weekends_only(),
        compare=False,
        fold=["top"],
    )
    assert [(u.code, u.depth, u.rolled.total) for u in f.units] == [
        ("a", 0, 3),
        ("a1", 1, 2),
        ("b", 0, 1),
    ]
    assert f.units[0].rolled.count(S.OVERDUE) == 2
    assert f.units[0].own.count(S.OVERDUE) == 1
    assert f.overall.overdue_rate == pytest.approx(2 / 4)
    assert f.change is None


def test_without_folding_the_top_unit_carries_the_whole_total():
    f = compute(
        [row("a", None), row("b", None)],
        period=parse_period("2023-Q4"),
        units=UNITS,
        calendar=weekends_only(),
        compare=False,
    )
    assert [(u.code, u.depth, u.rolled.total) for u in f.units] == [
        ("top", 0, 2),
        ("a", 1, 1),
        ("b", 1, 1),
    ]


def test_update_rate_counts_open_work_with_a_note_in_the_last_seven_days():
    end = date(2023, 12, 31)
    rows = [
        row("a", None, progress_on=(date(2023, 12, 25),)),  # day 7 of the window
        row("a", None, progress_on=(date(2023, 12, 24),)),  # one day too old
        row("a", date(2023, 12, 1), "done", date(2023, 12, 1), progress_on=(end,)),
    ]
    f = compute(
        rows, period=parse_period("2023-Q4"), units=UNITS, calendar=weekends_only()
    )
    assert (f.overall.update.hits, f.overall.update.of) == (1, 2)


def test_entry_timeliness_counts_two_working_days_after_signing():
    friday = date(2023, 10, 6)
    rows = [
        row("a", None, signed_on=friday, registered_on=date(2023, 10, 10)),  # Tue: 2nd
        row("a", None, signed_on=friday, registered_on=date(2023, 10, 11)),  # 3rd
        row("a", None, signed_on=friday, registered_on=date(2023, 9, 30)),  # not in Q4
    ]
    f = compute(
        rows, period=parse_period("2023-Q4"), units=UNITS, calendar=weekends_only()
    )
    assert (f.overall.entry.hits, f.overall.entry.of) == (1, 2)


def test_vietnamese_names_sort_by_their_letters_without_marks():
    names = ["Sở B", "Đảng ủy xã", "Ủy ban", "Chi bộ"]
    assert sorted(names, key=name_key) == ["Chi bộ", "Đảng ủy xã", "Sở B", "Ủy ban"]


def test_work_done_without_a_deadline_is_never_open_for_the_update_rate():
    """Done work with no deadline is counted done on time and no-deadline; the update
    rate counts it neither way (it is not open), whatever the set order of its
    categories."""
    rows = [
        row("a", None, status="done", accepted=date(2023, 11, 1)),
        row("a", None, status="open", progress_on=(date(2023, 12, 29),)),
    ]
    f = compute(
        rows, period=parse_period("2023-Q4"), units=UNITS, calendar=weekends_only()
    )
    assert f.overall.count(S.DONE_ON_TIME) == 1
    assert f.overall.count(S.NO_DEADLINE) == 2
    assert (f.overall.update.hits, f.overall.update.of) == (1, 1)
