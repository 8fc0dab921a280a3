"""The backup and restore procedures of docs/operations.md, run exactly as written:
back up, write more, restore, and find the database as it was at the backup, alive."""

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy.engine import Engine

from deployments.cluster import create_database, database_url, drop_database
from tests.conftest import PG_URL

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NOTICE = ROOT / "examples" / "629-TB-HU.txt"
REGISTRY = ROOT / "examples" / "vinh-bao-2023.toml"
pytestmark = pytest.mark.slow


def _directives(url: str, tmp_path: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIRECTIVES_")}
    env.update(
        DIRECTIVES_DATABASE_URL=url,
        DIRECTIVES_OUTBOX_DIR=str(tmp_path / "outbox"),
        PREFECT_SERVER_ALLOW_EPHEMERAL_MODE="false",
    )
    subprocess.run([str(BIN / "directives"), *args], env=env, cwd=ROOT, check=True)


def _counts(url: str) -> tuple[int, int, int]:
    """Organisations, assignments and ledger rows."""
    engine = sqlalchemy.create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1)
    )
    try:
        with engine.connect() as conn:
            return tuple(  # type: ignore[return-value]
                int(
                    conn.execute(
                        sqlalchemy.text(f"SELECT count(*) FROM {t}")
                    ).scalar_one()
                )
                for t in ("organization", "assignment", "delivery")
            )
    finally:
        engine.dispose()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def _round_trip(url: str, tmp_path: Path, backup, restore) -> None:
    _directives(url, tmp_path, "init", "--registry", str(REGISTRY))
    _directives(url, tmp_path, "ingest", str(NOTICE), "--now", "2023-09-22T09:00+07:00")
    at_backup = _counts(url)
    assert at_backup[1] > 0
    backup()
    # more work after the backup: a sweep writes more ledger rows
    _directives(url, tmp_path, "sweep", "--now", "2024-01-08T09:00+07:00")
    assert _counts(url) != at_backup
    restore()
    assert _counts(url) == at_backup
    # the restored database is current and takes new work
    _directives(url, tmp_path, "init")
    _directives(url, tmp_path, "sweep", "--now", "2024-01-08T09:00+07:00")
    assert _counts(url)[2] > at_backup[2]


def test_an_sqlite_backup_restores_the_database_as_it_was(tmp_path: Path):
    sqlite3 = _tool("sqlite3")
    live = tmp_path / "directives.db"
    copy = tmp_path / "backup" / "directives.db"
    copy.parent.mkdir()

    def backup() -> None:
        # online: safe while `directives serve` writes
        subprocess.run([sqlite3, str(live), f".backup '{copy}'"], check=True)

    def restore() -> None:
        # with the service stopped: the file back in place, its journal gone
        for extra in (Path(f"{live}-wal"), Path(f"{live}-shm")):
            extra.unlink(missing_ok=True)
        shutil.copy2(copy, live)

    _round_trip(f"sqlite:///{live}", tmp_path, backup, restore)


@pytest.fixture
def pg_database(pg_admin: Engine) -> Iterator[str]:
    name = f"backup_{uuid.uuid4().hex[:10]}"
    create_database(PG_URL, name)
    try:
        yield database_url(PG_URL, name)
    finally:
        drop_database(PG_URL, name)


@pytest.mark.postgres
def test_a_postgresql_dump_restores_the_database_as_it_was(
    pg_database: str, tmp_path: Path
):
    pg_dump, pg_restore = _tool("pg_dump"), _tool("pg_restore")
    dump = tmp_path / "directives.dump"

    def backup() -> None:
        subprocess.run(
            [pg_dump, "--format=custom", f"--file={dump}", pg_database], check=True
        )

    def restore() -> None:
        subprocess.run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                f"--dbname={pg_database}",
                str(dump),
            ],
            check=True,
        )

    _round_trip(pg_database, tmp_path, backup, restore)
