"""The workspace's reads and accounts on both back-ends."""

import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.clock import parse_instant
from app.ingest import ingest, prepare, prepare_text
from app.intake import Corrections, confirm, preview, stage_upload
from app.orgs import load_registry, organizations, taught_aliases
from app.users import (
    LOCK_AFTER,
    Principal,
    add_user,
    authenticate,
    disable_user,
    list_users,
    principal,
    set_password,
)
from app.workspace import (
    NoticeChange,
    assignment_placement,
    assignment_view,
    may_see,
    notice_view,
    org_view,
)
from domain.errors import AccountLocked, AuthenticationError, ConflictError, InputError
from domain.notices import GivenHeader
from domain.status import StatusInput, summarise
from models.db import session_scope
from models.listing import Filters, Scope, count_categories, count_rows
from models.tables import Assignment, Event, Notice, Organization, UserAccount
from tests.factories import (
    SIGNED,
    load_example_registry,
    make_assignment,
    make_context,
    make_notice,
)

AS_OF = date(2024, 3, 15)
WEB_NOTICES = Path(__file__).resolve().parents[1] / "data" / "web"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _varied(engine: Engine) -> None:
    """Assignments in every shape the report rules tell apart."""
    ctx = make_context(engine)
    load_example_registry(engine)
    dues = [None, AS_OF - timedelta(days=20), AS_OF, AS_OF + timedelta(days=20)]
    statuses = ["open", "reported", "returned", "done", "cancelled", "needs_owner"]
    recurrences = [None, "ongoing", "monthly"]
    with session_scope(engine) as session:
        notice = make_notice(session)
        refs = itertools.count(1)
        for due, status, recurrence, extended, accepted_shift in itertools.product(
            dues, statuses, recurrences, (False, True), (-3, 0, 5, None)
        ):
            if status != "done" and accepted_shift is not None:
                continue
            if status == "done" and accepted_shift is None:
                continue
            a = make_assignment(
                ctx,
                session,
                notice,
                owner=None if status == "needs_owner" else "btg-huyen-uy",
                due=due,
                ref=str(next(refs)),
                recurrence=recurrence,
            )
            a.status = status
            if extended and due is not None:
                a.original_due_on = due - timedelta(days=10)
            if status == "done":
                base = due or AS_OF
                a.accepted_on = base + timedelta(days=accepted_shift or 0)
                # reported a week before the office accepted it: on time even when
                # the acceptance came after the due date
                a.completed_on = a.accepted_on - timedelta(days=7)
            if status == "reported":
                # a report made by the due date, still waiting for the office
                a.completed_on = (due or AS_OF) - timedelta(days=1)
            if status == "returned" or (status == "open" and extended):
                session.add(
                    Event(
                        assignment_id=a.id or 0, kind="returned", actor="t", at=SIGNED
                    )
                )


def _domain_summary(session: Session):
    inputs = []
    returned = {
        e.assignment_id for e in session.query(Event).filter_by(kind="returned")
    }
    for a in session.query(Assignment).all():
        if a.recurrence == "monthly" and a.due_on is None and a.parent_id is None:
            continue  # a recurring duty is reported through its dated occurrences
        inputs.append(
            StatusInput(
                due_on=a.due_on,
                original_due_on=a.original_due_on,
                status=a.status,
                accepted_on=a.accepted_on,
                reported_on=a.completed_on,
                recurrence=a.recurrence,
                extended=a.due_on != a.original_due_on,
                returned=a.id in returned,
                owner_resolved=a.owner_id is not None,
            )
        )
    return summarise(inputs, AS_OF)


def test_the_sql_categories_count_exactly_what_the_report_rules_count(engine: Engine):
    """The overview's one-statement figures equal domain.status.summarise, row for row."""
    _varied(engine)
    with session_scope(engine) as session:
        expected = _domain_summary(session)
        counts, total = count_categories(session=session, scope=Scope(), as_of=AS_OF)
        assert total == expected.overall.total
        assert counts == dict(expected.overall.counts)
        for category, count in counts.items():
            listed = count_rows(
                session=session,
                scope=Scope(),
                filters=Filters(category=category.value),
                as_of=AS_OF,
            )
            assert listed == count, category


def test_a_scope_limits_the_figures_to_its_owners_or_issuers(engine: Engine):
    _varied(engine)
    with session_scope(engine) as session:
        _, everything = count_categories(session=session, scope=Scope(), as_of=AS_OF)
        _, nobody = count_categories(
            session=session, scope=Scope(owner_ids=frozenset({999})), as_of=AS_OF
        )
        _, elsewhere = count_categories(
            session=session, scope=Scope(issuer_ids=frozenset({999})), as_of=AS_OF
        )
    assert everything > 0
    assert nobody == elsewhere == 0


def test_a_remembered_name_is_an_alias_listed_and_kept_when_the_registry_is_reloaded(
    engine: Engine, tmp_path: Path
):
    ctx = make_context(engine)
    load_example_registry(engine)
    folder = tmp_path / "uploads"
    data = (WEB_NOTICES / "701-TB-HU.txt").read_bytes()
    token = stage_upload(folder, "701-TB-HU.txt", data)
    found = preview(ctx, folder, token)
    [unresolved] = [o for d in found.directives for o in d.owners if o.org is None]
    confirm(
        ctx,
        folder,
        token,
        Corrections(
            owners={unresolved.key: "ubnd-huyen"}, remember=frozenset({unresolved.key})
        ),
        now=parse_instant("2025-04-02T09:30:00+07:00"),
        actor="vanphong@vinhbao.example.org",
    )
    assert taught_aliases(engine) == {"ubnd-huyen": [unresolved.text]}
    load_registry(engine, EXAMPLES / "vinh-bao-2023.toml")
    ubnd = next(o for o in organizations(engine) if o.code == "ubnd-huyen")
    assert unresolved.text in ubnd.aliases
    second = stage_upload(
        folder, "715-TB-HU.txt", (WEB_NOTICES / "715-TB-HU.txt").read_bytes()
    )
    owners = [o for d in preview(ctx, folder, second).directives for o in d.owners]
    assert all(o.org for o in owners)


def test_an_upload_lacking_its_number_is_previewed_and_registered_with_the_given_one(
    engine: Engine, tmp_path: Path
):
    """The preview names the missing part instead of refusing the file; confirming
    with the office's number registers it as `ingest --number` does; without it the
    ingest refuses and nothing is written."""
    ctx = make_context(engine)
    load_example_registry(engine)
    folder = tmp_path / "uploads"
    text = (WEB_NOTICES / "701-TB-HU.txt").read_text(encoding="utf-8")
    data = text.replace("Số 701-TB/HU", " " * 12, 1).encode("utf-8")
    token = stage_upload(folder, "/home/vp/khong-so.txt", data)
    found = preview(ctx, folder, token)
    assert found.missing == ("number",)
    assert found.filename == "khong-so.txt"
    assert found.issuer_known
    assert len(found.directives) == 2
    now = parse_instant("2025-04-02T09:30:00+07:00")
    with pytest.raises(InputError, match="gives no number") as refused:
        confirm(ctx, folder, token, Corrections(owners={}), now=now, actor="vp")
    # the refusal speaks of the page's field, not of a command-line option
    assert refused.value.text("vi") == (
        "khong-so.txt: văn bản không có số, ký hiệu (Số …); hãy nhập trước khi xác nhận"
    )
    with Session(engine) as session:
        assert session.exec(select(Notice)).all() == []
    result = confirm(
        ctx,
        folder,
        token,
        Corrections(owners={}, header=GivenHeader(number="701-tb/hu")),
        now=now,
        actor="vp",
    )
    assert result.outcome == "created"
    with Session(engine) as session:
        notice = session.get(Notice, result.notice_id)
        assert notice is not None
        assert (notice.number, notice.kind) == ("701-TB/HU", "THÔNG BÁO")
        assert notice.source_name == "khong-so.txt"


def test_the_notice_view_lists_registration_then_each_amendment(engine: Engine):
    """The history comes from the notice's own records: who registered it from which
    file, then every amendment with its changes (dates as dates)."""
    ctx = make_context(engine)
    load_example_registry(engine)
    text = (EXAMPLES / "629-TB-HU.txt").read_text(encoding="utf-8")
    [first] = ingest([prepare(EXAMPLES / "629-TB-HU.txt", ctx)], ctx, now=SIGNED)
    amended = text.replace("3 tháng cuối năm 2023 (dư luận", "6 tháng đầu năm 2024 (dư")
    later = parse_instant("2023-10-02T10:00:00+07:00")
    ingest(
        [prepare_text(amended, source="sua-doi.txt", ctx=ctx)],
        ctx,
        now=later,
        actor="thu-ky",
        amend=True,
    )
    add_user(
        engine,
        "vp@example.org",
        org="van-phong-huyen-uy",
        role="office",
        password="mat-khau-du-dai-2026",
    )
    office = principal(engine, _user_id(engine, "vp@example.org"))
    assert office is not None
    assert first.notice_id is not None
    view = notice_view(ctx, office, first.notice_id)
    history = view.history
    # the page shows the text now stored, each passage where the new text has it
    assert "".join(s.text for s in view.segments) == amended
    passages = {s.ref: s.text for s in view.segments if s.ref}
    assert "6 tháng đầu năm 2024" in passages["1"]
    assert passages["2"].startswith("2.")
    assert [(h.kind, h.actor, h.source_name) for h in history] == [
        ("registered", "directives", "629-TB-HU.txt"),
        ("amended", "thu-ky", "sua-doi.txt"),
    ]
    assert history[1].at == later
    assert NoticeChange("1", "deadline", date(2023, 12, 31), date(2024, 6, 30)) in (
        history[1].changes
    )


def _user_id(engine: Engine, email: str) -> int:
    with Session(engine) as session:
        found = session.exec(
            select(UserAccount.id).where(UserAccount.email == email)
        ).one()
    assert found is not None
    return found


def test_an_upload_of_another_type_is_refused_before_anything_is_kept(tmp_path: Path):
    with pytest.raises(InputError, match=r"only \.txt, \.docx, \.pdf"):
        stage_upload(tmp_path, "notice.html", b"<html>")
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_accounts_sign_in_lock_after_ten_failures_and_can_be_disabled(engine: Engine):
    load_example_registry(engine)
    now = parse_instant("2024-01-10T09:00:00+07:00")
    add_user(
        engine,
        "A@Vinhbao.example.org",
        org="btg-huyen-uy",
        role="owner",
        password="mot-mat-khau-dai",
    )
    with pytest.raises(ConflictError):
        add_user(
            engine,
            "a@vinhbao.example.org",
            org="btg-huyen-uy",
            role="viewer",
            password="mot-mat-khau-dai",
        )
    with pytest.raises(InputError):
        add_user(
            engine,
            "b@vinhbao.example.org",
            org="btg-huyen-uy",
            role="admin",
            password="mot-mat-khau-dai",
        )
    user_id = authenticate(engine, "a@vinhbao.example.org", "mot-mat-khau-dai", now=now)
    user = principal(engine, user_id)
    assert isinstance(user, Principal)
    assert user.role == "owner"
    assert len(user.owner_ids) > 1  # the board and the collaborators under it
    for _ in range(LOCK_AFTER):
        with pytest.raises(AuthenticationError):
            authenticate(engine, "a@vinhbao.example.org", "sai", now=now)
    with pytest.raises(AccountLocked):
        authenticate(engine, "a@vinhbao.example.org", "mot-mat-khau-dai", now=now)
    later = now + timedelta(minutes=16)
    assert authenticate(engine, "a@vinhbao.example.org", "mot-mat-khau-dai", now=later)
    set_password(engine, "a@vinhbao.example.org", "mat-khau-moi-dai-hon")
    disable_user(engine, "a@vinhbao.example.org")
    with pytest.raises(AuthenticationError):
        authenticate(engine, "a@vinhbao.example.org", "mat-khau-moi-dai-hon", now=later)
    assert principal(engine, user_id) is None
    [row] = list_users(engine)
    assert row.disabled


def _office(engine: Engine, issuer: str) -> Principal:
    """An office account's view of the world: it follows one issuer's notices."""
    with session_scope(engine) as session:
        org = session.exec(
            select(Organization).where(Organization.code == issuer)
        ).one()
        return Principal(
            user_id=1,
            email="office@example.org",
            role="office",
            org_id=org.id or 0,
            org_code=org.code,
            org_name=org.name,
            locale="vi",
            issuer_ids=frozenset({org.id or 0}),
            owner_ids=frozenset(),
        )


def test_the_issuer_an_office_is_checked_against_is_the_one_copied_on_the_assignment(
    engine: Engine,
):
    """Access, the assignment page and the organisation roll-up read the issuer from
    the assignment itself, not through its directive and notice."""
    ctx = make_context(engine)
    load_example_registry(engine)
    with session_scope(engine) as session:
        notice = make_notice(session)
        mine = make_assignment(ctx, session, notice, ref="1")
        moved = make_assignment(ctx, session, notice, ref="2")
        other = session.exec(
            select(Organization).where(Organization.code == "ubnd-huyen")
        ).one()
        # only the copy says another body issued the second one: whoever reads the
        # notice's issuer instead would see two of the same issuer
        moved.issuer_id = other.id
        ids = (mine.id or 0, moved.id or 0)
        notice_issuer = notice.issuer_id
    office = _office(engine, "ban-thuong-vu-huyen-uy")

    first, second = (assignment_placement(ctx, i) for i in ids)
    assert first is not None
    assert second is not None
    assert (first.issuer_id, second.issuer_id) == (notice_issuer, other.id)
    assert may_see(office, first)
    assert not may_see(office, second)
    assert assignment_placement(ctx, 10**6) is None

    assert assignment_view(ctx, ids[1]).issuer_name == other.name
    rollup = org_view(ctx, office, "btg-huyen-uy", today=AS_OF).rollup
    assert rollup.total == 1
