"""Fixtures shared by every test layer.

``engine`` is parametrised over the two back-ends: an SQLite file per test and a fresh
PostgreSQL schema per test on the server at 127.0.0.1:5432 (database ``test``). Where no
PostgreSQL is reachable the PostgreSQL variants skip with a clear message, except under
CI (``CI=true``), where they fail: CI must exercise them.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.engine import Engine

from models.db import make_engine
from models.migrate import upgrade
from tests.smtp import Server, start

# An accidental Prefect call outside the flow tests must fail fast instead of starting a
# temporary server.
os.environ.setdefault("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false")

PG_URL = os.environ.get(
    "DIRECTIVES_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _pg_admin_engine() -> Engine | None:
    engine = make_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text("SELECT 1"))
    except sqlalchemy.exc.OperationalError as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_URL} is required in CI: {err.orig}")
        pytest.skip(f"no PostgreSQL reachable at {PG_URL}")
    return engine


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    engine = _pg_admin_engine()
    assert engine is not None
    yield engine
    engine.dispose()


def _pg_schema_engine(admin: Engine) -> Iterator[Engine]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.begin() as conn:
        conn.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(PG_URL, schema=schema)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def bare_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database on each back-end (no schema yet)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        yield engine
        engine.dispose()
    else:
        yield from _pg_schema_engine(request.getfixturevalue("pg_admin"))


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """A migrated, empty database on each back-end."""
    upgrade(bare_engine)
    return bare_engine


@pytest.fixture
def pg_engine(pg_admin: Engine) -> Iterator[Engine]:
    """A migrated PostgreSQL schema only, for behaviour that exists only there."""
    for engine in _pg_schema_engine(pg_admin):
        upgrade(engine)
        yield engine


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database, for tests whose logic is back-end independent."""
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def example_registry() -> Path:
    return EXAMPLES / "vinh-bao-2023.toml"


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    """A real SMTP server on 127.0.0.1 collecting every envelope."""
    server = start()
    yield server
    server.controller.stop()
