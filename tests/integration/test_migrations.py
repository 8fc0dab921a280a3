"""The Alembic scripts and the SQLModel tables describe the same schema, on both
back-ends, and the cheap version check agrees with Alembic."""

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

import models.tables  # noqa: F401  (registers the tables on the metadata)
from app.lookup import ledger_row
from models.migrate import ensure_current, head_revision, shipped_head, upgrade
from models.tables import Delivery


def test_the_models_match_the_schema_the_migrations_build(engine: Engine):
    """A column, index or constraint added to models/tables.py needs a migration."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False}
        )
        drift = compare_metadata(context, SQLModel.metadata)
    assert drift == []


def test_the_scripts_have_one_head_and_the_cheap_check_reads_it(engine: Engine):
    assert shipped_head() == head_revision()
    ensure_current(engine)


def test_a_ledger_row_written_before_reasons_were_kept_in_vietnamese_reads_english(
    bare_engine: Engine,
):
    """The upgrade keeps old rows: no Vietnamese reason, so every reader sees the
    English one it was written with."""
    upgrade(bare_engine, "0005")
    with bare_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO delivery (dedupe_key, rule, occurrence, to_addrs,"
                " cc_addrs, subject, body_text, body_html, message_id, payload,"
                " status, reason, not_before, attempts, created_at)"
                " VALUES ('a1:reminder:2023-12-31', 'reminder', '2023-12-31', '[]',"
                " '[]', '', '', '', '', '{}', 'skipped', 'superseded by escalated',"
                " :at, 0, :at)"
            ),
            {"at": datetime(2024, 1, 8, 2, tzinfo=UTC)},
        )
    upgrade(bare_engine)
    with Session(bare_engine) as session:
        (row,) = session.exec(select(Delivery)).all()
    assert row.reason_vi == ""
    shown = ledger_row(row)
    assert shown.reason_in("vi") == shown.reason_in("en") == "superseded by escalated"
