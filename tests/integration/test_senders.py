"""Senders against real transports: an SMTP server on 127.0.0.1 (aiosmtpd) and a disk.

aiosmtpd warns (UserWarning) when AUTH is required on a connection without TLS; only
the test that sets that up ignores that one message.
"""

import email
import email.policy
import ipaddress
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from domain.errors import ConfigurationError, DeliveryError
from notifications.senders import (
    FileOutbox,
    MemoryOutbox,
    Notifier,
    OutgoingMessage,
    PartialDeliveryError,
    ReplacingNotifier,
    SmtpNotifier,
    build_email,
    email_bytes,
    eml_filename,
    message_id_for,
)
from tests.factories import assigned_message
from tests.smtp import PASSWORD, REFUSED, USER, Server, authenticate, free_port, start

SENT_AT = datetime(2023, 9, 25, 1, 30, tzinfo=UTC)
AUTH_WITHOUT_TLS = "ignore:Requiring AUTH while not requiring TLS:UserWarning"


def make_message(**overrides: Any) -> OutgoingMessage:
    fields: dict[str, Any] = {
        "message_id": message_id_for("assignment:1:assigned:0:", "huyenuy.example.vn"),
        "headers": {"X-Directives-Rule": "assigned"},
    }
    return assigned_message(
        directive_text=(
            "Rà soát, nhận diện những tồn tại, hạn chế trong công tác dư luận."
        ),
        **(fields | overrides),
    )


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None
    assert part.get_content_charset() == "utf-8"
    content: str = part.get_content()
    return content.replace("\r\n", "\n")


@pytest.fixture
def auth_server() -> Iterator[Server]:
    server = start(
        authenticator=authenticate, auth_required=True, auth_require_tls=False
    )
    yield server
    server.controller.stop()


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with ``cryptography``."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def server_tls(files: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*files)
    return context


def client_tls(files: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(files[0]))


# --- SMTP -------------------------------------------------------------------------


def test_smtp_delivers_to_and_cc_with_subject_body_and_message_id(smtp_server):
    message = make_message()

    smtp_server.notifier().send(message)

    (envelope,) = smtp_server.handler.envelopes
    assert envelope.mail_from == "vanphong@huyenuy.example.vn"
    assert envelope.rcpt_tos == [
        "btg@huyenuy.example.vn",
        "thuongtruc@huyenuy.example.vn",
    ]
    received = parse(envelope.original_content)
    assert received["Subject"] == message.subject
    assert received["Subject"].startswith("[629-TB/HU] Giao nhiệm vụ mục 1 (chủ trì)")
    assert received["Message-ID"] == message.message_id
    assert received["X-Directives-Rule"] == "assigned"
    assert "Văn phòng Huyện ủy" in str(received["From"])
    assert "Ban Tuyên giáo Huyện ủy" in str(received["To"])
    assert received.get_content_type() == "multipart/alternative"
    assert body(received, "plain") == message.text
    assert body(received, "html") == message.html
    assert "Thông báo số 629-TB/HU ngày 22 tháng 9 năm 2023" in body(received, "plain")


def test_smtp_dates_the_message_with_its_own_date_when_given(smtp_server):
    smtp_server.notifier(clock=lambda: SENT_AT).send(make_message())
    dated = make_message(
        date=datetime(2023, 9, 25, 9, 0, tzinfo=timezone(timedelta(hours=7)))
    )
    smtp_server.notifier(clock=lambda: SENT_AT).send(dated)

    first, second = (parse(e.original_content) for e in smtp_server.handler.envelopes)
    assert first["Date"].datetime == SENT_AT
    assert second["Date"].datetime == dated.date


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_smtp_logs_in_when_a_user_is_given(auth_server):
    auth_server.notifier(user=USER, password=PASSWORD).send(make_message())

    (session,) = auth_server.handler.sessions
    assert session.authenticated
    assert len(auth_server.handler.envelopes) == 1


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_smtp_wrong_password_is_a_delivery_error(auth_server):
    notifier = auth_server.notifier(user=USER, password="sai")

    with pytest.raises(DeliveryError, match="refused the login of 'vanphong': 535"):
        notifier.send(make_message())

    assert auth_server.handler.envelopes == []


@pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)
def test_smtp_without_login_where_required_is_a_delivery_error(auth_server):
    with pytest.raises(DeliveryError, match="530"):
        auth_server.notifier().send(make_message())


def test_smtp_starttls_with_login(tls_files):
    server = start(
        tls_context=server_tls(tls_files),
        require_starttls=True,
        authenticator=authenticate,
        auth_required=True,
    )
    try:
        notifier = server.notifier(
            security="starttls",
            user=USER,
            password=PASSWORD,
            ssl_context=client_tls(tls_files),
        )
        notifier.send(make_message())
    finally:
        server.controller.stop()

    (session,) = server.handler.sessions
    assert session.authenticated
    assert session.ssl is not None
    assert parse(server.handler.envelopes[0].original_content)["Subject"]


def test_smtp_starttls_with_an_untrusted_certificate_is_a_delivery_error(tls_files):
    server = start(tls_context=server_tls(tls_files), require_starttls=True)
    try:
        notifier = server.notifier(security="starttls")  # system trust store only
        with pytest.raises(DeliveryError, match="SSLCertVerificationError") as caught:
            notifier.send(make_message())
    finally:
        server.controller.stop()
    assert isinstance(caught.value.__cause__, ssl.SSLError)
    assert server.handler.envelopes == []


def test_smtp_server_down_is_a_delivery_error():
    notifier = SmtpNotifier(
        "127.0.0.1", free_port(), "none", timeout=2, local_hostname="localhost"
    )

    with pytest.raises(DeliveryError, match=r"SMTP 127\.0\.0\.1:\d+ failed") as caught:
        notifier.send(make_message())

    assert isinstance(caught.value.__cause__, OSError)


def test_smtp_some_recipients_refused_is_a_partial_delivery_error(smtp_server):
    message = make_message(cc=(REFUSED,))

    with pytest.raises(PartialDeliveryError) as caught:
        smtp_server.notifier().send(message)

    assert caught.value.refused == (REFUSED,)
    assert "550" in str(caught.value)
    (envelope,) = smtp_server.handler.envelopes
    assert envelope.rcpt_tos == ["btg@huyenuy.example.vn"]


def test_smtp_all_recipients_refused_is_a_delivery_error(smtp_server):
    message = make_message(to=(REFUSED,), cc=())

    with pytest.raises(DeliveryError, match="refused every recipient") as caught:
        smtp_server.notifier().send(message)

    assert not isinstance(caught.value, PartialDeliveryError)
    assert smtp_server.handler.envelopes == []


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"host": ""}, "host is empty"),
        ({"port": 0}, "port out of range"),
        ({"security": "tls"}, "security must be one of"),
        ({"user": "u"}, "without a password"),
        ({"password": "p"}, "without a user"),
        ({"timeout": 0}, "timeout must be positive"),
        ({"user": "u", "password": "mật khẩu"}, "password must be ASCII"),
    ],
)
def test_smtp_settings_are_checked(kwargs, reason):
    settings: dict[str, Any] = {"host": "mail.example.vn", "port": 587} | kwargs
    with pytest.raises(ConfigurationError, match=reason):
        SmtpNotifier(**settings)


def test_smtp_repr_never_shows_the_password():
    notifier = SmtpNotifier("mail.example.vn", 587, "starttls", USER, PASSWORD)
    assert PASSWORD not in repr(notifier)
    assert USER in repr(notifier)


def test_senders_satisfy_the_protocol(tmp_path):
    for sender in (
        SmtpNotifier("mail.example.vn", 25, "none"),
        FileOutbox(tmp_path),
        MemoryOutbox(),
    ):
        assert isinstance(sender, Notifier)


# --- file outbox ------------------------------------------------------------------


def test_file_outbox_writes_a_parsable_eml(tmp_path):
    outbox = FileOutbox(tmp_path / "outbox", clock=lambda: SENT_AT)
    message = make_message()

    outbox.send(message)

    (path,) = (tmp_path / "outbox").iterdir()
    assert path == outbox.path_for(message.message_id)
    assert path.suffix == ".eml"
    written = parse(path.read_bytes())
    assert written["Message-ID"] == message.message_id
    assert written["Subject"] == message.subject
    assert written["Date"].datetime == SENT_AT
    assert body(written, "plain") == message.text
    assert body(written, "html") == message.html


def test_file_outbox_writes_the_same_bytes_alone_and_in_a_batch(tmp_path):
    one, many = FileOutbox(tmp_path / "one"), FileOutbox(tmp_path / "many")
    message = make_message(date=SENT_AT)

    one.send(message)
    assert many.send_many([message]) == [None]

    data = one.path_for(message.message_id).read_bytes()
    assert data == email_bytes(message)
    assert many.path_for(message.message_id).read_bytes() == data


def test_file_outbox_overwrites_the_same_message_id(tmp_path):
    outbox = FileOutbox(tmp_path, clock=lambda: SENT_AT)
    first = make_message(subject="Lần gửi thứ nhất")
    again = make_message(subject="Lần gửi thứ hai")
    other = make_message(message_id=message_id_for("other", "huyenuy.example.vn"))

    outbox.send(first)
    outbox.send(again)
    outbox.send(other)

    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted(
        {eml_filename(first.message_id), eml_filename(other.message_id)}
    )
    assert parse(outbox.path_for(first.message_id).read_bytes())["Subject"] == (
        "Lần gửi thứ hai"
    )


def test_file_outbox_failure_is_a_delivery_error_and_leaves_no_temp_file(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")

    with pytest.raises(DeliveryError, match="cannot write") as caught:
        FileOutbox(blocker / "outbox").send(make_message())
    assert isinstance(caught.value.__cause__, OSError)

    target = tmp_path / "outbox"
    outbox = FileOutbox(target)
    message = make_message()
    outbox.path_for(message.message_id).parent.mkdir()
    outbox.path_for(message.message_id).mkdir()  # a directory where the file goes
    with pytest.raises(DeliveryError):
        outbox.send(message)
    assert [p.name for p in target.iterdir()] == [eml_filename(message.message_id)]


def test_file_outbox_writes_a_batch_each_message_to_its_file_and_reports_each_failure(
    tmp_path,
):
    """send_many: one file per Message-ID (a message given twice replaces its file),
    a message that cannot be built or written fails alone, no temporary file stays."""
    outbox = FileOutbox(tmp_path, clock=lambda: SENT_AT)
    first = make_message(subject="Lần gửi thứ nhất")
    bad = make_message(
        message_id=message_id_for("bad", "huyenuy.example.vn"),
        to=("vanphong@vinhbao.example.org\r\nBcc: x@evil.example.org",),
    )
    blocked = make_message(message_id=message_id_for("blocked", "huyenuy.example.vn"))
    outbox.path_for(blocked.message_id).mkdir()  # a directory where the file goes
    other = make_message(message_id=message_id_for("other", "huyenuy.example.vn"))
    again = make_message(subject="Lần gửi thứ hai")

    results = outbox.send_many([first, bad, blocked, other, again])

    assert [results[n] for n in (0, 3, 4)] == [None, None, None]
    assert isinstance(results[1], ValueError)  # not a transport failure
    assert isinstance(results[2], DeliveryError)
    assert "cannot write" in str(results[2])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        eml_filename(m.message_id) for m in (first, blocked, other)
    )
    assert parse(outbox.path_for(first.message_id).read_bytes())["Subject"] == (
        "Lần gửi thứ hai"
    )
    assert outbox.send_many([]) == []


def test_file_outbox_batch_into_an_unwritable_place_fails_every_message(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    outbox = FileOutbox(blocker / "outbox")

    results = outbox.send_many([make_message(), make_message(subject="khác")])

    assert all(isinstance(r, DeliveryError) for r in results)
    assert len(results) == 2


def test_only_the_file_outbox_replaces_a_message_sent_again(tmp_path):
    """The delivery pass batches only a sender that replaces resent mail."""
    assert isinstance(FileOutbox(tmp_path), ReplacingNotifier)
    assert not isinstance(MemoryOutbox(), ReplacingNotifier)
    assert not isinstance(
        SmtpNotifier("mail.example.vn", 25, "none"), ReplacingNotifier
    )


@pytest.mark.parametrize(
    "message_id",
    [
        "<abc@example.vn>",
        "<../../etc/passwd@x>",
        "<a/b@x>",
        "<a_b@x>",
        "<.hidden@x>",
        "<" + "a" * 400 + "@x>",
    ],
)
def test_eml_filenames_are_safe_and_distinct(message_id):
    name = eml_filename(message_id)
    assert "/" not in name
    assert "\\" not in name
    assert not name.startswith(".")
    assert len(name) < 200
    assert name.endswith(".eml")


def test_eml_filenames_do_not_collide_after_sanitising():
    assert eml_filename("<a/b@x>") != eml_filename("<a_b@x>")
    assert eml_filename("<abc@example.vn>") == "abc@example.vn.eml"


# --- memory outbox ----------------------------------------------------------------


def test_memory_outbox_keeps_messages_and_can_fail():
    outbox = MemoryOutbox(clock=lambda: SENT_AT)
    message = make_message()
    outbox.send(message)
    assert outbox.sent == [message]
    assert outbox.emails()[0]["Message-ID"] == message.message_id

    failing = MemoryOutbox(fail_with="máy chủ thư không phản hồi")
    with pytest.raises(DeliveryError, match="không phản hồi"):
        failing.send(message)
    assert failing.sent == []


def test_memory_outbox_rejects_what_a_real_sender_would():
    with pytest.raises(ValueError, match="line break"):
        MemoryOutbox().send(make_message(subject="a\nBcc: x@example.vn"))


# --- message ids and MIME ---------------------------------------------------------


def test_message_id_is_deterministic_and_opaque():
    first = message_id_for("assignment:17:reminder:0:", "huyenuy.example.vn")
    assert first == message_id_for("assignment:17:reminder:0:", "HuyenUy.example.vn")
    assert first != message_id_for("assignment:17:reminder:1:", "huyenuy.example.vn")
    local, _, domain = first.strip("<>").partition("@")
    assert len(local) == 64
    assert int(local, 16) >= 0
    assert domain == "huyenuy.example.vn"
    assert "assignment" not in first


@pytest.mark.parametrize("domain", ["", "a b", "x>y", "ex@mple.vn", "-bad.vn"])
def test_message_id_refuses_a_bad_domain(domain):
    with pytest.raises(ConfigurationError, match="not a mail domain"):
        message_id_for("k", domain)


def test_build_email_is_multipart_alternative_in_utf8():
    built = build_email(make_message(), date=SENT_AT)

    assert built.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in built.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    assert all(part.get_content_charset() == "utf-8" for part in built.iter_parts())
    assert built["Cc"] == "thuongtruc@huyenuy.example.vn"
    reparsed = parse(built.as_bytes())
    assert reparsed["Date"].datetime == SENT_AT
    assert reparsed["Subject"] == make_message().subject


@pytest.mark.parametrize(
    ("overrides", "date_", "reason"),
    [
        ({}, datetime(2023, 9, 25, 8, 0), "timezone-aware"),  # naive on purpose
        ({}, None, "timezone-aware"),
        ({"subject": "a\r\nBcc: x@example.vn"}, SENT_AT, "line break"),
        ({"headers": {"Bcc": "x@example.vn"}}, SENT_AT, "extra header"),
        ({"headers": {"X-Bad": "a\nb"}}, SENT_AT, "line break"),
        ({"headers": {"Bad Name": "v"}}, SENT_AT, "extra header"),
        ({"to": (), "cc": ()}, SENT_AT, "recipient"),
        ({"to": ("not an address",)}, SENT_AT, "not a mail address"),
    ],
)
def test_build_email_refuses_unsafe_or_incomplete_messages(overrides, date_, reason):
    with pytest.raises(ValueError, match=reason):
        build_email(make_message(**overrides), date=date_)


def test_outgoing_message_is_hashable_despite_its_header_dict():
    assert hash(make_message()) == hash(make_message())


def test_a_long_vietnamese_subject_comes_back_with_every_space(smtp_server):
    subject = (
        "Tổng hợp hằng tuần: 12 nhiệm vụ quá hạn của các cơ quan, đơn vị trực thuộc "
        "(đến 02/01/2024)"
    )
    smtp_server.notifier().send(make_message(subject=subject))
    (envelope,) = smtp_server.handler.envelopes
    assert parse(envelope.content)["Subject"] == subject
