"""The bytes of a mail of two UTF-8 bodies, plain text then HTML, written directly.

The email package builds a tree of header objects, parsing every value it is given and
folding it again on output: about 3 ms a message, more than rendering the templates.
A delivery pass that writes to the file outbox takes hundreds of messages at once, so
the common shape (no attachment, no body line over 998 octets) is written here with
the headers and parts the email package gives it:

- address headers and anything unusual are folded by the email package itself, an
  address header once per distinct value (the sender is the same on every mail);
- the Message-ID and the date are written as the email package writes them;
- an unstructured value (the subject) of plain ASCII is written as it is; one that is
  not ASCII is written as RFC 2047 encoded words of at most 75 characters, folded so lines stay
  within 78 characters. It decodes to exactly the value given (the email package
  puts the same text into encoded words of its own choosing);
- the multipart boundary is derived from the Message-ID, so the same message always
  gives the same bytes.
"""

import base64
import email.policy
import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache

#: The email package's policy for these messages: folding a Vietnamese subject at 78
#: columns splits it into encoded words, and the standard library drops the space at
#: such a fold ("nhiệm vụ quá" comes back as "nhiệm vụquá"); RFC 5322 allows lines of
#: 998 characters, so fold only there.
POLICY = email.policy.default.clone(max_line_length=998)
LINE_LIMIT = 998  # octets in a body line without a transfer encoding (RFC 5322)
_FOLD_AT = 78  # the line length RFC 5322 recommends
_EW_PREFIX = "=?utf-8?b?"
_EW_CHROME = len(_EW_PREFIX) + len("?=")
_EW_LIMIT = 75  # characters in one encoded word (RFC 2047)
# printable ASCII words separated by single spaces, nothing that reads as an encoded word
_PLAIN = re.compile(r"[!-~]+(?: [!-~]+)*")
_MESSAGE_ID = re.compile(r"<[!-;=?-~]+>")  # no space, no angle bracket inside


def alternative_bytes(
    *,
    message_id: str,
    date: datetime,
    from_addr: str,
    to: Sequence[str],
    cc: Sequence[str],
    subject: str,
    headers: Mapping[str, str],
    text: str,
    html: str,
) -> bytes | None:
    """The mail as ``multipart/alternative`` bytes with LF line ends, as the email
    package's ``as_bytes()`` writes them; None when a body needs a transfer encoding
    (a line longer than :data:`LINE_LIMIT` octets), which the caller leaves to the
    email package.

    The values are taken as checked (no line breaks, valid addresses, extra header
    names allowed).

    Args:
        message_id: the Message-ID, angle brackets included.
        date: the Date header, timezone-aware.
        from_addr: the sender.
        to: the primary recipients.
        cc: the copied recipients.
        subject: the subject.
        headers: extra headers, after the subject.
        text: the plain-text body.
        html: the HTML body.

    Returns:
        The message's bytes, or None.

    Raises:
        UnicodeEncodeError: a body or a header holds text UTF-8 cannot encode (a lone
            surrogate), as with the email package.
    """
    plain = _body(text)
    rich = _body(html)
    if plain is None or rich is None:
        return None
    boundary = _boundary(message_id, (plain[1], rich[1]))
    lines = [
        _message_id(message_id),
        f"Date: {format_datetime(date)}\n",
        folded("From", from_addr),
    ]
    if to:
        lines.append(folded("To", ", ".join(to)))
    if cc:
        lines.append(folded("Cc", ", ".join(cc)))
    lines.append(unstructured("Subject", subject))
    lines.extend(unstructured(name, value) for name, value in headers.items())
    lines.append("MIME-Version: 1.0\n")
    lines.append(f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n')
    head = "".join(lines).encode("ascii")
    delimiter = f"--{boundary}\n".encode("ascii")
    return b"".join(
        (
            head,
            delimiter,
            b'Content-Type: text/plain; charset="utf-8"\n',
            b"Content-Transfer-Encoding: %s\n\n" % plain[0],
            plain[1],
            b"\n",
            delimiter,
            b'Content-Type: text/html; charset="utf-8"\n',
            b"Content-Transfer-Encoding: %s\nMIME-Version: 1.0\n\n" % rich[0],
            rich[1],
            f"\n--{boundary}--\n".encode("ascii"),
        )
    )


def _body(value: str) -> tuple[bytes, bytes] | None:
    """The transfer encoding's name and the body, lines ended by LF; None when a line
    is too long to go without a transfer encoding."""
    lines = value.encode("utf-8").splitlines()
    if any(len(line) > LINE_LIMIT for line in lines):
        return None
    body = b"\n".join(lines) + b"\n"
    return (b"7bit" if body.isascii() else b"8bit"), body


def _boundary(message_id: str, bodies: Sequence[bytes]) -> str:
    """A boundary of the email package's shape, from the Message-ID, that no body line
    repeats."""
    digest = hashlib.sha256(message_id.encode("utf-8")).digest()
    base = "=" * 15 + f"{int.from_bytes(digest[:8], 'big') % 10**19:019d}" + "=="
    boundary, counter = base, 0
    while any(_delimits(boundary, body) for body in bodies):
        counter += 1
        boundary = f"{base}.{counter}"
    return boundary


def _delimits(boundary: str, body: bytes) -> bool:
    marker = b"--" + boundary.encode("ascii")
    if marker not in body:
        return False  # the usual answer, without compiling a pattern per boundary
    pattern = re.compile(b"^" + re.escape(marker) + b"(--)?$", re.M)
    return pattern.search(body) is not None


def _message_id(value: str) -> str:
    if _MESSAGE_ID.fullmatch(value) and len(value) + len("Message-ID: ") <= LINE_LIMIT:
        return f"Message-ID: {value}\n"
    return _library_fold("Message-ID", value)


def _library_fold(name: str, value: str) -> str:
    line: str = POLICY.header_factory(name, value).fold(policy=POLICY)
    return line


@lru_cache(maxsize=4096)
def folded(name: str, value: str) -> str:
    """The header line as the email package folds it, LF included.

    Args:
        name: the header's name (its kind decides the parsing: addresses, …).
        value: its value.

    Returns:
        ``"Name: value\\n"``, non-ASCII parts encoded.
    """
    return _library_fold(name, value)


def unstructured(name: str, value: str) -> str:
    """An unstructured header line (a subject, an extra header), LF included.

    Args:
        name: the header's name.
        value: its value, without line breaks.

    Returns:
        ``"Name: value\\n"`` for plain ASCII words that fit a line; the value in
        encoded words, folded, when it is not ASCII; any other ASCII value as the
        email package folds it.
    """
    if (
        _PLAIN.fullmatch(value)
        and "=?" not in value
        and len(name) + 2 + len(value) <= LINE_LIMIT
    ):
        return f"{name}: {value}\n"
    if value.isascii():  # spaced oddly, too long, or like an encoded word
        return _library_fold(name, value)
    return f"{name}: " + "\n ".join(_encoded_words(value, first=len(name) + 2)) + "\n"


def _encoded_words(value: str, *, first: int) -> list[str]:
    """``value`` as base64 encoded words of whole characters; the first one follows
    ``first`` characters of its line, the others start a folded line."""
    data = value.encode("utf-8")
    words: list[str] = []
    start, used = 0, first
    while start < len(data):
        room = min(_EW_LIMIT, _FOLD_AT - used) - _EW_CHROME
        octets = max(room // 4 * 3, 3)  # four base64 characters carry three octets
        end = min(start + octets, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1  # never split a character
        if end <= start:  # a character longer than the room: take it whole
            end = start + 1
            while end < len(data) and data[end] & 0xC0 == 0x80:
                end += 1
        chunk = base64.b64encode(data[start:end]).decode("ascii")
        words.append(f"{_EW_PREFIX}{chunk}?=")
        start, used = end, 1
    return words
