"""Compliance report figures against a hand-computed fixture.

A three-level registry under a provincial committee (``tinh-uy``):

    Huyện ủy A ─┬─ Đảng ủy xã A1 ── Chi bộ thôn X
                └─ Đảng ủy xã A2
    Sở B

Notice 10-TB/TU signed Tue 12 Sep 2023 (registering by Thu 14 Sep is on time) and
notice 20-KL/TU signed Wed 1 Nov 2023 (on time by Fri 3 Nov). Quarter IV 2023, judged
on 31 Dec 2023, against quarter III judged on 30 Sep:

| # | notice | owner | due | what happens | Q4 | Q3 |
|---|---|---|---|---|---|---|
| 1 | 10 | Huyện ủy A | 31 Oct | reported 20 Oct, accepted 23 Oct | done on time | in term |
| 2 | 10 | xã A1 | 15 Oct | reported 10 Nov, accepted 13 Nov | done late | in term |
| 3 | 10 | xã A2 | 30 Nov | registered 20 Sep (late); progress 27 Dec | overdue 21 wd | in term |
| 4 | 10 | thôn X | 29 Sep | extended on 28 Sep to 15 Dec | overdue 10 wd, extended | in term, extended |
| 5 | 10 | Sở B | 20 Dec | reported 1 Dec, returned 5 Dec | overdue 7 wd, returned | in term |
| 6 | 10 | Sở B | 31 Jan 24 | reported 27 Dec, accepted 3 Jan 2024 | in term | in term |
| 7 | 20 | Huyện ủy A | — | one-off; progress 20 Dec (too old) | no deadline | — |
| 8 | 20 | xã A1 | — | ongoing; registered 8 Nov (late); progress 29 Dec | ongoing | — |
| 9 | 20 | nobody | 31 Dec | | in term, needs owner | — |
| 10 | 10 | Huyện ủy A | 25 Sep | reported 20 Sep, accepted 22 Sep | (closed before Q4) | done on time |
| 11 | 20 | xã A2 | 10 Dec | cancelled | cancelled | — |
"""

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import actions
from app.orgs import load_registry
from app.reports import ComplianceReport, build_reports, report_period
from domain.periods import parse_period
from domain.status import ReportStatus as S
from tests.factories import at, make_assignment, make_context, make_notice

REGISTRY = """
[[org]]
code = "tinh-uy"
name = "Ban Thường vụ Tỉnh ủy"
kind = "committee"
office = "vp-tinh-uy"
emails = ["btv@tinh.example.org"]

[[org]]
code = "vp-tinh-uy"
name = "Văn phòng Tỉnh ủy"
kind = "office"
parent = "tinh-uy"
emails = ["vanphong@tinh.example.org"]

[[org]]
code = "huyen-a"
name = "Huyện ủy A"
kind = "party_committee"
parent = "tinh-uy"
emails = ["huyen-a@tinh.example.org"]

[[org]]
code = "xa-a1"
name = "Đảng ủy xã A1"
kind = "party_committee"
parent = "huyen-a"
emails = ["xa-a1@tinh.example.org"]

[[org]]
code = "xa-a2"
name = "Đảng ủy xã A2"
kind = "party_committee"
parent = "huyen-a"
emails = ["xa-a2@tinh.example.org"]

[[org]]
code = "thon-x"
name = "Chi bộ thôn X"
kind = "party_committee"
parent = "xa-a1"
emails = ["thon-x@tinh.example.org"]

[[org]]
code = "so-b"
name = "Sở B"
kind = "government"
parent = "tinh-uy"
emails = ["so-b@tinh.example.org"]
"""


@pytest.fixture
def ctx(engine: Engine, tmp_path):
    registry = tmp_path / "registry.toml"
    registry.write_text(REGISTRY, encoding="utf-8")
    load_registry(engine, registry)
    ctx = make_context(engine)
    ids: dict[int, int] = {}
    with Session(engine) as session:
        n10 = make_notice(
            session, issuer="tinh-uy", number="10-TB/TU", issued_on=date(2023, 9, 12)
        )
        n20 = make_notice(
            session, issuer="tinh-uy", number="20-KL/TU", issued_on=date(2023, 11, 1)
        )
        for n, notice, owner, due, registered, recurrence in (
            (1, n10, "huyen-a", date(2023, 10, 31), "2023-09-12", None),
            (2, n10, "xa-a1", date(2023, 10, 15), "2023-09-13", None),
            (3, n10, "xa-a2", date(2023, 11, 30), "2023-09-20", None),
            (4, n10, "thon-x", date(2023, 9, 29), "2023-09-12", None),
            (5, n10, "so-b", date(2023, 12, 20), "2023-09-12", None),
            (6, n10, "so-b", date(2024, 1, 31), "2023-09-12", None),
            (7, n20, "huyen-a", None, "2023-11-02", None),
            (8, n20, "xa-a1", None, "2023-11-08", "ongoing"),
            (9, n20, None, date(2023, 12, 31), "2023-11-01", None),
            (10, n10, "huyen-a", date(2023, 9, 25), "2023-09-12", None),
            (11, n20, "xa-a2", date(2023, 12, 10), "2023-11-02", None),
        ):
            ids[n] = (
                make_assignment(
                    ctx,
                    session,
                    notice,
                    owner=owner,
                    due=due,
                    ref=str(n),
                    recurrence=recurrence,
                    now=at(f"{registered}T10:00"),
                ).id
                or 0
            )
        session.commit()

    def done(n: int, reported: str, accepted: str) -> None:
        actions.report_done(ctx, ids[n], note="xong", now=at(reported), actor="owner")
        actions.accept(ctx, ids[n], now=at(accepted), actor="vp")

    done(10, "2023-09-20T09:00", "2023-09-22T09:00")
    actions.extend(
        ctx,
        ids[4],
        to=date(2023, 12, 15),
        reason="chờ kinh phí",
        now=at("2023-09-28T09:00"),
        actor="vp",
    )
    done(1, "2023-10-20T09:00", "2023-10-23T09:00")
    done(2, "2023-11-10T09:00", "2023-11-13T09:00")
    actions.report_done(ctx, ids[5], note="xong", now=at("2023-12-01T09:00"), actor="b")
    actions.return_report(
        ctx, ids[5], reason="thiếu", now=at("2023-12-05T09:00"), actor="vp"
    )
    actions.cancel(ctx, ids[11], reason="trùng", now=at("2023-12-01T09:00"), actor="vp")
    for n, when in ((7, "2023-12-20"), (3, "2023-12-27"), (8, "2023-12-29")):
        actions.add_progress(
            ctx, ids[n], note="đang làm", now=at(f"{when}T09:00"), actor="o"
        )
    done(6, "2023-12-27T09:00", "2024-01-03T09:00")
    return ctx


def q4(ctx) -> ComplianceReport:
    (report,) = build_reports(ctx, period=parse_period("2023-Q4"), issuer="tinh-uy")
    return report


def test_the_quarter_counts_every_category_as_computed_by_hand(ctx):
    f = q4(ctx).figures
    counts = {s: f.overall.count(s) for s in S}
    assert counts == {
        S.DONE_ON_TIME: 1,
        S.DONE_LATE: 1,
        S.OPEN_IN_TERM: 2,  # item 6 accepted only after the quarter; item 9
        S.OVERDUE: 3,
        S.ONGOING: 1,
        S.NO_DEADLINE: 1,
        S.EXTENDED: 1,
        S.RETURNED: 1,
        S.NEEDS_OWNER: 1,
    }
    assert f.overall.total == 9  # item 10 closed before the quarter, 11 cancelled
    assert f.cancelled == 1
    assert f.overall.on_time_rate == pytest.approx(1 / 5)
    assert f.overall.overdue_rate == pytest.approx(3 / 7)


def test_discipline_figures_follow_progress_notes_and_registration_dates(ctx):
    f = q4(ctx).figures
    # open with an owner: 3, 4, 5, 6, 7, 8; a note in 25–31 Dec: 3 and 8
    assert (f.overall.update.hits, f.overall.update.of) == (2, 6)
    # registered in the quarter: 7 and 9 on time, 8 late (11 is cancelled)
    assert (f.overall.entry.hits, f.overall.entry.of) == (2, 3)


def test_overdue_work_is_aged_in_working_days_most_overdue_first(ctx):
    f = q4(ctx).figures
    assert [(o.ref, o.days_overdue, o.bucket) for o in f.overdue] == [
        ("3", 21, "21-60"),
        ("4", 10, "6-20"),  # judged by the extended date, 15 Dec
        ("5", 7, "6-20"),
    ]
    (extended,) = [o for o in f.overdue if o.ref == "4"]
    assert extended.original_due_on == date(2023, 9, 29)
    assert f.ageing == {"1-5": 0, "6-20": 2, "21-60": 1, ">60": 0}


def test_units_roll_up_the_registry_tree_and_sum_to_the_total(ctx):
    report = q4(ctx)
    lines = [
        (line.code, line.depth, line.own.total, line.rolled.total)
        for line in report.figures.units
    ]
    assert lines == [
        ("huyen-a", 0, 2, 6),
        ("xa-a1", 1, 2, 3),
        ("thon-x", 2, 1, 1),
        ("xa-a2", 1, 1, 1),
        ("so-b", 0, 2, 2),
        (None, 0, 1, 1),
    ]
    top = [line for line in report.figures.units if line.depth == 0]
    for status in S:
        assert sum(
            line.rolled.count(status) for line in top
        ) == report.figures.overall.count(status)
    huyen = report.figures.units[0]
    assert huyen.rolled.count(S.OVERDUE) == 2  # xã A2's item 3 and thôn X's item 4
    assert huyen.rolled_overdue_change == 2  # none was overdue on 30 Sep
    assert huyen.overdue_change == 0  # nothing of its own


def test_units_are_ranked_by_their_own_overdue_work(ctx):
    ranking = [
        (line.code, line.own.count(S.OVERDUE), line.overdue_change)
        for line in q4(ctx).figures.ranking
    ]
    # ties in Vietnamese name order: Chi bộ, Đảng ủy (with D), Sở
    assert ranking == [("thon-x", 1, 1), ("xa-a2", 1, 1), ("so-b", 1, 1)]


def test_the_quarter_is_compared_with_the_quarter_before(ctx):
    f = q4(ctx).figures
    assert f.previous is not None
    assert f.previous.key == "2023-Q3"
    before = f.previous_overall
    assert before is not None
    assert before.count(S.DONE_ON_TIME) == 1  # item 10
    assert before.count(S.OPEN_IN_TERM) == 6
    assert before.count(S.EXTENDED) == 1  # extended on 28 Sep, already in force
    assert before.count(S.OVERDUE) == 0
    assert (before.entry.hits, before.entry.of) == (6, 7)  # item 3 registered late
    assert f.change is not None
    assert f.change.counts[S.OVERDUE] == 3
    assert f.change.counts[S.OPEN_IN_TERM] == -4
    assert f.change.on_time_rate == pytest.approx(0.2 - 1.0)


def test_per_notice_figures_split_the_total(ctx):
    notices = {line.notice: line.figures for line in q4(ctx).figures.notices}
    assert list(notices) == ["10-TB/TU", "20-KL/TU"]
    assert notices["10-TB/TU"].total == 6
    assert notices["20-KL/TU"].total == 3
    assert notices["10-TB/TU"].count(S.OVERDUE) == 3


def test_the_item_accepted_after_the_period_is_done_in_the_next_one(ctx):
    (report,) = build_reports(ctx, period=parse_period("2024-01"), issuer="tinh-uy")
    (line,) = [u for u in report.figures.units if u.code == "so-b"]
    assert line.own.count(S.DONE_ON_TIME) == 1  # item 6, accepted 3 Jan
    assert line.own.count(S.OVERDUE) == 1  # item 5, still returned


def test_a_period_cut_short_by_as_of_judges_on_that_day(ctx):
    period = report_period(ctx, period="2023-Q4", as_of=date(2023, 11, 30))
    assert (period.start, period.end) == (date(2023, 10, 1), date(2023, 11, 30))
    (report,) = build_reports(ctx, period=period, issuer="tinh-uy")
    f = report.figures
    # item 2 accepted 13 Nov, late; 3 due today, still in term; 4 and 5 in term
    assert f.overall.count(S.DONE_LATE) == 1
    assert f.overall.count(S.OVERDUE) == 0
