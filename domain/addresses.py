"""E-mail addresses as the registry and the sender setting may write them.

Only what a mail header can carry safely is accepted: one RFC 5322 ``addr-spec``
(``local@domain`` with a dot-atom local part and a host name), optionally, where a
display name is allowed, as ``Name <local@domain>``. Anything that could smuggle a
second recipient or a header into a message (line breaks, commas, several angle
brackets, an address inside the display name, comments, quoted local parts) is refused
with the reason.
"""

import re
from dataclasses import dataclass

from domain.errors import InvalidAddress

# RFC 5322 atext, the characters of a dot-atom besides the dots
_ATEXT = r"A-Za-z0-9!#$%&'*+/=?^_`{|}~-"
_LOCAL = re.compile(rf"^[{_ATEXT}]+(?:\.[{_ATEXT}]+)*$")
_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
# characters that have a meaning in an address header and cannot appear unquoted
_SPECIALS_IN_NAME = set('<>@,;:\\"[]()')


@dataclass(frozen=True)
class Mailbox:
    """One mailbox: an optional display name and its address.

    Args:
        address: the ``addr-spec``, e.g. ``vanphong@huyenuy.example.vn``.
        display_name: the name shown in ``From:``, possibly empty.
    """

    address: str
    display_name: str = ""

    @property
    def domain(self) -> str:
        """The host part of the address, lower-cased."""
        return self.address.rpartition("@")[2].lower()

    def __str__(self) -> str:
        if not self.display_name:
            return self.address
        name = self.display_name
        if any(c in _SPECIALS_IN_NAME or c == "." for c in name):
            name = f'"{name}"'
        return f"{name} <{self.address}>"


def check_address(value: str) -> str:
    """Accept exactly one bare address (no display name).

    Args:
        value: the text, e.g. one entry of a registry's ``emails`` list.

    Returns:
        The address with surrounding blanks removed.

    Raises:
        InvalidAddress: naming the reason (line break, several addresses, a display
            name, a malformed local part or domain, too long).
    """
    _no_controls(value)
    text = value.strip()
    if "<" in text or ">" in text:
        raise InvalidAddress(
            "a display name or angle brackets are not allowed here",
            vi="ở đây không được ghi tên hiển thị hay dấu ngoặc nhọn",
        )
    return _addr_spec(text)


def parse_mailbox(value: str) -> Mailbox:
    """Accept one address, optionally as ``Name <address>``.

    Args:
        value: e.g. ``Văn phòng Huyện ủy <vanphong@huyenuy.example.vn>`` or a bare
            address. A display name with commas or colons must be quoted.

    Returns:
        The mailbox.

    Raises:
        InvalidAddress: naming the reason.
    """
    _no_controls(value)
    text = value.strip()
    if "<" not in text and ">" not in text:
        return Mailbox(_addr_spec(text))
    if text.count("<") != 1 or text.count(">") != 1 or not text.endswith(">"):
        raise InvalidAddress(
            "expected one address, written 'Name <local@domain>' or 'local@domain'",
            vi="cần đúng một địa chỉ, viết 'Tên <local@domain>' hoặc 'local@domain'",
        )
    name_part, _, rest = text.partition("<")
    address = _addr_spec(rest[:-1].strip())
    name = name_part.strip()
    if len(name) >= 2 and name.startswith('"') and name.endswith('"'):
        name = name[1:-1]
        if '"' in name or "\\" in name or "@" in name:
            raise InvalidAddress(
                "the display name may not contain quotes, backslashes or '@'",
                vi="tên hiển thị không được chứa dấu nháy kép, dấu gạch chéo ngược "
                "hay '@'",
            )
    elif any(c in _SPECIALS_IN_NAME for c in name):
        raise InvalidAddress(
            'the display name may not contain any of < > @ , ; : \\ " [ ] ( ) '
            "unless it is quoted (and never '@')",
            vi='tên hiển thị không được chứa các ký tự < > @ , ; : \\ " [ ] ( ) '
            "nếu không đặt trong dấu nháy kép (và không bao giờ được chứa '@')",
        )
    return Mailbox(address, name.strip())


def _no_controls(value: str) -> None:
    if not isinstance(value, str):
        raise InvalidAddress("not text", vi="không phải là chữ")
    if "\r" in value or "\n" in value:
        raise InvalidAddress("contains a line break", vi="có dấu xuống dòng")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise InvalidAddress("contains a control character", vi="có ký tự điều khiển")


def _addr_spec(text: str) -> str:
    if not text:
        raise InvalidAddress("empty", vi="để trống")
    if "," in text or ";" in text:
        raise InvalidAddress(
            "several addresses: write one address per entry",
            vi="có nhiều địa chỉ: mỗi mục chỉ ghi một địa chỉ",
        )
    if any(c.isspace() for c in text):
        raise InvalidAddress("contains a blank", vi="có khoảng trắng")
    if text.count("@") != 1:
        raise InvalidAddress(
            "must contain exactly one '@'", vi="phải có đúng một ký tự '@'"
        )
    local, _, domain = text.partition("@")
    if not local or len(local) > 64:
        raise InvalidAddress(
            "the part before '@' must have 1 to 64 characters",
            vi="phần trước '@' phải dài từ 1 đến 64 ký tự",
        )
    if not _LOCAL.fullmatch(local):
        raise InvalidAddress(
            f"the part before '@' ({local!r}) has a character an address cannot "
            "carry unquoted, or a leading, trailing or doubled dot",
            vi=f"phần trước '@' ({local!r}) có ký tự không được dùng khi không đặt "
            "trong dấu nháy, hoặc có dấu chấm ở đầu, ở cuối hay hai dấu chấm liền nhau",
        )
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        raise InvalidAddress(
            f"the domain ({domain!r}) is not a host name like example.vn",
            vi=f"tên miền ({domain!r}) không phải là tên máy chủ như example.vn",
        )
    if len(text) > 254:
        raise InvalidAddress("longer than 254 characters", vi="dài quá 254 ký tự")
    return text
