"""Use cases around the workspace's accounts: who may sign in, with which role and scope.

A user belongs to one organisation of the registry and has one role (``office``,
``owner`` or ``viewer``). Passwords are hashed with argon2id; ten failed sign-ins of one
account within fifteen minutes make that account wait.
"""

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, func, select

from app.orgbook import OrgBook
from domain.errors import (
    AccountLocked,
    AuthenticationError,
    ConflictError,
    InputError,
    NotFoundError,
)
from models.db import session_scope
from models.tables import LoginFailure, Organization, UserAccount, UserRole

ROLES = tuple(r.value for r in UserRole)
LOCK_AFTER = 10
LOCK_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 10
_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters


@dataclass(frozen=True)
class Principal:
    """A signed-in user and what they may see.

    Args:
        user_id: the account id.
        email: the account's address (the actor of the events it writes).
        role: ``office``, ``owner`` or ``viewer``.
        org_code: the user's organisation.
        org_name: its name, for the page header.
        locale: the language of the pages.
        issuer_ids: office only: the committees whose notices the office follows.
        owner_ids: owner and viewer: the organisation and every one under it.
    """

    user_id: int
    email: str
    role: str
    org_id: int
    org_code: str
    org_name: str
    locale: str
    issuer_ids: frozenset[int]
    owner_ids: frozenset[int]

    @property
    def is_office(self) -> bool:
        return self.role == UserRole.OFFICE


@dataclass(frozen=True)
class UserRow:
    """One account as `directives users list` shows it."""

    email: str
    org: str
    role: str
    locale: str
    disabled: bool


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``.

    Raises:
        InputError: the password is shorter than :data:`MIN_PASSWORD`.
    """
    if len(password) < MIN_PASSWORD:
        raise InputError(
            f"password: at least {MIN_PASSWORD} characters are needed",
            vi=f"mật khẩu: cần ít nhất {MIN_PASSWORD} ký tự",
        )
    return _HASHER.hash(password)


def _normal_email(email: str) -> str:
    text = email.strip().lower()
    local, at, domain = text.partition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in text):
        raise InputError(
            f"{email!r}: not an e-mail address",
            vi=f"{email!r}: không phải địa chỉ thư điện tử",
        )
    return text


def add_user(
    engine: Engine,
    email: str,
    *,
    org: str,
    role: str,
    password: str,
    locale: str = "vi",
) -> UserRow:
    """Create an account.

    Raises:
        InputError: bad address, role, locale or password.
        NotFoundError: ``org`` is not a registry code.
        ConflictError: the address already has an account.
    """
    address = _normal_email(email)
    if role not in ROLES:
        raise InputError(
            f"--role {role!r}: one of {', '.join(ROLES)}",
            vi=f"--role {role!r}: chọn một trong {', '.join(ROLES)}",
        )
    if locale not in ("vi", "en"):
        raise InputError(
            f"--locale {locale!r}: vi or en", vi=f"--locale {locale!r}: vi hoặc en"
        )
    hashed = hash_password(password)
    with session_scope(engine) as session:
        found = session.exec(
            select(Organization).where(Organization.code == org)
        ).first()
        if found is None or found.id is None:
            raise NotFoundError(
                f"--org: no organisation with code {org!r}",
                vi=f"--org: không có đơn vị nào mang mã {org!r}",
            )
        if _account(session, address) is not None:
            raise ConflictError(
                f"{address}: an account already exists",
                vi=f"{address}: tài khoản này đã có",
            )
        session.add(
            UserAccount(
                email=address,
                org_id=found.id,
                role=role,
                password_hash=hashed,
                locale=locale,
            )
        )
        return UserRow(address, org, role, locale, disabled=False)


def list_users(engine: Engine) -> list[UserRow]:
    """Every account, by address."""
    with session_scope(engine) as session:
        rows = session.exec(
            select(UserAccount, Organization.code)
            .join(Organization, col(Organization.id) == col(UserAccount.org_id))
            .order_by(col(UserAccount.email))
        ).all()
        return [
            UserRow(u.email, code, u.role, u.locale, u.disabled) for u, code in rows
        ]


def disable_user(engine: Engine, email: str) -> None:
    """Disable an account: it can no longer sign in; its history stays.

    Raises:
        NotFoundError: no such account.
    """
    with session_scope(engine) as session:
        _existing(session, email).disabled = True


def set_password(engine: Engine, email: str, password: str) -> None:
    """Give an account a new password (and lift a lock).

    Raises:
        NotFoundError: no such account.
        InputError: the password is too short.
    """
    hashed = hash_password(password)
    with session_scope(engine) as session:
        account = _existing(session, email)
        account.password_hash = hashed
        session.exec(
            delete(LoginFailure).where(col(LoginFailure.email) == account.email)
        )


def authenticate(engine: Engine, email: str, password: str, *, now: datetime) -> int:
    """Check a sign-in and return the account id.

    Every failure is recorded; an account with :data:`LOCK_AFTER` failures within
    :data:`LOCK_WINDOW` is refused even with the right password until the window passes.

    Raises:
        AccountLocked: too many recent failures.
        AuthenticationError: unknown address, wrong password or disabled account (one
            message for all, so that the page does not tell which addresses exist).
    """
    address = email.strip().lower()
    refused = AuthenticationError(
        "wrong e-mail address or password",
        vi="sai địa chỉ thư điện tử hoặc mật khẩu",
    )
    with session_scope(engine) as session:
        recent = session.exec(
            select(func.count())
            .select_from(LoginFailure)
            .where(LoginFailure.email == address, LoginFailure.at > now - LOCK_WINDOW)
        ).one()
        if recent >= LOCK_AFTER:
            raise AccountLocked(
                f"{address}: too many failed sign-ins; try again in 15 minutes",
                vi=f"{address}: đăng nhập sai quá nhiều lần; hãy thử lại sau 15 phút",
            )
        account = _account(session, address)
        ok = account is not None and not account.disabled
        if account is not None:
            try:
                _HASHER.verify(account.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
        else:
            # spend the same time as a real check, so timing does not reveal addresses
            _dummy_verify(password)
        if not ok or account is None or account.id is None:
            session.add(LoginFailure(email=address[:254], at=now))
            session.commit()
            raise refused
        if _HASHER.check_needs_rehash(account.password_hash):
            account.password_hash = _HASHER.hash(password)
        return account.id


_DUMMY = _HASHER.hash("not-a-password-of-anyone")


def _dummy_verify(password: str) -> None:
    with contextlib.suppress(VerificationError):
        _HASHER.verify(_DUMMY, password)


def principal(engine: Engine, user_id: int) -> Principal | None:
    """The signed-in user with their scope, or ``None`` if the account is gone or disabled."""
    with session_scope(engine) as session:
        account = session.get(UserAccount, user_id)
        if account is None or account.disabled:
            return None
        book = OrgBook.load(session)
        card = book.get(account.org_id)
        if card is None:
            return None
        issuers: frozenset[int] = frozenset()
        owners: frozenset[int] = frozenset()
        if account.role == UserRole.OFFICE:
            issuers = frozenset(
                {card.id} | {c.id for c in book.cards() if c.office_id == card.id}
            )
        else:
            owners = subtree(book, card.id)
        return Principal(
            user_id=user_id,
            email=account.email,
            role=account.role,
            org_id=card.id,
            org_code=card.code,
            org_name=card.name,
            locale=account.locale,
            issuer_ids=issuers,
            owner_ids=owners,
        )


def subtree(book: OrgBook, root: int) -> frozenset[int]:
    """An organisation and every organisation under it (by superior)."""
    children: dict[int, list[int]] = {}
    for c in book.cards():
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c.id)
    found, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)


def _account(session: Session, address: str) -> UserAccount | None:
    return session.exec(select(UserAccount).where(UserAccount.email == address)).first()


def _existing(session: Session, email: str) -> UserAccount:
    account = _account(session, email.strip().lower())
    if account is None:
        raise NotFoundError(
            f"{email}: no such account", vi=f"{email}: không có tài khoản này"
        )
    return account


def set_locale(engine: Engine, email: str, locale: str) -> None:
    """Set the language of an account's pages (``vi`` or ``en``).

    Raises:
        InputError: another locale.
        NotFoundError: no such account.
    """
    if locale not in ("vi", "en"):
        raise InputError(
            f"locale {locale!r}: vi or en", vi=f"ngôn ngữ {locale!r}: vi hoặc en"
        )

    with session_scope(engine) as session:
        _existing(session, email).locale = locale
