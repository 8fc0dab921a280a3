"""CLI tests run the real command in-process against an SQLite file per test."""

from pathlib import Path

import pytest
from typer.testing import CliRunner


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in list(__import__("os").environ):
        if name.startswith("DIRECTIVES_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("DIRECTIVES_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("DIRECTIVES_ACTOR", "tester")
    # these tests pin the wording in English; the Vietnamese default has its own tests
    monkeypatch.setenv("DIRECTIVES_LOCALE", "en")
    return tmp_path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
