"""Security of the workspace over real HTTP: who may do what, CSRF, sign-in, headers.

The permission matrix asks every route as every role, on a record in the user's scope
and one outside it; outside, the answer is 403 (or a redirect to sign in), never data.
"""

import re
from dataclasses import dataclass

import httpx
import pytest

from app.clock import parse_instant
from app.ingest import ingest, prepare
from app.lookup import list_assignments
from app.settings import Settings
from app.users import LOCK_AFTER
from domain.errors import ConfigurationError
from tests.web.conftest import (
    ELSEWHERE,
    OFFICE,
    OTHER,
    OWNER,
    PASSWORD,
    VIEWER,
    Site,
)
from tests.web.test_scenarios import WEB_NOTICES
from web.app import create_app
from web.security import CSP


def _token(client: httpx.Client, path: str = "/login") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def _client(site: Site, email: str | None) -> httpx.Client:
    client = httpx.Client(base_url=site.url, follow_redirects=False, timeout=20)
    if email is not None:
        response = client.post(
            "/login",
            data={
                "email": email,
                "password": PASSWORD,
                "csrf_token": _token(client),
                "next": "/",
            },
        )
        assert response.status_code == 303, response.text[:300]
    return client


@dataclass(frozen=True)
class Records:
    """Ids of records in and out of each account's scope."""

    btg_item: int
    btg_summary: str
    ubnd_item: int
    notice_629: int
    notice_701: int


@pytest.fixture
def records(site: Site) -> Records:
    ctx = site.ctx()
    ingest(
        [prepare(WEB_NOTICES / "701-TB-HU.txt", ctx)],
        ctx,
        now=parse_instant("2025-04-02T09:30:00+07:00"),
        actor="test",
    )
    rows = list_assignments(ctx)
    btg = next(r for r in rows if r.owner == "btg-huyen-uy" and r.notice == "629-TB/HU")
    ubnd = next(r for r in rows if r.owner == "ubnd-tt-vinh-bao")
    from app.workspace import assignment_view

    return Records(
        btg_item=btg.id,
        btg_summary=btg.summary,
        ubnd_item=ubnd.id,
        notice_629=assignment_view(ctx, btg.id).notice_id,
        notice_701=next(
            assignment_view(ctx, r.id).notice_id
            for r in rows
            if r.notice == "701-TB/HU"
        ),
    )


GETS = {
    "overview": "/",
    "list": "/assignments",
    "csv": "/assignments.csv",
    "assignment": "/assignments/{a}",
    "notice": "/notices/{n}",
    "org": "/orgs/{o}",
    "ingest": "/ingest",
    "reports": "/reports",
    "ledger": "/ledger",
}
POSTS = {
    "progress": ("/assignments/{a}/progress", {"note": "x"}),
    "done": ("/assignments/{a}/done", {"note": "x"}),
    "accept": ("/assignments/{a}/accept", {}),
    "return": ("/assignments/{a}/return", {"reason": "x"}),
    "extend": ("/assignments/{a}/extend", {"to": "2030-01-01", "reason": "x"}),
    "assign": ("/assignments/{a}/assign", {"org": "ubnd-huyen"}),
    "ingest": ("/ingest", {"token": "0" * 64}),
    "retry": ("/ledger/1/retry", {}),
}
OFFICE_ONLY = {
    "ingest",
    "reports",
    "ledger",
    "accept",
    "return",
    "extend",
    "assign",
    "retry",
}
WRITERS = {"progress", "done"}


def _allowed(role: str, route: str) -> bool:
    if route in OFFICE_ONLY:
        return role == "office"
    if route in WRITERS:
        return role in ("office", "owner")
    return True


# (account, role, in-scope assignment, notice, org) / (out-of-scope ones)
def _cases(r: Records) -> list[tuple[str, str, dict[str, object], dict[str, object]]]:
    return [
        (
            OFFICE,
            "office",
            {"a": r.btg_item, "n": r.notice_629, "o": "btg-huyen-uy"},
            {},
        ),
        (
            OWNER,
            "owner",
            {"a": r.btg_item, "n": r.notice_629, "o": "btg-huyen-uy"},
            {"a": r.ubnd_item, "o": "ubnd-huyen"},
        ),
        (
            VIEWER,
            "viewer",
            {"a": r.btg_item, "n": r.notice_629, "o": "btg-huyen-uy"},
            {"a": r.ubnd_item, "o": "ubnd-huyen"},
        ),
        (
            OTHER,
            "owner",
            {"a": r.ubnd_item, "n": r.notice_629, "o": "ubnd-xa-tan-hung"},
            {"a": r.btg_item, "n": r.notice_701, "o": "btg-huyen-uy"},
        ),
        (ELSEWHERE, "office", {}, {"a": r.btg_item, "n": r.notice_629}),
    ]


def _path(template: str, ids: dict[str, object]) -> str | None:
    needed = re.findall(r"\{(\w)\}", template)
    if any(name not in ids for name in needed):
        return None
    return template.format(**{k: ids[k] for k in needed})


def test_the_permission_matrix_refuses_every_route_out_of_role_or_scope(
    site: Site, records: Records
):
    """Every route × role × in/out of scope: 403 where not allowed, and never the data."""
    secret = records.btg_summary[:40]
    checked = 0
    for email, role, inside, outside in _cases(records):
        client = _client(site, email)
        for scope, ids in (("in", inside), ("out", outside)):
            for route, template in GETS.items():
                path = _path(template, ids)
                if path is None or (scope == "out" and "{" not in template):
                    continue
                response = client.get(path)
                checked += 1
                if scope == "in" and _allowed(role, route):
                    assert response.status_code == 200, (email, path)
                else:
                    assert response.status_code == 403, (email, path, scope)
                    assert secret not in response.text
            for route, (template, data) in POSTS.items():
                path = _path(template, ids)
                if path is None or (scope == "out" and "{" not in template):
                    continue
                if scope == "in" and _allowed(role, route):
                    continue  # allowed actions are exercised by the scenarios
                token = _token(client, "/")
                response = client.post(path, data={**data, "csrf_token": token})
                checked += 1
                assert response.status_code == 403, (email, path, scope)
                assert secret not in response.text
        client.close()
    assert checked > 80


def test_without_a_session_every_route_redirects_to_sign_in(
    site: Site, records: Records
):
    client = _client(site, None)
    ids = {"a": records.btg_item, "n": records.notice_629, "o": "btg-huyen-uy"}
    for template in GETS.values():
        path = _path(template, ids)
        assert path is not None
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
        assert records.btg_summary[:40] not in response.text
    token = _token(client)
    for template, data in POSTS.values():
        path = _path(template, ids)
        assert path is not None
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


def test_a_post_without_a_valid_csrf_token_is_refused_and_changes_nothing(
    site: Site, records: Records
):
    client = _client(site, OWNER)
    path = f"/assignments/{records.btg_item}/done"
    for data in ({"note": "xong"}, {"note": "xong", "csrf_token": "forged"}):
        response = client.post(path, data=data)
        assert response.status_code == 403
    page = client.get(f"/assignments/{records.btg_item}").text
    assert "đã báo cáo, chờ tiếp nhận" not in page
    # a sign-in form posted from elsewhere (no token) is refused too
    fresh = _client(site, None)
    response = fresh.post("/login", data={"email": OWNER, "password": PASSWORD})
    assert response.status_code == 403
    assert "uid" not in str(fresh.cookies)


def test_ten_failed_sign_ins_lock_the_account_even_for_the_right_password(
    site: Site,
):
    client = _client(site, None)
    for _ in range(LOCK_AFTER):
        response = client.post(
            "/login",
            data={
                "email": VIEWER,
                "password": "sai-mat-khau-roi",
                "csrf_token": _token(client),
            },
        )
        assert response.status_code == 401
    response = client.post(
        "/login",
        data={"email": VIEWER, "password": PASSWORD, "csrf_token": _token(client)},
    )
    assert response.status_code == 429
    assert "15 phút" in response.text
    site.clock.set("2024-01-10T09:50:00+07:00")  # 20 minutes later the wait is over
    assert _client(site, VIEWER).get("/").status_code == 200


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"],
)
def test_sign_in_never_redirects_off_site(site: Site, target: str):
    client = _client(site, None)
    response = client.post(
        "/login",
        data={
            "email": OWNER,
            "password": PASSWORD,
            "next": target,
            "csrf_token": _token(client),
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_sign_in_returns_to_the_page_asked_for(site: Site, records: Records):
    client = _client(site, None)
    asked = f"/assignments/{records.btg_item}"
    response = client.get(asked)
    assert response.headers["location"] == f"/login?next={asked}"
    response = client.post(
        "/login",
        data={
            "email": OWNER,
            "password": PASSWORD,
            "next": asked,
            "csrf_token": _token(client),
        },
    )
    assert response.headers["location"] == asked


def test_every_response_carries_the_security_headers_and_a_safe_cookie(site: Site):
    client = _client(site, None)
    response = client.get("/login")
    assert response.headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in CSP
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "<script" not in response.text


def test_an_upload_too_large_or_of_the_wrong_type_is_refused(site: Site):
    client = _client(site, OFFICE)
    token = _token(client, "/ingest")
    response = client.post(
        "/ingest",
        data={"csrf_token": token},
        files={"file": ("big.txt", b"x" * (7 * 1024 * 1024), "text/plain")},
    )
    assert response.status_code == 413
    response = client.post(
        "/ingest",
        data={"csrf_token": token},
        files={"file": ("tool.exe", b"MZ\x00\x01", "application/octet-stream")},
    )
    assert response.status_code == 303
    # the refusal is in the user's language (Vietnamese by default)
    assert "chỉ nhận tệp .txt, .docx, .pdf" in client.get("/ingest").text


@pytest.mark.parametrize("key", [None, "changeme", "short-key", "k" * 40])
def test_production_refuses_a_missing_or_placeholder_secret_key(tmp_path, key):
    """Refused when the settings are read, or at the latest when the app is built."""

    def build() -> None:
        settings = Settings(
            database_url=f"sqlite:///{tmp_path / 'x.db'}",
            environment="production",
            secret_key=key,
            mail_from="theodoi@vinhbao.gov.vn",
            base_url="https://theodoi.vinhbao.gov.vn",
            _env_file=None,
        )
        create_app(settings)

    with pytest.raises((ConfigurationError, ValueError), match="DIRECTIVES_SECRET_KEY"):
        build()


def test_production_accepts_a_random_secret_key(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'x.db'}",
        environment="production",
        secret_key="Zq8r-4hT_1mWx9Lk2VbN7cP0sYdE3fGu5jQa6RtH",
        mail_from="theodoi@vinhbao.gov.vn",
        base_url="https://theodoi.vinhbao.gov.vn",
        _env_file=None,
    )
    assert create_app(settings) is not None
