"""Use cases around the organisation registry."""

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from app.registry import read_registry
from models.db import check_connection, prepare_database, session_scope
from models.migrate import upgrade
from models.queries import learned_aliases, list_organizations, upsert_organizations
from models.tables import Organization, OrganizationPublic


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


def taught_aliases(engine: Engine) -> dict[str, list[str]]:
    """The names offices taught the registry ("remember this name"), by org code.

    They are kept in the database apart from the registry file, so `orgs load` keeps them.
    """
    with session_scope(engine) as session:
        learned = learned_aliases(session=session)
        codes = {o.id: o.code for o in session.exec(select(Organization)).all()}
    return {codes[org_id]: texts for org_id, texts in learned.items()}
