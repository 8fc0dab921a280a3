"""Schema migrations (Alembic) driven from code.

Only `directives init` (and the tests) migrate. Every other command checks the version
cheaply with :func:`ensure_current`: one SELECT, and the newest shipped revision read from
the scripts' own headers, without importing Alembic (which costs about a second).
"""

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from domain.errors import SchemaOutOfDate, StoreUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPTS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision(?:: str)? = ['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(
    r"^down_revision(?:: [^=]+)? = (None|['\"]([^'\"]+)['\"])", re.MULTILINE
)


def alembic_config() -> "Config":
    """An Alembic config pointing at the shipped migration scripts."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to ``revision``."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision shipped with the code, as Alembic computes it."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@cache
def shipped_head() -> str:
    """The newest shipped revision, read from the scripts' headers (no Alembic import).

    Raises:
        RuntimeError: the scripts do not form one chain with exactly one head.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (_SCRIPTS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(source)
        if down is not None and down.group(2):
            parents.add(down.group(2))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(
            f"migration scripts have {len(heads)} heads: {sorted(heads)}"
        )
    return heads.pop()


def ensure_current(engine: Engine) -> None:
    """Check, with one SELECT, that the database is at the shipped revision.

    Raises:
        StoreUnavailable: the database cannot be reached.
        SchemaOutOfDate: the database is empty or at another revision.
    """
    try:
        connection = engine.connect()
    except OperationalError as err:
        reason = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
        where = engine.url.render_as_string(hide_password=True)
        raise StoreUnavailable(
            f"cannot reach the database {where}: {reason}",
            vi=f"không kết nối được cơ sở dữ liệu {where}: {reason}",
        ) from err
    with connection:
        try:
            found = connection.execute(
                text("SELECT version_num FROM alembic_version")
            ).scalar()
        except DBAPIError:
            found = None
    if found != shipped_head():
        raise SchemaOutOfDate(
            "database is not at the current version, run `directives init`",
            vi="cơ sở dữ liệu chưa ở phiên bản hiện tại, hãy chạy `directives init`",
        )
