import pytest

from domain.recurrence import find_recurrence


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("xác định là nhiệm vụ thường xuyên", "ongoing"),
        ("duy trì thường xuyên công tác tuần tra", "ongoing"),
        ("theo dõi liên tục diễn biến của bão", "ongoing"),
        ("báo cáo kết quả trước ngày 20 hằng tháng", "monthly"),
        ("định kỳ hằng tháng báo cáo UBND tỉnh", "monthly"),
        ("báo cáo hàng tháng", "monthly"),
        ("báo cáo 01 lần/tháng", "monthly"),
        ("định kỳ hằng quý báo cáo tình hình", "quarterly"),
        ("báo cáo trước ngày 25 của tháng cuối quý", "quarterly"),
        ("03 tháng/lần tổ chức kiểm tra", "quarterly"),
        ("tổng kết hằng năm", "yearly"),
        ("thông báo công khai danh sách hằng tuần", "weekly"),
        ("tham mưu tổ chức giao ban định kỳ theo quy chế", "periodic"),
        ("báo cáo định kỳ 6 tháng, năm", "periodic"),
        ("6 tháng một lần báo cáo", "periodic"),
        ("theo dõi độ mặn hằng ngày", "periodic"),
        ("tiếp tục nắm bắt tình hình dư luận", None),
        ("hoàn thành trước ngày 30/9/2022", None),
        ("bố trí nguồn chi thường xuyên năm 2025", None),
        # what often happens to a place is no way of working
        ("nạo vét cống tại các khu dân cư thường xuyên bị ngập úng", None),
        ("di dời hộ dân ở nơi thường xuyên xảy ra sạt lở đất", None),
        ("chở nước sạch cho các thôn thường xuyên thiếu nước ngọt", None),
        ("phân luồng tại các nút giao thường xuyên ùn tắc giờ cao điểm", None),
        # the name of a training programme
        ("cử giáo viên tham gia bồi dưỡng thường xuyên theo kế hoạch", None),
        ("kiểm tra thường xuyên các điểm hay bị ngập", "ongoing"),
        ("trình tại phiên họp thường kỳ tháng 10/2023", None),
    ],
)
def test_recurrence_cue_gives_its_value(text, recurrence):
    assert find_recurrence(text) == recurrence


@pytest.mark.parametrize(
    "text",
    [
        "sinh hoạt định kỳ; gửi báo cáo trước ngày 25 hằng tháng",
        "thường xuyên kiểm tra, báo cáo hằng tháng",
    ],
)
def test_explicit_calendar_period_wins_over_ongoing_and_periodic(text):
    assert find_recurrence(text) == "monthly"
