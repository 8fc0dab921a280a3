"""The header and the signature block of a notice.

The header gives the number ("Số: 304/TB-VPCP", "Số 629-TB/HU"), the place-date line,
the kind (the title word) and the subject; a letter has only a "V/v" line and a
"Kính gửi" list. The signature block gives the signing form (T/M, T/L, K/T, TUQ …),
the signer's title and name and the distribution list ("Nơi nhận"). The issuing body
follows from the signing form and the header's issuing organisation.
"""

import re
from dataclasses import dataclass, field, fields
from datetime import date

from domain.notice_lexicon import MIDDLE_NAMES, SURNAMES
from domain.notice_lines import Line
from domain.notice_text import collapse, digits, fold

_F = re.IGNORECASE
_SCAN_LINES = 60
_SCAN_ORG_LINES = 12

KINDS = (
    "THÔNG BÁO",
    "KẾT LUẬN",
    "CHỈ THỊ",
    "CÔNG VĂN",
    "CÔNG ĐIỆN",
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "NGHỊ QUYẾT",
    "CHƯƠNG TRÌNH",
    "HƯỚNG DẪN",
)
_KIND_RE = re.compile(
    r"(?P<kind>" + "|".join(k.replace(" ", r"\s+") for k in KINDS) + r")\b", _F
)
_KIND_ALONE_RE = re.compile(
    r"(?P<kind>" + "|".join(k.replace(" ", r"\s+") for k in KINDS) + r")"
    r"(?:\s+(?:khẩn|hỏa\s+tốc|thượng\s+khẩn|mật))*\s*:?",
    _F,
)
# Symbol codes of the document types, for a notice that prints no title line.
_KIND_BY_CODE = {
    "TB": "THÔNG BÁO",
    "KL": "KẾT LUẬN",
    "CT": "CHỈ THỊ",
    "CĐ": "CÔNG ĐIỆN",
    "KH": "KẾ HOẠCH",
    "QĐ": "QUYẾT ĐỊNH",
    "NQ": "NGHỊ QUYẾT",
    "CTR": "CHƯƠNG TRÌNH",
    "HD": "HƯỚNG DẪN",
    "CV": "CÔNG VĂN",
}
_NUMBER_RE = re.compile(
    r"(?:^|(?<=\s))Số\s*:?\s*(?P<n>[0-9O]{1,6}(?:\s?[-/.]\s?[0-9A-Za-zĐđ&]+)+)", _F
)
_PLACE_DATE_RE = re.compile(
    r"(?P<place>[^\s,*][^,]{0,60}?)\s*,\s*ngày\s+(?P<d>[0-9O]{1,2})(?:\s+tháng\s+|\s*[/.-]\s*)"
    r"(?P<m>[0-9O]{1,2})(?:\s+năm\s+|\s*[/.-]\s*)(?P<y>[0-9O]{4})",
    _F,
)
_VV_RE = re.compile(r"^V/v\b\.?\s*:?\s*(?P<rest>.*)$", _F)
_KINH_GUI_RE = re.compile(r"^Kính\s+gửi\s*:?\s*(?P<rest>.*)$", _F)
_DIEN_RE = re.compile(r"\bđiện\s*:\s*$", _F)
_SEPARATOR_RE = re.compile(r"^[-_=*~.–—\s]{3,}$")
_BODY_OPENERS = re.compile(
    r"^(?:Căn\s+cứ|Ngày\s+\d|Sáng|Chiều|Tối|Thực\s+hiện|Sau\s+khi|Vừa\s+qua|Trong\s+(?:những|thời)"
    r"|Để\s|Kính\s+gửi|Thừa\s+lệnh|Trên\s+cơ\s+sở|Theo\s)",
    _F,
)
# The first item of the body: no subject line starts like this.
_ITEM_START = re.compile(
    r"(?:\d{1,2}(?:\.\d{1,2})*\s*[.)/]\s|[IVX]{1,4}\s*[.\-–]\s|[-–•+]\s|Điều\s+\d"
    r"|(?:Một|Hai)\s+là\b|Thứ\s+nhất\b|\(\d{1,2}\)\s|[a-zđ]\)\s)",
    _F,
)
FORM_RE = re.compile(
    r"^(?P<form>T/M|T/L|K/T|T\.M|T\.L|K\.T|TM\.?|TL\.?|KT\.?|TUQ\.?|Q\.|THỪA\s+LỆNH"
    r"|THỪA\s+ỦY\s+QUYỀN)\s*(?P<rest>\S.*)?$",
    _F,
)
NOI_NHAN_RE = re.compile(r"^Nơi\s+nhận\b", _F)
_TITLE_WORDS = re.compile(
    r"^(?:PHÓ\s+|Q\.\s*)?(?:CHỦ\s+TỊCH|BÍ\s+THƯ|GIÁM\s+ĐỐC|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG|CHÁNH\s+VĂN\s+PHÒNG"
    r"|CHỦ\s+NHIỆM|TRƯỞNG\s+BAN|THỦ\s+TƯỚNG|TỔNG\s+CỤC\s+TRƯỞNG|CỤC\s+TRƯỞNG|CHI\s+CỤC\s+TRƯỞNG"
    r"|TRƯỞNG\s+PHÒNG|CHÁNH\s+THANH\s+TRA|TRƯỞNG\s+ĐOÀN|THƯỜNG\s+TRỰC|TỔNG\s+GIÁM\s+ĐỐC)"
    r"(?:\s+[A-ZĐÀ-Ỹ,]+)*$"
)
_FORMS = {
    "T/M": "T/M",
    "TM": "T/M",
    "T.M": "T/M",
    "T/L": "T/L",
    "TL": "T/L",
    "T.L": "T/L",
    "THỪA LỆNH": "T/L",
    "K/T": "K/T",
    "KT": "K/T",
    "K.T": "K/T",
    "TUQ": "TUQ",
    "THỪA ỦY QUYỀN": "TUQ",
    "Q.": "Q.",
}
# Words of the national motto and party header, never the issuing body.
_NOT_ISSUER = re.compile(
    r"CỘNG\s+HÒA|ĐỘC\s+LẬP|ĐẢNG\s+CỘNG\s+SẢN|HẠNH\s+PHÚC|^SỐ\b|^\*$|NGÀY\s+\d", _F
)
_LEVEL_START = re.compile(
    r"^(?:TỈNH|HUYỆN|XÃ|PHƯỜNG|THỊ\s+TRẤN|THÀNH\s+PHỐ|THỊ\s+XÃ|QUẬN|ĐẶC\s+KHU)\b(?!\s+ỦY)",
    _F,
)
_PARTY_CODE = {
    "HU": "Huyện ủy",
    "TU": "Tỉnh ủy",
    "ĐU": "Đảng ủy",
    "QU": "Quận ủy",
    "THU": "Thành ủy",
}
_KEEP_UPPER = frozenset({"UBND", "HĐND", "HDND", "MTTQ", "UBMTTQ", "TW", "VPCP"})


@dataclass(frozen=True)
class NoticeHeader:
    """What the header and the signature block of a notice say."""

    number: str | None = None
    kind: str | None = None
    issued_on: date | None = None
    place: str | None = None
    issuer: str | None = None
    subject: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    signing_form: str | None = None
    recipients: tuple[str, ...] = ()
    # Who the document is addressed to ("Kính gửi: …", "… gửi …, nêu rõ:"): the implied
    # owners of instructions that name none.
    addressees: tuple[str, ...] = ()

    def public(self) -> "NoticeHeader":
        """The header alone, without what only the reader needs."""
        return NoticeHeader(
            **{f.name: getattr(self, f.name) for f in fields(NoticeHeader)}
        )


@dataclass(frozen=True)
class Header(NoticeHeader):
    """The header as the reader uses it: also where the body starts and ends."""

    body_start: int = 0
    body_end: int = 0
    appendix_start: int | None = None


def read_header(lines: list[Line]) -> Header:
    """Read the header and the signature block.

    Args:
        lines: every line of the notice.

    Returns:
        The header fields found (None where absent) and the line range of the body.
    """
    scan = lines[:_SCAN_LINES]
    number, number_line = _number(scan)
    issued_on, place, date_line = _place_date(scan)
    kind, kind_line = _kind(scan)
    subject, after_subject, letter = _subject(lines, kind_line)
    if kind is None and letter:
        kind = "CÔNG VĂN"
    if kind is None and number:
        kind = kind_from_number(number)
    addressees, after_addressees = _addressees(lines, after_subject)
    body_start = max(
        after_subject,
        after_addressees,
        (number_line or -1) + 1,
        (date_line or -1) + 1,
        (kind_line or -1) + 1,
    )
    body_end = _body_end(lines, body_start)
    sig = _signature(lines, body_end)
    # With no title line, the issuing organisation stands in the first lines (a
    # header that lost its number and date ends where the body starts at once).
    top = kind_line if kind_line is not None else (body_start or _SCAN_ORG_LINES)
    header_org = _header_org(lines[: max(top, 1)], number, place)
    issuer = _issuer(sig.form_rest, sig.title, kind, header_org)
    signer = sig.signer
    if number is None or issued_on is None or kind is None or issuer is None:
        # A copy from a portal or a letter that lost its header: the opening
        # sentence may still say who issued what, when, and to whom.
        lead = read_lead(_opening(lines, body_start, body_end))
        number = number or lead.number
        kind = kind or lead.kind
        issued_on = issued_on or lead.issued_on
        issuer = issuer or lead.issuer
        subject = subject or lead.subject
        if not addressees:
            addressees = list(lead.addressees)
        signer = sig.signer or lead.signer
    if kind is None and addressees:
        kind = "CÔNG VĂN"  # a letter: "Kính gửi" and no title line
    return Header(
        number=number,
        kind=kind,
        issued_on=issued_on,
        place=place,
        issuer=issuer,
        subject=subject,
        signer=signer,
        signer_title=_title_case(sig.title) if sig.title else None,
        signing_form=sig.form,
        recipients=tuple(sig.recipients)
        + tuple(a for a in addressees if a not in sig.recipients),
        addressees=tuple(addressees),
        body_start=body_start,
        body_end=body_end,
        appendix_start=sig.appendix_start,
    )


# --- header ------------------------------------------------------------------------


def _number(scan: list[Line]) -> tuple[str | None, int | None]:
    for line in scan:
        for _col, piece in line.segments():
            match = _NUMBER_RE.search(fold(piece))
            if match is None:
                continue
            if match.start() > 0 and len(piece) > _NUMBER_LINE_CHARS:
                # "… thực hiện Chỉ thị số 05/CT-TTg …": a document cited in a sentence.
                continue
            raw = re.sub(r"\s", "", match.group("n"))
            if not re.search(r"[A-Za-zĐđ]", raw[1:]):
                continue
            head = re.match(r"[0-9O]+", raw)
            if head is None:
                continue
            lead = _number_head(head.group())
            return (lead + raw[head.end() :]).upper().strip(".-/"), line.index
    return None, None


def _number_head(head: str) -> str:
    """The digits that open a document's number, a leading zero kept ("06/CĐ-UBND")."""
    if head.startswith("0") and len(head) > 1:
        return head.replace("O", "0").replace("o", "0")
    return str(digits(head))


# A number line is short ("Số: 215/UBND-KT", "Số 629-TB/HU  V/v …"); a longer piece that
# does not open with "Số" is a sentence citing another document.
_NUMBER_LINE_CHARS = 80


def _place_date(scan: list[Line]) -> tuple[date | None, str | None, int | None]:
    for line in scan:
        for _col, piece in line.segments():
            match = _PLACE_DATE_RE.search(fold(piece))
            if match is None:
                continue
            place = piece[match.start("place") : match.end("place")]
            place = re.sub(r"^[\s*\-–]+", "", place).strip()
            try:
                issued = date(
                    digits(match.group("y")),
                    digits(match.group("m")),
                    digits(match.group("d")),
                )
            except ValueError:
                issued = None
            return issued, place or None, line.index
    return None, None, None


# A title printed with a space between its letters ("T H Ô N G  B Á O").
_LETTER_SPACED = re.compile(r"[^\W\d_](?:\s+[^\W\d_]){3,}")
_KIND_BY_LETTERS = {k.replace(" ", ""): k for k in KINDS}


def spaced_kind(content: str) -> str | None:
    """The kind a letter-spaced title line spells ("T H Ô N G  B Á O"), else None."""
    if _LETTER_SPACED.fullmatch(content) is None:
        return None
    return _KIND_BY_LETTERS.get(re.sub(r"\s", "", content).upper())


def _kind(scan: list[Line]) -> tuple[str | None, int | None]:
    for line in scan:
        content = fold(line.content)
        spaced = spaced_kind(content) if content else None
        if spaced is not None:
            return spaced, line.index
        if not content or len(line.segments()) > 1:
            continue
        alone = _KIND_ALONE_RE.fullmatch(content)
        match = alone or _KIND_RE.match(content)
        if match is None:
            continue
        letters = [c for c in content if c.isalpha()]
        titled = (
            alone is not None
            or all(c.isupper() for c in letters)
            or all(c.islower() for c in letters)
        )
        if not titled:
            continue
        return collapse(match.group("kind")).upper(), line.index
    return None, None


def kind_from_number(number: str) -> str:
    """The kind a document symbol names ("112/CĐ-TTg" → CÔNG ĐIỆN); a letter else."""
    for part in re.split(r"[-/.]", number.upper()):
        if part in _KIND_BY_CODE:
            return _KIND_BY_CODE[part]
    return "CÔNG VĂN"


def _subject(lines: list[Line], kind_line: int | None) -> tuple[str | None, int, bool]:
    """The subject, the first line after it, and whether it is a letter's V/v line."""
    for line in lines[:_SCAN_LINES]:
        for _col, piece in line.segments():
            vv = _VV_RE.match(piece)
            if vv is None:
                continue
            parts = [vv.group("rest")]
            end = line.index + 1
            while end < len(lines) and end < line.index + 4:
                nxt = lines[end]
                first = nxt.segments()[0][1] if nxt.segments() else ""
                if (
                    nxt.blank
                    or _KINH_GUI_RE.match(first)
                    or _PLACE_DATE_RE.search(first)
                ):
                    break
                parts.append(first)
                end += 1
            if kind_line is None:
                return collapse(" ".join(parts)) or None, end, True
    if kind_line is None:
        return None, 0, False
    kind_content = lines[kind_line].content
    rest = _KIND_ALONE_RE.fullmatch(fold(kind_content)) or spaced_kind(
        fold(kind_content)
    )
    parts = [] if rest else [_KIND_RE.sub("", kind_content, count=1).strip()]
    end = kind_line + 1
    while end < len(lines) and len([p for p in parts if p]) < 6:
        line = lines[end]
        content = line.content
        if not content:
            if any(parts):
                break
            end += 1
            continue
        if _SEPARATOR_RE.match(content):
            end += 1
            break
        if (
            _BODY_OPENERS.match(content)
            or _ITEM_START.match(content)
            or (len(content) > 120 and (any(parts) or len(content) > 250))
        ):
            break
        parts.append(content)
        end += 1
    subject = collapse(" ".join(p for p in parts if p))
    if re.match(r"của\b", subject, _F):
        # "KẾT LUẬN / CỦA BAN THƯỜNG VỤ …": the title word opens the subject.
        subject = f"{collapse(kind_content)} {subject}"
    return subject or None, end, False


def _addressees(lines: list[Line], start: int) -> tuple[list[str], int]:
    """A "Kính gửi:" (or CÔNG ĐIỆN "… điện:") list near the top, and the line after it."""
    for line in lines[max(0, start - 8) : start + 12]:
        segments = line.segments()
        if not segments:
            continue
        piece = segments[-1][1]
        kinh = _KINH_GUI_RE.match(piece) or _KINH_GUI_RE.match(line.content)
        if kinh is None and not _DIEN_RE.search(line.content):
            continue
        names: list[str] = []
        if kinh is not None and kinh.group("rest").strip():
            names.append(kinh.group("rest").strip())
        end = line.index + 1
        dashed = False
        while end < len(lines):
            content = lines[end].content
            if not content:
                if names:
                    break
                end += 1
                continue
            again = _KINH_GUI_RE.match(content)
            if again is not None and not names:
                # "… điện:" then "Kính gửi:" on a line of its own: the list follows.
                if again.group("rest").strip():
                    names.append(again.group("rest").strip())
                end += 1
                continue
            if content[:1] in "-–+•":
                dashed = True
                names.append(content)
            elif names and (
                ((dashed or names[-1].endswith(",")) and content[:1].islower())
                # "- Chủ tịch UBND các tỉnh: Quảng Trị, Huế,\nQuảng Ngãi;": an entry
                # wrapped after a comma goes on whatever its next word's case.
                or (dashed and names[-1].rstrip().endswith(","))
            ):
                names[-1] += " " + content
            elif not names and len(content) < 120:
                names.append(content)
            else:
                break
            end += 1
        # "Kính gửi: - Bộ Tài chính; - Ủy ban nhân dân tỉnh X" on one line: one each.
        cleaned = [c for n in names for c in _split_addressees(n)]
        return cleaned, end
    return [], 0


# --- the opening sentence ------------------------------------------------------------


@dataclass(frozen=True)
class LeadFacts:
    """What an opening sentence says about the document it opens or reports."""

    number: str | None = None
    kind: str | None = None
    issued_on: date | None = None
    issuer: str | None = None
    subject: str | None = None
    addressees: tuple[str, ...] = ()
    # "Phó Thủ tướng Lâm Văn A vừa ký …": the person who signed it.
    signer: str | None = None


_LEAD_KIND = "|".join(k.replace(" ", r"\s+") for k in KINDS)
# "Thủ tướng Chính phủ vừa ký Công điện số 112/CĐ-TTg ngày 19/7/2025 về …, gửi …,
# nêu rõ:" — a portal's or a newspaper's report of a document.
_LEAD_RE = re.compile(
    r"(?P<issuer>[^.;:]{3,160}?)\s+(?:vừa\s+|đã\s+|mới\s+)*"
    r"(?:ký(?:\s+ban\s+hành)?|ban\s+hành|có|phát\s+hành|gửi)\s+"
    rf"(?P<kind>{_LEAD_KIND})(?:\s+(?:khẩn|hỏa\s+tốc))?\s+số\s*:?\s*"
    r"(?P<n>[0-9O]{1,6}(?:\s?[-/.]\s?[0-9A-Za-zĐđ&]+)+)"
    r"(?:\s*,?\s*ngày\s+(?P<d>\d{1,2})(?:\s*[/.-]\s*|\s+tháng\s+)(?P<m>\d{1,2})"
    r"(?:\s*[/.-]\s*|\s*,?\s*năm\s+)(?P<y>\d{4}))?",
    _F,
)
# "Ban Thường vụ Tỉnh ủy vừa ban hành Chỉ thị về …": a report of a document that gives
# no number; the title word must be written capitalised, as a document's name is.
# What the document conveys may follow the title word ("Thông báo kết luận về …").
_LEAD_BARE_RE = re.compile(
    r"(?P<issuer>[^.;:]{3,160}?)\s+(?:vừa\s+|đã\s+|mới\s+)*"
    r"(?:ký(?:\s+ban\s+hành)?|ban\s+hành|phát\s+hành)\s+"
    rf"(?P<kind>{_LEAD_KIND})(?:\s+(?:khẩn|hỏa\s+tốc))?"
    r"(?:\s+(?:kết\s+luận|ý\s+kiến(?:\s+chỉ\s+đạo)?|chỉ\s+đạo|hướng\s+dẫn))?"
    r"\s+(?:về|ngày)\s",
    _F,
)
# What follows the document's number in the same sentence: its subject ("về …") and
# its addressees ("gửi …"), in either order, up to ", nêu rõ:", ":" or the full stop.
_LEAD_END = r"(?=\s*(?:,\s*(?:nêu\s+rõ|yêu\s+cầu|chỉ\s+đạo|trong\s+đó)|[:.](?:\s|$)|$))"
_LEAD_SUBJECT_RE = re.compile(
    r"\s(?:về\s+việc|về|V/v)\s+(?P<subject>[^;:]*?)(?=\s*,?\s*gửi\b|" + _LEAD_END[3:],
    _F,
)
_LEAD_TO_RE = re.compile(
    r"\bgửi\s+(?P<to>[^:.]*?)(?=\s+về\s|\s*,\s*về\s|" + _LEAD_END[3:], _F
)
# "Thực hiện …, Ủy ban nhân dân tỉnh yêu cầu:" — a preamble that names the issuer.
_PREAMBLE_RE = re.compile(
    r"(?:Thực\s+hiện|Để|Căn\s+cứ|Theo|Nhằm)\b[^.:]*?,\s*"
    r"(?P<issuer>(?-i:[A-ZĐÀ-Ỹ])[^,.;:]{2,120}?)\s+"
    r"(?:yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|chỉ\s+thị|giao)(?:\s+[^:.]{0,80})?\s*:",
    _F,
)
_LIST_COLON_RE = re.compile(
    r"\b(?:các|những)\s+(?:bộ|sở|ban|ngành|tỉnh|thành\s+phố|huyện|xã|phường|quận"
    r"|thị\s+xã|đơn\s+vị|cơ\s+quan)\s*:(?=\s*(?-i:[A-ZĐÀ-Ỹ]))",
    _F,
)
_LEAD_DATE_RE = re.compile(
    r"ngày\s+(?P<d>\d{1,2})(?:\s*[/.-]\s*|\s+tháng\s+)(?P<m>\d{1,2})"
    r"(?:\s*[/.-]\s*|\s*,?\s*năm\s+)(?P<y>\d{4})",
    _F,
)
_TO_RE = re.compile(
    r"\bgửi\s+(?P<to>[^.]*?)\s*,\s*(?:nêu\s+rõ|yêu\s+cầu|trong\s+đó\s+nêu\s+rõ"
    r"|chỉ\s+đạo)\s*:",
    _F,
)
# "Thủ tướng Chính phủ Phạm Minh Chính": the person's name after the title is not
# part of the issuer (a place after a level word is: "tỉnh Thừa Thiên Huế").
_TITLED_ISSUER = re.compile(
    r"^(?:Phó\s+)?(?:Thủ\s+tướng|Bộ\s+trưởng|Chủ\s+tịch|Bí\s+thư|Giám\s+đốc)\b", _F
)
_LEAD_OF_RE = re.compile(
    r"\s*,?\s*của\s+(?P<of>(?:Thủ\s+tướng|Bộ\s+trưởng|Chủ\s+tịch|Ủy\s+ban|Bộ|Ban"
    r"|Văn\s+phòng|Tỉnh\s+ủy|Thành\s+ủy|Huyện\s+ủy|Đảng\s+ủy)\b[^,.;:]{0,80}?)"
    r"(?=\s*,|\s+(?:về|gửi|V/v)\s|[.;:]|$)",
    _F,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LEAD_OPENER = re.compile(r"^.*?(?:\)\s*[-–—]\s*|\s[-–—]\s|,\s+)(?=\S)")


def read_lead(text: str) -> LeadFacts:
    """The document an opening sentence names: issuer, kind, number, date, addressees.

    Args:
        text: the first paragraphs of the body.

    Returns:
        What the sentence says; empty when it names no document and no issuer.
    """
    folded = fold(text)
    match = _LEAD_RE.search(folded)
    if match is not None:
        issued = None
        # The date after the number, or a dateline before the issuer ("Ngày 19/7/2025,
        # Văn phòng Chính phủ ban hành Thông báo số …").
        when = (
            match if match.group("y") else _LEAD_DATE_RE.search(match.group("issuer"))
        )
        if when is not None:
            try:
                issued = date(
                    int(when.group("y")), int(when.group("m")), int(when.group("d"))
                )
            except ValueError:
                issued = None
        raw_number = re.sub(r"\s", "", match.group("n"))
        head = re.match(r"[0-9O]+", raw_number)
        number = (
            (_number_head(head.group()) + raw_number[head.end() :]).upper().strip(".-/")
            if head
            else raw_number.upper()
        )
        issuer, signer = _lead_subject(
            text[match.start("issuer") : match.end("issuer")]
        )
        # "… vừa ký Công điện số 131/CĐ-TTg ngày 19/8/2025 của Thủ tướng Chính phủ về
        # …": a deputy signed for the issuer the document names.
        on_behalf = _LEAD_OF_RE.match(folded, match.end())
        if on_behalf is not None:
            issuer = collapse(text[on_behalf.start("of") : on_behalf.end("of")])
        # A colon after "các tỉnh", "các Bộ" opens a list of names, not a new sentence.
        folded = _LIST_COLON_RE.sub(lambda m: m.group()[:-1] + "\u2236", folded)
        sentence = re.split(r"[.:](?:\s|$)", folded[match.end() : match.end() + 800])[0]
        offset = match.end()
        # The list may hold colons of its own ("Bộ trưởng các Bộ: Quốc phòng, …").
        to = _TO_RE.search(folded, offset, offset + 800)
        if to is None:
            to = _LEAD_TO_RE.search(folded, offset, offset + len(sentence) + 1)
        subject = _LEAD_SUBJECT_RE.search(folded, offset, offset + len(sentence) + 1)
        return LeadFacts(
            number=number,
            kind=collapse(match.group("kind")).upper(),
            issued_on=issued,
            issuer=issuer,
            subject=collapse(text[subject.start("subject") : subject.end("subject")])
            if subject
            else None,
            addressees=tuple(
                _split_addressees(text[to.start("to") : to.end("to")]) if to else ()
            ),
            signer=signer,
        )
    bare = _LEAD_BARE_RE.search(folded)
    if bare is not None and bare.group("kind")[:1].isupper():
        issuer, signer = _lead_subject(text[bare.start("issuer") : bare.end("issuer")])
        return LeadFacts(
            kind=collapse(bare.group("kind")).upper(), issuer=issuer, signer=signer
        )
    preamble = _PREAMBLE_RE.search(folded)
    if preamble is not None:
        issuer = collapse(text[preamble.start("issuer") : preamble.end("issuer")])
        return LeadFacts(issuer=issuer)
    return LeadFacts()


def _lead_subject(raw: str) -> tuple[str | None, str | None]:
    """The issuer named at the start of a lead, without a dateline before it, and the
    person named after a title ("Chủ tịch Ủy ban nhân dân tỉnh X Lê Văn A")."""
    # The lead is a paragraph of its own: a headline or a timestamp above it is none
    # of the issuer's name.
    text = collapse(_PARAGRAPH_BREAK.split(raw)[-1])
    # "(Chinhphu.vn) - Thủ tướng …", "Ngày 19/7, Thủ tướng …": keep what follows.
    while True:
        opener = _LEAD_OPENER.match(text)
        if opener is None or len(text) - opener.end() < 3:
            break
        text = text[opener.end() :]
    text = text.strip(" ,-–—")
    if not text[:1].isupper() or len(text.split()) > 14:
        return None, None
    words = text.split()
    if _TITLED_ISSUER.match(text):
        run = 0
        while run < len(words) and _name_word(words[-1 - run]):
            run += 1
        before = words[-1 - run].lower() if run < len(words) else ""
        if 3 <= run <= 4 and before not in _LEVEL_WORDS and run < len(words) - 1:
            return " ".join(words[:-run]), " ".join(words[-run:])
        if (
            run == 3
            and before in _LEVEL_WORDS
            and words[-3].lower() in SURNAMES
            and words[-2].lower() in MIDDLE_NAMES
        ):
            # No place after the level word, only a person ("tỉnh Lê Văn A").
            return " ".join(words[:-run]), " ".join(words[-run:])
        if run >= 4 and before in _LEVEL_WORDS:
            # A place and then a person ("tỉnh Hòa Bình Lê Văn A"): the person starts
            # at a family name, three words from the end by preference.
            names = _person_from_surname(words[-run:])
            if names:
                return " ".join(words[: -len(names)]), " ".join(names)
    return text, None


def _person_from_surname(words: list[str]) -> list[str]:
    """The words from a family name to the end that make a personal name, or []."""
    starts = [
        i
        for i in range(1, len(words))
        if words[i].lower() in SURNAMES and 2 <= len(words) - i <= 4
    ]
    for length in (3, 4, 2):
        for i in starts:
            if len(words) - i == length:
                return words[i:]
    return []


def _split_addressees(text: str) -> list[str]:
    """ "các Bộ: Tài chính, Xây dựng; Ủy ban nhân dân các tỉnh" → one entry per ";"."""
    parts = re.split(r"\s*;\s*", collapse(text))
    return [c for c in (_clean_recipient(p) for p in parts) if c]


def _opening(lines: list[Line], start: int, end: int) -> str:
    """The first paragraphs of the body, where a lead sentence or preamble stands;
    lines joined by a space, paragraphs by a blank line."""
    out: list[str] = []
    size = 0
    count = 0
    for line in lines[start:end]:
        if line.blank:
            if out and out[-1] != "\n\n":
                out.append("\n\n")
            continue
        if out and out[-1] != "\n\n":
            out.append(" ")
        out.append(line.content)
        size += len(line.content)
        count += 1
        if size > 1500 or count >= 12:
            break
    return "".join(out)


def _body_end(lines: list[Line], start: int) -> int:
    for line in lines[start:]:
        segments = line.segments()
        if not segments:
            continue
        first = segments[0][1]
        if NOI_NHAN_RE.match(first):
            return line.index
        if FORM_RE.match(first) and (first.isupper() or line.content.islower()):
            return line.index
        if (
            len(segments) == 1
            and len(first.split()) <= 5
            and _TITLE_WORDS.match(first)
            and _name_follows(lines, line.index)
        ):
            return line.index
    return len(lines)


def _name_follows(lines: list[Line], index: int) -> bool:
    """Whether a personal name follows within a few lines (a signature, not a heading)."""
    for line in lines[index + 1 : index + 8]:
        for _col, piece in line.segments():
            if _person_name(piece) is not None:
                return True
    return False


# --- signature ---------------------------------------------------------------------


@dataclass
class _Signature:
    form: str | None = None
    form_rest: str | None = None
    title: str | None = None
    signer: str | None = None
    recipients: list[str] = field(default_factory=list)
    appendix_start: int | None = None


_APPENDIX_RE = re.compile(
    r"^(?:PHỤ\s+LỤC|DANH\s+MỤC|BẢNG\s+(?:PHÂN\s+CÔNG|TỔNG\s+HỢP))", _F
)
_TABLE_HEAD_RE = re.compile(r"\bS?TT\b", _F)


def _signature(lines: list[Line], body_end: int) -> _Signature:
    sig = _Signature()
    in_list = False
    seen_name = False
    for line in lines[body_end:]:
        segments = line.segments()
        if not segments:
            continue
        if seen_name and (
            _APPENDIX_RE.match(segments[0][1])
            or (_TABLE_HEAD_RE.match(segments[0][1]) and len(segments) > 2)
        ):
            sig.appendix_start = line.index
            break
        for position, (col, piece) in enumerate(segments):
            left = position == 0 and (col < 30 or len(segments) > 1)
            if NOI_NHAN_RE.match(piece):
                in_list = True
                rest = re.sub(r"^Nơi\s+nhận\s*:?\s*", "", piece, flags=_F)
                if rest:
                    sig.recipients.append(rest)
                continue
            form = FORM_RE.match(piece)
            if form is not None and (
                piece.isupper() or piece.islower() or len(piece) < 40
            ):
                word = collapse(form.group("form").upper().rstrip("."))
                word = {"T.M": "T/M", "T.L": "T/L", "K.T": "K/T"}.get(word, word)
                if sig.form is None:
                    sig.form = _FORMS.get(word, _FORMS.get(word + ".", word))
                    sig.form_rest = (form.group("rest") or "").strip() or None
                else:
                    sig.title = None
                in_list = in_list and not left
                continue
            if in_list and left and piece[:1] in "-–+•":
                sig.recipients.append(piece)
                continue
            if in_list and left and sig.recipients and not _looks_signature(piece):
                sig.recipients[-1] += " " + piece
                continue
            if _is_title(piece):
                sig.title = piece
                continue
            name = _person_name(piece)
            if name is not None and (sig.form or sig.title or not left):
                sig.signer = name
                seen_name = True
    sig.recipients = [r for r in (_clean_recipient(r) for r in sig.recipients) if r]
    return sig


def _looks_signature(piece: str) -> bool:
    return (
        bool(FORM_RE.match(piece))
        or _is_title(piece)
        or _person_name(piece) is not None
    )


def _is_title(piece: str) -> bool:
    letters = [c for c in piece if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return bool(_TITLE_WORDS.match(piece.upper())) and piece.islower()
    return bool(_TITLE_WORDS.match(piece)) or (
        len(piece.split()) <= 6
        and not NOI_NHAN_RE.match(piece)
        and not FORM_RE.match(piece)
    )


def _person_name(piece: str) -> str | None:
    """A personal name: 2 to 5 capitalised words ("Nguyễn Văn Hà"), a rank before it dropped."""
    words = re.sub(r"^\(.*?\)\s*", "", piece).strip(" .,;:").split()
    if len(words) > 7:  # at most a two-word rank before five names
        return None
    for i in range(len(words)):
        tail = words[i:]
        if 2 <= len(tail) <= 5 and all(_name_word(w) for w in tail):
            # A rank ("Thiếu tướng") may precede; other words mean a phrase, not a name.
            if i > 2:
                return None
            return " ".join(tail)
    return None


def _name_word(word: str) -> bool:
    if not word.isalpha() or not word[:1].isupper():
        return False
    return len(word) == 1 or word[1:].islower()


def _clean_recipient(text: str) -> str:
    text = collapse(text)
    text = re.sub(r"^[-–+•]\s*", "", text)
    text = re.sub(r"\((?:[^()]*)\)", " ", text)
    text = re.sub(r"[“\"][^”\"]*[”\"]", " ", text)
    text = collapse(text).strip(" ,;.:")
    if not text or re.match(r"^Lưu\b", text, _F):
        return ""
    return text


# --- issuer ------------------------------------------------------------------------


def _header_org(lines: list[Line], number: str | None, place: str | None) -> str | None:
    """The issuing organisation printed in the header's left column."""
    left: list[str] = []
    for line in lines[:12]:
        segments = line.segments()
        if not segments:
            continue
        col, piece = segments[0]
        if col > 25 and len(segments) == 1:
            continue
        if (
            _NOT_ISSUER.search(piece)
            or _PLACE_DATE_RE.search(piece)
            or _KIND_ALONE_RE.fullmatch(fold(piece))
        ):
            if left:
                break
            continue
        letters = [c for c in piece if c.isalpha()]
        if not letters or not (
            all(c.isupper() for c in letters) or all(c.islower() for c in letters)
        ):
            if left:
                break
            continue
        left.append(piece)
    if left:
        # "ỦY BAN NHÂN DÂN" / "TỈNH NAM HẢI" is one name; "ĐẢNG BỘ TỈNH X" /
        # "ĐẢNG ỦY XÃ Y" names a superior, then the issuer.
        name = left[-1]
        if len(left) >= 2 and _LEVEL_START.match(left[-1]):
            name = left[-2] + " " + left[-1]
        elif len(left) >= 2 and left[-1].upper() in ("VĂN PHÒNG", "VP"):
            name = left[-1] + " " + left[-2]
        return _display(name)
    if number:
        code = number.upper().rsplit("/", 1)[-1] if "/" in number else ""
        body = _PARTY_CODE.get(code)
        if body and place:
            return f"{body} {place}"
        if body:
            return body
    return None


def _issuer(
    form_rest: str | None, title: str | None, kind: str | None, org: str | None
) -> str | None:
    """The body the signature speaks for.

    "T/M" or "T/L BAN THƯỜNG VỤ" speaks for the Standing Board of the committee in
    the header, "T/M BAN CHẤP HÀNH" for the Executive Committee of its Party branch,
    "TL. CHỦ TỊCH" on a People's Committee notice for the Committee, and a directive,
    decision or telegram signed by the Chairman for the Chairman; otherwise the body
    in the header issues it (a ministry, an office, a department).
    """
    speaks_for = (form_rest or "").upper()
    base = org
    if speaks_for:
        speaks_for = collapse(speaks_for)
        if "BAN THƯỜNG VỤ" in speaks_for:
            return _prefixed("Ban Thường vụ", org)
        if "BAN CHẤP HÀNH" in speaks_for:
            return _prefixed("Ban Chấp hành", _party_branch(org))
        if speaks_for.startswith("THƯỜNG TRỰC"):
            return _prefixed("Thường trực", org)
        if "CHỦ TỊCH" in speaks_for and kind in ("CHỈ THỊ", "QUYẾT ĐỊNH", "CÔNG ĐIỆN"):
            return _prefixed("Chủ tịch", org)
        if speaks_for.startswith(("BỘ TRƯỞNG", "THỦ TƯỚNG")) and org is None:
            return _display(speaks_for)
        return base or _display(speaks_for)
    if (
        title
        and "CHỦ TỊCH" in title.upper()
        and kind in ("CHỈ THỊ", "QUYẾT ĐỊNH", "CÔNG ĐIỆN")
    ):
        return _prefixed("Chủ tịch", org)
    if title and title.upper().startswith("THỦ TƯỚNG"):
        return "Thủ tướng Chính phủ"
    return base


def _party_branch(org: str | None) -> str | None:
    if org is None:
        return None
    for committee, branch in (
        ("Đảng ủy", "Đảng bộ"),
        ("Tỉnh ủy", "Đảng bộ tỉnh"),
        ("Huyện ủy", "Đảng bộ huyện"),
        ("Thành ủy", "Đảng bộ thành phố"),
        ("Quận ủy", "Đảng bộ quận"),
    ):
        if org.startswith(committee):
            return branch + org[len(committee) :]
    return org


def _prefixed(prefix: str, org: str | None) -> str:
    return f"{prefix} {org}" if org else prefix


_TITLE_TERMS = (
    "chánh",
    "văn phòng",
    "bí thư",
    "thường trực",
    "chủ nhiệm",
    "chủ tịch",
    "giám đốc",
    "bộ trưởng",
    "thủ tướng",
    "trưởng ban",
    "chánh thanh tra",
    "ủy viên",
    "ban thường vụ",
)


def _title_case(title: str) -> str:
    """A signer's title in running-text case: "PHÓ BÍ THƯ THƯỜNG TRỰC" → "Phó Bí thư Thường trực"."""
    text = collapse(title).lower()
    for term in _TITLE_TERMS:
        text = re.sub(rf"\b{term}\b", term[:1].upper() + term[1:], text)
    return text[:1].upper() + text[1:]


_LEVEL_WORDS = (
    "thị trấn",
    "thành phố",
    "thị xã",
    "đặc khu",
    "xã",
    "huyện",
    "tỉnh",
    "phường",
    "quận",
)
_TWO_WORD_HEADS = (
    "chi cục",
    "tổng cục",
    "văn phòng",
    "trung tâm",
    "ủy ban",
    "ban quản",
)
_COMMITTEES = ("tỉnh ủy", "huyện ủy", "thành ủy", "thị ủy", "quận ủy")


def _display(name: str) -> str:
    """An issuing body's name in running-text case: "TỈNH ỦY SÔNG LAM" → "Tỉnh ủy Sông Lam"."""
    words = collapse(name).split()
    if not words:
        return name
    low = [w.lower() for w in words]
    # Where the place name starts: after a level word, or after "Tỉnh ủy"-like openers.
    proper_from = len(words)
    capital = {0}
    if " ".join(low[:2]) in _COMMITTEES:
        proper_from = 2
    else:
        for i in range(1, len(low)):
            if any(" ".join(low[i : i + len(lv.split())]) == lv for lv in _LEVEL_WORDS):
                proper_from = i + (2 if " ".join(low[i : i + 2]) in _LEVEL_WORDS else 1)
                break
    if proper_from == len(words):
        # "SỞ NỘI VỤ" → "Sở Nội vụ": the name after the head noun, and after "và".
        head = 2 if " ".join(low[:2]) in _TWO_WORD_HEADS else 1
        capital.add(head)
        capital.update(i + 1 for i, w in enumerate(low) if w == "và")
    out: list[str] = []
    for i, word in enumerate(words):
        if word.upper() in _KEEP_UPPER:
            out.append(word.upper())
        elif i in capital or i >= proper_from:
            out.append(low[i][:1].upper() + low[i][1:])
        else:
            out.append(low[i])
    text = " ".join(out)
    return re.sub(r"\bchính phủ\b", "Chính phủ", text)
