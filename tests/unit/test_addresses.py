"""One e-mail address per text: what the registry and DIRECTIVES_MAIL_FROM accept."""

import pytest

from domain.addresses import Mailbox, check_address, parse_mailbox
from domain.errors import InputError, InvalidAddress

GOOD = [
    "vanphong@huyenuy.example.vn",
    "ban.tuyen-giao+theodoi@vinhbao.example.org",
    "  padded@example.org  ",
]

BAD = [
    ("", "empty"),
    ("vp@example.org\r\nBcc: x@evil.org", "line break"),
    ("vp@example.org\nx", "line break"),
    ("vp@example.org\x00", "control character"),
    ("a@example.org,b@example.org", "several addresses"),
    ("a@example.org;b@example.org", "several addresses"),
    ("a@example.org b@example.org", "blank"),
    ("vp@example.org (Văn phòng)", "blank"),
    ("vp@@example.org", "exactly one '@'"),
    ("vp.example.org", "exactly one '@'"),
    ('"vp"@example.org', "character an address cannot carry"),
    (".vp@example.org", "doubled dot"),
    ("v..p@example.org", "doubled dot"),
    ("vp@localhost", "not a host name"),
    ("vp@[127.0.0.1]", "not a host name"),
    ("vp@-bad.example.org", "not a host name"),
    ("vp@exa_mple.org", "not a host name"),
    ("nguyễn@example.org", "character an address cannot carry"),
    ("x" * 65 + "@example.org", "1 to 64"),
    ("x@" + ".".join(["a" * 60] * 5) + ".vn", "254"),
]


@pytest.mark.parametrize("value", GOOD)
def test_a_single_bare_address_is_accepted_and_trimmed(value):
    assert check_address(value) == value.strip()


@pytest.mark.parametrize(("value", "reason"), BAD)
def test_anything_but_one_bare_address_is_refused_with_the_reason(value, reason):
    with pytest.raises(InvalidAddress, match=reason):
        check_address(value)
    with pytest.raises(InvalidAddress, match=reason):
        parse_mailbox(value)


@pytest.mark.parametrize(
    "value",
    [
        "Văn phòng <vp@example.org>",
        '"vp@example.org" <x@evil.org>',
        "<vp@example.org>",
    ],
)
def test_a_registry_address_may_not_carry_a_display_name(value):
    with pytest.raises(InvalidAddress, match="display name"):
        check_address(value)


@pytest.mark.parametrize(
    ("value", "mailbox", "text"),
    [
        (
            "Văn phòng Huyện ủy <vanphong@huyenuy.example.vn>",
            Mailbox("vanphong@huyenuy.example.vn", "Văn phòng Huyện ủy"),
            "Văn phòng Huyện ủy <vanphong@huyenuy.example.vn>",
        ),
        (
            '"Huyện ủy Vĩnh Bảo, Văn phòng" <vp@vinhbao.example.org>',
            Mailbox("vp@vinhbao.example.org", "Huyện ủy Vĩnh Bảo, Văn phòng"),
            '"Huyện ủy Vĩnh Bảo, Văn phòng" <vp@vinhbao.example.org>',
        ),
        (
            "<vp@vinhbao.example.org>",
            Mailbox("vp@vinhbao.example.org"),
            "vp@vinhbao.example.org",
        ),
        ("vp@VinhBao.example.org", Mailbox("vp@VinhBao.example.org"), None),
    ],
)
def test_the_sender_may_be_written_name_then_address(value, mailbox, text):
    parsed = parse_mailbox(value)
    assert parsed == mailbox
    assert str(parsed) == (text or value)
    assert parsed.domain == mailbox.address.rpartition("@")[2].lower()


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("Văn phòng <vp@example.org> <x@evil.org>", "expected one address"),
        ("Văn phòng <vp@example.org>, x@evil.org", "expected one address"),
        ("vp@example.org <x@evil.org>", "display name may not contain"),
        ('"vp@example.org" <x@evil.org>', "display name may not contain"),
        ("Văn phòng, Huyện ủy <vp@example.org>", "unless it is quoted"),
        ("Văn phòng <vp@example.org, x@evil.org>", "several addresses"),
        ("Văn phòng <>", "empty"),
    ],
)
def test_display_name_tricks_are_refused(value, reason):
    with pytest.raises(InvalidAddress, match=reason):
        parse_mailbox(value)


def test_an_invalid_address_is_bad_input():
    assert issubclass(InvalidAddress, InputError)
    assert InvalidAddress.exit_code == 2
