"""The follow-up ("đôn đốc") policy: which steps are sent when, to whom, and when not.

The policy is data. The built-in :data:`DEFAULT_POLICY` is the ladder of the design; a
policy file (TOML, read outside the domain) may restate or change any of it, for every
issuer in its ``[default]`` table and for one issuing organisation in an
``[issuer.<org-code>]`` table. :func:`parse_policy` turns the already-loaded file into a
:class:`PolicySet` or refuses it as a whole with a :class:`~domain.errors.PolicyError`.

Steps are named; the name is the rule recorded in the delivery ledger. Three names are
reserved for steps that do not hang off the due date:

- ``assigned``: sent once when the work is registered (on ingest);
- ``digest``: the weekly summary of overdue work for the issuing committee;
- ``progress_request``: the periodic request for progress on work without a due date.

Every other step is a rung of the *ladder* and fires a number of working days before
(negative offset) or after (positive offset) the due date.

Every step names the *message* it sends (a template of the notifications). The built-in
steps send the message of their own name; a step added in a policy file must name one,
and :func:`parse_policy` refuses a message the caller does not know, so a step that is
planned is always a step that can be sent.
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.assignment import UNLADDERED_STEPS as UNLADDERED_STEPS
from domain.assignment import Recurrence, StepName
from domain.errors import PolicyError
from domain.notice_lexicon import DeadlineMarker

if TYPE_CHECKING:  # the reader's module, loaded only by commands that read notices
    from domain.deadlines import DeadlineMention

ASSIGNED: Final = StepName.ASSIGNED.value
DIGEST: Final = StepName.DIGEST.value
PROGRESS_REQUEST: Final = StepName.PROGRESS_REQUEST.value

#: Who a step can be addressed to. The app resolves each role to addresses:
#: ``owner`` the organisation that owns the work, ``superior`` the owner's parent body,
#: ``committee`` the issuing committee (mailed through its office).
ROLES: Final = frozenset({"owner", "superior", "committee"})

#: Periods of the progress request for work without a due date, in months.
PROGRESS_PERIODS: Final[Mapping[str, int]] = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.YEARLY: 12,
}

_STEP_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})\Z")
_POLICY_KEYS = frozenset(
    {
        "steps",
        "working_hours",
        "timezone",
        "digest_weekday",
        "recurring_due_day",
        "ongoing_progress_every",
        "before_date_strict",
        "report_month_cutoff_day",
    }
)
_STEP_KEYS = frozenset({"offset_working_days", "to", "cc", "message"})


@dataclass(frozen=True)
class StepRule:
    """One follow-up step of the policy.

    Args:
        name: the rule name, also the ledger's rule (``reminder``, ``overdue``…).
        offset_working_days: working days from the due date at which the step fires
            (``-3`` three working days before, ``0`` on the due date, ``5`` five after);
            ``None`` for the unladdered steps (``assigned``, ``digest``,
            ``progress_request``).
        to: roles the message is addressed to.
        cc: roles copied.
        message: the message (template) the step sends; empty means the message of
            the step's own name (the built-in steps).
    """

    name: str
    offset_working_days: int | None
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    message: str = ""

    @property
    def message_name(self) -> str:
        """The message this step sends."""
        return self.message or self.name


DEFAULT_STEPS: Final = (
    StepRule(ASSIGNED, None, ("owner",)),
    StepRule(StepName.REMINDER.value, -3, ("owner",)),
    StepRule(StepName.DUE.value, 0, ("owner",)),
    StepRule(StepName.OVERDUE.value, 1, ("owner",), ("superior",)),
    StepRule(StepName.ESCALATED.value, 5, ("committee",), ("owner", "superior")),
    StepRule(DIGEST, None, ("committee",)),
    StepRule(PROGRESS_REQUEST, None, ("owner",)),
)


@dataclass(frozen=True)
class Policy:
    """The follow-up rules in force for one issuer.

    Args:
        steps: every step, unladdered ones included; see :attr:`ladder` for the rungs.
        working_hours: local start and end of the working day; mail is released only
            in ``[start, end)`` of a working day.
        timezone: the IANA zone of business dates (what "today" is).
        digest_weekday: ISO weekday (1 = Monday) from which the weekly digest is made.
        recurring_due_day: day of the month a monthly report is due; quarterly and
            yearly reports fall on that day of the period's last month (clamped to the
            month's length).
        ongoing_progress_every: how often work without a due date is asked for
            progress, one of :data:`PROGRESS_PERIODS`.
        before_date_strict: the issuer reads "trước ngày D" as "by D−1"; used when
            deadline phrases are resolved, not by the planner.
        report_month_cutoff_day: the data cut-off of monthly compliance reports: 1 for
            the calendar month, 15 for "from the 15th of the month before to the 14th"
            (see :mod:`domain.periods`).
    """

    steps: tuple[StepRule, ...] = DEFAULT_STEPS
    working_hours: tuple[time, time] = (time(7, 30), time(17, 0))
    timezone: str = "Asia/Ho_Chi_Minh"
    digest_weekday: int = 1
    recurring_due_day: int = 20
    ongoing_progress_every: str = "quarterly"
    before_date_strict: bool = False
    report_month_cutoff_day: int = 1

    @property
    def ladder(self) -> tuple[StepRule, ...]:
        """The steps that hang off the due date, earliest first."""
        rungs = (s for s in self.steps if s.offset_working_days is not None)
        return tuple(sorted(rungs, key=lambda s: s.offset_working_days or 0))

    @property
    def zone(self) -> ZoneInfo:
        """The policy's time zone as an object."""
        return ZoneInfo(self.timezone)

    @property
    def progress_months(self) -> int:
        """The progress-request period in months."""
        return PROGRESS_PERIODS[self.ongoing_progress_every]

    def rule(self, name: str) -> StepRule:
        """The step called ``name``.

        Raises:
            PolicyError: when the policy has no such step.
        """
        for step in self.steps:
            if step.name == name:
                return step
        raise PolicyError(
            f"policy has no step {name!r}", vi=f"chính sách không có bước {name!r}"
        )

    def due_date(self, mention: "DeadlineMention") -> date | None:
        """The due date this issuer reads from a resolved deadline phrase.

        "trước ngày D" is D as written; an issuer whose offices read it strictly as
        "by the day before" (``before_date_strict``) gets D − 1. Every other phrase is
        unchanged. The reader has already said what the phrase's marker is; its words
        are not read again here.

        Args:
            mention: the deadline as the reader found it (marker, day, due date).
        """
        due = mention.due
        if (
            due is not None
            and self.before_date_strict
            and mention.day
            and mention.marker is DeadlineMarker.BEFORE
        ):
            return due - timedelta(days=1)
        return due


DEFAULT_POLICY: Final = Policy()


@dataclass(frozen=True)
class PolicySet:
    """The default policy and the per-issuer overrides of one policy file.

    Args:
        default: the policy of every issuer without its own table.
        issuers: complete policies (default merged with the override) by org code.
    """

    default: Policy = DEFAULT_POLICY
    issuers: Mapping[str, Policy] = field(default_factory=dict)

    def for_issuer(self, code: str | None) -> Policy:
        """The policy for notices issued by organisation ``code``."""
        if code is None:
            return self.default
        return self.issuers.get(code, self.default)


def parse_policy(
    data: Mapping[str, Any],
    *,
    source: str,
    ladder_messages: Collection[str] | None = None,
) -> PolicySet:
    """Build the policy set from a loaded policy file.

    Keys left out take the built-in defaults; an issuer table overrides the file's
    ``[default]`` key by key, and a step it names field by field. Unknown keys are
    refused, so a misspelt key is never silently ignored.

    Args:
        data: the file as loaded by ``tomllib`` (or any mapping of the same shape).
        source: the file name, used in messages.
        ladder_messages: the messages a ladder step may send (those the app can
            compose); every ladder step's message is checked against them. ``None``
            skips the check (the domain's own tests).

    Returns:
        The default policy and one complete policy per issuer table.

    Raises:
        PolicyError: naming the source, the dotted key and the reason, for an unknown
            key, a value of the wrong type or out of range, an unknown role or time
            zone, a ladder step without an offset or an unladdered one with one, two
            ladder steps with the same offset, a new step that names no message, or
            a message not in ``ladder_messages``.
    """
    _check_keys(data, frozenset({"default", "issuer"}), "", source)
    default_table = _table(data.get("default", {}), "default", source)
    default = _merge(DEFAULT_POLICY, default_table, "default", source)
    issuers: dict[str, Policy] = {}
    for code, override in _table(data.get("issuer", {}), "issuer", source).items():
        where = f"issuer.{code}"
        if not code.strip():
            raise PolicyError(
                f"{source}: {where}: empty organisation code",
                vi=f"{source}: {where}: mã đơn vị để trống",
            )
        issuers[code] = _merge(default, _table(override, where, source), where, source)
    if ladder_messages is not None:
        for where, policy in (
            ("default", default),
            *((f"issuer.{code}", p) for code, p in issuers.items()),
        ):
            check_messages(policy, ladder_messages, where=where, source=source)
    return PolicySet(default=default, issuers=issuers)


def check_messages(
    policy: Policy, ladder_messages: Collection[str], *, where: str, source: str
) -> None:
    """Refuse a ladder step whose message the app cannot send.

    Args:
        policy: the policy to check.
        ladder_messages: the messages a ladder step may send.
        where: the policy's table, for the error (``default``, ``issuer.<code>``).
        source: the file name, for the error.

    Raises:
        PolicyError: naming the file, the step and the reason.
    """
    known = ", ".join(sorted(ladder_messages))
    for rule in policy.ladder:
        if rule.message_name not in ladder_messages:
            raise PolicyError(
                f"{source}: {where}.steps.{rule.name}.message: "
                f"{rule.message_name!r} is not a message a ladder step can send "
                f"(one of {known})",
                vi=f"{source}: {where}.steps.{rule.name}.message: "
                f"{rule.message_name!r} không phải là thư mà một bước nhắc việc có thể "
                f"gửi (chọn một trong {known})",
            )


def _merge(base: Policy, table: Mapping[str, Any], where: str, source: str) -> Policy:
    _check_keys(table, _POLICY_KEYS, where, source)
    changes: dict[str, Any] = {}
    if "steps" in table:
        changes["steps"] = _merge_steps(base.steps, table["steps"], where, source)
    if "working_hours" in table:
        changes["working_hours"] = _working_hours(
            table["working_hours"], f"{where}.working_hours", source
        )
    if "timezone" in table:
        changes["timezone"] = _timezone(table["timezone"], f"{where}.timezone", source)
    if "digest_weekday" in table:
        changes["digest_weekday"] = _int_in(
            table["digest_weekday"], 1, 7, f"{where}.digest_weekday", source
        )
    if "recurring_due_day" in table:
        changes["recurring_due_day"] = _int_in(
            table["recurring_due_day"], 1, 31, f"{where}.recurring_due_day", source
        )
    if "report_month_cutoff_day" in table:
        changes["report_month_cutoff_day"] = _int_in(
            table["report_month_cutoff_day"],
            1,
            28,
            f"{where}.report_month_cutoff_day",
            source,
        )
    if "ongoing_progress_every" in table:
        key = f"{where}.ongoing_progress_every"
        value = table["ongoing_progress_every"]
        if value not in PROGRESS_PERIODS:
            raise PolicyError(
                f"{source}: {key}: {value!r} is not one of "
                f"{', '.join(sorted(PROGRESS_PERIODS))}",
                vi=f"{source}: {key}: {value!r} không phải là một trong "
                f"{', '.join(sorted(PROGRESS_PERIODS))}",
            )
        changes["ongoing_progress_every"] = value
    if "before_date_strict" in table:
        value = table["before_date_strict"]
        if not isinstance(value, bool):
            raise PolicyError(
                f"{source}: {where}.before_date_strict: expected true or false, "
                f"got {value!r}",
                vi=f"{source}: {where}.before_date_strict: cần true hoặc false, "
                f"không phải {value!r}",
            )
        changes["before_date_strict"] = value
    return replace(base, **changes)


def _merge_steps(
    base: tuple[StepRule, ...], raw: object, where: str, source: str
) -> tuple[StepRule, ...]:
    where = f"{where}.steps"
    steps = {s.name: s for s in base}
    for name, raw_fields in _table(raw, where, source).items():
        key = f"{where}.{name}"
        if not _STEP_NAME.match(name):
            raise PolicyError(
                f"{source}: {key}: step names are lower-case letters, digits and _",
                vi=f"{source}: {key}: tên bước chỉ gồm chữ thường, chữ số và dấu _",
            )
        fields = _table(raw_fields, key, source)
        _check_keys(fields, _STEP_KEYS, key, source)
        old = steps.get(name)
        if "offset_working_days" in fields:
            offset: int | None = _int_in(
                fields["offset_working_days"],
                -60,
                60,
                f"{key}.offset_working_days",
                source,
            )
        else:
            offset = old.offset_working_days if old else None
        if name in UNLADDERED_STEPS and offset is not None:
            raise PolicyError(
                f"{source}: {key}.offset_working_days: {name!r} does not hang off the "
                "due date and takes no offset",
                vi=f"{source}: {key}.offset_working_days: bước {name!r} không tính "
                "từ hạn hoàn thành nên không có số ngày lệch",
            )
        if name not in UNLADDERED_STEPS and offset is None:
            raise PolicyError(
                f"{source}: {key}: missing offset_working_days",
                vi=f"{source}: {key}: thiếu offset_working_days",
            )
        if "to" in fields:
            to = _roles(fields["to"], f"{key}.to", source)
        elif old is not None:
            to = old.to
        else:
            raise PolicyError(
                f"{source}: {key}: missing to", vi=f"{source}: {key}: thiếu to"
            )
        if not to:
            raise PolicyError(
                f"{source}: {key}.to: a step must go to someone",
                vi=f"{source}: {key}.to: mỗi bước phải gửi cho ít nhất một người",
            )
        cc = _roles(fields["cc"], f"{key}.cc", source) if "cc" in fields else ()
        if "cc" not in fields and old is not None:
            cc = old.cc
        message = _message(fields, old, name, key, source)
        steps[name] = StepRule(name, offset, to, cc, message)
    offsets: dict[int, str] = {}
    for step in steps.values():
        if step.offset_working_days is None:
            continue
        if step.offset_working_days in offsets:
            raise PolicyError(
                f"{source}: {where}.{step.name}: same offset "
                f"({step.offset_working_days}) as {offsets[step.offset_working_days]!r}",
                vi=f"{source}: {where}.{step.name}: trùng số ngày lệch "
                f"({step.offset_working_days}) với bước "
                f"{offsets[step.offset_working_days]!r}",
            )
        offsets[step.offset_working_days] = step.name
    return tuple(steps.values())


def _message(
    fields: Mapping[str, Any], old: StepRule | None, name: str, key: str, source: str
) -> str:
    if "message" not in fields:
        if old is None:
            raise PolicyError(
                f"{source}: {key}: missing message (the message the step sends, "
                'e.g. message = "reminder")',
                vi=f"{source}: {key}: thiếu message (thư mà bước này gửi, "
                'ví dụ message = "reminder")',
            )
        return old.message
    value = fields["message"]
    if not isinstance(value, str) or not _STEP_NAME.match(value):
        raise PolicyError(
            f"{source}: {key}.message: expected a message name, got {value!r}",
            vi=f"{source}: {key}.message: cần tên một thư, không phải {value!r}",
        )
    if name in UNLADDERED_STEPS and value != name:
        raise PolicyError(
            f"{source}: {key}.message: {name!r} always sends its own message",
            vi=f"{source}: {key}.message: bước {name!r} luôn gửi thư của chính nó",
        )
    return "" if value == name else value


def _check_keys(
    table: Mapping[str, Any], allowed: frozenset[str], where: str, source: str
) -> None:
    for key in table:
        if key not in allowed:
            dotted = f"{where}.{key}" if where else key
            raise PolicyError(
                f"{source}: {dotted}: unknown key (expected one of "
                f"{', '.join(sorted(allowed))})",
                vi=f"{source}: {dotted}: khóa không hợp lệ (chỉ dùng "
                f"{', '.join(sorted(allowed))})",
            )


def _table(value: object, key: str, source: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PolicyError(
            f"{source}: {key}: expected a table, got {value!r}",
            vi=f"{source}: {key}: cần một bảng, không phải {value!r}",
        )
    return value


def _int_in(value: object, low: int, high: int, key: str, source: str) -> int:
    # bool is an int subclass; "true" is never a count of days
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyError(
            f"{source}: {key}: expected an integer, got {value!r}",
            vi=f"{source}: {key}: cần một số nguyên, không phải {value!r}",
        )
    if not low <= value <= high:
        raise PolicyError(
            f"{source}: {key}: {value} is not between {low} and {high}",
            vi=f"{source}: {key}: {value} không nằm trong khoảng {low} đến {high}",
        )
    return value


def _roles(value: object, key: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) for v in value
    ):
        raise PolicyError(
            f"{source}: {key}: expected a list of roles, got {value!r}",
            vi=f"{source}: {key}: cần một danh sách vai trò, không phải {value!r}",
        )
    for role in value:
        if role not in ROLES:
            raise PolicyError(
                f"{source}: {key}: unknown role {role!r} "
                f"(one of {', '.join(sorted(ROLES))})",
                vi=f"{source}: {key}: không có vai trò {role!r} "
                f"(chọn một trong {', '.join(sorted(ROLES))})",
            )
    if len(set(value)) != len(value):
        raise PolicyError(
            f"{source}: {key}: a role is listed twice",
            vi=f"{source}: {key}: một vai trò được ghi hai lần",
        )
    return tuple(value)


def _timezone(value: object, key: str, source: str) -> str:
    if not isinstance(value, str) or not value:
        raise PolicyError(
            f"{source}: {key}: expected a time zone name, got {value!r}",
            vi=f"{source}: {key}: cần tên một múi giờ, không phải {value!r}",
        )
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise PolicyError(
            f"{source}: {key}: unknown time zone {value!r}",
            vi=f"{source}: {key}: không có múi giờ {value!r}",
        ) from err
    return value


def _working_hours(value: object, key: str, source: str) -> tuple[time, time]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise PolicyError(
            f'{source}: {key}: expected [start, end] such as ["07:30", "17:00"], '
            f"got {value!r}",
            vi=f"{source}: {key}: cần [giờ bắt đầu, giờ kết thúc] như "
            f'["07:30", "17:00"], không phải {value!r}',
        )
    start, end = (_clock(v, key, source) for v in value)
    if not start < end:
        raise PolicyError(
            f"{source}: {key}: start {start:%H:%M} is not before end {end:%H:%M}",
            vi=f"{source}: {key}: giờ bắt đầu {start:%H:%M} không trước giờ kết thúc "
            f"{end:%H:%M}",
        )
    return start, end


def _clock(value: object, key: str, source: str) -> time:
    # TOML has a local-time literal (07:30:00) but people write "07:30"; take both
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise PolicyError(
                f"{source}: {key}: a local time takes no offset",
                vi=f"{source}: {key}: giờ địa phương không ghi độ lệch múi giờ",
            )
        return value
    if isinstance(value, str) and (match := _CLOCK.match(value.strip())):
        hour, minute = int(match[1]), int(match[2])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise PolicyError(
        f"{source}: {key}: {value!r} is not a time of day like 07:30",
        vi=f"{source}: {key}: {value!r} không phải là giờ trong ngày như 07:30",
    )
