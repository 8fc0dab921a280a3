"""The file outbox's bytes against the email package's: same parts, same headers.

:func:`notifications.senders.email_bytes` writes the common mail (two UTF-8 bodies, no
attachment) without the email package's object model. These tests pin that what it
writes is what ``build_email(...).as_bytes()`` writes: byte for byte once the boundary
is the same, except a non-ASCII subject, which decodes to the same text.
"""

import email
import email.policy
import re
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifications.mime import LINE_LIMIT, unstructured
from notifications.senders import (
    Attachment,
    OutgoingMessage,
    build_email,
    email_bytes,
    message_id_for,
)
from tests.factories import assigned_message

SENT_AT = datetime(2023, 9, 25, 1, 30, tzinfo=UTC)
VIETNAMESE = (
    "Tổng hợp hằng tuần: 12 nhiệm vụ quá hạn của các cơ quan, đơn vị trực thuộc "
    "(đến 02/01/2024)"
)


def make_message(**overrides: Any) -> OutgoingMessage:
    return assigned_message(
        directive_text="Rà soát những tồn tại, hạn chế.",
        **({"date": SENT_AT} | overrides),
    )


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def content(message: EmailMessage, kind: str) -> str:
    part = message.get_body((kind,))
    assert part is not None
    found: str = part.get_content()
    return found


def library_bytes(message: OutgoingMessage, written: bytes) -> bytes:
    """What the email package writes for ``message``, with the boundary of ``written``."""
    found = re.search(rb'boundary="([^"]+)"', written)
    assert found is not None
    built = build_email(message)
    built.set_boundary(found.group(1).decode("ascii"))
    return built.as_bytes()


def without_unstructured(data: bytes) -> bytes:
    # the subject and the extra headers, with their folded lines
    return re.sub(rb"^(?:Subject|X-[^:]*):.*\n(?:[ \t].*\n)*", b"", data, flags=re.M)


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"subject": "[629-TB/HU] Giao nhiệm vụ mục 1 (chủ trì) - thời hạn: 31/12/2023"},
        {"subject": 'Plain (ASCII) subject: [x] "quoted" <b> a@b.c; 100%'},
        {"subject": VIETNAMESE * 20},
        {"from_addr": "directives@example.invalid", "to": ("a@example.vn",), "cc": ()},
        {"to": (), "cc": ("Thường trực <tt@example.vn>", "b@example.vn")},
        {"to": ('"An, Bình" <ab@example.vn>', '"Trần Văn A" <a@example.vn>')},
        {"text": "ascii only\r\nCRLF\rCR\n", "html": ""},
        {"text": "", "html": "<p>" + "đ" * 499 + "</p>"},
        {"headers": {}},
        {"headers": {"X-A": "giá trị", "X-B": "  spaced  ", "X-C": "=?utf-8?q?x?="}},
        {"date": datetime(2023, 9, 25, 8, 30, tzinfo=timezone(timedelta(hours=7)))},
    ],
)
def test_the_outbox_writes_the_email_packages_bytes_but_for_the_subject(overrides):
    message = make_message(**overrides)

    written = email_bytes(message)

    expected = library_bytes(message, written)
    assert without_unstructured(written) == without_unstructured(expected)
    mine, theirs = parse(written), parse(expected)
    # every space kept (the package itself drops one where it folds a long subject)
    assert mine["Subject"] == message.subject
    for name in message.headers:
        assert mine[name] == theirs[name]


def test_a_plain_ascii_subject_is_written_byte_for_byte_as_the_email_package_does():
    message = make_message(subject="[629-TB/HU] Reminder (lead) - due: 31/12/2023")

    written = email_bytes(message)

    assert written == library_bytes(message, written)


def test_the_same_message_always_gives_the_same_bytes():
    assert email_bytes(make_message()) == email_bytes(make_message())
    other = make_message(message_id=message_id_for("a2:assigned:", "example.vn"))
    assert email_bytes(other) != email_bytes(make_message())


def test_a_body_line_that_repeats_the_boundary_moves_the_boundary():
    first = email_bytes(make_message())
    found = re.search(rb'boundary="([^"]+)"', first)
    assert found is not None
    boundary = found.group(1).decode("ascii")
    message = make_message(text=f"before\n--{boundary}\nafter")

    written = email_bytes(message)

    assert f'boundary="{boundary}.1"'.encode() in written
    assert content(parse(written), "plain") == f"before\n--{boundary}\nafter\n"


@pytest.mark.parametrize(
    "overrides",
    [
        {"text": "x" * (LINE_LIMIT + 1)},  # needs a transfer encoding
        {
            "attachments": (
                Attachment(
                    filename="báo cáo.pdf", content_type="application/pdf", data=b"%PDF"
                ),
            )
        },
    ],
)
def test_what_the_direct_writer_does_not_cover_is_the_email_packages_output(overrides):
    message = make_message(**overrides)

    written = email_bytes(message)

    # the email package wrote it: its own random boundaries, the same parts
    mine, theirs = parse(written), parse(build_email(message).as_bytes())
    assert mine["Subject"] == theirs["Subject"]
    assert [p.get_content_type() for p in mine.walk()] == [
        p.get_content_type() for p in theirs.walk()
    ]
    assert [p.get_content() for p in mine.iter_attachments()] == [
        p.get_content() for p in theirs.iter_attachments()
    ]
    for kind in ("plain", "html"):
        assert content(mine, kind) == content(theirs, kind)


def test_an_encoded_subject_keeps_to_78_columns_in_words_of_75():
    line = unstructured("Subject", VIETNAMESE * 3)

    folded = line.rstrip("\n").split("\n")
    assert len(folded) > 1
    assert all(len(part) <= 78 for part in folded)
    assert all(len(word) <= 75 for word in re.findall(r"=\?[^ ]*\?=", line))


@settings(max_examples=200, deadline=None)
@given(
    subject=st.text(
        st.characters(codec="utf-8", exclude_categories=["Cc", "Zl", "Zp"]),
        max_size=300,
    ),
    text=st.text(st.characters(codec="utf-8"), max_size=300),
    html=st.text(st.characters(codec="utf-8"), max_size=300),
)
def test_any_subject_and_bodies_read_back_as_the_email_packages_do(subject, text, html):
    message = make_message(subject=subject, text=text, html=html)

    written, expected = (
        parse(email_bytes(message)),
        parse(build_email(message).as_bytes()),
    )

    # an encoded subject reads back exactly; a plain ASCII one as the package has it
    assert written["Subject"] == (expected["Subject"] if subject.isascii() else subject)
    for kind in ("plain", "html"):
        assert content(written, kind) == content(expected, kind)
