"""Every Vietnamese word list the notice reader uses, in one place.

The reader's regular expressions and phrase rules are built from these lists: the
heads that name a body ("Sở", "Ủy ban nhân dân", "các cơ quan"), the verbs that start
a predicate ("chủ trì", "khẩn trương", "tham mưu"), the administrative levels, the
senses of "giao" that hand no work over ("giao thông", "giao ban"), the markers of a
deadline ("trước ngày", "chậm nhất", "trong"), and the words of section headings.
Adding a word here teaches every rule that uses the list.
"""

import re
from collections.abc import Iterable
from enum import StrEnum


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of ``phrases``, longest first, spaces matching any spacing.

    Args:
        phrases: words or multi-word phrases, lower-case.

    Returns:
        ``(?:…|…)`` to be compiled with ``re.IGNORECASE``.
    """
    ordered = sorted(set(phrases), key=lambda p: (-len(p.split()), -len(p), p))
    return (
        "(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered) + ")"
    )


# --- "giao" --------------------------------------------------------------------------

# "giao" hands work over ("Giao Sở X chủ trì …") except where it is the first syllable
# of another word: "giao thông", "giao dịch", "giao lưu", "giao kết" …
GIAO_OTHER_SENSES = (
    "thông",
    "dịch",
    "lưu",
    "tiếp",
    "nhận",
    "diện",
    "hàng",
    "hữu",
    "thoa",
    "quân",
    "kết",
    "thương",
)
# … or the second syllable of one: "bàn giao", "chuyển giao"; after "vốn" it is the
# capital allotted ("đạt 40% kế hoạch vốn giao"), not work handed over.
GIAO_AFTER = ("bàn", "chuyển", "vốn")
# "giao ban" is a briefing meeting, unless "Ban" is a board given work: "Giao Ban cán
# sự đảng …", "giao Ban Tuyên giáo …" (or any capitalised board name).
GIAO_BOARDS = (
    "cán sự",
    "chỉ đạo",
    "chỉ huy",
    "quản lý",
    "thường vụ",
    "chấp hành",
    "tuyên giáo",
    "dân vận",
    "tổ chức",
    "nội chính",
    "kinh tế",
    "văn hóa",
    "pháp chế",
    "an toàn",
)


# --- bodies ------------------------------------------------------------------------

# Bodies outside the state: owners when told to act, but a state body that "yêu cầu
# nhà thầu …" is the one told to act.
NON_STATE_HEADS = (
    "chủ đầu tư",
    "nhà đầu tư",
    "nhà thầu",
    "đơn vị thi công",
    "đơn vị tư vấn",
    "tư vấn giám sát",
    "tư vấn thiết kế",
    "nhà máy",
    "chủ tàu",
    "thuyền trưởng",
    "chủ phương tiện",
    "chủ cơ sở",
    "chủ nhà trọ",
    "chủ hộ",
    "chủ rừng",
    "chủ trang trại",
    "chủ doanh nghiệp",
    "ban quản trị",
    "hộ kinh doanh",
    "hộ chăn nuôi",
    "hộ nuôi trồng thủy sản",
    "hộ sản xuất",
    "cơ sở kinh doanh",
    "cơ sở sản xuất",
    "cơ sở lưu trú",
    "bến xe",
    "nhà xe",
    "người sử dụng lao động",
    "doanh nghiệp",
    "hợp tác xã",
    "tổ hợp tác",
    "liên danh",
    # retail establishments: "Các siêu thị, trung tâm thương mại kéo dài giờ mở cửa"
    "siêu thị",
    "trung tâm thương mại",
)

# Heads of companies, the legal form first ("Công ty cổ phần …", "Công ty TNHH …"):
# their names end on a proper name, whatever word follows it.
COMPANY_HEADS = (
    "công ty cổ phần",
    "công ty trách nhiệm hữu hạn",
    "công ty tnhh",
    "công ty",
    "tổng công ty",
    "tập đoàn",
)

# People named by their standing, listed as one owner: "Cán bộ, đảng viên, công chức,
# viên chức không …" are everyone of those kinds, told to act alike.
PEOPLE_HEADS = frozenset(
    {
        "cán bộ",
        "đảng viên",
        "công chức",
        "viên chức",
        "người lao động",
        "đoàn viên",
        "hội viên",
        "chiến sĩ",
        "giáo viên",
    }
)

# Phrases that open a clause before its subject, up to a comma: "Đối với vốn chưa
# phân bổ, các bộ hoàn thành …", "quá thời hạn này, Bộ Tài chính tổng hợp …".
FRONTED_OPENERS = (
    "đối với",
    "riêng",
    "quá thời hạn",
    "sau thời hạn",
    "hết thời hạn",
    "trường hợp",
    "sau khi",
    "trước khi",
    "ngay sau khi",
    "khi",
    "nếu",
    "trên cơ sở",
    "căn cứ",
    "để",
    "nhằm",
    "trong quá trình",
    "trong thời gian",
    "thời gian tới",
    "từ nay đến",
    # "Trong tuần này, Công an xã …": a time phrase put first.
    "trong tuần",
    "trong tháng",
    "trong quý",
    "trong năm",
    "trong dịp",
    "trong đợt",
)

# Words that may open a noun phrase before its head.
DETERMINERS = ("tất cả các", "toàn thể", "đội ngũ", "các", "những", "mỗi", "từng")
PLURAL_DETERMINERS = frozenset(
    {"các", "những", "mỗi", "từng", "toàn thể", "tất cả các"}
)

# Administrative levels: never a body of their own after a comma or "và".
LEVELS = frozenset(
    {
        "xã",
        "phường",
        "thị trấn",
        "huyện",
        "tỉnh",
        "thành phố",
        "thị xã",
        "quận",
        "đặc khu",
    }
)
# Heads that name a body on their own wherever they stand.
STRONG_HEADS = (
    "ủy ban nhân dân",
    "ủy ban mặt trận tổ quốc",
    "ủy ban kiểm tra",
    "ủy ban",
    "ubnd",
    "ubmttq",
    "mttq",
    "hội đồng nhân dân",
    "hđnd",
    "hdnd",
    "hội đồng",
    "ban thường vụ",
    "ban chấp hành",
    "ban cán sự đảng",
    "ban cán sự",
    "ban chỉ đạo",
    "ban chỉ huy",
    "ban quản lý",
    "ban",
    "văn phòng",
    "vp",
    "công an",
    "đảng ủy",
    "đảng đoàn",
    "đảng bộ",
    "huyện ủy",
    "tỉnh ủy",
    "thành ủy",
    "thị ủy",
    "quận ủy",
    "chi bộ",
    "cấp ủy",
    "chính quyền",
    "ngành",
    "đoàn thể",
    "cơ quan",
    "đơn vị",
    "địa phương",
    "giám đốc",
    "phó giám đốc",
    "thủ trưởng",
    "chủ tịch",
    "phó chủ tịch",
    "bí thư",
    "phó bí thư",
    "chánh văn phòng",
    "chánh thanh tra",
    "hiệu trưởng",
    "chỉ huy trưởng",
    "trưởng phòng",
    "phó trưởng phòng",
    "trưởng ban",
    "phó trưởng ban",
    "đồng chí",
    "cộng tác viên",
    "mặt trận tổ quốc",
    "người đứng đầu",
    "bộ chỉ huy",
    "bộ đội biên phòng",
    "kho bạc",
    "tòa án",
    "viện kiểm sát",
    "bảo hiểm xã hội",
    "thường trực",
    "ủy viên",
    "công đoàn",
    "tỉnh đoàn",
    "huyện đoàn",
    "thành đoàn",
    "tổ công tác",
    "tổ giúp việc",
    "tổ dân phố",
    "bộ phận",
    "ấp",
    "thôn",
    "cổng thông tin",
    "đồn biên phòng",
    "thông tấn xã",
    "phó thủ tướng",
    "lực lượng dân quân",
    "lực lượng vũ trang",
    "lực lượng chức năng",
    "lực lượng công an",
    "lực lượng cảnh sát",
    "lực lượng quân đội",
    "lực lượng quân sự",
    "lực lượng xung kích",
    "dân quân tự vệ",
    "hải quan",
    "kiểm lâm",
    "thi hành án",
    "cảnh sát",
    "kiểm toán nhà nước",
    "cảng hàng không",
    "viettel",
    "vnpt",
    "evn",
    "tổ trưởng",
    "tổ chức đảng",
    "tổ chức cơ sở đảng",
    # Bodies outside the state that notices still hand work to.
    *NON_STATE_HEADS,
)
# Heads that are also common words ("báo cáo", "bộ máy", "phòng, chống", "hội nghị"):
# they name a body only before a capitalised name, a level word, or after "các".
WEAK_HEADS = (
    "thành viên",
    "thanh tra",
    "lãnh đạo",
    "trưởng",
    "phó trưởng",
    "bộ trưởng",
    "bộ",
    "sở",
    "cục",
    "chi cục",
    "tổng cục",
    "phòng",
    "trung tâm",
    "bệnh viện",
    "trường",
    "viện",
    "quỹ",
    "đài",
    "báo",
    "hội",
    "liên đoàn",
    "đoàn",
    *COMPANY_HEADS,
    "ngân hàng",
    "chi nhánh",
    "cảng vụ",
    "điện lực",
    "lực lượng",
    "tổ",
    "tổ chức",
    "cán bộ",
    "công chức",
    "đảng viên",
    "viên chức",
    "hộ gia đình",
    *LEVELS,
    "bản",
    "khu phố",
    "cấp",
    "trạm",
    "hạt",
    "đội",
    "xí nghiệp",
    "bảo tàng",
    "cơ sở",
    "thư viện",
    "học viện",
    "văn phòng đăng ký",
    "thuế",
    "viễn thông",
    "liên minh",
    "hiệp hội",
    "đại diện",
    "vụ",
    "đại học",
    "nhà trường",
    # a hospital's clinical departments: "Khoa Kiểm soát nhiễm khuẩn"
    "khoa",
)
# Lower-case heads that continue a list under one shared "các" ("các sở, ban, ngành").
GENERIC_HEADS = frozenset(
    {
        "ngành",
        "đoàn thể",
        "ban",
        "sở",
        "bộ",
        "cơ quan",
        "đơn vị",
        "địa phương",
        "đảng đoàn",
        "ban cán sự đảng",
        "đảng ủy",
        "đảng bộ",
        "huyện ủy",
        "thị ủy",
        "thành ủy",
        "quận ủy",
        "tỉnh ủy",
        "chi bộ",
        "tổ chức",
        "doanh nghiệp",
        "hội",
        "đoàn",
        "phòng",
        "trường",
        "trung tâm",
        "ấp",
        "thôn",
        "bản",
        "tổ dân phố",
        "khu phố",
        "tổ chức đảng",
        "tổ chức cơ sở đảng",
    }
)
PERSON_TITLES = frozenset(
    {
        "chủ tịch",
        "phó chủ tịch",
        "bí thư",
        "phó bí thư",
        "giám đốc",
        "phó giám đốc",
        "trưởng",
        "phó trưởng",
        "ủy viên",
        "chánh văn phòng",
        "thủ trưởng",
        "chỉ huy trưởng",
        "trưởng phòng",
        "trưởng ban",
        "bộ trưởng",
        "phó thủ tướng",
        "tổ trưởng",
    }
)
# Vietnamese family names: where a capitalised run after a title ("Chủ tịch Ủy ban nhân
# dân tỉnh Hòa Bình Lê Văn A") stops being a place and starts being a person.
_SURNAME_TEXT = """
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý lục lâm
trịnh đinh mai trương đoàn lương đào hà tạ cao chu lưu quách tô thái triệu
vương kiều khổng tăng nông hứa âu mạc thân tống từ
"""
SURNAMES = frozenset(_SURNAME_TEXT.split())
# Common middle names: a family name, one of these and a given name after a level word
# ("Chủ tịch UBND tỉnh Lê Văn A") are a person, not a place of three words.
_MIDDLE_NAME_TEXT = """
văn thị đình đức hữu ngọc xuân quang công quốc bá duy trọng tiến mạnh kim thanh
hồng việt hải trung thế đăng khắc như phương
"""
MIDDLE_NAMES = frozenset(_MIDDLE_NAME_TEXT.split())
# Heads that name a body only when written with a capital ("Vụ Pháp chế"): lower-case
# they are common words ("nhiệm vụ", "vụ Đông Xuân").
CAPITALISED_HEADS = frozenset({"vụ"})
NOT_HEAD_AFTER = {
    "ban": ("hành", "đầu", "ngày", "đêm", "bố"),
    "phòng": ("chống", "ngừa", "cháy", "tránh", "bệnh", "dịch"),
    "hội": ("nghị", "thảo", "thi", "diễn", "viên", "nhập", "chợ"),
    "tổ": ("chức",),
    "tổ chức đảng": ("viên",),
    "trường": ("hợp",),
    "đoàn": ("kết", "viên"),
    "cấp": ("thẻ", "phép", "giấy", "phát", "bách", "có", "kinh", "vốn"),
    "bộ": ("máy", "tiêu", "luật", "hồ", "dữ"),
    "lãnh đạo": ("chỉ", "và"),
    "cơ sở": ("dữ", "hạ", "vật", "pháp", "khoa", "để", "cho"),
    "khoa": ("học",),
}

# --- verbs -------------------------------------------------------------------------

# Where the predicate of a clause starts. A capitalised word is part of a name
# ("Ban Chỉ đạo", "Ban Xây dựng Đảng"), so only lower-case words count.
_VERB_TEXT = """
cần, phải, nên, sớm, trình, nắm, gửi, lập, giao, mời, ký, mở, nộp, lấy, xin, tìm, theo, có,
chịu, tăng, giảm, dừng, chưa, không, vừa, rà, đón, thu, làm tốt, làm rõ, làm việc,
khẩn trương, tiếp tục, thường xuyên, chủ động, tích cực, tập trung, tăng cường, chủ trì,
phối hợp, chỉ đạo, lãnh đạo, rà soát, thực hiện, tổ chức, triển khai, xây dựng, hoàn thành,
hoàn thiện, hoàn chỉnh, hoàn tất, tham mưu, bám sát, đẩy mạnh, đẩy nhanh, duy trì, tổng hợp,
hướng dẫn, theo dõi, kiểm tra, nghiên cứu, chuẩn bị, quán triệt, bố trí, ban hành, báo cáo,
nắm chắc, nắm bắt, quan tâm, phát huy, nâng cao, thông báo, công khai, đôn đốc, giám sát,
xem xét, xử lý, giải quyết, tiếp thu, cập nhật, vận động, tuyên truyền, đề xuất, định hướng,
cụ thể hóa, phân công, phân bổ, chấn chỉnh, khắc phục, đảm bảo, bảo đảm, rút kinh nghiệm,
thẩm định, phê duyệt, hỗ trợ, đánh giá, tổng kết, sơ kết, biên soạn, soạn thảo, dự thảo,
thành lập, kiện toàn, củng cố, đề nghị, yêu cầu, quản lý, điều hành, điều chỉnh, sửa đổi,
bổ sung, cung cấp, thu thập, tiếp nhận, thẩm tra, lựa chọn, tiến hành, khởi công, giải ngân,
phân loại, thống kê, điều tra, đăng ký, liên hệ, trao đổi, thống nhất, căn cứ, khẩn cấp,
nhanh chóng, kịp thời, nghiêm túc, quyết liệt, phấn đấu, tháo gỡ, kiểm soát, tuần tra,
ngăn chặn, vận hành, sắp xếp, ứng phó, di dời, sơ tán, khảo sát, bàn giao, thực thi,
kiểm điểm, công bố, niêm yết, tham gia, tham dự, tập huấn, bồi dưỡng, đào tạo, thu hồi,
chi trả, thanh toán, quyết toán, lưu ý, chú trọng, ưu tiên, phát động, hưởng ứng, sẵn sàng,
áp dụng, vận dụng, nhân rộng, kiểm kê, góp ý, tiếp xúc, đối thoại, thúc đẩy, huy động,
khuyến khích, nghiêm cấm, cương quyết, kiên quyết, tuyệt đối, phát hiện, trực tiếp,
lồng ghép, ứng dụng, số hóa, chuyển đổi, giới thiệu, tiếp đón, tạm dừng, đình chỉ, nhất là,
đặc biệt, cố gắng, chuyển giao, đề ra, tiếp cận, nghiệm thu, thanh tra, kiểm toán,
điều phối, mua sắm, hoàn trả, vào cuộc, tăng tốc, phổ biến, rút ngắn, quy định, tiếp tục,
đăng tải, bảo vệ, phòng ngừa, phòng chống, chống, gương mẫu, nghiêm, khẩn, sớm có, cho ý kiến,
đối chiếu, cân đối, cấp phát, lắp đặt, khôi phục, kêu gọi, chỉnh trang, thăm hỏi, mở rộng,
tự, tự giác, luôn, cũng, hằng, định kỳ, làm, lên, cử, đưa, phun, dọn, dọn dẹp, thả, chuyển,
thay, mua, cấm, hạn chế, ra quân, di chuyển, gia cố, cảnh báo, kiểm đếm, dự trữ, xác minh,
khoanh vùng, tiêu hủy, nâng cấp, sửa chữa, cắt, treo, dán, đăng, cắm, phân luồng, trực ban,
truy quét, báo về, tiêm, đổi mới, rà, canh gác, ghi nhận, nắm rõ, tiếp nhận,
xác định, giúp, phân tích, đo đạc, trích đo, cắm mốc, kiến nghị, trả lời, phản hồi,
ký kết, tập hợp, hiệp thương, chấp hành, trang bị, tháo dỡ, phân bổ, lưu trữ,
điều hòa, điều tiết, điều chuyển, điều động, cấp phép, cấp giấy, cấp thẻ, bàn bạc,
tiêu thụ, bảo quản, xác nhận, ghi chép, sàng lọc, siết chặt, chỉ định, đảm nhận, đảm nhiệm,
vận chuyển, cứu trợ, cải tạo, duy tu, bảo dưỡng, bảo trì, thiết lập, giải thể, sáp nhập,
hợp nhất, chấm dứt, phong tỏa, cách ly, khử trùng, tiêu độc, cấp cứu, điều trị, xét nghiệm,
truy vết, chăm lo, khen thưởng, xử phạt, cưỡng chế, giải tỏa, đấu tranh, triệt phá, bắt giữ,
tạm ứng, gia hạn, kê khai, thảo luận, lấy ý kiến, xin ý kiến, giải đáp, không để,
nạo vét, khơi thông, khai báo, thăm, tặng quà, phủ sóng, cơ bản thống nhất, cơ bản đồng ý,
cơ bản nhất trí, đồng ý, nhất trí, chấp thuận, kéo dài
"""

VERBS: tuple[str, ...] = tuple(
    verb.strip() for verb in _VERB_TEXT.replace("\n", " ").split(",") if verb.strip()
)

# Words that end a phrase without starting an action: a passive, a past, a purpose.
STOPPERS = frozenset(
    [
        "được",
        "đã",
        "đang",
        "sẽ",
        "bị",
        "là",
        "để",
        "nhằm",
        "thì",
        "khi",
        "nếu",
        "mà",
        "vì",
        "do",
        "tại",
        "về",
        "với",
        "trước",
        "từ",
        "đến",
        "cho",
        "sau",
        "nhưng",
        "như",
        "này",
        "đó",
        "ngay",
        "bằng",
        "qua",
    ]
)
# After "trong", a place keeps the phrase going ("các đơn vị trong tỉnh").
PLACE_AFTER_TRONG = frozenset(
    {"tỉnh", "huyện", "xã", "thành", "địa", "khu", "ngành", "hệ"}
)
# Words a name may contain although they would otherwise end it.
NAME_COMPOUNDS = frozenset(
    {
        ("cơ quan", "tham mưu"),
        ("cơ quan", "chủ trì"),
        ("cơ quan", "thường trực"),
        ("cơ quan", "chuyên môn"),
        ("có", "liên quan"),
        ("đầu tư", "xây dựng"),
        ("văn phòng", "đăng ký"),
        # Nouns one of whose syllables is a verb: "công trình" is a work, not "trình".
        ("công", "trình"),
        ("quy", "trình"),
        ("chương", "trình"),
        ("tờ", "trình"),
        ("lộ", "trình"),
        ("tiến", "trình"),
        ("hành", "trình"),
        ("giáo", "trình"),
        *(("giao", word) for word in GIAO_OTHER_SENSES),
        ("thư", "ký"),
        # A noun one of whose syllables is a stop word: "thiết bị" is equipment.
        ("thiết", "bị"),
        ("tiền", "gửi"),
        ("hàng", "không"),
        ("và", "vừa"),
        ("trật", "tự"),
        ("tự", "quản"),
        ("tự", "vệ"),
        ("tự", "nhiên"),
        ("trạm", "dừng"),
        ("trạm", "thu"),
        ("thu", "nhập"),
        ("phát", "thanh"),
        ("hằng", "số"),
        ("giúp", "việc"),
        ("công tác", "đặc biệt"),
        ("độc", "lập"),
        ("bầu", "cử"),
        ("ngoại", "giao"),
        ("ứng", "cử"),
        # "Phòng Hậu cần", "Văn phòng thường trực", police branches named by what
        # they do ("Cảnh sát điều tra", "Cảnh sát quản lý hành chính …").
        ("hậu", "cần"),
        ("thường", "trực"),
        ("cảnh sát", "điều tra"),
        ("cảnh sát", "quản lý"),
        ("cảnh sát", "bảo vệ"),
        ("cảnh sát", "cơ động"),
    }
)
# Lower-case pairs that still belong to a ministry's or department's name ("Bộ Giao
# thông vận tải", "Sở Nông nghiệp và Phát triển nông thôn").
MINISTRY_NAME_TAILS = frozenset({("vận", "tải"), ("nông", "thôn")})
NAME_VERB_HEADS = frozenset(
    {
        "ban",
        "hội đồng",
        "đoàn",
        "tổ",
        "bộ phận",
        "trung tâm",
        "phòng",
        "cơ quan",
        "ủy ban",
        "văn phòng",
    }
)

# Businesses named by their trade ("các cơ sở thu mua phế liệu", "hộ buôn bán gia
# cầm"): a trade verb right after such a head names the business, not its action.
TRADE_HEADS = frozenset({"cơ sở", "hộ", "doanh nghiệp", "cửa hàng", "đại lý"})
TRADES = frozenset(
    {
        "thu mua",
        "mua bán",
        "buôn bán",
        "kinh doanh",
        "sản xuất",
        "chế biến",
        "giết mổ",
        "tái chế",
        "vận chuyển",
        "khai thác",
        "chăn nuôi",
        "nuôi trồng",
        "cho thuê",
    }
)

# Units under the administrative levels: like a level, they end a body's name.
SUBLEVELS = frozenset({"thôn", "ấp", "bản", "buôn", "làng", "tổ dân phố", "khu phố"})

# --- deadlines -----------------------------------------------------------------------


class DeadlineMarker(StrEnum):
    """What the words before a deadline's date say about it."""

    BEFORE = "before"  # trước ngày D
    LATEST = "latest"  # chậm nhất, muộn nhất, hạn chót, không quá
    UNTIL = "until"  # đến hết, hết, đến ngày
    WITHIN = "within"  # trong, trong vòng, trong thời hạn
    ON = "on"  # vào
    AT = "at"  # tại phiên họp …
    END = "end"  # cuối tháng, cuối năm
    START = "start"  # đầu năm
    MIDDLE = "middle"  # giữa năm
    AFTER = "after"  # sau N ngày


DEADLINE_MARKERS: dict[str, DeadlineMarker] = {
    "chậm nhất là trước": DeadlineMarker.BEFORE,
    "trước": DeadlineMarker.BEFORE,
    "chậm nhất": DeadlineMarker.LATEST,
    "muộn nhất": DeadlineMarker.LATEST,
    "hạn chót": DeadlineMarker.LATEST,
    "không quá": DeadlineMarker.LATEST,
    "đến hết": DeadlineMarker.UNTIL,
    "hết": DeadlineMarker.UNTIL,
    "đến": DeadlineMarker.UNTIL,
    "ngay trong": DeadlineMarker.WITHIN,
    "trong": DeadlineMarker.WITHIN,
    "vào": DeadlineMarker.ON,
    "tại": DeadlineMarker.AT,
    "cuối": DeadlineMarker.END,
    "đầu": DeadlineMarker.START,
    "giữa": DeadlineMarker.MIDDLE,
    "sau": DeadlineMarker.AFTER,
}


# --- sections ------------------------------------------------------------------------

# Headings of a part that reviews the past: its items are no directives.
EVALUATION_HEADINGS = (
    "đánh giá",
    "kết quả",
    "tình hình",
    "ưu điểm",
    "hạn chế",
    "tồn tại",
    "nguyên nhân",
    "bối cảnh",
    "đặc điểm",
    "thực trạng",
    "những việc đã làm",
    # an inspection's findings: "VI PHẠM, KHUYẾT ĐIỂM", "THIẾU SÓT"
    "khuyết điểm",
    "thiếu sót",
    "sai phạm",
)
# Headings of objectives and principles: directives only where a body is named.
OBJECTIVE_HEADINGS = (
    "mục đích",
    "mục tiêu",
    "yêu cầu",
    "quan điểm",
    "nguyên tắc",
    "căn cứ",
    "sự cần thiết",
    "phạm vi",
    "đối tượng",
)
# Headings of the tasks: they win over the two lists above ("NHIỆM VỤ VÀ GIẢI PHÁP").
TASK_HEADINGS = (
    "nhiệm vụ",
    "giải pháp",
    "tổ chức thực hiện",
    "phân công",
    "triển khai",
    "kiến nghị",
    "đề nghị",
    "phương hướng",
    "nội dung",
    # remedies: "KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM" hands out the fixing
    "khắc phục",
    "chấn chỉnh",
)
