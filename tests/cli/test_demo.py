"""`make demo` tells the worked example to a manager: in Vietnamese by default, in
the office's words (no program terms, English words, ISO dates or "None"), and the
history it leaves names the people who acted by their accounts."""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli.demo import DEMO_ACCOUNTS

ROOT = Path(__file__).resolve().parents[2]
#: Words a developer would use and a manager would not read.
PROGRAM_TERMS = re.compile(
    r"\b(ledger|sweep|outbox|payload|json|sqlite3?|prefect|flow|task|row|None|null|"
    r"UTC|the|not|overdue|reminder|digest|step|owner|item|pending|sent|skipped|"
    r"lead|support)\b",
    re.IGNORECASE,
)


def _demo(folder: Path, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DIRECTIVES_")}
    done = subprocess.run(
        [sys.executable, "-m", "cli.demo", str(folder)],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


@pytest.fixture(scope="module")
def narration(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("demo")
    return _demo(folder), folder


def test_the_demo_speaks_vietnamese_in_the_office_s_words(narration):
    out, _ = narration
    # the last lines name the command and the database to look further
    story = out.split("\nXong trong")[0]
    for line in story.splitlines():
        words = re.sub(r"\S*/\S*", "", line)  # a path where the mails are kept
        assert not PROGRAM_TERMS.search(words), line
        assert not re.search(r"\d{4}-\d{2}-\d{2}", line), line
    for heading in ("Tiếp nhận Thông báo 629-TB/HU", "Theo dõi, đôn đốc"):
        assert heading in out


def test_the_history_the_demo_leaves_names_people_by_their_accounts(narration):
    _, folder = narration
    with sqlite3.connect(folder / "directives.db") as db:
        actors = {a for (a,) in db.execute("select distinct actor from event")}
    accounts = {email for email, _, _ in DEMO_ACCOUNTS}
    assert actors - {"sweep"} <= accounts, actors
