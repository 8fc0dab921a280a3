"""Owner phrase boundaries, review items and report deadlines in less common styles."""

from datetime import date

import pytest

from domain.deadlines import find_deadlines
from domain.workdays import WorkCalendar
from tests.unit.test_notices_owners import owners_of, read


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # a council or board named by the tasks it does keeps its commas and "và"
        (
            "Hội đồng bồi thường, hỗ trợ và tái định cư huyện chủ trì, phối hợp với "
            "UBND xã Tân Phong kiểm đếm tài sản trên đất.",
            [
                ("Hội đồng bồi thường, hỗ trợ và tái định cư huyện", "lead"),
                ("UBND xã Tân Phong", "support"),
            ],
        ),
        (
            "Ban Chỉ đạo phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh chỉ đạo các "
            "địa phương sẵn sàng ứng phó.",
            [("Ban Chỉ đạo phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh", "lead")],
        ),
        (
            "Ban Bồi thường, giải phóng mặt bằng huyện phối hợp với UBND xã An Bình "
            "chi trả tiền bồi thường.",
            [
                ("Ban Bồi thường, giải phóng mặt bằng huyện", "lead"),
                ("UBND xã An Bình", "support"),
            ],
        ),
        # a full name followed by a list of actions is not one of those
        (
            "Ban Tổ chức Tỉnh ủy, Văn phòng Tỉnh ủy rà soát quy chế.",
            [("Ban Tổ chức Tỉnh ủy", "lead"), ("Văn phòng Tỉnh ủy", "lead")],
        ),
        # verbs that end a name
        (
            "Phòng Tài nguyên và Môi trường xác định nguồn gốc đất.",
            [("Phòng Tài nguyên và Môi trường", "lead")],
        ),
        (
            "Giao Ban Dân vận Huyện ủy giúp Ban Thường vụ Huyện ủy theo dõi, đôn đốc.",
            [("Ban Dân vận Huyện ủy", "lead")],
        ),
        (
            "Chi nhánh Văn phòng Đăng ký đất đai huyện cấp giấy chứng nhận cho các hộ.",
            [("Chi nhánh Văn phòng Đăng ký đất đai huyện", "lead")],
        ),
        # a shared second syllable and a list inside the modifier
        (
            "Các chi, đảng bộ cơ sở tiếp tục quán triệt các quan điểm của Đảng.",
            [("Các chi, đảng bộ cơ sở", "lead")],
        ),
        (
            "Các đảng ủy xã và chi bộ cơ quan, đơn vị trực thuộc đổi mới sinh hoạt.",
            [("Các đảng ủy xã", "lead"), ("chi bộ cơ quan, đơn vị trực thuộc", "lead")],
        ),
        # the remit of a post, a numbered board, a special task force
        (
            "Phó Chủ tịch UBND xã phụ trách văn hóa - xã hội chỉ đạo tổ chức lễ hội.",
            [("Phó Chủ tịch UBND xã phụ trách văn hóa - xã hội", "lead")],
        ),
        (
            "Trưởng Ban Chỉ đạo 35 huyện chỉ đạo đấu tranh phản bác quan điểm sai trái.",
            [("Trưởng Ban Chỉ đạo 35 huyện", "lead")],
        ),
        (
            "Tổ công tác đặc biệt của UBND tỉnh tháo gỡ khó khăn cho doanh nghiệp.",
            [("Tổ công tác đặc biệt của UBND tỉnh", "lead")],
        ),
        (
            "Tổ giúp việc Ban Chỉ đạo tổng hợp ý kiến trước ngày 15/5/2025.",
            [("Tổ giúp việc Ban Chỉ đạo", "lead")],
        ),
        # an office of two bodies
        (
            "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh chuẩn bị nội dung kỳ họp.",
            [("Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh", "lead")],
        ),
        # place names listed after a colon
        (
            "UBND các xã: An Hòa, Bình Phú khẩn trương chi trả tiền bồi thường.",
            [("UBND các xã: An Hòa, Bình Phú", "lead")],
        ),
        (
            "UBND các huyện: Tập trung chỉ đạo thu hoạch lúa.",
            [("UBND các huyện", "lead")],
        ),
        (
            "Ủy ban nhân dân các tỉnh: Gia Lai, Kon Tum bàn giao mặt bằng cho nhà thầu.",
            [("Ủy ban nhân dân các tỉnh: Gia Lai, Kon Tum", "lead")],
        ),
        (
            "UBND các thành phố: Cần Thơ, Huế rà soát quỹ nhà ở xã hội.",
            [("UBND các thành phố: Cần Thơ, Huế", "lead")],
        ),
        # "phủ sóng" is what the partner does, no part of its name
        (
            "Sở Khoa học và Công nghệ phối hợp với các doanh nghiệp di động phủ sóng 5G tại các "
            "khu công nghiệp.",
            [
                ("Sở Khoa học và Công nghệ", "lead"),
                ("các doanh nghiệp di động", "support"),
            ],
        ),
        # members of a board are the ones told to act
        (
            "Các thành viên Hội đồng thi đua theo dõi lĩnh vực được phân công.",
            [("Các thành viên Hội đồng thi đua", "lead")],
        ),
        # a road's number is part of the name of the body along it
        (
            "UBND các phường dọc Đường vành đai 2 hoàn thành bàn giao mặt bằng.",
            [("UBND các phường dọc Đường vành đai 2", "lead")],
        ),
        (
            "Ban Quản lý dự án tuyến vành đai 4 chủ trì, phối hợp với UBND các xã dọc "
            "tuyến đẩy nhanh tiến độ.",
            [
                ("Ban Quản lý dự án tuyến vành đai 4", "lead"),
                ("UBND các xã dọc tuyến", "support"),
            ],
        ),
        # firms and lodging or bus stations are bodies of different kinds
        (
            "Các doanh nghiệp du lịch, cơ sở lưu trú ven biển công khai giá phòng.",
            [("Các doanh nghiệp du lịch", "lead"), ("cơ sở lưu trú ven biển", "lead")],
        ),
        (
            "Các nhà xe, bến xe khách không bán vé quá giá niêm yết.",
            [("Các nhà xe", "lead"), ("bến xe khách", "lead")],
        ),
        # "các cơ sở …" is a body
        (
            "Sở Y tế chủ trì, phối hợp với Bảo hiểm xã hội tỉnh và các cơ sở khám "
            "bệnh, chữa bệnh bảo đảm quyền lợi người bệnh.",
            [
                ("Sở Y tế", "lead"),
                ("Bảo hiểm xã hội tỉnh", "support"),
                ("các cơ sở khám bệnh, chữa bệnh", "support"),
            ],
        ),
        # accountable, then handed work of its own
        (
            "Chủ tịch UBND các xã, phường chịu trách nhiệm trước Chủ tịch UBND tỉnh; "
            "kiểm tra, xử lý dứt điểm các trường hợp lấn chiếm trong quý III/2025.",
            [("Chủ tịch UBND các xã, phường", "lead")],
        ),
    ],
)
def test_owner_phrase_ends_where_the_name_ends(item, expected):
    assert owners_of(item) == expected


@pytest.mark.parametrize(
    "review",
    [
        "Cơ bản thống nhất với đánh giá tình hình quý II năm 2025 như báo cáo của "
        "Sở Kế hoạch và Đầu tư. Tăng trưởng kinh tế đạt khá.",
        "**Về tình hình kinh tế - xã hội 9 tháng năm 2025**\nKinh tế tiếp tục tăng "
        "trưởng; thu ngân sách đạt 78% dự toán.",
    ],
)
def test_a_review_item_is_not_a_directive(review):
    notice = read(f"1. {review}\n\n2. Sở Tài chính rà soát các nguồn thu.")
    assert [d.ref for d in notice.directives] == ["2"]


def test_a_topic_heading_about_a_situation_keeps_a_paragraph_that_names_a_doer():
    notice = read(
        "**1. Về tình hình an ninh trật tự**\nCông an tỉnh tăng cường tuần tra.\n\n"
        "**2. Về thu ngân sách**\nSở Tài chính rà soát các nguồn thu."
    )
    assert [d.ref for d in notice.directives] == ["1", "2"]


def test_results_to_be_compiled_by_a_date_are_a_deadline():
    found = find_deadlines(
        "vận động ủng hộ Quỹ; tổng hợp kết quả cuối tháng 12/2025.",
        issued_on=date(2025, 12, 1),
        calendar=WorkCalendar(),
    )
    assert [f.mention.due for f in found] == [date(2025, 12, 31)]


def test_results_of_a_period_are_a_label():
    found = find_deadlines(
        "đánh giá kết quả trong năm 2023.",
        issued_on=date(2024, 1, 5),
        calendar=WorkCalendar(),
    )
    assert [f.mention.due for f in found if f.mention.due] == []


def test_year_end_meeting_is_no_calendar_bound():
    notice = read(
        "1. Văn phòng tham mưu chương trình công tác, trình Ban Chấp hành tại hội "
        "nghị cuối năm.\n\n2. Sở Nội vụ hoàn thành rà soát cuối năm."
    )
    assert [[m.due for m in d.deadlines] for d in notice.directives] == [
        [],
        [date(2025, 12, 31)],
    ]
