import codecs
import os
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from app.documents import DEFAULT_MAX_NOTICE_BYTES, read_notice_text
from domain.errors import NoticeParseError

NOTICE = (
    "HUYỆN ỦY VĨNH BẢO\n"
    "Số 629-TB/HU\n"
    "THÔNG BÁO\n"
    "1. Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy.\n"
    "2. Đảng ủy các xã, thị trấn triển khai thực hiện trong quý IV/2023.\n"
)
# An extra folder of annotated notices, when DIRECTIVES_SAMPLE_NOTICES names one.
SAMPLES = Path(os.environ.get("DIRECTIVES_SAMPLE_NOTICES") or "/nonexistent")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(path: Path) -> NoticeParseError:
    with pytest.raises(NoticeParseError) as caught:
        read_notice_text(path)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(str(path))
    return caught.value


# --- plain text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("utf-8", NOTICE.encode("utf-8")),
        ("utf-8 with a mark", codecs.BOM_UTF8 + NOTICE.encode("utf-8")),
        ("utf-16 with a mark", NOTICE.encode("utf-16")),
        ("utf-16-be with a mark", codecs.BOM_UTF16_BE + NOTICE.encode("utf-16-be")),
        ("utf-16-le without a mark", NOTICE.encode("utf-16-le")),
        ("utf-16-be without a mark", NOTICE.encode("utf-16-be")),
        ("windows line ends", NOTICE.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_plain_text_reads_the_same_in_every_unicode_form(tmp_path, label, data):
    path = _write(tmp_path, "notice.txt", data)
    assert read_notice_text(path) == NOTICE, label


def test_a_missing_file_is_refused(tmp_path):
    error = _refused(tmp_path / "absent.txt")
    assert error.reason == "file not found"


def test_a_directory_is_refused(tmp_path):
    assert "directory" in _refused(tmp_path).reason


def test_an_empty_file_is_refused(tmp_path):
    assert "empty" in _refused(_write(tmp_path, "empty.txt", b"")).reason


def test_a_file_of_blank_lines_is_refused(tmp_path):
    path = _write(tmp_path, "blank.txt", b" \n\n\t\n")
    assert "no text" in _refused(path).reason


def test_a_binary_file_with_nul_bytes_is_refused(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    error = _refused(_write(tmp_path, "scan.txt", data))
    assert "binary" in error.reason
    assert "byte offset 8" in error.reason


def test_a_file_full_of_control_characters_is_refused(tmp_path):
    data = ("abc\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 20).encode("ascii")
    assert "binary" in _refused(_write(tmp_path, "odd.txt", data)).reason


def test_page_breaks_and_tabs_are_text(tmp_path):
    text = "Trang 1\tđầu\f\nTrang 2\n"
    assert read_notice_text(_write(tmp_path, "pages.txt", text.encode())) == text


def test_undecodable_bytes_are_refused_with_their_byte_offset_and_line(tmp_path):
    good = "Số 629-TB/HU\n".encode()
    data = good + "Thông báo".encode("cp1252")
    error = _refused(_write(tmp_path, "legacy.txt", data))
    offset = len(good) + len("Th")
    assert f"byte offset {offset}" in error.reason
    assert "UTF-8" in error.reason
    assert error.line == 2


def test_a_legacy_doc_file_is_refused(tmp_path):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
    assert ".docx" in _refused(_write(tmp_path, "notice.doc", data)).reason


def test_a_text_file_over_the_size_limit_is_refused_naming_the_setting(tmp_path):
    path = _write(tmp_path, "big.txt", b"x" * 1001)
    with pytest.raises(NoticeParseError) as caught:
        read_notice_text(path, max_bytes=1000)
    assert "DIRECTIVES_MAX_NOTICE_BYTES" in caught.value.reason
    assert read_notice_text(path, max_bytes=1001) == "x" * 1001


def test_the_default_limit_is_five_megabytes_of_text(tmp_path):
    line = "Ban Tuyên giáo Huyện ủy rà soát.\n".encode()
    fits = _write(tmp_path, "fits.txt", line * (DEFAULT_MAX_NOTICE_BYTES // len(line)))
    assert read_notice_text(fits).startswith("Ban Tuyên giáo")
    big = _write(tmp_path, "big.txt", b"a" * (DEFAULT_MAX_NOTICE_BYTES + 1))
    assert "5 MB" in _refused(big).reason
    assert DEFAULT_MAX_NOTICE_BYTES == 5_000_000


def test_a_docx_or_pdf_whose_text_is_over_the_limit_is_refused(tmp_path):
    document = docx.Document()
    for _ in range(40):
        document.add_paragraph("Ban Tuyên giáo Huyện ủy rà soát quy hoạch cán bộ.")
    word = tmp_path / "long.docx"
    document.save(word)
    pdf = _write(tmp_path, "long.pdf", _text_pdf(["THONG BAO " * 20] * 10))
    for path in (word, pdf):
        with pytest.raises(NoticeParseError) as caught:
            read_notice_text(path, max_bytes=1000)
        assert "DIRECTIVES_MAX_NOTICE_BYTES" in caught.value.reason, path.name


def test_a_docx_that_unpacks_to_far_more_than_its_limit_is_refused(tmp_path):
    document = docx.Document()
    document.add_paragraph("THÔNG BÁO")
    path = tmp_path / "bomb.docx"
    document.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * 2_000_000)
    assert path.stat().st_size < 100_000
    with pytest.raises(NoticeParseError) as caught:
        read_notice_text(path, max_bytes=100_000)
    assert "DIRECTIVES_MAX_NOTICE_BYTES" in caught.value.reason


# --- Word -----------------------------------------------------------------------


def _numbered(document: DocxDocument, text: str, num_id: int, level: int = 0) -> None:
    paragraph = document.add_paragraph(text)
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    paragraph._p.get_or_add_pPr().append(num_pr)


def _add_list_definition(
    document: DocxDocument,
    num_id: int,
    formats: list[tuple[str, str]],
    start: str = "1",
) -> None:
    """A numbering definition: one (format, text) per level, e.g. ("decimal", "%1.")."""
    root = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(900 + num_id))
    for level, (fmt, text) in enumerate(formats):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", start), ("w:numFmt", fmt), ("w:lvlText", text)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        abstract.append(lvl)
    root.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    abstract_id = OxmlElement("w:abstractNumId")
    abstract_id.set(qn("w:val"), str(900 + num_id))
    num.append(abstract_id)
    root.append(num)


def test_a_docx_gives_paragraphs_and_table_rows_in_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("HUYỆN ỦY VĨNH BẢO")
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph("II. NHIỆM VỤ")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ("STT", "Nội dung", "Đơn vị chủ trì", "Thời gian hoàn thành"),
        ("1", "Tuyên truyền kết luận", "Ban Tuyên giáo Huyện ủy", "Quý IV/2023"),
        ("2", "Rà soát cộng tác viên", "Văn phòng Huyện ủy", "Tháng 12/2023"),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.add_paragraph("Nơi nhận:")
    path = tmp_path / "notice.docx"
    document.save(path)

    assert read_notice_text(path).splitlines() == [
        "HUYỆN ỦY VĨNH BẢO",
        "THÔNG BÁO",
        "II. NHIỆM VỤ",
        "STT | Nội dung | Đơn vị chủ trì | Thời gian hoàn thành",
        "1 | Tuyên truyền kết luận | Ban Tuyên giáo Huyện ủy | Quý IV/2023",
        "2 | Rà soát cộng tác viên | Văn phòng Huyện ủy | Tháng 12/2023",
        "Nơi nhận:",
    ]


def test_a_docx_table_row_stays_on_one_line_and_merged_cells_count_once(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "A. NHIỆM VỤ CHUNG"
    table.cell(1, 0).text = "1"
    cell = table.cell(1, 1)
    cell.text = "Tuyên truyền"
    cell.add_paragraph("sâu rộng")
    table.cell(1, 2).text = "BTG"
    path = tmp_path / "merged.docx"
    document.save(path)

    assert read_notice_text(path).splitlines() == [
        "A. NHIỆM VỤ CHUNG",
        "1 | Tuyên truyền sâu rộng | BTG",
    ]


def test_a_docx_writes_out_automatic_list_numbers(tmp_path):
    document = docx.Document()
    _add_list_definition(
        document,
        41,
        [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")],
    )
    document.add_paragraph("KẾT LUẬN")
    _numbered(document, "KẾT QUẢ", 41)
    _numbered(document, "NHIỆM VỤ", 41)
    _numbered(document, "Ban Tuyên giáo tuyên truyền.", 41, level=1)
    _numbered(document, "Các xã:", 41, level=1)
    _numbered(document, "rà soát;", 41, level=2)
    _numbered(document, "báo cáo.", 41, level=2)
    _numbered(document, "Văn phòng theo dõi.", 41, level=1)
    path = tmp_path / "numbered.docx"
    document.save(path)

    assert read_notice_text(path).splitlines() == [
        "KẾT LUẬN",
        "I. KẾT QUẢ",
        "II. NHIỆM VỤ",
        "1. Ban Tuyên giáo tuyên truyền.",
        "2. Các xã:",
        "a) rà soát;",
        "b) báo cáo.",
        "3. Văn phòng theo dõi.",
    ]


@pytest.mark.parametrize(
    ("start", "first"),
    [
        ("4000000000", ["a)", "I.", "1."]),  # beyond what Word writes: read as 1
        ("9" * 5000, ["a)", "I.", "1."]),  # more digits than Python converts
        ("x", ["a)", "I.", "1."]),
        ("32767", ["32767)", "32767.", "32767."]),  # Word's largest: decimal
        ("27", ["aa)", "XXVII.", "27."]),
    ],
)
def test_word_list_numbers_stay_small_whatever_the_start_value(tmp_path, start, first):
    """A crafted start value cannot make a label (or memory) grow without bound."""
    document = docx.Document()
    for num_id, fmt in ((51, "lowerLetter"), (52, "upperRoman"), (53, "decimal")):
        text = "%1)" if fmt == "lowerLetter" else "%1."
        _add_list_definition(document, num_id, [(fmt, text)], start=start)
        _numbered(document, "Ban Tuyên giáo tuyên truyền.", num_id)
    path = tmp_path / "huge.docx"
    document.save(path)
    labels = [line.split(" ", 1)[0] for line in read_notice_text(path).splitlines()]
    assert labels == first


def test_word_list_levels_beyond_the_nine_of_word_are_not_numbered(tmp_path):
    document = docx.Document()
    _add_list_definition(document, 61, [("decimal", "%1.")])
    _numbered(document, "Văn phòng theo dõi.", 61, level=2_000_000_000)
    _numbered(document, "Ban Tuyên giáo tuyên truyền.", 61)
    path = tmp_path / "levels.docx"
    document.save(path)
    assert read_notice_text(path).splitlines() == [
        "Văn phòng theo dõi.",
        "1. Ban Tuyên giáo tuyên truyền.",
    ]


def test_a_docx_list_style_is_numbered_and_bullets_become_dashes(tmp_path):
    document = docx.Document()
    document.add_paragraph("Đề nghị:", style="List Number")
    document.add_paragraph("Triển khai.", style="List Number")
    document.add_paragraph("Ghi chú", style="List Bullet")
    path = tmp_path / "styles.docx"
    document.save(path)

    assert read_notice_text(path).splitlines() == [
        "1. Đề nghị:",
        "2. Triển khai.",
        "- Ghi chú",
    ]


def test_a_docx_is_recognised_by_its_content_whatever_its_name(tmp_path):
    document = docx.Document()
    document.add_paragraph("THÔNG BÁO")
    path = tmp_path / "notice.txt"
    document.save(path)
    assert read_notice_text(path) == "THÔNG BÁO"


def test_a_corrupt_docx_is_refused(tmp_path):
    path = _write(tmp_path, "broken.docx", b"PK\x03\x04 this is not a zip archive")
    assert "not a readable .docx" in _refused(path).reason


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not a readable .docx" in _refused(path).reason


def test_an_empty_docx_is_refused(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    assert "no text" in _refused(path).reason


# --- PDF ------------------------------------------------------------------------

# Extra glyphs for the test font, at codes 0o200 on: ĩ ả ủ đ ệ ă.
_GLYPHS = "/itilde /uni1EA3 /uni1EE7 /dcroat /uni1EC7 /abreve"


def _text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer is ``lines`` (WinAnsi and the glyphs above)."""
    extra = {char: f"\\{0o200 + index:o}" for index, char in enumerate("ĩảủđệă")}
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 770 Td"]
    for line in lines:
        escaped = "".join(extra.get(char, char) for char in line)
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding"
        b" << /Type /Encoding /BaseEncoding /WinAnsiEncoding"
        b" /Differences [128 " + _GLYPHS.encode() + b"] >> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_a_pdf_gives_its_text_layer(tmp_path):
    lines = ["THÔNG BÁO", "Vĩnh Bảo, ngày 22 tháng 9 năm 2023", "Huyện ủy Vĩnh Bảo"]
    path = _write(tmp_path, "notice.pdf", _text_pdf(lines))
    assert read_notice_text(path).split("\n")[:3] == [
        "THÔNG BÁO",
        "Vĩnh Bảo, ngày 22 tháng 9 năm 2023",
        "Huyện ủy Vĩnh Bảo",
    ]


def test_a_pdf_without_a_text_layer_needs_ocr(tmp_path):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    error = _refused(path)
    assert error.reason == "the PDF has no text layer; it needs OCR first"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", b"%PDF-1.7\n\x00\x01garbage"],
)
def test_a_corrupt_pdf_is_refused(tmp_path, data):
    assert "not a readable PDF" in _refused(_write(tmp_path, "broken.pdf", data)).reason


# --- the annotated samples ------------------------------------------------------------


def _samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt")) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not _samples(), reason="the annotated sample notices are not here")
def test_every_sample_notice_reads_as_its_own_text():
    for path in _samples():
        assert read_notice_text(path) == path.read_text(encoding="utf-8"), path.name


@pytest.mark.skipif(not _samples(), reason="the annotated sample notices are not here")
def test_a_sample_notice_survives_a_round_trip_through_word(tmp_path):
    text = read_notice_text(_samples()[0])
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "sample.docx"
    document.save(path)
    assert read_notice_text(path).splitlines() == text.splitlines()
