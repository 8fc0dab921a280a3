"""Rendering of every message from its view: locales, escaping, golden files, dates.

Regenerate the golden files with ``UPDATE_GOLDEN=1 pytest tests/unit/test_render.py``
and review the diff.
"""

import dataclasses
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jinja2 import UndefinedError

from domain.assignment import Recurrence, Role
from notifications.formatting import (
    document_kind,
    due_phrase,
    en_date,
    format_date,
    recurrence_label,
    role_label,
    vi_date_long,
    vi_date_short,
)
from notifications.render import environment, render, template_names
from notifications.views import (
    MESSAGES,
    AcceptedView,
    AssignedView,
    AssignmentView,
    CompletionReportedView,
    ComplianceCounts,
    ComplianceReportView,
    ComplianceRow,
    DigestItem,
    DigestView,
    DirectiveRef,
    DueView,
    EscalatedView,
    ExtendedView,
    MessageView,
    Milestone,
    MilestoneView,
    NoticeRef,
    OverdueView,
    ProgressRequestView,
    ReminderView,
    ReturnedView,
    assignment_url,
)

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden" / "mail"
LOCALES = ("vi", "en")
BASE_URL = "https://theodoi.vinhbao.example.vn"
SCRIPT = '<script>alert("x")</script>'


# --- factories: deterministic defaults from the worked example (629-TB/HU) -----------


def make_notice(**overrides: Any) -> NoticeRef:
    fields: dict[str, Any] = {
        "number": "629-TB/HU",
        "kind": "THÔNG BÁO",
        "issued_on": date(2023, 9, 22),
        "issuer": "Thường trực Huyện ủy",
    }
    return NoticeRef(**(fields | overrides))


def make_directive(**overrides: Any) -> DirectiveRef:
    fields: dict[str, Any] = {
        "ref": "4",
        "text": (
            "Yêu cầu Ban Tuyên giáo Huyện ủy hoàn thành báo cáo 9 tháng, xác định cụ "
            "thể nhiệm vụ, giải pháp trọng tâm 3 tháng cuối năm 2023.\n"
            "Hoàn thành việc cấp thẻ cho cộng tác viên dư luận xã hội vào tháng 10 "
            "năm 2023."
        ),
    }
    return DirectiveRef(**(fields | overrides))


def _assignment_fields(locale: Any) -> dict[str, Any]:
    return {
        "recipient_name": "Ban Tuyên giáo Huyện ủy",
        "locale": locale,
        "notice": make_notice(),
        "directive": make_directive(),
        "owner_name": "Ban Tuyên giáo Huyện ủy",
        "link": assignment_url(BASE_URL, 17),
    }


def _counts(**overrides: int) -> ComplianceCounts:
    fields = {
        "done_on_time": 12,
        "done_late": 3,
        "open_in_time": 7,
        "overdue": 2,
        "ongoing": 5,
        "no_deadline": 1,
        "extended": 2,
        "returned": 1,
        "unassigned": 1,
    }
    return ComplianceCounts(**(fields | overrides))


def make_view(name: str, locale: Any = "vi", **overrides: Any) -> MessageView:
    """A complete view of message ``name`` with deterministic values."""
    common = _assignment_fields(locale)
    views: dict[str, Any] = {
        "assigned": lambda: AssignedView(
            **common,
            role=Role.LEAD,
            due_on=date(2023, 10, 31),
            due_text="vào tháng 10 năm 2023",
            recurrence=None,
            milestones=(
                Milestone(due_on=date(2023, 10, 15), text="hoàn thành báo cáo 9 tháng"),
                Milestone(due_on=date(2023, 10, 31), text="cấp thẻ cộng tác viên"),
            ),
        ),
        "reminder": lambda: ReminderView(
            **common, due_on=date(2023, 10, 31), working_days_left=3
        ),
        "due": lambda: DueView(
            **common, due_on=date(2023, 10, 31), today=date(2023, 10, 31)
        ),
        "overdue": lambda: OverdueView(
            **common, due_on=date(2023, 10, 31), days_overdue=1
        ),
        "escalated": lambda: EscalatedView(
            **common,
            due_on=date(2023, 10, 31),
            days_overdue=5,
            escalated_to="Thường trực Huyện ủy",
            escalated_on=date(2023, 11, 7),
        ),
        "milestone": lambda: MilestoneView(
            **common,
            stage="reminder",
            milestone_on=date(2023, 10, 31),
            milestone_text="cấp thẻ cộng tác viên",
            due_on=date(2023, 12, 31),
            working_days=3,
            today=date(2023, 10, 26),
        ),
        "digest": lambda: DigestView(
            recipient_name="Văn phòng Huyện ủy",
            locale=locale,
            kind="weekly",
            as_of=date(2023, 11, 10),
            items=(
                DigestItem(
                    notice_number="629-TB/HU",
                    directive_ref="4",
                    directive_text="Yêu cầu Ban Tuyên giáo Huyện ủy hoàn thành báo cáo.",
                    owner_name="Ban Tuyên giáo Huyện ủy",
                    due_on=date(2023, 10, 31),
                    days_overdue=8,
                    escalated=True,
                    link=assignment_url(BASE_URL, 17),
                ),
                DigestItem(
                    notice_number="629-TB/HU",
                    directive_ref="3",
                    directive_text="Các chi, đảng bộ trực thuộc tổ chức quán triệt.",
                    owner_name="Đảng ủy xã Tân Hưng",
                    due_on=date(2023, 11, 8),
                    days_overdue=2,
                    escalated=False,
                    link=assignment_url(BASE_URL, 21),
                ),
            ),
        ),
        "completion_reported": lambda: CompletionReportedView(
            **(common | {"recipient_name": "Văn phòng Huyện ủy"}),
            reported_on=date(2023, 10, 27),
            note="Đã hoàn thành báo cáo 9 tháng và cấp thẻ cho 45 cộng tác viên.",
            evidence_url="https://vanban.example.vn/bc/123",
            document_number="123-BC/BTGHU",
            due_on=date(2023, 10, 31),
        ),
        "accepted": lambda: AcceptedView(
            **common,
            accepted_on=date(2023, 10, 30),
            reported_on=date(2023, 10, 27),
            note="Đạt yêu cầu.",
        ),
        "returned": lambda: ReturnedView(
            **common,
            returned_on=date(2023, 10, 30),
            reason="Chưa có danh sách cộng tác viên đã được cấp thẻ.",
            due_on=date(2023, 10, 31),
            recurrence=None,
        ),
        "extended": lambda: ExtendedView(
            **common,
            new_due_on=date(2023, 11, 30),
            original_due_on=date(2023, 10, 31),
            reason="Chờ phôi thẻ từ Ban Tuyên giáo Thành ủy.",
        ),
        "progress_request": lambda: ProgressRequestView(
            **common,
            period_label="quý IV/2023" if locale == "vi" else "Q4 2023",
            report_by=date(2023, 12, 15),
            recurrence=Recurrence.ONGOING,
        ),
        "compliance_report": lambda: ComplianceReportView(
            recipient_name="Thường trực Huyện ủy",
            locale=locale,
            period_label="quý IV/2023" if locale == "vi" else "Q4 2023",
            period_start=date(2023, 10, 1),
            period_end=date(2023, 12, 31),
            counts=_counts(),
            rows=(
                ComplianceRow(
                    owner_name="Ban Tuyên giáo Huyện ủy",
                    counts=_counts(done_on_time=4, done_late=1, open_in_time=2),
                ),
                ComplianceRow(
                    owner_name="Ủy ban nhân dân huyện",
                    counts=_counts(done_on_time=8, done_late=2, open_in_time=5),
                ),
            ),
            link=f"{BASE_URL}/reports/2023-Q4",
        ),
    }
    view: MessageView = views[name]()
    return dataclasses.replace(view, **overrides) if overrides else view


def _context(view: MessageView) -> dict[str, Any]:
    return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}


ALL = [(name, locale) for name in MESSAGES for locale in LOCALES]


# --- every template --------------------------------------------------------------


def test_every_message_has_a_trio_per_locale_and_no_template_is_orphaned():
    templates = set(environment().list_templates())
    expected = {t for name, locale in ALL for t in template_names(name, locale)}
    assert expected <= templates
    shared = {t for t in templates if t.startswith("_")}
    assert templates - shared == expected


@pytest.mark.parametrize(("name", "locale"), ALL)
def test_every_message_renders_in_each_locale(name, locale):
    rendered = render(name, make_view(name, locale))

    assert rendered.subject
    assert "\n" not in rendered.subject
    assert rendered.subject == rendered.subject.strip()
    assert rendered.text.endswith("\n")
    assert not rendered.text.endswith("\n\n")
    assert f'<html lang="{locale}">' in rendered.html
    assert "Undefined" not in rendered.text + rendered.html
    greeting = "Kính gửi:" if locale == "vi" else "Dear"
    assert greeting in rendered.text
    assert greeting in rendered.html


@pytest.mark.parametrize(("name", "locale"), ALL)
def test_every_view_field_is_used_and_a_missing_one_fails(name, locale):
    """The views hold exactly what is shown: drop any field and both bodies fail."""
    view = make_view(name, locale)
    env = environment()
    _, text_name, html_name = template_names(name, locale)
    for missing in _context(view):
        context = _context(view) | {"subject": "subject"}
        del context[missing]
        for template in (text_name, html_name):
            with pytest.raises(UndefinedError):
                env.get_template(template).render(context)


@pytest.mark.parametrize("name", list(MESSAGES))
def test_english_differs_from_vietnamese(name):
    vi = render(name, make_view(name, "vi"))
    en = render(name, make_view(name, "en"))
    assert vi.subject != en.subject
    assert "Trân trọng" in vi.text
    assert "Kind regards" in en.text


def test_render_refuses_the_wrong_view_or_an_unknown_message():
    with pytest.raises(TypeError, match="AssignedView"):
        render("assigned", make_view("due"))
    with pytest.raises(ValueError, match="unknown message"):
        render("nonexistent", make_view("due"))


def test_an_unsupported_locale_is_refused_when_the_view_is_built():
    with pytest.raises(ValueError, match="unsupported locale"):
        make_view("due", "fr")


# --- content ----------------------------------------------------------------------


def test_assigned_shows_role_deadline_phrase_and_milestones():
    rendered = render("assigned", make_view("assigned"))
    assert "được giao chủ trì thực hiện nhiệm vụ tại mục 4" in rendered.text
    assert "Thông báo số 629-TB/HU ngày 22 tháng 9 năm 2023" in rendered.text
    assert "Thời hạn: ngày 31 tháng 10 năm 2023" in rendered.text
    assert "vào tháng 10 năm 2023" in rendered.text
    assert "15/10/2023: hoàn thành báo cáo 9 tháng" in rendered.text
    assert f"{BASE_URL}/assignments/17" in rendered.text


@pytest.mark.parametrize(
    ("due_on", "recurrence", "phrase"),
    [
        (None, None, "không thời hạn"),
        (None, "ongoing", "thực hiện thường xuyên"),
        (None, "monthly", "thực hiện hằng tháng"),
        (date(2023, 12, 31), None, "31/12/2023"),
    ],
)
def test_assigned_subject_states_the_deadline_without_inventing_one(
    due_on, recurrence, phrase
):
    view = make_view(
        "assigned", due_on=due_on, recurrence=recurrence, due_text=None, milestones=()
    )
    assert render("assigned", view).subject.endswith(f"thời hạn: {phrase}")


def test_supporting_owner_is_asked_to_work_with_the_lead():
    rendered = render("assigned", make_view("assigned", role="support"))
    assert "được giao phối hợp thực hiện" in rendered.text
    assert "phối hợp chặt chẽ với đơn vị chủ trì" in rendered.text


def test_escalation_digest_has_its_own_title_and_an_empty_digest_says_so():
    escalation = render("digest", make_view("digest", kind="escalation"))
    assert escalation.subject.startswith("Báo cáo 2 nhiệm vụ quá hạn cần chỉ đạo")
    empty = render("digest", make_view("digest", items=()))
    assert "Không có nhiệm vụ quá hạn." in empty.text
    assert "Không có nhiệm vụ quá hạn." in empty.html


def test_digest_kind_is_checked():
    with pytest.raises(ValueError, match="digest kind"):
        make_view("digest", kind="monthly")


def test_extension_keeps_the_original_due_date():
    rendered = render("extended", make_view("extended"))
    assert "Thời hạn mới: ngày 30 tháng 11 năm 2023" in rendered.text
    assert "Thời hạn ban đầu: ngày 31 tháng 10 năm 2023" in rendered.text


@pytest.mark.parametrize(
    ("locale", "subject", "said", "never"),
    [
        (
            "vi",
            "[629-TB/HU] Ngày làm việc cuối trước hạn: nhiệm vụ mục 4 (hạn 31/12/2023)",
            "là ngày 31 tháng 12 năm 2023, trùng ngày nghỉ; hôm nay, ngày 29 tháng 12",
            "Hôm nay, ngày 31",
        ),
        (
            "en",
            "[629-TB/HU] Last working day before the deadline: item 4 (31 December 2023)",
            "is 31 December 2023, a day off; today, 29 December 2023, is the last",
            "Today, 31 December",
        ),
    ],
)
def test_a_due_mail_sent_ahead_of_a_day_off_deadline_says_which_day_is_today(
    locale, subject, said, never
):
    view = make_view("due", locale, due_on=date(2023, 12, 31), today=date(2023, 12, 29))
    rendered = render("due", view)
    assert rendered.subject == subject
    assert said in rendered.text
    assert never not in rendered.text + rendered.html
    on_the_day = render("due", make_view("due", locale))
    assert ("Hôm nay, ngày 31" if locale == "vi" else "Today, 31 October") in (
        on_the_day.text
    )


def test_a_milestone_on_a_day_off_is_announced_on_the_working_day_before():
    rendered = render(
        "milestone",
        make_view(
            "milestone",
            stage="due",
            milestone_on=date(2023, 10, 29),
            today=date(2023, 10, 27),
            working_days=0,
        ),
    )
    assert "Ngày làm việc cuối trước mốc thực hiện" in rendered.subject
    assert "hôm nay, ngày 27 tháng 10 năm 2023, là ngày làm việc cuối cùng" in (
        rendered.text
    )
    assert "Hôm nay là ngày của mốc này." not in rendered.text + rendered.html


def test_compliance_report_shows_the_four_way_split_and_the_rest():
    rendered = render("compliance_report", make_view("compliance_report"))
    for label in (
        "Hoàn thành đúng hạn: 12",
        "Hoàn thành quá hạn: 3",
        "Đang thực hiện trong hạn: 7",
        "Quá hạn chưa hoàn thành: 2",
        "Nhiệm vụ thường xuyên: 5",
        "Nhiệm vụ không thời hạn: 1",
        "Nhiệm vụ được gia hạn (đánh giá theo thời hạn mới): 2",
        "Báo cáo hoàn thành bị trả lại: 1",
        "Nhiệm vụ chưa có đơn vị thực hiện: 1",
        "(24 nhiệm vụ)",
    ):
        assert label in rendered.text
    assert "Ủy ban nhân dân huyện" in rendered.html


# --- escaping and header safety ----------------------------------------------------


@pytest.mark.parametrize(("name", "locale"), ALL)
def test_markup_in_any_text_is_inert_in_html_and_literal_in_text(name, locale):
    view = make_view(name, locale)
    if isinstance(view, AssignmentView):
        view = dataclasses.replace(
            view,
            notice=make_notice(number=f"629{SCRIPT}", issuer=f"HU {SCRIPT}"),
            directive=make_directive(text=f"Nội dung {SCRIPT}"),
            owner_name=f"Ban {SCRIPT}",
        )
    else:
        view = dataclasses.replace(view, recipient_name=f"Văn phòng {SCRIPT}")

    rendered = render(name, view)

    assert "<script" not in rendered.html.lower()
    assert "&lt;script&gt;" in rendered.html
    assert SCRIPT in rendered.text


def test_a_user_supplied_evidence_link_never_becomes_a_script_href():
    view = make_view("completion_reported", evidence_url="javascript:alert(1)")
    html = render("completion_reported", view).html
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # still shown, as text
    safe = render("completion_reported", make_view("completion_reported")).html
    assert '<a href="https://vanban.example.vn/bc/123">' in safe


@pytest.mark.parametrize("name", list(MESSAGES))
def test_line_breaks_in_fields_never_reach_the_subject(name):
    evil = "x\r\nBcc: victim@example.com\n"
    view = make_view(name)
    if isinstance(view, AssignmentView):
        view = dataclasses.replace(
            view,
            notice=make_notice(number=f"629{evil}"),
            directive=make_directive(ref=f"4{evil}"),
            owner_name=f"Ban{evil}",
        )
    if isinstance(view, EscalatedView):
        view = dataclasses.replace(view, escalated_to=f"TT{evil}")
    if isinstance(view, ProgressRequestView | ComplianceReportView):
        view = dataclasses.replace(view, period_label=f"quý IV{evil}")

    subject = render(name, view).subject

    assert "\r" not in subject
    assert "\n" not in subject
    assert "  " not in subject


def test_text_templates_are_not_autoescaped_and_html_ones_are():
    env = environment()
    context = _context(make_view("due")) | {"subject": "s"}
    context["owner_name"] = "A & B"
    assert "A & B" in env.get_template("due.txt.jinja").render(context)
    assert "A &amp; B" in env.get_template("due.html.jinja").render(context)
    assert "A & B" in env.get_template("due.subject.jinja").render(
        context | {"directive": make_directive(ref="-1", text="A & B phối hợp")}
    )


# --- golden files -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["assigned", "digest"])
def test_vietnamese_mail_matches_the_golden_files(name):
    rendered = render(name, make_view(name, "vi"))
    parts = {
        f"{name}.vi.subject.txt": rendered.subject + "\n",
        f"{name}.vi.txt": rendered.text,
        f"{name}.vi.html": rendered.html,
    }
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
        for filename, content in parts.items():
            (GOLDEN_DIR / filename).write_text(content, encoding="utf-8", newline="\n")
    for filename, content in parts.items():
        path = GOLDEN_DIR / filename
        assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1"
        assert content == path.read_text(encoding="utf-8"), (
            f"{filename} changed: review, then regenerate with UPDATE_GOLDEN=1"
        )


# --- formatting -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (date(2023, 12, 31), "ngày 31 tháng 12 năm 2023", "31/12/2023"),
        (date(2023, 9, 22), "ngày 22 tháng 9 năm 2023", "22/09/2023"),
        (date(2024, 1, 5), "ngày 05 tháng 01 năm 2024", "05/01/2024"),
        (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024", "29/02/2024"),
        (date(2025, 3, 1), "ngày 01 tháng 3 năm 2025", "01/03/2025"),
    ],
)
def test_vietnamese_dates(day, long, short):
    assert vi_date_long(day) == long
    assert vi_date_short(day) == short
    assert format_date(day, "vi") == long
    assert format_date(day, "vi", "short") == short


def test_english_dates_do_not_depend_on_the_machine_locale():
    assert en_date(date(2023, 12, 31)) == "31 December 2023"
    assert en_date(date(2024, 1, 5)) == "5 January 2024"
    assert format_date(date(2024, 1, 5), "en", "short") == "2024-01-05"


@pytest.mark.parametrize(
    ("due_on", "recurrence", "locale", "expected"),
    [
        (date(2023, 12, 31), None, "vi", "ngày 31 tháng 12 năm 2023"),
        (
            date(2023, 12, 31),
            "monthly",
            "vi",
            "ngày 31 tháng 12 năm 2023 (nhiệm vụ hằng tháng)",
        ),
        (None, "ongoing", "vi", "thực hiện thường xuyên"),
        (None, "periodic", "vi", "thực hiện định kỳ"),
        (None, None, "vi", "không thời hạn"),
        (None, None, "en", "no deadline"),
        (None, "quarterly", "en", "quarterly, no fixed deadline"),
        (date(2023, 12, 31), None, "en", "31 December 2023"),
    ],
)
def test_due_phrase(due_on, recurrence, locale, expected):
    assert due_phrase(due_on, recurrence, locale) == expected


def test_labels():
    assert role_label("lead", "vi") == "chủ trì"
    assert role_label("support", "vi") == "phối hợp"
    assert role_label("support", "en") == "supporting"
    assert recurrence_label("yearly", "vi") == "hằng năm"
    assert document_kind("THÔNG BÁO") == "Thông báo"
    assert document_kind("KẾT  LUẬN", "en") == "Conclusion"
    assert document_kind("TỜ TRÌNH", "en") == "Tờ trình"
    with pytest.raises(ValueError, match="role"):
        role_label("owner", "vi")
    with pytest.raises(ValueError, match="recurrence"):
        recurrence_label("hourly", "vi")


def test_assignment_url_has_no_double_slash():
    assert assignment_url("https://x.vn/", 5) == "https://x.vn/assignments/5"
    assert assignment_url("https://x.vn", "5") == "https://x.vn/assignments/5"


@pytest.mark.parametrize(
    ("ref", "locale", "name"),
    [
        ("4", "vi", "mục 4"),
        ("II.3", "vi", "mục II.3"),
        ("2.b", "en", "item 2.b"),
        ("2.-3", "vi", "ý thứ ba của mục 2"),
        ("2.-3", "en", "the third point of item 2"),
        ("-6", "vi", "nội dung “Tăng cường công tác nắm bắt tình hình…”"),
        ("-6", "en", "the item “Tăng cường công tác nắm bắt tình hình…”"),
        ("2.-14", "vi", "nội dung “Tăng cường công tác nắm bắt tình hình…”"),
    ],
)
def test_an_item_is_named_as_the_notice_numbers_it_or_in_words(ref, locale, name):
    text = "- Tăng cường công tác nắm bắt tình hình dư luận xã hội trên địa bàn."
    assert make_directive(ref=ref, text=text).name(locale) == name


def _optional_fields_none(view: MessageView) -> MessageView:
    """The view with every field that may be None set to None."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(view):
        if "None" in str(f.type):
            changes[f.name] = None
    return dataclasses.replace(view, **changes)


@pytest.mark.parametrize(("name", "locale"), ALL)
def test_mail_never_shows_internal_references_or_python_values(name, locale):
    """No "mục -6", no "None": unnumbered items are named in words."""
    directive = make_directive(ref="-6")
    overrides = {"directive": directive} if name in _ASSIGNMENT_MESSAGES else {}
    view = _optional_fields_none(make_view(name, locale, **overrides))
    rendered = render(name, view)
    for part in (rendered.subject, rendered.text, rendered.html):
        assert "None" not in part
        assert "-6" not in part
        assert "mục -" not in part
        assert "item -" not in part


_ASSIGNMENT_MESSAGES = frozenset(
    name for name, view in MESSAGES.items() if issubclass(view, AssignmentView)
)
