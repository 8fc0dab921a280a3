"""The header and signature block: number, kind, date, place, signer, issuer."""

from datetime import date

import pytest

from domain.notice_warnings import texts
from domain.notices import ParsedNotice, parse_notice
from domain.workdays import WorkCalendar

BODY = """
Ngày 05/3/2025, cơ quan tổ chức họp và kết luận như sau:

1. Ban Tổ chức rà soát quy hoạch cán bộ, hoàn thành trong tháng 4/2025.

2. Văn phòng chuẩn bị kinh phí tổ chức hội nghị.

"""


def read(head: str, foot: str) -> ParsedNotice:
    return parse_notice(head + BODY + foot, calendar=WorkCalendar())


PARTY_HEAD = """ĐẢNG BỘ TỈNH HÒA BÌNH                    ĐẢNG CỘNG SẢN VIỆT NAM
HUYỆN ỦY LẠC SƠN
      *                                  Lạc Sơn, ngày 10 tháng 3 năm 2025
Số 120-TB/HU

THÔNG BÁO
Kết luận của Ban Thường vụ Huyện ủy
"""
STATE_HEAD = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÒA BÌNH                            Độc lập - Tự do - Hạnh phúc
                                         ---------------
Số: 304/TB-UBND                     Hòa Bình, ngày 10 tháng 3 năm 2025

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về tiến độ các dự án
"""


@pytest.mark.parametrize(
    ("head", "number", "place"),
    [
        (PARTY_HEAD, "120-TB/HU", "Lạc Sơn"),
        (STATE_HEAD, "304/TB-UBND", "Hòa Bình"),
        (PARTY_HEAD.replace("Số 120-TB/HU", "số 12O-tb/hu"), "120-TB/HU", "Lạc Sơn"),
        (
            STATE_HEAD.replace("304/TB-UBND", "15/2025/QĐ-UBND"),
            "15/2025/QĐ-UBND",
            "Hòa Bình",
        ),
        (
            STATE_HEAD.replace("Số: 304/TB-UBND", "Số:304 /TB-UBND"),
            "304/TB-UBND",
            "Hòa Bình",
        ),
    ],
)
def test_number_and_place_date_line_are_read_in_both_forms(head, number, place):
    header = read(head, "").header
    assert (header.number, header.place, header.issued_on) == (
        number,
        place,
        date(2025, 3, 10),
    )


def test_ocr_letter_o_in_the_date_is_read_as_zero():
    head = PARTY_HEAD.replace("ngày 10 tháng 3 năm 2025", "ngày 1O tháng 3 năm 2O25")
    assert read(head, "").header.issued_on == date(2025, 3, 10)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("THÔNG BÁO", "THÔNG BÁO"),
        ("THÔNG BÁO KHẨN", "THÔNG BÁO"),
        ("**KẾT LUẬN**", "KẾT LUẬN"),
        ("CHỈ THỊ", "CHỈ THỊ"),
        ("CÔNG ĐIỆN", "CÔNG ĐIỆN"),
        ("KẾ HOẠCH", "KẾ HOẠCH"),
        ("QUYẾT ĐỊNH", "QUYẾT ĐỊNH"),
        ("thông báo", "THÔNG BÁO"),
        ("THÔNG BÁO KẾT LUẬN CỦA BAN THƯỜNG VỤ HUYỆN ỦY", "THÔNG BÁO"),
    ],
)
def test_kind_is_the_title_word_as_printed(title, kind):
    head = PARTY_HEAD.replace("THÔNG BÁO", title)
    assert read(head, "").header.kind == kind


def test_letter_without_a_title_is_a_cong_van_with_its_vv_subject():
    head = """UBND TỈNH HÒA BÌNH                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ                                Độc lập - Tự do - Hạnh phúc
Số: 512/SNV-TCBC                    Hòa Bình, ngày 10 tháng 3 năm 2025
V/v rà soát vị trí việc làm
năm 2025
                     Kính gửi: Các cơ quan, đơn vị thuộc tỉnh.
"""
    header = read(head, "").header
    assert (header.kind, header.subject) == (
        "CÔNG VĂN",
        "rà soát vị trí việc làm năm 2025",
    )
    assert "Các cơ quan, đơn vị thuộc tỉnh" in header.recipients


@pytest.mark.parametrize(
    ("head", "signature", "form", "title", "issuer"),
    [
        (
            PARTY_HEAD,
            "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\n\nLê Văn Khải",
            "T/M",
            "Phó Bí thư",
            "Ban Thường vụ Huyện ủy Lạc Sơn",
        ),
        (
            PARTY_HEAD,
            "**T/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG**\n\n\nLê Văn Khải",
            "T/L",
            "Chánh Văn phòng",
            "Ban Thường vụ Huyện ủy Lạc Sơn",
        ),
        (
            PARTY_HEAD.replace("HUYỆN ỦY LẠC SƠN", "ĐẢNG ỦY XÃ TÂN MỸ"),
            "T/M ĐẢNG ỦY\nBÍ THƯ\n\nLê Văn Khải",
            "T/M",
            "Bí thư",
            "Đảng ủy xã Tân Mỹ",
        ),
        (
            PARTY_HEAD.replace("HUYỆN ỦY LẠC SƠN", "ĐẢNG ỦY XÃ TÂN MỸ"),
            "T/M BAN CHẤP HÀNH\nBÍ THƯ\n\nLê Văn Khải",
            "T/M",
            "Bí thư",
            "Ban Chấp hành Đảng bộ xã Tân Mỹ",
        ),
        (
            STATE_HEAD,
            "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\nLê Văn Khải",
            "T/L",
            "Phó Chánh Văn phòng",
            "Ủy ban nhân dân tỉnh Hòa Bình",
        ),
        (
            STATE_HEAD,
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Khải",
            "T/M",
            "Phó Chủ tịch",
            "Ủy ban nhân dân tỉnh Hòa Bình",
        ),
        (
            STATE_HEAD.replace("THÔNG BÁO", "CHỈ THỊ"),
            "CHỦ TỊCH\n\n\nLê Văn Khải",
            None,
            "Chủ tịch",
            "Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình",
        ),
        (
            STATE_HEAD.replace("ỦY BAN NHÂN DÂN ", "VĂN PHÒNG CHÍNH PHỦ")
            .replace("TỈNH HÒA BÌNH           ", "")
            .replace("304/TB-UBND", "304/TB-VPCP"),
            "KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\n\nLê Văn Khải",
            "K/T",
            "Phó Chủ nhiệm",
            "Văn phòng Chính phủ",
        ),
        (
            STATE_HEAD,
            "TUQ. CHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI VỤ\n\nLê Văn Khải",
            "TUQ",
            "Giám đốc sở nội vụ",
            "Ủy ban nhân dân tỉnh Hòa Bình",
        ),
        (
            STATE_HEAD,
            "Q. CHỦ TỊCH\n\nLê Văn Khải",
            "Q.",
            None,
            "Ủy ban nhân dân tỉnh Hòa Bình",
        ),
    ],
)
def test_signature_form_gives_the_issuing_body(head, signature, form, title, issuer):
    foot = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\n" + signature + "\n"
    header = read(head, foot).header
    assert (header.signing_form, header.signer_title, header.issuer, header.signer) == (
        form,
        title,
        issuer,
        "Lê Văn Khải",
    )


def test_signature_in_the_right_column_beside_the_distribution_list():
    foot = (
        "Nơi nhận:                                          TL. CHỦ TỊCH\n"
        "- CT, các PCT UBND tỉnh;                      KT. CHÁNH VĂN PHÒNG\n"
        "- Các Sở: Tài chính, Nội vụ;                  PHÓ CHÁNH VĂN PHÒNG\n"
        "- Lưu: VT, KTN.                                    Huỳnh Tấn Lộc\n"
    )
    header = read(STATE_HEAD, foot).header
    assert header.signer == "Huỳnh Tấn Lộc"
    assert header.recipients == ("CT, các PCT UBND tỉnh", "Các Sở: Tài chính, Nội vụ")


def test_party_notice_without_an_organisation_line_takes_the_issuer_from_its_symbol():
    head = """Vĩnh Bảo, ngày 22 tháng 9 năm 2023

Số 629-TB/HU

THÔNG BÁO
Ý kiến kết luận của đồng chí Phó Bí thư Thường trực Huyện ủy
"""
    foot = "T/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\n\nNguyễn Văn Hà\n"
    assert read(head, foot).header.issuer == "Ban Thường vụ Huyện ủy Vĩnh Bảo"


def test_lowercased_header_and_signature_are_read():
    head = """tỉnh ủy sông đà
*
số 1093-tb/tu

đảng cộng sản việt nam

Sông Đà, ngày 27 tháng 02 năm 2025

thông báo
kết luận của đồng chí phó bí thư thường trực tỉnh ủy
"""
    foot = (
        "nơi nhận:\n- thường trực tỉnh ủy (b/c),\n- lưu văn phòng tỉnh ủy.\n\n"
        "t/l ban thường vụ\nphó chánh văn phòng\n\n\nNông Thị Huyền\n"
    )
    header = read(head, foot).header
    assert (header.number, header.kind, header.signing_form, header.signer) == (
        "1093-TB/TU",
        "THÔNG BÁO",
        "T/L",
        "Nông Thị Huyền",
    )
    assert header.issuer == "Ban Thường vụ Tỉnh ủy Sông Đà"
    assert header.recipients == ("thường trực tỉnh ủy",)


def test_distribution_list_drops_remarks_and_the_archive_copy():
    foot = (
        "Nơi nhận:\n- Thường trực Huyện ủy “để báo cáo”,\n- Các chi, đảng bộ trực thuộc,\n"
        "- Các huyện ủy, thị ủy, thành ủy,\n  đảng ủy trực thuộc Tỉnh ủy,\n"
        "- Lưu Văn phòng Huyện ủy.\n\nT/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\n\nNguyễn Văn Hà\n"
    )
    assert read(PARTY_HEAD, foot).header.recipients == (
        "Thường trực Huyện ủy",
        "Các chi, đảng bộ trực thuộc",
        "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
    )


def test_missing_header_fields_are_warned():
    notice = parse_notice(
        "THÔNG BÁO\nVề tiến độ\n\n1. Sở Tài chính rà soát kinh phí.\n",
        calendar=WorkCalendar(),
    )
    assert notice.header.number is None
    assert "notice: no number (Số …) found" in texts(notice.warnings, "en")
    assert any("signing date" in w for w in texts(notice.warnings, "en"))


def test_a_title_printed_letter_by_letter_is_the_kind():
    """ "K Ế T  L U Ậ N": one letter at a time, words apart by a wider gap."""
    for title in ("K Ế T  L U Ậ N", "K Ế T L U Ậ N", "C H Ỉ   T H Ị"):
        head = PARTY_HEAD.replace("THÔNG BÁO", title)
        expected = "KẾT LUẬN" if title.startswith("K") else "CHỈ THỊ"
        header = read(head, "").header
        assert (header.kind, header.subject) == (
            expected,
            "Kết luận của Ban Thường vụ Huyện ủy",
        )


def test_a_text_typed_with_two_spaces_between_words_reads_as_single_spaced():
    """Two spaces between every word would split each line into columns; the gaps
    are halved, so the wide gap between the header columns still splits them."""
    foot = "\nNơi nhận:                          T/M BAN THƯỜNG VỤ\n- Như trên;\n"
    foot += "                                   PHÓ BÍ THƯ\n\n"
    foot += "                                   Trần Văn Hùng\n"
    text = PARTY_HEAD + BODY + foot
    doubled = text.replace(" ", "  ")
    notice = parse_notice(doubled, calendar=WorkCalendar())
    single = parse_notice(text, calendar=WorkCalendar())
    assert notice.header == single.header
    assert notice.header.kind == "THÔNG BÁO"
    assert notice.header.signer == "Trần Văn Hùng"
    assert [d.text for d in notice.directives] == [d.text for d in single.directives]
    # The spans point into the text as it was written.
    first = notice.directives[0]
    assert doubled[first.span[0] : first.span[1]].startswith("1.  Ban  Tổ  chức")


def test_lines_spread_with_two_spaces_in_a_single_spaced_text_are_halved():
    """A Word export may justify a few lines with doubled gaps (the place-date line,
    the title, the signer's name) while the rest is typed with single gaps."""
    head = STATE_HEAD.replace(
        "Hòa Bình, ngày 10 tháng 3 năm 2025",
        "Hòa  Bình,  ngày  10  tháng  3  năm  2025",
    ).replace("THÔNG BÁO", "THÔNG  BÁO")
    foot = "\nNơi nhận:                          TL. CHỦ TỊCH\n- Như trên;\n"
    foot += "                                   CHÁNH VĂN PHÒNG\n\n"
    foot += "                                   Phạm  Thu  Trang\n"
    header = read(head, foot).header
    assert header.kind == "THÔNG BÁO"
    assert header.issued_on == date(2025, 3, 10)
    assert header.place == "Hòa Bình"
    assert header.signer == "Phạm Thu Trang"
