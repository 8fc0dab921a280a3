"""Reporting periods: how they are written, what they cover, the one before."""

from datetime import date

import pytest

from domain.periods import (
    PeriodError,
    as_of,
    month_period,
    parse_period,
    period_containing,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "key"),
    [
        ("2023-Q4", date(2023, 10, 1), date(2023, 12, 31), "2023-Q4"),
        ("2024-q1", date(2024, 1, 1), date(2024, 3, 31), "2024-Q1"),
        ("2023-10", date(2023, 10, 1), date(2023, 10, 31), "2023-10"),
        ("2024-2", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("2023-W42", date(2023, 10, 16), date(2023, 10, 22), "2023-W42"),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3), "2020-W53"),
        ("2023-H2", date(2023, 7, 1), date(2023, 12, 31), "2023-H2"),
        ("2023-H1", date(2023, 1, 1), date(2023, 6, 30), "2023-H1"),
        ("2023", date(2023, 1, 1), date(2023, 12, 31), "2023"),
        (
            "2023-10-01..2023-12-31",
            date(2023, 10, 1),
            date(2023, 12, 31),
            "2023-10-01..2023-12-31",
        ),
    ],
)
def test_every_written_form_reads_as_its_dates(text, start, end, key):
    period = parse_period(text)
    assert (period.start, period.end, period.key) == (start, end, key)


@pytest.mark.parametrize(
    "text",
    [
        "2023-Q5",
        "2023-13",
        "2023-W54",
        "2023-H3",
        "Q4 2023",
        "",
        "2023-12-31..2023-10-01",
    ],
)
def test_a_period_that_is_not_one_is_refused_naming_the_text(text):
    with pytest.raises(PeriodError, match="period"):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2023-Q4", "2023-Q3"),
        ("2024-Q1", "2023-Q4"),
        ("2024-03", "2024-02"),
        ("2024-01", "2023-12"),
        ("2024-W01", "2023-W52"),
        ("2023-H2", "2023-H1"),
        ("2024-H1", "2023-H2"),
        ("2023", "2022"),
        ("2023-10-01..2023-10-10", "2023-09-21..2023-09-30"),
    ],
)
def test_the_previous_period_has_the_same_length_just_before(text, previous):
    prior = parse_period(text).previous()
    assert prior is not None
    assert prior.key == previous


def test_a_report_as_of_a_day_covers_the_record_up_to_it_with_nothing_to_compare():
    period = as_of(date(2024, 1, 15))
    assert (period.start, period.end) == (None, date(2024, 1, 15))
    assert period.previous() is None
    assert period.contains(date(2001, 1, 1))
    assert period.label("vi") == "đến ngày 15/01/2024"


def test_a_monthly_cut_off_on_the_15th_runs_to_the_14th_of_the_month():
    october = parse_period("2023-10", month_cutoff=15)
    assert (october.start, october.end) == (date(2023, 9, 15), date(2023, 10, 14))
    january = parse_period("2024-01", month_cutoff=15)
    assert (january.start, january.end) == (date(2023, 12, 15), date(2024, 1, 14))
    previous = january.previous()
    assert previous is not None
    assert (previous.key, previous.start, previous.end) == (
        "2023-12",
        date(2023, 11, 15),
        date(2023, 12, 14),
    )


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2023, 10, 14), "2023-10"),
        (date(2023, 10, 15), "2023-11"),
        (date(2023, 12, 20), "2024-01"),
    ],
)
def test_with_a_cut_off_a_day_on_or_after_it_belongs_to_next_months_report(day, key):
    assert month_period(day, month_cutoff=15).key == key


def test_a_cut_off_day_past_the_28th_is_refused():
    with pytest.raises(PeriodError, match="cut-off"):
        parse_period("2023-10", month_cutoff=31)


@pytest.mark.parametrize(
    ("kind", "day", "start", "key"),
    [
        ("weekly", date(2024, 1, 25), date(2024, 1, 22), "2024-W04"),
        ("monthly", date(2024, 1, 25), date(2024, 1, 1), "2024-01"),
        ("quarterly", date(2023, 11, 30), date(2023, 10, 1), "2023-Q4"),
        ("half-yearly", date(2023, 11, 30), date(2023, 7, 1), "2023-H2"),
        ("yearly", date(2024, 6, 30), date(2024, 1, 1), "2024"),
    ],
)
def test_a_scheduled_report_covers_its_period_to_the_report_date(kind, day, start, key):
    """The mail's period: the calendar week, month, quarter, half or year the report
    date falls in, from its first day up to that date (the figures are a snapshot)."""
    period = period_containing(day, kind).ending(day)
    assert (period.start, period.end, period.key) == (start, day, key)


def test_cutting_a_period_short_before_it_starts_is_refused():
    with pytest.raises(PeriodError, match="before the period"):
        parse_period("2023-Q4").ending(date(2023, 9, 30))


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("2023-Q4", "quý IV/2023", "Q4 2023"),
        ("2023-10", "tháng 10/2023", "10/2023"),
        ("2023-W42", "tuần 42/2023", "week 42 of 2023"),
        ("2023-H1", "6 tháng đầu năm 2023", "first half of 2023"),
        ("2023-H2", "6 tháng cuối năm 2023", "second half of 2023"),
        ("2023", "năm 2023", "2023"),
        (
            "2023-10-01..2023-12-31",
            "từ 01/10/2023 đến 31/12/2023",
            "01/10/2023 to 31/12/2023",
        ),
    ],
)
def test_periods_are_named_as_reports_name_them(text, vi, en):
    period = parse_period(text)
    assert period.label("vi") == vi
    assert period.label("en") == en
