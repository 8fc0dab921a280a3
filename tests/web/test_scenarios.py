"""The workspace end to end: real server, real Chromium, real mail in the file outbox."""

import re
from email import message_from_bytes, policy
from pathlib import Path

from playwright.sync_api import Browser, Page

from tests.web.conftest import OFFICE, OWNER, Site, screenshot, sign_in


def _mail_link(outbox: Path, to: str, *, saying: str) -> str:
    """The assignment link of the mail to ``to`` whose text contains ``saying``."""
    for path in sorted(outbox.glob("*.eml")):
        mail = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = mail.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        if to in str(mail["To"]) and saying in text:
            found = re.search(r"https?://\S+/assignments/\d+", text)
            if found:
                return found.group(0)
    raise AssertionError(f"no mail with an assignment link to {to} in {outbox}")


def _count(page: Page, card: str) -> int:
    return int(page.inner_text(f"#card-{card} .stat-n"))


def test_owner_follows_the_mail_link_reports_done_and_the_office_accepts(
    site: Site, page: Page, browser: Browser
):
    """The reminder mail's link leads through sign-in to the item; done, then accepted."""
    link = _mail_link(
        site.outbox, OWNER, saying="Thời hạn: ngày 31 tháng 12 năm 2023\n"
    )
    page.goto(link)
    assert "/login?next=/assignments/" in page.url
    page.fill("#email", OWNER)
    page.fill("#password", "mat-khau-thu-nghiem-2026")
    page.click("button[type=submit]")
    assert page.url == link
    page.fill("#done-note", "Đã tổ chức quán triệt; báo cáo số 45-BC/BTG.")
    page.fill("#done-document", "45-BC/BTG")
    page.click("#form-done button[type=submit]")
    assert page.url == link
    assert "đã báo cáo, chờ tiếp nhận" in page.inner_text("#status")
    assert "Đã tổ chức quán triệt" in page.inner_text("main")

    office = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(office, site, OFFICE)
    before = {
        c: _count(office, c)
        for c in ("done_on_time", "done_late", "overdue", "open_in_term")
    }
    office.goto(link)
    office.click("#form-accept button[type=submit]")
    assert "đã hoàn thành" in office.inner_text("#status")
    office.goto(site.url + "/")
    after = {c: _count(office, c) for c in before}
    done_before = before["done_on_time"] + before["done_late"]
    assert after["done_on_time"] + after["done_late"] == done_before + 1
    assert after["overdue"] + after["open_in_term"] == (
        before["overdue"] + before["open_in_term"] - 1
    )
    screenshot(office, "overview-desktop")
    office.context.close()


WEB_NOTICES = Path(__file__).resolve().parents[1] / "data" / "web"


def _ingest_upload(page: Page, site: Site, name: str) -> None:
    page.goto(site.url + "/ingest")
    page.set_input_files("#file", str(WEB_NOTICES / name))
    page.click("#form-upload button[type=submit]")
    assert "/ingest?token=" in page.url


def test_office_registers_a_notice_teaches_a_name_and_the_next_notice_resolves_it(
    site: Site, page: Page
):
    """Upload, correct the unresolved owner with "remember this name", confirm; the
    assignments exist, the owners' mail is in the outbox, and a second notice naming
    the same body resolves without help."""
    site.clock.set("2025-04-02T09:30:00+07:00")
    sign_in(page, site, OFFICE)
    _ingest_upload(page, site, "701-TB-HU.txt")
    unresolved = page.locator(".owner-line.unresolved")
    assert unresolved.count() == 1
    assert "Phòng Văn hóa và Thông tin huyện" in unresolved.inner_text()
    assert page.locator(".owner-line.resolved").count() == 1
    assert "trước ngày 30/6/2025" in page.inner_text("#directive-0")
    # dates are shown as offices write them, whatever the browser's locale
    assert page.input_value("#due-0") == "30/06/2025"
    page.select_option("#owner-0-0", "ubnd-huyen")
    page.check("#remember-0-0")
    screenshot(page, "ingest-desktop")
    page.click("#form-confirm button[type=submit]")
    assert "/notices/" in page.url
    assert "701-TB/HU" in page.inner_text("h1")
    text = page.inner_text("main")
    assert "Ủy ban nhân dân huyện Vĩnh Bảo" in text
    assert "Ban Tuyên giáo Huyện ủy Vĩnh Bảo" in text
    mail = [
        message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in site.outbox.glob("*.eml")
    ]
    to_ubnd = [m for m in mail if "ubnd@vinhbao.example.org" in str(m["To"])]
    assert any("701-TB/HU" in str(m["Subject"]) for m in to_ubnd)

    _ingest_upload(page, site, "715-TB-HU.txt")
    assert page.locator(".owner-line.unresolved").count() == 0
    assert page.locator("#owner-0-0").input_value() == "ubnd-huyen"
    page.click("#form-confirm button[type=submit]")
    assert "715-TB/HU" in page.inner_text("h1")
    assert "chưa có đơn vị" not in page.inner_text("main")


def test_office_supplies_the_number_a_notice_lacks_on_the_review_page(
    site: Site, page: Page, tmp_path: Path
):
    """A notice without its "Số" part is read, the review page names the missing part
    and offers a field for it; confirming passes it as `ingest --number` would, and
    the notice page shows it."""
    text = (WEB_NOTICES / "701-TB-HU.txt").read_text(encoding="utf-8")
    upload = tmp_path / "thong-bao-khong-so.txt"
    upload.write_text(text.replace("Số 701-TB/HU", " " * 12, 1), encoding="utf-8")
    site.clock.set("2025-04-02T09:30:00+07:00")
    sign_in(page, site, OFFICE)
    page.goto(site.url + "/ingest")
    page.set_input_files("#file", str(upload))
    page.click("#form-upload button[type=submit]")
    assert "/ingest?token=" in page.url
    assert "Số, ký hiệu văn bản" in page.inner_text("#header-missing")
    assert page.input_value("#h-number") == ""
    # what was found is prefilled: the signing date and the issuer
    assert page.input_value("#h-issued-on") == "02/04/2025"
    assert page.input_value("#h-issuer") != ""
    page.fill("#h-number", "701-TB/HU")
    screenshot(page, "ingest-header-desktop")
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the review page scrolls sideways by {overflow}px"
    screenshot(page, "ingest-header-phone")
    page.click("#form-confirm button[type=submit]")
    assert "/notices/" in page.url
    assert "701-TB/HU" in page.inner_text("h1")
    assert "thong-bao-khong-so.txt" in page.inner_text("#history")
