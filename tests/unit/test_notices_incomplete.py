"""Documents as offices receive them: a header part missing, a portal's lead sentence,
a preamble naming the issuer, addressees as implied owners, absent parts absent."""

import json
from datetime import date

import pytest

from domain.errors import NoticeParseError
from domain.notice_header import read_lead
from domain.notice_warnings import texts
from domain.notices import GivenHeader, ParsedNotice, parse_notice
from domain.workdays import WorkCalendar

LETTER = """BỘ NỘI VỤ                              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                        Độc lập - Tự do - Hạnh phúc
                                        Hà Nội, ngày 12 tháng 8 năm 2025

Kính gửi:
- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương;
- Sở Nội vụ các tỉnh, thành phố.

Để bảo đảm tiến độ sắp xếp đơn vị hành chính cấp xã, Bộ Nội vụ đề nghị:

1. Rà soát, thống kê số cán bộ, công chức cấp xã dôi dư, gửi Bộ Nội vụ trước ngày 30/9/2025.

2. Sở Nội vụ các tỉnh, thành phố hướng dẫn các xã lập hồ sơ trong tháng 10/2025.

Bộ Nội vụ đề nghị các địa phương quan tâm thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT, CQĐP.
                                        KT. BỘ TRƯỞNG
                                        THỨ TRƯỞNG



                                        Trần Văn Minh
"""

PORTAL = """Thủ tướng chỉ đạo tập trung khắc phục hậu quả mưa lũ

(Chinhphu.vn) - Thủ tướng Chính phủ Lê Văn Bình vừa ký Công điện số 98/CĐ-TTg ngày 21/8/2025 về việc khắc phục hậu quả mưa lũ, gửi Chủ tịch Ủy ban nhân dân các tỉnh miền núi phía Bắc; Bộ trưởng Bộ Xây dựng, nêu rõ:

1. Khẩn trương tìm kiếm người mất tích, hỗ trợ người dân bị ảnh hưởng, hoàn thành trước ngày 25/8/2025.

2. Bộ Xây dựng chủ trì, phối hợp với các địa phương khôi phục giao thông trên các tuyến quốc lộ trong tháng 9/2025.
"""

PREAMBLE = """ỦY BAN NHÂN DÂN                        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH ĐỒNG NAM                           Độc lập - Tự do - Hạnh phúc

Thực hiện Chỉ thị số 05/CT-TTg ngày 10/3/2025 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh Đồng Nam yêu cầu:

1. Sở Tài chính chủ trì, phối hợp với các sở, ngành tham mưu phương án phân bổ vốn trước ngày 30/9/2025.

2. Ủy ban nhân dân các xã, phường rà soát danh mục công trình trong tháng 10/2025.

                                        TM. ỦY BAN NHÂN DÂN
                                        KT. CHỦ TỊCH
                                        PHÓ CHỦ TỊCH


                                        Nguyễn Văn An
"""


def read(text: str, given: GivenHeader | None = None) -> ParsedNotice:
    return parse_notice(text, calendar=WorkCalendar(), source="x.txt", given=given)


def test_a_letter_without_its_number_line_still_yields_its_directives():
    notice = read(LETTER)
    assert [d.ref for d in notice.directives] == ["1", "2"]
    assert notice.header.number is None
    assert "notice: no number (Số …) found" in texts(notice.warnings, "en")
    assert (notice.header.kind, notice.header.issued_on) == (
        "CÔNG VĂN",
        date(2025, 8, 12),
    )
    assert notice.directives[0].due_on == date(2025, 9, 30)


def test_the_addressees_are_kept_and_own_the_items_that_name_nobody():
    notice = read(LETTER)
    assert notice.header.addressees == (
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        "Sở Nội vụ các tỉnh, thành phố",
    )
    first, second = notice.directives
    assert [(o.text, o.implied) for o in first.owners] == [
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", True),
        ("Sở Nội vụ các tỉnh, thành phố", True),
    ]
    assert "item 1: no owner named; owner implied from the addressees" in texts(
        notice.warnings, "en"
    )
    assert [(o.text, o.implied) for o in second.owners] == [
        ("Sở Nội vụ các tỉnh, thành phố", False)
    ]


def test_addressees_written_on_one_line_are_one_each():
    text = LETTER.replace(
        "Kính gửi:\n- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương;\n"
        "- Sở Nội vụ các tỉnh, thành phố.",
        "Kính gửi: - Sở Nội vụ tỉnh Bà Rịa - Vũng Tàu; - Ủy ban nhân dân tỉnh Lâm Đồng.",
    )
    assert read(text).header.addressees == (
        "Sở Nội vụ tỉnh Bà Rịa - Vũng Tàu",
        "Ủy ban nhân dân tỉnh Lâm Đồng",
    )


def test_the_header_is_read_from_a_portal_lead_sentence():
    notice = read(PORTAL)
    h = notice.header
    assert (h.number, h.kind, h.issued_on, h.issuer) == (
        "98/CĐ-TTG",
        "CÔNG ĐIỆN",
        date(2025, 8, 21),
        "Thủ tướng Chính phủ",
    )
    assert h.addressees == (
        "Chủ tịch Ủy ban nhân dân các tỉnh miền núi phía Bắc",
        "Bộ trưởng Bộ Xây dựng",
    )
    first, second = notice.directives
    assert [o.text for o in first.owners] == list(h.addressees)
    assert all(o.implied for o in first.owners)
    assert [(o.text, o.role) for o in second.owners] == [
        ("Bộ Xây dựng", "lead"),
        ("các địa phương", "support"),
    ]


def test_the_issuer_is_read_from_a_preamble_and_a_cited_number_is_not_taken():
    notice = read(PREAMBLE)
    assert notice.header.issuer == "Ủy ban nhân dân tỉnh Đồng Nam"
    assert notice.header.number is None  # 05/CT-TTg is the cited directive's
    assert [d.ref for d in notice.directives] == ["1", "2"]
    assert "notice: no number (Số …) found" in texts(notice.warnings, "en")


def test_the_office_supplies_the_missing_parts_before_deadlines_are_read():
    text = LETTER.replace("Hà Nội, ngày 12 tháng 8 năm 2025", "").replace(
        "trước ngày 30/9/2025", "trong 10 ngày kể từ ngày ký"
    )
    alone = read(text)
    assert alone.header.issued_on is None
    assert alone.directives[0].deadlines[0].due is None
    given = GivenHeader(number="215/bnv-cqđp", issued_on=date(2025, 8, 12))
    notice = read(text, given)
    assert (notice.header.number, notice.header.issued_on) == (
        "215/BNV-CQĐP",
        date(2025, 8, 12),
    )
    assert notice.directives[0].due_on == date(2025, 8, 22)
    assert not any(
        "no number" in w or "place-date" in w for w in texts(notice.warnings, "en")
    )
    replaced = read(LETTER, GivenHeader(issuer="Văn phòng Bộ Nội vụ"))
    assert replaced.header.issuer == "Văn phòng Bộ Nội vụ"
    assert any(
        "issuer supplied by the office" in w for w in texts(replaced.warnings, "en")
    )


def test_absent_parts_are_absent_in_json():
    # The portal names no person who signed, and no place.
    data = read(PORTAL.replace(" Lê Văn Bình", "")).to_dict()
    notice = data["notice"]
    assert "signer" not in notice
    assert "place" not in notice
    assert notice["number"] == "98/CĐ-TTG"
    assert None not in notice.values()
    owner = data["directives"][0]["owners"][0]
    assert "org" not in owner
    assert "null" not in json.dumps(data["notice"])


@pytest.mark.parametrize(
    "text",
    [
        "Hôm nay trời đẹp. Chúng tôi đi chơi công viên.\n",
        LETTER.split("1. Rà soát")[0],
    ],
)
def test_only_a_text_with_no_instruction_is_no_directives_found(text):
    with pytest.raises(NoticeParseError, match="no directives found"):
        read(text)


@pytest.mark.parametrize(
    ("lead", "facts"),
    [
        (
            "Ngày 19/7/2025, Văn phòng Chính phủ ban hành Thông báo số 350/TB-VPCP kết "
            "luận của Phó Thủ tướng tại cuộc họp. Thông báo nêu rõ:",
            ("350/TB-VPCP", "THÔNG BÁO", date(2025, 7, 19), "Văn phòng Chính phủ", ()),
        ),
        (
            "Chiều 5/8, Ủy ban nhân dân tỉnh Nghệ An có Công văn số 6789/UBND-NN ngày "
            "5/8/2025 gửi các sở, ngành; Ủy ban nhân dân các huyện về việc phòng, chống "
            "dịch tả lợn châu Phi.",
            (
                "6789/UBND-NN",
                "CÔNG VĂN",
                date(2025, 8, 5),
                "Ủy ban nhân dân tỉnh Nghệ An",
                ("các sở, ngành", "Ủy ban nhân dân các huyện"),
            ),
        ),
    ],
)
def test_lead_sentences_in_other_orders(lead, facts):
    found = read_lead(lead)
    assert (
        found.number,
        found.kind,
        found.issued_on,
        found.issuer,
        found.addressees,
    ) == facts


def test_a_telegram_addressed_by_a_kinh_gui_line_keeps_only_the_bodies():
    """ "… điện:" followed by "Kính gửi:" on a line of its own: the label is no body."""
    text = LETTER.replace(
        "Kính gửi:",
        "CÔNG ĐIỆN\nVề việc sắp xếp cán bộ cấp xã\n\nBỘ TRƯỞNG BỘ NỘI VỤ điện:\n\n"
        "Kính gửi:",
    )
    assert read(text).header.addressees == (
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        "Sở Nội vụ các tỉnh, thành phố",
    )


def test_a_lead_sentence_may_list_names_after_a_colon():
    """ "gửi Chủ tịch UBND các tỉnh: A, B; Bộ trưởng các Bộ: X, Công an" is two
    addressee groups; the colons open name lists, not a new sentence."""
    facts = read_lead(
        "(Chinhphu.vn) - Thủ tướng Chính phủ vừa ký Công điện số 77/CĐ-TTg ngày "
        "02/10/2025 về việc ứng phó bão số 10, gửi Chủ tịch Ủy ban nhân dân các "
        "tỉnh: Quảng Ninh, Hải Phòng; Bộ trưởng các Bộ: Quốc phòng, Công an."
    )
    assert facts.addressees == (
        "Chủ tịch Ủy ban nhân dân các tỉnh: Quảng Ninh, Hải Phòng",
        "Bộ trưởng các Bộ: Quốc phòng, Công an",
    )
    notice = read(
        PORTAL.replace(
            "Chủ tịch Ủy ban nhân dân các tỉnh miền núi phía Bắc; Bộ trưởng Bộ Xây dựng",
            "Chủ tịch Ủy ban nhân dân các tỉnh: Lào Cai, Yên Bái; Bộ trưởng các Bộ: "
            "Xây dựng, Công an",
        )
    )
    assert [o.text for o in notice.directives[0].owners] == [
        "Chủ tịch Ủy ban nhân dân các tỉnh: Lào Cai, Yên Bái",
        "Bộ trưởng các Bộ: Xây dựng, Công an",
    ]


def test_an_addressee_list_joined_by_commas_gives_one_implied_owner_per_body():
    """ "gửi các sở, ngành, Công an tỉnh và UBND các xã" names three kinds of body."""
    notice = read(
        PORTAL.replace(
            "Chủ tịch Ủy ban nhân dân các tỉnh miền núi phía Bắc; Bộ trưởng Bộ Xây dựng",
            "các sở, ngành tỉnh, Công an tỉnh và UBND các xã, phường",
        )
    )
    assert [(o.text, o.implied) for o in notice.directives[0].owners] == [
        ("các sở, ngành tỉnh", True),
        ("Công an tỉnh", True),
        ("UBND các xã, phường", True),
    ]


def test_a_dashed_addressee_wrapped_after_a_comma_goes_on_to_its_next_line():
    """ "- Chủ tịch UBND các tỉnh: Sơn La, Điện Biên,\\nLai Châu;" is one addressee whose
    list wraps onto a line opening with a capital: the next dash, not the capital,
    starts the next addressee, and neither is read as an item."""
    text = LETTER.replace(
        "Kính gửi:\n- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương;",
        "CÔNG ĐIỆN\nVề việc sắp xếp cán bộ cấp xã\n\nBỘ TRƯỞNG BỘ NỘI VỤ điện:\n\n"
        "- Chủ tịch Ủy ban nhân dân các tỉnh: Sơn La, Điện Biên,\nLai Châu, Lào Cai;",
    )
    notice = read(text)
    assert notice.header.addressees == (
        "Chủ tịch Ủy ban nhân dân các tỉnh: Sơn La, Điện Biên, Lai Châu, Lào Cai",
        "Sở Nội vụ các tỉnh, thành phố",
    )
    assert [d.ref for d in notice.directives] == ["1", "2"]


@pytest.mark.parametrize(
    ("opening", "issuer", "signer"),
    [
        (
            "Phó Thủ tướng Chính phủ Đỗ Minh Khôi vừa ký Công điện số 40/CĐ-TTg ngày "
            "3/6/2025 của Thủ tướng Chính phủ về việc phòng, chống nắng nóng, gửi các "
            "bộ, ngành.",
            "Thủ tướng Chính phủ",
            "Đỗ Minh Khôi",
        ),
        (
            "Chủ tịch Ủy ban nhân dân tỉnh Bắc Sơn Nguyễn Thị Lan vừa ký ban hành Chỉ "
            "thị số 07/CT-UBND ngày 10/10/2025 về phòng cháy rừng mùa khô.",
            "Chủ tịch Ủy ban nhân dân tỉnh Bắc Sơn",
            "Nguyễn Thị Lan",
        ),
        (
            "Bộ Công Thương vừa có Công văn số 912/BCT-ĐL gửi các tập đoàn điện lực.",
            "Bộ Công Thương",
            None,
        ),
        (
            # No place after the level word: a family name, a middle name and a given
            # name are the person.
            "Sáng 12/3/2026, Chủ tịch UBND tỉnh Trịnh Văn Khoa đã ký Công điện số "
            "05/CĐ-UBND về phòng, chống hạn hán.",
            "Chủ tịch UBND tỉnh",
            "Trịnh Văn Khoa",
        ),
        (
            # Three capitalised words that are no personal name stay a place.
            "Chủ tịch UBND tỉnh Thừa Thiên Huế vừa ký Công văn số 18/UBND-KT về mùa khô.",
            "Chủ tịch UBND tỉnh Thừa Thiên Huế",
            None,
        ),
    ],
)
def test_a_lead_sentence_names_the_person_who_signed_apart_from_the_issuer(
    opening: str, issuer: str, signer: str | None
):
    """The person after a title signed; the place before them belongs to the issuer,
    and "của <issuer>" after the number names whom a deputy signed for."""
    facts = read_lead(opening)
    assert (facts.issuer, facts.signer) == (issuer, signer)


def test_a_portal_copy_takes_its_signer_from_the_lead_sentence():
    notice = read(PORTAL)
    assert notice.header.signer == "Lê Văn Bình"
    assert not any("signer" in w for w in texts(notice.warnings, "en"))


def test_the_document_handing_out_its_follow_up_after_the_list_closes_the_list():
    """ "Công điện giao Văn phòng Chính phủ theo dõi …" after the last item hands out the
    follow-up in the document's own name: it is no part of the last item."""
    notice = read(
        PORTAL
        + "\nCông điện giao Văn phòng Chính phủ theo dõi, đôn đốc các địa phương.\n"
    )
    assert [o.text for o in notice.directives[-1].owners if o.role == "lead"] == [
        "Bộ Xây dựng"
    ]


def test_a_lead_keeps_the_leading_zero_of_a_number():
    """ "Công điện số 03/CĐ-UBND" keeps its zero, as the number line of a header does."""
    facts = read_lead(
        "Chủ tịch UBND tỉnh vừa ký Công điện số 03/CĐ-UBND ngày 02/4/2026 về việc "
        "phòng, chống hạn hán."
    )
    assert facts.number == "03/CĐ-UBND"


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        (
            "(TTX) - Ban Thường vụ Thành ủy vừa ban hành Chỉ thị về tăng cường công "
            "tác bảo vệ môi trường.",
            "CHỈ THỊ",
        ),
        (
            "Ủy ban nhân dân huyện đã ban hành Kế hoạch ngày 12/5 về phòng chống dịch.",
            "KẾ HOẠCH",
        ),
        # What the document conveys may follow its title word.
        (
            "Thường trực Huyện ủy vừa ban hành Thông báo kết luận về công tác "
            "phòng, chống hạn hán.",
            "THÔNG BÁO",
        ),
        # Written in lower case, the words are no document's name.
        ("Các xã đã ban hành kế hoạch về trồng cây.", None),
    ],
)
def test_a_lead_naming_a_document_without_its_number_gives_its_kind(opening, kind):
    facts = read_lead(opening)
    assert (facts.number, facts.kind) == (None, kind)


def test_a_portal_lead_under_a_headline_and_a_timestamp_names_the_issuer():
    """The headline and the "Cập nhật: … 08:30" line above the lead sentence are
    none of the issuer's name."""
    text = (
        "Tỉnh ủy chỉ đạo phòng, chống hạn hán\n"
        "Cập nhật: 14/3/2027 08:30\n\n"
        "Ban Thường vụ Tỉnh ủy Hòa Bình vừa ban hành Thông báo kết luận về công tác "
        "phòng, chống hạn hán vụ Đông Xuân.\n\n"
        "Ban Thường vụ Tỉnh ủy yêu cầu:\n\n"
        "- Ban Tuyên giáo Tỉnh ủy định hướng tuyên truyền về tiết kiệm nước.\n"
    )
    header = parse_notice(text, calendar=WorkCalendar()).header
    assert (header.kind, header.issuer) == (
        "THÔNG BÁO",
        "Ban Thường vụ Tỉnh ủy Hòa Bình",
    )
