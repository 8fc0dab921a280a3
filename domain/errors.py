"""The one error hierarchy of the project.

Library code raises these; the edges translate them exactly once: the CLI into a
one-line message and an exit code, a flow into a failed run.
"""

from typing import Any


class DirectiveError(Exception):
    """Base of every error the project raises on purpose.

    The message (the first argument) is English; ``vi`` is the same sentence in
    Vietnamese, the office's language, which the edges show by default
    (:meth:`text`). Both are written where the error is raised, where the facts are.
    """

    exit_code = 1

    def __init__(self, *args: object, vi: str | None = None) -> None:
        super().__init__(*args)
        self.vi = vi

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt without calling a subclass's __init__, whose arguments differ from
        # the message it passes on; the state (vi, reason, …) is restored as it was
        return (_rebuild, (type(self), self.args, self.__dict__))

    def text(self, lang: str) -> str:
        """The message in ``lang`` ("vi" or "en"); English when no Vietnamese was given."""
        if lang == "vi" and self.vi:
            return self.vi
        return str(self)


def _rebuild(
    cls: type[DirectiveError], args: tuple[object, ...], state: dict[str, Any]
) -> DirectiveError:
    """An error as it was pickled (see :meth:`DirectiveError.__reduce__`)."""
    err = cls.__new__(cls, *args)
    err.args = args
    err.__dict__.update(state)
    return err


class InputError(DirectiveError, ValueError):
    """The user gave us something we cannot use (exit code 2)."""

    exit_code = 2


class NoticeParseError(InputError):
    """A notice could not be read.

    Args:
        reason: why, in words a user understands.
        source: the file or label the text came from, when known.
        line: the 1-based line the problem was found at, when known.
        vi_reason: the same reason in Vietnamese; the Vietnamese message is built
            from it with the same place.
    """

    def __init__(
        self,
        reason: str,
        *,
        source: str | None = None,
        line: int | None = None,
        vi_reason: str | None = None,
    ):
        self.reason = reason
        self.vi_reason = vi_reason
        self.source = source
        self.line = line
        where = source or "notice"
        where_vi = source or "thông báo"
        if line is not None:
            where = f"{where}:{line}"
            where_vi = f"{where_vi}:{line}"
        vi = f"{where_vi}: {vi_reason}" if vi_reason else None
        super().__init__(f"{where}: {reason}", vi=vi)


class RegistryError(InputError):
    """An organisation registry file is malformed or inconsistent."""


class PolicyError(InputError):
    """An escalation policy or calendar file is malformed."""


class UnknownDeadlineRule(InputError):
    """A deadline phrase matched no rule that can turn it into a date."""


class NotFoundError(InputError):
    """A named record (assignment, organisation, notice) does not exist."""


class ConflictError(InputError):
    """The request contradicts what is stored (e.g. another text under the same notice identity)."""


class InvalidTransition(InputError):
    """The assignment is not in a state that allows this action."""


class ConfigurationError(InputError):
    """Settings are missing or inconsistent (exit code 2: the operator's input)."""


class SchemaOutOfDate(DirectiveError):
    """The database is not at the schema version of the code: `directives init` fixes it."""


class StoreUnavailable(DirectiveError):
    """The database cannot be reached."""


class DeliveryError(DirectiveError):
    """A message could not be handed to the mail server."""


class InvalidAddress(InputError):
    """A text is not exactly one e-mail address (the message says why)."""


class AuthenticationError(InputError):
    """A sign-in was refused: unknown account, wrong password or disabled account."""


class AccountLocked(AuthenticationError):
    """Too many failed sign-ins of one account in a short time: it has to wait."""


class PermissionDenied(DirectiveError):
    """The signed-in user's role or organisation does not allow this."""
