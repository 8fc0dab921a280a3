"""The reader's warnings are decided once, as codes with their facts, and said in the
reader's language: Vietnamese with no English word and no internal reference, or
English."""

import re
from datetime import date

import pytest

from domain.notice_warnings import (
    VETO_VI,
    DeadlineNote,
    ImpliedFrom,
    NoteCode,
    ReaderWarning,
    Veto,
    WarningCode,
    deadline_note,
    missing_part,
    no_owner,
    not_a_directive,
    owner_implied,
    same_number,
    supplied_part,
    texts,
    undated_deadline,
    unknown_owner,
)
from domain.notices import GivenHeader, parse_notice
from domain.workdays import WorkCalendar

#: English words that would betray an untranslated sentence in Vietnamese output.
ENGLISH = re.compile(
    r"\b(not|no|the|item|owner|deadline|notice|found|registry|read|with|from|"
    r"None|directive|supplied|implied|date)\b"
)

ONE_OF_EACH = [
    missing_part(WarningCode.NO_NUMBER),
    missing_part(WarningCode.NO_DATE),
    missing_part(WarningCode.NO_KIND),
    missing_part(WarningCode.NO_SIGNER),
    missing_part(WarningCode.NO_ISSUER),
    supplied_part("issued_on", "2024-01-25"),
    supplied_part("number", "12-TB/HU"),
    not_a_directive("1", "Năm 2023 thu ngân sách đạt 105%.", Veto.EVALUATION),
    same_number("2", "Giao Sở Tài chính …"),
    owner_implied("3", "Tăng cường kiểm tra.", ImpliedFrom.ITEM, other_ref="2"),
    owner_implied("4", "Rà soát.", ImpliedFrom.HEADING),
    no_owner("5", "Rà soát các công trình."),
    deadline_note(
        "6", "…", "trước tháng 10", DeadlineNote(NoteCode.BEFORE_FIRST_DAY, "tháng")
    ),
    undated_deadline("7", "…", "sớm"),
    unknown_owner("8", "…", "Sở Nội vụ"),
]


def test_every_code_is_built_by_one_of_the_cases_here():
    assert {w.code for w in ONE_OF_EACH} == set(WarningCode)


@pytest.mark.parametrize("warning", ONE_OF_EACH, ids=lambda w: str(w.code))
def test_each_warning_reads_in_vietnamese_without_an_english_word(warning):
    text = warning.text("vi")
    assert text.startswith(("văn bản: ", "mục ")), text
    assert not ENGLISH.search(text), text


@pytest.mark.parametrize("warning", ONE_OF_EACH, ids=lambda w: str(w.code))
def test_each_warning_reads_in_english_on_request(warning):
    text = warning.text("en")
    assert text.startswith(("notice: ", "item ")), text
    assert text != warning.text("vi")


def test_every_veto_and_every_deadline_note_has_both_languages():
    assert set(VETO_VI) == set(Veto)
    for code in NoteCode:
        note = DeadlineNote(code, "2027", "năm 2027")
        assert note.text("vi") != note.text("en")
        assert not ENGLISH.search(note.text("vi")), code


def test_a_date_the_office_replaced_is_shown_day_first_in_vietnamese():
    warning = supplied_part("issued_on", "2024-01-25")
    assert (
        warning.text("vi") == "văn bản: ngày ký do văn phòng nhập thay cho “25/01/2024”"
    )
    assert warning.text("en") == (
        "notice: signing date supplied by the office replaces 2024-01-25"
    )


def test_an_unnumbered_item_is_named_by_its_position_or_first_words_never_its_ref():
    under_two = no_owner("2.-3", "Rà soát các công trình.")
    loose = no_owner("-6", "Tăng cường công tác tuyên truyền về phòng chống thiên tai.")
    assert under_two.text("vi").startswith("ý thứ ba của mục 2: ")
    assert under_two.text("en").startswith("the third point of item 2: ")
    assert loose.text("vi").startswith("nội dung “Tăng cường công tác tuyên truyền")
    for w in (under_two, loose):
        assert "-6" not in w.text("vi") + w.text("en")
        assert "-3" not in w.text("vi") + w.text("en")


def test_an_owner_implied_from_an_unnumbered_item_names_that_item_in_words():
    w = owner_implied(
        "3", "…", ImpliedFrom.ITEM, other_ref="2.-1", other_item="Sở Y tế rà soát."
    )
    assert w.text("vi").endswith("suy ra từ ý thứ nhất của mục 2")
    assert w.text("en").endswith("implied from the first point of item 2")


NOTICE = """UBND TỈNH AN GIANG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh

1. Năm 2023, kết quả thu ngân sách đạt 105% dự toán.
2. Giao Sở Tài chính tham mưu phương án phân bổ vốn, hoàn thành trước ngày 15/12.
3. Tăng cường kiểm tra, đôn đốc các dự án chậm tiến độ.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""


def test_a_notice_read_gives_its_warnings_in_either_language():
    notice = parse_notice(NOTICE, calendar=WorkCalendar())
    assert all(isinstance(w, ReaderWarning) for w in notice.warnings)
    vi = texts(notice.warnings, "vi")
    en = texts(notice.warnings, "en")
    assert "văn bản: không tìm thấy số văn bản (Số …)" in vi
    assert "mục 1: không phải nội dung chỉ đạo (đánh giá kết quả)" in vi
    assert "mục 3: không nêu đơn vị thực hiện; đơn vị được suy ra từ mục 2" in vi
    assert "item 1: not a directive (evaluates results)" in en
    assert "item 3: no owner named; owner implied from item 2" in en
    for line in vi:
        assert not ENGLISH.search(line), line


def test_the_json_object_carries_the_warnings_in_the_language_asked():
    notice = parse_notice(
        NOTICE,
        calendar=WorkCalendar(),
        given=GivenHeader(issued_on=date(2024, 1, 25)),
    )
    assert notice.to_dict()["warnings"] == texts(notice.warnings, "vi")
    assert notice.to_dict("en")["warnings"] == texts(notice.warnings, "en")
    assert all(isinstance(w, str) for w in notice.to_dict("en")["warnings"])
