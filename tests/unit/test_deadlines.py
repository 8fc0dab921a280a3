from datetime import date, timedelta

import pytest

from domain.deadlines import find_deadlines, resolve_deadline
from domain.notice_lexicon import DeadlineMarker
from domain.workdays import Break, WorkCalendar

# The announced Tết break of 2025 and the National Day days off of 2025, as data.
TET_2025 = Break("Tết Ất Tỵ", date(2025, 1, 25), date(2025, 2, 2))
CALENDAR = WorkCalendar(
    days_off=frozenset(
        {TET_2025.start + timedelta(days=i) for i in range(9)}
        | {date(2025, 9, 1), date(2025, 9, 2)}
    ),
    tet_breaks={2025: TET_2025},
)


def dues(
    text: str, issued_on: date | None, calendar: WorkCalendar = CALENDAR
) -> list[date | None]:
    found = find_deadlines(text, issued_on=issued_on, calendar=calendar)
    return [f.mention.due for f in found]


@pytest.mark.parametrize(
    ("phrase", "issued_on", "due"),
    [
        # a day
        ("hoàn thành trước ngày 30/9/2022.", date(2022, 9, 6), date(2022, 9, 30)),
        ("trình chậm nhất ngày 10/3/2023", date(2023, 2, 27), date(2023, 3, 10)),
        ("chậm nhất là ngày 10.3.2023", date(2023, 2, 27), date(2023, 3, 10)),
        ("phấn đấu đến hết ngày 31/12/2023 đạt", date(2023, 9, 1), date(2023, 12, 31)),
        ("trước 17 giờ ngày 25/12/2024", date(2024, 12, 20), date(2024, 12, 25)),
        ("trước 16h00, ngày 25/12/2024", date(2024, 12, 20), date(2024, 12, 25)),
        ("trước ngày 28/02/2O23", date(2023, 2, 27), date(2023, 2, 28)),
        ("trước ngày 30 tháng 11 năm 2022", date(2022, 11, 15), date(2022, 11, 30)),
        ("trong ngày 15/3/2025", date(2025, 3, 10), date(2025, 3, 15)),
        ("vào ngày 15/3/2025", date(2025, 3, 10), date(2025, 3, 15)),
        ("chậm nhất trong ngày 15/3/2025", date(2025, 3, 10), date(2025, 3, 15)),
        ("hạn chót là 20/3/2025", date(2025, 3, 10), date(2025, 3, 20)),
        # a weekday with a date: the date wins
        ("vào thứ Năm, ngày 14/3/2025", date(2025, 3, 10), date(2025, 3, 14)),
        # no year: the signing year, or the next one when already past
        ("trước ngày 15/12", date(2024, 11, 5), date(2024, 12, 15)),
        ("trước ngày 11/01", date(2024, 12, 20), date(2025, 1, 11)),
        ("trong tháng 1", date(2024, 12, 20), date(2025, 1, 31)),
        ("trong tháng 12", date(2024, 11, 5), date(2024, 12, 31)),
        # months
        ("trong tháng 10/2022", date(2022, 9, 6), date(2022, 10, 31)),
        ("vào tháng 10 năm 2023", date(2023, 9, 22), date(2023, 10, 31)),
        ("trong tháng 2/2024", date(2024, 1, 5), date(2024, 2, 29)),
        ("cuối tháng 3/2025", date(2025, 1, 5), date(2025, 3, 31)),
        ("đến hết tháng 3/2025", date(2025, 1, 5), date(2025, 3, 31)),
        ("giữa tháng 4/2025", date(2025, 1, 5), date(2025, 4, 15)),
        ("đầu tháng 4/2025", date(2025, 1, 5), date(2025, 4, 1)),
        ("trong tháng này", date(2024, 11, 5), date(2024, 11, 30)),
        ("trong tháng 2 năm sau", date(2024, 11, 5), date(2025, 2, 28)),
        ("tại phiên họp thường kỳ tháng 10/2023", date(2023, 9, 1), date(2023, 10, 31)),
        # quarters, halves, years
        ("trong quý IV/2022", date(2022, 9, 6), date(2022, 12, 31)),
        ("trong quý I năm 2023", date(2022, 11, 15), date(2023, 3, 31)),
        ("quý 4 năm 2024", date(2024, 5, 1), date(2024, 12, 31)),
        ("hoàn thành trong quý 2", date(2025, 1, 5), date(2025, 6, 30)),
        ("trong quý I năm sau", date(2024, 11, 5), date(2025, 3, 31)),
        ("3 tháng cuối năm 2023", date(2023, 9, 22), date(2023, 12, 31)),
        ("trong 6 tháng cuối năm 2023", date(2023, 6, 1), date(2023, 12, 31)),
        ("6 tháng đầu năm 2024", date(2024, 1, 5), date(2024, 6, 30)),
        ("trong năm 2025", date(2025, 1, 5), date(2025, 12, 31)),
        ("trong năm nay", date(2025, 1, 5), date(2025, 12, 31)),
        ("giữa năm 2025", date(2025, 1, 5), date(2025, 6, 30)),
        ("đầu năm 2026", date(2025, 10, 5), date(2026, 1, 1)),
        ("cuối năm 2024", date(2024, 10, 5), date(2024, 12, 31)),
        ("xong trước cuối năm", date(2024, 10, 5), date(2024, 12, 31)),
        # counted days
        ("trong 15 ngày kể từ ngày ký", date(2024, 12, 20), date(2025, 1, 4)),
        ("trong vòng 07 ngày", date(2025, 3, 3), date(2025, 3, 10)),
        ("trong 3 ngày làm việc", date(2025, 3, 6), date(2025, 3, 11)),
        (
            "trong 10 ngày làm việc kể từ ngày ký văn bản này",
            date(2025, 1, 20),
            date(2025, 2, 10),
        ),
        ("trong 2 ngày làm việc", date(2025, 8, 29), date(2025, 9, 4)),
        # Tết and the lunar calendar
        (
            "05 ngày làm việc sau kỳ nghỉ Tết Nguyên đán",
            date(2025, 1, 10),
            date(2025, 2, 7),
        ),
        ("trước Tết Nguyên đán", date(2024, 12, 10), date(2025, 1, 29)),
        ("trước Tết Nguyên đán Ất Tỵ", date(2024, 12, 10), date(2025, 1, 29)),
        ("trước Tết Nguyên đán Bính Ngọ", date(2025, 11, 1), date(2026, 2, 17)),
        ("trước Tết Dương lịch", date(2024, 12, 10), date(2025, 1, 1)),
        ("chậm nhất ngày 20 tháng Chạp", date(2024, 12, 10), date(2025, 1, 19)),
        ("hết tháng Giêng", date(2024, 12, 10), date(2025, 2, 27)),
        ("trước rằm tháng Giêng", date(2024, 12, 10), date(2025, 2, 12)),
        ("trước ngày 15/8 âm lịch", date(2025, 8, 1), date(2025, 10, 6)),
        # weeks
        ("thứ Sáu tuần sau", date(2024, 12, 20), date(2024, 12, 27)),
        ("vào thứ Năm tuần này", date(2024, 12, 10), date(2024, 12, 12)),
        ("trong tuần này", date(2024, 12, 10), date(2024, 12, 15)),
        ("trong tuần sau", date(2024, 12, 10), date(2024, 12, 22)),
        # a period of work closed by its end
        ("từ ngày 01/3/2025 đến ngày 31/3/2025", date(2025, 2, 20), date(2025, 3, 31)),
    ],
)
def test_deadline_phrase_resolves_to_its_date(phrase, issued_on, due):
    assert dues(phrase, issued_on) == [due]


@pytest.mark.parametrize(
    "text",
    [
        "hoàn thành báo cáo quý I theo quy định",
        "tổ chức sơ kết 6 tháng đầu năm 2025",
        "tiêm phòng đợt 1 năm 2023",
        "xây dựng Kế hoạch công tác năm 2025",
        "chuẩn bị nhân sự nhiệm kỳ 2025 - 2030",
        "các chương trình giai đoạn 2021 - 2025",
        "sản xuất vụ Đông Xuân 2022 - 2023",
        "phòng cháy rừng trong mùa khô năm 2023",
        "cấm đường từ 12 giờ ngày 15/3/2025",
        "áp dụng từ ngày 10/01/2025",
        "số liệu tính đến ngày 31/5/2023",
        "đến ngày 31/5/2023 đã giải ngân 60% kế hoạch",
        "giải quyết trong 10 ngày kể từ ngày nhận đủ hồ sơ",
        "báo cáo ngay sau khi nhận được văn bản",
        "báo cáo kết quả tại cuộc họp giao ban tuần kế tiếp",
        "hoàn thành trước khi học sinh tựu trường",
        "sớm tham mưu giải quyết dứt điểm",
        "theo Nghị định số 27/2022/NĐ-CP ngày 19 tháng 4 năm 2022 của Chính phủ",
        "tổ chức trực ban 24/24 giờ",
        "báo cáo trước ngày 20 hằng tháng",
        "gửi số liệu trước ngày 15/12 hằng năm",
        "báo cáo trước ngày 25 của tháng cuối quý",
        "đón Tết Nguyên đán vui tươi, an toàn",
        "kết quả trong năm 2023 còn thấp",
    ],
)
def test_phrase_that_does_not_bound_the_action_is_not_a_deadline(text):
    assert dues(text, date(2025, 1, 5)) == []


def test_phrase_dated_before_the_signing_date_is_a_reference_not_a_deadline():
    assert dues("các dự án phê duyệt trước ngày 01/7/2024", date(2025, 1, 5)) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("hoàn thành trước ngày 28/02/2O23.", "trước ngày 28/02/2O23"),
        (
            "báo cáo trong 15 ngày làm việc kể từ ngày ký văn bản này.",
            "trong 15 ngày làm việc kể từ ngày ký văn bản này",
        ),
        ("hoàn thành trước ngày\n15/3/2023.", "trước ngày 15/3/2023"),
        ("thực hiện trong quý I năm 2023;", "trong quý I năm 2023"),
    ],
)
def test_deadline_text_keeps_its_marker_as_written(text, phrase):
    found = find_deadlines(text, issued_on=date(2023, 1, 2), calendar=CALENDAR)
    assert [f.mention.text for f in found] == [phrase]


def test_two_deadlines_of_one_item_are_both_listed_in_text_order():
    text = "trình trước ngày 15/3/2025; tổ chức thực hiện trong quý II/2025"
    assert dues(text, date(2025, 3, 1)) == [date(2025, 3, 15), date(2025, 6, 30)]


@pytest.mark.parametrize(
    "phrase", ["trong 15 ngày", "trong tháng 10", "trước ngày 15/3", "trong tuần sau"]
)
def test_relative_phrase_without_a_signing_date_is_kept_undated(phrase):
    found = find_deadlines(phrase, issued_on=None, calendar=CALENDAR)
    assert [f.mention.due for f in found] == [None]
    assert found[0].note


def test_tet_break_missing_from_the_calendar_leaves_the_phrase_undated():
    found = find_deadlines(
        "03 ngày làm việc sau kỳ nghỉ Tết",
        issued_on=date(2027, 1, 5),
        calendar=WorkCalendar(),
    )
    assert [f.mention.due for f in found] == [None]
    assert found[0].note is not None
    assert "2027" in found[0].note.text("en")
    assert "2027" in found[0].note.text("vi")


def test_tet_break_is_found_from_days_off_when_not_named():
    days_off = frozenset(date(2026, 2, 14) + timedelta(days=i) for i in range(9))
    calendar = WorkCalendar(days_off=days_off)
    found = find_deadlines(
        "05 ngày làm việc sau kỳ nghỉ Tết",
        issued_on=date(2026, 1, 5),
        calendar=calendar,
    )
    assert [f.mention.due for f in found] == [date(2026, 2, 27)]


def test_before_a_month_reads_as_its_first_day_and_says_so():
    found = find_deadlines(
        "trước tháng 6/2025", issued_on=date(2025, 1, 5), calendar=CALENDAR
    )
    assert [f.mention.due for f in found] == [date(2025, 6, 1)]
    assert found[0].note


@pytest.mark.parametrize(
    ("cell", "due"),
    [
        ("Tháng 01/2026", date(2026, 1, 31)),
        ("Trước 30/6/2026", date(2026, 6, 30)),
        ("Quý 4/2026", date(2026, 12, 31)),
        ("Quý III/2026", date(2026, 9, 30)),
        ("Năm 2026", date(2026, 12, 31)),
        ("30/10/2026", date(2026, 10, 30)),
        ("Hằng quý", None),
        ("Thường xuyên", None),
    ],
)
def test_table_date_cell_without_a_marker_resolves_like_the_phrase(cell, due):
    assert resolve_deadline(cell, issued_on=date(2026, 1, 5), calendar=CALENDAR) == due


def test_a_bare_period_in_running_text_is_not_a_deadline():
    assert dues("Kế hoạch tháng 01/2026 của Sở", date(2026, 1, 5)) == []


def test_working_days_after_tet_keep_a_leading_marker():
    # 2/2/2025 ends the break; five working days after it end on Friday 7/2.
    text = "gửi báo cáo chậm nhất 05 ngày làm việc sau kỳ nghỉ Tết Nguyên đán."
    assert dues(text, date(2024, 12, 26)) == [date(2025, 2, 7)]


def test_a_session_named_by_its_part_of_the_year_is_not_a_deadline():
    text = (
        "chuẩn bị nội dung kỳ họp thường lệ giữa năm; trình chậm nhất ngày 05/7/2025."
    )
    assert dues(text, date(2025, 6, 16)) == [date(2025, 7, 5)]


@pytest.mark.parametrize(
    ("text", "marker", "day"),
    [
        ("hoàn thành trước ngày 30/9/2025.", DeadlineMarker.BEFORE, True),
        ("báo cáo chậm nhất ngày 15/10/2025.", DeadlineMarker.LATEST, True),
        ("hoàn thành trong tháng 10/2025.", DeadlineMarker.WITHIN, False),
        ("trình UBND tỉnh trong quý IV/2025.", DeadlineMarker.WITHIN, False),
        ("thực hiện đến hết ngày 31/12/2025.", DeadlineMarker.UNTIL, True),
        ("tổ chức vào tháng 11 năm 2025.", DeadlineMarker.ON, False),
        (
            "báo cáo kết quả tại phiên họp thường kỳ tháng 11/2025.",
            DeadlineMarker.AT,
            False,
        ),
        (
            "hoàn thành trong 10 ngày làm việc kể từ ngày ký.",
            DeadlineMarker.WITHIN,
            False,
        ),
        ("hoàn thành trước 20 tháng Chạp năm 2025.", DeadlineMarker.BEFORE, True),
    ],
)
def test_a_deadline_carries_its_marker_and_whether_it_names_a_day(text, marker, day):
    """Rules downstream (an issuer's strict "trước ngày") read these, not the words."""
    (found,) = find_deadlines(text, issued_on=date(2025, 9, 10), calendar=CALENDAR)
    assert (found.mention.marker, found.mention.day) == (marker, day)


def test_a_bare_date_in_a_table_cell_has_no_marker():
    (found,) = find_deadlines(
        "Tháng 01/2026", issued_on=date(2025, 9, 10), calendar=CALENDAR, cell=True
    )
    assert found.mention.marker is None
    assert found.mention.due == date(2026, 1, 31)


def test_a_forward_target_for_a_quarter_is_a_deadline_but_a_budget_label_is_not():
    """ "phấn đấu thu ngân sách quý I/2026 đạt 30%" bounds the collection; "dự toán
    ngân sách quý I/2026" only names a budget."""
    issued = date(2025, 12, 20)
    target = find_deadlines(
        "Phấn đấu thu ngân sách quý I/2026 đạt trên 30% dự toán năm.",
        issued_on=issued,
        calendar=WorkCalendar(),
    )
    assert [f.mention.due for f in target] == [date(2026, 3, 31)]
    label = find_deadlines(
        "Phòng Tài chính lập dự toán ngân sách quý I/2026.",
        issued_on=issued,
        calendar=WorkCalendar(),
    )
    assert label == []


@pytest.mark.parametrize(
    "text",
    [
        "Văn phòng tổng hợp, báo cáo Ban Thường vụ trong tháng 12/2025.",
        "Ban Thường vụ Đảng ủy xã cho ý kiến trong tháng 12/2025.",
        "Hoàn thành các nhiệm vụ trong tháng 12/2025.",
    ],
)
def test_thuong_vu_and_nhiem_vu_are_no_season_before_a_deadline(text):
    """ "vụ" closes "Ban Thường vụ", "nhiệm vụ": the month after it is still a deadline
    (only a season, "vụ Đông Xuân 2025 - 2026", names a range)."""
    found = find_deadlines(text, issued_on=date(2025, 11, 5), calendar=WorkCalendar())
    assert [f.mention.due for f in found] == [date(2025, 12, 31)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a step of the target on the way to the final date is no second due date
        (
            "phấn đấu thu ngân sách đạt 100% dự toán, trong đó đến ngày 30/6/2026 đạt "
            "trên 50%, đến hết ngày 31/12/2026 đạt 100%.",
            [date(2026, 12, 31)],
        ),
        (
            "phấn đấu trồng 500 ha rừng, trong đó, đến hết tháng 6/2026 đạt 40%; hoàn "
            "thành trước ngày 30/11/2026.",
            [date(2026, 11, 30)],
        ),
        # a target date of its own, stated as a target to meet, stays
        (
            "phấn đấu đến hết ngày 30/6/2026 giải ngân đạt 60% và hoàn thành trước "
            "ngày 31/12/2026.",
            [date(2026, 6, 30), date(2026, 12, 31)],
        ),
    ],
)
def test_an_interim_step_of_a_target_is_not_a_second_due_date(
    text: str, want: list[date]
):
    assert dues(text, date(2026, 3, 2)) == want


@pytest.mark.parametrize(
    "text",
    [
        "thanh toán ngay khi có khối lượng, không để dồn vào cuối năm.",
        "giải quyết hồ sơ đúng hạn, không để tồn đọng kéo dài sang năm 2027.",
        "xử lý dứt điểm, không để đến tháng 12/2026 mới triển khai.",
        # the thing not to be let pile up may take several words
        "giải ngân theo tiến độ, không để dồn hồ sơ quyết toán công trình vào cuối năm.",
    ],
)
def test_a_time_that_must_not_be_let_come_is_no_deadline(text: str):
    assert dues(text, date(2026, 3, 2)) == []


def test_a_report_of_results_within_a_month_is_due_that_month():
    """ "báo cáo kết quả trong tháng 12/2026": the report is due in the month; the
    results of a period with no verb of reporting stay a label."""
    assert dues("rà soát, báo cáo kết quả trong tháng 12/2026.", date(2026, 3, 2)) == [
        date(2026, 12, 31)
    ]
    assert dues("đánh giá kết quả trong năm 2026.", date(2026, 3, 2)) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Trong tháng 8/2026, huyện đã cấp 120 giấy chứng nhận.", []),
        # a report on the state of things in the period
        ("Trong tháng 9, tình hình an ninh nông thôn ổn định; thu thuế đạt 70%.", []),
        # the subject may list bodies
        ("Trong tháng 7, các trường, trung tâm đã tuyển sinh đủ chỉ tiêu.", []),
        (
            "Nhất trí với báo cáo. Trong quý II/2026, các xã đã thu ngân sách đạt 52%.",
            [],
        ),
        # A period opening an instruction, or one with no report after it, still bounds.
        (
            "Trong quý IV/2026, các xã hoàn thành việc cấp giấy chứng nhận.",
            [date(2026, 12, 31)],
        ),
        ("rà soát hồ sơ đã nộp; trong tháng 9/2026 hoàn thành.", [date(2026, 9, 30)]),
        (
            "Trong tháng 10/2026, các xã hoàn thành nhiệm vụ đã được giao.",
            [date(2026, 10, 31)],
        ),
    ],
)
def test_a_period_opening_a_sentence_of_what_was_done_is_no_deadline(text, want):
    assert dues(text, None) == want


def test_a_report_of_the_results_of_carrying_out_a_period_labels_it():
    """ "báo cáo kết quả thực hiện 6 tháng đầu năm 2027": the half-year names the report;
    the date after it is the deadline."""
    text = "báo cáo kết quả thực hiện 6 tháng đầu năm 2027 trước ngày 15/6/2027."
    assert dues(text, date(2026, 9, 30)) == [date(2027, 6, 15)]
    assert dues("đánh giá tình hình thực hiện quý I/2027.", date(2026, 9, 30)) == []


def test_a_payment_named_by_its_quarter_is_no_deadline():
    """ "chi trả phụ cấp quý III" names the allowance by its quarter; a marker still
    bounds the payment ("trong quý III")."""
    text = "chi trả phụ cấp quý III cho cộng tác viên trước ngày 30/9/2026."
    assert dues(text, date(2026, 9, 1)) == [date(2026, 9, 30)]
    assert dues("hoàn thành chi trả phụ cấp trong quý IV.", date(2026, 9, 1)) == [
        date(2026, 12, 31)
    ]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        # the n-th week of a month is its n-th seven days
        ("nộp hồ sơ trong tuần đầu tháng 12.", date(2026, 12, 7)),
        ("tổ chức tập huấn trong tuần đầu tiên của tháng 1/2027.", date(2027, 1, 7)),
        ("hoàn thành trong tuần thứ hai của tháng 12/2026.", date(2026, 12, 14)),
        ("tổng kết trong tuần cuối tháng 12/2026.", date(2026, 12, 31)),
    ],
)
def test_a_week_of_a_month_ends_on_its_seventh_day_times_n(text, due):
    assert dues(text, date(2026, 11, 16)) == [due]


def test_the_full_moon_of_a_month_is_lunar_without_am_lich():
    """ "rằm tháng Tám" is the 15th day of the eighth lunar month, the next one ahead."""
    found = find_deadlines(
        "Các chi đoàn tổ chức vui Tết Trung thu cho thiếu nhi trước rằm tháng Tám.",
        issued_on=date(2026, 8, 1),
        calendar=WorkCalendar(),
    )
    assert [(f.mention.text, f.mention.due) for f in found] == [
        ("trước rằm tháng Tám", date(2026, 9, 25))
    ]


def test_results_to_be_published_within_a_quarter_are_due_then():
    assert dues("Sở Nội vụ công bố kết quả trong quý II/2026.", date(2026, 1, 5)) == [
        date(2026, 6, 30)
    ]


def test_a_period_naming_whose_plan_it_is_is_no_deadline():
    text = (
        "Văn phòng xây dựng Kế hoạch kiểm tra 6 tháng đầu năm 2026 của Thường trực "
        "Huyện ủy, trình trong tháng 1/2026."
    )
    assert dues(text, date(2026, 1, 5)) == [date(2026, 1, 31)]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        (
            "Các trường sửa chữa bàn ghế trước ngày khai trường 04/9/2027.",
            date(2027, 9, 4),
        ),
        (
            "Tổ bầu cử niêm yết danh sách chậm nhất ngày bỏ phiếu 21/3.",
            date(2027, 3, 21),
        ),
    ],
)
def test_a_day_named_by_its_event_before_the_date_is_that_date(text, due):
    """ "trước ngày khai trường 04/9/2027": the day is named, then dated."""
    assert dues(text, date(2027, 2, 1)) == [due]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the year-end round of assessing names an event of every year
        ("Lấy kết quả này làm căn cứ xếp loại đảng viên cuối năm.", []),
        ("Gắn kết quả với việc bình xét thi đua cuối năm.", []),
        # a time word before "cuối năm" bounds the assessment itself
        ("Hoàn thành kiểm điểm tập thể trước cuối năm.", [date(2026, 12, 31)]),
    ],
)
def test_the_year_end_round_of_assessing_is_no_deadline(text, want):
    assert dues(text, date(2026, 3, 2)) == want


@pytest.mark.parametrize(
    ("text", "due"),
    [
        (
            "Trung tâm Y tế công bố danh mục thuốc quý IV/2026 trước ngày 15/10/2026.",
            date(2026, 10, 15),
        ),
        (
            "Các chi đoàn tổ chức sinh hoạt chủ đề tháng 11/2026, chậm nhất ngày "
            "20/11/2026.",
            date(2026, 11, 20),
        ),
    ],
)
def test_a_bare_period_before_a_dated_deadline_names_the_thing(text, due):
    """The period with no marker names what is published or held; the dated phrase
    after it is the one deadline."""
    assert dues(text, date(2026, 10, 1)) == [due]


@pytest.mark.parametrize(
    "text",
    [
        "Đội Cảnh sát giao thông tăng cường tuần tra, nhất là dịp cuối năm.",
        "Các chợ giữ vệ sinh môi trường, đặc biệt là vào dịp cuối năm.",
    ],
)
def test_the_time_work_matters_most_is_no_deadline(text):
    """ "nhất là dịp cuối năm" stresses when the work matters most; it bounds
    nothing."""
    assert dues(text, date(2026, 10, 1)) == []


def test_a_start_date_in_a_time_cell_is_no_deadline():
    """ "hằng ngày, từ ngày 01/3/2026" in a task table's time cell says when a daily
    task starts; "trước ngày 31/3/2026" is its deadline."""
    for cell, want in (
        ("hằng ngày, từ ngày 01/3/2026", []),
        ("trước ngày 31/3/2026", [date(2026, 3, 31)]),
    ):
        found = find_deadlines(
            cell, issued_on=date(2026, 2, 20), calendar=CALENDAR, cell=True
        )
        assert [f.mention.due for f in found] == want


def test_a_lunar_start_day_is_no_deadline():
    """ "từ ngày 25 tháng Chạp" says when duty starts, like "từ ngày 10/01"."""
    found = find_deadlines(
        "Các chốt trực phòng cháy từ ngày 25 tháng Chạp; hoàn thành kiểm tra trước "
        "ngày 23 tháng Chạp.",
        issued_on=date(2026, 12, 14),
        calendar=WorkCalendar(),
    )
    assert [f.mention.text for f in found] == ["trước ngày 23 tháng Chạp"]
