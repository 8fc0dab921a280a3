"""Build the real parts (engine, notifier, calendar, policy) from Settings, on demand."""

from functools import lru_cache

from sqlalchemy.engine import Engine

from app.settings import Settings
from models.db import make_engine


def engine_for(settings: Settings) -> Engine:
    """The app database engine named by the settings (cached per URL)."""
    return _engine(settings.database_url)


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    return make_engine(url)
