"""Who is told to act: owner phrases, roles, splitting and implied owners."""

from datetime import date

import pytest

from domain.notice_owners import find_owners
from domain.notice_warnings import texts
from domain.notices import OwnerResolver, ParsedNotice, parse_notice
from domain.workdays import WorkCalendar

HEAD = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÒA BÌNH                            Độc lập - Tự do - Hạnh phúc
Số: 88/TB-UBND                      Hòa Bình, ngày 03 tháng 7 năm 2025

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về tiến độ các dự án

Ngày 01/7/2025, Chủ tịch UBND tỉnh chủ trì cuộc họp. Chủ tịch UBND tỉnh kết luận:

"""
FOOT = """

Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:                                   TL. CHỦ TỊCH
- Như trên;                                 CHÁNH VĂN PHÒNG
- Lưu: VT.
                                            Mai Xuân Trường
"""


def read(
    body: str, head: str = HEAD, resolver: OwnerResolver | None = None
) -> ParsedNotice:
    return parse_notice(head + body + FOOT, calendar=WorkCalendar(), resolver=resolver)


def owners_of(item: str) -> list[tuple[str, str]]:
    notice = read(f"1. {item}")
    return [(o.text, o.role) for o in notice.directives[0].owners]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # the subject of the clause leads
        ("Sở Tài chính tham mưu bố trí kinh phí.", [("Sở Tài chính", "lead")]),
        # chủ trì / phối hợp
        (
            "Sở Xây dựng chủ trì, phối hợp với Sở Tài chính, Sở Nội vụ và các cơ quan "
            "liên quan hoàn thiện hồ sơ.",
            [
                ("Sở Xây dựng", "lead"),
                ("Sở Tài chính", "support"),
                ("Sở Nội vụ", "support"),
                ("các cơ quan liên quan", "support"),
            ],
        ),
        (
            "Công an tỉnh phối hợp với Bộ Chỉ huy Quân sự tỉnh bảo đảm an ninh.",
            [("Công an tỉnh", "lead"), ("Bộ Chỉ huy Quân sự tỉnh", "support")],
        ),
        (
            "Sở Y tế chủ trì; các sở, ngành liên quan phối hợp thực hiện.",
            [("Sở Y tế", "lead"), ("các sở, ngành liên quan", "support")],
        ),
        # giao A chỉ đạo B: only A
        (
            "Giao Ủy ban nhân dân huyện Lạc Sơn chỉ đạo Ủy ban nhân dân các xã "
            "hoàn thành giải phóng mặt bằng.",
            [("Ủy ban nhân dân huyện Lạc Sơn", "lead")],
        ),
        (
            "Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo Ủy ban nhân dân tỉnh rà soát quy hoạch.",
            [("Đảng ủy Ủy ban nhân dân tỉnh", "lead")],
        ),
        # co-ordinated subjects all lead; separately named bodies split
        (
            "Ban Tổ chức Tỉnh ủy, Văn phòng Tỉnh ủy chuẩn bị hội nghị.",
            [("Ban Tổ chức Tỉnh ủy", "lead"), ("Văn phòng Tỉnh ủy", "lead")],
        ),
        (
            "Sở Nội vụ và Sở Tài chính thống nhất phương án.",
            [("Sở Nội vụ", "lead"), ("Sở Tài chính", "lead")],
        ),
        (
            "Các cấp ủy đảng, chính quyền tăng cường lãnh đạo.",
            [("Các cấp ủy đảng", "lead"), ("chính quyền", "lead")],
        ),
        # collective phrases and names containing "và" stay whole
        (
            "UBND các huyện, thị xã, thành phố rà soát quỹ đất.",
            [("UBND các huyện, thị xã, thành phố", "lead")],
        ),
        (
            "Các huyện ủy, thị ủy, thành ủy chỉ đạo đại hội chi bộ.",
            [("Các huyện ủy, thị ủy, thành ủy", "lead")],
        ),
        ("Các sở, ban, ngành chủ động triển khai.", [("Các sở, ban, ngành", "lead")]),
        (
            "Ban Tuyên giáo và Dân vận Tỉnh ủy định hướng tuyên truyền.",
            [("Ban Tuyên giáo và Dân vận Tỉnh ủy", "lead")],
        ),
        (
            "Sở Nông nghiệp và Môi trường hướng dẫn gieo trồng.",
            [("Sở Nông nghiệp và Môi trường", "lead")],
        ),
        (
            "Giám đốc các sở, Thủ trưởng các cơ quan, đơn vị thuộc UBND tỉnh "
            "chấn chỉnh kỷ luật.",
            [
                ("Giám đốc các sở", "lead"),
                ("Thủ trưởng các cơ quan, đơn vị thuộc UBND tỉnh", "lead"),
            ],
        ),
        (
            "Đồng chí Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo chỉ đạo quyết liệt.",
            [("Đồng chí Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo", "lead")],
        ),
        # parenthetical remarks are left out; a body named twice is listed once
        (
            "Sở Kế hoạch và Đầu tư (cơ quan thường trực Ban Chỉ đạo) tổng hợp; Sở Kế "
            "hoạch và Đầu tư báo cáo kết quả.",
            [("Sở Kế hoạch và Đầu tư", "lead")],
        ),
        # report recipients are not owners
        (
            "Sở Tài chính tổng hợp, báo cáo Thường trực Tỉnh ủy và gửi Sở Nội vụ.",
            [("Sở Tài chính", "lead")],
        ),
        # "yêu cầu", "đề nghị" hand the work on
        (
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể vận động Nhân dân.",
            [
                ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "lead"),
                ("các đoàn thể", "lead"),
            ],
        ),
        (
            "Ủy ban nhân dân tỉnh yêu cầu Sở Giao thông vận tải khẩn trương sửa chữa cầu.",
            [("Sở Giao thông vận tải", "lead")],
        ),
        # work handed on in the middle of a clause; the body deciding is no owner
        (
            "Ủy ban nhân dân tỉnh thống nhất chủ trương đầu tư, giao Sở Xây dựng "
            "hoàn thiện hồ sơ.",
            [("Sở Xây dựng", "lead")],
        ),
        (
            "Phó Thủ tướng yêu cầu Bộ Y tế khẩn trương hoàn thiện dự thảo.",
            [("Bộ Y tế", "lead")],
        ),
        # bodies named after a colon, titles governing a list of bodies
        (
            "Các Bộ: Giao thông vận tải, Xây dựng theo chức năng hướng dẫn địa phương.",
            [("Các Bộ: Giao thông vận tải, Xây dựng", "lead")],
        ),
        (
            "Người đứng đầu cấp ủy, chính quyền các cấp trực tiếp chỉ đạo.",
            [("Người đứng đầu cấp ủy, chính quyền các cấp", "lead")],
        ),
        (
            "Văn phòng HĐND và UBND huyện theo dõi, đôn đốc.",
            [("Văn phòng HĐND và UBND huyện", "lead")],
        ),
        (
            "Ban Quản lý dự án đầu tư xây dựng tỉnh khẩn trương thi công.",
            [("Ban Quản lý dự án đầu tư xây dựng tỉnh", "lead")],
        ),
        # a heading of the item's own may carry the owner
        (
            "Về công tác giải phóng mặt bằng: Ủy ban nhân dân huyện Kim Bôi tập trung "
            "chi trả bồi thường.",
            [("Ủy ban nhân dân huyện Kim Bôi", "lead")],
        ),
        # a level word ends the name, whatever verb follows
        (
            "Trạm Y tế xã phối hợp với các thôn phun thuốc diệt muỗi.",
            [("Trạm Y tế xã", "lead"), ("các thôn", "support")],
        ),
        (
            "Công chức Văn hóa - Xã hội xã đưa tin trên loa truyền thanh.",
            [("Công chức Văn hóa - Xã hội xã", "lead")],
        ),
        # an adverb between subject and verb
        (
            "Các hộ gia đình tự dọn dẹp trong nhà, ngoài vườn.",
            [("Các hộ gia đình", "lead")],
        ),
        # a noun whose syllable is a verb ("công trình") stays in the name
        (
            "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh yêu cầu "
            "nhà thầu tưới nước chống bụi.",
            [
                (
                    "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
                    "lead",
                )
            ],
        ),
        # a body's name with "và" and a comma; a weak head before a level word
        (
            "Sở Tài chính chủ trì, phối hợp với Báo và Phát thanh, Truyền hình tỉnh; "
            "Thuế thành phố rà soát nguồn thu.",
            [
                ("Sở Tài chính", "lead"),
                ("Báo và Phát thanh, Truyền hình tỉnh", "support"),
                ("Thuế thành phố", "support"),
            ],
        ),
        (
            "Giám đốc Sở Công Thương chủ trì, phối hợp với Đội Quản lý thị trường số 2, "
            "Công an tỉnh kiểm tra hàng cấm.",
            [
                ("Giám đốc Sở Công Thương", "lead"),
                ("Đội Quản lý thị trường số 2", "support"),
                ("Công an tỉnh", "support"),
            ],
        ),
        # a board whose lower-case name states its purpose, a verb included
        (
            "Ban Chỉ đạo giảm nghèo bền vững tỉnh chủ trì, phối hợp với Sở Nội vụ "
            "đánh giá kết quả.",
            [
                ("Ban Chỉ đạo giảm nghèo bền vững tỉnh", "lead"),
                ("Sở Nội vụ", "support"),
            ],
        ),
        ("Ban Chỉ đạo chỉ đạo các xã triển khai.", [("Ban Chỉ đạo", "lead")]),
        # a partner list that runs on over several semicolons
        (
            "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính; Ban Tổ chức Tỉnh ủy; "
            "Ủy ban nhân dân các huyện tham mưu phương án.",
            [
                ("Sở Nội vụ", "lead"),
                ("Sở Tài chính", "support"),
                ("Ban Tổ chức Tỉnh ủy", "support"),
                ("Ủy ban nhân dân các huyện", "support"),
            ],
        ),
        (
            "Sở Xây dựng chủ trì, phối hợp với Sở Tài chính; Sở Tư pháp; báo cáo "
            "Ủy ban nhân dân tỉnh.",
            [
                ("Sở Xây dựng", "lead"),
                ("Sở Tài chính", "support"),
                ("Sở Tư pháp", "support"),
            ],
        ),
        # bodies that "phối hợp" with nobody named and no lead beside them are doers
        (
            "Đề nghị Ủy ban MTTQ Việt Nam tỉnh, các tổ chức chính trị - xã hội tỉnh "
            "phối hợp tuyên truyền.",
            [
                ("Ủy ban MTTQ Việt Nam tỉnh", "lead"),
                ("các tổ chức chính trị - xã hội tỉnh", "lead"),
            ],
        ),
        (
            "Phòng Y tế chủ trì; Văn phòng, Phòng Tài chính phối hợp theo dõi.",
            [
                ("Phòng Y tế", "lead"),
                ("Văn phòng", "support"),
                ("Phòng Tài chính", "support"),
            ],
        ),
        (
            "Các cơ quan báo chí, Cổng Thông tin điện tử tỉnh tăng cường tuyên truyền.",
            [("Các cơ quan báo chí", "lead"), ("Cổng Thông tin điện tử tỉnh", "lead")],
        ),
    ],
)
def test_owner_pattern_gives_owners_and_roles(item, expected):
    assert owners_of(item) == expected


def test_bodies_of_a_list_lead_in_line_own_its_lettered_items_explicitly():
    notice = read(
        "1. Sở Nội vụ:\na) Chủ trì, phối hợp với Thanh tra tỉnh kiểm tra công vụ.\n"
        "b) Tổng hợp kết quả đánh giá cán bộ."
    )
    a, b = notice.directives
    assert [(o.text, o.role, o.implied) for o in a.owners] == [
        ("Sở Nội vụ", "lead", False),
        ("Thanh tra tỉnh", "support", False),
    ]
    assert [(o.text, o.implied) for o in b.owners] == [("Sở Nội vụ", False)]


def test_topic_line_over_its_paragraph_does_not_hide_the_owner():
    notice = read(
        "1. Về giải ngân vốn\nCác sở, ngành:\n- Tháo gỡ vướng mắc về mặt bằng;\n"
        "- Kiểm điểm tiến độ hằng tháng."
    )
    assert [(o.text, o.implied) for o in notice.directives[0].owners] == [
        ("Các sở, ngành", False)
    ]
    assert notice.directives[0].recurrence == "monthly"


def test_item_that_names_nobody_takes_the_owners_of_the_item_before():
    notice = read(
        "1. Ban Quản lý dự án, Sở Xây dựng đẩy nhanh tiến độ thi công.\n\n"
        "2. Thực hiện nghiêm quy trình nghiệm thu."
    )
    second = notice.directives[1]
    assert [(o.text, o.implied) for o in second.owners] == [
        ("Ban Quản lý dự án", True),
        ("Sở Xây dựng", True),
    ]
    assert "item 2: no owner named; owner implied from item 1" in texts(
        notice.warnings, "en"
    )


def test_opening_sentence_that_hands_out_the_work_implies_the_owner():
    head = HEAD.replace(
        "Chủ tịch UBND tỉnh kết luận:",
        "Chủ tịch UBND tỉnh giao Sở Xây dựng chủ trì thực hiện các nội dung sau:",
    )
    notice = read(
        "1. Rà soát hồ sơ thiết kế.\n\n2. Báo cáo kết quả trong tháng 8.", head
    )
    assert [[(o.text, o.implied) for o in d.owners] for d in notice.directives] == [
        [("Sở Xây dựng", True)],
        [("Sở Xây dựng", True)],
    ]
    assert "item 1: no owner named; owner implied from the opening sentence" in texts(
        notice.warnings, "en"
    )


def test_section_heading_that_names_a_body_implies_the_owner():
    notice = read(
        "I. ĐỐI VỚI SỞ Y TẾ\n1. Tăng cường giám sát dịch bệnh.\n"
        "II. ĐỐI VỚI UBND CÁC HUYỆN, THÀNH PHỐ\n1. Bố trí kinh phí phòng dịch."
    )
    assert [[(o.text, o.implied) for o in d.owners] for d in notice.directives] == [
        [("SỞ Y TẾ", True)],
        [("UBND CÁC HUYỆN, THÀNH PHỐ", True)],
    ]


def test_letter_addressees_are_the_owners_of_items_that_name_nobody():
    head = """ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÒA BÌNH                          Độc lập - Tự do - Hạnh phúc
Số: 1520/UBND-KT                   Hòa Bình, ngày 20 tháng 11 năm 2025
V/v đẩy nhanh giải ngân vốn đầu tư công

                        Kính gửi:
                        - Các sở, ban, ngành tỉnh;
                        - UBND các huyện, thành phố.

Để hoàn thành kế hoạch giải ngân năm 2025, Ủy ban nhân dân tỉnh có ý kiến như sau:

"""
    notice = read("1. Rà soát danh mục dự án chậm giải ngân.", head)
    assert notice.header.kind == "CÔNG VĂN"
    assert notice.header.subject == "đẩy nhanh giải ngân vốn đầu tư công"
    assert [(o.text, o.implied) for o in notice.directives[0].owners] == [
        ("Các sở, ban, ngành tỉnh", True),
        ("UBND các huyện, thành phố", True),
    ]


def test_a_lead_in_asking_the_units_points_back_to_the_addressees():
    """ "đề nghị các đơn vị thực hiện:" under a "Kính gửi:" list names nobody new: the
    addressees own the items, by the names written in the list."""
    head = """UBND TỈNH HÒA BÌNH                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ                                     Độc lập - Tự do - Hạnh phúc
Số: 812/SYT-NVY                   Hòa Bình, ngày 02 tháng 3 năm 2026
V/v phòng, chống dịch sốt xuất huyết

                        Kính gửi:
                        - Các bệnh viện đa khoa tuyến tỉnh;
                        - Các trạm y tế xã, phường.

Để chủ động phòng, chống dịch, Sở Y tế đề nghị các đơn vị thực hiện các nội dung sau:

"""
    notice = read("1. Bố trí khu điều trị riêng cho người bệnh.", head)
    assert [(o.text, o.implied) for o in notice.directives[0].owners] == [
        ("Các bệnh viện đa khoa tuyến tỉnh", True),
        ("Các trạm y tế xã, phường", True),
    ]


class Registry:
    def resolve(self, phrase: str) -> str | None:
        return {"Sở Tài chính": "so-tai-chinh"}.get(phrase)


def test_resolver_gives_codes_and_unresolved_owners_are_warned():
    notice = read(
        "1. Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát biên chế.",
        resolver=Registry(),
    )
    assert [(o.text, o.org) for o in notice.directives[0].owners] == [
        ("Sở Tài chính", "so-tai-chinh"),
        ("Sở Nội vụ", None),
    ]
    assert "item 1: owner 'Sở Nội vụ' is not in the registry" in texts(
        notice.warnings, "en"
    )


def test_without_a_resolver_no_owner_is_resolved_or_warned():
    notice = read("1. Sở Tài chính rà soát biên chế.")
    assert [o.org for o in notice.directives[0].owners] == [None]
    assert not any("registry" in w for w in texts(notice.warnings, "en"))


def _owners_of(body: str) -> dict[str, list[tuple[str, str, bool]]]:
    text = "Số: 9/CT-UBND       Hà Nam, ngày 20 tháng 5 năm 2025\n\nCHỈ THỊ\n\n" + body
    notice = parse_notice(text, calendar=WorkCalendar())
    return {
        d.ref: [(o.text, o.role, o.implied) for o in d.owners]
        for d in notice.directives
    }


def test_an_item_told_to_each_of_a_set_takes_no_owner_from_the_item_before():
    """ "Mỗi xã, phường …" speaks to each commune: the department of the item before is
    not its subject; an item with no subject at all still takes it."""
    got = _owners_of(
        "1. Sở Nội vụ hướng dẫn quy trình đánh giá cán bộ.\n\n"
        "2. Mỗi xã, phường chọn một mô hình dân vận khéo để nhân rộng.\n\n"
        "3. Tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trong tháng 6/2025.\n"
    )
    assert got["2"] == []
    assert got["3"] == [("Sở Nội vụ", "lead", True)]


def test_a_heading_that_names_a_body_gives_the_items_under_it_their_owner():
    got = _owners_of(
        "**I. Ủy ban nhân dân các xã, phường**\n\n"
        "1. Thường xuyên kiểm tra các khu vực nguy hiểm.\n\n"
        "2. Chỉ đạo Công an xã phối hợp với các thôn tuần tra tại các điểm tắm.\n"
    )
    implied = [("Ủy ban nhân dân các xã, phường", "lead", True)]
    assert got == {"I.1": implied, "I.2": implied}


def test_a_restrictive_qualifier_stays_in_the_owner_phrase():
    got = _owners_of(
        "1. Các cơ quan, đơn vị được giao nhiệm vụ tại Mục II xây dựng kế hoạch.\n"
        "2. Sở Xây dựng:\n"
        "a) Phối hợp với UBND các xã bị ảnh hưởng khắc phục sạt lở.\n"
    )
    assert got["1"] == [
        ("Các cơ quan, đơn vị được giao nhiệm vụ tại Mục II", "lead", False)
    ]
    assert got["2.a"] == [
        ("Sở Xây dựng", "lead", False),
        ("UBND các xã bị ảnh hưởng", "support", False),
    ]


def test_lettered_item_opening_with_lanh_dao_keeps_the_owner_of_its_lead_in_line():
    notice = read(
        "1. Ban cán sự đảng UBND tỉnh:\n\n"
        "a) Lãnh đạo Ủy ban nhân dân tỉnh chỉ đạo các sở bố trí vốn.\n\n"
        "b) Chỉ đạo Quỹ Đầu tư phát triển tỉnh ưu tiên cho vay."
    )
    assert [(d.ref, [o.text for o in d.owners]) for d in notice.directives] == [
        ("1.a", ["Ban cán sự đảng UBND tỉnh"]),
        ("1.b", ["Ban cán sự đảng UBND tỉnh"]),
    ]


def test_item_that_states_figures_and_shortcomings_is_no_directive():
    notice = read(
        "1. Tỷ lệ hộ nghèo giảm còn 6,2%; tuy vậy kết quả ở vùng sâu chưa bền vững.\n\n"
        "2. Sở Nội vụ rà soát hồ sơ."
    )
    assert [d.ref for d in notice.directives] == ["2"]


# --- owner boundaries of notices the team never saw -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sở Y tế chủ trì, phối hợp với Sở Tài chính, Ủy ban nhân dân huyện Kim Sơn, "
            "Công an tỉnh tổ chức kiểm tra an toàn thực phẩm.",
            [
                ("Sở Y tế", "lead"),
                ("Sở Tài chính", "support"),
                ("Ủy ban nhân dân huyện Kim Sơn", "support"),
                ("Công an tỉnh", "support"),
            ],
        ),
        (
            "Thủ trưởng các sở, ban, ngành tỉnh chịu trách nhiệm chỉ đạo, kiểm tra việc "
            "thực hiện, báo cáo kết quả trước ngày 15/12/2025.",
            [("Thủ trưởng các sở, ban, ngành tỉnh", "lead")],
        ),
        (
            "Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố tập trung chỉ đạo "
            "giải phóng mặt bằng.",
            [("Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố", "lead")],
        ),
        (
            "Các chủ đầu tư, nhà thầu thi công khẩn trương đẩy nhanh tiến độ.",
            [("Các chủ đầu tư", "lead"), ("nhà thầu thi công", "lead")],
        ),
        (
            "Ban Quản lý dự án tỉnh yêu cầu nhà thầu bảo đảm an toàn lao động.",
            [("Ban Quản lý dự án tỉnh", "lead")],
        ),
        (
            "Sở Xây dựng rà soát quy hoạch chung. Sở Tài chính thẩm định, trình Ủy ban "
            "nhân dân tỉnh phê duyệt trong tháng 11/2025.",
            [("Sở Xây dựng", "lead"), ("Sở Tài chính", "lead")],
        ),
        (
            "Ủy ban nhân dân các huyện chỉ đạo mỗi xã, thị trấn xây dựng một mô hình.",
            [("Ủy ban nhân dân các huyện", "lead")],
        ),
        ("Mỗi xã, thị trấn lựa chọn 01 mô hình điểm để chỉ đạo.", []),
    ],
)
def test_owner_boundaries_of_the_genre(text: str, expected: list[tuple[str, str]]):
    """Mixed-level partners, heads of agencies, bodies outside the state, a second
    sentence's owner; a distributive "mỗi xã" is nobody's name."""
    assert [(o.text, o.role) for o in find_owners(text)] == expected


def test_being_accountable_before_someone_is_no_work():
    assert (
        find_owners(
            "Giám đốc các sở chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh."
        )
        == []
    )


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # people and firms outside the state are told to act like any body
        (
            "Các chủ tàu cá, thuyền trưởng chấp hành quy định về nhật ký khai thác.",
            [("Các chủ tàu cá", "lead"), ("thuyền trưởng", "lead")],
        ),
        (
            "Chủ cơ sở kinh doanh, chủ nhà trọ, ban quản trị nhà chung cư trang bị "
            "bình chữa cháy.",
            [
                ("Chủ cơ sở kinh doanh", "lead"),
                ("chủ nhà trọ", "lead"),
                ("ban quản trị nhà chung cư", "lead"),
            ],
        ),
        (
            "Các nhà thầu xây lắp, tư vấn giám sát bố trí kỹ sư thường trực tại hiện "
            "trường.",
            [("Các nhà thầu xây lắp", "lead"), ("tư vấn giám sát", "lead")],
        ),
        (
            "Các nhà máy thủy điện độc lập vận hành hồ chứa theo quy trình liên hồ.",
            [("Các nhà máy thủy điện độc lập", "lead")],
        ),
        # a news agency is a body of its own in a list of broadcasters
        (
            "Đài Phát thanh tỉnh, Thông tấn xã Việt Nam đưa tin về mùa mưa bão.",
            [("Đài Phát thanh tỉnh", "lead"), ("Thông tấn xã Việt Nam", "lead")],
        ),
        # heads of agencies: a bare title shares the object of the next one
        (
            "Giám đốc, Thủ trưởng các sở, ban, ngành tỉnh, Chủ tịch UBND các xã rà "
            "soát hồ sơ tồn đọng.",
            [
                ("Giám đốc, Thủ trưởng các sở, ban, ngành tỉnh", "lead"),
                ("Chủ tịch UBND các xã", "lead"),
            ],
        ),
        (
            "Giao các Phó Thủ tướng Chính phủ đôn đốc các bộ theo lĩnh vực phụ trách.",
            [("các Phó Thủ tướng Chính phủ", "lead")],
        ),
        # "Vụ" names a department when capitalised; "và" inside one body's name
        (
            "Cục Thống kê chủ trì, phối hợp với Vụ Tổng hợp, Báo và Phát thanh, "
            "Truyền hình tỉnh công bố số liệu.",
            [
                ("Cục Thống kê", "lead"),
                ("Vụ Tổng hợp", "support"),
                ("Báo và Phát thanh, Truyền hình tỉnh", "support"),
            ],
        ),
    ],
)
def test_owners_of_the_wider_genre(item: str, expected: list[tuple[str, str]]):
    """Non-state owners, heads of agencies and names holding "và" are read whole."""
    assert owners_of(item) == expected


def test_organising_inspection_teams_names_no_owner():
    """ "Tổ chức các đoàn kiểm tra …" opens with the verb: the teams are not owners."""
    assert find_owners("Tổ chức các đoàn kiểm tra liên ngành trong dịp Tết.") == []


def test_lower_case_vu_is_no_department():
    """ "nhiệm vụ", "vụ Đông Xuân": "vụ" names a department only as "Vụ …"."""
    found = find_owners("Sở Nông nghiệp chỉ đạo gieo cấy vụ Đông Xuân đúng lịch.")
    assert [o.text for o in found] == ["Sở Nông nghiệp"]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            "Đối với các dự án chưa giải ngân, Sở Tài chính rà soát, điều chuyển vốn.",
            [("Sở Tài chính", "lead")],
        ),
        (
            "Công an tỉnh hoàn thành xác minh trong tháng 5/2025; quá thời hạn trên, "
            "Thanh tra tỉnh tiếp nhận hồ sơ để xử lý.",
            [("Công an tỉnh", "lead"), ("Thanh tra tỉnh", "lead")],
        ),
        (
            "Trường hợp vượt thẩm quyền, UBND các xã báo cáo Sở Nội vụ để tổng hợp.",
            [("UBND các xã", "lead")],
        ),
    ],
)
def test_subject_after_a_fronted_phrase_is_the_owner(item, expected):
    """A clause may open with a condition or topic up to a comma ("Đối với …,",
    "quá thời hạn trên,", "Trường hợp …,"): the body after it is the subject."""
    assert owners_of(item) == expected


def test_firms_and_cooperatives_are_separate_owners():
    """ "Các doanh nghiệp, hợp tác xã" names two kinds of body that each act."""
    assert owners_of(
        "Các doanh nghiệp, hợp tác xã chủ động phương án tiêu thụ nông sản."
    ) == [("Các doanh nghiệp", "lead"), ("hợp tác xã", "lead")]
    assert owners_of("Doanh nghiệp vận tải kiểm tra phương tiện trước mỗi chuyến.") == [
        ("Doanh nghiệp vận tải", "lead")
    ]


def test_the_body_a_heading_owner_leads_is_no_owner():
    """Under "III. ĐỐI VỚI ĐẢNG ĐOÀN HĐND TỈNH", "Lãnh đạo Ủy ban bầu cử tỉnh …" opens
    with the verb: the committee is led, the Party group named in the heading acts."""
    notice = read(
        "I. ĐỐI VỚI BAN TỔ CHỨC TỈNH ỦY\n\n"
        "Thẩm định hồ sơ nhân sự trước ngày 10/8/2025.\n\n"
        "II. ĐỐI VỚI ĐẢNG ĐOÀN HĐND TỈNH\n\n"
        "Lãnh đạo Ủy ban bầu cử tỉnh công bố danh sách người ứng cử trong tháng 9/2025."
    )
    assert [[o.text for o in d.owners] for d in notice.directives][-1] == [
        "ĐẢNG ĐOÀN HĐND TỈNH"
    ]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            "Bộ Tài chính bố trí vốn; phối hợp với Bộ Xây dựng điều hòa vốn giữa các "
            "dự án.",
            [("Bộ Tài chính", "lead"), ("Bộ Xây dựng", "support")],
        ),
        (
            "Các địa phương cấp phép khai thác mỏ đất đắp trong quý I/2026.",
            [("Các địa phương", "lead")],
        ),
    ],
)
def test_a_partner_or_subject_ends_at_its_verb(item, expected):
    """ "điều hòa", "cấp phép" are verbs: the body's name ends before them."""
    assert owners_of(item) == expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Sở Xây dựng san gạt mặt bằng khu tái định cư.", "Sở Xây dựng"),
        ("Bộ Ngoại giao vận động các đối tác tài trợ.", "Bộ Ngoại giao"),
        ("Sở Giao thông vận tải tỉnh cắm biển cảnh báo.", "Sở Giao thông vận tải tỉnh"),
        (
            "Sở Nông nghiệp và Phát triển nông thôn các tỉnh gieo cấy đúng lịch.",
            "Sở Nông nghiệp và Phát triển nông thôn các tỉnh",
        ),
        (
            "Sở Nội vụ các tỉnh, thành phố nhập dữ liệu.",
            "Sở Nội vụ các tỉnh, thành phố",
        ),
    ],
)
def test_a_ministry_or_department_name_ends_after_its_capitalised_words(item, expected):
    """A Bộ or Sở is named by capitalised words with one lower-case syllable each
    ("Xây dựng"), a level or a known tail ("vận tải"): a second lower-case word is
    the predicate, even a verb the reader does not know ("san gạt", "vận động")."""
    assert owners_of(item) == [(expected, "lead")]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # subjects listed in clauses of their own, the predicate after the last ";"
        (
            "Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các huyện căn cứ chức "
            "năng, nhiệm vụ xây dựng kế hoạch.",
            [
                ("Thủ trưởng các sở, ban, ngành tỉnh", "lead"),
                ("Chủ tịch UBND các huyện", "lead"),
            ],
        ),
        # names listed after "các sở, ngành:" belong to the phrase
        (
            "Các sở, ngành: Y tế, Giáo dục và Đào tạo theo chức năng hướng dẫn các xã.",
            [("Các sở, ngành: Y tế, Giáo dục và Đào tạo", "lead")],
        ),
        # a militia is a body of its own after a list of villages
        (
            "Công an xã chủ trì, phối hợp với các thôn, bản và lực lượng dân quân tự vệ "
            "tuần tra ban đêm.",
            [
                ("Công an xã", "lead"),
                ("các thôn, bản", "support"),
                ("lực lượng dân quân tự vệ", "support"),
            ],
        ),
        # "tổng hợp" inside a service centre's name is no verb
        (
            "Trung tâm Dịch vụ tổng hợp xã bố trí điểm tiếp nhận hồ sơ.",
            [("Trung tâm Dịch vụ tổng hợp xã", "lead")],
        ),
    ],
)
def test_subject_lists_across_clauses_and_names_with_verbs_inside(item, expected):
    """Co-subjects split by ";", named lists after a colon, and names holding a verb."""
    assert owners_of(item) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Hải quan tỉnh",
        "Kiểm lâm tỉnh",
        "Thi hành án dân sự tỉnh",
        "Cảnh sát phòng cháy, chữa cháy tỉnh",
        "Kiểm toán Nhà nước khu vực XII",
        "Cảng hàng không Pleiku",
        "Đại học Quốc gia Hà Nội",
        "Các nhà trường",
        "Lực lượng cảnh sát",
        "VNPT Gia Lai",
    ],
)
def test_more_kinds_of_body_lead_their_clause(body: str):
    """Customs, rangers, enforcement, police, auditors, airports, universities,
    schools and state firms are bodies a notice tells to act."""
    assert owners_of(f"{body} tăng cường kiểm tra, xử lý vi phạm.") == [(body, "lead")]


@pytest.mark.parametrize(
    ("item", "body"),
    [
        ("Công an xã siết chặt quản lý cư trú.", "Công an xã"),
        ("Hội Cựu chiến binh xã chăm lo đời sống hội viên.", "Hội Cựu chiến binh xã"),
        (
            "Trung tâm Kiểm soát bệnh tật tỉnh xét nghiệm mẫu bệnh phẩm.",
            "Trung tâm Kiểm soát bệnh tật tỉnh",
        ),
    ],
)
def test_more_verbs_end_the_subject(item: str, body: str):
    """ "siết chặt", "chăm lo", "xét nghiệm" start the predicate."""
    assert owners_of(item) == [(body, "lead")]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # the legal form, then a name with lower-case words in it
        (
            "Công ty cổ phần Xây lắp điện Miền Trung hoàn trả mặt bằng thi công.",
            [("Công ty cổ phần Xây lắp điện Miền Trung", "lead")],
        ),
        # a name ends on its proper name, whatever verb comes after it
        (
            "Công ty TNHH MTV Môi trường đô thị Tân An thu gom rác thải sau lễ hội.",
            [("Công ty TNHH MTV Môi trường đô thị Tân An", "lead")],
        ),
        # a dash inside the name does not end it
        (
            "Tổng công ty Cơ khí - Xây dựng Bình Minh phối hợp với Sở Xây dựng khắc "
            "phục sự cố.",
            [
                ("Tổng công ty Cơ khí - Xây dựng Bình Minh", "lead"),
                ("Sở Xây dựng", "support"),
            ],
        ),
    ],
)
def test_companies_are_owners_up_to_the_end_of_their_name(
    item: str, expected: list[tuple[str, str]]
):
    assert owners_of(item) == expected


def test_an_item_first_line_stopping_on_a_joining_word_wraps_into_the_next():
    """ "**2.** Trung tâm Kiểm soát bệnh tật và" over "Y tế dự phòng …": a wrapped name,
    not a topic line over a paragraph."""
    notice = read(
        "**1.** Trung tâm Văn hóa, Thể thao và\nDu lịch tỉnh tổ chức giải chạy "
        "trong tháng 9/2025."
    )
    assert [(o.text, o.role) for o in notice.directives[0].owners] == [
        ("Trung tâm Văn hóa, Thể thao và Du lịch tỉnh", "lead")
    ]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # bodies at every level share the levels named after the last of them
        (
            "Đảng ủy, Ủy ban nhân dân các phường, thị trấn rà soát quỹ đất công.",
            [
                ("Đảng ủy các phường, thị trấn", "lead"),
                ("Ủy ban nhân dân các phường, thị trấn", "lead"),
            ],
        ),
        (
            "Đảng ủy, HĐND, UBND xã Hòa Phú chuẩn bị đại hội điểm.",
            [
                ("Đảng ủy xã Hòa Phú", "lead"),
                ("HĐND xã Hòa Phú", "lead"),
                ("UBND xã Hòa Phú", "lead"),
            ],
        ),
        # the units' names after the levels go with them; a bare level too
        (
            "Đảng ủy, UBND các phường Bắc Hà, Nam Hà giải tỏa hành lang vỉa hè.",
            [
                ("Đảng ủy các phường Bắc Hà, Nam Hà", "lead"),
                ("UBND các phường Bắc Hà, Nam Hà", "lead"),
            ],
        ),
        (
            "Đảng ủy, UBND, Ủy ban MTTQ xã phát động phong trào thi đua.",
            [
                ("Đảng ủy xã", "lead"),
                ("UBND xã", "lead"),
                ("Ủy ban MTTQ xã", "lead"),
            ],
        ),
        # only the levels: a qualifier after them stays with the last body
        (
            "Đảng ủy, UBND các xã vùng cao vận động Nhân dân bỏ tục lệ lạc hậu.",
            [("Đảng ủy các xã", "lead"), ("UBND các xã vùng cao", "lead")],
        ),
        # a body that is not at every level keeps its own name
        (
            "Văn phòng, UBND các xã tổng hợp kết quả.",
            [("Văn phòng", "lead"), ("UBND các xã", "lead")],
        ),
        # a board named by a list of its tasks, with no "và"
        (
            "Hội đồng bồi thường, hỗ trợ, tái định cư dự án khẩn trương lập phương án.",
            [("Hội đồng bồi thường, hỗ trợ, tái định cư dự án", "lead")],
        ),
        # people of several kinds, one owner
        (
            "Cán bộ, công chức, viên chức và người lao động không sử dụng xe công "
            "vào việc riêng.",
            [("Cán bộ, công chức, viên chức và người lao động", "lead")],
        ),
        # party organisations after party committees, under one "các"
        (
            "Các cấp ủy, tổ chức đảng lãnh đạo việc chuẩn bị đại hội.",
            [("Các cấp ủy, tổ chức đảng", "lead")],
        ),
        # owners of one kind only: "là tổ chức, doanh nghiệp" restricts them
        (
            "Các chủ rừng là tổ chức, doanh nghiệp lập phương án phòng cháy rừng.",
            [("Các chủ rừng là tổ chức, doanh nghiệp", "lead")],
        ),
        (
            "Các hộ chăn nuôi khai báo đàn gia cầm với thôn.",
            [("Các hộ chăn nuôi", "lead")],
        ),
        # partners outside the state after "phối hợp với" support like any body
        (
            "Ban Quản lý dự án tỉnh chủ trì, phối hợp với Sở Xây dựng, UBND phường "
            "Nam Sơn, các nhà thầu thi công hoàn trả mặt đường.",
            [
                ("Ban Quản lý dự án tỉnh", "lead"),
                ("Sở Xây dựng", "support"),
                ("UBND phường Nam Sơn", "support"),
                ("các nhà thầu thi công", "support"),
            ],
        ),
        # "mỗi xã, phường" is each one of a set: no owner
        (
            "Mỗi xã, phường xây dựng ít nhất một mô hình dân vận khéo.",
            [],
        ),
        # a post's remit goes with the title, up to the verb of the visit
        (
            "Các đồng chí Ủy viên Ban Thường vụ phụ trách địa bàn thăm, tặng quà "
            "các gia đình người có công.",
            [("Các đồng chí Ủy viên Ban Thường vụ phụ trách địa bàn", "lead")],
        ),
        # the body named as the focal point is the one that acts
        (
            "Cục Quản lý thị trường là đầu mối tiếp nhận, xử lý phản ánh của người "
            "tiêu dùng.",
            [("Cục Quản lý thị trường", "lead")],
        ),
        # a ministry's name with "và" ends before "trong quá trình …"
        (
            "Các sở, ngành phối hợp chặt chẽ với Sở Khoa học và Công nghệ trong quá "
            "trình thẩm định.",
            [("Các sở, ngành", "lead"), ("Sở Khoa học và Công nghệ", "support")],
        ),
        # "tổ chức đảng viên" organises party members: no body
        (
            "Chi bộ tổ chức đảng viên học tập nghị quyết.",
            [("Chi bộ", "lead")],
        ),
    ],
)
def test_owner_lists_of_round_three(item: str, expected: list[tuple[str, str]]):
    assert owners_of(item) == expected


def test_a_regime_for_people_in_a_lead_in_names_no_owner():
    """ "chế độ đối với cán bộ, công chức nghỉ việc": "đối với" after a noun names whom
    the regime concerns; the bodies after "đề nghị" are the owners."""
    notice = read(
        "1. Tổng hợp số người nghỉ việc, gửi Sở Nội vụ trước ngày 15/7/2025.",
        HEAD.replace(
            "Chủ tịch UBND tỉnh kết luận:",
            "Để báo cáo chế độ đối với cán bộ, công chức, viên chức nghỉ việc, "
            "UBND tỉnh đề nghị các sở, ngành thực hiện:",
        ),
    )
    assert [(o.text, o.implied) for o in notice.directives[0].owners] == [
        ("các sở, ngành", True)
    ]


def test_a_sub_item_requiring_contractors_stays_with_the_body_above():
    """Under "1. Ban Quản lý dự án tỉnh:", "b) Yêu cầu các nhà thầu …" is the board
    requiring it of its contractors: the board is the owner, the contractors are not;
    a state body after "Yêu cầu" is the owner of its own."""
    notice = read(
        "1. Ban Quản lý dự án tỉnh:\na) Lập tiến độ chi tiết các gói thầu.\n"
        "b) Yêu cầu các nhà thầu thi công tăng ca, bảo đảm an toàn lao động.\n"
        "c) Yêu cầu Sở Xây dựng kiểm tra chất lượng công trình."
    )
    _a, b, c = notice.directives
    assert [(o.text, o.role) for o in b.owners] == [("Ban Quản lý dự án tỉnh", "lead")]
    assert [(o.text, o.role) for o in c.owners] == [("Sở Xây dựng", "lead")]


def test_a_paragraph_turning_to_other_bodies_after_a_finished_item_is_not_part_of_it():
    """ "2. … trước ngày 30/9/2025.\\n\\nĐối với các doanh nghiệp …: …" after the list: the
    last item keeps its own owner and date; the paragraph adds neither."""
    notice = read(
        "1. Sở Công Thương kiểm tra thị trường xăng dầu.\n\n"
        "2. Sở Tài chính báo cáo giá cả trước ngày 30/9/2025.\n\n"
        "Đối với các doanh nghiệp kinh doanh xăng dầu: bảo đảm nguồn hàng, báo cáo "
        "Sở Công Thương trước ngày 15/10/2025."
    )
    last = notice.directives[-1]
    assert [(o.text, o.role) for o in last.owners] == [("Sở Tài chính", "lead")]
    assert [d.due for d in last.deadlines] == [date(2025, 9, 30)]
    # Under a topic line the same paragraph is part of the item.
    topic = read(
        "1. Về bình ổn thị trường\n\nĐối với Sở Công Thương: kiểm tra thị trường "
        "xăng dầu trước ngày 15/10/2025."
    )
    assert [o.text for o in topic.directives[0].owners] == ["Sở Công Thương"]


def test_a_paragraph_turning_to_other_bodies_leaves_a_nested_item_too():
    """The same paragraph after the last item of a section, or after a lettered
    sub-item, is no part of that item either."""
    in_section = read(
        "I. NHIỆM VỤ TRỌNG TÂM\n\n"
        "1. Sở Y tế kiểm tra an toàn thực phẩm.\n\n"
        "2. Sở Công Thương báo cáo nguồn cung trước ngày 20/9/2025.\n\n"
        "Đối với các chợ đầu mối: niêm yết giá, báo cáo Sở Công Thương trước ngày "
        "10/10/2025.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Văn phòng UBND tỉnh theo dõi, đôn đốc.\n"
    )
    got = {
        d.ref: ([o.text for o in d.owners], [m.due for m in d.deadlines])
        for d in in_section.directives
    }
    assert got["I.2"] == (["Sở Công Thương"], [date(2025, 9, 20)])
    assert got["II.1"] == (["Văn phòng UBND tỉnh"], [])
    lettered = read(
        "1. Sở Công Thương:\n"
        "a) Kiểm tra thị trường trước Tết.\n"
        "b) Báo cáo nguồn cung trước ngày 20/9/2025.\n\n"
        "Đối với các chợ đầu mối: niêm yết giá, báo cáo Sở Công Thương trước ngày "
        "10/10/2025.\n"
    )
    last = lettered.directives[-1]
    assert last.ref == "1.b"
    assert [(o.text, o.role) for o in last.owners] == [("Sở Công Thương", "lead")]
    assert [m.due for m in last.deadlines] == [date(2025, 9, 20)]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # A consortium and an association are bodies of their own.
        (
            "Liên danh nhà thầu xây lắp đẩy nhanh tiến độ thi công cầu.",
            [("Liên danh nhà thầu xây lắp", "lead")],
        ),
        (
            "Hiệp hội Doanh nghiệp huyện vận động hội viên tham gia hội chợ.",
            [("Hiệp hội Doanh nghiệp huyện", "lead")],
        ),
        # An office is named by its seat.
        (
            "Đại diện Văn phòng Bộ tại Thành phố Cần Thơ kiểm tra hồ sơ.",
            [("Đại diện Văn phòng Bộ tại Thành phố Cần Thơ", "lead")],
        ),
        # Only the bodies that have a project: the qualifier stays in the owner.
        (
            "UBND các huyện có công trình thủy lợi kiểm tra an toàn đập.",
            [("UBND các huyện có công trình thủy lợi", "lead")],
        ),
        (
            "Sở Tài chính phối hợp với UBND các địa phương có dự án đầu tư công rà "
            "soát kế hoạch vốn.",
            [
                ("Sở Tài chính", "lead"),
                ("UBND các địa phương có dự án đầu tư công", "support"),
            ],
        ),
    ],
)
def test_consortia_associations_seated_offices_and_qualified_sets(item, expected):
    assert owners_of(item) == expected


@pytest.mark.parametrize(
    "item",
    [
        "Về phương án sắp xếp trụ sở: Thường trực Huyện ủy cơ bản thống nhất. Giao "
        "UBND huyện hoàn chỉnh phương án, báo cáo trong tháng 6/2026.",
        "Ban Thường vụ Huyện ủy đồng ý với đề xuất của Đảng ủy xã. Giao UBND huyện "
        "hoàn chỉnh phương án, báo cáo trong tháng 6/2026.",
    ],
)
def test_a_sentence_that_only_agrees_leaves_the_work_to_the_body_handed_it(item):
    assert owners_of(item) == [("UBND huyện", "lead")]


def test_a_body_that_agrees_and_goes_on_to_act_stays_the_owner():
    item = (
        "Sở Tài chính thống nhất với Sở Xây dựng về phương án giá, báo cáo UBND "
        "huyện. Giao Sở Tư pháp thẩm định."
    )
    assert owners_of(item) == [("Sở Tài chính", "lead"), ("Sở Tư pháp", "lead")]


def test_an_item_that_only_says_who_answers_for_the_result_is_no_directive():
    notice = read(
        "1. Phòng Nội vụ hoàn thành hồ sơ trước ngày 20/3/2026.\n\n"
        "2. Đồng chí Chủ tịch UBND xã chịu trách nhiệm chung trước Thường trực "
        "Huyện ủy về kết quả thực hiện.\n"
    )
    assert [d.ref for d in notice.directives] == ["1"]


def test_members_assigned_to_an_area_keep_the_assignment_in_their_name():
    item = (
        "Các đồng chí Ủy viên Ban Thường vụ Huyện ủy được phân công phụ trách cụm "
        "xã miền núi trực tiếp kiểm tra, đôn đốc."
    )
    assert owners_of(item) == [
        (
            "Các đồng chí Ủy viên Ban Thường vụ Huyện ủy được phân công phụ trách cụm "
            "xã miền núi",
            "lead",
        )
    ]


def test_the_chairs_remark_names_no_owner():
    notice = read(
        "1. Sở Xây dựng hướng dẫn thủ tục cấp phép trong 10 ngày làm việc. Phó Chủ "
        "tịch UBND tỉnh nhấn mạnh, việc cấp phép phải công khai, minh bạch.\n"
    )
    assert [o.text for o in notice.directives[0].owners] == ["Sở Xây dựng"]


def test_what_the_meeting_agreed_is_no_directive():
    notice = read(
        "1. Hội nghị thống nhất giới thiệu 03 đồng chí tham gia quy hoạch.\n\n"
        "2. Giao Ban Tổ chức hoàn thiện hồ sơ trong tháng 5/2026.\n"
    )
    assert [d.ref for d in notice.directives] == ["2"]


@pytest.mark.parametrize(
    ("item", "owner"),
    [
        ("Phòng Hậu cần chuẩn bị nhà ăn cho đoàn.", "Phòng Hậu cần"),
        (
            "Văn phòng thường trực Ban Chỉ đạo huyện tổng hợp số liệu.",
            "Văn phòng thường trực Ban Chỉ đạo huyện",
        ),
        (
            "Đội Cảnh sát điều tra Công an huyện lập hồ sơ vụ việc.",
            "Đội Cảnh sát điều tra Công an huyện",
        ),
        ("Phòng Cảnh sát quản lý xuất nhập cảnh rà soát hồ sơ.", None),
    ],
)
def test_a_verb_syllable_inside_a_units_name_does_not_end_it(
    item: str, owner: str | None
):
    """ "Hậu cần", "thường trực", a police branch named by what it does: the name goes
    on; a capitalised word after a verb's first syllable starts a name."""
    got = owners_of(item)
    if owner is None:
        assert got[0][0].startswith("Phòng Cảnh sát quản lý")
    else:
        assert got == [(owner, "lead")]


def test_a_units_number_or_list_of_numbers_stays_in_its_name():
    """ "Trạm Kiểm lâm khu vực 4", "Ban Chỉ huy khu vực 1, 2": the numbers name the unit;
    the list then goes on to the next body."""
    assert owners_of("Trạm Kiểm lâm khu vực 4 tuần tra ven biển.") == [
        ("Trạm Kiểm lâm khu vực 4", "lead")
    ]
    assert owners_of(
        "Ban Chỉ huy khu vực 1, 2 và Trạm Kiểm lâm số 3 tuần tra rừng phòng hộ."
    ) == [("Ban Chỉ huy khu vực 1, 2", "lead"), ("Trạm Kiểm lâm số 3", "lead")]


def test_a_time_phrase_put_first_does_not_hide_the_subject():
    assert owners_of("Trong tháng này, Trạm Y tế xã tiêm bổ sung cho trẻ.") == [
        ("Trạm Y tế xã", "lead")
    ]


def test_sub_items_keep_the_partners_their_item_named():
    notice = read(
        "1. Phòng Y tế chủ trì, phối hợp với Trạm Y tế xã:\n"
        "a) Kiểm tra bếp ăn tập thể của các trường trước ngày 20/5/2025;\n"
        "b) Hướng dẫn các hộ kinh doanh bảo quản thực phẩm.\n"
    )
    assert [[(o.text, o.role) for o in d.owners] for d in notice.directives] == [
        [("Phòng Y tế", "lead"), ("Trạm Y tế xã", "support")]
    ] * 2


def test_a_joint_venture_is_named_by_the_full_names_of_its_members():
    """ "Liên danh …" lists each member firm in full, longer than most names; "Thiết
    bị" is a noun, its syllable "bị" no passive."""
    assert owners_of(
        "Liên danh Công ty cổ phần Cơ điện Sông Đà - Công ty TNHH Thiết bị điện "
        "Bắc Hà bàn giao hồ sơ hoàn công trong tháng 8/2025."
    ) == [
        (
            "Liên danh Công ty cổ phần Cơ điện Sông Đà - Công ty TNHH Thiết bị điện "
            "Bắc Hà",
            "lead",
        )
    ]


def test_a_verb_drafting_a_paper_is_no_part_of_the_name_before_it():
    """ "đầu tư xây dựng" names a project board, but "chủ đầu tư xây dựng kế hoạch"
    drafts a plan."""
    assert owners_of(
        "Sở Giao thông chủ trì, phối hợp với chủ đầu tư xây dựng kế hoạch phân luồng."
    ) == [("Sở Giao thông", "lead"), ("chủ đầu tư", "support")]
    assert owners_of("Ban Quản lý dự án đầu tư xây dựng tỉnh lập hồ sơ mời thầu.") == [
        ("Ban Quản lý dự án đầu tư xây dựng tỉnh", "lead")
    ]


def test_money_handed_out_before_hands_no_work_on():
    """ "nguồn đã giao cho các đơn vị": the budget given earlier, not a new owner."""
    assert owners_of(
        "Phòng Tài chính bố trí kinh phí từ nguồn sự nghiệp đã giao cho các trường "
        "và nguồn tiết kiệm chi."
    ) == [("Phòng Tài chính", "lead")]


def test_a_business_named_by_its_trade_keeps_the_trade_in_its_name():
    """ "các cơ sở thu mua phế liệu" is a kind of business; the verb after it acts."""
    assert owners_of(
        "Đội Quản lý thị trường số 3 và các cơ sở mua bán gas niêm yết giá bán."
    ) == [
        ("Đội Quản lý thị trường số 3", "lead"),
        ("các cơ sở mua bán gas", "lead"),
    ]
    assert owners_of("Các cơ sở thu mua nông sản lập sổ theo dõi nguồn gốc.") == [
        ("Các cơ sở thu mua nông sản", "lead")
    ]


def test_the_partners_of_a_body_only_directed_to_lead_are_no_owners():
    """ "Chỉ đạo Phòng X chủ trì, phối hợp với Phòng Y …": both are the object of the
    direction; the item's owner is the one who directs."""
    notice = read(
        "Đề nghị Ủy ban nhân dân các huyện:\n"
        "1. Chỉ đạo Phòng Giáo dục chủ trì, phối hợp với Phòng Y tế kiểm tra bếp ăn "
        "bán trú.\n"
    )
    assert [(o.text, o.role) for o in notice.directives[0].owners] == [
        ("Ủy ban nhân dân các huyện", "lead")
    ]


def test_a_partner_named_in_lower_case_after_phoi_hop_voi_is_a_body():
    """A letter to the departments of every province names each one's counterpart
    generically, in lower case: "phối hợp với sở tư pháp" is still a partner; a head
    that is also a verb ("phối hợp với tổ chức thực hiện") is none."""
    notice = read(
        "Đề nghị các sở nội vụ:\n"
        "1. Phối hợp với sở tư pháp rà soát văn bản về tổ chức bộ máy.\n"
        "2. Chủ động phối hợp với tổ chức thực hiện kế hoạch.\n"
        "3. Phối hợp với sở xây dựng rà soát trụ sở dôi dư.\n"
    )
    # "sở xây dựng": the head is left alone before the verb "xây dựng", no body.
    assert [[(o.text, o.role) for o in d.owners] for d in notice.directives] == [
        [("các sở nội vụ", "lead"), ("sở tư pháp", "support")],
        [("các sở nội vụ", "lead")],
        [("các sở nội vụ", "lead")],
    ]


def test_a_hospitals_clinical_department_is_a_body():
    """ "Khoa Kiểm soát nhiễm khuẩn", "các khoa": a hospital's departments; "khoa học"
    is no department."""
    assert owners_of(
        "Chi bộ Khoa Nội phối hợp với Phòng Điều dưỡng, Khoa Dược rà soát "
        "cơ số thuốc cấp cứu."
    ) == [
        ("Chi bộ Khoa Nội", "lead"),
        ("Phòng Điều dưỡng", "support"),
        ("Khoa Dược", "support"),
    ]
    assert owners_of("Các khoa lâm sàng cập nhật phác đồ điều trị.") == [
        ("Các khoa lâm sàng", "lead")
    ]


def test_a_unit_named_by_its_trade_and_number_is_a_body():
    """ "Xí nghiệp thoát nước số 3": a company's unit named in lower case by what it
    does, then numbered."""
    assert owners_of(
        "Xí nghiệp thoát nước số 3 phối hợp với Ủy ban nhân dân phường nạo vét cống."
    ) == [
        ("Xí nghiệp thoát nước số 3", "lead"),
        ("Ủy ban nhân dân phường", "support"),
    ]


def test_bodies_that_joined_a_programme_keep_it_in_their_name():
    """ "Các hợp tác xã tham gia Chương trình OCOP hoàn thiện …": only those in the
    programme; with no verb after it, "tham gia" is the verb."""
    assert owners_of(
        "Các hợp tác xã tham gia Chương trình mỗi xã một sản phẩm hoàn thiện hồ sơ "
        "đánh giá sản phẩm."
    ) == [("Các hợp tác xã tham gia Chương trình mỗi xã một sản phẩm", "lead")]
    assert owners_of("Các hợp tác xã tham gia Chương trình mỗi xã một sản phẩm.") == [
        ("Các hợp tác xã", "lead")
    ]


def test_retail_establishments_are_bodies():
    assert owners_of(
        "Các siêu thị, trung tâm thương mại kéo dài thời gian bán hàng dịp lễ."
    ) == [("Các siêu thị", "lead"), ("trung tâm thương mại", "lead")]
