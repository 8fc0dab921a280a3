"""Flow tests: real flow runs under one Prefect test server for the whole session.

The app settings of each test point at its own database (SQLite file or PostgreSQL
schema) and at a real SMTP server on 127.0.0.1, through the environment, as a worker's
would.
"""

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine


@pytest.fixture(scope="session", autouse=True)
def prefect_server() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


def database_url(engine: Engine) -> str:
    """A URL that reaches the same database (and PostgreSQL schema) as ``engine``."""
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
        url += f"?options=-csearch_path%3D{schema}"
    return url


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, engine: Engine, smtp_server, tmp_path):
    """Point the app settings at this test's database and SMTP server."""
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", database_url(engine))
    monkeypatch.setenv("DIRECTIVES_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DIRECTIVES_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("DIRECTIVES_SMTP_SECURITY", "none")
    monkeypatch.setenv("DIRECTIVES_MAIL_FROM", "theodoi@vinhbao.example.org")
    monkeypatch.setenv("DIRECTIVES_OUTBOX_DIR", str(tmp_path / "outbox"))
    return smtp_server
