"""The Alembic scripts and the SQLModel tables describe the same schema, on both
back-ends, and the cheap version check agrees with Alembic."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (registers the tables on the metadata)
from models.migrate import ensure_current, head_revision, shipped_head


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
