"""Turn a notice file (plain text, Word .docx or a text PDF) into text for the parser.

Plain text is read as it was written: UTF-8 with or without a byte-order mark, or
UTF-16 (with a mark, or recognised by its NUL bytes), line ends made ``\\n``. A .docx
gives its paragraphs and tables in document order, with Word's automatic list numbers
written out, because directives are usually numbered that way. A PDF gives its text
layer. Anything else is refused with a :class:`NoticeParseError` naming the file.
"""

import codecs
import io
import logging
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING

from domain.errors import NoticeParseError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

# python-docx and pypdf are imported by the functions that read a .docx or a PDF: they
# cost about 0.1 s to import, which every command reading the database would pay

# How much of a file decides whether it is UTF-16 without a mark, or binary.
_SAMPLE_BYTES = 8192
# Line breaks, tabs and page breaks are normal in text exports; other control
# characters beyond this share of the text mean the file is not text.
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_MAX_CONTROL_SHARE = 0.01
_ZIP_MAGIC = b"PK\x03\x04"
_CELL_SEPARATOR = " | "
# The largest notice accepted, in bytes of text (the DIRECTIVES_MAX_NOTICE_BYTES
# setting). A .docx or PDF file may be this many times larger than its text.
DEFAULT_MAX_NOTICE_BYTES = 5_000_000
_CONTAINER_FACTOR = 10


def read_notice_text(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_NOTICE_BYTES,
    source: str | None = None,
) -> str:
    """The text of a notice file.

    Args:
        path: a .txt (or any plain-text) file, a .docx or a text PDF.
        max_bytes: the largest text accepted (UTF-8 bytes); a plain-text file larger
            than this, a .docx or PDF file more than ten times larger, or one whose
            text is larger, is refused before it is read whole.
        source: how error messages name the file (default: its path); the web passes
            the uploaded file's name, so that no server path reaches a page.

    Returns:
        The text, with ``\\n`` line ends.

    Raises:
        NoticeParseError: the file is missing, empty, too large, binary, not
            decodable (the message gives the byte offset), a damaged .docx or PDF,
            or a PDF without a text layer.
    """
    source = source or str(path)
    try:
        _check_size(path, max_bytes, source)
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise NoticeParseError(
            "file not found", source=source, vi_reason="không tìm thấy tệp"
        ) from err
    except IsADirectoryError as err:
        raise NoticeParseError(
            "is a directory, not a file",
            source=source,
            vi_reason="là thư mục, không phải tệp",
        ) from err
    except OSError as err:
        raise NoticeParseError(
            f"cannot read the file: {err.strerror or err}",
            source=source,
            vi_reason=f"không đọc được tệp: {err.strerror or err}",
        ) from err
    if not data:
        raise NoticeParseError("the file is empty", source=source, vi_reason="tệp rỗng")

    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise NoticeParseError(
            "a legacy Word .doc file cannot be read; save it as .docx or text",
            source=source,
            vi_reason="không đọc được tệp Word .doc kiểu cũ; hãy lưu lại thành .docx "
            "hoặc văn bản thuần",
        )
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        text = _pdf_text(data, source, max_bytes)
    elif suffix == ".docx" or _is_docx(data):
        text = _docx_text(data, source, max_bytes)
    else:
        text = _plain_text(data, source)
    if not text.strip():
        raise NoticeParseError(
            "the file contains no text", source=source, vi_reason="tệp không có chữ"
        )
    if len(text) > max_bytes or len(text.encode("utf-8")) > max_bytes:
        raise _too_large(max_bytes, source)
    return text


def base_name(source: str) -> str:
    """The file name alone of a path or a browser's upload name (``/`` or ``\\``)."""
    return PureWindowsPath(source).name or source


def _check_size(path: Path, max_bytes: int, source: str) -> None:
    """Refuse a file too large to be a notice before reading it into memory."""
    size = path.stat().st_size
    if size <= max_bytes:
        return
    if path.is_file():
        with path.open("rb") as handle:
            head = handle.read(8)
        container = path.suffix.lower() in (".pdf", ".docx") or head.startswith(
            (b"%PDF-", _ZIP_MAGIC)
        )
        if container and size <= max_bytes * _CONTAINER_FACTOR:
            return
    raise _too_large(max_bytes, source)


def _too_large(max_bytes: int, source: str) -> NoticeParseError:
    return NoticeParseError(
        f"the notice is larger than the limit of {_megabytes(max_bytes)} of text "
        "(setting DIRECTIVES_MAX_NOTICE_BYTES)",
        source=source,
        vi_reason=f"thông báo dài quá giới hạn {_megabytes(max_bytes)} văn bản "
        "(thiết lập DIRECTIVES_MAX_NOTICE_BYTES)",
    )


def _megabytes(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    return f"{size:,} bytes"


def _plain_text(data: bytes, source: str) -> str:
    encoding, offset = _detect_encoding(data, source)
    try:
        text = data[offset:].decode(encoding)
    except UnicodeDecodeError as err:
        position = offset + err.start
        bad = data[position : position + 1].hex()
        line = data[:position].count(b"\n") + 1
        raise NoticeParseError(
            f"undecodable bytes: 0x{bad} at byte offset {position} is not valid "
            f"{_ENCODING_NAMES[encoding]} (legacy Vietnamese encodings such as TCVN3 "
            "or VNI must be converted to Unicode first)",
            source=source,
            line=line,
            vi_reason=f"có byte không giải mã được: 0x{bad} ở vị trí byte {position} "
            f"không phải {_ENCODING_NAMES[encoding]} hợp lệ (văn bản mã cũ như TCVN3 "
            "hay VNI phải được chuyển sang Unicode trước)",
        ) from err
    controls = sum(
        1
        for char in text
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS
    )
    if controls > max(3, _MAX_CONTROL_SHARE * len(text)):
        raise NoticeParseError(
            f"binary data, not text ({controls} control characters)",
            source=source,
            vi_reason=f"dữ liệu nhị phân, không phải văn bản ({controls} ký tự "
            "điều khiển)",
        )
    # The same line ends Python's text mode gives, so spans match a plain open().
    return text.replace("\r\n", "\n").replace("\r", "\n")


_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "utf-32-le": "UTF-32 (little-endian)",
    "utf-32-be": "UTF-32 (big-endian)",
}


def _detect_encoding(data: bytes, source: str) -> tuple[str, int]:
    """The codec of a plain-text file and where its text starts (after any mark)."""
    # UTF-32 marks first: the little-endian one begins with the UTF-16 LE mark.
    for mark, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(mark):
            return encoding, len(mark)
    first_nul = data.find(b"\x00")
    if first_nul < 0:
        return "utf-8", 0
    sample = data[:_SAMPLE_BYTES]
    pairs = max(1, len(sample) // 2)
    even = sample[0::2].count(0) / pairs
    odd = sample[1::2].count(0) / pairs
    # In UTF-16 the high byte of every ASCII character (and of most Vietnamese
    # letters below U+0100) is NUL, the low byte almost never.
    if odd >= 0.3 and even <= 0.02:
        return "utf-16-le", 0
    if even >= 0.3 and odd <= 0.02:
        return "utf-16-be", 0
    raise NoticeParseError(
        f"binary data, not text (a NUL byte at byte offset {first_nul})",
        source=source,
        vi_reason=f"dữ liệu nhị phân, không phải văn bản (byte NUL ở vị trí byte "
        f"{first_nul})",
    )


def _is_docx(data: bytes) -> bool:
    if not data.startswith(_ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf's own warnings about a damaged file, kept off the terminal.

    pypdf logs what it repairs ("EOF marker not found") and warns through the warnings
    module; the user gets the one line of the error instead, or the text.
    """
    logger = logging.getLogger("pypdf")
    propagate, level = logger.propagate, logger.level
    logger.propagate = False
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.propagate = propagate
        logger.setLevel(level)


def _pdf_text(data: bytes, source: str, max_bytes: int) -> str:
    import pypdf

    try:
        with _quiet_pypdf():
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise NoticeParseError(
                    "the PDF is password-protected",
                    source=source,
                    vi_reason="tệp PDF có mật khẩu",
                )
            pages: list[str] = []
            size = 0
            for page in reader.pages:
                pages.append(page.extract_text() or "")
                size += len(pages[-1])
                if size > max_bytes:
                    raise _too_large(max_bytes, source)
    except NoticeParseError:
        raise
    # pypdf reports a damaged file with many exception types (its own, ValueError,
    # KeyError, TypeError…); every one of them means the same thing to the user.
    except Exception as err:
        raise NoticeParseError(
            f"not a readable PDF: {err or type(err).__name__}",
            source=source,
            vi_reason=f"không đọc được tệp PDF: {err or type(err).__name__}",
        ) from err
    if not pages:
        raise NoticeParseError(
            "the PDF has no pages",
            source=source,
            vi_reason="tệp PDF không có trang nào",
        )
    if not any(page.strip() for page in pages):
        raise NoticeParseError(
            "the PDF has no text layer; it needs OCR first",
            source=source,
            vi_reason="tệp PDF không có lớp chữ, cần nhận dạng chữ (OCR) trước",
        )
    # Text extraction often yields decomposed diacritics; the parser expects NFC.
    return unicodedata.normalize("NFC", "\n".join(pages))


def _docx_text(data: bytes, source: str, max_bytes: int) -> str:
    import docx

    _check_unpacked_size(data, source, max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        lines = list(_block_lines(document, numbering))
    # python-docx reports a damaged package as a missing part, a bad zip, bad XML
    # or a KeyError, depending on where the damage is.
    except Exception as err:
        raise NoticeParseError(
            f"not a readable .docx file: {err or type(err).__name__}",
            source=source,
            vi_reason=f"không đọc được tệp .docx: {err or type(err).__name__}",
        ) from err
    return unicodedata.normalize("NFC", "\n".join(lines))


def _check_unpacked_size(data: bytes, source: str, max_bytes: int) -> None:
    """Refuse a .docx whose parts unpack to far more than a notice (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as err:
        raise NoticeParseError(
            f"not a readable .docx file: {err}",
            source=source,
            vi_reason=f"không đọc được tệp .docx: {err}",
        ) from err
    if unpacked > max_bytes * _CONTAINER_FACTOR:
        raise _too_large(max_bytes, source)


def _block_lines(document: "DocxDocument", numbering: "_Numbering") -> Iterator[str]:
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield _paragraph_text(block, numbering)
        else:
            yield from _table_lines(block, numbering)


def _table_lines(table: "Table", numbering: "_Numbering") -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        previous: object = None
        for cell in row.cells:
            # A cell merged across columns comes back once per column it spans.
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(_cell_text(cell, numbering))
        yield _CELL_SEPARATOR.join(cells)


def _cell_text(cell: "_Cell", numbering: "_Numbering") -> str:
    from docx.text.paragraph import Paragraph

    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(_paragraph_text(block, numbering))
        else:
            parts.extend(_table_lines(block, numbering))
    # A row is one line, so a cell's own line breaks become spaces.
    return " ".join(" ".join(part.split()) for part in parts if part.strip())


def _paragraph_text(paragraph: "Paragraph", numbering: "_Numbering") -> str:
    text = paragraph.text
    label = numbering.label(paragraph)
    return f"{label} {text}" if label else text


class _Numbering:
    """Word's automatic list numbers, counted in document order.

    Only what notices use is rendered: decimal, letters, Roman numerals and bullets
    (as "-"); other formats fall back to decimal.
    """

    def __init__(self, document: "DocxDocument") -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._abstract_of: dict[str, str] = {}
        self._start_overrides: dict[str, dict[int, int]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return  # a document without lists
        for abstract in root.findall(_qn("w:abstractNum")):
            levels: dict[int, tuple[str, str, int]] = {}
            for level in abstract.findall(_qn("w:lvl")):
                ilvl = _list_level(level.get(_qn("w:ilvl")))
                if ilvl is None:
                    continue
                levels[ilvl] = (
                    _child_val(level, "w:numFmt") or "decimal",
                    _child_val(level, "w:lvlText") or f"%{ilvl + 1}.",
                    _list_start(_child_val(level, "w:start")),
                )
            self._levels[abstract.get(_qn("w:abstractNumId"), "")] = levels
        for num in root.findall(_qn("w:num")):
            num_id = num.get(_qn("w:numId"), "")
            self._abstract_of[num_id] = _child_val(num, "w:abstractNumId") or ""
            overrides: dict[int, int] = {}
            for override in num.findall(_qn("w:lvlOverride")):
                start = _child_val(override, "w:startOverride")
                if start is not None:
                    level = _list_level(override.get(_qn("w:ilvl")))
                    if level is not None:
                        overrides[level] = _list_start(start)
            self._start_overrides[num_id] = overrides

    def label(self, paragraph: "Paragraph") -> str:
        """The list number of ``paragraph`` ("1.", "a)", "II."), or "" for none."""
        num_id, ilvl = self._numbering_of(paragraph)
        if num_id is None or num_id == "0":
            return ""
        abstract = self._abstract_of.get(num_id)
        levels = self._levels.get(abstract or "")
        if abstract is None or not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract, {})
        overrides = self._start_overrides.get(num_id, {})
        if num_id not in self._started and overrides:
            # A "restart numbering" list: a new w:num whose levels start over.
            for level, start in overrides.items():
                counters[level] = start - 1
        self._started.add(num_id)
        start = levels[ilvl][2]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""
        for level in range(ilvl, -1, -1):
            level_fmt, _, level_start = levels.get(level, ("decimal", "", 1))
            value = counters.get(level, level_start)
            text = text.replace(f"%{level + 1}", _format_number(value, level_fmt))
        return text.strip()

    @staticmethod
    def _numbering_of(paragraph: "Paragraph") -> tuple[str | None, int]:
        num_pr = paragraph._p.find(f"{_qn('w:pPr')}/{_qn('w:numPr')}")
        if num_pr is None:
            style = paragraph.style
            # Styles inherit from a base style; a crafted file may loop them.
            for _ in range(_MAX_STYLE_DEPTH):
                if style is None or num_pr is not None:
                    break
                num_pr = style.element.find(f"{_qn('w:pPr')}/{_qn('w:numPr')}")
                style = style.base_style
        if num_pr is None:
            return None, 0
        level = _list_level(_child_val(num_pr, "w:ilvl"))
        if level is None:
            return None, 0
        return _child_val(num_pr, "w:numId"), level


def _qn(tag: str) -> str:
    """The Clark name of a ``w:`` tag (python-docx's, imported when a .docx is read)."""
    from docx.oxml.ns import qn as docx_qn

    name: str = docx_qn(tag)
    return name


def _child_val(element: object, tag: str) -> str | None:
    child = element.find(_qn(tag))  # type: ignore[attr-defined]
    if child is None:
        return None
    value = child.get(_qn("w:val"))
    return None if value is None else str(value)


# Word numbers a list from 0 to 32767 at most; a larger or malformed start value in
# a crafted file is read as the default, so no number grows without bound.
_MAX_LIST_START = 32767
# Letters repeat after "z" ("aa" … "zz"): Word stops at 780 ("z" thirty times).
_MAX_LETTER_NUMBER = 780
_MAX_ROMAN_NUMBER = 3999


_MAX_STYLE_DEPTH = 16
# Word lists have nine levels, 0 to 8.
_LIST_LEVELS = range(9)


def _list_start(raw: str | None) -> int:
    """A list's start value from the file; 1 when it is not a number Word writes."""
    raw = (raw or "").strip()
    if not raw.isdigit() or len(raw) > 5 or int(raw) > _MAX_LIST_START:
        return 1
    return int(raw)


def _list_level(raw: str | None) -> int | None:
    """A list level from the file (0 when absent); None when it is no level Word has."""
    raw = (raw or "0").strip()
    if not raw.isdigit() or len(raw) > 1 or int(raw) not in _LIST_LEVELS:
        return None
    return int(raw)


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and value <= _MAX_LETTER_NUMBER:
        letters = _letters(value)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman") and value <= _MAX_ROMAN_NUMBER:
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(value)


def _letters(value: int) -> str:
    # Word repeats the letter after z: a … z, aa … zz.
    if value < 1:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(value: int) -> str:
    if value < 1:
        return str(value)
    parts: list[str] = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        parts.append(numeral * count)
    return "".join(parts)
