"""Which items of a notice are directives, and the refs they get, by numbering style."""

from datetime import date
from typing import Any

import pytest

from domain.notice_warnings import texts
from domain.notices import ParsedNotice, Veto, parse_notice
from domain.workdays import WorkCalendar

HEAD = """HUYỆN ỦY HÒA BÌNH                       ĐẢNG CỘNG SẢN VIỆT NAM
      *
Số 120-TB/HU                        Hòa Bình, ngày 10 tháng 3 năm 2025

THÔNG BÁO
Kết luận của Thường trực Huyện ủy về một số nhiệm vụ trọng tâm

Ngày 07/3/2025, Thường trực Huyện ủy họp nghe các ban, ngành báo cáo. Thường trực \
Huyện ủy kết luận như sau:

"""
FOOT = """

Thường trực Huyện ủy thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:
- Các chi, đảng bộ trực thuộc,
- Lưu Văn phòng Huyện ủy.

T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG


Trần Văn Bình
"""


def read(body: str, head: str = HEAD, foot: str = FOOT) -> ParsedNotice:
    return parse_notice(head + body + foot, calendar=WorkCalendar())


def table_rows(notice: ParsedNotice) -> dict[str, tuple[list[Any], list[Any], Any]]:
    """Each item's owners with their roles, due dates and recurrence, by ref."""
    return {
        d.ref: (
            [(o.text, o.role) for o in d.owners],
            [m.due for m in d.deadlines],
            d.recurrence,
        )
        for d in notice.directives
    }


def refs(body: str) -> list[str]:
    return [d.ref for d in read(body).directives]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "1. Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ.\n\n"
            "2. Văn phòng Huyện ủy chuẩn bị hội nghị sơ kết.",
            ["1", "2"],
        ),
        (
            "1) Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ.\n"
            "2) Văn phòng Huyện ủy chuẩn bị hội nghị sơ kết.",
            ["1", "2"],
        ),
        (
            "1/ Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ.\n"
            "2/ Văn phòng Huyện ủy chuẩn bị hội nghị sơ kết.",
            ["1", "2"],
        ),
        (
            "**1.** Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ.\n\n"
            "**2.** Văn phòng Huyện ủy chuẩn bị hội nghị sơ kết.",
            ["1", "2"],
        ),
        (
            "Một là, Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ.\n\n"
            "Hai là, Văn phòng Huyện ủy chuẩn bị hội nghị sơ kết.\n\n"
            "Ba là, Ủy ban Kiểm tra Huyện ủy kiểm tra tài chính đảng.",
            ["1", "2", "3"],
        ),
        (
            "Thứ nhất, Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ.\n\n"
            "Thứ hai, Văn phòng Huyện ủy chuẩn bị hội nghị sơ kết.",
            ["1", "2"],
        ),
        (
            "Đề nghị Ban Tuyên giáo Huyện ủy: (1) định hướng thông tin về đại hội; "
            "(2) theo dõi dư luận xã hội; (3) tổng hợp ý kiến góp ý văn kiện.",
            ["1", "2", "3"],
        ),
        (
            "I. NHIỆM VỤ CHUNG\n1. Các chi bộ nâng cao chất lượng sinh hoạt.\n"
            "2. Các chi bộ kết nạp đảng viên mới.\n"
            "II. NHIỆM VỤ CỤ THỂ\n1. Ban Tổ chức Huyện ủy hướng dẫn đại hội.\n"
            "2. Văn phòng Huyện ủy bảo đảm kinh phí.",
            ["I.1", "I.2", "II.1", "II.2"],
        ),
        (
            "I- NHIỆM VỤ CHUNG\n1. Các chi bộ nâng cao chất lượng sinh hoạt.\n"
            "II- NHIỆM VỤ CỤ THỂ\n1. Ban Tổ chức Huyện ủy hướng dẫn đại hội.",
            ["I.1", "II.1"],
        ),
        (
            "I. VỀ XÂY DỰNG ĐẢNG\n1. Các chi bộ nâng cao chất lượng sinh hoạt.\n"
            "2. Các chi bộ kết nạp đảng viên mới.\n"
            "II. VỀ KINH TẾ\n3. Ủy ban nhân dân huyện chỉ đạo gieo trồng vụ Đông.",
            ["1", "2", "3"],
        ),
        (
            "1. Ban Tổ chức Huyện ủy:\na) Hướng dẫn các chi bộ tổ chức đại hội.\n"
            "b) Thẩm định nhân sự cấp ủy.\n2. Văn phòng Huyện ủy bảo đảm kinh phí.",
            ["1.a", "1.b", "2"],
        ),
        (
            "1. Về công tác tổ chức\n1.1. Ban Tổ chức Huyện ủy hướng dẫn đại hội.\n"
            "1.2. Văn phòng Huyện ủy bảo đảm kinh phí.\n2. Về kiểm tra\n"
            "2.1. Ủy ban Kiểm tra Huyện ủy kiểm tra tài chính đảng.",
            ["1.1", "1.2", "2.1"],
        ),
        (
            "- Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ.\n"
            "- Văn phòng Huyện ủy chuẩn bị hội nghị sơ kết.\n"
            "- Ủy ban Kiểm tra Huyện ủy kiểm tra tài chính đảng.",
            ["-1", "-2", "-3"],
        ),
        (
            "**1. Về công tác tuyên truyền**\n"
            "Ban Tuyên giáo Huyện ủy định hướng thông tin về đại hội.\n\n"
            "**2. Về công tác kiểm tra**\n"
            "Ủy ban Kiểm tra Huyện ủy kiểm tra tài chính đảng.",
            ["1", "2"],
        ),
    ],
)
def test_numbering_style_gives_refs(body, expected):
    assert refs(body) == expected


def test_dash_lines_inside_a_numbered_item_belong_to_it():
    notice = read(
        "1. Ban Tổ chức Huyện ủy:\n- hướng dẫn đại hội chi bộ;\n"
        "- thẩm định nhân sự trước ngày 30/4/2025.\n"
        "2. Văn phòng Huyện ujy bảo đảm kinh phí."
    )
    first = notice.directives[0]
    assert [d.ref for d in notice.directives] == ["1", "2"]
    assert "thẩm định nhân sự" in first.text
    assert first.due_on == date(2025, 4, 30)


def test_plus_bullets_nest_under_dash_bullets():
    notice = read(
        "- Ban Tổ chức Huyện ủy hướng dẫn đại hội chi bộ:\n"
        "+ xây dựng văn kiện;\n+ chuẩn bị nhân sự.\n"
        "- Văn phòng Huyện ủy bảo đảm kinh phí."
    )
    assert [d.ref for d in notice.directives] == ["-1", "-2"]
    assert "chuẩn bị nhân sự" in notice.directives[0].text


def test_decision_articles_give_article_clause_point_refs():
    head = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÒA BÌNH                            Độc lập - Tự do - Hạnh phúc
Số: 12/2025/QĐ-UBND                 Hòa Bình, ngày 02 tháng 6 năm 2025

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch chuyển đổi số năm 2025

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH

Căn cứ Luật Tổ chức chính quyền địa phương;
Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ.

QUYẾT ĐỊNH:

"""
    body = (
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2025.\n\n"
        "Điều 2. Tổ chức thực hiện\n"
        "1. Sở Khoa học và Công nghệ:\n"
        "a) Chủ trì theo dõi việc thực hiện Kế hoạch;\n"
        "b) Tổng hợp, báo cáo Chủ tịch UBND tỉnh trước ngày 15/12/2025.\n"
        "2. Sở Tài chính bố trí kinh phí theo quy định.\n\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
        "Điều 4. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành "
        "Quyết định này./."
    )
    foot = (
        "\n\nNơi nhận:                                   CHỦ TỊCH\n- Như Điều 4;\n\n"
        "                                            Đỗ Văn Sơn\n"
    )
    notice = read(body, head=head, foot=foot)
    assert [d.ref for d in notice.directives] == ["2.1.a", "2.1.b", "2.2"]
    assert notice.header.kind == "QUYẾT ĐỊNH"


@pytest.mark.parametrize(
    "item",
    [
        "Đánh giá chung: năm 2024 các chi bộ đã hoàn thành tốt nhiệm vụ.",
        "Thường trực Huyện ủy đánh giá cao sự chuẩn bị của các cơ quan tham mưu.",
        "Biểu dương Ban Tổ chức Huyện ủy đã chủ động tham mưu.",
        "Thủ trưởng các cơ quan chịu trách nhiệm trước Thường trực Huyện ủy về kết quả.",
        "Thống nhất thông qua dự thảo Quy chế làm việc khóa mới.",
        "Công tác tuyên truyền được triển khai sớm, đạt kết quả tốt.",
        # "vốn giao" is the capital allotted, not work handed over.
        "Đến ngày 30/4/2025, cả huyện mới giải ngân 812 triệu đồng, bằng 27,5% kế hoạch "
        "vốn giao. Nguyên nhân là hồ sơ thanh toán còn chậm.",
    ],
)
def test_item_that_asks_nobody_to_act_is_not_a_directive(item):
    notice = read(f"1. {item}\n\n2. Ban Tổ chức Huyện ủy hướng dẫn đại hội chi bộ.")
    assert [d.ref for d in notice.directives] == ["2"]


def test_instruction_that_opens_with_its_verb_is_a_directive_despite_past_words():
    notice = read(
        "1. Ban Tổ chức Huyện ủy hướng dẫn đại hội chi bộ.\n\n"
        "2. Tiếp tục thực hiện các nhiệm vụ đã đề ra."
    )
    assert [d.ref for d in notice.directives] == ["1", "2"]


def test_evaluation_section_is_skipped_and_numbering_restarts_in_sections():
    notice = read(
        "I. KẾT QUẢ ĐẠT ĐƯỢC\n1. Các chi bộ đã tổ chức sinh hoạt đều đặn.\n"
        "2. Ban Tổ chức Huyện ủy đã hoàn thành quy hoạch.\n"
        "II. NHIỆM VỤ THỜI GIAN TỚI\n1. Ban Tổ chức Huyện ủy hướng dẫn đại hội.\n"
        "2. Văn phòng Huyện ủy bảo đảm kinh phí."
    )
    assert [d.ref for d in notice.directives] == ["II.1", "II.2"]


def test_objectives_section_keeps_only_items_that_name_a_body():
    notice = read(
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao chất lượng sinh hoạt chi bộ.\n"
        "2. Các hoạt động phải thiết thực, tiết kiệm.\n"
        "II. NHIỆM VỤ\n1. Ban Tổ chức Huyện ủy hướng dẫn đại hội."
    )
    assert [d.ref for d in notice.directives] == ["II.1"]


def test_dash_list_of_past_results_before_the_tasks_is_skipped():
    notice = read(
        "Hội nghị thống nhất đánh giá trong quý I năm 2025:\n"
        "- Công tác tuyên truyền được triển khai sớm.\n"
        "- Các tổ bầu cử được thành lập đúng thời gian.\n\n"
        "Hội nghị giao nhiệm vụ như sau:\n\n"
        "1. Ban Tổ chức Huyện ủy hướng dẫn đại hội chi bộ.\n\n"
        "2. Văn phòng Huyện ủy bảo đảm kinh phí.",
        head=HEAD.replace("Thường trực \\\nHuyện ủy kết luận như sau:", ""),
    )
    assert [d.ref for d in notice.directives] == ["1", "2"]


def test_closing_paragraph_is_not_part_of_the_last_item():
    notice = read("1. Ban Tổ chức Huyện ủy hướng dẫn đại hội chi bộ.")
    assert "thông báo để" not in notice.directives[-1].text


def test_page_number_and_running_header_inside_an_item_are_left_out():
    body = (
        "1. Ban Tổ chức Huyện ủy hướng dẫn các chi bộ xây dựng văn kiện,\n\n\n"
        "                                   2\n\n"
        "huyện ủy hòa bình - thông báo số 120-tb/hu\n\n"
        "hoàn thành trước ngày\n15/4/2025.\n\n"
        "2. Văn phòng Huyện ủy bảo đảm kinh phí."
    )
    first = read(body).directives[0]
    assert "thông báo số" not in first.text
    assert " 2 " not in first.text
    assert first.due_on == date(2025, 4, 15)


def test_word_split_by_a_hyphen_at_line_end_is_joined():
    first = read("1. Ban Tuyên giáo Huyện ủy tham mư-\nu tổ chức họp báo.").directives[
        0
    ]
    assert "tham mưu tổ chức" in first.text
    assert [o.text for o in first.owners] == ["Ban Tuyên giáo Huyện ủy"]


def test_span_points_at_the_item_in_the_input_text():
    text = HEAD + "1. Ban Tổ chức Huyện ủy hướng dẫn đại hội chi bộ." + FOOT
    notice = parse_notice(text, calendar=WorkCalendar())
    start, end = notice.directives[0].span
    assert text[start:end] == "1. Ban Tổ chức Huyện ủy hướng dẫn đại hội chi bộ."


def test_span_points_into_decomposed_input_too():
    import unicodedata

    text = unicodedata.normalize(
        "NFD", HEAD + "1. Ban Tổ chức Huyện ủy hướng dẫn đại hội chi bộ." + FOOT
    )
    notice = parse_notice(text, calendar=WorkCalendar())
    start, end = notice.directives[0].span
    assert unicodedata.normalize("NFC", text[start:end]) == (
        "1. Ban Tổ chức Huyện ủy hướng dẫn đại hội chi bộ."
    )


TABLE_HEAD = """UBND TỈNH HÒA BÌNH                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ                                Độc lập - Tự do - Hạnh phúc
Số: 310/KH-SNV                      Hòa Bình, ngày 15 tháng 01 năm 2026

KẾ HOẠCH
Triển khai nhiệm vụ cải cách hành chính năm 2026

I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm các nhiệm vụ được triển khai đồng bộ, đúng tiến độ.

II. NHIỆM VỤ CỤ THỂ

"""
TABLE_FOOT = """

Nơi nhận:                                    KT. GIÁM ĐỐC
- Lãnh đạo Sở;                               PHÓ GIÁM ĐỐC
- Lưu: VT.                                   Hồ Thị Lan
"""


def test_pipe_table_rows_are_directives_with_section_refs():
    body = (
        "| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành |\n"
        "|---|---|---|---|---|\n"
        "| A | Tuyên truyền | | | |\n"
        "| 1 | Xây dựng đề cương tuyên truyền | Phòng Tổ chức - Hành chính "
        "| Văn phòng Sở | Tháng 01/2026 |\n"
        "| 2 | Rà soát thủ tục hành chính nội bộ | Văn phòng Sở | Các phòng chuyên môn; "
        "Thanh tra Sở | Trước 30/6/2026 |\n"
        "| 3 | Đánh giá chỉ số cải cách hành chính của | Văn phòng Sở | | Quý 4/2026 |\n"
        "| | các đơn vị thuộc Sở | | | |\n"
        "| 4 | Báo cáo kết quả | Văn phòng Sở | | Hằng quý |"
    )
    notice = read(body, head=TABLE_HEAD, foot=TABLE_FOOT)
    got = table_rows(notice)
    assert got == {
        "II.1": (
            [("Phòng Tổ chức - Hành chính", "lead"), ("Văn phòng Sở", "support")],
            [date(2026, 1, 31)],
            None,
        ),
        "II.2": (
            [
                ("Văn phòng Sở", "lead"),
                ("Các phòng chuyên môn", "support"),
                ("Thanh tra Sở", "support"),
            ],
            [date(2026, 6, 30)],
            None,
        ),
        "II.3": ([("Văn phòng Sở", "lead")], [date(2026, 12, 31)], None),
        "II.4": ([("Văn phòng Sở", "lead")], [], "quarterly"),
    }
    assert "các đơn vị thuộc Sở" in notice.directives[2].text


def test_borderless_pipe_table_row_wrapped_inside_a_cell_fills_the_next_columns():
    body = (
        "STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành\n"
        "1 | Lập danh mục hồ sơ lưu trữ cần số hóa\n"
        "  | Văn phòng Sở | Phòng Kế hoạch | Trước 15/5/2026\n"
        "2 | Mở lớp bồi dưỡng nghiệp vụ văn thư; hướng dẫn các đơn vị\n"
        "  trực thuộc lập hồ sơ điện tử | Phòng Tổ chức - Hành chính | Các đơn vị "
        "trực thuộc | Thường xuyên\n"
        "3 | Kiểm tra việc lưu trữ hồ sơ | Thanh tra Sở | Văn phòng Sở | Quý 3/2026\n"
        "  | tại các đơn vị | | |"
    )
    notice = read(body, head=TABLE_HEAD, foot=TABLE_FOOT)
    got = table_rows(notice)
    assert got == {
        "II.1": (
            [("Văn phòng Sở", "lead"), ("Phòng Kế hoạch", "support")],
            [date(2026, 5, 15)],
            None,
        ),
        "II.2": (
            [
                ("Phòng Tổ chức - Hành chính", "lead"),
                ("Các đơn vị trực thuộc", "support"),
            ],
            [],
            "ongoing",
        ),
        "II.3": (
            [("Thanh tra Sở", "lead"), ("Văn phòng Sở", "support")],
            [date(2026, 9, 30)],
            None,
        ),
    }
    assert "trực thuộc lập hồ sơ điện tử" in notice.directives[1].text
    assert "tại các đơn vị" in notice.directives[2].text


def test_aligned_column_table_joins_wrapped_cells():
    body = (
        "STT   Nội dung nhiệm vụ               Đơn vị chủ trì     Đơn vị phối hợp"
        "       Thời hạn\n"
        "1     Xây dựng kho dữ liệu dùng       Sở Khoa học và     Các sở, ngành"
        "         Tháng 9/2026\n"
        "      chung của tỉnh                  Công nghệ\n"
        "2     Số hóa hồ sơ thủ tục hành       Văn phòng UBND     Sở Nội vụ;"
        "            30/10/2026\n"
        "      chính                           tỉnh               Sở Tư pháp\n"
    )
    notice = read(body, head=TABLE_HEAD, foot=TABLE_FOOT)
    first, second = notice.directives
    assert first.ref == "II.1"
    assert first.text == "Xây dựng kho dữ liệu dùng chung của tỉnh"
    assert [(o.text, o.role) for o in first.owners] == [
        ("Sở Khoa học và Công nghệ", "lead"),
        ("Các sở, ngành", "support"),
    ]
    assert [o.text for o in second.owners] == [
        "Văn phòng UBND tỉnh",
        "Sở Nội vụ",
        "Sở Tư pháp",
    ]
    assert second.due_on == date(2026, 10, 30)


def test_table_in_an_appendix_after_the_signature_gives_plain_refs():
    foot = TABLE_FOOT + (
        "\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n"
        "| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n"
        "|---|---|---|---|\n"
        "| 1 | Tập huấn kỹ năng số | Sở Nội vụ | Quý III/2026 |\n"
    )
    notice = read(
        "Văn phòng Sở theo dõi việc thực hiện Kế hoạch.", head=TABLE_HEAD, foot=foot
    )
    appendix = notice.directives[-1]
    assert (appendix.ref, appendix.due_on) == ("1", date(2026, 9, 30))
    assert [o.text for o in appendix.owners] == ["Sở Nội vụ"]


# --- long notices -----------------------------------------------------------------

_TASKS = (
    "Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ trước ngày 30/6/2025.",
    "Văn phòng Huyện ủy chuẩn bị hội nghị sơ kết trong tháng 7/2025.",
    "Ủy ban nhân dân huyện chỉ đạo các xã hoàn thành kiểm kê đất đai.",
)


@pytest.mark.parametrize("count", [99, 100, 101, 150, 1600])
def test_items_numbered_100_and_above_are_items_of_their_own(count: int):
    """Item 100 is not a line of item 99's text: every numbered line is an item."""
    body = "\n\n".join(f"{n}. {_TASKS[n % 3]}" for n in range(1, count + 1))
    notice = read(body)
    assert [d.ref for d in notice.directives] == [str(n) for n in range(1, count + 1)]
    last = notice.directives[-1]
    assert last.text == _TASKS[count % 3]
    assert [o.text for o in last.owners] == [
        ["Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy", "Ủy ban nhân dân huyện"][
            count % 3
        ]
    ]


def test_items_numbered_in_parentheses_and_table_rows_go_past_99():
    inline = " ".join(f"({n}) {_TASKS[n % 3][:-1]};" for n in range(1, 106))
    notice = read("Giao các cơ quan, đơn vị thực hiện: " + inline)
    assert [d.ref for d in notice.directives][-3:] == ["103", "104", "105"]
    rows = "\n".join(
        f"| {n} | Rà soát hồ sơ đợt {n} | Văn phòng Huyện ủy | Tháng 12/2025 |"
        for n in range(1, 1002)
    )
    table = read(
        "| STT | Nội dung | Đơn vị chủ trì | Thời gian hoàn thành |\n"
        "|---|---|---|---|\n" + rows
    )
    assert len(table.directives) == 1001
    assert table.directives[-1].ref == "1001"


def test_an_item_that_is_no_directive_is_named_with_its_veto_in_the_warnings():
    notice = read(
        "1. Thường trực Huyện ủy biểu dương tinh thần trách nhiệm của các xã.\n\n"
        "2. Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ trước ngày 30/6/2025.\n\n"
        "3. Người đứng đầu cấp ủy chịu trách nhiệm trước Ban Thường vụ Huyện ủy."
    )
    assert [d.ref for d in notice.directives] == ["2"]
    assert f"item 1: not a directive ({Veto.EVALUATION})" in texts(
        notice.warnings, "en"
    )
    assert f"item 3: not a directive ({Veto.ACCOUNTABILITY_ONLY})" in texts(
        notice.warnings, "en"
    )
    assert str(Veto.EVALUATION) == "evaluates results"


def test_plan_item_names_its_bodies_and_time_on_labelled_lines():
    """ "- Cơ quan chủ trì:", "- Cơ quan phối hợp:", "- Thời gian hoàn thành:" lines
    give the leads, the supports and a date cell read like a table's."""
    notice = read(
        "II. NHIỆM VỤ\n\n"
        "1. Kiểm kê đất công chưa đưa vào sử dụng\n"
        "- Cơ quan chủ trì: Phòng Tài nguyên.\n"
        "- Cơ quan phối hợp: Phòng Tài chính, UBND các xã, thị trấn.\n"
        "- Thời gian hoàn thành: Quý II/2025.\n\n"
        "2. Công khai danh mục đất công\n"
        "- Đơn vị thực hiện: UBND các xã, thị trấn.\n"
        "- Thời gian thực hiện: Tháng 8/2025."
    )
    got = [
        (
            d.ref,
            [(o.text, o.role, o.implied) for o in d.owners],
            [m.due for m in d.deadlines],
        )
        for d in notice.directives
    ]
    assert got == [
        (
            "1",
            [
                ("Phòng Tài nguyên", "lead", False),
                ("Phòng Tài chính", "support", False),
                ("UBND các xã, thị trấn", "support", False),
            ],
            [date(2025, 6, 30)],
        ),
        ("2", [("UBND các xã, thị trấn", "lead", False)], [date(2025, 8, 31)]),
    ]


def test_implementation_heading_is_no_owner_and_the_standing_body_leads():
    """ "III. TỔ CHỨC THỰC HIỆN" names a part of the plan, not a body; "A là cơ quan
    thường trực, …" makes A the lead of its item."""
    notice = read(
        "III. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Phòng Nội vụ là cơ quan thường trực, theo dõi việc thực hiện Kế hoạch.\n\n"
        "2. Tổ trưởng các tổ dân phố phổ biến Kế hoạch đến từng hộ."
    )
    assert [[(o.text, o.role) for o in d.owners] for d in notice.directives] == [
        [("Phòng Nội vụ", "lead")],
        [("Tổ trưởng các tổ dân phố", "lead")],
    ]


def test_a_closing_call_to_carry_out_the_notice_is_not_part_of_the_last_item():
    """ "Ban Thường vụ yêu cầu các cấp ủy, tổ chức đảng quán triệt, thực hiện." closes
    the notice: it adds no owner to the item above it."""
    notice = read(
        "1. Văn phòng Huyện ủy theo dõi việc thực hiện Thông báo này.\n\n"
        "Ban Thường vụ Huyện ủy yêu cầu các cấp ủy, tổ chức đảng, cơ quan, đơn vị "
        "quán triệt, thực hiện.",
        foot=FOOT.replace(
            "\nThường trực Huyện ủy thông báo để các cơ quan, đơn vị "
            "biết, thực hiện./.\n",
            "",
        ),
    )
    assert [[o.text for o in d.owners] for d in notice.directives] == [
        ["Văn phòng Huyện ủy"]
    ]


def test_a_section_reviewing_last_years_tasks_is_an_evaluation():
    """ "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024" reviews tasks: its items are skipped."""
    notice = read(
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024\n1. Về xây dựng Đảng\n"
        "- Kết nạp 12 đảng viên mới.\n  + Chi bộ thôn Đông kết nạp 5 đảng viên;\n"
        "2. Về kinh tế\n- Thu ngân sách đạt 105% dự toán.\n"
        "II. NHIỆM VỤ TRỌNG TÂM NĂM 2025\n1. Ban Tổ chức Huyện ủy hướng dẫn đại hội.\n"
        "2. Văn phòng Huyện ủy bảo đảm kinh phí."
    )
    assert [d.ref for d in notice.directives] == ["II.1", "II.2"]


def test_a_principle_told_to_nobody_is_not_a_directive():
    """ "Việc sắp xếp phải bảo đảm nguyên tắc …" states how, not who: skipped, with
    its veto named; "Thực hiện nghiêm nguyên tắc …" opens with its verb and stays."""
    notice = read(
        "1. Việc sáp nhập các chi bộ phải bảo đảm nguyên tắc tập trung dân chủ, "
        "công khai, minh bạch.\n\n"
        "2. Thực hiện nghiêm nguyên tắc tập trung dân chủ trong sinh hoạt chi bộ.\n\n"
        "3. Ban Tổ chức Huyện ủy hướng dẫn quy trình sáp nhập."
    )
    assert [d.ref for d in notice.directives] == ["2", "3"]
    assert f"item 1: not a directive ({Veto.OBJECTIVE})" in texts(notice.warnings, "en")


def test_labels_may_share_a_line_and_drop_the_word_co_quan():
    """ "Cơ quan chủ trì: A; cơ quan phối hợp: B" on one line, and bare "Chủ trì:",
    "Phối hợp:" labels, name the same roles; a time label ends at its ";"."""
    notice = read(
        "1. Tập huấn nghiệp vụ văn thư\n"
        "- Cơ quan chủ trì: Phòng Nội vụ; cơ quan phối hợp: Trung tâm Chính trị.\n"
        "- Thời gian: tháng 5/2025; báo cáo kết quả về Huyện ủy.\n\n"
        "2. Số hóa hồ sơ lưu trữ\n- Chủ trì: Văn phòng Huyện ủy.\n"
        "- Phối hợp: Phòng Nội vụ; Trung tâm Chính trị."
    )
    got = [
        ([(o.text, o.role) for o in d.owners], [m.due for m in d.deadlines])
        for d in notice.directives
    ]
    assert got == [
        (
            [("Phòng Nội vụ", "lead"), ("Trung tâm Chính trị", "support")],
            [date(2025, 5, 31)],
        ),
        (
            [
                ("Văn phòng Huyện ủy", "lead"),
                ("Phòng Nội vụ", "support"),
                ("Trung tâm Chính trị", "support"),
            ],
            [],
        ),
    ]


def test_a_topic_label_before_an_instruction_with_a_percentage_is_no_assessment():
    """ "Chi thường xuyên: tiết kiệm 10% …" tells what to do with a figure; it does not
    assess a result."""
    notice = read(
        "1. Về dự toán năm sau:\n"
        "a) Chi sự nghiệp: xây dựng dự toán theo định mức, tiết kiệm 15% chi hành chính.\n"
        "b) Chi đầu tư: ưu tiên bố trí vốn cho công trình chuyển tiếp.\n\n"
        "2. Tỷ lệ giải ngân đạt 48%, thấp hơn cùng kỳ."
    )
    assert [d.ref for d in notice.directives] == ["1.a", "1.b"]


def test_a_new_lead_in_between_items_keeps_the_numbering_going():
    """ "1. … 2. …", then "Bên cạnh đó, đề nghị các đơn vị:", then "3. …": the
    list goes on under the new lead-in rather than ending at item 2."""
    notice = read(
        "1. Kiểm tra toàn bộ hệ thống kênh mương trước mùa mưa.\n\n"
        "2. Bố trí người trực tại các cống đầu mối.\n\n"
        "Bên cạnh đó, đề nghị các đơn vị:\n\n"
        "3. Phòng Kinh tế rà soát kế hoạch nạo vét.\n\n"
        "4. Ban Quản lý dự án chuẩn bị vật tư dự phòng."
    )
    assert [d.ref for d in notice.directives] == ["1", "2", "3", "4"]
    assert [o.text for o in notice.directives[3].owners] == ["Ban Quản lý dự án"]


def test_a_table_flattened_to_one_cell_per_line_is_read_row_by_row():
    """A task table exported with every cell on a line of its own: the row numbers
    alone on their lines are rows, not page numbers, and a cell that names both the
    bodies and the time ("Chủ trì: …; phối hợp: …. Thời gian: …") is split by its
    labels."""
    notice = read(
        "STT\n"
        "Công việc\n"
        "Cơ quan thực hiện, thời gian\n"
        "1\n"
        "Sửa chữa mái che nhà thi đấu\n"
        "Chủ trì: Phòng Quản lý đô thị; phối hợp: Ban Quản lý chợ, Công an xã. "
        "Thời gian: trước ngày 20/4/2025.\n"
        "2\n"
        "Lập danh sách hộ cần hỗ trợ\n"
        "Chủ trì: Phòng Văn hóa - Xã hội. Thời gian: xong trước ngày 30/4/2025.\n"
    )
    got = [
        (d.ref, [(o.text, o.role) for o in d.owners], [m.due for m in d.deadlines])
        for d in notice.directives
    ]
    assert got == [
        (
            "1",
            [
                ("Phòng Quản lý đô thị", "lead"),
                ("Ban Quản lý chợ", "support"),
                ("Công an xã", "support"),
            ],
            [date(2025, 4, 20)],
        ),
        ("2", [("Phòng Văn hóa - Xã hội", "lead")], [date(2025, 4, 30)]),
    ]


def test_a_section_that_opens_on_a_whole_sentence_has_no_title_to_judge():
    """ "Điều 2. Văn phòng … theo dõi, tổng hợp kết quả, báo cáo …": a long sentence
    after the section's marker is its content; "kết quả" in it does not make the
    section a review of results."""
    notice = read(
        "Điều 1. Giao nhiệm vụ như sau:\n\n"
        "1. Phòng Y tế kiểm tra các cơ sở bán thuốc trước ngày 30/4/2025.\n\n"
        "Điều 2. Văn phòng Ủy ban nhân dân huyện có trách nhiệm đôn đốc các đơn vị; "
        "tổng hợp kết quả, báo cáo Chủ tịch trước ngày 15/12/2025."
    )
    assert [d.ref for d in notice.directives][-1] == "2"
    assert [o.text for o in notice.directives[-1].owners] == [
        "Văn phòng Ủy ban nhân dân huyện"
    ]


def test_a_shortfall_measured_against_what_was_asked_is_an_assessment():
    """ "… còn chậm so với yêu cầu": the noun "yêu cầu" is a standard, not a request;
    the item reports on the past."""
    notice = read(
        "1. Việc giải phóng mặt bằng đã được các xã triển khai; tuy nhiên, tiến độ "
        "còn chậm so với yêu cầu của Huyện ủy.\n\n"
        "2. Phòng Tài nguyên hoàn thành hồ sơ thu hồi đất trong tháng 4/2025."
    )
    assert [d.ref for d in notice.directives] == ["2"]


def test_a_month_of_results_with_bodies_listed_as_its_subject_is_no_task():
    notice = read(
        "1. Trong tháng 2, các xã, thị trấn đã ra quân làm thủy lợi nội đồng, nạo vét "
        "được 12 km kênh.\n\n"
        "2. Phòng Nông nghiệp hướng dẫn gieo cấy vụ Xuân trong tháng 3/2025."
    )
    assert [d.ref for d in notice.directives] == ["2"]


def test_a_funding_clause_names_no_work():
    """ "Kinh phí thực hiện được bố trí từ …" says where the money comes from; an item
    that hands the budgeting to a body stays."""
    notice = read(
        "1. Văn phòng Huyện ủy tổng hợp kết quả, báo cáo trước ngày 15/12/2025.\n\n"
        "2. Kinh phí tổ chức được bố trí từ nguồn ngân sách huyện năm 2025.\n\n"
        "3. Phòng Tài chính - Kế hoạch bố trí kinh phí tổ chức hội nghị."
    )
    assert [d.ref for d in notice.directives] == ["1", "3"]
    assert f"item 2: not a directive ({Veto.FUNDING})" in texts(notice.warnings, "en")


def test_an_inspections_findings_section_is_a_review():
    """ "II. KHUYẾT ĐIỂM, THIẾU SÓT" lists what was found wrong, told to nobody; the
    section of requirements after it holds the directives."""
    notice = read(
        "I. KHUYẾT ĐIỂM, THIẾU SÓT\n"
        "1. Chưa ban hành quy chế chi tiêu nội bộ năm 2025.\n"
        "2. Để Tổ kế toán chi sai định mức công tác phí.\n\n"
        "II. YÊU CẦU\n"
        "1. Chi bộ Trường Tiểu học số 1 kiểm điểm, làm rõ trách nhiệm trước ngày "
        "30/4/2025.\n"
    )
    assert [d.ref for d in notice.directives] == ["II.1"]


def test_answering_in_full_for_the_figures_is_accountability_only():
    """ "chịu trách nhiệm toàn diện về tính chính xác …": the body answers for what it
    reported; no work is handed to it."""
    notice = read(
        "1. Ủy ban nhân dân xã chịu trách nhiệm toàn diện về tính chính xác của danh "
        "sách hộ nghèo.\n\n"
        "2. Phòng Nội vụ thẩm định hồ sơ trong tháng 4/2025."
    )
    assert [d.ref for d in notice.directives] == ["2"]


def test_an_item_pointing_to_the_appendix_names_no_work_of_its_own():
    """ "Các nhiệm vụ cụ thể … thực hiện theo Phụ lục kèm theo": the rows of the
    appendix are the directives; the item does not take the owner before it."""
    notice = read(
        "1. Phòng Kinh tế hoàn thành báo cáo tổng kết trước ngày 20/12/2025.\n\n"
        "2. Nhiệm vụ của các phòng, ban chuyên môn thực hiện theo Phụ lục kèm theo."
    )
    assert [d.ref for d in notice.directives] == ["1"]


def test_a_section_telling_bodies_named_by_kind_to_carry_out_the_plan_is_none():
    """ "Các cơ quan, đơn vị … triển khai thực hiện Kế hoạch này" closes a plan; a
    section naming a body stays."""
    notice = read(
        "I. NHIỆM VỤ\n"
        "1. Phòng Văn hóa tổ chức hội thi văn nghệ trong tháng 5/2025.\n\n"
        "II. KINH PHÍ\n"
        "Phòng Tài chính - Kế hoạch thẩm định dự toán hội thi.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ chủ động triển khai thực hiện "
        "Kế hoạch này.\n"
    )
    assert [d.ref for d in notice.directives] == ["I.1", "II"]


def test_a_section_remedying_the_shortcomings_hands_out_work():
    """ "KHẮC PHỤC KHUYẾT ĐIỂM" names the shortcomings only as what to fix."""
    notice = read(
        "I. KHẮC PHỤC KHUYẾT ĐIỂM\n"
        "1. Chi bộ Trường Tiểu học số 1 bổ sung quy chế chi tiêu nội bộ trong tháng "
        "4/2025.\n"
    )
    assert [d.ref for d in notice.directives] == ["I.1"]
