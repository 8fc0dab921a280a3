"""Compliance reports: the four-way split per issuer, and the report mail once a period."""

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import actions
from app.delivery import deliver
from app.followup import sweep
from app.reportmail import send_compliance_reports
from app.reports import compliance
from domain.status import ReportStatus
from notifications.senders import MemoryOutbox
from tests.factories import (
    at,
    load_example_registry,
    make_assignment,
    make_context,
    make_notice,
)


@pytest.fixture
def ctx(engine: Engine):
    load_example_registry(engine)
    ctx = make_context(engine)
    with Session(engine) as session:
        notice = make_notice(session)
        ids = [
            make_assignment(ctx, session, notice, owner=owner, due=due, ref=ref).id or 0
            for ref, owner, due in (
                ("1", "btg-huyen-uy", date(2023, 12, 31)),
                ("2", "ubnd-huyen", date(2023, 12, 31)),
                ("3", "van-phong-huyen-uy", date(2024, 3, 31)),
                ("4", "btg-huyen-uy", None),
                ("5", None, date(2023, 12, 31)),
            )
        ]
        session.commit()
    # item 1 done on time, item 2 done late
    actions.report_done(
        ctx, ids[0], note="xong", now=at("2023-12-20T09:00"), actor="btg"
    )
    actions.accept(ctx, ids[0], now=at("2023-12-21T09:00"), actor="vp")
    actions.report_done(
        ctx, ids[1], note="xong", now=at("2024-01-05T09:00"), actor="ubnd"
    )
    actions.accept(ctx, ids[1], now=at("2024-01-08T09:00"), actor="vp")
    return ctx


def test_the_figures_follow_the_official_four_way_split(ctx):
    (report,) = compliance(ctx, as_of=date(2024, 1, 15))
    counts = report.summary.overall.counts
    assert report.issuer == "ban-thuong-vu-huyen-uy"
    assert counts[ReportStatus.DONE_ON_TIME] == 1
    assert counts[ReportStatus.DONE_LATE] == 1
    assert counts[ReportStatus.OPEN_IN_TERM] == 1  # due 31 Mar 2024
    assert counts[ReportStatus.OVERDUE] == 1  # the item with no owner yet
    assert counts[ReportStatus.NO_DEADLINE] == 1  # never given a made-up date
    assert counts[ReportStatus.NEEDS_OWNER] == 1


def test_the_report_mail_goes_to_the_committee_office_once_a_period(ctx):
    now = at("2024-01-25T08:00")
    assert send_compliance_reports(ctx, period="monthly", now=now) == 1
    assert (
        send_compliance_reports(ctx, period="monthly", now=now + timedelta(days=2)) == 0
    )
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=now)
    (mail,) = [m for m in outbox.sent if "report:" in m.headers["X-Directives-Key"]]
    assert mail.to == ("vanphong@vinhbao.example.org",)
    assert "tháng 1/2024" in mail.subject
    assert "hoàn thành quá hạn" in mail.text.lower()


@pytest.mark.parametrize(
    ("period", "label", "span"),
    [
        ("weekly", "tuần 4/2024", "từ 22/01/2024 đến 25/01/2024"),
        ("monthly", "tháng 1/2024", "từ 01/01/2024 đến 25/01/2024"),
        ("quarterly", "quý I/2024", "từ 01/01/2024 đến 25/01/2024"),
    ],
)
def test_the_report_mail_states_its_real_period(ctx, period, label, span):
    """Not "from 25/01/2024 to 25/01/2024": the span the figures cover, from the
    period's first day (Monday of ISO week 4 for the weekly one) to the report date."""
    now = at("2024-01-25T08:00")
    send_compliance_reports(ctx, period=period, now=now)
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=now)
    (mail,) = [m for m in outbox.sent if "report:" in m.headers["X-Directives-Key"]]
    assert f"{label} ({span})" in mail.text


def test_lateness_is_the_owner_s_report_date_not_the_office_s_acceptance(engine):
    """Reported 29 Dec, accepted 5 Jan: on time. Reported 28 Dec, returned, reported
    again 8 Jan: late (returned work counts from the next report)."""
    load_example_registry(engine)
    ctx = make_context(engine)
    with Session(engine) as session:
        notice = make_notice(session)
        slow_office, returned = (
            make_assignment(ctx, session, notice, ref=ref).id or 0 for ref in ("1", "2")
        )
        session.commit()
    actions.report_done(
        ctx, slow_office, note="xong", now=at("2023-12-29T09:00"), actor="btg"
    )
    actions.report_done(
        ctx, returned, note="xong", now=at("2023-12-28T09:00"), actor="btg"
    )
    actions.return_report(
        ctx, returned, reason="thiếu số liệu", now=at("2024-01-02T09:00"), actor="vp"
    )
    # the office has not accepted yet on 3 Jan: the owner who reported in time is
    # not overdue
    (early,) = compliance(ctx, as_of=date(2024, 1, 3))
    assert early.summary.overall.counts[ReportStatus.OPEN_IN_TERM] == 1
    assert early.summary.overall.counts[ReportStatus.OVERDUE] == 1
    actions.accept(ctx, slow_office, now=at("2024-01-05T09:00"), actor="vp")
    actions.report_done(
        ctx, returned, note="đã bổ sung", now=at("2024-01-08T09:00"), actor="btg"
    )
    actions.accept(ctx, returned, now=at("2024-01-09T09:00"), actor="vp")
    (report,) = compliance(ctx, as_of=date(2024, 1, 15))
    counts = report.summary.overall.counts
    assert counts[ReportStatus.DONE_ON_TIME] == 1
    assert counts[ReportStatus.DONE_LATE] == 1
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=at("2024-01-09T09:05"))
    (accepted,) = [
        m
        for m in outbox.sent
        if f"a{slow_office}:accepted" in m.headers["X-Directives-Key"]
    ]
    assert "ghi nhận hoàn thành ngày 29 tháng 12 năm 2023" in accepted.text


def test_an_extended_item_is_judged_by_the_new_date_in_mail_and_report_alike(engine):
    """One rule: the date in force judges the item, it is counted as extended, and
    the original date is kept and shown, never said to be the one used."""
    load_example_registry(engine)
    ctx = make_context(engine)
    with Session(engine) as session:
        item = make_assignment(ctx, session, make_notice(session)).id or 0
        session.commit()
    actions.extend(
        ctx,
        item,
        to=date(2024, 3, 29),
        reason="chờ số liệu quý I",
        now=at("2023-12-20T10:00"),
        actor="van-phong-huyen-uy",
    )
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=at("2023-12-20T10:05"))
    (extended,) = [
        m for m in outbox.sent if ":extended:" in m.headers["X-Directives-Key"]
    ]
    assert "Thời hạn mới: ngày 29 tháng 3 năm 2024" in extended.text
    assert "Thời hạn ban đầu: ngày 31 tháng 12 năm 2023" in extended.text
    assert "đánh giá theo thời hạn mới" in extended.text
    assert "vẫn được dùng" not in extended.text
    # in the report: in term on 15 Jan (the old date has passed), and extended
    (report,) = compliance(ctx, as_of=date(2024, 1, 15))
    counts = report.summary.overall.counts
    assert counts[ReportStatus.OPEN_IN_TERM] == 1
    assert counts[ReportStatus.OVERDUE] == 0
    assert counts[ReportStatus.EXTENDED] == 1
    send_compliance_reports(ctx, period="monthly", now=at("2024-01-15T08:00"))
    sweep(ctx, now=at("2024-03-26T09:00"))  # the reminder of the new date
    deliver(ctx, outbox, now=at("2024-03-26T09:05"))
    (mail,) = [m for m in outbox.sent if "report:" in m.headers["X-Directives-Key"]]
    assert "Nhiệm vụ được gia hạn (đánh giá theo thời hạn mới): 1" in mail.text
    assert "Quá hạn chưa hoàn thành: 0" in mail.text
    (reminder,) = [
        m for m in outbox.sent if ":reminder:" in m.headers["X-Directives-Key"]
    ]
    assert (
        "sẽ đến hạn ngày 29 tháng 3 năm 2024 (đã gia hạn; thời hạn ban đầu "
        "ngày 31 tháng 12 năm 2023)" in reminder.text
    )
