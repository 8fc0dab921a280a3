"""The schema on both back-ends: migrations, identities, UTC instants."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.migrate import current_revision, head_revision, upgrade
from models.tables import Delivery, Notice, Organization


def _org(session: Session, code: str = "committee") -> Organization:
    org = Organization(code=code, name=code.title(), kind="committee")
    session.add(org)
    session.flush()
    return org


def _notice(issuer_id: int, **overrides: object) -> Notice:
    fields: dict[str, object] = {
        "number": "629-TB/HU",
        "kind": "THÔNG BÁO",
        "issued_on": date(2023, 9, 22),
        "issuer_id": issuer_id,
        "source_text": "text",
        "sha256": "0" * 64,
    }
    fields.update(overrides)
    return Notice.model_validate(fields)


def test_migrations_reach_head_and_rerunning_them_is_harmless(bare_engine: Engine):
    assert current_revision(bare_engine) is None
    upgrade(bare_engine)
    upgrade(bare_engine)
    assert current_revision(bare_engine) == head_revision()


def test_upgrading_copies_each_notice_issuer_onto_its_stored_assignments(
    bare_engine: Engine,
):
    """Assignments stored before the issuer column existed get their notice's issuer."""
    upgrade(bare_engine, "0002")
    with bare_engine.begin() as conn:
        run = conn.exec_driver_sql
        for code in ("committee", "other"):
            run(
                "INSERT INTO organization (code, name, kind, emails, aliases)"
                f" VALUES ('{code}', '{code}', 'committee', '[]', '[]')"
            )
        ids: dict[str, int] = dict(run("SELECT code, id FROM organization").all())
        for n, code in enumerate(("committee", "other")):
            run(
                "INSERT INTO notice (number, kind, issued_on, issuer_id, source_text,"
                f" sha256, recipients, created_at) VALUES ('{n}-TB/HU', 'THÔNG BÁO',"
                f" '2023-09-22', {ids[code]}, 't', '{n}', '[]', '2023-09-22 02:00:00')"
            )
            notice = run("SELECT max(id) FROM notice").scalar_one()
            run(
                "INSERT INTO directive (notice_id, ref, position, text, span_start,"
                f" span_end, cancelled) VALUES ({notice}, '1', 0, 't', 0, 1, false)"
            )
            directive = run("SELECT max(id) FROM directive").scalar_one()
            run(
                "INSERT INTO assignment (directive_id, role, owner_text, summary,"
                " status, occurrence, created_at, updated_at, version) VALUES"
                f" ({directive}, 'lead', 'x', 'x', 'open', '', '2023-09-22 02:00:00',"
                " '2023-09-22 02:00:00', 1)"
            )
    upgrade(bare_engine)
    with bare_engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT a.issuer_id, n.issuer_id FROM assignment a"
            " JOIN directive d ON d.id = a.directive_id"
            " JOIN notice n ON n.id = d.notice_id ORDER BY a.id"
        ).all()
    assert [tuple(r) for r in rows] == [(ids["committee"],) * 2, (ids["other"],) * 2]


def test_notice_identity_is_issuer_kind_number_and_date(engine: Engine):
    with Session(engine) as session:
        org = _org(session)
        assert org.id is not None
        session.add(_notice(org.id))
        # Party numbers restart each term: same symbol, another date is another notice.
        session.add(_notice(org.id, issued_on=date(2028, 9, 22)))
        session.commit()
        session.add(_notice(org.id))
        with pytest.raises(sqlalchemy.exc.IntegrityError):
            session.commit()


def test_instants_come_back_as_the_same_utc_moment_from_any_zone(engine: Engine):
    hanoi = timezone(timedelta(hours=7))
    local = datetime(2023, 9, 22, 8, 30, tzinfo=hanoi)
    with Session(engine) as session:
        session.add(Delivery(dedupe_key="k1", rule="assigned", not_before=local))
        session.add(
            Delivery(
                dedupe_key="k2",
                rule="assigned",
                not_before=datetime(2023, 9, 22, 2, tzinfo=UTC),
            )
        )
        session.commit()
    with Session(engine) as session:
        row = session.exec(select(Delivery).where(Delivery.dedupe_key == "k1")).one()
        assert row.not_before == datetime(2023, 9, 22, 1, 30, tzinfo=UTC)
        assert row.not_before.tzinfo is not None
        # 08:30 in Hanoi is before 02:00 UTC: the comparison happens in UTC on both back-ends.
        earlier = session.exec(
            select(Delivery.dedupe_key).where(
                Delivery.not_before < datetime(2023, 9, 22, 9, 0, tzinfo=hanoi)
            )
        ).all()
        assert earlier == ["k1"]


def test_a_naive_instant_is_refused(engine: Engine):
    with Session(engine) as session:
        session.add(
            Delivery(dedupe_key="k", rule="assigned", not_before=datetime(2023, 1, 1))
        )
        with pytest.raises(sqlalchemy.exc.StatementError, match="naive"):
            session.commit()


def test_the_delivery_ledger_refuses_a_second_row_for_the_same_step(engine: Engine):
    now = datetime(2023, 9, 22, tzinfo=UTC)
    with Session(engine) as session:
        session.add(
            Delivery(
                dedupe_key="a:1:reminder:2023-12-31", rule="reminder", not_before=now
            )
        )
        session.commit()
        session.add(
            Delivery(
                dedupe_key="a:1:reminder:2023-12-31", rule="reminder", not_before=now
            )
        )
        with pytest.raises(sqlalchemy.exc.IntegrityError):
            session.commit()
