"""Pages over plain HTTP where no browser is needed: CSV, language, ledger retry, dates."""

import csv
import io
import re

from sqlmodel import Session, select

from app.clock import parse_instant
from app.followup import sweep
from app.lookup import list_assignments
from app.workspace import assignment_view
from models.tables import Delivery
from tests.web.conftest import EXAMPLES, OFFICE, OWNER, Site
from tests.web.test_security import _client, _token


def test_the_csv_holds_exactly_the_filtered_rows(site: Site):
    client = _client(site, OFFICE)
    page = client.get("/assignments", params={"owner": "btg-huyen-uy", "sub": "1"})
    found = re.search(r'id="count"[^>]*>\D*(\d+)', page.text)
    assert found is not None
    count = int(found.group(1))
    response = client.get(
        "/assignments.csv", params={"owner": "btg-huyen-uy", "sub": "1"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][0] == "Văn bản"
    assert len(rows) - 1 == count > 0
    only_board = client.get(
        "/assignments.csv", params={"owner": "btg-huyen-uy", "sub": "0"}
    )
    board_rows = list(csv.reader(io.StringIO(only_board.text.lstrip("\ufeff"))))[1:]
    assert 0 < len(board_rows) < count
    assert {r[2] for r in board_rows} == {"Ban Tuyên giáo Huyện ủy Vĩnh Bảo"}


def test_a_user_switches_the_pages_to_english_and_back(site: Site):
    client = _client(site, OWNER)
    assert "Tổng quan" in client.get("/").text
    client.post(
        "/account/locale", data={"csrf_token": _token(client, "/"), "next": "/"}
    )
    page = client.get("/").text
    assert 'lang="en"' in page
    assert "Overview" in page
    assert "Figures as of" in page
    client.post(
        "/account/locale", data={"csrf_token": _token(client, "/"), "next": "/"}
    )
    assert 'lang="vi"' in client.get("/").text


def test_the_office_retries_a_failed_mail_and_it_goes_out(site: Site):
    ctx = site.ctx()
    with Session(ctx.engine) as session:
        row = session.exec(select(Delivery).where(Delivery.status == "sent")).first()
        assert row is not None
        row.status, row.attempts, row.last_error = "failed", 1, "451 thử lại sau"
        row.not_before = site.clock().replace(year=2030)
        row.sent_at = None
        session.add(row)
        session.commit()
        failed_id = row.id
    client = _client(site, OFFICE)
    ledger = client.get("/ledger", params={"status": "failed"}).text
    assert "451 thử lại sau" in ledger
    assert f"/ledger/{failed_id}/retry" in ledger
    response = client.post(
        f"/ledger/{failed_id}/retry", data={"csrf_token": _token(client, "/ledger")}
    )
    assert response.status_code == 303
    with Session(ctx.engine) as session:
        again = session.get(Delivery, failed_id)
        assert again is not None
        assert again.status == "sent"


def test_a_failed_row_shows_why_it_was_planned_and_why_it_failed(site: Site):
    """The reason a step was planned never hides the server's refusal, nor the reverse."""
    ctx = site.ctx()
    with Session(ctx.engine) as session:
        row = session.exec(select(Delivery).where(Delivery.status == "sent")).first()
        assert row is not None
        row.status, row.attempts, row.last_error = (
            "failed",
            1,
            "550 hộp thư không tồn tại",
        )
        row.reason, row.reason_vi = "escalated to the superior", "báo cáo cấp trên"
        row.sent_at = None
        session.add(row)
        session.commit()
    ledger = _client(site, OFFICE).get("/ledger", params={"status": "failed"}).text
    assert "báo cáo cấp trên — 550 hộp thư không tồn tại" in ledger


def test_an_owner_cannot_retry_mail_nor_see_the_ledger(site: Site):
    client = _client(site, OWNER)
    assert client.get("/ledger").status_code == 403
    response = client.post("/ledger/1/retry", data={"csrf_token": _token(client, "/")})
    assert response.status_code == 403


def test_the_office_extends_an_item_and_the_page_shows_both_dates(site: Site):
    item = next(
        r
        for r in list_assignments(site.ctx())
        if r.owner == "btg-huyen-uy" and r.due_on
    )
    client = _client(site, OFFICE)
    path = f"/assignments/{item.id}"
    response = client.post(
        f"{path}/extend",
        data={
            "to": "2024-03-31",
            "reason": "Chờ số liệu quý I",
            "approved_by": "thuong-truc-huyen-uy",
            "csrf_token": _token(client, path),
        },
    )
    assert response.status_code == 303
    page = client.get(path).text
    assert "31/03/2024" in page
    assert "31/12/2023" in page  # the original date is kept and shown
    assert "Chờ số liệu quý I" in page
    assert OFFICE in page  # the event's actor is the signed-in user


def test_no_page_shows_a_path_of_the_server(site: Site):
    """Notices read from a folder and uploads kept in the staging folder are named by
    their file name alone: on every page, in the history and in a refusal."""
    client = _client(site, OFFICE)
    item = list_assignments(site.ctx())[0]
    notice_id = assignment_view(site.ctx(), item.id).notice_id
    upload_dir = str(site.settings.upload_dir)
    token = _token(client, "/ingest")
    # a PDF that is no PDF: the reader's refusal names the upload, not where it is kept
    refused = client.post(
        "/ingest",
        data={"csrf_token": token},
        files={
            "file": ("C:\\Users\\vp\\thong-bao.pdf", b"%PDF-1.4 hong", "text/plain")
        },
    )
    assert refused.status_code == 303
    flash = client.get("/ingest").text
    assert "thong-bao.pdf" in flash
    staged = client.post(
        "/ingest",
        data={"csrf_token": token},
        files={"file": ("/home/vp/629.txt", (EXAMPLES / "629-TB-HU.txt").read_bytes())},
    )
    preview = staged.headers["location"]
    pages = [
        "/",
        "/assignments",
        f"/assignments/{item.id}",
        f"/notices/{notice_id}",
        "/orgs/btg-huyen-uy",
        "/reports",
        "/ledger",
        preview,
    ]
    for path in pages:
        text = client.get(path).text
        for leak in (str(EXAMPLES), upload_dir, "C:\\Users", "/home/vp"):
            assert leak not in text, f"{path} shows {leak}"
    assert "629-TB-HU.txt" in client.get(f"/notices/{notice_id}").text
    assert "629.txt" in client.get(preview).text


def test_a_refused_download_says_why_in_the_users_language(site: Site):
    """A refusal that reaches no form (a report download with a date that does not
    exist) is a 400 page giving the reason, not a server error."""
    client = _client(site, OFFICE)
    response = client.get("/reports/download", params={"as_of": "31/02/2024"})
    assert response.status_code == 400
    assert "Số liệu đến ngày: &#39;31/02/2024&#39; không phải là ngày" in response.text


def test_ledger_reasons_are_shown_in_the_users_language(site: Site):
    """The ledger page and the assignment page (its ledger rows and its timeline) show
    the reason stored in the user's language; switching to English shows English."""
    ctx = site.ctx()
    sweep(ctx, now=parse_instant("2024-01-08T09:00:00+07:00"))
    with Session(ctx.engine) as session:
        escalated = session.exec(
            select(Delivery).where(Delivery.rule == "escalated")
        ).first()
        assert escalated is not None
        item = escalated.assignment_id
    client = _client(site, OFFICE)
    skipped = client.get("/ledger", params={"status": "skipped"}).text
    assert "không gửi vì đã đến bước báo cáo cấp trên" in skipped
    assert "superseded by" not in skipped
    detail = client.get(f"/assignments/{item}").text
    assert "hạn 31/12/2023; bước báo cáo cấp trên 5 ngày làm việc sau hạn" in detail
    assert "escalated 5 working days" not in detail
    client.post(
        "/account/locale", data={"csrf_token": _token(client, "/"), "next": "/"}
    )
    skipped = client.get("/ledger", params={"status": "skipped"}).text
    assert "superseded by escalated" in skipped
    assert "không gửi vì" not in skipped
    detail = client.get(f"/assignments/{item}").text
    assert "due 31/12/2023; escalated 5 working days after it" in detail
    assert "bước báo cáo cấp trên 5 ngày" not in detail
