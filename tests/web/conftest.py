"""The web tests run the real server (uvicorn on a free loopback port, in a thread) over
an SQLite file with the worked example registered, and drive real headless Chromium.

Chromium is Debian's (`/usr/bin/chromium`, installed by `make test-web` / `.ci/run` when
missing); Playwright never downloads a browser here.
"""

import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from app.clock import parse_instant
from app.context import AppContext
from app.delivery import deliver
from app.ingest import ingest, prepare
from app.orgs import init_database, load_registry
from app.settings import Settings
from app.users import add_user
from app.wiring import context_for, notifier_for
from tests.smtp import free_port
from web.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PASSWORD = "mat-khau-thu-nghiem-2026"
#: The server's default now: a Wednesday morning, the items due 31/12/2023 overdue.
NOW = "2024-01-10T09:30:00+07:00"
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

#: Accounts of the fixture: the committee's office, the Propaganda Board (owner and
#: viewer), and the district People's Committee (an owner of other items).
OFFICE = "vanphong@vinhbao.example.org"
OWNER = "tuyengiao@vinhbao.example.org"
VIEWER = "xem@vinhbao.example.org"
OTHER = "ubnd@vinhbao.example.org"
#: An office account of a body that issued none of the notices: nothing is in its scope.
ELSEWHERE = "vanphong-ubnd@vinhbao.example.org"


@dataclass
class Site:
    """A running workspace: its URL, settings and database."""

    url: str
    settings: Settings
    outbox: Path
    clock: "Clock"

    def ctx(self) -> AppContext:
        return context_for(self.settings)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make test-web` (it installs chromium)"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def seed(settings: Settings) -> None:
    """The worked example registered on 22 Sep 2023 and four accounts."""
    ctx = context_for(settings)
    init_database(ctx.engine)
    load_registry(ctx.engine, EXAMPLES / "vinh-bao-2023.toml")
    now = parse_instant("2023-09-22T09:00:00+07:00")
    ingest([prepare(EXAMPLES / "629-TB-HU.txt", ctx)], ctx, now=now, actor="test")
    for email, org, role in (
        (OFFICE, "van-phong-huyen-uy", "office"),
        (OWNER, "btg-huyen-uy", "owner"),
        (VIEWER, "btg-huyen-uy", "viewer"),
        (OTHER, "ubnd-huyen", "owner"),
        (ELSEWHERE, "ubnd-huyen", "office"),
    ):
        add_user(ctx.engine, email, org=org, role=role, password=PASSWORD)


class Clock:
    """The server's notion of now, set by the test (working hours by default)."""

    def __init__(self, text: str) -> None:
        self.set(text)

    def set(self, text: str) -> None:
        self.now = parse_instant(text)

    def __call__(self) -> datetime:
        return self.now


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test runner owns the signals
        pass


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database with the example and the accounts, copied for every test."""
    folder = tmp_path_factory.mktemp("seeded")
    settings = Settings(database_url=f"sqlite:///{folder / 'web.db'}", _env_file=None)
    seed(settings)
    engine = context_for(settings).engine
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return folder / "web.db"


@pytest.fixture
def site(tmp_path: Path, seeded: Path) -> Iterator[Site]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        outbox_dir=tmp_path / "outbox",
        upload_dir=tmp_path / "uploads",
        base_url=url,
        secret_key="k" * 48,
        mail_from="theodoi@vinhbao.example.org",
        _env_file=None,
    )
    shutil.copyfile(seeded, tmp_path / "web.db")
    # the "assigned" mail goes out now, so that its links name this server
    deliver(
        context_for(settings),
        notifier_for(settings),
        now=parse_instant("2023-09-22T09:00:00+07:00"),
    )
    clock = Clock(NOW)
    server = _Server(
        uvicorn.Config(
            create_app(settings, clock=clock),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.02)
    yield Site(url=url, settings=settings, outbox=tmp_path / "outbox", clock=clock)
    server.should_exit = True
    thread.join(timeout=10)
    context_for(settings).engine.dispose()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Page, site: Site, email: str, *, next_path: str = "/") -> None:
    """Sign in through the login form."""
    page.goto(f"{site.url}/login?next={next_path}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    # the form posts, then redirects: wait until the page signed in to has loaded, so
    # that what a test types next reaches that page and not the login form
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_load_state("load")


def screenshot(page: Page, name: str) -> Path:
    """Write a full-page screenshot under var/screenshots (an artifact, not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


os.environ.setdefault("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false")
