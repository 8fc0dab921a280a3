"""CLI tests run the real command in-process against an SQLite file per test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.settings import get_settings
from app.wiring import _calendar, _engine


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    for name in list(__import__("os").environ):
        if name.startswith("DIRECTIVES_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("DIRECTIVES_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("DIRECTIVES_ACTOR", "tester")
    for cache in (get_settings, _engine, _calendar):
        cache.cache_clear()
    yield tmp_path
    for cache in (get_settings, _engine):
        cache.cache_clear()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
