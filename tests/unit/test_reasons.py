"""Every ledger reason is decided in both languages at once, from the same facts."""

from datetime import date

import pytest

from domain import reasons
from domain.reasons import NO_REASON, Reason


@pytest.mark.parametrize(
    ("reason", "en", "vi"),
    [
        (reasons.work_registered(), "work registered", "nhiệm vụ mới được giao"),
        (
            reasons.superseded_by("escalated"),
            "superseded by escalated",
            "không gửi vì đã đến bước báo cáo cấp trên",
        ),
        (
            reasons.ladder_step("reminder", -3, date(2023, 12, 26), date(2023, 12, 31)),
            "due 31/12/2023; reminder 3 working days before it, from 26/12/2023",
            "hạn 31/12/2023; bước nhắc hạn 3 ngày làm việc trước hạn, "
            "từ ngày 26/12/2023",
        ),
        (
            reasons.ladder_step("due", 0, date(2023, 12, 29), date(2023, 12, 29)),
            "due 29/12/2023; due on the due date, from 29/12/2023",
            "hạn 29/12/2023; bước đến hạn đúng ngày đến hạn, từ ngày 29/12/2023",
        ),
        (
            reasons.ladder_step("overdue", 1, date(2024, 1, 2), date(2023, 12, 29)),
            "due 29/12/2023; overdue 1 working day after it, from 02/01/2024",
            "hạn 29/12/2023; bước quá hạn 1 ngày làm việc sau hạn, từ ngày 02/01/2024",
        ),
        (
            reasons.at_milestone(date(2023, 10, 31), reasons.superseded_by("overdue")),
            "milestone 31/10/2023; superseded by overdue",
            "mốc 31/10/2023; không gửi vì đã đến bước quá hạn",
        ),
        (
            reasons.progress_due(None, "quarterly"),
            "no due date; never asked; every quarterly",
            "không có hạn; chưa đề nghị lần nào; đề nghị hằng quý",
        ),
        (
            reasons.progress_due(date(2023, 9, 22), "monthly"),
            "no due date; last asked on 22/09/2023; every monthly",
            "không có hạn; đề nghị gần nhất ngày 22/09/2023; đề nghị hằng tháng",
        ),
        (
            reasons.for_recipient("escalated", "Ban Tuyên giáo Huyện ủy", "superior"),
            "escalated for Ban Tuyên giáo Huyện ủy (superior)",
            "bước báo cáo cấp trên gửi Ban Tuyên giáo Huyện ủy (cấp trên)",
        ),
        (reasons.overdue_count(5), "5 overdue item(s)", "5 nhiệm vụ quá hạn"),
        (
            reasons.for_superior(3),
            "3 item(s) for the attention of a superior",
            "3 nhiệm vụ cần cấp trên chỉ đạo",
        ),
        (reasons.work_closed("done"), "the work was done", "nhiệm vụ đã hoàn thành"),
        (
            reasons.work_closed("cancelled"),
            "the work was cancelled",
            "nhiệm vụ đã bị hủy",
        ),
        (
            reasons.validity_ended(date(2025, 6, 30)),
            "the body's validity ended on 30/06/2025",
            "đơn vị đã hết hiệu lực từ ngày 30/06/2025",
        ),
        (
            reasons.no_address(),
            "no e-mail address on record",
            "chưa có địa chỉ thư điện tử",
        ),
    ],
)
def test_each_builder_writes_the_same_facts_in_english_and_vietnamese(
    reason: Reason, en: str, vi: str
):
    assert (reason.en, reason.vi) == (en, vi)
    assert reason.text("en") == en
    assert reason.text("vi") == vi


def test_a_step_the_policy_adds_keeps_its_own_name_in_vietnamese():
    reason = reasons.superseded_by("second_reminder")
    assert reason.vi == "không gửi vì đã đến bước second_reminder"


def test_a_status_without_its_own_words_is_closed_work():
    assert reasons.work_closed("archived") == Reason(
        "the work is closed", "nhiệm vụ đã kết thúc"
    )


def test_a_reason_stored_without_vietnamese_reads_in_english():
    """Rows written before the Vietnamese was kept show their English text."""
    assert Reason("work registered", "").text("vi") == "work registered"
    assert not NO_REASON
    assert reasons.no_address()
