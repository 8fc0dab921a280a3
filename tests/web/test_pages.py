"""Pages in a real browser: markup in user text stays inert, phones and keyboards work."""

from playwright.sync_api import Browser, Dialog, Page

from app import actions
from app.clock import parse_instant
from app.ingest import ingest, prepare
from app.lookup import list_assignments
from tests.web.conftest import OFFICE, OWNER, Site, screenshot, sign_in
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
    page.goto(f"{site.url}/reports?period=2023-Q4&as_of=2024-01-10")
    text = page.inner_text("main")
    assert "31/12/2023" in text
    assert page.locator("table.rows").count() >= 1
    with page.expect_download() as download:
        page.click("a[href*='format=xlsx']")
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "reports-desktop")
