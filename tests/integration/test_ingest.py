"""Ingest on both back-ends: assignments per owner, the ledger, idempotency, amendments,
and the 'assigned' mail as a real SMTP server receives it."""

from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from app.delivery import deliver
from app.ingest import ingest, prepare, prepare_text
from domain.errors import ConflictError, InputError
from models.tables import (
    Assignment,
    Delivery,
    Directive,
    Event,
    Milestone,
    Notice,
    NoticeAmendment,
    Organization,
)
from notifications.senders import FileOutbox
from tests.factories import EXAMPLES, load_example_registry, make_context

NOTICE = EXAMPLES / "629-TB-HU.txt"
SIGNED = datetime(2023, 9, 22, 2, 0, tzinfo=UTC)


@pytest.fixture
def ctx(engine: Engine):
    load_example_registry(engine)
    return make_context(engine)


def _counts(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(
            session.exec(select(func.count()).select_from(t)).one()
            for t in (Notice, Directive, Assignment, Event, Delivery, Milestone)
        )


def _owners(engine: Engine) -> dict[str, set[tuple[str, str]]]:
    with Session(engine) as session:
        rows = session.exec(
            select(Directive.ref, Organization.code, Assignment.role)
            .join(Assignment, col(Assignment.directive_id) == col(Directive.id))
            .join(Organization, col(Organization.id) == col(Assignment.owner_id))
        ).all()
    out: dict[str, set[tuple[str, str]]] = {}
    for ref, code, role in rows:
        out.setdefault(ref, set()).add((code, role))
    return out


def test_the_worked_example_becomes_one_assignment_per_owner_with_groups_fanned_out(
    ctx,
):
    (result,) = ingest([prepare(NOTICE, ctx)], ctx, now=SIGNED)
    assert result.outcome == "created"
    assert result.directives == 4
    owners = _owners(ctx.engine)
    collaborators = {
        ("ctv-tran-van-an", "lead"),
        ("ctv-pham-thi-binh", "lead"),
        ("ctv-vu-duc-cuong", "lead"),
    }
    assert owners["1"] == {("btg-huyen-uy", "lead"), *collaborators}
    assert owners["2"] == owners["1"]  # implied from item 1
    assert owners["3"] == {
        ("dang-uy-tt-vinh-bao", "lead"),
        ("dang-uy-xa-tan-hung", "lead"),
        ("dang-uy-xa-nhan-hoa", "lead"),
        ("ubnd-tt-vinh-bao", "lead"),
        ("ubnd-xa-tan-hung", "lead"),
        ("ubnd-xa-nhan-hoa", "lead"),
    }
    assert owners["4"] == {("btg-huyen-uy", "lead")}
    with Session(ctx.engine) as session:
        by_ref = dict(
            session.exec(
                select(Directive.ref, Assignment).join(
                    Assignment, col(Assignment.directive_id) == col(Directive.id)
                )
            ).all()
        )
        milestones = session.exec(
            select(col(Milestone.due_on)).order_by(col(Milestone.due_on))
        ).all()
        created = session.exec(
            select(func.count()).select_from(Event).where(Event.kind == "created")
        ).one()
        assigned = session.exec(
            select(Delivery).where(Delivery.rule == "assigned")
        ).all()
    assert by_ref["1"].due_on == date(2023, 12, 31)
    assert by_ref["2"].due_on is None
    assert by_ref["2"].recurrence is None
    assert by_ref["3"].due_on is None
    assert by_ref["3"].recurrence == "ongoing"
    assert by_ref["4"].due_on == date(2023, 12, 31)  # due at the last of its two dates
    assert milestones == [date(2023, 10, 31), date(2023, 12, 31)]
    assert created == result.assignments == len(assigned) == 15
    assert all(r.status == "pending" and r.to_addrs for r in assigned)


def test_the_same_notice_again_changes_nothing_and_says_so(ctx):
    ingest([prepare(NOTICE, ctx)], ctx, now=SIGNED)
    before = _counts(ctx.engine)
    (again,) = ingest([prepare(NOTICE, ctx)], ctx, now=SIGNED)
    assert again.outcome == "unchanged"
    assert _counts(ctx.engine) == before


def test_another_text_under_the_same_identity_is_refused_unless_amended(ctx):
    ingest([prepare(NOTICE, ctx)], ctx, now=SIGNED)
    before = _counts(ctx.engine)
    text = NOTICE.read_text(encoding="utf-8")
    start = text.index("\n4. ")
    end = text.index("\n\n", start + 1)
    amended_text = (
        text[:start]
        + "\n5. Văn phòng Huyện ủy tổng hợp kết quả, báo cáo trước ngày 15/12/2023."
        + text[end:]
    ).replace("3 tháng cuối năm 2023 (dư luận", "6 tháng đầu năm 2024 (dư luận")
    prepared = prepare_text(amended_text, source="amended.txt", ctx=ctx)
    with pytest.raises(ConflictError, match="--amend"):
        ingest([prepared], ctx, now=SIGNED)
    assert _counts(ctx.engine) == before
    (result,) = ingest([prepared], ctx, now=SIGNED, amend=True)
    assert result.outcome == "amended"
    assert any(c.startswith("5: new directive") for c in result.changes)
    assert any(c.startswith("4: dropped") for c in result.changes)
    assert (
        "1: deadline 2023-12-31 → 2024-06-30 (original kept for reports)"
        in result.changes
    )
    with Session(ctx.engine) as session:
        kinds = session.exec(select(Event.kind)).all()
    assert "cancelled" in kinds


def _amended_text() -> str:
    """The worked example with item 4 replaced by a new item 5 and item 1's deadline
    moved from 31/12/2023 to 30/06/2024."""
    text = NOTICE.read_text(encoding="utf-8")
    start = text.index("\n4. ")
    end = text.index("\n\n", start + 1)
    return (
        text[:start]
        + "\n5. Văn phòng Huyện ủy tổng hợp kết quả, báo cáo trước ngày 15/12/2023."
        + text[end:]
    ).replace("3 tháng cuối năm 2023 (dư luận", "6 tháng đầu năm 2024 (dư luận")


def test_an_amendment_is_recorded_on_the_notice_with_what_changed_who_and_which_file(
    ctx,
):
    """One notice-level row per amendment, written with it: the changes per directive,
    the actor, the file's base name (never its folder) and both texts' digests."""
    (first,) = ingest([prepare(NOTICE, ctx)], ctx, now=SIGNED, actor="office")
    prepared = prepare_text(
        _amended_text(), source="/srv/uploads/in/629-sua-doi.txt", ctx=ctx
    )
    later = datetime(2023, 10, 2, 3, 0, tzinfo=UTC)
    (result,) = ingest([prepared], ctx, now=later, actor="thu-ky", amend=True)
    with Session(ctx.engine) as session:
        (row,) = session.exec(select(NoticeAmendment)).all()
        notice = session.get(Notice, first.notice_id)
        assert notice is not None
        assert row.notice_id == first.notice_id
        assert row.at == later
        assert row.actor == "thu-ky"
        assert row.source_name == "629-sua-doi.txt"
        assert notice.source_name == "629-TB-HU.txt"  # registered from this file
        assert row.sha256 == notice.sha256 == prepared.sha256
        assert row.previous_sha256 != row.sha256
    assert {"ref": "5", "kind": "added"} in row.changes
    assert {"ref": "4", "kind": "dropped"} in row.changes
    assert {
        "ref": "1",
        "kind": "deadline",
        "from": "2023-12-31",
        "to": "2024-06-30",
    } in row.changes
    assert {"ref": "1", "kind": "text"} in row.changes
    assert result.outcome == "amended"


def test_a_dry_run_or_refused_amendment_leaves_no_amendment_record(ctx):
    ingest([prepare(NOTICE, ctx)], ctx, now=SIGNED)
    prepared = prepare_text(_amended_text(), source="amended.txt", ctx=ctx)
    ingest([prepared], ctx, now=SIGNED, amend=True, dry_run=True)
    with pytest.raises(ConflictError):
        ingest([prepared], ctx, now=SIGNED)
    with Session(ctx.engine) as session:
        assert (
            session.exec(select(func.count()).select_from(NoticeAmendment)).one() == 0
        )


def test_a_notice_keeps_only_its_files_name_not_the_folder_it_was_read_from(ctx):
    (result,) = ingest([prepare(NOTICE, ctx)], ctx, now=SIGNED)
    with Session(ctx.engine) as session:
        notice = session.get(Notice, result.notice_id)
        assert notice is not None
        assert notice.source_name == "629-TB-HU.txt"


def test_an_issuer_missing_from_the_registry_is_refused_and_writes_nothing(ctx):
    text = NOTICE.read_text(encoding="utf-8").replace(
        "T/L BAN THƯỜNG VỤ", "T/M BAN CHẤP HÀNH HỘI NÔNG DÂN"
    )
    before = _counts(ctx.engine)
    prepared = prepare_text(text, source="other.txt", ctx=ctx)
    with pytest.raises(InputError, match="not in the organisation registry"):
        ingest([prepared], ctx, now=SIGNED)
    assert _counts(ctx.engine) == before


def test_a_dry_run_reports_what_would_be_written_and_writes_nothing(ctx):
    before = _counts(ctx.engine)
    (result,) = ingest([prepare(NOTICE, ctx)], ctx, now=SIGNED, dry_run=True)
    assert result.outcome == "dry-run"
    assert result.assignments == 15
    assert _counts(ctx.engine) == before


def test_owners_receive_the_assigned_mail_over_smtp_in_vietnamese_with_html_inert(
    ctx, smtp_server, tmp_path: Path
):
    text = NOTICE.read_text(encoding="utf-8").replace(
        "coi đây là nhiệm vụ thường xuyên",
        "coi đây là nhiệm vụ thường xuyên <script>alert(1)</script>",
    )
    prepared = prepare_text(text, source="script.txt", ctx=ctx)
    (result,) = ingest([prepared], ctx, now=SIGNED)
    report = deliver(ctx, smtp_server.notifier(), now=SIGNED)
    assert report.sent == result.messages == len(smtp_server.handler.envelopes)
    by_rcpt: dict[str, list[EmailMessage]] = {}
    for envelope in smtp_server.handler.envelopes:
        mail = message_from_bytes(envelope.content, policy=policy.default)
        for rcpt in envelope.rcpt_tos:
            by_rcpt.setdefault(rcpt, []).append(mail)
    assert len(by_rcpt["tuyengiao@vinhbao.example.org"]) == 3  # items 1, 2 and 4
    mail = by_rcpt["danguy.tanhung@vinhbao.example.org"][0]
    assert "629-TB/HU" in mail["Subject"]
    plain, html = mail.get_body(("plain",)), mail.get_body(("html",))
    assert plain is not None
    assert html is not None
    text_body, html_body = plain.get_content(), html.get_content()
    assert "Đảng ủy xã Tân Hưng" in text_body
    assert "<script>alert(1)</script>" in text_body
    assert "<script>" not in html_body
    assert "&lt;script&gt;" in html_body
    assert deliver(ctx, smtp_server.notifier(), now=SIGNED).sent == 0


def _variant(number: int) -> str:
    text = NOTICE.read_text(encoding="utf-8")
    return text.replace("629-TB/HU", f"{number}-TB/HU")


def test_in_a_batch_of_notices_each_assignment_has_its_own_event_and_mail(
    ctx, tmp_path
):
    """The rows of one notice are written with multi-row inserts: each new id must
    reach the event, the milestones and the ledger row of its own assignment, and the
    mail composed for it must speak of it."""
    prepared = [
        prepare_text(_variant(n), source=f"{n}.txt", ctx=ctx) for n in (700, 701, 702)
    ]
    ingest(prepared, ctx, now=SIGNED)
    with Session(ctx.engine) as session:
        assignments = {a.id: a for a in session.exec(select(Assignment)).all()}
        events = session.exec(select(Event).where(Event.kind == "created")).all()
        mails = session.exec(select(Delivery).where(Delivery.rule == "assigned")).all()
        dated = session.exec(select(Milestone)).all()
    assert len(assignments) == len(events) == len(mails) == 45
    for created in events:
        assignment = assignments[created.assignment_id]
        assert created.payload["owner_text"] == assignment.owner_text
        assert created.payload["role"] == assignment.role
    for mail in mails:
        owner, due = (
            assignments[mail.assignment_id].owner_id,
            assignments[mail.assignment_id].due_on,
        )
        assert mail.recipient_org_id == owner
        assert mail.payload.get("due_on") == (due.isoformat() if due else None)
    assert dated
    for milestone in dated:  # the due date is the last of an assignment's milestones
        assert assignments[milestone.assignment_id].due_on == max(
            m.due_on for m in dated if m.assignment_id == milestone.assignment_id
        )

    outbox = FileOutbox(tmp_path / "outbox")
    selects: list[str] = []

    def count(conn, cursor, statement, *args):
        # reads of rows, not PostgreSQL's per-row advisory locks
        if statement.startswith("SELECT") and not statement.startswith("SELECT pg_"):
            selects.append(statement)

    event.listen(ctx.engine, "before_cursor_execute", count)
    try:
        report = deliver(ctx, outbox, now=SIGNED)
    finally:
        event.remove(ctx.engine, "before_cursor_execute", count)
    assert report.sent == 45
    # a batch is read in a few queries, not a few per mail
    assert len(selects) < 20
    for mail in mails:
        with Session(ctx.engine) as session:
            sent = session.get(Delivery, mail.id)
        assert sent is not None
        written = message_from_bytes(
            outbox.path_for(sent.message_id).read_bytes(), policy=policy.default
        )
        assert isinstance(written, EmailMessage)
        body = written.get_body(("plain",))
        assert body is not None
        text = body.get_content()
        assert f"/assignments/{mail.assignment_id}\n" in text
