import tomllib
from dataclasses import replace
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from domain.deadlines import find_deadlines
from domain.errors import PolicyError
from domain.policy import (
    DEFAULT_POLICY,
    Policy,
    PolicySet,
    StepRule,
    parse_policy,
)
from domain.workdays import WorkCalendar

LADDER_MESSAGES = frozenset({"reminder", "due", "overdue", "escalated"})
SHIPPED = Path(__file__).parents[2] / "app" / "data" / "policy-default.toml"


@pytest.mark.parametrize(
    ("name", "offset", "to", "cc"),
    [
        ("assigned", None, ("owner",), ()),
        ("reminder", -3, ("owner",), ()),
        ("due", 0, ("owner",), ()),
        ("overdue", 1, ("owner",), ("superior",)),
        ("escalated", 5, ("committee",), ("owner", "superior")),
        ("digest", None, ("committee",), ()),
        ("progress_request", None, ("owner",), ()),
    ],
)
def test_default_policy_is_the_design_ladder(name, offset, to, cc):
    assert DEFAULT_POLICY.rule(name) == StepRule(name, offset, to, cc)


def test_default_policy_settings():
    assert DEFAULT_POLICY.working_hours == (time(7, 30), time(17, 0))
    assert DEFAULT_POLICY.timezone == "Asia/Ho_Chi_Minh"
    assert DEFAULT_POLICY.digest_weekday == 1
    assert DEFAULT_POLICY.recurring_due_day == 20
    assert DEFAULT_POLICY.ongoing_progress_every == "quarterly"
    assert DEFAULT_POLICY.progress_months == 3
    assert DEFAULT_POLICY.before_date_strict is False


def test_ladder_holds_only_dated_steps_earliest_first():
    names = [rule.name for rule in DEFAULT_POLICY.ladder]
    assert names == ["reminder", "due", "overdue", "escalated"]


def test_shipped_policy_file_states_exactly_the_built_in_defaults():
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    policies = parse_policy(data, source=SHIPPED.name, ladder_messages=LADDER_MESSAGES)
    assert policies.default == DEFAULT_POLICY
    assert policies.issuers == {}


def test_an_empty_file_gives_the_built_in_defaults():
    assert parse_policy({}, source="p.toml") == PolicySet()


def test_issuer_table_overrides_key_by_key_and_step_field_by_field():
    data = {
        "default": {"digest_weekday": 5},
        "issuer": {
            "hu": {
                "before_date_strict": True,
                "steps": {"reminder": {"offset_working_days": -5}},
            }
        },
    }
    policies = parse_policy(data, source="p.toml")
    issuer = policies.for_issuer("hu")
    assert issuer.before_date_strict is True
    assert issuer.rule("reminder") == StepRule("reminder", -5, ("owner",), ())
    # what the issuer does not name comes from the file's [default], not the built-in
    assert issuer.digest_weekday == 5
    assert issuer.rule("escalated") == DEFAULT_POLICY.rule("escalated")
    assert policies.default.rule("reminder").offset_working_days == -3


@pytest.mark.parametrize("code", ["other-org", None])
def test_issuers_without_a_table_get_the_default(code):
    policies = parse_policy({"default": {"recurring_due_day": 15}}, source="p.toml")
    assert policies.for_issuer(code) == Policy(recurring_due_day=15)


def test_a_new_named_step_becomes_a_rung_of_the_ladder():
    data = {
        "default": {
            "steps": {
                "last_call": {
                    "offset_working_days": -1,
                    "to": ["owner"],
                    "message": "reminder",
                }
            }
        }
    }
    ladder = parse_policy(
        data, source="p.toml", ladder_messages=LADDER_MESSAGES
    ).default.ladder
    assert [r.name for r in ladder] == [
        "reminder",
        "last_call",
        "due",
        "overdue",
        "escalated",
    ]


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (["07:30", "17:00"], (time(7, 30), time(17, 0))),
        (["8:00", "16:30"], (time(8, 0), time(16, 30))),
        ([time(7, 0), time(11, 30)], (time(7, 0), time(11, 30))),
    ],
)
def test_working_hours_take_clock_strings_or_toml_times(hours, expected):
    policy = parse_policy({"default": {"working_hours": hours}}, source="p").default
    assert policy.working_hours == expected


@pytest.mark.parametrize(
    ("data", "key", "reason"),
    [
        ({"defualt": {}}, "defualt", "unknown key"),
        ({"default": {"timezon": "UTC"}}, "default.timezon", "unknown key"),
        ({"default": 3}, "default", "expected a table"),
        ({"issuer": {"hu": 3}}, "issuer.hu", "expected a table"),
        ({"default": {"timezone": "Mars/Base"}}, "default.timezone", "unknown time"),
        ({"default": {"timezone": 7}}, "default.timezone", "expected a time zone"),
        (
            {"default": {"working_hours": ["17:00", "07:30"]}},
            "default.working_hours",
            "not before",
        ),
        (
            {"default": {"working_hours": ["7.30", "17:00"]}},
            "default.working_hours",
            "not a time of day",
        ),
        (
            {"default": {"working_hours": ["25:00", "26:00"]}},
            "default.working_hours",
            "not a time of day",
        ),
        (
            {"default": {"working_hours": "07:30-17:00"}},
            "default.working_hours",
            "expected [start, end]",
        ),
        ({"default": {"digest_weekday": 0}}, "default.digest_weekday", "between 1"),
        (
            {"default": {"digest_weekday": True}},
            "default.digest_weekday",
            "expected an integer",
        ),
        (
            {"default": {"recurring_due_day": 32}},
            "default.recurring_due_day",
            "between 1",
        ),
        (
            {"default": {"ongoing_progress_every": "weekly"}},
            "default.ongoing_progress_every",
            "is not one of",
        ),
        (
            {"default": {"before_date_strict": "yes"}},
            "default.before_date_strict",
            "expected true or false",
        ),
        (
            {"issuer": {"hu": {"steps": {"reminder": {"to": ["boss"]}}}}},
            "issuer.hu.steps.reminder.to",
            "unknown role 'boss'",
        ),
        (
            {"default": {"steps": {"reminder": {"to": []}}}},
            "default.steps.reminder.to",
            "must go to someone",
        ),
        (
            {"default": {"steps": {"overdue": {"cc": ["owner", "owner"]}}}},
            "default.steps.overdue.cc",
            "listed twice",
        ),
        (
            {"default": {"steps": {"reminder": {"to": "owner"}}}},
            "default.steps.reminder.to",
            "expected a list of roles",
        ),
        (
            {"default": {"steps": {"assigned": {"offset_working_days": 0}}}},
            "default.steps.assigned.offset_working_days",
            "takes no offset",
        ),
        (
            {"default": {"steps": {"nudge": {"to": ["owner"]}}}},
            "default.steps.nudge",
            "missing offset_working_days",
        ),
        (
            {"default": {"steps": {"nudge": {"offset_working_days": 2}}}},
            "default.steps.nudge",
            "missing to",
        ),
        (
            {
                "default": {
                    "steps": {
                        "nudge": {
                            "offset_working_days": -3,
                            "to": ["owner"],
                            "message": "reminder",
                        }
                    }
                }
            },
            "default.steps.nudge",
            "same offset (-3) as 'reminder'",
        ),
        (
            {"default": {"steps": {"reminder": {"offest_working_days": -2}}}},
            "default.steps.reminder.offest_working_days",
            "unknown key",
        ),
        (
            {"default": {"steps": {"reminder": {"offset_working_days": 1.5}}}},
            "default.steps.reminder.offset_working_days",
            "expected an integer",
        ),
        (
            {"default": {"steps": {"reminder": {"offset_working_days": -100}}}},
            "default.steps.reminder.offset_working_days",
            "between -60 and 60",
        ),
        (
            {"default": {"steps": {"Late-Notice": {"to": ["owner"]}}}},
            "default.steps.Late-Notice",
            "lower-case",
        ),
        ({"issuer": {" ": {}}}, "issuer. ", "empty organisation code"),
    ],
)
def test_bad_policy_data_is_refused_naming_source_key_and_reason(data, key, reason):
    with pytest.raises(PolicyError) as caught:
        parse_policy(data, source="policy.toml")
    message = str(caught.value)
    assert message.startswith(f"policy.toml: {key}: ")
    assert reason in message


@pytest.mark.parametrize(
    ("step", "where", "reason"),
    [
        (
            {"offset_working_days": -1, "to": ["owner"]},
            "default.steps.last_call",
            'missing message (the message the step sends, e.g. message = "reminder")',
        ),
        (
            {"offset_working_days": -1, "to": ["owner"], "message": "nhac_han"},
            "default.steps.last_call.message",
            "'nhac_han' is not a message a ladder step can send "
            "(one of due, escalated, overdue, reminder)",
        ),
        (
            {"offset_working_days": -1, "to": ["owner"], "message": "digest"},
            "default.steps.last_call.message",
            "'digest' is not a message a ladder step can send",
        ),
        (
            {"offset_working_days": -1, "to": ["owner"], "message": 3},
            "default.steps.last_call.message",
            "expected a message name, got 3",
        ),
    ],
)
def test_a_step_must_name_a_message_the_app_can_send(step, where, reason):
    """Checked when the policy loads, naming the file, the step and the reason."""
    data = {"default": {"steps": {"last_call": step}}}
    with pytest.raises(PolicyError) as caught:
        parse_policy(data, source="policy.toml", ladder_messages=LADDER_MESSAGES)
    assert str(caught.value).startswith(f"policy.toml: {where}: {reason}")


def test_an_issuer_step_is_checked_against_the_messages_too():
    data = {
        "issuer": {
            "hu": {"steps": {"due": {"message": "nhac_han"}}},
        }
    }
    with pytest.raises(PolicyError, match=r"^p.toml: issuer.hu.steps.due.message: "):
        parse_policy(data, source="p.toml", ladder_messages=LADDER_MESSAGES)


def test_an_unladdered_step_always_sends_its_own_message():
    data = {"default": {"steps": {"digest": {"message": "reminder"}}}}
    with pytest.raises(PolicyError, match="'digest' always sends its own message"):
        parse_policy(data, source="p.toml", ladder_messages=LADDER_MESSAGES)


def test_asking_for_a_step_the_policy_lacks_is_a_policy_error():
    with pytest.raises(PolicyError, match="no step 'nudge'"):
        DEFAULT_POLICY.rule("nudge")


def test_policy_error_is_an_input_error_with_exit_code_2():
    data: dict[str, Any] = {"default": {"digest_weekday": 9}}
    with pytest.raises(PolicyError) as caught:
        parse_policy(data, source="p.toml")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("strict", "phrase", "expected"),
    [
        (False, "trước ngày 15/12/2023", date(2023, 12, 15)),
        (True, "trước ngày 15/12/2023", date(2023, 12, 14)),
        (True, "Trước 15/12/2023", date(2023, 12, 14)),
        (True, "chậm nhất ngày 15/12/2023", date(2023, 12, 15)),
        (True, "trong tháng 12/2023", date(2023, 12, 15)),
    ],
)
def test_a_strict_issuer_reads_before_day_d_as_the_day_before(strict, phrase, expected):
    """The reader tells the phrase's marker once; the policy reads the marker only."""
    policy = Policy(before_date_strict=strict)
    (found,) = find_deadlines(
        phrase, issued_on=date(2023, 12, 1), calendar=WorkCalendar()
    )
    mention = replace(found.mention, due=date(2023, 12, 15))
    assert policy.due_date(mention) == expected
