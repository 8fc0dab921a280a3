"""Use cases around the organisation registry."""

from pathlib import Path

from sqlalchemy.engine import Engine

from app.registry import read_registry
from models.db import check_connection, prepare_database, session_scope
from models.migrate import upgrade
from models.queries import list_organizations, upsert_organizations
from models.tables import OrganizationPublic


def init_database(engine: Engine) -> None:
    """Create or upgrade the schema (idempotent).

    Raises:
        ConfigurationError: an SQLite file cannot be created there; nothing is created.
        StoreUnavailable: the database cannot be reached.
    """
    prepare_database(engine.url.render_as_string(hide_password=False))
    check_connection(engine)
    upgrade(engine)


def load_registry(engine: Engine, path: Path) -> tuple[int, int]:
    """Upsert every organisation of a registry file, all or nothing.

    Returns:
        (created, updated) counts.

    Raises:
        RegistryError: the file is refused; nothing is written.
    """
    entries = read_registry(path)
    with session_scope(engine) as session:
        return upsert_organizations(session=session, entries=entries)


def organizations(engine: Engine) -> list[OrganizationPublic]:
    """Every organisation of the registry."""
    with session_scope(engine) as session:
        return list_organizations(session=session)
