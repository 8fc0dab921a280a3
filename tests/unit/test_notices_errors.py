"""Bad input gives a NoticeParseError naming the source; any text gives nothing else."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import NoticeParseError
from domain.notice_warnings import texts
from domain.notices import ParsedNotice, parse_notice
from domain.workdays import WorkCalendar

NOTICE = """HUYỆN ỦY HÒA BÌNH                       ĐẢNG CỘNG SẢN VIỆT NAM
      *
Số 120-TB/HU                        Hòa Bình, ngày 10 tháng 3 năm 2025

THÔNG BÁO
Kết luận của Thường trực Huyện ủy

I. NHIỆM VỤ
1. Ban Tổ chức Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy hướng dẫn đại hội,
hoàn thành trước ngày 15/4/2025.
2. Các chi bộ thường xuyên báo cáo tình hình trước ngày 20 hằng tháng.
a) Rà soát danh sách đảng viên trong quý II/2025;
b) **Thực hiện** 5 ngày làm việc sau kỳ nghỉ Tết.

| STT | Nội dung | Đơn vị chủ trì | Thời gian |
| 1 | Tập huấn | Ban Tuyên giáo Huyện ủy | Tháng 5/2025 |

Thường trực Huyện ủy thông báo để các cơ quan biết, thực hiện./.

Nơi nhận:                                    T/L BAN THƯỜNG VỤ
- Như trên,                                  CHÁNH VĂN PHÒNG
- Lưu VP.
                                             Trần Văn Bình
"""


def read(text: str) -> ParsedNotice:
    return parse_notice(text, calendar=WorkCalendar(), source="thong-bao.txt")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t \n", "empty"),
        ("\x00\x01\x02\x03" * 200, "not text"),
        ("Hôm nay trời đẹp. Chúng tôi đi chơi công viên và ăn kem.\n", "not a notice"),
        (NOTICE.split("I. NHIỆM VỤ")[0], "no directives"),
    ],
)
def test_bad_input_is_refused_with_a_reason_naming_the_source(text, reason):
    with pytest.raises(NoticeParseError, match=reason) as caught:
        read(text)
    assert caught.value.source == "thong-bao.txt"
    assert "thong-bao.txt" in str(caught.value)


def test_the_reference_notice_reads():
    notice = read(NOTICE)
    assert [d.ref for d in notice.directives] == ["I.1", "I.2.a", "I.2.b", "I.1'"]
    assert "item I.1: the same number twice; the later item is kept as I.1'" in texts(
        notice.warnings, "en"
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_gives_a_notice_or_a_parse_error(text):
    try:
        result = read(text)
    except NoticeParseError:
        return
    assert isinstance(result, ParsedNotice)


_PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        " ",
        "**",
        "*",
        "-",
        "|",
        "1.",
        "2)",
        "(3)",
        "II.",
        "a)",
        "Điều 2.",
        "Thứ nhất,",
        "Số ",
        "/",
        "ngày 31 tháng 2 năm 2025",
        "trước ngày 29/2",
        "trong quý V",
        "tháng 13/2025",
        "năm 9999",
        "trước Tết Nguyên đán năm 2300",
        "20 tháng Chạp",
        "15/8 âm lịch",
        "thứ Hai tuần sau",
        "trong 999 ngày làm việc",
        "Giao",
        "phối hợp với",
        "các",
        "Sở Tài chính",
        "(",
        ")",
        "T/M",
        "Nơi nhận:",
        "STT | Nội dung | Đơn vị chủ trì",
        "\ufeff",
        "\u0301",
        "O",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_notice_gives_a_notice_or_a_parse_error(data):
    text = NOTICE
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 40))
        text = text[:at] + data.draw(_PIECES) + text[at + cut :]
    try:
        result = read(text)
    except NoticeParseError:
        return
    for directive in result.directives:
        start, end = directive.span
        assert 0 <= start <= end <= len(text)
    assert isinstance(result.to_dict(), dict)
