"""Pages in a real browser: markup in user text stays inert, phones and keyboards work."""

import re
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, Dialog, Page

from app import actions
from app.clock import parse_instant
from app.ingest import ingest, prepare, prepare_text
from app.lookup import list_assignments
from tests.web.conftest import EXAMPLES, OFFICE, OWNER, Site, screenshot, sign_in
from tests.web.test_scenarios import WEB_NOTICES

HOSTILE_NOTE = '<script>window.__pwned=3</script><b onmouseover="x()">ghi chú</b>'


def _hostile(site: Site) -> tuple[int, int]:
    """A notice and a note full of markup; returns (notice id, assignment id)."""
    ctx = site.ctx()
    now = parse_instant("2025-04-02T09:30:00+07:00")
    [result] = ingest([prepare(WEB_NOTICES / "720-TB-HU.txt", ctx)], ctx, now=now)
    item = next(r for r in list_assignments(ctx, notice="720-TB/HU") if r.owner)
    actions.add_progress(ctx, item.id, note=HOSTILE_NOTE, now=now, actor=OWNER)
    assert result.notice_id is not None
    return result.notice_id, item.id


def _inert(page: Page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main script, main img, main b, main i").count() == 0


def test_markup_in_notices_and_notes_is_shown_as_text_on_every_page(
    site: Site, page: Page
):
    notice_id, item_id = _hostile(site)
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    site.clock.set("2025-04-03T09:30:00+07:00")
    sign_in(page, site, OFFICE)
    for path in (
        "/",
        "/assignments",
        "/assignments?q=script",
        f"/assignments/{item_id}",
        f"/notices/{notice_id}",
        "/orgs/btg-huyen-uy",
        "/reports",
        "/ledger",
    ):
        page.goto(site.url + path)
        _inert(page)
    page.goto(f"{site.url}/notices/{notice_id}")
    assert "<script>window.__pwned=1</script>" in page.inner_text("main")
    assert '<img src=x onerror="window.__pwned=2">' in page.inner_text("main")
    page.goto(f"{site.url}/assignments/{item_id}")
    assert "<script>window.__pwned=3</script>" in page.inner_text("main")
    page.goto(f"{site.url}/ingest")
    page.set_input_files("#file", str(WEB_NOTICES / "720-TB-HU.txt"))
    page.click("#form-upload button[type=submit]")
    _inert(page)
    assert "<i>nghiêng</i>" in page.inner_text("main")
    assert dialogs == []


def test_the_pages_fit_a_360_px_phone_and_are_captured_at_both_widths(
    site: Site, browser: Browser
):
    """No page scrolls sideways at 360 px; screenshots go to var/screenshots."""
    notice_id = _first_notice(site)
    item = next(r for r in list_assignments(site.ctx()) if r.owner == "btg-huyen-uy")
    for width, height, label in ((1280, 900, "desktop"), (360, 740, "phone")):
        context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=width < 500
        )
        page = context.new_page()
        sign_in(page, site, OFFICE)
        for name, path in (
            ("overview", "/"),
            ("assignments", "/assignments"),
            ("assignment", f"/assignments/{item.id}"),
            ("notice", f"/notices/{notice_id}"),
        ):
            page.goto(site.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}"
            screenshot(page, f"{name}-{label}")
        context.close()


def _first_notice(site: Site) -> int:
    from app.workspace import assignment_view

    item = list_assignments(site.ctx())[0]
    return assignment_view(site.ctx(), item.id).notice_id


def test_an_owner_reports_done_by_keyboard_alone(site: Site, page: Page):
    """Skip link, labelled fields and the submit button reached with Tab and Enter."""
    item = next(r for r in list_assignments(site.ctx()) if r.owner == "btg-huyen-uy")
    sign_in(page, site, OWNER, next_path=f"/assignments/{item.id}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    page.focus("#done-note")
    page.keyboard.type("Đã hoàn thành, báo cáo kèm theo.")
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == (
        "Báo cáo hoàn thành"
    )
    # the form posts and redirects back to the same address: wait for that navigation,
    # not for a URL the page already has
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "đã báo cáo, chờ tiếp nhận" in page.inner_text("#status")


def test_the_office_reads_the_quarterly_report_and_downloads_it(site: Site, page: Page):
    sign_in(page, site, OFFICE)
    page.goto(f"{site.url}/reports?as_of=10/01/2024")
    assert "Kỳ báo cáo: đến ngày 10/01/2024" in page.inner_text("main")
    page.goto(f"{site.url}/reports?period=2023-Q4&as_of=2024-01-10")
    text = page.inner_text("main")
    assert "Kỳ báo cáo: 01/10/2023 – 31/12/2023" in text
    assert page.locator("table.rows").count() >= 1
    with page.expect_download() as download:
        page.click("a[href*='format=xlsx']")
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "reports-desktop")


def _amend_the_example(site: Site) -> int:
    """Re-ingest the worked example with item 4 dropped, an item 5 added and item 1
    due on 30/06/2024 instead of 31/12/2023; returns the notice id."""
    ctx = site.ctx()
    text = (EXAMPLES / "629-TB-HU.txt").read_text(encoding="utf-8")
    start = text.index("\n4. ")
    end = text.index("\n\n", start + 1)
    amended = (
        text[:start]
        + "\n5. Văn phòng Huyện ủy tổng hợp kết quả, báo cáo trước ngày 15/12/2023."
        + text[end:]
    ).replace("3 tháng cuối năm 2023 (dư luận", "6 tháng đầu năm 2024 (dư luận")
    prepared = prepare_text(
        amended, source=str(EXAMPLES / "629-TB-HU-sua-doi.txt"), ctx=ctx
    )
    now = parse_instant("2023-10-02T10:00:00+07:00")
    [result] = ingest([prepared], ctx, now=now, actor=OFFICE, amend=True)
    assert result.notice_id is not None
    return result.notice_id


def test_the_notice_page_shows_its_amendments_in_the_users_language(
    site: Site, page: Page
):
    """Each amendment is listed with when, who, which file (its name only) and what
    it changed per directive; the page speaks the user's language."""
    notice_id = _amend_the_example(site)
    sign_in(page, site, OFFICE)
    page.goto(f"{site.url}/notices/{notice_id}")
    history = page.inner_text("#history")
    assert "Sửa đổi, bổ sung" in history
    assert "02/10/2023 10:00 +07:00" in history
    assert OFFICE in history
    assert "629-TB-HU-sua-doi.txt" in history
    assert str(EXAMPLES) not in page.content()
    assert "Mục 5: bổ sung nội dung chỉ đạo mới" in history
    assert "Mục 4: bị bãi bỏ" in history
    assert "Mục 1: thời hạn đổi từ 31/12/2023 thành 30/06/2024" in history
    # the passages follow the new text; the dropped item has none
    assert "6 tháng đầu năm 2024" in page.inner_text("[id='d-1']")
    assert page.locator("[id='d-4']").count() == 0
    assert "629-TB-HU.txt" in page.inner_text("#history li:first-child")
    screenshot(page, "notice-amended-desktop")
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the notice page scrolls sideways by {overflow}px"
    screenshot(page, "notice-amended-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("header .account button[lang=en]")
    page.wait_for_load_state("load")
    history = page.inner_text("#history")
    assert "Amended" in history
    assert "Item 5: new directive added" in history
    assert "Item 1: deadline moved from 31/12/2023 to 30/06/2024" in history


def test_a_refusal_reads_in_the_users_language_and_names_the_field(
    site: Site, browser: Browser
):
    """A date that does not exist, typed in the extension form, is refused with the
    field's label and the reason, in Vietnamese, then in English."""
    item = next(r for r in list_assignments(site.ctx()) if r.owner == "btg-huyen-uy")
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    sign_in(page, site, OFFICE, next_path=f"/assignments/{item.id}")
    for expected in (
        "Gia hạn đến ngày: '31/02/2024' không phải là ngày",
        "New due date: '31/02/2024' is not a date",
    ):
        page.fill("#extend-to", "31/02/2024")
        page.fill("#extend-reason", "Chờ số liệu")
        with page.expect_navigation():
            page.click("#form-extend button[type=submit]")
        assert expected in page.inner_text(".flash-error")
        if expected.startswith("Gia"):
            page.click("header .account button[lang=en]")
            page.wait_for_load_state("load")
    context.close()


def test_date_fields_read_and_show_dd_mm_yyyy_in_an_english_locale_browser(
    site: Site, browser: Browser
):
    """Chromium shows type=date in the browser's order (mm/dd/yyyy for en-US), so the
    date fields are text fields: dd/mm/yyyy shown, dd/mm/yyyy or ISO accepted."""
    item = next(
        r
        for r in list_assignments(site.ctx())
        if r.owner == "btg-huyen-uy" and r.due_on
    )
    for width, label in ((1280, "desktop"), (360, "phone")):
        context = browser.new_context(
            locale="en-US", viewport={"width": width, "height": 800}
        )
        page = context.new_page()
        sign_in(page, site, OFFICE, next_path="/assignments?from=2023-12-01")
        assert page.input_value("#f-from") == "01/12/2023"
        page.fill("#f-to", "31/12/2023")
        with page.expect_navigation():
            page.click("form.filters button[type=submit]")
        assert "to=31%2F12%2F2023" in page.url
        assert page.input_value("#f-to") == "31/12/2023"
        screenshot(page, f"list-dates-{label}")
        context.close()
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    sign_in(page, site, OFFICE, next_path=f"/assignments/{item.id}")
    page.fill("#extend-to", "31/03/2024")
    page.fill("#extend-reason", "Chờ số liệu quý I")
    with page.expect_navigation():
        page.click("#form-extend button[type=submit]")
    assert "31/03/2024" in page.inner_text("main")
    assert page.locator(".flash-error").count() == 0
    context.close()


def test_the_ingest_review_page_gives_the_readers_warnings_in_the_users_language(
    site: Site, page: Page, tmp_path: Path
):
    """Vietnamese by default, English after the user switches; never the reader's
    English sentences on a Vietnamese page."""
    text = (WEB_NOTICES / "701-TB-HU.txt").read_text(encoding="utf-8")
    upload = tmp_path / "thong-bao-khong-so.txt"
    upload.write_text(text.replace("Số 701-TB/HU", " " * 12, 1), encoding="utf-8")
    site.clock.set("2025-04-02T09:30:00+07:00")
    sign_in(page, site, OFFICE)
    page.goto(site.url + "/ingest")
    page.set_input_files("#file", str(upload))
    page.click("#form-upload button[type=submit]")
    warnings = page.inner_text("#reader-warnings")
    assert "văn bản: không tìm thấy số văn bản (Số …)" in warnings
    assert "notice:" not in warnings
    assert "no number" not in warnings
    screenshot(page, "ingest-warnings-desktop")
    page.click("header .account button[lang=en]")
    page.wait_for_load_state("load")
    warnings = page.inner_text("#reader-warnings")
    assert "notice: no number (Số …) found" in warnings
    assert "văn bản:" not in warnings


def test_the_timeline_labels_every_fact_in_the_users_language(
    site: Site, browser: Browser
):
    """A sweep's steps, an extension approved by a body, a report and its return: each
    fact under a label in the user's language, dates dd/mm/yyyy, times with their
    offset, the body by name, the service in words; never a payload key, an org code,
    an ISO date or "None"."""
    from app.followup import sweep

    ctx = site.ctx()
    item = next(r for r in list_assignments(ctx) if r.owner == "btg-huyen-uy")
    sweep(ctx, now=parse_instant("2024-01-03T08:00:00+07:00"))
    now = parse_instant("2024-01-04T09:00:00+07:00")
    actions.extend(
        ctx,
        item.id,
        to=date(2024, 3, 29),
        reason="Chờ số liệu quý I",
        approved_by="ubnd-huyen",
        document="12/CV-UBND",
        now=now,
        actor=OFFICE,
    )
    actions.report_done(ctx, item.id, note="Đã xong", now=now, actor=OWNER)
    actions.return_report(ctx, item.id, reason="Thiếu số liệu", now=now, actor=OFFICE)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    sign_in(page, site, OFFICE, next_path=f"/assignments/{item.id}")
    for lang, expected in (
        (
            "vi",
            (
                "hạn mới: 29/03/2024",
                "người cho phép: Ủy ban nhân dân huyện Vĩnh Bảo",
                "lý do: Thiếu số liệu",
                "ngày trả lại: 04/01/2024",
                "04/01/2024 09:00 +07:00",
                "hệ thống nhắc việc",
                "gửi thư quá hạn",
            ),
        ),
        (
            "en",
            (
                "new due date: 29/03/2024",
                "approved by: Ủy ban nhân dân huyện Vĩnh Bảo",
                "reason: Thiếu số liệu",
                "returned on: 04/01/2024",
                "follow-up service",
                "overdue mail",
            ),
        ),
    ):
        timeline = page.inner_text("ol.timeline")
        for text in expected:
            assert text in timeline, (lang, text)
        for raw in ("reason_vi", "returned_on", "approved_by", "ubnd-huyen", "None"):
            assert raw not in timeline, (lang, raw)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", timeline), timeline
        if lang == "vi":
            assert "reason:" not in timeline
            assert "sweep" not in timeline
            screenshot(page, "timeline-desktop")
            page.set_viewport_size({"width": 360, "height": 740})
            screenshot(page, "timeline-phone")
            page.locator("ol.timeline").screenshot(
                path=str(screenshot(page, "timeline-phone").with_name("timeline.png"))
            )
            page.click("header .account button[lang=en]")
            page.wait_for_load_state("load")
    context.close()


def test_a_ledger_row_without_a_recipient_keeps_every_cell_under_its_heading(
    site: Site, page: Page
):
    """A step skipped after an outage has no recipient; on a wide screen its empty
    cell still holds its column, so the time is not shown under "sent to"."""
    from app.followup import sweep

    ctx = site.ctx()
    item = next(r for r in list_assignments(ctx) if r.owner == "btg-huyen-uy")
    sweep(ctx, now=parse_instant("2024-01-03T08:00:00+07:00"))
    sign_in(page, site, OFFICE, next_path=f"/assignments/{item.id}")
    table = page.locator("section.card table.rows").last
    headings = [
        box["x"] for box in (h.bounding_box() for h in table.locator("th").all()) if box
    ]
    rows = table.locator("tbody tr").all()
    assert any(r.locator("td").nth(1).inner_text().strip() == "" for r in rows)
    for row in rows:
        cells = [c.bounding_box() for c in row.locator("td").all()]
        assert [round(c["x"]) for c in cells if c] == [round(x) for x in headings]
