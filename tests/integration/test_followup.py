"""The sweep over real databases: which ledger rows each `now` writes, once.

Time is passed in as `now`; nothing sleeps. The scenarios follow an item of notice
629-TB/HU (signed 22 Sep 2023) due Sunday 31 Dec 2023, owned by the Propaganda Board,
whose superior is the Standing Committee; the notice was issued by the Executive Board,
whose mail goes to the committee office.
"""

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app import actions
from app.delivery import deliver
from app.followup import sweep
from app.ledger import DIGEST_ITEM
from models.tables import Assignment, Delivery, Event
from notifications.senders import MemoryOutbox
from tests.factories import (
    HANOI,
    at,
    load_example_registry,
    make_assignment,
    make_context,
    make_notice,
)


@pytest.fixture
def ctx(engine: Engine):
    load_example_registry(engine)
    return make_context(engine)


def _one_item(ctx, **kwargs) -> int:
    with Session(ctx.engine) as session:
        notice = make_notice(session)
        assignment = make_assignment(ctx, session, notice, **kwargs)
        session.commit()
        assert assignment.id is not None
        return assignment.id


def _rows(ctx, assignment_id: int | None = None) -> list[Delivery]:
    with Session(ctx.engine) as session:
        query = select(Delivery).order_by(col(Delivery.id))
        if assignment_id is not None:
            query = query.where(Delivery.assignment_id == assignment_id)
        return list(session.exec(query).all())


def _daily(start: date, end: date, hour: int = 9):
    day = start
    while day <= end:
        yield datetime(day.year, day.month, day.day, hour, tzinfo=HANOI)
        day += timedelta(days=1)


def test_daily_sweeps_from_signing_to_two_months_after_send_each_step_once_on_its_day(
    ctx,
):
    item = _one_item(ctx)
    fired: dict[str, date] = {}
    for now in _daily(date(2023, 9, 22), date(2024, 2, 29)):
        before = {r.dedupe_key for r in _rows(ctx, item)}
        sweep(ctx, now=now)
        for row in _rows(ctx, item):
            if row.dedupe_key not in before and row.rule != DIGEST_ITEM:
                fired[row.rule] = now.date()
    assert fired == {
        "reminder": date(2023, 12, 26),
        "due": date(2023, 12, 29),  # the 31st is a Sunday: the Friday stands in
        "overdue": date(2024, 1, 2),  # 1 Jan is a holiday
        "escalated": date(2024, 1, 8),
    }
    rows = _rows(ctx, item)
    assert all(r.status == "pending" for r in rows)
    owner_rows = [r for r in rows if r.rule != DIGEST_ITEM]
    assert {tuple(r.to_addrs) for r in owner_rows} == {
        ("tuyengiao@vinhbao.example.org",)
    }
    # overdue goes to the superior, escalation to the committee and the superior: as
    # digest items, one per (step, role)
    digest_items = sorted(
        r.dedupe_key.split(":", 1)[1] for r in rows if r.rule == DIGEST_ITEM
    )
    assert digest_items == [
        "escalated:2023-12-31:committee",
        "escalated:2023-12-31:superior",
        "overdue:2023-12-31:superior",
    ]


def test_a_sweep_repeated_at_the_same_now_writes_nothing(ctx):
    item = _one_item(ctx)
    first = sweep(ctx, now=at("2024-01-02T09:00"))
    count = len(_rows(ctx, item))
    again = sweep(ctx, now=at("2024-01-02T09:00"))
    assert first.sent_steps == 1
    assert again.sent_steps == 0
    assert again.examined == 0
    assert len(_rows(ctx, item)) == count


def test_a_sweep_after_an_outage_sends_only_the_latest_step_and_records_the_rest_skipped(
    ctx,
):
    item = _one_item(ctx)
    report = sweep(ctx, now=at("2024-01-10T09:00"))
    assert report.by_step == {"escalated": 1}
    by_rule = {r.rule: r for r in _rows(ctx, item) if r.rule != DIGEST_ITEM}
    assert by_rule["escalated"].status == "pending"
    for earlier in ("reminder", "due", "overdue"):
        assert by_rule[earlier].status == "skipped"
        assert by_rule[earlier].reason == "superseded by escalated"
    with Session(ctx.engine) as session:
        kinds = [
            e.kind
            for e in session.exec(select(Event).where(Event.assignment_id == item))
        ]
    assert kinds.count("step_skipped") == 3
    assert kinds.count("escalated") == 1


def test_mail_decided_at_night_is_deferred_to_the_next_working_morning_not_dropped(ctx):
    item = _one_item(ctx)
    sweep(ctx, now=at("2023-12-26T20:00"))
    (row,) = [r for r in _rows(ctx, item) if r.rule == "reminder"]
    assert row.not_before == at("2023-12-27T07:30")
    outbox = MemoryOutbox()
    assert deliver(ctx, outbox, now=at("2023-12-26T20:05")).sent == 0
    assert deliver(ctx, outbox, now=at("2023-12-27T07:30")).sent == 1
    assert deliver(ctx, outbox, now=at("2023-12-27T08:00")).sent == 0
    assert len(outbox.sent) == 1


def test_superiors_get_one_digest_listing_every_overdue_item_of_their_subordinates(ctx):
    with Session(ctx.engine) as session:
        notice = make_notice(session)
        for ref, owner in (
            ("1", "btg-huyen-uy"),
            ("2", "ubnd-huyen"),
            ("3", "van-phong-huyen-uy"),
        ):
            make_assignment(ctx, session, notice, owner=owner, ref=ref)
        session.commit()
    sweep(ctx, now=at("2024-01-02T09:00"))
    outbox = MemoryOutbox()
    report = deliver(ctx, outbox, now=at("2024-01-02T09:05"))
    # three owner mails, and one digest for the common superior (the Standing Committee),
    # whose mail goes through its office; this is the week's first sweep, so the items
    # go in the weekly summary that mailbox gets the same day: one mail, not two
    assert report.digests == 0
    digests = [m for m in outbox.sent if "digest:" in m.headers["X-Directives-Key"]]
    assert digests[0].to == ("vanphong@vinhbao.example.org",)
    assert len(digests) == 1
    for ref_owner in ("Ban Tuyên giáo", "Ủy ban nhân dân huyện", "Văn phòng Huyện ủy"):
        assert ref_owner in digests[0].text
    assert "3 cần chỉ đạo" in digests[0].subject
    assert len(outbox.sent) == 4


def test_the_weekly_digest_goes_to_the_issuing_committee_once_a_week_while_work_is_overdue(
    ctx,
):
    _one_item(ctx)
    weekly = []
    for now in _daily(date(2024, 1, 1), date(2024, 1, 21)):
        weekly.append(sweep(ctx, now=now).digests)
    # one digest each Monday (the item is past due from 1 Jan), none on other days
    assert weekly == [1, 0, 0, 0, 0, 0, 0] * 3
    keys = [r.dedupe_key for r in _rows(ctx) if r.rule == "digest"]
    assert keys == [
        "digest:weekly:ban-thuong-vu-huyen-uy:2024-W01",
        "digest:weekly:ban-thuong-vu-huyen-uy:2024-W02",
        "digest:weekly:ban-thuong-vu-huyen-uy:2024-W03",
    ]
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=at("2024-01-22T09:00"))
    weekly_mail = [
        m for m in outbox.sent if "digest:weekly" in m.headers["X-Directives-Key"]
    ]
    assert [m.to for m in weekly_mail] == [("vanphong@vinhbao.example.org",)] * 3


@pytest.mark.parametrize(
    ("due", "reminder", "overdue"),
    [
        # the 2024 Tết break (8–14 Feb) is skipped in both directions
        (date(2024, 2, 16), date(2024, 2, 6), date(2024, 2, 19)),
        # the 2025 break (25 Jan–2 Feb); due on the Friday before it
        (date(2025, 1, 24), date(2025, 1, 21), date(2025, 2, 3)),
    ],
)
def test_tet_breaks_shift_reminders_and_overdue_notices(ctx, due, reminder, overdue):
    item = _one_item(ctx, due=due)
    fired: dict[str, date] = {}
    for now in _daily(due - timedelta(days=20), due + timedelta(days=12)):
        before = {r.dedupe_key for r in _rows(ctx, item)}
        sweep(ctx, now=now)
        for row in _rows(ctx, item):
            if row.dedupe_key not in before:
                fired.setdefault(row.rule, now.date())
    assert fired["reminder"] == reminder
    assert fired["overdue"] == overdue


def test_an_extension_restarts_the_ladder_and_keeps_the_original_date(ctx):
    item = _one_item(ctx)
    sweep(ctx, now=at("2024-01-02T09:00"))
    actions.extend(
        ctx,
        item,
        to=date(2024, 3, 29),
        reason="chờ số liệu",
        now=at("2024-01-03T10:00"),
        actor="van-phong-huyen-uy",
    )
    with Session(ctx.engine) as session:
        a = session.get(Assignment, item)
        assert a is not None
        assert (a.due_on, a.original_due_on, a.last_step) == (
            date(2024, 3, 29),
            date(2023, 12, 31),
            None,
        )
    assert sweep(ctx, now=at("2024-01-08T09:00")).sent_steps == 0
    report = sweep(ctx, now=at("2024-03-26T09:00"))
    assert report.by_step == {"reminder": 1}


def test_completed_work_gets_no_more_reminders_and_stale_rows_are_skipped_at_send_time(
    ctx,
):
    item = _one_item(ctx)
    sweep(ctx, now=at("2023-12-26T20:00"))  # reminder decided, deferred to the morning
    actions.report_done(
        ctx,
        item,
        note="Đã hoàn thành",
        now=at("2023-12-26T21:00"),
        actor="btg-huyen-uy",
    )
    outbox = MemoryOutbox()
    report = deliver(ctx, outbox, now=at("2023-12-27T08:00"))
    assert report.skipped == 1  # the reminder: no longer needed
    assert [m.to for m in outbox.sent] == [("vanphong@vinhbao.example.org",)]
    (reminder,) = [r for r in _rows(ctx, item) if r.rule == "reminder"]
    assert (reminder.status, reminder.reason) == (
        "skipped",
        "the work was reported done and awaits acceptance",
    )
    assert sweep(ctx, now=at("2024-01-10T09:00")).sent_steps == 0


def test_a_step_of_cancelled_work_is_skipped_saying_the_work_was_cancelled(ctx):
    """The ledger row keeps why its mail was not sent, not a generic word."""
    item = _one_item(ctx)
    sweep(ctx, now=at("2023-12-26T20:00"))  # reminder decided, deferred to the morning
    actions.cancel(
        ctx,
        item,
        reason="Không còn phù hợp",
        now=at("2023-12-26T21:00"),
        actor="van-phong-huyen-uy",
    )
    deliver(ctx, MemoryOutbox(), now=at("2023-12-27T08:00"))
    (reminder,) = [r for r in _rows(ctx, item) if r.rule == "reminder"]
    assert (reminder.status, reminder.reason) == ("skipped", "the work was cancelled")
    assert reminder.reason_vi == "nhiệm vụ đã bị hủy"


def test_the_sweep_stores_every_reason_in_both_languages(ctx):
    """The set-based rows of a class carry the Vietnamese reason the planner decided
    beside the English one, and so do the step's events."""
    item = _one_item(ctx)
    sweep(ctx, now=at("2024-01-08T09:00"))
    reasons = {
        (r.rule, r.status): (r.reason, r.reason_vi)
        for r in _rows(ctx, item)
        if r.rule != DIGEST_ITEM
    }
    assert reasons[("reminder", "skipped")] == (
        "superseded by escalated",
        "không gửi vì đã đến bước báo cáo cấp trên",
    )
    assert reasons[("escalated", "pending")] == (
        "due 31/12/2023; escalated 5 working days after it, from 08/01/2024",
        "hạn 31/12/2023; bước báo cáo cấp trên 5 ngày làm việc sau hạn, "
        "từ ngày 08/01/2024",
    )
    grouped = {r.reason_vi for r in _rows(ctx, item) if r.rule == DIGEST_ITEM}
    # the body by its name, never by its registry code
    assert (
        "bước báo cáo cấp trên gửi Thường trực Huyện ủy Vĩnh Bảo (cấp trên)" in grouped
    )
    assert not any("thuong-truc-huyen-uy" in r for r in grouped)
    (weekly,) = [r for r in _rows(ctx) if r.rule == "digest"]
    assert (weekly.reason, weekly.reason_vi) == (
        "1 overdue item(s)",
        "1 nhiệm vụ quá hạn",
    )
    with Session(ctx.engine) as session:
        (event,) = session.exec(
            select(Event)
            .where(Event.assignment_id == item)
            .where(Event.kind == "escalated")
        ).all()
    assert event.payload["reason_vi"].startswith("hạn 31/12/2023")


def test_undated_work_gets_a_progress_request_each_quarter(ctx):
    item = _one_item(ctx, due=None, recurrence="ongoing")
    requests = []
    for now in _daily(date(2023, 9, 22), date(2024, 7, 1)):
        requests += [
            now.date()
            for _ in range(sweep(ctx, now=now).by_step.get("progress_request", 0))
        ]
    assert requests == [date(2023, 12, 22), date(2024, 3, 22), date(2024, 6, 22)]
    assert {r.occurrence for r in _rows(ctx, item)} == {"2023-Q4", "2024-Q1", "2024-Q2"}


def test_monthly_duties_spawn_dated_occurrences_each_tracked_on_its_own(ctx):
    parent = _one_item(ctx, due=None, recurrence="monthly")
    for now in _daily(date(2023, 9, 22), date(2023, 12, 1)):
        sweep(ctx, now=now)
    with Session(ctx.engine) as session:
        children = session.exec(
            select(Assignment)
            .where(Assignment.parent_id == parent)
            .order_by(col(Assignment.due_on))
        ).all()
    assert [(c.occurrence, c.due_on) for c in children] == [
        ("2023-10", date(2023, 10, 20)),
        ("2023-11", date(2023, 11, 20)),
        ("2023-12", date(2023, 12, 20)),  # created a month ahead, no further
    ]
    october = children[0]
    rules = sorted(r.rule for r in _rows(ctx, october.id) if r.rule != DIGEST_ITEM)
    assert rules == ["due", "escalated", "overdue", "reminder"]


def test_a_sweep_saves_each_new_occurrence_with_its_event_and_schedule_once(ctx):
    """What the rule decides for a recurring parent is stored as decided: the new
    work with the parent's facts, its ``created`` event, a next check from the
    planner; the parent is looked at again a week later, and a repeat creates none."""
    parent = _one_item(ctx, due=None, recurrence="monthly")
    now = at("2023-09-22T09:00")
    assert sweep(ctx, now=now).occurrences == 1
    assert sweep(ctx, now=now).occurrences == 0
    with Session(ctx.engine) as session:
        mother = session.get(Assignment, parent)
        assert mother is not None
        (child,) = session.exec(
            select(Assignment).where(Assignment.parent_id == parent)
        ).all()
        events = session.exec(
            select(Event).where(Event.assignment_id == child.id)
        ).all()
    assert mother.next_check_on == date(2023, 9, 29)
    assert (child.status, child.owner_id, child.issuer_id, child.role) == (
        "open",
        mother.owner_id,
        mother.issuer_id,
        mother.role,
    )
    assert (child.due_on, child.original_due_on, child.occurrence) == (
        date(2023, 10, 20),
        date(2023, 10, 20),
        "2023-10",
    )
    assert child.summary == f"{mother.summary} (tháng 10/2023)"
    assert child.due_text == "tháng 10/2023"
    assert child.recurrence == "monthly"
    assert child.next_check_on is not None
    assert child.next_check_on > date(2023, 9, 22)  # nothing to send before October
    assert [(e.kind, e.actor, e.payload) for e in events] == [
        ("created", "sweep", {"occurrence": "2023-10", "parent": parent})
    ]


def test_a_committee_and_a_superior_sharing_an_office_get_one_digest_not_two(ctx):
    _one_item(ctx)
    sweep(ctx, now=at("2024-01-09T09:00"))  # Tuesday: escalated, cc superior
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=at("2024-01-09T09:05"))
    # (the week's first sweep: the weekly summary to that office is the same mail)
    digests = [m for m in outbox.sent if "digest:" in m.headers["X-Directives-Key"]]
    assert [m.to for m in digests] == [("vanphong@vinhbao.example.org",)]


def test_reassignment_is_an_event_and_the_new_owner_is_told(ctx):
    item = _one_item(ctx, tell_owner=True)
    result = actions.assign_owner(
        ctx, item, "ubnd-huyen", now=at("2023-10-02T09:00"), actor="van-phong-huyen-uy"
    )
    assert result.mails == 1
    with Session(ctx.engine) as session:
        events = session.exec(select(Event).where(Event.assignment_id == item)).all()
    reassigned = [e for e in events if e.kind == "reassigned"]
    assert [(e.actor, e.payload) for e in reassigned] == [
        ("van-phong-huyen-uy", {"from": "btg-huyen-uy", "to": "ubnd-huyen"})
    ]
    assigned = [r for r in _rows(ctx, item) if r.rule == "assigned"]
    assert [r.to_addrs for r in assigned] == [
        ["tuyengiao@vinhbao.example.org"],
        ["ubnd@vinhbao.example.org"],
    ]


def test_a_step_the_edited_policy_no_longer_has_restarts_the_ladder_without_repeats(
    ctx,
):
    from dataclasses import replace as change

    from domain.policy import PolicySet

    item = _one_item(ctx)
    sweep(ctx, now=at("2023-12-26T09:00"))  # reminder recorded
    policy = ctx.policies.default
    renamed = tuple(
        change(rule, name="nhac_han") if rule.name == "reminder" else rule
        for rule in policy.steps
    )
    edited = change(ctx, policies=PolicySet(default=change(policy, steps=renamed)))
    report = sweep(edited, now=at("2023-12-29T09:00"))
    # the old "reminder" is unknown now: the ladder restarts, the renamed reminder is
    # superseded by the due notice, and nothing already sent goes out again
    assert report.by_step == {"due": 1}
    rules = [r.rule for r in _rows(ctx, item) if r.status == "pending"]
    assert rules.count("reminder") == 1


def test_an_issuer_s_own_policy_moves_its_reminder(ctx):
    from dataclasses import replace as change

    from domain.policy import PolicySet

    default = ctx.policies.default
    earlier = tuple(
        change(rule, offset_working_days=-5) if rule.name == "reminder" else rule
        for rule in default.steps
    )
    own = change(
        ctx,
        policies=PolicySet(
            default=default,
            issuers={"ban-thuong-vu-huyen-uy": change(default, steps=earlier)},
        ),
    )
    item = _one_item(own)
    # due Sun 31 Dec, Fri 29 Dec stands in: 5 working days before is Fri 22 Dec
    assert sweep(own, now=at("2023-12-21T09:00")).sent_steps == 0
    assert sweep(own, now=at("2023-12-22T09:00")).by_step == {"reminder": 1}
    assert [r.rule for r in _rows(own, item)] == ["reminder"]


def test_a_ladder_step_added_in_the_policy_file_is_planned_and_sent(ctx, tmp_path):
    """The step names its message; the mail goes out, it is not skipped at delivery."""
    from dataclasses import replace as change

    from app.wiring import read_policy

    shipped = Path(__file__).parents[2] / "app" / "data" / "policy-default.toml"
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(
        shipped.read_text(encoding="utf-8")
        + "\n[default.steps.second_reminder]\n"
        + 'offset_working_days = -1\nto = ["owner"]\nmessage = "reminder"\n',
        encoding="utf-8",
    )
    own = change(ctx, policies=read_policy(policy_file))
    item = _one_item(own)
    sweep(own, now=at("2023-12-26T09:00"))  # the usual reminder
    # due Sun 31 Dec, Fri 29 Dec stands in: one working day before is Thu 28 Dec
    assert sweep(own, now=at("2023-12-28T09:00")).by_step == {"second_reminder": 1}
    outbox = MemoryOutbox()
    report = deliver(own, outbox, now=at("2023-12-28T09:05"))
    assert (report.sent, report.skipped) == (2, 0)
    (second,) = [
        m for m in outbox.sent if ":second_reminder:" in m.headers["X-Directives-Key"]
    ]
    assert second.subject.startswith("[629-TB/HU] Nhắc hạn")
    assert "1 ngày làm việc" in second.text
    rows = {r.rule: r.status for r in _rows(own, item)}
    assert rows == {"reminder": "sent", "second_reminder": "sent"}


def test_a_policy_step_naming_an_unknown_message_is_refused_when_it_loads(tmp_path):
    from app.wiring import read_policy
    from domain.errors import PolicyError

    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(
        "[default.steps.second_reminder]\n"
        'offset_working_days = -1\nto = ["owner"]\nmessage = "nhac_lai"\n',
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as caught:
        read_policy(policy_file)
    assert str(caught.value).startswith(
        f"{policy_file}: default.steps.second_reminder.message: 'nhac_lai' is not "
        "a message a ladder step can send"
    )


def test_work_registered_late_is_told_overdue_then_climbs_from_that_day(ctx):
    """Due 31 Dec 2023, registered Mon 22 Jan 2024: an assigned-and-overdue notice,
    then the ladder's intervals from that day; no mail states a step dated before the
    work existed, and the owner's escalation mail and the digest sent the same minute
    state the same count."""
    registered = at("2024-01-22T09:00")
    item = _one_item(ctx, now=registered, tell_owner=True)
    outbox = MemoryOutbox()
    sent_on: dict[str, date] = {}
    for now in _daily(date(2024, 1, 22), date(2024, 2, 2)):
        sweep(ctx, now=now)
        before = len(outbox.sent)
        deliver(ctx, outbox, now=now + timedelta(minutes=5))
        for mail in outbox.sent[before:]:
            sent_on.setdefault(mail.headers["X-Directives-Key"], now.date())
    owner_mail = {
        key.split(":")[1]: m
        for m in outbox.sent
        if (key := m.headers["X-Directives-Key"]).startswith(f"a{item}:")
    }
    assert sorted(owner_mail) == ["assigned", "escalated", "overdue"]
    assigned = owner_mail["assigned"]
    assert assigned.subject.endswith("(chủ trì) - đã quá thời hạn 31/12/2023")
    assert "khi đã quá thời hạn 15 ngày làm việc" in assigned.text
    assert "quá hạn 16 ngày làm việc" in owner_mail["overdue"].text  # Tue 23 Jan
    escalated = owner_mail["escalated"]
    assert "đã quá hạn 20 ngày làm việc" in escalated.text  # Mon 29 Jan
    assert "ngày 29 tháng 01 năm 2024, hệ thống đã báo cáo" in escalated.text
    # every ledger row speaks of a day on or after the registration
    for row in _rows(ctx, item):
        for field in ("fire_on", "on"):
            if field in row.payload:
                assert date.fromisoformat(row.payload[field]) >= date(2024, 1, 22)
    same_minute = [
        m
        for m in outbox.sent
        if m.headers["X-Directives-Key"].startswith("digest:")
        and sent_on[m.headers["X-Directives-Key"]] == date(2024, 1, 29)
    ]
    assert same_minute
    for digest in same_minute:
        assert "quá hạn 20 ngày làm việc" in digest.text


def test_items_sharing_their_state_are_planned_once_and_each_gets_its_own_rows(ctx):
    """The sweep decides once per class of alike items and writes set-based: every
    item still gets its own ledger rows, keys and events, and every mail sent from
    them its own Message-ID, derived from its key (stored when the row is claimed)."""
    from notifications.senders import message_id_for

    with Session(ctx.engine) as session:
        notice = make_notice(session)
        ids = [
            make_assignment(ctx, session, notice, ref=str(n), owner=owner).id
            for n, owner in enumerate(["btg-huyen-uy"] * 3 + ["ubnd-huyen"] * 2, 1)
        ]
        session.commit()
    report = sweep(ctx, now=at("2024-01-10T09:00"))
    assert report.examined == 5
    assert report.by_step == {"escalated": 5}
    assert report.skipped_steps == 15
    rows = [r for r in _rows(ctx) if r.assignment_id is not None]
    own = [r for r in rows if r.rule != DIGEST_ITEM]
    assert sorted((r.assignment_id or 0, r.rule) for r in own) == sorted(
        (i, rule) for i in ids for rule in ("reminder", "due", "overdue", "escalated")
    )
    for row in rows:
        assert row.dedupe_key.startswith(f"a{row.assignment_id}:")
    with Session(ctx.engine) as session:
        events = session.exec(select(Event).where(Event.actor == "sweep")).all()
        states = session.exec(
            select(Assignment).where(col(Assignment.id).in_(ids))
        ).all()
    assert sorted(e.assignment_id for e in events if e.kind == "escalated") == ids
    assert {(a.last_step, a.next_check_on) for a in states} == {("escalated", None)}
    before = len(_rows(ctx))
    assert sweep(ctx, now=at("2024-01-10T09:00")).examined == 0
    assert len(_rows(ctx)) == before
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=at("2024-01-10T09:00"))
    sent = {m.headers["X-Directives-Key"]: m.message_id for m in outbox.sent}
    escalations = {r.dedupe_key for r in own if r.rule == "escalated"}
    assert escalations <= set(sent)
    assert len(set(sent.values())) == len(sent)
    for row in _rows(ctx):
        if row.dedupe_key in sent:
            assert row.message_id == sent[row.dedupe_key]
            assert row.message_id == message_id_for(row.dedupe_key, ctx.mail_domain)


def _digests(outbox: MemoryOutbox) -> list[Any]:
    return [
        m for m in outbox.sent if m.headers["X-Directives-Key"].startswith("digest:")
    ]


def test_weekly_and_escalation_digest_to_one_mailbox_on_one_day_are_one_mail(ctx):
    """Mon 8 Jan: the weekly summary and the escalation of item 1 both go to the
    committee office: one mail, the escalated item first and marked for direction."""
    with Session(ctx.engine) as session:
        notice = make_notice(session)
        make_assignment(ctx, session, notice, ref="1")  # due 31 Dec: escalated 8 Jan
        make_assignment(ctx, session, notice, ref="2", due=date(2024, 1, 3), owner=None)
        session.commit()
    sweep(ctx, now=at("2024-01-08T09:00"))
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=at("2024-01-08T09:05"))
    (digest,) = _digests(outbox)
    assert digest.to == ("vanphong@vinhbao.example.org",)
    assert digest.headers["X-Directives-Key"].startswith("digest:weekly:")
    assert digest.subject == (
        "Tổng hợp hằng tuần: 2 nhiệm vụ quá hạn, 1 cần chỉ đạo (đến 08/01/2024)"
    )
    first, second = digest.text.split("\n1. ", 1)[1].split("\n2. ", 1)
    assert "mục 1" in first
    assert "quá hạn 5 ngày làm việc (cần xem xét, chỉ đạo)" in first
    assert "mục 2" in second
    assert "chưa có (văn bản ghi: một đơn vị lạ)" in second
    # a later sweep the same day defers new items for that mailbox to the next
    # morning instead of sending a second digest today
    with Session(ctx.engine) as session:
        notice = make_notice(session, number="630-TB/HU")
        make_assignment(ctx, session, notice, ref="1", due=date(2024, 1, 5))
        session.commit()
    sweep(ctx, now=at("2024-01-08T14:00"))
    deliver(ctx, outbox, now=at("2024-01-08T14:05"))
    assert len(_digests(outbox)) == 1
    deliver(ctx, outbox, now=at("2024-01-09T07:35"))
    later = _digests(outbox)[1:]
    assert [m.headers["X-Directives-Key"].split(":")[1] for m in later] == [
        "escalation"
    ]
    assert "(đến 09/01/2024)" in later[0].subject


def test_overdue_work_without_an_owner_is_in_the_weekly_and_the_office_digest(ctx):
    with Session(ctx.engine) as session:
        notice = make_notice(session)
        make_assignment(ctx, session, notice, ref="1", owner=None)  # due 31 Dec
        make_assignment(ctx, session, notice, ref="2", due=date(2024, 1, 8))
        session.commit()
    outbox = MemoryOutbox()
    sweep(ctx, now=at("2024-01-08T09:00"))  # Monday: the weekly summary
    deliver(ctx, outbox, now=at("2024-01-08T09:05"))
    (weekly,) = _digests(outbox)
    assert weekly.headers["X-Directives-Key"].startswith("digest:weekly:")
    assert "Đơn vị thực hiện: chưa có (văn bản ghi: một đơn vị lạ)" in weekly.text
    sweep(ctx, now=at("2024-01-09T09:00"))  # Tuesday: item 2 overdue, cc superior
    deliver(ctx, outbox, now=at("2024-01-09T09:05"))
    (office,) = _digests(outbox)[1:]
    assert office.headers["X-Directives-Key"].startswith("digest:escalation:")
    assert office.to == ("vanphong@vinhbao.example.org",)
    assert "Đơn vị thực hiện: chưa có (văn bản ghi: một đơn vị lạ)" in office.text
    assert "Đơn vị thực hiện: Ban Tuyên giáo" in office.text


def test_a_body_whose_validity_ended_gets_no_mail_and_its_work_goes_to_review(ctx):
    """The district bodies ceased on 30 Jun 2025: their open work waits for a new
    owner, with the reason, and nothing is mailed to them."""
    from app.lookup import list_assignments

    item = _one_item(ctx, due=date(2025, 7, 31), now=at("2025-06-02T09:00"))
    sweep(ctx, now=at("2025-07-01T09:00"))  # the first day without the district
    with Session(ctx.engine) as session:
        assignment = session.get(Assignment, item)
        assert assignment is not None
        assert assignment.status == "needs_owner"
    sweep(ctx, now=at("2025-07-28T09:00"))  # the reminder's day
    sweep(ctx, now=at("2025-08-11T09:00"))  # the escalation's
    with Session(ctx.engine) as session:
        assignment = session.get(Assignment, item)
        assert assignment is not None
        assert assignment.status == "needs_owner"
        (review,) = session.exec(
            select(Event).where(Event.assignment_id == item, Event.kind == "review")
        ).all()
    assert review.payload["reason"].startswith(
        "Ban Tuyên giáo Huyện ủy Vĩnh Bảo ceased on 30/06/2025"
    )
    assert [r.id for r in list_assignments(ctx, status="needs_owner")] == [item]
    assert _rows(ctx, item) == []
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=at("2025-08-11T09:05"))
    assert [m.to for m in outbox.sent] == []


def test_mail_already_written_to_a_body_that_has_since_ended_is_not_sent(ctx):
    item = _one_item(ctx, due=date(2025, 7, 31), now=at("2025-06-27T09:00"))
    # an assigned mail decided on Monday 30 Jun at night (the body still exists),
    # held for the next working morning, Tuesday 1 Jul, when it has ceased
    with Session(ctx.engine) as session:
        from app.followup import assigned_entry
        from app.ledger import record
        from app.orgbook import OrgBook

        assignment = session.get(Assignment, item)
        assert assignment is not None
        book = OrgBook.load(session)
        entry = assigned_entry(
            assignment,
            issuer="ban-thuong-vu-huyen-uy",
            addresses=book.addresses(assignment.owner_id),
            ctx=ctx,
            now=at("2025-06-30T20:00"),
        )
        record(
            session, [entry], mail_domain=ctx.mail_domain, now=at("2025-06-30T20:00")
        )
        session.commit()
    outbox = MemoryOutbox()
    deliver(ctx, outbox, now=at("2025-07-01T08:00"))
    assert outbox.sent == []
    assert [(r.status, r.reason) for r in _rows(ctx, item)] == [
        ("skipped", "the body's validity ended on 30/06/2025")
    ]


def test_milestones_are_followed_up_like_due_dates_each_with_its_own_key(ctx):
    """ "vào tháng 10 năm 2023" before a year-end deadline: reminder, due and overdue
    for the milestone, each its own ledger row, then the due date's own ladder."""
    item = _item_with_milestones(
        ctx,
        (date(2023, 10, 31), "cấp thẻ cộng tác viên vào tháng 10 năm 2023"),
        (date(2023, 12, 31), "cuối năm 2023"),
    )
    outbox = MemoryOutbox()
    for now in _daily(date(2023, 10, 20), date(2023, 11, 10)):
        sweep(ctx, now=now)
        deliver(ctx, outbox, now=now + timedelta(minutes=5))
    keys = [m.headers["X-Directives-Key"] for m in outbox.sent]
    assert keys == [
        f"a{item}:reminder:2023-12-31~2023-10-31",
        f"a{item}:due:2023-12-31~2023-10-31",
        f"a{item}:overdue:2023-12-31~2023-10-31",
    ]
    reminder, due, overdue = outbox.sent
    assert reminder.subject == (
        "[629-TB/HU] Nhắc mốc thực hiện: nhiệm vụ mục 1 (mốc 31/10/2023)"
    )
    assert "cấp thẻ cộng tác viên vào tháng 10 năm 2023" in reminder.text
    assert "Mốc này còn 3 ngày làm việc." in reminder.text
    assert "Hôm nay là ngày của mốc này." in due.text
    assert "Mốc này đã qua 1 ngày làm việc." in overdue.text
    with Session(ctx.engine) as session:
        stored = session.get(Assignment, item)
        assert stored is not None
        assert stored.last_step is None  # the due date's ladder is its own
        assert stored.next_check_on == date(2023, 12, 26)
    sweep(ctx, now=at("2023-12-26T09:00"))
    assert [r.rule for r in _rows(ctx, item)][-1] == "reminder"


def test_the_due_mail_of_a_day_off_deadline_names_the_day_it_is_sent(ctx):
    """Due Sunday 31 Dec 2023: the due notice goes out on Friday the 29th and says so,
    never "today, 31 December"; a milestone on a Sunday is told the same way."""
    _item_with_milestones(ctx, (date(2023, 10, 29), "hoàn thành trước cuối tháng 10"))
    outbox = MemoryOutbox()
    for now in [at("2023-10-27T09:00"), at("2023-12-29T09:00")]:
        sweep(ctx, now=now)
        deliver(ctx, outbox, now=now + timedelta(minutes=5))
    milestone, due = [
        m for m in outbox.sent if ":due:" in m.headers["X-Directives-Key"]
    ]
    assert milestone.subject == (
        "[629-TB/HU] Ngày làm việc cuối trước mốc thực hiện: nhiệm vụ mục 1"
        " (mốc 29/10/2023)"
    )
    assert "hôm nay, ngày 27 tháng 10 năm 2023, là ngày làm việc cuối cùng" in (
        milestone.text
    )
    assert "Hôm nay là ngày của mốc này." not in milestone.text
    assert due.subject == (
        "[629-TB/HU] Ngày làm việc cuối trước hạn: nhiệm vụ mục 1 (hạn 31/12/2023)"
    )
    assert (
        "là ngày 31 tháng 12 năm 2023, trùng ngày nghỉ; hôm nay, ngày 29 tháng 12"
        in (due.text)
    )
    assert "Hôm nay, ngày 31" not in due.text + due.html


def _item_with_milestones(ctx, *milestones: tuple[date, str]) -> int:
    """The worked example's item due 31 Dec 2023 with these milestones, scheduled as
    registered on the day the notice was signed; returns its id."""
    from app.followup import schedule_assignment
    from models.tables import Milestone

    with Session(ctx.engine) as session:
        assignment = make_assignment(ctx, session, make_notice(session))
        assert assignment.id is not None
        session.add_all(
            Milestone(assignment_id=assignment.id, due_on=day, text=text)
            for day, text in milestones
        )
        session.flush()
        schedule_assignment(
            assignment,
            issuer="ban-thuong-vu-huyen-uy",
            ctx=ctx,
            now=at("2023-09-22T09:00"),
        )
        session.commit()
        return assignment.id
